//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, offline.
//!
//! Expansion and conversion to RDF are oxjsonld's (a JSON-LD 1.1 processor: `@protected`,
//! type- and property-scoped contexts, coercion); canonical blank node labels are oxrdf's
//! RDFC-1.0 with SHA-256. The N-Quads text is written here, escaping as RDFC-1.0's canonical
//! form asks, because oxrdf's `Display` escapes two code points (U+FFFE, U+FFFF) that the
//! canonical form leaves as they are.
//!
//! Only the two contexts an Osaava credential names are known, embedded from
//! `templates/credential/contexts/` (copies of the npm packages the third-party verifier uses).
//! Any other context URL is an error: nothing is fetched.
//!
//! oxjsonld silently drops a property whose term no context defines, as JSON-LD does by
//! default. Verifiers in "safe mode" (jsonld.js in Digital Bazaar's Data Integrity libraries)
//! refuse such a document, and so must we: a dropped property is not covered by the
//! signature, yet a reader of the JSON would see it. [`undefined_terms`] finds them, following
//! the scoping rules that these two contexts use.

use std::collections::HashMap;
use std::error::Error;

use oxjsonld::{JsonLdLoadDocumentOptions, JsonLdParser, JsonLdRemoteDocument};
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::{Dataset, GraphNameRef, LiteralRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::{Map, Value};

use super::CredentialError;

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3P0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

const CREDENTIALS_V2_JSON: &str =
    include_str!("../../../../templates/credential/contexts/credentials-v2.jsonld");
const OB_V3P0_3_JSON: &str =
    include_str!("../../../../templates/credential/contexts/ob-v3p0-context-3.0.3.json");

/// The `@context` of every Osaava credential, in this order.
pub const CONTEXT: [&str; 2] = [CREDENTIALS_V2, OB_V3P0_3];

fn embedded(url: &str) -> Option<&'static str> {
    match url {
        CREDENTIALS_V2 => Some(CREDENTIALS_V2_JSON),
        OB_V3P0_3 => Some(OB_V3P0_3_JSON),
        _ => None,
    }
}

fn load_document(
    url: &str,
    _options: &JsonLdLoadDocumentOptions,
) -> Result<JsonLdRemoteDocument, Box<dyn Error + Send + Sync>> {
    match embedded(url) {
        Some(text) => Ok(JsonLdRemoteDocument {
            document: text.as_bytes().to_vec(),
            document_url: url.to_string(),
        }),
        None => Err(format!(
            "context {url} is not one of the embedded contexts (nothing is fetched)"
        )
        .into()),
    }
}

/// The RDF dataset of a JSON-LD document.
pub fn to_dataset(doc: &Value) -> Result<Dataset, CredentialError> {
    let bytes = serde_json::to_vec(doc).map_err(|e| CredentialError::JsonLd(e.to_string()))?;
    let mut dataset = Dataset::new();
    for quad in JsonLdParser::new()
        .for_slice(&bytes)
        .with_load_document_callback(load_document)
    {
        let quad = quad.map_err(|e| CredentialError::JsonLd(e.to_string()))?;
        dataset.insert(&quad);
    }
    Ok(dataset)
}

/// RDFC-1.0 (SHA-256) canonical N-Quads of a JSON-LD document: one line per quad, each ending
/// in `\n`, sorted in code point order.
pub fn canonical_nquads(doc: &Value) -> Result<String, CredentialError> {
    let mut dataset = to_dataset(doc)?;
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(nquad).collect();
    lines.sort_unstable();
    lines.dedup();
    Ok(lines.concat())
}

fn nquad(q: QuadRef<'_>) -> String {
    let mut out = String::new();
    subject(&mut out, q.subject);
    out.push(' ');
    iri(&mut out, q.predicate.as_str());
    out.push(' ');
    match q.object {
        TermRef::NamedNode(n) => iri(&mut out, n.as_str()),
        TermRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
        TermRef::Literal(l) => literal(&mut out, l),
        #[allow(unreachable_patterns)]
        _ => out.push_str(&q.object.to_string()),
    }
    match q.graph_name {
        GraphNameRef::DefaultGraph => {}
        GraphNameRef::NamedNode(n) => {
            out.push(' ');
            iri(&mut out, n.as_str());
        }
        GraphNameRef::BlankNode(b) => {
            out.push_str(" _:");
            out.push_str(b.as_str());
        }
    }
    out.push_str(" .\n");
    out
}

fn subject(out: &mut String, s: NamedOrBlankNodeRef<'_>) {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => iri(out, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => {
            out.push_str("_:");
            out.push_str(b.as_str());
        }
    }
}

