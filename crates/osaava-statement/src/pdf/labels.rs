//! Every text on the statement that is not the statement's own data, in fi, sv and en, read from
//! `templates/statement/labels.json` (embedded at build time; its format is described in
//! templates/statement/README.md). A missing or unknown key fails the labels test, not a user.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use osaava_core::badge::{AlignmentKind, EvidenceKind};
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::Lang;
use serde::Deserialize;

static LABELS_JSON: &str = include_str!("../../../../templates/statement/labels.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AllLabels {
    pub fi: Labels,
    pub sv: Labels,
    pub en: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Labels {
    pub title: String,
    pub subtitle: String,
    pub business_id: String,
    pub employee: String,
    pub badge: String,
    pub version: String,
    pub decision: String,
    pub assessor: String,
    pub place_and_date: String,
    /// `{place}` and `{date}` are filled in.
    pub place_date: String,
    pub statement_id: String,
    pub supersedes: String,
    pub units_heading: String,
    pub units_note: String,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_points: String,
    pub points_unit: String,
    pub other_alignments: String,
    pub no_units: String,
    pub badge_heading: String,
    pub decision_heading: String,
    pub criteria_heading: String,
    pub col_criterion: String,
    pub col_rating: String,
    pub col_rationale: String,
    pub col_evidence: String,
    pub mandatory: String,
    pub optional: String,
    pub continued: String,
    pub authenticity_checked: String,
    pub authenticity_not_checked: String,
    pub date_unknown: String,
    pub no_evidence: String,
    pub learning_heading: String,
    pub col_course: String,
    pub col_provider: String,
    pub col_duration: String,
    pub col_covers: String,
    pub no_learning_path: String,
    pub signature_heading: String,
    pub signature_note: String,
    pub attachments_heading: String,
    pub qr_caption: String,
    /// `{page}` and `{pages}` are filled in.
    pub page: String,
    /// `{d}`, `{m}` (numbers), `{month}` (a name from `months`) and `{y}` are filled in.
    pub date_format: String,
    pub months: [String; 12],
    pub hours: String,
    pub hours_minutes: String,
    pub minutes: String,
    pub ratings: RatingLabels,
    pub decisions: DecisionLabels,
    pub evidence_kinds: EvidenceKindLabels,
    pub alignment_kinds: AlignmentKindLabels,
    pub attachment_descriptions: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RatingLabels {
    pub meets: String,
    pub partially_meets: String,
    pub does_not_meet: String,
    pub not_assessed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct DecisionLabels {
    pub recognised: String,
    pub partially_recognised: String,
    pub not_yet: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct EvidenceKindLabels {
    pub interview_answer: String,
    pub observation: String,
    pub document: String,
    pub work_sample: String,
    pub third_party_statement: String,
    pub prior_certificate: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AlignmentKindLabels {
    pub qualification_unit: String,
    pub national_badge: String,
    pub esco_skill: String,
    pub framework: String,
}

fn all() -> &'static AllLabels {
    static LABELS: OnceLock<AllLabels> = OnceLock::new();
    LABELS.get_or_init(|| {
        serde_json::from_str(LABELS_JSON)
            .expect("templates/statement/labels.json is checked by the labels test")
    })
}

impl Labels {
    pub(crate) fn get(lang: Lang) -> &'static Labels {
        let all = all();
        match lang {
            Lang::Fi => &all.fi,
            Lang::Sv => &all.sv,
            Lang::En => &all.en,
        }
    }

    pub(crate) fn rating(&self, rating: Rating) -> &str {
        match rating {
            Rating::Meets => &self.ratings.meets,
            Rating::PartiallyMeets => &self.ratings.partially_meets,
            Rating::DoesNotMeet => &self.ratings.does_not_meet,
            Rating::NotAssessed => &self.ratings.not_assessed,
        }
    }

    pub(crate) fn decision(&self, decision: Decision) -> &str {
        match decision {
            Decision::Recognised => &self.decisions.recognised,
            Decision::PartiallyRecognised => &self.decisions.partially_recognised,
            Decision::NotYet => &self.decisions.not_yet,
        }
    }

    pub(crate) fn evidence_kind(&self, kind: EvidenceKind) -> &str {
        let k = &self.evidence_kinds;
        match kind {
            EvidenceKind::InterviewAnswer => &k.interview_answer,
            EvidenceKind::Observation => &k.observation,
            EvidenceKind::Document => &k.document,
            EvidenceKind::WorkSample => &k.work_sample,
            EvidenceKind::ThirdPartyStatement => &k.third_party_statement,
            EvidenceKind::PriorCertificate => &k.prior_certificate,
        }
    }

    pub(crate) fn alignment_kind(&self, kind: AlignmentKind) -> &str {
        let k = &self.alignment_kinds;
        match kind {
            AlignmentKind::QualificationUnit => &k.qualification_unit,
            AlignmentKind::NationalBadge => &k.national_badge,
            AlignmentKind::EscoSkill => &k.esco_skill,
            AlignmentKind::Framework => &k.framework,
        }
    }

    /// A date as the language writes it: 20.11.2026 in Finnish and Swedish (as used in Finland),
    /// 20 November 2026 in English.
    pub(crate) fn date(&self, date: NaiveDate) -> String {
        self.date_format
            .replace("{d}", &date.day().to_string())
            .replace("{m}", &date.month().to_string())
            .replace("{month}", &self.months[date.month0() as usize])
            .replace("{y}", &date.year().to_string())
    }

    pub(crate) fn duration(&self, minutes: u32) -> String {
        let (h, min) = (minutes / 60, minutes % 60);
        let pattern = match (h, min) {
            (0, _) => &self.minutes,
            (_, 0) => &self.hours,
            _ => &self.hours_minutes,
        };
        pattern
            .replace("{h}", &h.to_string())
            .replace("{min}", &min.to_string())
    }

    pub(crate) fn page(&self, page: usize, pages: usize) -> String {
        self.page
            .replace("{pages}", &pages.to_string())
            .replace("{page}", &page.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_file_has_every_key_in_every_language() {
        // deny_unknown_fields and the typed structs make a typo or a missing key fail here.
        let all: AllLabels = serde_json::from_str(LABELS_JSON).expect("labels.json parses");
        for l in [&all.fi, &all.sv, &all.en] {
            assert!(!l.title.trim().is_empty());
            assert!(l.page.contains("{page}") && l.page.contains("{pages}"));
            assert!(l.date_format.contains("{d}") && l.date_format.contains("{y}"));
            assert!(l.attachment_descriptions.contains_key("statement.json"));
            assert!(l.attachment_descriptions.contains_key("credential.json"));
        }
    }

    #[test]
    fn dates_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(Labels::get(Lang::Fi).date(d), "20.11.2026");
        assert_eq!(Labels::get(Lang::Sv).date(d), "20.11.2026");
        assert_eq!(Labels::get(Lang::En).date(d), "20 November 2026");
    }

    #[test]
    fn durations_and_page_numbers() {
        let fi = Labels::get(Lang::Fi);
        assert_eq!(fi.duration(180), "3 h");
        assert_eq!(fi.duration(90), "1 h 30 min");
        assert_eq!(fi.duration(45), "45 min");
        assert_eq!(fi.page(1, 2), "Sivu 1 / 2");
        assert_eq!(
            Labels::get(Lang::En).rating(Rating::PartiallyMeets),
            "Partially meets"
        );
        assert_eq!(
            Labels::get(Lang::Sv).decision(Decision::NotYet),
            "Ännu inte erkänt"
        );
    }
}
