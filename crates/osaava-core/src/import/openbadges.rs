//! What Open Badges 2.0 and 3.0 share: language, texts, criteria narratives, alignments,
//! images and issuers.
//!
//! **Language.** Open Badges texts are usually plain strings in one language. They go into
//! the language named by `@language` or `inLanguage` (on the badge, else on the assertion or
//! credential around it) when that is Finnish or Swedish, and into `en` otherwise (English, or
//! a language Osaava does not show, such as Dutch: `en` is the international slot). Texts given
//! as a language map (`{"fi": …, "en": …}`) or as JSON-LD value objects keep their languages.
//!
//! **Criteria.** `criteria.narrative` is Markdown: each list item becomes a criterion (see
//! [`super::criteria_text`]), ids `c1`, `c2`, … by order; a narrative without a list is one
//! criterion. Text outside the list is added to the badge's description. When the criteria are
//! only a link (`"criteria": "https://…"` or `{"id": "https://…"}`), Osaava cannot fetch the
//! page, so the badge becomes one criterion made of its description and "(see <url>)", which
//! is what the issuer said the badge is for; with no description either, the import fails and
//! says that the criteria are only a link.

use super::criteria_text::split_localized;
use super::node::Node;
use super::text::clean_text;
use super::ImportError;
use crate::badge::{Alignment, AlignmentKind, Criterion, EvidenceRequirement};
use crate::localized::{Lang, LocalizedText};
use serde_json::Value;

/// The language plain strings of this badge are in (see the module documentation).
pub(crate) fn language(badge: &Node<'_>, context: Option<&Node<'_>>) -> Lang {
    let declared = |n: &Node<'_>| -> Option<Lang> {
        ["@language", "inLanguage", "language"]
            .iter()
            .find_map(|k| {
                let v = n.v.get(*k)?;
                let tag = v.as_str().or_else(|| v.as_array()?.first()?.as_str())?;
                Some(Lang::parse(tag.split(['-', '_']).next().unwrap_or("")).unwrap_or(Lang::En))
            })
    };
    declared(badge)
        .or_else(|| context.and_then(declared))
        .unwrap_or(Lang::En)
}

/// A text that may be a plain string (in `lang`), a language map, or JSON-LD value objects.
pub(crate) fn text(node: Option<Node<'_>>, lang: Lang) -> Result<LocalizedText, ImportError> {
    let Some(n) = node else {
        return Ok(LocalizedText::default());
    };
    let mut out = LocalizedText::default();
    match n.v {
        Value::String(s) => out.set(lang, &clean_text(s)),
        Value::Object(map) if map.contains_key("@value") => {
            let l = map
                .get("@language")
                .and_then(Value::as_str)
                .map(lang_of_tag)
                .unwrap_or(lang);
            match map.get("@value") {
                Some(Value::String(s)) => out.set(l, &clean_text(s)),
                _ => return Err(n.error("expected \"@value\" to be a string")),
            }
        }
        Value::Object(map) => {
            for (key, v) in map {
                let Some(l) = Lang::parse(key.split(['-', '_']).next().unwrap_or("")) else {
                    continue;
                };
                match v {
                    Value::String(s) => out.set(l, &clean_text(s)),
                    Value::Null => {}
                    _ => {
                        return Err(Node {
                            v,
                            path: n.key_path(key),
                        }
                        .expected("a string"))
                    }
                }
            }
        }
        Value::Array(_) => {
            for item in n.items()? {
                let t = text(Some(item), lang)?;
                for l in Lang::ALL {
                    if let (Some(s), None) = (t.get(l), out.get(l)) {
                        out.set(l, s);
                    }
                }
            }
        }
        _ => return Err(n.expected("a string or texts by language")),
    }
    Ok(out)
}

fn lang_of_tag(tag: &str) -> Lang {
    Lang::parse(tag.split(['-', '_']).next().unwrap_or("")).unwrap_or(Lang::En)
}

