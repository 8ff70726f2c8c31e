//! JSON-LD 1.1 expansion and conversion to RDF (JSON-LD 1.1 Processing Algorithms §5.1, §7.1,
//! §8), for the two embedded contexts and the JSON-LD features they use, in one pass.
//!
//! Supported, as those contexts need: protected term definitions (a redefinition that differs
//! is an error unless the context is property-scoped), type-scoped contexts that do not
//! propagate into nested node objects, property-scoped contexts, keyword aliases (`id`, `type`),
//! `@type` coercion to `@id`, `@vocab` and datatypes (so `validFrom` becomes an
//! `xsd:dateTime` literal), `@set` and `@list` containers, booleans, blank nodes.
//!
//! Refused, as a verifier in safe mode refuses them or because an Osaava credential never uses
//! them: terms no context defines (JSON-LD would drop them, so a signature would not cover
//! them), relative IRIs, `null`, numbers, value objects, embedded contexts, `@graph`,
//! `@json`, `@reverse`, `@included`, `@nest`, index and language maps. Each refusal is reported
//! with its JSON path, and nothing is converted when there is one.
//!
//! Checked against two independent processors: jsonld.js (Node, in the integration tests) and
//! oxjsonld (in this crate's unit tests) must give the same canonical N-Quads.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term as RdfTerm};
use serde_json::{Map, Value};

use super::jsonld::{embedded, CONTEXT};

#[derive(Debug, Clone, PartialEq)]
struct Term {
    /// The IRI or keyword the term stands for; `None` for a term mapped to `null`.
    iri: Option<String>,
    /// `@type`: `@id`, `@vocab`, `@json` or a datatype IRI.
    coerce: Option<String>,
    container: Option<String>,
    context: Option<Arc<Value>>,
    protected: bool,
}

impl Term {
    /// The same definition, `@protected` aside (JSON-LD 1.1 API §4.1.2, step 27).
    fn same_as(&self, other: &Term) -> bool {
        self.iri == other.iri
            && self.coerce == other.coerce
            && self.container == other.container
            && self.context == other.context
    }
}

#[derive(Debug, Clone, Default)]
struct Ctx {
    /// Shared until a context changes it, so that passing a context down is cheap.
    terms: Arc<HashMap<String, Arc<Term>>>,
    /// Where a nested node object returns to when type-scoped contexts made this one.
    previous: Option<Arc<Ctx>>,
}

/// The active context after the `@context` every Osaava credential has, processed once.
fn standard_context() -> Result<&'static Ctx, String> {
    static STANDARD: OnceLock<Result<Ctx, String>> = OnceLock::new();
    STANDARD
        .get_or_init(|| Ctx::default().apply(&serde_json::json!(CONTEXT), true, false))
        .as_ref()
        .map_err(Clone::clone)
}

fn parsed_embedded(url: &str) -> Result<&'static Value, String> {
    static PARSED: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        CONTEXT
            .iter()
            .filter_map(|u| Some((*u, serde_json::from_str(embedded(u)?).ok()?)))
            .collect()
    });
    all.get(url).ok_or_else(|| {
        format!("context {url} is not one of the embedded contexts (nothing is fetched)")
    })
}