fn iri(out: &mut String, iri: &str) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

fn literal(out: &mut String, l: LiteralRef<'_>) {
    out.push('"');
    for c in l.value().chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push('"');
    if let Some(lang) = l.language() {
        out.push('@');
        out.push_str(lang);
    } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
        out.push_str("^^");
        iri(out, l.datatype().as_str());
    }
}

// ---------------------------------------------------------------------------------------------
// Safe mode: every property and type must be defined where it is used.

#[derive(Clone, Debug)]
struct Term {
    /// Whether the term maps to an IRI or a keyword (false: `null`, the term is dropped).
    defined: bool,
    /// `@type` coercion: `@id`, `@vocab`, `@json`, a datatype IRI, or none.
    coerce: Option<String>,
    /// A property- or type-scoped context.
    context: Option<Value>,
}

#[derive(Clone, Debug, Default)]
struct Ctx {
    terms: HashMap<String, Term>,
    vocab: bool,
    /// The context to return to in a nested node object, when type-scoped contexts made this one.
    previous: Option<Box<Ctx>>,
}

impl Ctx {
    fn apply(&self, local: &Value, propagate: bool) -> Result<Ctx, String> {
        let mut result = self.clone();
        if !propagate && result.previous.is_none() {
            result.previous = Some(Box::new(self.clone()));
        }
        let locals: Vec<&Value> = match local {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for local in locals {
            match local {
                Value::Null => {
                    let previous = result.previous.take();
                    result = Ctx {
                        previous,
                        ..Ctx::default()
                    };
                }
                Value::String(url) => {
                    let text =
                        embedded(url).ok_or_else(|| format!("context {url} is not embedded"))?;
                    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
                    let inner = doc
                        .get("@context")
                        .ok_or_else(|| format!("{url} has no @context"))?;
                    result = result.define(inner)?;
                }
                Value::Object(_) => result = result.define(local)?,
                _ => return Err("a context must be a URL, an object or null".into()),
            }
        }
        Ok(result)
    }

    fn define(mut self, local: &Value) -> Result<Ctx, String> {
        let Value::Object(map) = local else {
            return self.apply(local, true);
        };
        for (key, value) in map {
            match key.as_str() {
                "@vocab" => self.vocab = !value.is_null(),
                "@protected" | "@version" | "@propagate" => {}
                k if k.starts_with('@') => {
                    return Err(format!("context keyword {k} is not supported"))
                }
                _ => {
                    let term = match value {
                        Value::Null => Term {
                            defined: false,
                            coerce: None,
                            context: None,
                        },
                        Value::String(s) => Term {
                            defined: maps_to_iri(key, Some(s), self.vocab),
                            coerce: None,
                            context: None,
                        },
                        Value::Object(def) => Term {
                            defined: match def.get("@id") {
                                Some(Value::Null) => false,
                                Some(Value::String(id)) => maps_to_iri(key, Some(id), self.vocab),
                                _ => maps_to_iri(key, None, self.vocab),
                            },
                            coerce: def.get("@type").and_then(Value::as_str).map(str::to_string),
                            context: def.get("@context").cloned(),
                        },
                        _ => {
                            return Err(format!(
                                "the definition of {key} is not a string or an object"
                            ))
                        }
                    };
                    self.terms.insert(key.clone(), term);
                }
            }
        }
        Ok(self)
    }
}

/// Whether a term definition yields an IRI or a keyword.
fn maps_to_iri(term: &str, id: Option<&str>, vocab: bool) -> bool {
    match id {
        Some(id) => id.starts_with('@') || id.contains(':'),
        None => term.contains(':') || vocab,
    }
}

fn is_absolute_iri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
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
        }
        None => false,
    }
}

/// The JSON paths of everything JSON-LD would drop from `doc` (or cannot judge), under the
/// embedded contexts: undefined properties, undefined or relative types, relative `@id`s,
/// `null` values, and JSON-LD features an Osaava credential never uses (embedded contexts,
/// `@graph`, `@reverse`, maps by index or language). Empty when the document is safe.
pub fn undefined_terms(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Value::Object(map) = doc else {
        return vec!["$: not a JSON object".into()];
    };
    let ctx = match map.get("@context") {
        Some(local) => match Ctx::default().apply(local, true) {
            Ok(ctx) => ctx,
            Err(e) => return vec![format!("$['@context']: {e}")],
        },
        None => return vec!["$: no @context".into()],
    };
    node(map, &ctx, None, "$", &mut problems, true);
    problems
}