/// A required text such as the badge name: missing or empty is an error naming the field.
pub(crate) fn required_text(
    parent: &Node<'_>,
    key: &str,
    lang: Lang,
    what: &str,
) -> Result<LocalizedText, ImportError> {
    let t = text(parent.get(key), lang)?;
    if t.is_empty() {
        return Err(ImportError::at(
            parent.key_path(key),
            format!("this required field is missing or empty; expected {what}"),
        ));
    }
    Ok(t)
}

pub(crate) fn criterion(
    index: usize,
    text: LocalizedText,
    key_points: Vec<LocalizedText>,
) -> Criterion {
    Criterion {
        id: format!("c{}", index + 1),
        text,
        guidance: LocalizedText::default(),
        key_points,
        mandatory: true,
        evidence: EvidenceRequirement::default(),
    }
}

/// The criteria of a BadgeClass or Achievement, and any narrative text outside the list
/// (to be added to the description). See the module documentation.
pub(crate) fn criteria(
    badge: &Node<'_>,
    description: &LocalizedText,
    lang: Lang,
) -> Result<(Vec<Criterion>, LocalizedText), ImportError> {
    let Some(c) = badge.get("criteria") else {
        return Err(ImportError::at(
            badge.key_path("criteria"),
            "this required field is missing; expected the criteria, as {\"narrative\": \"- …\\n- …\"}",
        ));
    };
    match c.v {
        Value::String(url) => link_only(&c, url, description),
        Value::Object(_) => {
            let narrative = text(c.get("narrative"), lang)?;
            if narrative.is_empty() {
                return match c.opt_str("id")? {
                    Some(url) => link_only(&c, url, description),
                    None => Err(ImportError::at(
                        c.key_path("narrative"),
                        "the criteria have no text; expected the criteria as Markdown, one list item per criterion",
                    )),
                };
            }
            let (items, other) = split_localized(&narrative);
            if items.is_empty() {
                let whole = other;
                return Ok((
                    vec![criterion(0, whole, Vec::new())],
                    LocalizedText::default(),
                ));
            }
            let criteria = items
                .into_iter()
                .enumerate()
                .map(|(i, it)| criterion(i, it.text, it.key_points))
                .collect();
            Ok((criteria, other))
        }
        _ => Err(c.expected("the criteria as {\"narrative\": …} or a URL")),
    }
}

fn link_only(
    c: &Node<'_>,
    url: &str,
    description: &LocalizedText,
) -> Result<(Vec<Criterion>, LocalizedText), ImportError> {
    let url = clean_text(url);
    if description.is_empty() {
        return Err(c.error(format!(
            "the criteria are only a link ({url}) and the badge has no description; Osaava does not fetch \
             web pages, so there is nothing to assess against: expected criteria.narrative with the criteria"
        )));
    }
    let mut t = LocalizedText::default();
    for l in Lang::ALL {
        if let Some(d) = description.get(l) {
            let see = match l {
                Lang::Fi => "katso",
                Lang::Sv => "se",
                Lang::En => "see",
            };
            t.set(l, &format!("{d} ({see} {url})"));
        }
    }
    Ok((vec![criterion(0, t, Vec::new())], LocalizedText::default()))
}

/// Appends text outside the criteria list to the description, per language.
pub(crate) fn with_other_text(
    mut description: LocalizedText,
    other: &LocalizedText,
) -> LocalizedText {
    for l in Lang::ALL {
        if let Some(o) = other.get(l) {
            let joined = match description.get(l) {
                Some(d) if !d.contains(o) => format!("{d}\n\n{o}"),
                Some(d) => d.to_string(),
                None => o.to_string(),
            };
            description.set(l, &joined);
        }
    }
    description
}