impl Ctx {
    /// Context Processing (JSON-LD 1.1 API §4.1.2) of `local` on `self`.
    fn apply(
        &self,
        local: &Value,
        propagate: bool,
        override_protected: bool,
    ) -> Result<Ctx, String> {
        let mut result = self.clone();
        if !propagate && result.previous.is_none() {
            result.previous = Some(Arc::new(self.clone()));
        }
        let locals: Vec<&Value> = match local {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for local in locals {
            match local {
                Value::Null => {
                    if !override_protected && result.terms.values().any(|t| t.protected) {
                        return Err("a context may not clear protected terms".into());
                    }
                    result = Ctx {
                        terms: Arc::default(),
                        previous: result.previous,
                    };
                }
                Value::String(url) => {
                    let doc = parsed_embedded(url)?;
                    let inner = doc
                        .get("@context")
                        .ok_or_else(|| format!("{url} has no @context"))?;
                    result = result.apply(inner, true, override_protected)?;
                }
                Value::Object(map) => result.define_all(map, override_protected)?,
                _ => return Err("a context must be a URL, an object or null".into()),
            }
        }
        Ok(result)
    }

    fn define_all(
        &mut self,
        map: &Map<String, Value>,
        override_protected: bool,
    ) -> Result<(), String> {
        let protected = match map.get("@protected") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("@protected must be true or false".into()),
        };
        let mut done: HashMap<&str, bool> = HashMap::new();
        for key in map.keys() {
            if key == "@protected" || key == "@version" {
                continue;
            }
            if key.starts_with('@') {
                return Err(format!("context keyword {key} is not supported"));
            }
            self.create_term(map, key, (protected, override_protected), &mut done)?;
        }
        Ok(())
    }

    /// Create Term Definition (§4.2.2), for the forms these contexts use. `done` marks terms of
    /// `map` being defined (false) and defined (true), so that a term whose IRI is another term
    /// of the same context (`"AchievementCredential": {"@id": "OpenBadgeCredential"}`) gets
    /// that term's IRI. `flags` are the context's `@protected` and whether protected terms may
    /// be overridden (property-scoped contexts).
    fn create_term<'m>(
        &mut self,
        map: &'m Map<String, Value>,
        key: &'m str,
        flags: (bool, bool),
        done: &mut HashMap<&'m str, bool>,
    ) -> Result<(), String> {
        match done.get(key) {
            Some(true) => return Ok(()),
            Some(false) => return Err(format!("the term {key:?} is defined in a cycle")),
            None => {}
        }
        done.insert(key, false);
        let (context_protected, override_protected) = flags;
        let mut term = Term {
            iri: None,
            coerce: None,
            container: None,
            context: None,
            protected: context_protected,
        };
        match &map[key] {
            Value::Null => {}
            Value::String(id) => {
                term.iri = Some(self.expand_in_context(map, key, id, flags, done)?)
            }
            Value::Object(def) => {
                for (k, v) in def {
                    match (k.as_str(), v) {
                        ("@id", Value::Null) => {}
                        ("@id", Value::String(id)) => {
                            term.iri = Some(self.expand_in_context(map, key, id, flags, done)?)
                        }
                        ("@type", Value::String(t)) => {
                            term.coerce = Some(self.expand_in_context(map, key, t, flags, done)?)
                        }
                        ("@container", Value::String(c)) => term.container = Some(c.clone()),
                        ("@context", c) => term.context = Some(Arc::new(c.clone())),
                        ("@protected", Value::Bool(p)) => term.protected = *p,
                        _ => {
                            return Err(format!(
                                "the definition of {key:?} uses {k}, which is not supported"
                            ))
                        }
                    }
                }
                if !def.contains_key("@id") {
                    if key.contains(':') {
                        term.iri = Some(key.to_string());
                    } else {
                        return Err(format!("the term {key:?} has no IRI"));
                    }
                }
            }
            _ => {
                return Err(format!(
                    "the definition of {key:?} is not a string or an object"
                ))
            }
        }
        if let Some(old) = self.terms.get(key) {
            if old.protected && !override_protected && !old.same_as(&term) {
                return Err(format!("the protected term {key:?} may not be redefined"));
            }
        }
        Arc::make_mut(&mut self.terms).insert(key.to_string(), Arc::new(term));
        done.insert(key, true);
        Ok(())
    }

    /// IRI Expansion (§5.2.2) of a value inside a context: a keyword, another term (of this
    /// context or an earlier one), or an IRI. Compact IRIs are left as they are: these contexts
    /// define no prefix (the OB context's `xsd:dateTime` stays `xsd:dateTime`, as in every
    /// JSON-LD processor).
    fn expand_in_context<'m>(
        &mut self,
        map: &'m Map<String, Value>,
        key: &str,
        value: &'m str,
        flags: (bool, bool),
        done: &mut HashMap<&'m str, bool>,
    ) -> Result<String, String> {
        if value.starts_with('@') || value.contains(':') {
            return Ok(value.to_string());
        }
        if map.contains_key(value) && value != key {
            self.create_term(map, value, flags, done)?;
        }
        match self.terms.get(value).and_then(|t| t.iri.clone()) {
            Some(iri) => Ok(iri),
            None => Err(format!(
                "the term {key:?} maps to the relative IRI {value:?}"
            )),
        }
    }
}

