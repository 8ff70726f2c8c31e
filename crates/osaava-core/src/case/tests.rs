use super::*;
use crate::badge::EvidenceKind;
use crate::case::common::fixtures::badge;
use crate::compare::{CaseFacts, Suggestion};
use crate::evidence::{Evidence, EvidenceInput};
use crate::interview::rating::{CriterionRating, Rating};
use crate::selfassess::{SelfAssessment, SelfLevel};
use chrono::NaiveDate;
use CaseState::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn open() -> Case {
    let new = NewCase {
        id: "case-1",
        employee_id: "emp",
        assessor_id: Some("ass"),
        language: Lang::Fi,
    };
    Case::open(&new, &badge()).unwrap()
}

fn rate(r: &[(&str, Rating)]) -> Vec<CriterionRating> {
    r.iter()
        .map(|(c, r)| CriterionRating::new(&badge(), c, *r, Some("perustelu")).unwrap())
        .collect()
}

fn state_changes(ch: &[CaseChange]) -> Vec<(CaseState, CaseState)> {
    ch.iter()
        .filter_map(|c| match c {
            CaseChange::State { from, to } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

/// Evidence for every criterion that satisfies it: c2 needs two observations.
fn good_evidence() -> Vec<Evidence> {
    let b = badge();
    let mk = |id: &str, kind, crits: &[&str]| {
        let crits: Vec<String> = crits.iter().map(|s| s.to_string()).collect();
        let input = EvidenceInput {
            kind: Some(kind),
            obtained: Some(day("2024-06-01")),
            criteria: &crits,
            authenticity_checked: true,
            ..Default::default()
        };
        Evidence::new(&b, id, &input, None, day("2025-01-01"))
            .unwrap()
            .0
    };
    vec![
        mk("e1", EvidenceKind::Document, &["c1", "c3"]),
        mk("e2", EvidenceKind::Observation, &["c2"]),
        mk("e3", EvidenceKind::Observation, &["c2"]),
    ]
}

fn facts<'a>(
    b: &'a crate::badge::Badge,
    ev: &'a [Evidence],
    r: &'a [CriterionRating],
) -> CaseFacts<'a> {
    CaseFacts {
        badge: b,
        self_assessment: None,
        evidence: ev,
        ratings: r,
        as_of: day("2025-03-01"),
    }
}

#[test]
fn opening_checks_ids_and_conflict_of_interest() {
    let c = open();
    assert_eq!(
        (c.state, c.badge_id.as_str(), c.badge_version),
        (Draft, "osaava-test", 2)
    );
    let bad = |id, emp, ass| {
        Case::open(
            &NewCase {
                id,
                employee_id: emp,
                assessor_id: ass,
                language: Lang::Sv,
            },
            &badge(),
        )
    };
    assert_eq!(bad("", "e", None), Err(CaseError::Missing("an id")));
    assert_eq!(bad("c", " ", None), Err(CaseError::Missing("an employee")));
    assert_eq!(bad("c", "e", Some("e")), Err(CaseError::OwnAssessor));
    assert_eq!(bad("c", "e", Some(" ")).unwrap().assessor_id, None);
}

#[test]
fn self_assessment_is_edited_in_draft_or_revision_only() {
    let b = badge();
    let mut c = open();
    assert!(c.check_self_assessment_editable().is_ok());
    let mut sa = SelfAssessment::new(&b);
    sa.set(&b, "c1", SelfLevel::Independently, None).unwrap();
    let err = c.submit_self_assessment(&b, &sa).unwrap_err();
    assert!(err.to_string().contains("missing: c2, c3"), "{err}");
    assert_eq!(c.state, Draft, "a refused submit changes nothing");
    sa.set(&b, "c2", SelfLevel::Unsure, None).unwrap();
    sa.set(&b, "c3", SelfLevel::NotYet, None).unwrap();
    let ch = c.submit_self_assessment(&b, &sa).unwrap();
    assert_eq!(state_changes(&ch), [(Draft, SelfAssessmentSubmitted)]);
    assert_eq!(
        c.check_self_assessment_editable(),
        Err(CaseError::SelfAssessmentSubmitted)
    );
    assert!(CaseError::SelfAssessmentSubmitted
        .to_string()
        .contains("return it for revision"));

    let ch = c.return_for_revision().unwrap();
    assert_eq!(
        state_changes(&ch),
        [(SelfAssessmentSubmitted, ReturnedForRevision)]
    );
    assert!(c.check_self_assessment_editable().is_ok());
    c.submit_self_assessment(&b, &sa).unwrap();
    assert_eq!(c.state, SelfAssessmentSubmitted);

    c.record_interview().unwrap();
    assert_eq!(
        c.check_self_assessment_editable(),
        Err(CaseError::SelfAssessmentClosed)
    );
    assert!(matches!(
        c.return_for_revision(),
        Err(CaseError::NothingToReturn(InterviewInProgress))
    ));
}

#[test]
fn submitting_another_badge_version_is_refused() {
    let b = badge();
    let mut other = b.clone();
    other.version = 1;
    let mut sa = SelfAssessment::new(&other);
    for id in ["c1", "c2", "c3"] {
        sa.set(&other, id, SelfLevel::Independently, None).unwrap();
    }
    let mut c = open();
    assert!(matches!(
        c.submit_self_assessment(&other, &sa),
        Err(CaseError::WrongBadge { .. })
    ));
    assert!(matches!(
        c.submit_self_assessment(&b, &sa),
        Err(CaseError::SelfAssessment(_))
    ));
}

#[test]
fn first_note_or_rating_starts_the_interview_without_a_self_assessment() {
    let mut c = open();
    let ch = c.record_interview().unwrap();
    assert_eq!(state_changes(&ch), [(Draft, InterviewInProgress)]);
    assert_eq!(c.interview_sessions, 1);
    // Later notes change nothing.
    assert!(c.record_interview().unwrap().is_empty());
    assert_eq!(c.interview_sessions, 1);
}

#[test]
fn pause_is_a_flag_and_a_note_resumes() {
    let mut c = open();
    assert_eq!(c.pause_interview(), Err(CaseError::InterviewNotStarted));
    c.record_interview().unwrap();
    assert_eq!(c.pause_interview().unwrap(), [CaseChange::InterviewPaused]);
    assert!(c.interview_paused);
    assert_eq!(
        c.state, InterviewInProgress,
        "paused is not a state of its own"
    );
    assert_eq!(c.pause_interview(), Err(CaseError::AlreadyPaused));
    assert_eq!(
        c.resume_interview().unwrap(),
        [CaseChange::InterviewResumed]
    );
    assert_eq!(c.resume_interview(), Err(CaseError::NotPaused));
    assert_eq!(c.interview_sessions, 2);
    c.pause_interview().unwrap();
    assert_eq!(
        c.record_interview().unwrap(),
        [CaseChange::InterviewResumed]
    );
    assert!(!c.interview_paused);
    assert_eq!(c.interview_sessions, 3);
    assert_eq!(
        CaseChange::InterviewPaused.audit(),
        ("interview", "running".into(), "paused".into())
    );
}

#[test]
fn finishing_needs_every_mandatory_rating_and_a_new_rating_reopens() {
    let b = badge();
    let mut c = open();
    c.record_interview().unwrap();
    let ratings = rate(&[("c1", Rating::Meets)]);
    let err = c.finish_interview(&b, &ratings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rate every mandatory criterion before finishing the interview; not rated yet: c2"
    );
    c.pause_interview().unwrap();
    let ratings = rate(&[("c1", Rating::Meets), ("c2", Rating::PartiallyMeets)]);
    let ch = c.finish_interview(&b, &ratings).unwrap();
    assert_eq!(
        ch,
        [
            CaseChange::InterviewResumed,
            CaseChange::State {
                from: InterviewInProgress,
                to: Assessed
            }
        ]
    );
    assert_eq!(c.pause_interview(), Err(CaseError::InterviewFinished));
    let ch = c.record_interview().unwrap();
    assert_eq!(state_changes(&ch), [(Assessed, InterviewInProgress)]);
}

#[test]
fn decided_and_withdrawn_cases_refuse_everything() {
    let b = badge();
    let mut c = open();
    c.withdraw().unwrap();
    assert_eq!(c.record_interview(), Err(CaseError::Withdrawn));
    assert_eq!(c.check_can_add_evidence(), Err(CaseError::Withdrawn));
    assert_eq!(c.withdraw(), Err(CaseError::Withdrawn));
    assert!(CaseError::Withdrawn.to_string().contains("open a new case"));

    let mut c = open();
    c.record_interview().unwrap();
    let r = rate(&[
        ("c1", Rating::Meets),
        ("c2", Rating::Meets),
        ("c3", Rating::Meets),
    ]);
    let ev = good_evidence();
    c.decide(&facts(&b, &ev, &r), Decision::Recognised, None)
        .unwrap();
    for res in [
        c.record_interview(),
        c.withdraw(),
        c.pause_interview(),
        c.assign_assessor("x"),
    ] {
        assert_eq!(res, Err(CaseError::Decided));
    }
    assert_eq!(c.check_self_assessment_editable(), Err(CaseError::Decided));
}

#[test]
fn assessor_can_be_assigned_but_not_the_employee() {
    let mut c = Case::open(
        &NewCase {
            id: "c",
            employee_id: "emp",
            assessor_id: None,
            language: Lang::En,
        },
        &badge(),
    )
    .unwrap();
    assert_eq!(c.assign_assessor("emp"), Err(CaseError::OwnAssessor));
    let ch = c.assign_assessor("a1").unwrap();
    assert_eq!(
        ch,
        [CaseChange::Assessor {
            from: None,
            to: "a1".into()
        }]
    );
    assert!(c.assign_assessor("a1").unwrap().is_empty());
    assert_eq!(
        c.assign_assessor("a2").unwrap()[0].audit(),
        ("assessor", "a1".into(), "a2".into())
    );
}

#[test]
fn deciding_as_suggested_needs_no_justification_and_finishes_the_interview() {
    let b = badge();
    let mut c = open();
    c.record_interview().unwrap();
    c.pause_interview().unwrap();
    let r = rate(&[("c1", Rating::Meets), ("c2", Rating::Meets)]);
    let ev = good_evidence();
    let (rec, ch) = c
        .decide(&facts(&b, &ev, &r), Decision::Recognised, None)
        .unwrap();
    assert_eq!(
        state_changes(&ch),
        [(InterviewInProgress, Assessed), (Assessed, Decided)]
    );
    assert_eq!(rec.suggestion, Suggestion::Recognise);
    assert_eq!(rec.recognised_criteria, ["c1", "c2"]);
    assert_eq!(rec.decided_on, day("2025-03-01"));
    assert_eq!(rec.assessor_id, "ass");
    assert!(!c.interview_paused);
    assert_eq!(c.decision.as_ref(), Some(&rec));
}

#[test]
fn deciding_before_rating_says_what_to_rate() {
    let b = badge();
    let mut c = open();
    let err = c
        .decide(&facts(&b, &[], &[]), Decision::NotYet, None)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rate every mandatory criterion before deciding; not rated yet: c1, c2"
    );
    assert_eq!(c.state, Draft);
}