/// `alignment[]` to alignments: national codes by `targetCode`, ESCO by URL, the rest as
/// frameworks. Competence points ("35 osp") and a qualification code (`koulutus_371101`) are
/// read from `targetDescription`, where Osaava's own exporter writes them.
pub(crate) fn alignments(badge: &Node<'_>, lang: Lang) -> Result<Vec<Alignment>, ImportError> {
    let mut out = Vec::new();
    for a in badge.list("alignment")? {
        if !a.is_object() {
            return Err(a.expected("an alignment object"));
        }
        let opt = |k: &str| -> Result<Option<String>, ImportError> {
            Ok(a.opt_str(k)?.map(clean_text).filter(|s| !s.is_empty()))
        };
        let code = opt("targetCode")?;
        let url = opt("targetUrl")?;
        let description = opt("targetDescription")?.unwrap_or_default();
        let target_type = opt("targetType")?;
        let mut kind = code
            .as_deref()
            .map(Alignment::kind_of_code)
            .unwrap_or(AlignmentKind::Framework);
        let mut code = code;
        if kind == AlignmentKind::Framework {
            if let Some(u) = url
                .as_deref()
                .filter(|u| Alignment::kind_of_code(u) == AlignmentKind::EscoSkill)
            {
                kind = AlignmentKind::EscoSkill;
                code = Some(u.to_string());
            }
        }
        let mut name = text(a.get("targetName"), lang)?;
        if name.is_empty() {
            let fallback = code.clone().or_else(|| url.clone()).unwrap_or_default();
            name.set(lang, &fallback);
        }
        // A custom `ext:` target type names the framework when nothing else does ("ext:EQF").
        let framework = opt("targetFramework")?.or_else(|| {
            let ext = target_type.as_deref().and_then(|t| t.strip_prefix("ext:"));
            ext.filter(|_| kind == AlignmentKind::Framework)
                .map(str::to_string)
        });
        // Osaava's placeholder URNs are not links, and a URL equal to the code says nothing more.
        let url = url.filter(|u| !u.starts_with("urn:osaava:") && Some(u) != code.as_ref());
        out.push(Alignment {
            kind,
            code,
            name,
            url,
            competence_points: competence_points_in(&description),
            qualification: qualification_in(&description),
            framework,
        });
    }
    Ok(out)
}

/// "35 osp", "35 osaamispistettä", "35 kompetenspoäng", "35 competence points".
pub(crate) fn competence_points_in(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits: String = rest[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let after = rest[start + digits.len()..].trim_start();
        if ["osp", "osaamispist", "kompetenspo", "competence point"]
            .iter()
            .any(|u| after.starts_with(u))
        {
            return digits.parse().ok();
        }
        rest = &rest[start + digits.len()..];
    }
    None
}

/// A qualification code such as `koulutus_371101` anywhere in the text.
pub(crate) fn qualification_in(text: &str) -> Option<String> {
    let start = text.find("koulutus_")?;
    let digits: String = text[start + 9..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("koulutus_{digits}"))
}