/// An IRI with a scheme and nothing that cannot appear in one.
pub(crate) fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
        && NamedNode::new(s).is_ok()
}

/// The RDF quads of `doc`, or every place where it cannot be converted faithfully.
pub fn to_rdf(doc: &Value) -> Result<Vec<Quad>, Vec<String>> {
    let mut conv = Converter {
        quads: Vec::new(),
        problems: Vec::new(),
        blank_nodes: HashMap::new(),
    };
    let Value::Object(map) = doc else {
        return Err(vec!["$: not a JSON object".into()]);
    };
    let ctx = match map.get("@context") {
        None => return Err(vec!["$: no @context".into()]),
        Some(local) if *local == serde_json::json!(CONTEXT) => standard_context().cloned(),
        Some(local) => Ctx::default().apply(local, true, false),
    };
    match ctx {
        Ok(ctx) => {
            conv.node(map, &ctx, None, "$", true);
        }
        Err(e) => conv.problems.push(format!("$['@context']: {e}")),
    }
    if conv.problems.is_empty() {
        Ok(conv.quads)
    } else {
        Err(conv.problems)
    }
}

struct Converter {
    quads: Vec<Quad>,
    problems: Vec<String>,
    blank_nodes: HashMap<String, BlankNode>,
}

impl Converter {
    fn problem(&mut self, path: &str, what: impl std::fmt::Display) {
        self.problems.push(format!("{path}: {what}"));
    }

    fn emit(&mut self, s: &NamedOrBlankNode, p: NamedNode, o: RdfTerm) {
        self.quads
            .push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    }

    /// Expands and converts one node object; returns its subject.
    fn node(
        &mut self,
        map: &Map<String, Value>,
        ctx: &Ctx,
        property: Option<&Term>,
        path: &str,
        top: bool,
    ) -> Option<NamedOrBlankNode> {
        // Expansion (§5.1.2) steps 3, 7 and 8: property-scoped context, then revert a
        // non-propagated (type-scoped) context unless this is a bare reference {"id": …}.
        let id_only = map.len() == 1
            && keyword(ctx, map.keys().next().map(String::as_str).unwrap_or("")) == Some("@id");
        let mut active = match &ctx.previous {
            Some(previous) if !id_only => (**previous).clone(),
            _ => ctx.clone(),
        };
        if let Some(scoped) = property.and_then(|t| t.context.as_deref()) {
            match active.apply(scoped, true, true) {
                Ok(c) => active = c,
                Err(e) => {
                    self.problem(path, e);
                    return None;
                }
            }
        }
        if map.contains_key("@value") || map.keys().any(|k| keyword(&active, k) == Some("@value")) {
            self.problem(path, "value objects are not accepted");
            return None;
        }
        if !top && map.contains_key("@context") {
            self.problem(
                &format!("{path}['@context']"),
                "an embedded context is not accepted",
            );
            return None;
        }
        // Step 11: type-scoped contexts, by type in lexicographic order, looked up in the
        // context before any of them applies.
        let type_scope = active.clone();
        let mut types: Vec<(&str, String)> = Vec::new();
        for (key, value) in map {
            if keyword(&type_scope, key) != Some("@type") {
                continue;
            }
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                match item.as_str() {
                    Some(t) => types.push((t, format!("{path}.{key}"))),
                    None => self.problem(&format!("{path}.{key}"), "a type must be a string"),
                }
            }
        }
        types.sort_unstable();
        let mut type_iris = Vec::new();
        for (t, at) in &types {
            match type_scope.terms.get(*t) {
                Some(term) => match term.iri.as_deref() {
                    Some(iri) if !iri.starts_with('@') => {
                        type_iris.push(iri.to_string());
                        if let Some(local) = &term.context {
                            match active.apply(local, false, false) {
                                Ok(c) => active = c,
                                Err(e) => self.problem(at, format!("type {t}: {e}")),
                            }
                        }
                    }
                    _ => self.problem(at, format!("type {t:?} is not a class")),
                },
                None if is_absolute_iri(t) => type_iris.push(t.to_string()),
                None => self.problem(at, format!("type {t:?} is not defined by the contexts")),
            }
        }

