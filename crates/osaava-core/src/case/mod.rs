//! The assessment case: one employee, one badge version, one assessor, and its life.
//!
//! Each action is a method that checks the case's state, changes it and returns the changes made,
//! for the audit trail (`CaseChange`: old → new). A refused action changes nothing and says what to
//! do instead. The actions move a case forward the way a user expects: a self-assessment is
//! optional, and the first interview note or rating starts the interview.
//!
//! **Pausing is a flag, not a state.** A paused interview is still "interview in progress" for
//! everyone else (the case list, the employee, a college): the same things may follow it (finish,
//! decide, withdraw), so a separate state would only double the transitions. The flag
//! [`Case::interview_paused`] says whether the interview is between sessions;
//! [`Case::interview_sessions`] counts the sessions. A note or rating on a paused interview resumes
//! it, recorded as a change like any other.

pub(crate) mod common;
mod decision;
mod state;

pub use common::{find_criterion, TextTooLong, UnknownCriterion};
pub use decision::{Decision, DecisionError, DecisionRecord, MAX_JUSTIFICATION_CHARS};
pub use state::{CaseState, TransitionError};

use crate::badge::Badge;
use crate::interview::rating::{unrated_mandatory, CriterionRating};
use crate::localized::Lang;
use crate::selfassess::{SelfAssessment, SelfAssessmentError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct Case {
    pub id: String,
    pub employee_id: String,
    pub badge_id: String,
    pub badge_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub assessor_id: Option<String>,
    pub state: CaseState,
    /// The language the case is run and its statement written in.
    pub language: Lang,
    /// The interview is between sessions. Only ever true in `interview-in-progress`.
    #[serde(default)]
    pub interview_paused: bool,
    /// Interview sessions begun: the start and every resume.
    #[serde(default)]
    pub interview_sessions: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub decision: Option<DecisionRecord>,
}

/// What a case needs to be opened.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub id: &'a str,
    pub employee_id: &'a str,
    pub assessor_id: Option<&'a str>,
    pub language: Lang,
}

/// One change made by an action, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum CaseChange {
    State {
        from: CaseState,
        to: CaseState,
    },
    InterviewPaused,
    InterviewResumed,
    Assessor {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        from: Option<String>,
        to: String,
    },
}

impl CaseChange {
    /// (what, old, new) as the audit trail records them.
    pub fn audit(&self) -> (&'static str, String, String) {
        match self {
            CaseChange::State { from, to } => ("state", from.code().into(), to.code().into()),
            CaseChange::InterviewPaused => ("interview", "running".into(), "paused".into()),
            CaseChange::InterviewResumed => ("interview", "paused".into(), "running".into()),
            CaseChange::Assessor { from, to } => {
                ("assessor", from.clone().unwrap_or_default(), to.clone())
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("the case needs {0}")]
    Missing(&'static str),
    #[error("an employee cannot assess their own case; choose another assessor")]
    OwnAssessor,
    #[error("the case is decided and cannot change; open a new case to assess the badge again")]
    Decided,
    #[error(
        "the case was withdrawn and cannot change; open a new case if the assessment should go on"
    )]
    Withdrawn,
    #[error("the self-assessment has been submitted; the assessor can return it for revision if it needs changes")]
    SelfAssessmentSubmitted,
    #[error(
        "the interview has started, so the self-assessment can no longer change; \
         the assessor can record what the employee says as interview notes"
    )]
    SelfAssessmentClosed,
    #[error("only a submitted self-assessment can be returned for revision; the case is {}", .0.code())]
    NothingToReturn(CaseState),
    #[error(transparent)]
    SelfAssessment(#[from] SelfAssessmentError),
    #[error("the interview has not started; record a note or a rating to start it")]
    InterviewNotStarted,
    #[error("the interview is finished; record a note or a rating to reopen it")]
    InterviewFinished,
    #[error("the interview is already paused; resume it, or record a note or a rating, to go on")]
    AlreadyPaused,
    #[error("the interview is not paused, so there is nothing to resume; record notes and ratings as usual")]
    NotPaused,
    #[error("rate every mandatory criterion before {before}; not rated yet: {}", missing.join(", "))]
    Unrated {
        missing: Vec<String>,
        before: &'static str,
    },
    #[error(
        "the case is for badge {want} version {want_version}, not {have} version {have_version}"
    )]
    WrongBadge {
        want: String,
        want_version: u32,
        have: String,
        have_version: u32,
    },
    #[error(transparent)]
    Decision(#[from] DecisionError),
}

impl Case {
    /// A new case in `draft` for `badge` (its id and version).
    pub fn open(new: &NewCase, badge: &Badge) -> Result<Case, CaseError> {
        let id = new.id.trim();
        let employee = new.employee_id.trim();
        if id.is_empty() {
            return Err(CaseError::Missing("an id"));
        }
        if employee.is_empty() {
            return Err(CaseError::Missing("an employee"));
        }
        let assessor = new.assessor_id.map(str::trim).filter(|a| !a.is_empty());
        if assessor == Some(employee) {
            return Err(CaseError::OwnAssessor);
        }
        Ok(Case {
            id: id.into(),
            employee_id: employee.into(),
            badge_id: badge.id.clone(),
            badge_version: badge.version,
            assessor_id: assessor.map(Into::into),
            state: CaseState::Draft,
            language: new.language,
            interview_paused: false,
            interview_sessions: 0,
            decision: None,
        })
    }

    /// Refuses a badge other than the case's own version.
    pub fn check_badge(&self, badge: &Badge) -> Result<(), CaseError> {
        if badge.id != self.badge_id || badge.version != self.badge_version {
            return Err(CaseError::WrongBadge {
                want: self.badge_id.clone(),
                want_version: self.badge_version,
                have: badge.id.clone(),
                have_version: badge.version,
            });
        }
        Ok(())
    }

