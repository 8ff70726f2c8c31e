//! The assessment case: one employee, one badge version, one assessor.
//! The cases issue fills in self-assessment, interview, evidence and decision.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CaseState {
    Draft,
    SelfAssessmentSubmitted,
    InterviewInProgress,
    Assessed,
    Decided,
    ReturnedForRevision,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Recognised,
    PartiallyRecognised,
    NotYet,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot go from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: CaseState,
    pub to: CaseState,
}

impl CaseState {
    /// The states a case may move to from this one.
    pub fn next_states(self) -> &'static [CaseState] {
        use CaseState::*;
        match self {
            Draft => &[SelfAssessmentSubmitted, InterviewInProgress, Withdrawn],
            SelfAssessmentSubmitted => &[InterviewInProgress, ReturnedForRevision, Withdrawn],
            ReturnedForRevision => &[SelfAssessmentSubmitted, Withdrawn],
            InterviewInProgress => &[Assessed, Withdrawn],
            Assessed => &[InterviewInProgress, Decided, Withdrawn],
            Decided => &[],
            Withdrawn => &[],
        }
    }

    pub fn transition(self, to: CaseState) -> Result<CaseState, TransitionError> {
        if self.next_states().contains(&to) {
            Ok(to)
        } else {
            Err(TransitionError { from: self, to })
        }
    }

    pub fn is_final(self) -> bool {
        self.next_states().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::CaseState::*;

    #[test]
    fn happy_path_is_allowed() {
        let s = Draft.transition(SelfAssessmentSubmitted).unwrap();
        let s = s.transition(InterviewInProgress).unwrap();
        let s = s.transition(Assessed).unwrap();
        let s = s.transition(Decided).unwrap();
        assert!(s.is_final());
    }

    #[test]
    fn cannot_skip_the_interview_or_reopen_a_decision() {
        assert!(Draft.transition(Decided).is_err());
        assert!(Decided.transition(InterviewInProgress).is_err());
        assert!(Withdrawn.transition(Draft).is_err());
    }
}
