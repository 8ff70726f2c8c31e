//! Interview question templates (`templates/interview/questions.json`): parsing and checks.
//!
//! The API embeds the file and passes its bytes in; every problem is reported with its JSON path.

use crate::badge::EvidenceKind;
use crate::localized::{Lang, LocalizedText};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const QUESTIONS_FORMAT: &str = "osaava-interview-questions/1";

/// When an extra probe is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProbeCondition {
    /// Self-assessed 3 or 4: ask for depth, and how they guide others.
    SelfHigh,
    /// Self-assessed 1 or 2.
    SelfLow,
    /// "Can't say".
    SelfUnsure,
    /// No self-assessment for the criterion.
    NoSelfAssessment,
    /// Not enough evidence of the accepted kinds.
    NoEvidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// situation, action, result, reflection, …
    pub id: String,
    pub text: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub default: LocalizedText,
    /// A variant for a criterion whose first linked evidence is of this kind.
    #[serde(default)]
    pub by_evidence_kind: BTreeMap<EvidenceKind, LocalizedText>,
}

/// The parsed, checked templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTemplates {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub format: String,
    pub opening: Opening,
    /// Asked for every criterion, in this order.
    pub probes: Vec<Probe>,
    /// Asked in addition when the condition holds.
    #[serde(default)]
    pub extra_probes: BTreeMap<ProbeCondition, Vec<LocalizedText>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the interview questions are not valid JSON of the expected shape: {0}")]
    Json(String),
    #[error("{path}: {message}")]
    At { path: String, message: String },
}

fn at(path: impl Into<String>, message: impl Into<String>) -> TemplateError {
    TemplateError::At {
        path: path.into(),
        message: message.into(),
    }
}

