//! The employee's self-assessment: a level and an example from their own work per criterion.
//!
//! Self-assessment belongs to identification only. It orders the interview and is shown beside the
//! assessor's rating; it is never averaged into it.
//!
//! The evidence an employee attaches is linked to criteria on the evidence item itself
//! (`Evidence::criteria`), so there is one place that says which evidence supports what.

pub mod base64;
mod level;
pub mod names;
pub mod package;

pub use level::{example_prompts, SelfLevel};

use crate::badge::Badge;
use crate::case::common::{
    clean_text, criterion_index, find_criterion, TextTooLong, UnknownCriterion,
};
use crate::evidence::privacy::{scan_text, PrivacyWarning, TextField};
use serde::{Deserialize, Serialize};

pub const MAX_EXAMPLE_CHARS: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct SelfAssessmentEntry {
    pub criterion: String,
    pub level: SelfLevel,
    /// A situation from the employee's own work: what happened, what they did, how it went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub example: Option<String>,
}

/// One employee's self-assessment against one badge version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct SelfAssessment {
    pub badge_id: String,
    pub badge_version: u32,
    /// At most one entry per criterion, in the badge's criterion order.
    pub entries: Vec<SelfAssessmentEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelfAssessmentError {
    #[error(transparent)]
    UnknownCriterion(#[from] UnknownCriterion),
    #[error(
        "this self-assessment is for badge {have} version {have_version}, not {want} version {want_version}; \
         start a self-assessment on the case's badge version"
    )]
    WrongBadge {
        have: String,
        have_version: u32,
        want: String,
        want_version: u32,
    },
    #[error(
        "give a level for every criterion before submitting (\"can't say\" is a level too); missing: {}",
        missing.join(", ")
    )]
    Incomplete { missing: Vec<String> },
    #[error(transparent)]
    TooLong(#[from] TextTooLong),
}

impl SelfAssessment {
    pub fn new(badge: &Badge) -> SelfAssessment {
        SelfAssessment {
            badge_id: badge.id.clone(),
            badge_version: badge.version,
            entries: Vec::new(),
        }
    }

    fn check_badge(&self, badge: &Badge) -> Result<(), SelfAssessmentError> {
        if self.badge_id != badge.id || self.badge_version != badge.version {
            return Err(SelfAssessmentError::WrongBadge {
                have: self.badge_id.clone(),
                have_version: self.badge_version,
                want: badge.id.clone(),
                want_version: badge.version,
            });
        }
        Ok(())
    }

    /// Sets the level of `criterion`. `example: None` keeps an earlier example; `Some("")` clears it.
    /// Returns privacy warnings about the example text (it must not describe a client by name).
    pub fn set(
        &mut self,
        badge: &Badge,
        criterion: &str,
        level: SelfLevel,
        example: Option<&str>,
    ) -> Result<Vec<PrivacyWarning>, SelfAssessmentError> {
        self.check_badge(badge)?;
        let c = find_criterion(badge, criterion)?;
        let new_example = match example {
            Some(t) => Some(clean_text(Some(t), "the example", MAX_EXAMPLE_CHARS)?),
            None => None,
        };
        let warnings = match &new_example {
            Some(Some(t)) => scan_text(t, TextField::SelfAssessmentExample),
            _ => Vec::new(),
        };
        match self.entries.iter_mut().find(|e| e.criterion == c.id) {
            Some(e) => {
                e.level = level;
                if let Some(ex) = new_example {
                    e.example = ex;
                }
            }
            None => {
                let entry = SelfAssessmentEntry {
                    criterion: c.id.clone(),
                    level,
                    example: new_example.flatten(),
                };
                let at = criterion_index(badge, &c.id);
                let pos = self
                    .entries
                    .iter()
                    .position(|e| criterion_index(badge, &e.criterion) > at);
                self.entries
                    .insert(pos.unwrap_or(self.entries.len()), entry);
            }
        }
        Ok(warnings)
    }

    pub fn entry(&self, criterion: &str) -> Option<&SelfAssessmentEntry> {
        self.entries.iter().find(|e| e.criterion == criterion)
    }

