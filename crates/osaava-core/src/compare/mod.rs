//! Comparison and decision support: criteria × evidence, self-assessment beside the assessor's
//! rating, the gaps and a suggested decision with its reasons.
//!
//! # The rules
//!
//! **Evidence that counts** for a criterion is linked to it, of a kind the criterion accepts (any
//! kind when its requirement lists none), *current* and *checked for authenticity*. Cedefop asks
//! evidence to be valid, sufficient, authentic and current, and a college relies on the statement,
//! so unverified or outdated evidence is shown but never counted.
//!
//! * **current**: obtained on or after the decision date minus the badge's
//!   `evidence_currency_years` (default 5), and not after the decision date. An item without a date
//!   cannot be shown to be current, so it is not.
//! * **sufficient**: at least `min_items` items count.
//!
//! Per criterion the output says `sufficient` (enough items count), `current` (enough items of an
//! accepted kind are current, authenticity aside) and `authenticity_checked` (enough items of an
//! accepted kind are checked, currency aside), so the screen can say which condition is missing.
//!
//! **Discrepancy** between the self-assessment and the rating: the self-levels map onto the rating
//! scale, 1 → does not meet, 2 → partially meets, 3 and 4 → meets ("I can on my own" is what a
//! criterion asks); a discrepancy is a gap of two steps, i.e. self 3–4 but "does not meet"
//! (self-higher) or self 1 but "meets" (self-lower). One step is ordinary calibration and is not
//! flagged. "Can't say", no self-assessment and "not assessed" are never a discrepancy. The
//! self-assessment never changes a rating or the suggestion.
//!
//! **Suggestion**: a criterion is *recognisable* when it is rated "meets" and its evidence is
//! sufficient. `recognise` when every mandatory criterion is recognisable (and at least one
//! criterion is); `partially` when some criterion is; `not-yet` otherwise.
//!
//! **Gaps** are the mandatory criteria the assessor rated "does not meet" or "partially meets":
//! competence to learn, so the learning path covers them. A criterion rated "meets" without
//! sufficient evidence is listed in `evidence_needed` instead: it needs evidence, not a course.

mod reason;

pub use reason::Reason;

use crate::badge::{Badge, Criterion, EvidenceKind};
use crate::evidence::Evidence;
use crate::interview::rating::{rating_of, CriterionRating, Rating};
use crate::learning::{plan_path, Catalogue, PathStep};
use crate::localized::Lang;
use crate::selfassess::{SelfAssessment, SelfLevel};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Everything the comparison looks at.
#[derive(Debug, Clone, Copy)]
pub struct CaseFacts<'a> {
    pub badge: &'a Badge,
    pub self_assessment: Option<&'a SelfAssessment>,
    pub evidence: &'a [Evidence],
    pub ratings: &'a [CriterionRating],
    /// The decision date, or today for a preview: evidence currency is measured to it.
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Suggestion {
    Recognise,
    Partially,
    NotYet,
}

