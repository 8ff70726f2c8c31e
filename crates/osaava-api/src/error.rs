use osaava_core::case::{CaseError, DecisionError, TextTooLong, UnknownCriterion};
use osaava_core::evidence::{EvidenceError, SniffError};
use osaava_core::interview::{NoteError, RatingError};
use osaava_core::person::PersonError;
use osaava_core::selfassess::names::NameError;
use osaava_core::selfassess::package::PackageError;
use osaava_core::selfassess::SelfAssessmentError;
use osaava_core::BusinessIdError;
use osaava_store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ErrorKind {
    /// The user gave something unusable: a bad file, a wrong value, an unknown id.
    BadInput,
    NotFound,
    Conflict,
    /// A verification ran and failed (invalid, tampered, untrusted, revoked).
    VerificationFailed,
    /// Our fault, not the user's.
    Internal,
}

/// Which refusal an error is, so that a front end can say it in the user's language (the UI has
/// a sentence `error_code_<code with _ for ->` in fi, sv and en for each). Only refusals a user
/// can cause and act on have a code; an error without one is shown as its English message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ErrorCode {
    // The interview.
    RatingNeedsRationale,
    NoteEmpty,
    UnknownCriterion,
    /// Params: `max` (characters).
    TextTooLong,
    // The case and its moves.
    CaseNotFound,
    OwnAssessor,
    CaseDecided,
    CaseWithdrawn,
    SelfAssessmentSubmitted,
    SelfAssessmentClosed,
    NothingToReturn,
    InterviewNotStarted,
    InterviewFinished,
    InterviewAlreadyPaused,
    InterviewNotPaused,
    CriteriaUnrated,
    // The decision.
    DecisionNeedsAssessor,
    DecisionNeedsJustification,
    DecisionMandatoryNotMet,
    DecisionNothingMet,
    // The self-assessment and its file.
    SelfAssessmentIncomplete,
    SelfAssessmentWrongBadge,
    /// Params: `max_mb`.
    PackageTooLarge,
    PackageUnreadable,
    PackageWrongCase,
    PackageWrongEmployee,
    FileNameNotAllowed,
    // Evidence.
    /// Params: `max_mb`.
    EvidenceTooLarge,
    EvidenceTypeNotAllowed,
    EvidenceEmpty,
    EvidenceNeedsKind,
    EvidenceNeedsCriteria,
    EvidenceDateInFuture,
    EvidenceDateTooOld,
    EvidenceDateInvalid,
    FileUnreadable,
    // People and the organisation.
    PersonNotFound,
    PersonNeedsName,
    PersonNameTooLong,
    PersonEmailInvalid,
    PersonWrongRole,
    OrganisationNeedsName,
    BusinessIdFormat,
    BusinessIdCheckDigit,
    // Keys.
    WrongPassphrase,
    /// Params: `min` (characters).
    PassphraseTooShort,
    OrganisationMissing,
    KeysMissing,
    KeysExist,
    Pkcs12WrongPassphrase,
    Pkcs12Unreadable,
    // Statements.
    CaseNotDecided,
    PlaceMissing,
    StatementNotFound,
    RevokeNeedsReason,
    StatementAlreadyRevoked,
}

/// An error as the user sees it: what went wrong, in which file, at which JSON path; and for a
/// refusal the UI can word itself, its `code` and the values its sentence needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The English message: the CLI prints it, and the UI shows it as the technical detail.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<ErrorCode>,
    /// The values the code's sentence names (`max_mb`, `min`, `max`), as display strings. A map
    /// rather than typed fields: the UI passes it as is to the Paraglide message, whose
    /// placeholders are these names, and a new code with a value needs no new DTO field. Which
    /// keys a code carries is documented on the code and checked by the tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, String>>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
            file: None,
            path: None,
            code: None,
            params: None,
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::Internal, message)
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at_path(mut self, path: Option<String>) -> Self {
        self.path = path;
        self
    }

    /// Names the refusal (replacing a code it had).
    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds a value the code's sentence names.
    pub fn with_param(mut self, key: &str, value: impl ToString) -> Self {
        self.params
            .get_or_insert_with(BTreeMap::new)
            .insert(key.to_string(), value.to_string());
        self
    }

    /// The CLI exit code (DESIGN.md): 1 failed verification, 2 bad input, 3 internal.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::VerificationFailed => 1,
            ErrorKind::BadInput | ErrorKind::NotFound | ErrorKind::Conflict => 2,
            ErrorKind::Internal => 3,
        }
    }
}

