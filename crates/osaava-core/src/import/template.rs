//! Osaava's own badge template (`"format": "osaava-badge-template/1"`, templates/badges/).
//!
//! Read with serde through `serde_path_to_error`, so a wrong type names its JSON path:
//! `$.criteria[2].mandatory: expected a boolean, found the string "yes"`. Required: `format`,
//! `id`, `name`, `criteria`; everything else has a default, and unknown keys are ignored.

use super::node::Node;
use super::text::clean_text;
use super::ImportError;
use crate::badge::{
    Alignment, AlignmentKind, Badge, Criterion, EvidenceKind, EvidenceRequirement, SourceFormat,
    DEFAULT_CURRENCY_YEARS,
};
use crate::localized::LocalizedText;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(expecting = "a badge template object")]
struct TemplateFile {
    #[allow(dead_code)]
    format: String,
    id: String,
    #[serde(default)]
    source_version: Option<String>,
    name: Text,
    #[serde(default)]
    description: Text,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    evidence_currency_years: Option<u32>,
    #[serde(default)]
    validity_years: Option<u32>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    alignments: Vec<TemplateAlignment>,
    criteria: Vec<TemplateCriterion>,
}

/// `{"fi": …, "sv": …, "en": …}`; any may be missing, other languages are ignored.
#[derive(Deserialize, Default)]
#[serde(expecting = "texts by language, as {\"fi\": …, \"sv\": …, \"en\": …}")]
struct Text {
    #[serde(default)]
    fi: Option<String>,
    #[serde(default)]
    sv: Option<String>,
    #[serde(default)]
    en: Option<String>,
}

impl Text {
    fn into_localized(self) -> LocalizedText {
        let t = |s: Option<String>| s.map(|s| clean_text(&s)).unwrap_or_default();
        LocalizedText::new(&t(self.fi), &t(self.sv), &t(self.en))
    }
}

#[derive(Deserialize)]
#[serde(expecting = "an alignment object")]
struct TemplateAlignment {
    #[serde(default)]
    kind: Option<AlignmentKind>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Text,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    competence_points: Option<u32>,
    #[serde(default)]
    qualification: Option<String>,
    #[serde(default)]
    framework: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a criterion object")]
struct TemplateCriterion {
    id: String,
    text: Text,
    #[serde(default)]
    guidance: Text,
    #[serde(default)]
    key_points: Vec<Text>,
    #[serde(default = "yes")]
    mandatory: bool,
    #[serde(default)]
    evidence: Option<TemplateEvidence>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(
    expecting = "an evidence requirement, as {\"min_items\": 1, \"kinds\": [\"observation\", …]}"
)]
struct TemplateEvidence {
    #[serde(default = "one")]
    min_items: u32,
    #[serde(default)]
    kinds: Vec<EvidenceKind>,
}

fn one() -> u32 {
    1
}

pub(crate) fn read(node: &Node<'_>) -> Result<Badge, ImportError> {
    let file: TemplateFile =
        serde_path_to_error::deserialize(node.v).map_err(|e| path_error(&node.path, &e))?;
    let opt = |s: Option<String>| s.map(|s| clean_text(&s)).filter(|s| !s.is_empty());
    let alignments = file
        .alignments
        .into_iter()
        .map(|a| {
            let code = opt(a.code);
            Alignment {
                kind: a.kind.unwrap_or_else(|| {
                    code.as_deref()
                        .map(Alignment::kind_of_code)
                        .unwrap_or(AlignmentKind::Framework)
                }),
                code,
                name: a.name.into_localized(),
                url: opt(a.url),
                competence_points: a.competence_points,
                qualification: opt(a.qualification),
                framework: opt(a.framework),
            }
        })
        .collect();
    let criteria = file
        .criteria
        .into_iter()
        .map(|c| {
            let evidence = c
                .evidence
                .map(|e| EvidenceRequirement {
                    min_items: e.min_items,
                    kinds: e.kinds,
                })
                .unwrap_or_default();
            Criterion {
                id: c.id.trim().to_string(),
                text: c.text.into_localized(),
                guidance: c.guidance.into_localized(),
                key_points: c
                    .key_points
                    .into_iter()
                    .map(Text::into_localized)
                    .filter(|k| !k.is_empty())
                    .collect(),
                mandatory: c.mandatory,
                evidence,
            }
        })
        .collect();
    Ok(Badge {
        id: file.id.trim().to_string(),
        version: 0,
        source_version: opt(file.source_version),
        name: file.name.into_localized(),
        description: file.description.into_localized(),
        issuer: opt(file.issuer),
        criteria,
        alignments,
        evidence_currency_years: file
            .evidence_currency_years
            .unwrap_or(DEFAULT_CURRENCY_YEARS),
        validity_years: file.validity_years,
        source_format: SourceFormat::OsaavaTemplate,
        image: opt(file.image),
    })
}

/// Turns serde's error into "path: expected X, found Y".
fn path_error(root: &str, e: &serde_path_to_error::Error<serde_json::Error>) -> ImportError {
    use serde_path_to_error::Segment;
    let mut path = root.to_string();
    for seg in e.path().iter() {
        match seg {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                path = Node {
                    v: &serde_json::Value::Null,
                    path,
                }
                .key_path(key);
            }
            Segment::Unknown => path.push_str(".?"),
        }
    }
    let raw = e.inner().to_string();
    let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let at = Node {
            v: &serde_json::Value::Null,
            path,
        }
        .key_path(field);
        return ImportError::at(at, "this required field is missing");
    }
    let message = if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("expected {}, found {}", words(expected), found_words(found))
            }
            None => raw.clone(),
        }
    } else if let Some(rest) = raw.strip_prefix("unknown variant ") {
        match rest.split_once(", expected ") {
            Some((value, expected)) => format!(
                "unknown value {}; expected {}",
                value.replace('`', "\""),
                expected.replace('`', "\"")
            ),
            None => raw.clone(),
        }
    } else {
        raw.clone()
    };
    ImportError::at(path, message)
}