#[test]
fn differing_from_the_suggestion_needs_a_justification() {
    let b = badge();
    let r = rate(&[("c1", Rating::Meets), ("c2", Rating::Meets)]);
    // Only one observation for c2, so the suggestion is "partially".
    let ev: Vec<Evidence> = good_evidence().into_iter().take(2).collect();
    let mut c = open();
    c.record_interview().unwrap();
    let err = c
        .decide(&facts(&b, &ev, &r), Decision::Recognised, Some("  "))
        .unwrap_err();
    assert_eq!(
        err,
        CaseError::Decision(DecisionError::JustificationRequired {
            suggestion: Suggestion::Partially,
            decision: Decision::Recognised
        })
    );
    assert!(err
        .to_string()
        .contains("the suggestion is partially, so deciding recognised needs a justification"));
    assert_eq!(c.state, InterviewInProgress, "nothing changes on a refusal");
    let (rec, _) = c
        .decide(
            &facts(&b, &ev, &r),
            Decision::Recognised,
            Some("Havainnoin itse kaksi lääkkeenjakoa."),
        )
        .unwrap();
    assert_eq!(
        rec.justification.as_deref(),
        Some("Havainnoin itse kaksi lääkkeenjakoa.")
    );
    assert_eq!(rec.suggestion, Suggestion::Partially);
}

