//! The interview guide for a case: per criterion an opening behavioural question, follow-up
//! probes and the key points to listen for, with the criteria that most need the conversation first.
//!
//! Order: criteria with more reasons to probe come first — no self-assessment or "can't say", a low
//! self-assessment (1–2), fewer evidence items of accepted kinds than required — then badge order.
//! The self-assessment only orders the questions and picks extra probes; it never rates anything.

use super::template::{fill, ProbeCondition, QuestionTemplates};
use crate::badge::{Badge, Criterion};
use crate::evidence::Evidence;
use crate::localized::Lang;
use crate::selfassess::{SelfAssessment, SelfLevel};
use serde::{Deserialize, Serialize};

/// Why a criterion is asked early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum PriorityReason {
    NoSelfAssessment,
    SelfUnsure,
    SelfLow,
    EvidenceMissing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct GuideQuestion {
    pub criterion: String,
    pub criterion_text: String,
    pub mandatory: bool,
    pub question: String,
    pub probes: Vec<String>,
    pub key_points: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub guidance: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "1 | 2 | 3 | 4 | \"unsure\" | null"))]
    pub self_level: Option<SelfLevel>,
    /// The employee's example, to refer to in the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub self_example: Option<String>,
    /// Evidence items linked to the criterion.
    pub evidence_count: u32,
    pub priority: Vec<PriorityReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct InterviewGuide {
    pub language: Lang,
    pub questions: Vec<GuideQuestion>,
}