fn node(
    map: &Map<String, Value>,
    ctx: &Ctx,
    property: Option<&str>,
    path: &str,
    problems: &mut Vec<String>,
    top: bool,
) {
    // Expansion algorithm (JSON-LD 1.1 API 5.1.2), steps 3, 7, 8 and 11.
    let scoped = property
        .and_then(|p| ctx.terms.get(p))
        .and_then(|t| t.context.clone());
    let is_value = map.contains_key("@value");
    let mut active = match &ctx.previous {
        Some(previous) if !(is_value || map.len() == 1 && map.contains_key("id")) => {
            (**previous).clone()
        }
        _ => ctx.clone(),
    };
    if let Some(scoped) = scoped {
        match active.apply(&scoped, true) {
            Ok(c) => active = c,
            Err(e) => problems.push(format!("{path}: {e}")),
        }
    }
    if is_value {
        return;
    }
    if !top && map.contains_key("@context") {
        problems.push(format!(
            "{path}['@context']: an embedded context is not accepted"
        ));
        return;
    }
    let type_scope = active.clone();
    let mut types: Vec<&str> = Vec::new();
    for (key, value) in map {
        if keyword(&active, key) == Some("@type") {
            match value {
                Value::String(t) => types.push(t),
                Value::Array(items) => {
                    for item in items {
                        match item.as_str() {
                            Some(t) => types.push(t),
                            None => problems.push(format!("{path}.{key}: a type must be a string")),
                        }
                    }
                }
                _ => problems.push(format!(
                    "{path}.{key}: a type must be a string or a list of strings"
                )),
            }
        }
    }
    types.sort_unstable();
    for t in &types {
        match type_scope.terms.get(*t) {
            Some(term) if term.defined => {
                if let Some(local) = &term.context {
                    match active.apply(local, false) {
                        Ok(c) => active = c,
                        Err(e) => problems.push(format!("{path}: type {t}: {e}")),
                    }
                }
            }
            _ if is_absolute_iri(t) => {}
            _ => problems.push(format!("{path}: type {t:?} is not defined by the contexts")),
        }
    }
    for (key, value) in map {
        let at = format!("{path}.{key}");
        match keyword(&active, key) {
            Some("@context") if top => {}
            Some("@type") => {}
            Some("@id") => match value.as_str() {
                Some(id) if is_absolute_iri(id) || id.starts_with("_:") => {}
                _ => problems.push(format!("{at}: an id must be an absolute IRI")),
            },
            Some(k) => problems.push(format!("{at}: {k} is not accepted in a credential")),
            None => match active.terms.get(key.as_str()) {
                Some(term) if term.defined => {
                    property_value(&active, key, term, value, &at, problems)
                }
                Some(_) => problems.push(format!(
                    "{at}: the contexts map {key:?} to null, so it would be dropped"
                )),
                None if key.contains(':') && is_absolute_iri(key) => {
                    let term = Term {
                        defined: true,
                        coerce: None,
                        context: None,
                    };
                    property_value(&active, key, &term, value, &at, problems);
                }
                None if active.vocab => {}
                None => problems.push(format!(
                    "{at}: {key:?} is not defined by the contexts, so it would be dropped"
                )),
            },
        }
    }
}

/// The keyword a key stands for: itself, or an alias such as `id` → `@id`.
fn keyword<'a>(ctx: &'a Ctx, key: &'a str) -> Option<&'a str> {
    if key.starts_with('@') {
        return Some(key);
    }
    match key {
        // Both contexts alias these (and protect them).
        "id" if ctx.terms.contains_key("id") => Some("@id"),
        "type" if ctx.terms.contains_key("type") => Some("@type"),
        _ => None,
    }
}