        let mut subject = None;
        for (key, value) in map {
            if keyword(&active, key) == Some("@id") {
                subject = self.reference(value, &format!("{path}.{key}"));
            }
        }
        let subject = subject.unwrap_or_else(|| NamedOrBlankNode::BlankNode(BlankNode::default()));
        for iri in type_iris {
            if let Ok(t) = NamedNode::new(iri) {
                self.emit(&subject, rdf::TYPE.into_owned(), t.into());
            }
        }

        for (key, value) in map {
            let at = format!("{path}.{key}");
            match keyword(&active, key) {
                Some("@id" | "@type") => continue,
                Some("@context") if top => continue,
                Some(k) => {
                    self.problem(&at, format!("{k} is not accepted in a credential"));
                    continue;
                }
                None => {}
            }
            let term = match active.terms.get(key.as_str()) {
                Some(term) => term.clone(),
                None if is_absolute_iri(key) => Arc::new(Term {
                    iri: Some(key.clone()),
                    coerce: None,
                    container: None,
                    context: None,
                    protected: false,
                }),
                None => {
                    self.problem(
                        &at,
                        format!("{key:?} is not defined by the contexts, so JSON-LD would drop it"),
                    );
                    continue;
                }
            };
            let predicate = match term.iri.as_deref().map(NamedNode::new) {
                Some(Ok(p)) => p,
                None => {
                    self.problem(
                        &at,
                        format!("the contexts map {key:?} to null, so JSON-LD would drop it"),
                    );
                    continue;
                }
                Some(Err(_)) => {
                    self.problem(&at, format!("{key:?} does not map to an IRI"));
                    continue;
                }
            };
            if term.coerce.as_deref() == Some("@json") {
                self.problem(&at, "JSON literals are not accepted");
                continue;
            }
            match term.container.as_deref() {
                None | Some("@set") => {
                    let items: Vec<&Value> = match value {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    for (i, item) in items.into_iter().enumerate() {
                        let at = if value.is_array() {
                            format!("{at}[{i}]")
                        } else {
                            at.clone()
                        };
                        if let Some(o) = self.value(item, &active, &term, &at) {
                            self.emit(&subject, predicate.clone(), o);
                        }
                    }
                }
                Some("@list") => {
                    let items: Vec<&Value> = match value {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    let mut objects = Vec::new();
                    for (i, item) in items.into_iter().enumerate() {
                        if let Some(o) = self.value(item, &active, &term, &format!("{at}[{i}]")) {
                            objects.push(o);
                        }
                    }
                    let head = self.list(objects);
                    self.emit(&subject, predicate, head);
                }
                Some(c) => self.problem(&at, format!("{c} containers are not accepted")),
            }
        }
        Some(subject)
    }

    /// An RDF list of `objects` (§8.4), returning its head.
    fn list(&mut self, objects: Vec<RdfTerm>) -> RdfTerm {
        let mut head: RdfTerm = rdf::NIL.into_owned().into();
        for o in objects.into_iter().rev() {
            let node = NamedOrBlankNode::BlankNode(BlankNode::default());
            self.emit(&node, rdf::FIRST.into_owned(), o);
            self.emit(&node, rdf::REST.into_owned(), head);
            head = node.into();
        }
        head
    }

    /// An `@id`: an absolute IRI or a blank node identifier.
    fn reference(&mut self, value: &Value, path: &str) -> Option<NamedOrBlankNode> {
        match value.as_str() {
            Some(label) if label.starts_with("_:") => Some(
                self.blank_nodes
                    .entry(label.to_string())
                    .or_default()
                    .clone()
                    .into(),
            ),
            Some(iri) if is_absolute_iri(iri) => NamedNode::new(iri).ok().map(Into::into),
            _ => {
                self.problem(path, "an id must be an absolute IRI or a blank node");
                None
            }
        }
    }

    /// One value of a property (Expansion §5.1.2 steps 4–5, Value Expansion §5.3.2, and the
    /// Object to RDF Conversion §8.2).
    fn value(&mut self, value: &Value, ctx: &Ctx, term: &Arc<Term>, path: &str) -> Option<RdfTerm> {
        match value {
            Value::Object(map) => self.node(map, ctx, Some(term), path, false).map(Into::into),
            Value::Null => {
                self.problem(path, "null is dropped by JSON-LD");
                None
            }
            Value::Array(_) => {
                self.problem(path, "lists of lists are not accepted");
                None
            }
            Value::Number(_) => {
                self.problem(path, "numbers are not accepted in a credential");
                None
            }
            Value::Bool(b) => {
                let lexical = if *b { "true" } else { "false" };
                match term.coerce.as_deref() {
                    Some(dt) if !dt.starts_with('@') => self.literal(lexical, dt, path),
                    _ => Some(Literal::new_typed_literal(lexical, xsd::BOOLEAN).into()),
                }
            }
            Value::String(s) => match term.coerce.as_deref() {
                Some("@id") => self.reference(value, path).map(Into::into),
                Some("@vocab") => {
                    let scoped = match term.context.as_deref() {
                        Some(local) => ctx.apply(local, true, true).ok(),
                        None => None,
                    };
                    let scope = scoped.as_ref().unwrap_or(ctx);
                    let iri = match scope.terms.get(s.as_str()).and_then(|t| t.iri.clone()) {
                        Some(iri) if !iri.starts_with('@') => Some(iri),
                        _ if is_absolute_iri(s) => Some(s.clone()),
                        _ => None,
                    };
                    match iri.map(NamedNode::new) {
                        Some(Ok(n)) => Some(n.into()),
                        _ => {
                            self.problem(path, format!("{s:?} is not defined by the contexts"));
                            None
                        }
                    }
                }
                Some(dt) if !dt.starts_with('@') => self.literal(s, dt, path),
                Some(other) => {
                    self.problem(path, format!("{other} values are not accepted"));
                    None
                }
                None => Some(Literal::new_simple_literal(s).into()),
            },
        }
    }

    fn literal(&mut self, lexical: &str, datatype: &str, path: &str) -> Option<RdfTerm> {
        match NamedNode::new(datatype) {
            Ok(dt) => Some(Literal::new_typed_literal(lexical, dt).into()),
            Err(_) => {
                self.problem(path, format!("the datatype {datatype:?} is not an IRI"));
                None
            }
        }
    }
}

/// The keyword a key stands for: itself, or what an alias such as `id` maps to.
fn keyword<'a>(ctx: &'a Ctx, key: &'a str) -> Option<&'a str> {
    if key.starts_with('@') {
        return Some(key);
    }
    ctx.terms
        .get(key)
        .and_then(|t| t.iri.as_deref())
        .filter(|iri| iri.starts_with('@'))
}