fn words(expected: &str) -> String {
    match expected {
        "u32" => "a whole number from 0 to 4294967295".into(),
        "a sequence" => "a list".into(),
        "a map" => "an object".into(),
        other => other.to_string(),
    }
}

fn found_words(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the string {s}");
    }
    if let Some(n) = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
    {
        return format!("the number {}", n.trim_end_matches('`'));
    }
    match found {
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        "null" | "unit value" => "null".into(),
        other => other.replace('`', ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_value(v: serde_json::Value) -> Result<Badge, ImportError> {
        read(&Node::root(&v))
    }

    fn minimal() -> serde_json::Value {
        json!({
            "format": "osaava-badge-template/1",
            "id": "osaava-aseptic-work",
            "name": {"fi": "Aseptinen työskentely", "en": "Aseptic work"},
            "criteria": [{"id": "hand-hygiene", "text": {"fi": "Toteuttaa käsihygienian"}}]
        })
    }

    #[test]
    fn defaults_fill_what_is_optional() {
        let b = read_value(minimal()).unwrap();
        assert_eq!(b.evidence_currency_years, DEFAULT_CURRENCY_YEARS);
        assert!(b.criteria[0].mandatory);
        assert_eq!(b.criteria[0].evidence.min_items, 1);
        assert_eq!(b.source_format, SourceFormat::OsaavaTemplate);
        assert!(b.description.is_empty());
    }

    #[test]
    fn wrong_type_names_the_path() {
        let mut v = minimal();
        v["criteria"][0]["mandatory"] = json!("yes");
        let e = read_value(v).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.criteria[0].mandatory: expected a boolean, found the string \"yes\""
        );
    }

    #[test]
    fn missing_field_names_the_field() {
        let mut v = minimal();
        v.as_object_mut().unwrap().remove("name");
        assert_eq!(
            read_value(v).unwrap_err().to_string(),
            "$.name: this required field is missing"
        );
        let mut v = minimal();
        v["criteria"][0].as_object_mut().unwrap().remove("text");
        assert_eq!(
            read_value(v).unwrap_err().to_string(),
            "$.criteria[0].text: this required field is missing"
        );
    }

    #[test]
    fn unknown_kinds_list_the_allowed_ones() {
        let mut v = minimal();
        v["criteria"][0]["evidence"] = json!({"kinds": ["video"]});
        let e = read_value(v).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.criteria[0].evidence.kinds[0]"));
        assert!(
            e.message
                .starts_with("unknown value \"video\"; expected one of"),
            "{e}"
        );
        assert!(e.message.contains("\"work-sample\""), "{e}");
    }

    #[test]
    fn name_as_plain_string_says_what_shape_is_expected() {
        let mut v = minimal();
        v["name"] = json!("Aseptinen työ");
        let e = read_value(v).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.name"));
        assert!(e.message.starts_with("expected texts by language"), "{e}");
    }

    #[test]
    fn alignment_kind_comes_from_the_code_when_missing() {
        let mut v = minimal();
        v["alignments"] = json!([{"code": "tutkinnonosat_106228", "name": {"fi": "Ikääntyvien osallisuuden edistäminen"}, "competence_points": 35}]);
        let b = read_value(v).unwrap();
        assert_eq!(b.alignments[0].kind, AlignmentKind::QualificationUnit);
        assert_eq!(b.alignments[0].competence_points, Some(35));
    }

    #[test]
    fn negative_numbers_are_refused_with_the_path() {
        let mut v = minimal();
        v["validity_years"] = json!(-3);
        let e = read_value(v).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.validity_years"));
        assert!(e.message.starts_with("expected a whole number"), "{e}");
    }
}