#[test]
fn the_decision_must_agree_with_the_ratings() {
    let b = badge();
    let ev = good_evidence();
    let mut c = open();
    c.record_interview().unwrap();
    let r = rate(&[("c1", Rating::Meets), ("c2", Rating::DoesNotMeet)]);
    let err = c
        .decide(&facts(&b, &ev, &r), Decision::Recognised, Some("silti"))
        .unwrap_err();
    assert_eq!(
        err,
        CaseError::Decision(DecisionError::MandatoryNotMet {
            criteria: vec!["c2".into()]
        })
    );
    assert!(err.to_string().contains("decide partially"));

    let r = rate(&[("c1", Rating::PartiallyMeets), ("c2", Rating::DoesNotMeet)]);
    let err = c
        .decide(
            &facts(&b, &ev, &r),
            Decision::PartiallyRecognised,
            Some("silti"),
        )
        .unwrap_err();
    assert_eq!(err, CaseError::Decision(DecisionError::NothingMet));

    // Not yet despite a "recognise" suggestion: allowed with a justification.
    let r = rate(&[("c1", Rating::Meets), ("c2", Rating::Meets)]);
    assert!(c
        .decide(&facts(&b, &ev, &r), Decision::NotYet, None)
        .is_err());
    let (rec, _) = c
        .decide(
            &facts(&b, &ev, &r),
            Decision::NotYet,
            Some("Todistuksen aitous epäselvä"),
        )
        .unwrap();
    assert!(rec.recognised_criteria.is_empty());
}