impl Suggestion {
    pub fn code(self) -> &'static str {
        match self {
            Suggestion::Recognise => "recognise",
            Suggestion::Partially => "partially",
            Suggestion::NotYet => "not-yet",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Discrepancy {
    /// The employee rated themselves 3–4, the assessor "does not meet".
    SelfHigher,
    /// The employee rated themselves 1, the assessor "meets".
    SelfLower,
}

/// Why an evidence item does not count for a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceIssue {
    WrongKind,
    Undated,
    Outdated,
    AfterDecisionDate,
    NotChecked,
}

/// One cell of the criteria × evidence matrix (only linked pairs have cells).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceCell {
    pub evidence: String,
    pub kind: EvidenceKind,
    pub counts: bool,
    pub issues: Vec<EvidenceIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct CriterionComparison {
    pub id: String,
    pub mandatory: bool,
    pub rating: Rating,
    #[cfg_attr(feature = "ts", ts(type = "1 | 2 | 3 | 4 | \"unsure\" | null"))]
    pub self_level: Option<SelfLevel>,
    /// Items linked to the criterion, whatever their state.
    pub evidence_count: u32,
    /// Items that count (accepted kind, current, checked).
    pub counted: u32,
    pub required: u32,
    pub sufficient: bool,
    pub current: bool,
    pub authenticity_checked: bool,
    pub discrepancy: Option<Discrepancy>,
    /// Rated "meets" with sufficient evidence.
    pub recognisable: bool,
    /// This criterion's row of the matrix.
    pub evidence: Vec<EvidenceCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct Comparison {
    pub suggestion: Suggestion,
    pub reasons: Vec<Reason>,
    pub criteria: Vec<CriterionComparison>,
    /// Mandatory criteria rated below "meets", in badge order: what the learning path covers.
    pub gaps: Vec<String>,
    /// Criteria rated "meets" whose evidence is not sufficient yet.
    pub evidence_needed: Vec<String>,
    /// Criteria that would be recognised now, in badge order.
    pub recognisable: Vec<String>,
    pub learning_path: Vec<PathStep>,
    pub learning_path_minutes: u32,
    /// Gaps that no course in the catalogue covers.
    pub uncovered_gaps: Vec<String>,
}

impl Comparison {
    /// The reasons as sentences in `lang`.
    pub fn reason_texts(&self, lang: Lang) -> Vec<String> {
        self.reasons.iter().map(|r| r.message(lang)).collect()
    }
}

/// Whether `obtained` is within `years` before `as_of` (inclusive), and not after it.
pub fn is_current(obtained: NaiveDate, as_of: NaiveDate, years: u32) -> bool {
    let cutoff = as_of
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN);
    obtained >= cutoff && obtained <= as_of
}

/// The discrepancy rule (see the module documentation).
pub fn discrepancy(self_level: Option<SelfLevel>, rating: Rating) -> Option<Discrepancy> {
    match (self_level?, rating) {
        (SelfLevel::Independently | SelfLevel::CanGuideOthers, Rating::DoesNotMeet) => {
            Some(Discrepancy::SelfHigher)
        }
        (SelfLevel::NotYet, Rating::Meets) => Some(Discrepancy::SelfLower),
        _ => None,
    }
}

fn cell(c: &Criterion, e: &Evidence, as_of: NaiveDate, years: u32) -> EvidenceCell {
    let mut issues = Vec::new();
    if !c.evidence.kinds.is_empty() && !c.evidence.kinds.contains(&e.kind) {
        issues.push(EvidenceIssue::WrongKind);
    }
    match e.obtained {
        None => issues.push(EvidenceIssue::Undated),
        Some(d) if d > as_of => issues.push(EvidenceIssue::AfterDecisionDate),
        Some(d) if !is_current(d, as_of, years) => issues.push(EvidenceIssue::Outdated),
        Some(_) => {}
    }
    if !e.authenticity_checked {
        issues.push(EvidenceIssue::NotChecked);
    }
    EvidenceCell {
        evidence: e.id.clone(),
        kind: e.kind,
        counts: issues.is_empty(),
        issues,
    }
}

fn count(cells: &[EvidenceCell], f: impl Fn(&EvidenceCell) -> bool) -> u32 {
    u32::try_from(cells.iter().filter(|c| f(c)).count()).unwrap_or(u32::MAX)
}

fn compare_criterion(facts: &CaseFacts, c: &Criterion) -> CriterionComparison {
    let years = facts.badge.evidence_currency_years;
    let cells: Vec<EvidenceCell> = facts
        .evidence
        .iter()
        .filter(|e| e.supports(&c.id))
        .map(|e| cell(c, e, facts.as_of, years))
        .collect();
    let has = |cell: &EvidenceCell, i: EvidenceIssue| cell.issues.contains(&i);
    let accepted = |cell: &EvidenceCell| !has(cell, EvidenceIssue::WrongKind);
    let required = c.evidence.min_items;
    let counted = count(&cells, |x| x.counts);
    let current = count(&cells, |x| {
        accepted(x)
            && ![
                EvidenceIssue::Undated,
                EvidenceIssue::Outdated,
                EvidenceIssue::AfterDecisionDate,
            ]
            .iter()
            .any(|&i| has(x, i))
    });
    let checked = count(&cells, |x| {
        accepted(x) && !has(x, EvidenceIssue::NotChecked)
    });
    let rating = rating_of(facts.ratings, &c.id);
    let self_level = facts.self_assessment.and_then(|sa| sa.level_of(&c.id));
    let sufficient = counted >= required;
    CriterionComparison {
        id: c.id.clone(),
        mandatory: c.mandatory,
        rating,
        self_level,
        evidence_count: u32::try_from(cells.len()).unwrap_or(u32::MAX),
        counted,
        required,
        sufficient,
        current: current >= required,
        authenticity_checked: checked >= required,
        discrepancy: discrepancy(self_level, rating),
        recognisable: rating == Rating::Meets && sufficient,
        evidence: cells,
    }
}

/// Compares a case. With a catalogue, the learning path for the gaps is planned too.
pub fn compare(facts: &CaseFacts, catalogue: Option<&Catalogue>) -> Comparison {
    let criteria: Vec<CriterionComparison> = facts
        .badge
        .criteria
        .iter()
        .map(|c| compare_criterion(facts, c))
        .collect();
    let ids = |f: &dyn Fn(&CriterionComparison) -> bool| -> Vec<String> {
        criteria
            .iter()
            .filter(|c| f(c))
            .map(|c| c.id.clone())
            .collect()
    };
    let recognisable = ids(&|c| c.recognisable);
    let all_mandatory = criteria
        .iter()
        .filter(|c| c.mandatory)
        .all(|c| c.recognisable);
    let suggestion = if all_mandatory && !recognisable.is_empty() {
        Suggestion::Recognise
    } else if !recognisable.is_empty() {
        Suggestion::Partially
    } else {
        Suggestion::NotYet
    };
    let gaps =
        ids(&|c| c.mandatory && matches!(c.rating, Rating::DoesNotMeet | Rating::PartiallyMeets));
    let evidence_needed = ids(&|c| c.rating == Rating::Meets && !c.sufficient);
    let reasons = reason::reasons(
        suggestion,
        &criteria,
        &recognisable,
        facts.badge.evidence_currency_years,
    );
    let (learning_path, learning_path_minutes, uncovered_gaps) = match catalogue {
        Some(cat) if !gaps.is_empty() => {
            let p = plan_path(facts.badge, &gaps, cat);
            (p.steps, p.total_minutes, p.uncovered)
        }
        _ => (Vec::new(), 0, Vec::new()),
    };
    Comparison {
        suggestion,
        reasons,
        criteria,
        gaps,
        evidence_needed,
        recognisable,
        learning_path,
        learning_path_minutes,
        uncovered_gaps,
    }
}

#[cfg(test)]
mod tests;
