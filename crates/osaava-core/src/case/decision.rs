//! The assessor's decision and its rules.
//!
//! * Every mandatory criterion must be rated (not "not assessed") before deciding.
//! * The decision may differ from the suggestion (see `compare`), but then it needs a justification.
//! * Whatever the suggestion, the decision must agree with the assessor's own ratings: "recognised"
//!   needs every mandatory criterion rated "meets", "partially recognised" at least one criterion
//!   rated "meets". The justification can overrule the evidence rules (the assessor heard enough in
//!   the interview, say), never the assessor's own judgement of a criterion; to change that, change
//!   the rating, which needs its own rationale.
//! * Only a case with an assessor can be decided, and deciding ends a running or paused interview.

use super::{Case, CaseChange, CaseError, CaseState};
use crate::case::common::{clean_text, TextTooLong};
use crate::compare::{compare, CaseFacts, Suggestion};
use crate::interview::rating::{rating_of, unrated_mandatory, Rating};
use crate::localized::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_JUSTIFICATION_CHARS: usize = 4_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Recognised,
    PartiallyRecognised,
    NotYet,
}

impl Decision {
    pub const ALL: [Decision; 3] = [
        Decision::Recognised,
        Decision::PartiallyRecognised,
        Decision::NotYet,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Recognised => "recognised",
            Decision::PartiallyRecognised => "partially-recognised",
            Decision::NotYet => "not-yet",
        }
    }

    /// Takes the CLI's `recognise|partially|not-yet` as well as the stored codes.
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim().to_ascii_lowercase().as_str() {
            "recognise" | "recognised" | "recognize" | "recognized" => Some(Decision::Recognised),
            "partially" | "partially-recognised" | "partially-recognized" => {
                Some(Decision::PartiallyRecognised)
            }
            "not-yet" => Some(Decision::NotYet),
            _ => None,
        }
    }

    /// The suggestion that matches this decision.
    pub fn as_suggestion(self) -> Suggestion {
        match self {
            Decision::Recognised => Suggestion::Recognise,
            Decision::PartiallyRecognised => Suggestion::Partially,
            Decision::NotYet => Suggestion::NotYet,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Decision::Recognised, Lang::Fi) => "Tunnustettu",
            (Decision::Recognised, Lang::Sv) => "Erkänd",
            (Decision::Recognised, Lang::En) => "Recognised",
            (Decision::PartiallyRecognised, Lang::Fi) => "Osittain tunnustettu",
            (Decision::PartiallyRecognised, Lang::Sv) => "Delvis erkänd",
            (Decision::PartiallyRecognised, Lang::En) => "Partially recognised",
            (Decision::NotYet, Lang::Fi) => "Ei vielä",
            (Decision::NotYet, Lang::Sv) => "Inte ännu",
            (Decision::NotYet, Lang::En) => "Not yet",
        }
    }
}

/// A decision as stored with the case and printed on the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct DecisionRecord {
    pub decision: Decision,
    /// What the comparison suggested at the time.
    pub suggestion: Suggestion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub justification: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub decided_on: NaiveDate,
    pub assessor_id: String,
    /// The criteria rated "meets", in badge order; empty for "not yet".
    pub recognised_criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("assign an assessor to the case before deciding")]
    NoAssessor,
    #[error(
        "the suggestion is {}, so deciding {} needs a justification: say why the evidence and the interview support it",
        suggestion.code(), decision.code()
    )]
    JustificationRequired {
        suggestion: Suggestion,
        decision: Decision,
    },
    #[error(
        "recognised needs every mandatory criterion rated meets; not met: {}. Change those ratings (with a rationale) or decide partially",
        criteria.join(", ")
    )]
    MandatoryNotMet { criteria: Vec<String> },
    #[error(
        "partially recognised needs at least one criterion rated meets; decide not-yet instead"
    )]
    NothingMet,
    #[error(transparent)]
    TooLong(#[from] TextTooLong),
}

impl Case {
    /// Decides the case on `facts.as_of` (the decision date). On success the case is `decided`, the
    /// record is stored in it and returned with the changes (finishing the interview if it was running).
    pub fn decide(
        &mut self,
        facts: &CaseFacts,
        decision: Decision,
        justification: Option<&str>,
    ) -> Result<(DecisionRecord, Vec<CaseChange>), CaseError> {
        self.check_open()?;
        self.check_badge(facts.badge)?;
        let missing = unrated_mandatory(facts.badge, facts.ratings);
        if !missing.is_empty() {
            return Err(CaseError::Unrated {
                missing,
                before: "deciding",
            });
        }
        if !matches!(
            self.state,
            CaseState::InterviewInProgress | CaseState::Assessed
        ) {
            return Err(CaseError::InterviewNotStarted);
        }
        let assessor = self.assessor_id.clone().ok_or(DecisionError::NoAssessor)?;
        let justification = clean_text(justification, "the justification", MAX_JUSTIFICATION_CHARS)
            .map_err(DecisionError::from)?;
        let suggestion = compare(facts, None).suggestion;
        let met: Vec<String> = facts
            .badge
            .criteria
            .iter()
            .filter(|c| rating_of(facts.ratings, &c.id) == Rating::Meets)
            .map(|c| c.id.clone())
            .collect();
        match decision {
            Decision::Recognised => {
                let unmet: Vec<String> = facts
                    .badge
                    .criteria
                    .iter()
                    .filter(|c| c.mandatory && !met.contains(&c.id))
                    .map(|c| c.id.clone())
                    .collect();
                if !unmet.is_empty() || met.is_empty() {
                    return Err(DecisionError::MandatoryNotMet { criteria: unmet }.into());
                }
            }
            Decision::PartiallyRecognised if met.is_empty() => {
                return Err(DecisionError::NothingMet.into())
            }
            _ => {}
        }
        if decision.as_suggestion() != suggestion && justification.is_none() {
            return Err(DecisionError::JustificationRequired {
                suggestion,
                decision,
            }
            .into());
        }
        let mut changes = Vec::new();
        if self.state == CaseState::InterviewInProgress {
            self.interview_paused = false;
            changes.push(self.go(CaseState::Assessed));
        }
        changes.push(self.go(CaseState::Decided));
        let record = DecisionRecord {
            decision,
            suggestion,
            justification,
            decided_on: facts.as_of,
            assessor_id: assessor,
            recognised_criteria: if decision == Decision::NotYet {
                Vec::new()
            } else {
                met
            },
        };
        self.decision = Some(record.clone());
        Ok((record, changes))
    }
}