    pub fn level_of(&self, criterion: &str) -> Option<SelfLevel> {
        self.entry(criterion).map(|e| e.level)
    }

    /// Criteria of `badge` with no level yet, in badge order.
    pub fn missing(&self, badge: &Badge) -> Vec<String> {
        badge
            .criteria
            .iter()
            .filter(|c| self.entry(&c.id).is_none())
            .map(|c| c.id.clone())
            .collect()
    }

    /// Ready to submit: the right badge and a level (or "can't say") for every criterion.
    pub fn check_complete(&self, badge: &Badge) -> Result<(), SelfAssessmentError> {
        self.check_badge(badge)?;
        let missing = self.missing(badge);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(SelfAssessmentError::Incomplete { missing })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::common::fixtures::badge;

    #[test]
    fn entries_stay_in_badge_order_and_replace_earlier_levels() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        sa.set(&b, "c3", SelfLevel::Independently, None).unwrap();
        sa.set(&b, "c1", SelfLevel::NotYet, Some("Autoin aamutoimissa"))
            .unwrap();
        sa.set(&b, "c2", SelfLevel::Unsure, None).unwrap();
        let ids: Vec<_> = sa.entries.iter().map(|e| e.criterion.as_str()).collect();
        assert_eq!(ids, ["c1", "c2", "c3"]);
        // A new level keeps the example unless a new one is given.
        sa.set(&b, "c1", SelfLevel::WithGuidance, None).unwrap();
        assert_eq!(
            sa.entry("c1").unwrap().example.as_deref(),
            Some("Autoin aamutoimissa")
        );
        assert_eq!(sa.level_of("c1"), Some(SelfLevel::WithGuidance));
        sa.set(&b, "c1", SelfLevel::WithGuidance, Some("")).unwrap();
        assert_eq!(sa.entry("c1").unwrap().example, None);
        assert_eq!(sa.entries.len(), 3);
    }

    #[test]
    fn refuses_unknown_criteria_other_badges_and_long_examples() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        assert!(matches!(
            sa.set(&b, "c9", SelfLevel::NotYet, None),
            Err(SelfAssessmentError::UnknownCriterion(_))
        ));
        let long = "a".repeat(MAX_EXAMPLE_CHARS + 1);
        assert!(matches!(
            sa.set(&b, "c1", SelfLevel::NotYet, Some(&long)),
            Err(SelfAssessmentError::TooLong(_))
        ));
        let mut newer = b.clone();
        newer.version = 3;
        let err = sa.set(&newer, "c1", SelfLevel::NotYet, None).unwrap_err();
        assert!(
            err.to_string()
                .contains("version 2, not osaava-test version 3"),
            "{err}"
        );
        assert!(sa.entries.is_empty(), "nothing is changed by a refused set");
    }

    #[test]
    fn submitting_needs_a_level_for_every_criterion() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        sa.set(&b, "c2", SelfLevel::Unsure, None).unwrap();
        let err = sa.check_complete(&b).unwrap_err();
        assert_eq!(
            err,
            SelfAssessmentError::Incomplete {
                missing: vec!["c1".into(), "c3".into()]
            }
        );
        assert!(err.to_string().contains("\"can't say\" is a level too"));
        sa.set(&b, "c1", SelfLevel::Independently, None).unwrap();
        sa.set(&b, "c3", SelfLevel::CanGuideOthers, None).unwrap();
        assert_eq!(sa.check_complete(&b), Ok(()));
    }

    #[test]
    fn an_example_naming_a_client_is_warned_about() {
        let b = badge();
        let mut sa = SelfAssessment::new(&b);
        let w = sa
            .set(
                &b,
                "c1",
                SelfLevel::Independently,
                Some("Autoin asiakasta Mattia syömään."),
            )
            .unwrap();
        assert_eq!(w.len(), 1);
        let w = sa
            .set(
                &b,
                "c1",
                SelfLevel::Independently,
                Some("Autoin asiakasta syömään."),
            )
            .unwrap();
        assert!(w.is_empty());
    }
}