#[test]
fn deciding_needs_an_assessor_and_the_case_badge() {
    let b = badge();
    let ev = good_evidence();
    let r = rate(&[("c1", Rating::Meets), ("c2", Rating::Meets)]);
    let mut c = Case::open(
        &NewCase {
            id: "c",
            employee_id: "emp",
            assessor_id: None,
            language: Lang::Fi,
        },
        &b,
    )
    .unwrap();
    c.record_interview().unwrap();
    assert_eq!(
        c.decide(&facts(&b, &ev, &r), Decision::Recognised, None),
        Err(CaseError::Decision(DecisionError::NoAssessor))
    );
    let mut other = b.clone();
    other.version = 9;
    assert!(matches!(
        c.decide(&facts(&other, &ev, &r), Decision::Recognised, None),
        Err(CaseError::WrongBadge { .. })
    ));
}

#[test]
fn decision_codes_take_the_cli_words() {
    assert_eq!(Decision::parse("recognise"), Some(Decision::Recognised));
    assert_eq!(
        Decision::parse("partially"),
        Some(Decision::PartiallyRecognised)
    );
    assert_eq!(Decision::parse("not-yet"), Some(Decision::NotYet));
    assert_eq!(Decision::parse("maybe"), None);
    for d in Decision::ALL {
        assert_eq!(Decision::parse(d.code()), Some(d));
        assert_eq!(
            serde_json::to_value(d).unwrap(),
            serde_json::json!(d.code())
        );
        assert!(!d.label(Lang::Sv).is_empty());
    }
}