/// An image URL we are willing to keep: http(s), or an inline raster image (not SVG, which can
/// carry script). Anything else (javascript:, file:, huge inline data) is dropped.
pub(crate) fn safe_image(node: Option<Node<'_>>) -> Option<String> {
    let n = node?;
    let url = match n.v {
        Value::String(s) => s.as_str(),
        Value::Object(m) => m.get("id").and_then(Value::as_str)?,
        _ => return None,
    };
    let url = url.trim();
    let lower = url.get(..30).unwrap_or(url).to_ascii_lowercase();
    let ok = ((lower.starts_with("https://") || lower.starts_with("http://")) && url.len() <= 2048)
        || ([
            "data:image/png;",
            "data:image/jpeg;",
            "data:image/gif;",
            "data:image/webp;",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
            && url.len() <= 256 * 1024);
    (ok && !url.chars().any(char::is_control)).then(|| url.to_string())
}

/// The issuer's name (or, failing that, its id) from a Profile object or a URL string.
pub(crate) fn issuer(node: Option<Node<'_>>, lang: Lang) -> Result<Option<String>, ImportError> {
    let Some(n) = node else { return Ok(None) };
    match n.v {
        Value::String(s) => Ok(Some(clean_text(s)).filter(|s| !s.is_empty())),
        Value::Object(_) => {
            let name = text(n.get("name"), lang)?;
            let name = Lang::ALL
                .iter()
                .find_map(|l| name.get(*l))
                .map(str::to_string);
            Ok(name
                .or(n.opt_str("id")?.map(clean_text))
                .filter(|s| !s.is_empty()))
        }
        _ => Err(n.expected("the issuer as a profile object or a URL")),
    }
}

/// The badge id: the source's own id; Osaava's exported `urn:osaava:badge:<id>:<version>`
/// turns back into `<id>`; without any id, one is derived from the issuer and the name.
pub(crate) fn badge_id(
    badge: &Node<'_>,
    name: &LocalizedText,
    issuer: Option<&str>,
) -> Result<String, ImportError> {
    if let Some(id) = badge
        .opt_str("id")?
        .map(clean_text)
        .filter(|s| !s.is_empty())
    {
        if let Some(rest) = id.strip_prefix("urn:osaava:badge:") {
            let inner = rest
                .rsplit_once(':')
                .map(|(id, _version)| id)
                .unwrap_or(rest);
            return Ok(crate::export::ob3::urn_decode(inner));
        }
        return Ok(id);
    }
    use sha2::{Digest, Sha256};
    let first_name = Lang::ALL.iter().find_map(|l| name.get(*l)).unwrap_or("");
    let digest = Sha256::digest(format!("{}\n{first_name}", issuer.unwrap_or("")).as_bytes());
    let slug: String = first_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    Ok(format!("ob-{slug}-{}", &hex::encode(digest)[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn language_comes_from_the_badge_then_its_container() {
        let b = json!({"inLanguage": "fi-FI"});
        let c = json!({"@language": "sv"});
        let none = json!({});
        assert_eq!(language(&Node::root(&b), None), Lang::Fi);
        assert_eq!(
            language(&Node::root(&none), Some(&Node::root(&c))),
            Lang::Sv
        );
        assert_eq!(
            language(&Node::root(&json!({"inLanguage": "nl-NL"})), None),
            Lang::En
        );
        assert_eq!(language(&Node::root(&none), None), Lang::En);
    }

    #[test]
    fn texts_may_be_maps_or_value_objects() {
        let v = json!({"a": {"fi": "Hei", "sv-FI": "Hej", "de": "Hallo"}, "b": [{"@value": "Hej", "@language": "sv"}, {"@value": "Hi", "@language": "en"}]});
        let n = Node::root(&v);
        assert_eq!(
            text(n.get("a"), Lang::En).unwrap(),
            LocalizedText::new("Hei", "Hej", "")
        );
        assert_eq!(
            text(n.get("b"), Lang::Fi).unwrap(),
            LocalizedText::new("", "Hej", "Hi")
        );
    }

    #[test]
    fn competence_points_and_qualification_from_descriptions() {
        assert_eq!(
            competence_points_in("Tutkinnon osa, 35 osp, koulutus_371101"),
            Some(35)
        );
        assert_eq!(
            competence_points_in("Unit of 20 competence points"),
            Some(20)
        );
        assert_eq!(competence_points_in("Level 4 of EQF"), None);
        assert_eq!(
            qualification_in("Tutkinnon osa, 35 osp, koulutus_371101"),
            Some("koulutus_371101".into())
        );
    }

    #[test]
    fn unsafe_images_are_dropped() {
        let v = json!({"a": "javascript:alert(1)", "b": {"id": "https://x/i.png"}, "c": "data:image/svg+xml;base64,PHN2Zz4=", "d": "data:image/png;base64,iVBO"});
        let n = Node::root(&v);
        assert_eq!(safe_image(n.get("a")), None);
        assert_eq!(safe_image(n.get("b")).as_deref(), Some("https://x/i.png"));
        assert_eq!(safe_image(n.get("c")), None);
        assert!(safe_image(n.get("d")).is_some());
    }

    #[test]
    fn ids_are_kept_recovered_or_derived() {
        let name = LocalizedText::only(Lang::En, "Robot Programming");
        let v = json!({"id": "urn:osaava:badge:osaava-aseptic-work:3"});
        assert_eq!(
            badge_id(&Node::root(&v), &name, None).unwrap(),
            "osaava-aseptic-work"
        );
        let v = json!({});
        let id = badge_id(&Node::root(&v), &name, Some("Basic Issuer")).unwrap();
        assert!(id.starts_with("ob-robot-programming-"), "{id}");
        assert_eq!(
            id,
            badge_id(&Node::root(&v), &name, Some("Basic Issuer")).unwrap(),
            "stable"
        );
    }
}