/// A size limit in whole megabytes (MiB) for a sentence: "50"; one decimal when not whole.
pub(crate) fn mb_param(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        (bytes / MIB).to_string()
    } else {
        format!("{:.1}", bytes as f64 / MIB as f64)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NewerSchema { .. } | StoreError::Open { .. } => {
                ApiError::bad_input(e.to_string())
            }
            StoreError::Corrupt(_) | StoreError::Sqlite(_) => ApiError::internal(e.to_string()),
        }
    }
}

/// A domain refusal from osaava-core: which code it is and the values its sentence needs. The
/// English message stays the error's own `Display`, as the CLI has always printed it.
pub(crate) trait Refusal: fmt::Display {
    fn code(&self) -> Option<ErrorCode>;
    fn params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// Every domain refusal is bad input, with its code when it has one.
fn refused(e: &impl Refusal) -> ApiError {
    let mut err = ApiError::bad_input(e.to_string());
    if let Some(code) = e.code() {
        err = err.with_code(code);
        for (k, v) in e.params() {
            err = err.with_param(k, v);
        }
    }
    err
}

macro_rules! from_refusal {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                refused(&e)
            }
        }
    )*};
}

from_refusal!(
    UnknownCriterion,
    TextTooLong,
    RatingError,
    NoteError,
    CaseError,
    DecisionError,
    SelfAssessmentError,
    PackageError,
    NameError,
    EvidenceError,
    SniffError,
    PersonError,
    BusinessIdError,
);

impl Refusal for UnknownCriterion {
    fn code(&self) -> Option<ErrorCode> {
        Some(ErrorCode::UnknownCriterion)
    }
}

impl Refusal for TextTooLong {
    fn code(&self) -> Option<ErrorCode> {
        Some(ErrorCode::TextTooLong)
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![("max", self.max.to_string())]
    }
}

