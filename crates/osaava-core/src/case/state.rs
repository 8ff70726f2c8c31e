//! The states of a case and the transitions between them.
//!
//! ```text
//!            ┌──────────────── (self-assessment is optional) ───────────────┐
//!  draft ──> self-assessment-submitted ──> interview-in-progress ──> assessed ──> decided
//!    │              │      ↑                   ↑      ↑   (paused flag)  │
//!    │              ↓      │                   │      └──── reopened ────┘
//!    │        returned-for-revision ───────────┘
//!    └──────── any state but decided ──> withdrawn
//! ```
//!
//! Pausing an interview is a flag on the case, not a state: see [`crate::case::Case::interview_paused`].

use crate::localized::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot go from {} to {}", from.code(), to.code())]
pub struct TransitionError {
    pub from: CaseState,
    pub to: CaseState,
}

impl CaseState {
    pub const ALL: [CaseState; 7] = [
        CaseState::Draft,
        CaseState::SelfAssessmentSubmitted,
        CaseState::InterviewInProgress,
        CaseState::Assessed,
        CaseState::Decided,
        CaseState::ReturnedForRevision,
        CaseState::Withdrawn,
    ];

    /// The states a case may move to from this one.
    pub fn next_states(self) -> &'static [CaseState] {
        use CaseState::*;
        match self {
            Draft => &[SelfAssessmentSubmitted, InterviewInProgress, Withdrawn],
            SelfAssessmentSubmitted => &[InterviewInProgress, ReturnedForRevision, Withdrawn],
            // The assessor may go on without the revision: a self-assessment is optional.
            ReturnedForRevision => &[SelfAssessmentSubmitted, InterviewInProgress, Withdrawn],
            InterviewInProgress => &[Assessed, Withdrawn],
            // A new note or rating after "assessed" reopens the interview.
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

    /// Decided and withdrawn cases never change again.
    pub fn is_final(self) -> bool {
        self.next_states().is_empty()
    }

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Draft => "draft",
            CaseState::SelfAssessmentSubmitted => "self-assessment-submitted",
            CaseState::InterviewInProgress => "interview-in-progress",
            CaseState::Assessed => "assessed",
            CaseState::Decided => "decided",
            CaseState::ReturnedForRevision => "returned-for-revision",
            CaseState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<CaseState> {
        let s = s.trim().to_ascii_lowercase();
        CaseState::ALL.into_iter().find(|st| st.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use CaseState::*;
        match (self, lang) {
            (Draft, Lang::Fi) => "Luonnos",
            (Draft, Lang::Sv) => "Utkast",
            (Draft, Lang::En) => "Draft",
            (SelfAssessmentSubmitted, Lang::Fi) => "Itsearviointi lähetetty",
            (SelfAssessmentSubmitted, Lang::Sv) => "Självbedömning inlämnad",
            (SelfAssessmentSubmitted, Lang::En) => "Self-assessment submitted",
            (InterviewInProgress, Lang::Fi) => "Haastattelu käynnissä",
            (InterviewInProgress, Lang::Sv) => "Intervju pågår",
            (InterviewInProgress, Lang::En) => "Interview in progress",
            (Assessed, Lang::Fi) => "Arvioitu",
            (Assessed, Lang::Sv) => "Bedömd",
            (Assessed, Lang::En) => "Assessed",
            (Decided, Lang::Fi) => "Päätetty",
            (Decided, Lang::Sv) => "Beslutad",
            (Decided, Lang::En) => "Decided",
            (ReturnedForRevision, Lang::Fi) => "Palautettu täydennettäväksi",
            (ReturnedForRevision, Lang::Sv) => "Återsänd för komplettering",
            (ReturnedForRevision, Lang::En) => "Returned for revision",
            (Withdrawn, Lang::Fi) => "Peruttu",
            (Withdrawn, Lang::Sv) => "Återkallad",
            (Withdrawn, Lang::En) => "Withdrawn",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CaseState::*;
    use super::*;

    #[test]
    fn happy_path_is_allowed() {
        let s = Draft.transition(SelfAssessmentSubmitted).unwrap();
        let s = s.transition(InterviewInProgress).unwrap();
        let s = s.transition(Assessed).unwrap();
        let s = s.transition(Decided).unwrap();
        assert!(s.is_final());
    }

    #[test]
    fn self_assessment_is_optional() {
        assert_eq!(
            Draft.transition(InterviewInProgress),
            Ok(InterviewInProgress)
        );
        assert_eq!(
            ReturnedForRevision.transition(InterviewInProgress),
            Ok(InterviewInProgress)
        );
    }

    #[test]
    fn revision_goes_back_to_the_employee_and_returns() {
        let s = SelfAssessmentSubmitted
            .transition(ReturnedForRevision)
            .unwrap();
        assert_eq!(
            s.transition(SelfAssessmentSubmitted),
            Ok(SelfAssessmentSubmitted)
        );
        assert!(Draft.transition(ReturnedForRevision).is_err());
    }

    #[test]
    fn cannot_skip_the_interview_or_reopen_a_decision() {
        assert!(Draft.transition(Decided).is_err());
        assert!(Draft.transition(Assessed).is_err());
        assert!(SelfAssessmentSubmitted.transition(Decided).is_err());
        assert!(InterviewInProgress.transition(Decided).is_err());
        assert!(Decided.transition(InterviewInProgress).is_err());
        assert!(Withdrawn.transition(Draft).is_err());
        let err = Decided.transition(Withdrawn).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a case cannot go from decided to withdrawn"
        );
    }

    #[test]
    fn every_open_state_can_be_withdrawn() {
        for s in CaseState::ALL.into_iter().filter(|s| !s.is_final()) {
            assert_eq!(s.transition(Withdrawn), Ok(Withdrawn), "{s:?}");
        }
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.code())
            );
            for l in Lang::ALL {
                assert!(!s.label(l).is_empty());
            }
        }
        assert_eq!(CaseState::parse("paused"), None);
    }
}