fn property_value(
    ctx: &Ctx,
    key: &str,
    term: &Term,
    value: &Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    if term.coerce.as_deref() == Some("@json") {
        return;
    }
    match value {
        Value::Null => problems.push(format!("{path}: null is dropped")),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                property_value(ctx, key, term, item, &format!("{path}[{i}]"), problems);
            }
        }
        Value::Object(map) => node(map, ctx, Some(key), path, problems, false),
        Value::String(s) => match term.coerce.as_deref() {
            Some("@id") if !is_absolute_iri(s) && !s.starts_with("_:") => {
                problems.push(format!("{path}: {s:?} must be an absolute IRI"))
            }
            Some("@vocab") => {
                let scoped = term.context.as_ref().and_then(|c| ctx.apply(c, true).ok());
                let defined = scoped
                    .as_ref()
                    .unwrap_or(ctx)
                    .terms
                    .get(s.as_str())
                    .is_some_and(|t| t.defined);
                if !defined && !is_absolute_iri(s) {
                    problems.push(format!("{path}: {s:?} is not defined by the contexts"));
                }
            }
            _ => {}
        },
        Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_embedded_contexts_are_the_ones_named() {
        for url in CONTEXT {
            let doc: Value = serde_json::from_str(embedded(url).unwrap()).unwrap();
            assert!(doc["@context"]["@protected"].as_bool().unwrap());
        }
        assert!(embedded("https://www.w3.org/2018/credentials/v1").is_none());
    }

    #[test]
    fn types_dates_and_ids_are_coerced_as_the_contexts_say() {
        let doc = json!({
            "@context": CONTEXT,
            "id": "urn:uuid:0193a000-0000-7000-8000-0000000000aa",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "validFrom": "2026-11-24T12:30:00Z",
            "issuer": {"id": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z", "type": ["Profile"], "name": "Kielo"},
            "credentialSubject": {"type": ["AchievementSubject"], "identifier": [{"type": "IdentityObject", "hashed": true, "identityHash": "x", "identityType": "name"}]}
        });
        let nq = canonical_nquads(&doc).unwrap();
        let id = "<urn:uuid:0193a000-0000-7000-8000-0000000000aa>";
        assert!(nq.contains(&format!("{id} <https://www.w3.org/2018/credentials#validFrom> \"2026-11-24T12:30:00Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n")), "{nq}");
        assert!(nq.contains(&format!("{id} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .\n")));
        assert!(nq.contains(&format!("{id} <https://www.w3.org/2018/credentials#issuer> <did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z> .\n")));
        assert!(nq.contains("<https://schema.org/name> \"Kielo\" .\n"));
        assert!(nq.contains("<https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed> \"true\"^^<https://www.w3.org/2001/XMLSchema#boolean> .\n"), "the OB context says https: {nq}");
        assert!(
            nq.contains("_:c14n0 "),
            "blank nodes get canonical labels: {nq}"
        );
        let lines: Vec<&str> = nq.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        assert!(
            undefined_terms(&doc).is_empty(),
            "{:?}",
            undefined_terms(&doc)
        );
    }

    #[test]
    fn literals_are_escaped_as_the_canonical_form_says() {
        let doc = json!({"@context": CONTEXT, "id": "urn:x:1", "type": ["VerifiableCredential"], "name": "a\"b\\c\nd\te\u{1}\u{7f}\u{fffe}å"});
        let nq = canonical_nquads(&doc).unwrap();
        assert!(
            nq.contains("\"a\\\"b\\\\c\\nd\\te\\u0001\\u007F\u{fffe}å\""),
            "{nq}"
        );
    }

    #[test]
    fn an_unknown_context_is_refused_not_fetched() {
        let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx.json"], "name": "x"});
        let e = canonical_nquads(&doc).unwrap_err().to_string();
        assert!(e.contains("https://example.org/ctx.json"), "{e}");
    }

    #[test]
    fn safe_mode_finds_what_json_ld_would_drop() {
        let ok = json!({
            "@context": CONTEXT,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "n",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:a:1", "type": ["Achievement"], "name": "a", "criteria": {"narrative": "x"}}}
        });
        assert!(
            undefined_terms(&ok).is_empty(),
            "{:?}",
            undefined_terms(&ok)
        );

        let mut bad = ok.clone();
        bad["nickname"] = json!("x");
        assert_eq!(
            undefined_terms(&bad),
            vec!["$.nickname: \"nickname\" is not defined by the contexts, so it would be dropped"]
        );

        // `achievement` is defined only inside an AchievementSubject.
        let mut bad = ok.clone();
        bad["achievement"] = json!({"type": ["Achievement"], "name": "forged"});
        assert!(
            undefined_terms(&bad)[0].starts_with("$.achievement:"),
            "{:?}",
            undefined_terms(&bad)
        );

        // Type-scoped contexts do not reach nested nodes: `achievementType` is defined in
        // Achievement, not in the Criteria object inside it.
        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["criteria"]["achievementType"] = json!("Badge");
        assert!(undefined_terms(&bad)[0]
            .starts_with("$.credentialSubject.achievement.criteria.achievementType:"));

        let mut bad = ok.clone();
        bad["credentialSubject"]["type"] = json!(["AchievementSubject", "Forged"]);
        assert!(undefined_terms(&bad)[0].contains("type \"Forged\""));

        let mut bad = ok.clone();
        bad["credentialSubject"]["achievement"]["@context"] =
            json!({"name": "https://example.org/name"});
        assert!(!undefined_terms(&bad).is_empty());

        let mut bad = ok;
        bad["credentialSubject"]["achievement"]["id"] = json!("relative/1");
        assert!(undefined_terms(&bad)[0].contains("absolute IRI"));
    }
}