impl Refusal for RatingError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            RatingError::UnknownCriterion(e) => e.code(),
            RatingError::RationaleRequired { .. } => Some(ErrorCode::RatingNeedsRationale),
            RatingError::TooLong(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            RatingError::TooLong(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for NoteError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            NoteError::UnknownCriterion(e) => e.code(),
            NoteError::Empty => Some(ErrorCode::NoteEmpty),
            NoteError::TooLong(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            NoteError::TooLong(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for CaseError {
    fn code(&self) -> Option<ErrorCode> {
        use ErrorCode as C;
        match self {
            // The front ends fill these in; a missing one is not the user's to fix.
            CaseError::Missing(_) | CaseError::WrongBadge { .. } => None,
            CaseError::OwnAssessor => Some(C::OwnAssessor),
            CaseError::Decided => Some(C::CaseDecided),
            CaseError::Withdrawn => Some(C::CaseWithdrawn),
            CaseError::SelfAssessmentSubmitted => Some(C::SelfAssessmentSubmitted),
            CaseError::SelfAssessmentClosed => Some(C::SelfAssessmentClosed),
            CaseError::NothingToReturn(_) => Some(C::NothingToReturn),
            CaseError::SelfAssessment(e) => e.code(),
            CaseError::InterviewNotStarted => Some(C::InterviewNotStarted),
            CaseError::InterviewFinished => Some(C::InterviewFinished),
            CaseError::AlreadyPaused => Some(C::InterviewAlreadyPaused),
            CaseError::NotPaused => Some(C::InterviewNotPaused),
            CaseError::Unrated { .. } => Some(C::CriteriaUnrated),
            CaseError::Decision(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            CaseError::SelfAssessment(e) => e.params(),
            CaseError::Decision(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for DecisionError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            DecisionError::NoAssessor => Some(ErrorCode::DecisionNeedsAssessor),
            DecisionError::JustificationRequired { .. } => {
                Some(ErrorCode::DecisionNeedsJustification)
            }
            DecisionError::MandatoryNotMet { .. } => Some(ErrorCode::DecisionMandatoryNotMet),
            DecisionError::NothingMet => Some(ErrorCode::DecisionNothingMet),
            DecisionError::TooLong(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            DecisionError::TooLong(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for SelfAssessmentError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            SelfAssessmentError::UnknownCriterion(e) => e.code(),
            SelfAssessmentError::WrongBadge { .. } => Some(ErrorCode::SelfAssessmentWrongBadge),
            SelfAssessmentError::Incomplete { .. } => Some(ErrorCode::SelfAssessmentIncomplete),
            SelfAssessmentError::TooLong(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            SelfAssessmentError::TooLong(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for PackageError {
    fn code(&self) -> Option<ErrorCode> {
        use ErrorCode as C;
        match self {
            PackageError::TooLarge { .. } => Some(C::PackageTooLarge),
            PackageError::Json(_) | PackageError::Format(_) | PackageError::At { .. } => {
                Some(C::PackageUnreadable)
            }
            PackageError::WrongCase { .. } => Some(C::PackageWrongCase),
            PackageError::WrongEmployee { .. } => Some(C::PackageWrongEmployee),
            PackageError::WrongBadge { .. } => Some(C::SelfAssessmentWrongBadge),
            PackageError::Case(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            PackageError::TooLarge { max, .. } => vec![("max_mb", mb_param(*max))],
            PackageError::Case(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for NameError {
    fn code(&self) -> Option<ErrorCode> {
        Some(ErrorCode::FileNameNotAllowed)
    }
}

impl Refusal for SniffError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            SniffError::Empty => Some(ErrorCode::EvidenceEmpty),
            SniffError::NotAllowed(_) => Some(ErrorCode::EvidenceTypeNotAllowed),
        }
    }
}

impl Refusal for EvidenceError {
    fn code(&self) -> Option<ErrorCode> {
        use ErrorCode as C;
        match self {
            EvidenceError::TooLarge { .. } => Some(C::EvidenceTooLarge),
            EvidenceError::Type(e) => e.code(),
            EvidenceError::NoKind => Some(C::EvidenceNeedsKind),
            EvidenceError::NoCriteria => Some(C::EvidenceNeedsCriteria),
            EvidenceError::UnknownCriterion(e) => e.code(),
            EvidenceError::FromTheFuture { .. } => Some(C::EvidenceDateInFuture),
            EvidenceError::TooOld(_) => Some(C::EvidenceDateTooOld),
            EvidenceError::TooLong(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            EvidenceError::TooLarge { max, .. } => vec![("max_mb", mb_param(*max))],
            EvidenceError::TooLong(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

impl Refusal for PersonError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            PersonError::NoName => Some(ErrorCode::PersonNeedsName),
            PersonError::NameTooLong => Some(ErrorCode::PersonNameTooLong),
            PersonError::Email(_) => Some(ErrorCode::PersonEmailInvalid),
        }
    }
}

impl Refusal for BusinessIdError {
    fn code(&self) -> Option<ErrorCode> {
        match self {
            BusinessIdError::Format(_) => Some(ErrorCode::BusinessIdFormat),
            // No valid check digit for these digits: to the user, as a wrong check digit, a typo.
            BusinessIdError::CheckDigit { .. } | BusinessIdError::NoCheckDigit(_) => {
                Some(ErrorCode::BusinessIdCheckDigit)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each refusal a desktop user can cause carries its code (and the values its sentence
    //! needs), and changes nothing: the case, the people, the organisation and the keys are as
    //! they were before it.
    use super::*;
    use crate::dto::*;
    use crate::{App, FixedClock};
    use osaava_core::case::Decision;
    use osaava_core::interview::Rating;
    use osaava_core::{EvidenceKind, Lang, Role};
    use std::path::Path;
    use std::sync::Arc;

    fn app(dir: &Path) -> App {
        let clock = Arc::new(FixedClock(
            chrono::DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
                .unwrap()
                .into(),
        ));
        App::open(dir, clock, "test").unwrap()
    }

    fn person(app: &App, name: &str, role: Role) -> String {
        let req = AddPersonRequest {
            name: name.into(),
            role,
            email: None,
            title: None,
        };
        app.add_person(&req).unwrap().id
    }

    /// A case on a starter badge with an assessor; its criteria (id, mandatory) in badge order.
    struct Setup {
        _dir: tempfile::TempDir,
        app: App,
        case: String,
        criteria: Vec<(String, bool)>,
    }

    fn setup() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path());
        let employee = person(&app, "Maija Virtanen", Role::Employee);
        let assessor = person(&app, "Sirkka Väänänen", Role::Assessor);
        let badge = app
            .list_badges(&ListBadgesRequest::default(), Lang::Fi)
            .unwrap()
            .remove(0);
        let detail = app
            .show_badge(&ShowBadgeRequest {
                id: badge.id.clone(),
                version: None,
            })
            .unwrap();
        let criteria = detail
            .badge
            .criteria
            .iter()
            .map(|c| (c.id.clone(), c.mandatory))
            .collect();
        let case = app
            .open_case(
                &OpenCaseRequest {
                    employee,
                    badge: badge.id,
                    badge_version: None,
                    assessor: Some(assessor),
                    language: Some(Lang::Fi),
                },
                Lang::Fi,
            )
            .unwrap()
            .id;
        Setup {
            _dir: dir,
            app,
            case,
            criteria,
        }
    }

    impl Setup {
        fn criterion(&self) -> String {
            self.criteria[0].0.clone()
        }

        /// Everything stored about the case, to compare before and after a refusal.
        fn snapshot(&self) -> serde_json::Value {
            let detail = self
                .app
                .show_case(&CaseRequest {
                    case: self.case.clone(),
                })
                .unwrap();
            serde_json::to_value(detail).unwrap()
        }

        fn rate(
            &self,
            criterion: &str,
            rating: Rating,
            rationale: Option<&str>,
        ) -> Result<(), ApiError> {
            self.app
                .rate(
                    &RateRequest {
                        case: self.case.clone(),
                        criterion: criterion.into(),
                        rating,
                        rationale: rationale.map(Into::into),
                    },
                    Lang::Fi,
                )
                .map(drop)
        }

        fn evidence(
            &self,
            file: Option<&Path>,
            criteria: &[String],
            obtained: Option<&str>,
        ) -> ApiError {
            self.app
                .add_evidence(
                    &AddEvidenceRequest {
                        case: self.case.clone(),
                        kind: EvidenceKind::Document,
                        criteria: criteria.to_vec(),
                        obtained: obtained.map(Into::into),
                        author: None,
                        verified: false,
                        note: None,
                    },
                    file,
                    Lang::Fi,
                )
                .unwrap_err()
        }
    }

    /// The refusal has `code` and is bad input, with its English message as before.
    fn assert_refused(e: &ApiError, code: ErrorCode, words: &str) {
        assert_eq!(e.code, Some(code), "{e}");
        assert_ne!(e.kind, ErrorKind::Internal, "{e}");
        assert!(e.message.contains(words), "{code:?}: {e}");
    }

    fn param<'a>(e: &'a ApiError, key: &str) -> &'a str {
        e.params
            .as_ref()
            .and_then(|p| p.get(key))
            .unwrap_or_else(|| panic!("{e:?} has no param {key}"))
    }

    #[test]
    fn a_rating_without_a_rationale_is_refused_with_its_code_and_nothing_changes() {
        let s = setup();
        let before = s.snapshot();
        let e = s.rate(&s.criterion(), Rating::Meets, None).unwrap_err();
        assert_refused(&e, ErrorCode::RatingNeedsRationale, "needs a rationale");
        assert_eq!(e.kind, ErrorKind::BadInput);
        let e = s
            .rate(&s.criterion(), Rating::Meets, Some("   "))
            .unwrap_err();
        assert_eq!(
            e.code,
            Some(ErrorCode::RatingNeedsRationale),
            "blank is none"
        );
        assert_eq!(
            s.snapshot(),
            before,
            "no rating, and the interview did not start"
        );
        // And the code goes over IPC as kebab-case, with the English message beside it.
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "rating-needs-rationale");
        assert_eq!(json["kind"], "bad-input");
        assert!(json.get("params").is_none(), "no empty params: {json}");
    }

    #[test]
    fn interview_refusals_carry_their_codes() {
        let s = setup();
        let before = s.snapshot();
        let e = s
            .rate("no-such-criterion", Rating::Meets, Some("Näin sen."))
            .unwrap_err();
        assert_refused(&e, ErrorCode::UnknownCriterion, "no-such-criterion");
        let long = "a".repeat(20_000);
        let e = s
            .rate(&s.criterion(), Rating::Meets, Some(&long))
            .unwrap_err();
        assert_refused(&e, ErrorCode::TextTooLong, "shorten it");
        assert!(param(&e, "max").parse::<usize>().unwrap() < 20_000, "{e:?}");
        let e = s
            .app
            .interview_note(
                &NoteRequest {
                    case: s.case.clone(),
                    criterion: s.criterion(),
                    text: " \n ".into(),
                },
                Lang::Fi,
            )
            .unwrap_err();
        assert_refused(&e, ErrorCode::NoteEmpty, "empty");
        let req = CaseRequest {
            case: s.case.clone(),
        };
        let e = s.app.pause_interview(&req).unwrap_err();
        assert_refused(&e, ErrorCode::InterviewNotStarted, "not started");
        let e = s.app.resume_interview(&req).unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::InterviewNotStarted), "{e}");
        assert_eq!(s.snapshot(), before);

        s.rate(&s.criterion(), Rating::Meets, Some("Näin sen."))
            .unwrap();
        let before = s.snapshot();
        let e = s.app.finish_interview(&req).unwrap_err();
        if s.criteria.iter().filter(|c| c.1).count() > 1 {
            assert_refused(
                &e,
                ErrorCode::CriteriaUnrated,
                "rate every mandatory criterion",
            );
        }
        let e = s.app.resume_interview(&req).unwrap_err();
        assert_refused(&e, ErrorCode::InterviewNotPaused, "not paused");
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn a_decision_differing_from_the_suggestion_needs_a_justification() {
        let s = setup();
        for (c, _) in &s.criteria {
            s.rate(c, Rating::Meets, Some("Osasi ja perusteli."))
                .unwrap();
        }
        let before = s.snapshot();
        let decide = |decision, justification: Option<&str>| {
            s.app.decide(&DecideRequest {
                case: s.case.clone(),
                decision,
                justification: justification.map(Into::into),
            })
        };
        // Every criterion is rated meets but no evidence supports them: the suggestion is
        // not yet, so recognising needs the assessor's reasons.
        let e = decide(Decision::Recognised, None).unwrap_err();
        assert_refused(
            &e,
            ErrorCode::DecisionNeedsJustification,
            "needs a justification",
        );
        assert_eq!(s.snapshot(), before, "not decided");
        decide(Decision::NotYet, None).unwrap();
        // A decided case refuses every change, with its own code.
        let before = s.snapshot();
        let e = s
            .rate(&s.criterion(), Rating::DoesNotMeet, Some("Toisin."))
            .unwrap_err();
        assert_refused(&e, ErrorCode::CaseDecided, "decided");
        let e = s
            .app
            .withdraw_case(&CaseRequest {
                case: s.case.clone(),
            })
            .unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::CaseDecided), "{e}");
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn a_withdrawn_case_refuses_ratings() {
        let s = setup();
        let req = CaseRequest {
            case: s.case.clone(),
        };
        s.app.withdraw_case(&req).unwrap();
        let before = s.snapshot();
        let e = s
            .rate(&s.criterion(), Rating::Meets, Some("Näin sen."))
            .unwrap_err();
        assert_refused(&e, ErrorCode::CaseWithdrawn, "withdrawn");
        let e = s.app.return_for_revision(&req).unwrap_err();
        assert!(e.code.is_some(), "{e}");
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn evidence_refusals_name_the_file_and_carry_their_codes() {
        let s = setup();
        let dir = tempfile::tempdir().unwrap();
        let c = vec![s.criterion()];
        let before = s.snapshot();

        let big = dir.path().join("video.mp4");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(osaava_core::evidence::DEFAULT_MAX_FILE_BYTES + 1)
            .unwrap();
        let e = s.evidence(Some(&big), &c, None);
        assert_refused(&e, ErrorCode::EvidenceTooLarge, "at most 50.0 MB");
        assert_eq!(param(&e, "max_mb"), "50");
        assert!(e.file.as_deref().unwrap().ends_with("video.mp4"), "{e:?}");

        let gz = dir.path().join("kuvat.tar.gz");
        std::fs::write(&gz, b"\x1F\x8B\x08\x00rest of an archive").unwrap();
        let e = s.evidence(Some(&gz), &c, None);
        assert_refused(&e, ErrorCode::EvidenceTypeNotAllowed, "compressed archive");
        assert!(
            e.file.as_deref().unwrap().ends_with("kuvat.tar.gz"),
            "{e:?}"
        );

        let empty = dir.path().join("tyhjä.txt");
        std::fs::write(&empty, b"").unwrap();
        assert_refused(
            &s.evidence(Some(&empty), &c, None),
            ErrorCode::EvidenceEmpty,
            "empty",
        );

        let gone = dir.path().join("ei ole.pdf");
        assert_refused(
            &s.evidence(Some(&gone), &c, None),
            ErrorCode::FileUnreadable,
            "cannot open",
        );

        let txt = dir.path().join("lausunto.txt");
        std::fs::write(&txt, "Maija toimi ohjeen mukaan.\n").unwrap();
        assert_refused(
            &s.evidence(Some(&txt), &[], None),
            ErrorCode::EvidenceNeedsCriteria,
            "criterion",
        );
        assert_refused(
            &s.evidence(Some(&txt), &c, Some("14.3.2026")),
            ErrorCode::EvidenceDateInvalid,
            "YYYY-MM-DD",
        );
        assert_refused(
            &s.evidence(Some(&txt), &c, Some("2027-01-01")),
            ErrorCode::EvidenceDateInFuture,
            "after today",
        );
        assert_refused(
            &s.evidence(Some(&txt), &c, Some("1949-12-31")),
            ErrorCode::EvidenceDateTooOld,
            "before 1950",
        );
        assert_eq!(s.snapshot(), before, "no evidence was added");
        let vault = s.app.data_dir().join("vault");
        let stored = walk(&vault);
        assert!(stored.is_empty(), "nothing in the vault: {stored:?}");
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    out.extend(walk(&p));
                } else {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_file_that_is_no_self_assessment_is_refused_as_unreadable() {
        let s = setup();
        let dir = tempfile::tempdir().unwrap();
        let before = s.snapshot();
        let file = dir.path().join("itsearviointi.json");
        std::fs::write(&file, "{\"format\": \"something-else/1\"}").unwrap();
        let e = s.app.import_self_assessment(&file, Lang::Fi).unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::PackageUnreadable), "{e}");
        assert!(e.file.as_deref().unwrap().ends_with("itsearviointi.json"));
        std::fs::write(&file, "not json at all").unwrap();
        let e = s.app.import_self_assessment(&file, Lang::Fi).unwrap_err();
        assert_refused(
            &e,
            ErrorCode::PackageUnreadable,
            "not an Osaava self-assessment file",
        );
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn people_and_organisation_refusals_carry_their_codes_and_store_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path());
        let add = |name: &str, email: Option<&str>| {
            app.add_person(&AddPersonRequest {
                name: name.into(),
                role: Role::Employee,
                email: email.map(Into::into),
                title: None,
            })
            .unwrap_err()
        };
        assert_refused(&add("  ", None), ErrorCode::PersonNeedsName, "needs a name");
        assert_refused(
            &add(&"Ä".repeat(201), None),
            ErrorCode::PersonNameTooLong,
            "longer",
        );
        assert_refused(
            &add("Maija", Some("maija at kielo")),
            ErrorCode::PersonEmailInvalid,
            "email",
        );
        assert!(app.list_people().unwrap().is_empty(), "no one was added");

        let org = |name: &str, id: &str| {
            app.set_organisation(&SetOrganisationRequest {
                name: name.into(),
                business_id: id.into(),
            })
            .unwrap_err()
        };
        assert_refused(
            &org(" ", "1572860-0"),
            ErrorCode::OrganisationNeedsName,
            "needs a name",
        );
        assert_refused(
            &org("Kielo Oy", "123"),
            ErrorCode::BusinessIdFormat,
            "1234567-8",
        );
        assert_refused(
            &org("Kielo Oy", "1572860-1"),
            ErrorCode::BusinessIdCheckDigit,
            "check digit",
        );
        assert!(
            app.organisation().unwrap().is_none(),
            "no organisation was set"
        );

        let maija = person(&app, "Maija Virtanen", Role::Employee);
        let e = app
            .set_profile(&SetProfileRequest {
                role: Role::Assessor,
                person: Some(maija),
            })
            .unwrap_err();
        assert_refused(&e, ErrorCode::PersonWrongRole, "registered as employee");
        assert!(app.profile().unwrap().role.is_none(), "no profile was set");
    }

    #[test]
    fn key_refusals_carry_their_codes_and_write_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path());
        let keys = dir.path().join("keys");
        assert_refused(
            &app.unlock_keys("whatever passphrase")
                .map(drop)
                .unwrap_err(),
            ErrorCode::KeysMissing,
            "no signing keys",
        );
        assert_refused(
            &app.init_keys("long enough passphrase").unwrap_err(),
            ErrorCode::OrganisationMissing,
            "set the organisation first",
        );
        let e = app.init_keys("short").unwrap_err();
        assert_refused(&e, ErrorCode::PassphraseTooShort, "at least 8 characters");
        assert_eq!(param(&e, "min"), "8");
        let e = app
            .import_pkcs12(b"not a PKCS#12 file", "file pass", "long enough passphrase")
            .unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::Pkcs12Unreadable), "{e}");
        assert!(walk(&keys).is_empty(), "no key written: {:?}", walk(&keys));

        app.set_organisation(&SetOrganisationRequest {
            name: "Kielo Oy".into(),
            business_id: "1572860-0".into(),
        })
        .unwrap();
        app.init_keys("the right passphrase").unwrap();
        let written = walk(&keys);
        let e = app.unlock_keys("a wrong passphrase").map(drop).unwrap_err();
        assert_refused(&e, ErrorCode::WrongPassphrase, "wrong passphrase");
        let e = app.init_keys("a wrong passphrase").unwrap_err();
        assert_eq!(e.code, Some(ErrorCode::WrongPassphrase), "{e}");
        let e = app
            .import_pkcs12(b"not a PKCS#12 file", "file pass", "long enough passphrase")
            .unwrap_err();
        assert_refused(&e, ErrorCode::KeysExist, "already has signing keys");
        assert_eq!(walk(&keys), written, "the keys are as they were");
    }

    #[test]
    fn statement_refusals_carry_their_codes() {
        let s = setup();
        s.app
            .set_organisation(&SetOrganisationRequest {
                name: "Kielo Oy".into(),
                business_id: "1572860-0".into(),
            })
            .unwrap();
        s.app.init_keys("long enough passphrase").unwrap();
        let before = s.snapshot();
        let e = s
            .app
            .issue_statement(&IssueStatementRequest {
                case: s.case.clone(),
                language: None,
                place: Some("Jyväskylä".into()),
                passphrase: "long enough passphrase".into(),
            })
            .unwrap_err();
        assert_refused(&e, ErrorCode::CaseNotDecided, "not decided yet");
        let revoke = |statement: &str, reason: &str| {
            s.app
                .revoke_statement(&RevokeStatementRequest {
                    statement: statement.into(),
                    reason: reason.into(),
                })
                .unwrap_err()
        };
        assert_refused(&revoke("x", "  "), ErrorCode::RevokeNeedsReason, "reason");
        let e = revoke("x", &"a".repeat(5000));
        assert_refused(&e, ErrorCode::TextTooLong, "longer than");
        assert!(param(&e, "max").parse::<usize>().is_ok(), "{e:?}");
        assert_refused(
            &revoke("no-such-statement", "Väärä henkilö"),
            ErrorCode::StatementNotFound,
            "no statement",
        );
        assert_eq!(s.snapshot(), before, "the case is as it was");
    }

    #[test]
    fn a_refusal_without_a_code_serialises_as_before() {
        let e = ApiError::internal("disk full");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "internal", "message": "disk full"})
        );
        assert_eq!(mb_param(50 * 1024 * 1024), "50");
        assert_eq!(mb_param(1024 * 1024 * 3 / 2), "1.5");
    }
}
