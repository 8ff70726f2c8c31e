//! The assessor's rating of each criterion, and interview notes.
//!
//! Every rating except "not assessed" needs a rationale: the statement a college relies on must say
//! why. The employee's self-assessment is never an input here (see `compare`).

use crate::badge::Badge;
use crate::case::common::{clean_text, find_criterion, TextTooLong, UnknownCriterion};
use crate::evidence::privacy::{scan_text, PrivacyWarning, TextField};
use crate::localized::Lang;
use serde::{Deserialize, Serialize};

/// Longest rationale or note, in characters.
pub const MAX_RATIONALE_CHARS: usize = 4_000;
pub const MAX_NOTE_CHARS: usize = 10_000;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    #[default]
    NotAssessed,
    DoesNotMeet,
    PartiallyMeets,
    Meets,
}

impl Rating {
    pub const ALL: [Rating; 4] = [
        Rating::NotAssessed,
        Rating::DoesNotMeet,
        Rating::PartiallyMeets,
        Rating::Meets,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rating::NotAssessed => "not-assessed",
            Rating::DoesNotMeet => "does-not-meet",
            Rating::PartiallyMeets => "partially-meets",
            Rating::Meets => "meets",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        let s = s.trim().to_ascii_lowercase();
        Rating::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Whether the assessor has judged the criterion at all.
    pub fn is_assessed(self) -> bool {
        self != Rating::NotAssessed
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rating::NotAssessed, Lang::Fi) => "Ei arvioitu",
            (Rating::NotAssessed, Lang::Sv) => "Inte bedömd",
            (Rating::NotAssessed, Lang::En) => "Not assessed",
            (Rating::DoesNotMeet, Lang::Fi) => "Ei täyty",
            (Rating::DoesNotMeet, Lang::Sv) => "Uppfylls inte",
            (Rating::DoesNotMeet, Lang::En) => "Does not meet",
            (Rating::PartiallyMeets, Lang::Fi) => "Täyttyy osittain",
            (Rating::PartiallyMeets, Lang::Sv) => "Uppfylls delvis",
            (Rating::PartiallyMeets, Lang::En) => "Partially meets",
            (Rating::Meets, Lang::Fi) => "Täyttyy",
            (Rating::Meets, Lang::Sv) => "Uppfylls",
            (Rating::Meets, Lang::En) => "Meets",
        }
    }
}

/// The assessor's judgement of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct CriterionRating {
    pub criterion: String,
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error(transparent)]
    UnknownCriterion(#[from] UnknownCriterion),
    #[error(
        "a rating of {} for criterion {criterion:?} needs a rationale: write what you saw or heard that supports it",
        rating.code()
    )]
    RationaleRequired { criterion: String, rating: Rating },
    #[error(transparent)]
    TooLong(#[from] TextTooLong),
}

impl CriterionRating {
    /// A checked rating: the criterion is in the badge and every rating but "not assessed" has a
    /// rationale. The criterion id is stored as the badge spells it.
    pub fn new(
        badge: &Badge,
        criterion: &str,
        rating: Rating,
        rationale: Option<&str>,
    ) -> Result<CriterionRating, RatingError> {
        let c = find_criterion(badge, criterion)?;
        let rationale = clean_text(rationale, "the rationale", MAX_RATIONALE_CHARS)?;
        if rating.is_assessed() && rationale.is_none() {
            return Err(RatingError::RationaleRequired {
                criterion: c.id.clone(),
                rating,
            });
        }
        Ok(CriterionRating {
            criterion: c.id.clone(),
            rating,
            rationale,
        })
    }

    /// Privacy warnings about the rationale (it must not name a client).
    pub fn warnings(&self) -> Vec<PrivacyWarning> {
        self.rationale
            .as_deref()
            .map(|t| scan_text(t, TextField::Rationale))
            .unwrap_or_default()
    }
}

/// The current rating of `criterion` among `ratings` (the last one wins); not assessed if none.
pub fn rating_of(ratings: &[CriterionRating], criterion: &str) -> Rating {
    ratings
        .iter()
        .rev()
        .find(|r| r.criterion == criterion)
        .map(|r| r.rating)
        .unwrap_or_default()
}

/// Mandatory criteria of `badge` that have no rating other than "not assessed", in badge order.
pub fn unrated_mandatory(badge: &Badge, ratings: &[CriterionRating]) -> Vec<String> {
    badge
        .criteria
        .iter()
        .filter(|c| c.mandatory && !rating_of(ratings, &c.id).is_assessed())
        .map(|c| c.id.clone())
        .collect()
}