    fn check_open(&self) -> Result<(), CaseError> {
        match self.state {
            CaseState::Decided => Err(CaseError::Decided),
            CaseState::Withdrawn => Err(CaseError::Withdrawn),
            _ => Ok(()),
        }
    }

    fn go(&mut self, to: CaseState) -> CaseChange {
        let from = self.state;
        debug_assert!(from.transition(to).is_ok(), "{from:?} -> {to:?}");
        self.state = to;
        CaseChange::State { from, to }
    }

    /// May the employee change the self-assessment (a level, an example, an import) now?
    pub fn check_self_assessment_editable(&self) -> Result<(), CaseError> {
        self.check_open()?;
        match self.state {
            CaseState::Draft | CaseState::ReturnedForRevision => Ok(()),
            CaseState::SelfAssessmentSubmitted => Err(CaseError::SelfAssessmentSubmitted),
            _ => Err(CaseError::SelfAssessmentClosed),
        }
    }

    /// Submits the self-assessment: it must be for this badge version and give a level for every criterion.
    pub fn submit_self_assessment(
        &mut self,
        badge: &Badge,
        sa: &SelfAssessment,
    ) -> Result<Vec<CaseChange>, CaseError> {
        self.check_self_assessment_editable()?;
        self.check_badge(badge)?;
        sa.check_complete(badge)?;
        Ok(vec![self.go(CaseState::SelfAssessmentSubmitted)])
    }

    /// The assessor sends a submitted self-assessment back to the employee.
    pub fn return_for_revision(&mut self) -> Result<Vec<CaseChange>, CaseError> {
        self.check_open()?;
        if self.state != CaseState::SelfAssessmentSubmitted {
            return Err(CaseError::NothingToReturn(self.state));
        }
        Ok(vec![self.go(CaseState::ReturnedForRevision)])
    }

    /// Call before storing an interview note, a rating or an evidence link made in the interview.
    /// Starts the interview if it has not started, resumes it if paused, reopens it if assessed.
    pub fn record_interview(&mut self) -> Result<Vec<CaseChange>, CaseError> {
        self.check_open()?;
        let mut changes = Vec::new();
        match self.state {
            CaseState::InterviewInProgress => {
                if self.interview_paused {
                    self.interview_paused = false;
                    self.interview_sessions += 1;
                    changes.push(CaseChange::InterviewResumed);
                }
            }
            CaseState::Draft
            | CaseState::SelfAssessmentSubmitted
            | CaseState::ReturnedForRevision => {
                changes.push(self.go(CaseState::InterviewInProgress));
                self.interview_paused = false;
                self.interview_sessions += 1;
            }
            CaseState::Assessed => {
                changes.push(self.go(CaseState::InterviewInProgress));
                self.interview_sessions += 1;
            }
            CaseState::Decided | CaseState::Withdrawn => unreachable!("checked above"),
        }
        Ok(changes)
    }

    pub fn pause_interview(&mut self) -> Result<Vec<CaseChange>, CaseError> {
        self.check_interview_running_state()?;
        if self.interview_paused {
            return Err(CaseError::AlreadyPaused);
        }
        self.interview_paused = true;
        Ok(vec![CaseChange::InterviewPaused])
    }

    pub fn resume_interview(&mut self) -> Result<Vec<CaseChange>, CaseError> {
        self.check_interview_running_state()?;
        if !self.interview_paused {
            return Err(CaseError::NotPaused);
        }
        self.interview_paused = false;
        self.interview_sessions += 1;
        Ok(vec![CaseChange::InterviewResumed])
    }

    fn check_interview_running_state(&self) -> Result<(), CaseError> {
        self.check_open()?;
        match self.state {
            CaseState::InterviewInProgress => Ok(()),
            CaseState::Assessed => Err(CaseError::InterviewFinished),
            _ => Err(CaseError::InterviewNotStarted),
        }
    }

    /// Ends the interview (→ assessed) once every mandatory criterion has a rating.
    pub fn finish_interview(
        &mut self,
        badge: &Badge,
        ratings: &[CriterionRating],
    ) -> Result<Vec<CaseChange>, CaseError> {
        self.check_interview_running_state()?;
        self.check_badge(badge)?;
        let missing = unrated_mandatory(badge, ratings);
        if !missing.is_empty() {
            return Err(CaseError::Unrated {
                missing,
                before: "finishing the interview",
            });
        }
        let mut changes = Vec::new();
        if self.interview_paused {
            self.interview_paused = false;
            changes.push(CaseChange::InterviewResumed);
        }
        changes.push(self.go(CaseState::Assessed));
        Ok(changes)
    }

    /// Evidence may be added or linked at any time before the case is decided or withdrawn.
    pub fn check_can_add_evidence(&self) -> Result<(), CaseError> {
        self.check_open()
    }

    pub fn assign_assessor(&mut self, assessor_id: &str) -> Result<Vec<CaseChange>, CaseError> {
        self.check_open()?;
        let to = assessor_id.trim();
        if to.is_empty() {
            return Err(CaseError::Missing("an assessor"));
        }
        if to == self.employee_id {
            return Err(CaseError::OwnAssessor);
        }
        if self.assessor_id.as_deref() == Some(to) {
            return Ok(Vec::new());
        }
        let from = self.assessor_id.replace(to.to_string());
        Ok(vec![CaseChange::Assessor {
            from,
            to: to.to_string(),
        }])
    }

    pub fn withdraw(&mut self) -> Result<Vec<CaseChange>, CaseError> {
        self.check_open()?;
        self.interview_paused = false;
        Ok(vec![self.go(CaseState::Withdrawn)])
    }
}

#[cfg(test)]
mod tests;