fn accepted_items(c: &Criterion, evidence: &[&Evidence]) -> u32 {
    let n = evidence
        .iter()
        .filter(|e| c.evidence.kinds.is_empty() || c.evidence.kinds.contains(&e.kind))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn question_for(
    t: &QuestionTemplates,
    c: &Criterion,
    sa: Option<&SelfAssessment>,
    all_evidence: &[Evidence],
    lang: Lang,
) -> GuideQuestion {
    let text = c.text.show(lang).to_string();
    let evidence: Vec<&Evidence> = all_evidence.iter().filter(|e| e.supports(&c.id)).collect();
    let entry = sa.and_then(|s| s.entry(&c.id));
    let level = entry.map(|e| e.level);

    let mut priority = Vec::new();
    let mut conditions = Vec::new();
    match level {
        None => {
            priority.push(PriorityReason::NoSelfAssessment);
            conditions.push(ProbeCondition::NoSelfAssessment);
        }
        Some(SelfLevel::Unsure) => {
            priority.push(PriorityReason::SelfUnsure);
            conditions.push(ProbeCondition::SelfUnsure);
        }
        Some(l) if l.is_low() => {
            priority.push(PriorityReason::SelfLow);
            conditions.push(ProbeCondition::SelfLow);
        }
        Some(_) => conditions.push(ProbeCondition::SelfHigh),
    }
    if accepted_items(c, &evidence) < c.evidence.min_items {
        priority.push(PriorityReason::EvidenceMissing);
        conditions.push(ProbeCondition::NoEvidence);
    }

    let opening = evidence
        .first()
        .and_then(|e| t.opening.by_evidence_kind.get(&e.kind))
        .unwrap_or(&t.opening.default);
    let mut probes: Vec<String> = t
        .probes
        .iter()
        .map(|p| fill(p.text.show(lang), &text))
        .collect();
    for cond in conditions {
        for p in t.extra_probes.get(&cond).into_iter().flatten() {
            probes.push(fill(p.show(lang), &text));
        }
    }
    let guidance = Some(c.guidance.show(lang).to_string()).filter(|g| !g.is_empty());
    let mut key_points: Vec<String> = c
        .key_points
        .iter()
        .map(|k| k.show(lang).to_string())
        .filter(|k| !k.is_empty())
        .collect();
    if key_points.is_empty() {
        key_points.extend(guidance.clone());
    }
    GuideQuestion {
        criterion: c.id.clone(),
        question: fill(opening.show(lang), &text),
        criterion_text: text,
        mandatory: c.mandatory,
        probes,
        key_points,
        guidance,
        self_level: level,
        self_example: entry.and_then(|e| e.example.clone()),
        evidence_count: u32::try_from(evidence.len()).unwrap_or(u32::MAX),
        priority,
    }
}

/// The guide for a case in `lang`. `self_assessment` may be absent (it is optional).
pub fn build_guide(
    templates: &QuestionTemplates,
    badge: &Badge,
    self_assessment: Option<&SelfAssessment>,
    evidence: &[Evidence],
    lang: Lang,
) -> InterviewGuide {
    let mut questions: Vec<(usize, GuideQuestion)> = badge
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                i,
                question_for(templates, c, self_assessment, evidence, lang),
            )
        })
        .collect();
    questions.sort_by_key(|(i, q)| (std::cmp::Reverse(q.priority.len()), *i));
    InterviewGuide {
        language: lang,
        questions: questions.into_iter().map(|(_, q)| q).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badge::EvidenceKind;
    use crate::case::common::fixtures::badge;
    use crate::evidence::EvidenceInput;
    use crate::interview::template::tests::sample;

    fn templates() -> QuestionTemplates {
        QuestionTemplates::parse(&serde_json::to_vec(&sample()).unwrap()).unwrap()
    }

    fn evidence(id: &str, kind: EvidenceKind, crits: &[&str]) -> Evidence {
        let crits: Vec<String> = crits.iter().map(|s| s.to_string()).collect();
        let input = EvidenceInput {
            kind: Some(kind),
            criteria: &crits,
            ..Default::default()
        };
        Evidence::new(&badge(), id, &input, None, "2025-01-01".parse().unwrap())
            .unwrap()
            .0
    }

    fn order(g: &InterviewGuide) -> Vec<&str> {
        g.questions.iter().map(|q| q.criterion.as_str()).collect()
    }

    #[test]
    fn without_self_assessment_or_evidence_the_badge_order_stays() {
        let g = build_guide(&templates(), &badge(), None, &[], Lang::Fi);
        assert_eq!(order(&g), ["c1", "c2", "c3"]);
        let q = &g.questions[0];
        assert_eq!(q.question, "Kerro tilanteesta: ”Kriteeri c1”.");
        assert_eq!(q.probes[..2], ["Millainen tilanne?", "Mitä teit?"]);
        assert_eq!(
            q.probes[2], "Kuka voisi vahvistaa?",
            "extra probe for missing evidence"
        );
        assert_eq!(q.key_points, ["Avainkohta c1"]);
        assert_eq!(q.guidance.as_deref(), Some("Ohje c1"));
        assert_eq!(
            q.priority,
            [
                PriorityReason::NoSelfAssessment,
                PriorityReason::EvidenceMissing
            ]
        );
    }

    #[test]
    fn low_or_unsure_self_assessment_and_missing_evidence_come_first() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        sa.set(
            &b,
            "c1",
            SelfLevel::CanGuideOthers,
            Some("Perehdytin uuden hoitajan"),
        )
        .unwrap();
        sa.set(&b, "c2", SelfLevel::Independently, None).unwrap();
        sa.set(&b, "c3", SelfLevel::WithGuidance, None).unwrap();
        let ev = vec![
            evidence("e1", EvidenceKind::Document, &["c1", "c3"]),
            evidence("e2", EvidenceKind::Observation, &["c2"]),
            evidence("e3", EvidenceKind::Observation, &["c2"]),
        ];
        let g = build_guide(&templates(), &b, Some(&sa), &ev, Lang::En);
        // c3 is low; c1 and c2 are high with enough evidence, so badge order.
        assert_eq!(order(&g), ["c3", "c1", "c2"]);
        assert_eq!(g.questions[0].priority, [PriorityReason::SelfLow]);
        assert_eq!(
            g.questions[1].self_example.as_deref(),
            Some("Perehdytin uuden hoitajan")
        );
        assert!(g.questions[1]
            .probes
            .contains(&"How do you guide others?".to_string()));
        // c2's first evidence is an observation: the observation variant opens.
        assert_eq!(g.questions[2].question, "Observed: “Criterion c2”.");
        assert_eq!(g.questions[2].evidence_count, 2);

        // Take one observation away: c2 lacks evidence and moves up beside c3 (badge order between them).
        let g = build_guide(&templates(), &b, Some(&sa), &ev[..2], Lang::En);
        assert_eq!(order(&g), ["c2", "c3", "c1"]);
        // Wrong kinds do not count as evidence for c2.
        let docs = vec![
            ev[0].clone(),
            evidence("d2", EvidenceKind::Document, &["c2"]),
            evidence("d3", EvidenceKind::Document, &["c2"]),
        ];
        let g = build_guide(&templates(), &b, Some(&sa), &docs, Lang::En);
        assert_eq!(g.questions[0].criterion, "c2");
        assert_eq!(g.questions[0].priority, [PriorityReason::EvidenceMissing]);
    }

    #[test]
    fn unsure_counts_as_missing_and_more_reasons_go_first() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        sa.set(&b, "c1", SelfLevel::Independently, None).unwrap();
        sa.set(&b, "c3", SelfLevel::Unsure, None).unwrap();
        let ev = vec![evidence("e1", EvidenceKind::Document, &["c1", "c3"])];
        let g = build_guide(&templates(), &b, Some(&sa), &ev, Lang::Sv);
        // c2: no self-assessment and no evidence (2 reasons); c3: unsure (1); c1: none.
        assert_eq!(order(&g), ["c2", "c3", "c1"]);
        assert_eq!(g.questions[1].priority, [PriorityReason::SelfUnsure]);
        assert_eq!(
            g.questions[0].question,
            "Berätta om en situation: ”Kriterium c2”."
        );
    }

    #[test]
    fn guidance_stands_in_for_missing_key_points() {
        let mut b = badge();
        b.criteria[0].key_points.clear();
        let g = build_guide(&templates(), &b, None, &[], Lang::En);
        assert_eq!(g.questions[0].key_points, ["Guidance c1"]);
        b.criteria[0].guidance = Default::default();
        let g = build_guide(&templates(), &b, None, &[], Lang::En);
        assert!(g.questions[0].key_points.is_empty() && g.questions[0].guidance.is_none());
    }
}