/// The `{name}` placeholders in `text`, or an error for an unclosed or stray brace.
fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("a \"}\" without a \"{\"".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a \"{\" without a \"}\"")?;
        let name = &after[..close];
        if name.contains('{') {
            return Err("a \"{\" inside a placeholder".into());
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Every language present, only `{criterion}` as placeholder, and `{criterion}` present if `needs`.
fn check_text(t: &LocalizedText, path: &str, needs_criterion: bool) -> Result<(), TemplateError> {
    for lang in Lang::ALL {
        let p = format!("{path}.{}", lang.code());
        let text = t
            .get(lang)
            .ok_or_else(|| at(&p, "missing: every question needs fi, sv and en"))?;
        let names = placeholders(text).map_err(|m| at(&p, m))?;
        if let Some(bad) = names.iter().find(|n| **n != "criterion") {
            return Err(at(
                &p,
                format!("unknown placeholder {{{bad}}}; only {{criterion}} is filled in"),
            ));
        }
        if needs_criterion && names.is_empty() {
            return Err(at(&p, "an opening question must contain {criterion}"));
        }
    }
    Ok(())
}

impl QuestionTemplates {
    pub fn parse(bytes: &[u8]) -> Result<QuestionTemplates, TemplateError> {
        let t: QuestionTemplates =
            serde_json::from_slice(bytes).map_err(|e| TemplateError::Json(e.to_string()))?;
        if t.format != QUESTIONS_FORMAT {
            return Err(at(
                "$.format",
                format!("expected \"{QUESTIONS_FORMAT}\", got {:?}", t.format),
            ));
        }
        check_text(&t.opening.default, "$.opening.default", true)?;
        for (kind, text) in &t.opening.by_evidence_kind {
            check_text(
                text,
                &format!("$.opening.by_evidence_kind.{}", kind.code()),
                true,
            )?;
        }
        if t.probes.is_empty() {
            return Err(at("$.probes", "expected at least one follow-up probe"));
        }
        for (i, p) in t.probes.iter().enumerate() {
            if p.id.trim().is_empty() {
                return Err(at(format!("$.probes[{i}].id"), "a probe needs an id"));
            }
            if t.probes[..i].iter().any(|q| q.id == p.id) {
                return Err(at(
                    format!("$.probes[{i}].id"),
                    format!("probe id {:?} is used more than once", p.id),
                ));
            }
            check_text(&p.text, &format!("$.probes[{i}].text"), false)?;
        }
        for (cond, list) in &t.extra_probes {
            let name = serde_json::to_value(cond)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            for (i, text) in list.iter().enumerate() {
                check_text(text, &format!("$.extra_probes.{name}[{i}]"), false)?;
            }
        }
        Ok(t)
    }
}

/// Fills `{criterion}` in with the criterion text, without its closing full stop.
pub fn fill(template: &str, criterion_text: &str) -> String {
    template.replace("{criterion}", criterion_text.trim().trim_end_matches('.'))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub fn l(fi: &str, sv: &str, en: &str) -> serde_json::Value {
        json!({"fi": fi, "sv": sv, "en": en})
    }

    pub fn sample() -> serde_json::Value {
        json!({
            "format": QUESTIONS_FORMAT,
            "opening": {
                "default": l("Kerro tilanteesta: ”{criterion}”.", "Berätta om en situation: ”{criterion}”.", "Tell me about a time: “{criterion}”."),
                "by_evidence_kind": {
                    "observation": l("Havainnoitu: ”{criterion}”.", "Observerad: ”{criterion}”.", "Observed: “{criterion}”.")
                }
            },
            "probes": [
                {"id": "situation", "text": l("Millainen tilanne?", "Hurdan situation?", "What was the situation?")},
                {"id": "action", "text": l("Mitä teit?", "Vad gjorde du?", "What did you do?")}
            ],
            "extra_probes": {
                "self-high": [l("Miten ohjaat muita?", "Hur handleder du andra?", "How do you guide others?")],
                "no-evidence": [l("Kuka voisi vahvistaa?", "Vem kan intyga?", "Who could confirm this?")]
            }
        })
    }

    fn parse(v: serde_json::Value) -> Result<QuestionTemplates, TemplateError> {
        QuestionTemplates::parse(&serde_json::to_vec(&v).unwrap())
    }

    #[test]
    fn parses_the_sample() {
        let t = parse(sample()).unwrap();
        assert_eq!(t.probes.len(), 2);
        assert!(t
            .opening
            .by_evidence_kind
            .contains_key(&EvidenceKind::Observation));
        assert_eq!(t.extra_probes[&ProbeCondition::SelfHigh].len(), 1);
    }

    #[test]
    fn errors_name_the_path() {
        let mut v = sample();
        v["opening"]["default"]["sv"] = json!("Berätta om en situation.");
        assert_eq!(
            parse(v).unwrap_err().to_string(),
            "$.opening.default.sv: an opening question must contain {criterion}"
        );

        let mut v = sample();
        v["probes"][1]["text"]["en"] = json!("What did {name} do?");
        assert_eq!(
            parse(v).unwrap_err().to_string(),
            "$.probes[1].text.en: unknown placeholder {name}; only {criterion} is filled in"
        );

        let mut v = sample();
        v["probes"][0]["text"].as_object_mut().unwrap().remove("fi");
        assert!(parse(v)
            .unwrap_err()
            .to_string()
            .starts_with("$.probes[0].text.fi: missing"));

        let mut v = sample();
        v["probes"][1]["id"] = json!("situation");
        assert!(parse(v)
            .unwrap_err()
            .to_string()
            .contains("used more than once"));

        let mut v = sample();
        v["opening"]["by_evidence_kind"]["work-sample"] =
            l("{criterion", "{criterion}", "{criterion}");
        assert!(parse(v)
            .unwrap_err()
            .to_string()
            .starts_with("$.opening.by_evidence_kind.work-sample.fi"));

        let mut v = sample();
        v["extra_probes"]["self-low"] = json!([l("a}", "b", "c")]);
        assert!(parse(v)
            .unwrap_err()
            .to_string()
            .starts_with("$.extra_probes.self-low[0].fi"));

        let mut v = sample();
        v["opening"]["by_evidence_kind"]["video"] = v["opening"]["default"].clone();
        assert!(parse(v)
            .unwrap_err()
            .to_string()
            .contains("not valid JSON of the expected shape"));

        let mut v = sample();
        v["format"] = json!("osaava-interview-questions/2");
        assert!(parse(v).unwrap_err().to_string().starts_with("$.format"));

        let mut v = sample();
        v["probes"] = json!([]);
        assert!(parse(v).unwrap_err().to_string().starts_with("$.probes"));
    }

    #[test]
    fn fills_the_criterion_without_a_double_full_stop() {
        assert_eq!(
            fill("Kerro: ”{criterion}”.", "Toimii ohjeen mukaan. "),
            "Kerro: ”Toimii ohjeen mukaan”."
        );
    }
}