/// A note the assessor writes about one criterion during the interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct InterviewNote {
    pub criterion: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error(transparent)]
    UnknownCriterion(#[from] UnknownCriterion),
    #[error("the note is empty; write what the employee told or showed")]
    Empty,
    #[error(transparent)]
    TooLong(#[from] TextTooLong),
}

impl InterviewNote {
    pub fn new(badge: &Badge, criterion: &str, text: &str) -> Result<InterviewNote, NoteError> {
        let c = find_criterion(badge, criterion)?;
        let text = clean_text(Some(text), "the note", MAX_NOTE_CHARS)?.ok_or(NoteError::Empty)?;
        Ok(InterviewNote {
            criterion: c.id.clone(),
            text,
        })
    }

    /// Privacy warnings about the note (it must not name a client).
    pub fn warnings(&self) -> Vec<PrivacyWarning> {
        scan_text(&self.text, TextField::InterviewNote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::common::fixtures::badge;

    #[test]
    fn every_rating_but_not_assessed_needs_a_rationale() {
        let b = badge();
        for r in [Rating::DoesNotMeet, Rating::PartiallyMeets, Rating::Meets] {
            let err = CriterionRating::new(&b, "c1", r, None).unwrap_err();
            assert!(
                matches!(err, RatingError::RationaleRequired { .. }),
                "{r:?}"
            );
            assert!(err.to_string().contains("needs a rationale"));
            // Whitespace is no rationale.
            assert!(CriterionRating::new(&b, "c1", r, Some("  \n")).is_err());
            assert!(CriterionRating::new(&b, "c1", r, Some("Kertoi tarkistuksesta")).is_ok());
        }
        let r = CriterionRating::new(&b, "c1", Rating::NotAssessed, None).unwrap();
        assert_eq!(r.rationale, None);
    }

    #[test]
    fn rating_refuses_unknown_criteria_and_long_rationales() {
        let b = badge();
        let err = CriterionRating::new(&b, "c7", Rating::Meets, Some("ok")).unwrap_err();
        assert!(err.to_string().contains("use one of: c1, c2, c3"));
        let long = "x".repeat(MAX_RATIONALE_CHARS + 1);
        assert!(matches!(
            CriterionRating::new(&b, "c1", Rating::Meets, Some(&long)),
            Err(RatingError::TooLong(_))
        ));
    }

    #[test]
    fn the_latest_rating_counts_and_unrated_mandatory_are_listed() {
        let b = badge();
        let mut rs = vec![];
        assert_eq!(unrated_mandatory(&b, &rs), vec!["c1", "c2"]);
        rs.push(CriterionRating::new(&b, "c1", Rating::Meets, Some("a")).unwrap());
        rs.push(CriterionRating::new(&b, "c2", Rating::DoesNotMeet, Some("b")).unwrap());
        assert_eq!(unrated_mandatory(&b, &rs), Vec::<String>::new());
        rs.push(CriterionRating::new(&b, "c2", Rating::NotAssessed, None).unwrap());
        assert_eq!(rating_of(&rs, "c2"), Rating::NotAssessed);
        assert_eq!(unrated_mandatory(&b, &rs), vec!["c2"]);
        assert_eq!(rating_of(&rs, "c3"), Rating::NotAssessed);
    }

    #[test]
    fn rating_codes_round_trip_and_have_labels() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.code()), Some(r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::json!(r.code())
            );
            for l in Lang::ALL {
                assert!(!r.label(l).is_empty());
            }
        }
        assert_eq!(Rating::parse("Meets"), Some(Rating::Meets));
        assert_eq!(Rating::parse("ok"), None);
    }

    #[test]
    fn notes_need_text_and_a_known_criterion() {
        let b = badge();
        assert_eq!(
            InterviewNote::new(&b, "c2", " Kertoi ").unwrap().text,
            "Kertoi"
        );
        assert_eq!(InterviewNote::new(&b, "c2", "  "), Err(NoteError::Empty));
        assert!(matches!(
            InterviewNote::new(&b, "x", "a"),
            Err(NoteError::UnknownCriterion(_))
        ));
    }

    #[test]
    fn notes_and_rationales_naming_a_client_are_warned_about() {
        let b = badge();
        let n = InterviewNote::new(&b, "c1", "Kertoi potilas Virtasen lääkityksestä").unwrap();
        assert_eq!(n.warnings()[0].field, TextField::InterviewNote);
        assert!(InterviewNote::new(&b, "c1", "Kertoi lääkityksestä")
            .unwrap()
            .warnings()
            .is_empty());
        let r = CriterionRating::new(&b, "c1", Rating::Meets, Some("Hoiti asiakasta Ainoa hyvin"))
            .unwrap();
        assert_eq!(r.warnings()[0].field, TextField::Rationale);
        assert!(CriterionRating::new(&b, "c1", Rating::NotAssessed, None)
            .unwrap()
            .warnings()
            .is_empty());
    }
}
