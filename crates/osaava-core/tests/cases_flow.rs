//! A whole assessment in domain terms, on a real starter badge with the shipped templates: the
//! sequence of calls osaava-api makes for the CLI commands of the cases issue.

use chrono::NaiveDate;
use osaava_core::badge::{Badge, EvidenceKind};
use osaava_core::case::{Case, CaseError, CaseState, Decision, NewCase};
use osaava_core::compare::{compare, CaseFacts, Suggestion};
use osaava_core::evidence::{check_file, Evidence, EvidenceInput, DEFAULT_MAX_FILE_BYTES};
use osaava_core::import::parse_badges;
use osaava_core::interview::{
    build_guide, CriterionRating, InterviewNote, QuestionTemplates, Rating,
};
use osaava_core::learning::Catalogue;
use osaava_core::localized::Lang;
use osaava_core::selfassess::package::{export_package, parse_package, ExportItem, PackageLimits};
use osaava_core::selfassess::{SelfAssessment, SelfLevel};
use std::path::PathBuf;

fn template(path: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../templates")
            .join(path),
    )
    .unwrap()
}

fn badge() -> Badge {
    let mut b = parse_badges(&template("badges/safe-medication.json"))
        .unwrap()
        .remove(0);
    b.version = 1; // the store assigns versions
    b
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_whole_assessment() {
    let b = badge();
    let today = day("2026-03-02");
    let ids: Vec<String> = b.criteria.iter().map(|c| c.id.clone()).collect();
    let mandatory: Vec<&str> = b
        .criteria
        .iter()
        .filter(|c| c.mandatory)
        .map(|c| c.id.as_str())
        .collect();

    // case open --employee emp --badge osaava-safe-medication --assessor ass
    let mut case = Case::open(
        &NewCase {
            id: "c1",
            employee_id: "emp",
            assessor_id: Some("ass"),
            language: Lang::Fi,
        },
        &b,
    )
    .unwrap();

    // The employee self-assesses at home and exports the file with one piece of evidence.
    let mut sa = SelfAssessment::new(&b);
    for (i, id) in ids.iter().enumerate() {
        let level = if i == 1 {
            SelfLevel::WithGuidance
        } else {
            SelfLevel::Independently
        };
        sa.set(
            &b,
            id,
            level,
            Some("Iltavuorossa jaoin lääkkeet dosettiin ja tarkistin listan."),
        )
        .unwrap();
    }
    let statement = "Lausunto: työntekijä jakaa ja antaa lääkkeet ohjeiden mukaan.".as_bytes();
    let checked = check_file(statement, DEFAULT_MAX_FILE_BYTES).unwrap();
    let all_mandatory: Vec<String> = mandatory.iter().map(|s| s.to_string()).collect();
    let input = EvidenceInput {
        kind: Some(EvidenceKind::ThirdPartyStatement),
        obtained: Some(day("2025-11-01")),
        author: Some("esihenkilö"),
        criteria: &all_mandatory,
        file_name: Some("lausunto.txt"),
        ..Default::default()
    };
    let (stmt, warnings) = Evidence::new(&b, "ev-home", &input, Some(&checked), today).unwrap();
    assert!(warnings.is_empty());
    let file = export_package(
        &case,
        &sa,
        &[ExportItem {
            evidence: &stmt,
            bytes: statement,
        }],
        "2026-03-01T18:00:00Z",
    )
    .unwrap();

    // self-assessment import FILE: parse, find the case, validate, then store and submit.
    let limits = PackageLimits::default();
    let package = parse_package(&file, &limits).unwrap();
    assert_eq!(package.case_id, case.id);
    let mut n = 0;
    let imported = package
        .validate(&case, &b, &limits, today, || {
            n += 1;
            format!("ev-{n}")
        })
        .unwrap();
    let sa = imported.self_assessment;
    let mut evidence: Vec<Evidence> = imported.evidence.into_iter().map(|i| i.evidence).collect();
    case.submit_self_assessment(&b, &sa).unwrap();

    // interview guide: the criterion self-assessed at 2 comes first.
    let questions = QuestionTemplates::parse(&template("interview/questions.json")).unwrap();
    let guide = build_guide(&questions, &b, Some(&sa), &evidence, Lang::Fi);
    assert_eq!(guide.questions[0].criterion, ids[1]);
    assert!(guide.questions[0]
        .question
        .starts_with("Esihenkilösi tai työpaikkaohjaajasi lausunto"));

    // interview note: starts the interview.
    let changes = case.record_interview().unwrap();
    assert_eq!(case.state, CaseState::InterviewInProgress);
    assert_eq!(changes.len(), 1);
    let note = InterviewNote::new(&b, &ids[1], "Kuvasi kaksoistarkistuksen.").unwrap();
    assert_eq!(note.criterion, ids[1]);
    case.pause_interview().unwrap();

    // The assessor checks the statement, adds an observation, and rates.
    evidence[0].authenticity_checked = true;
    let input = EvidenceInput {
        kind: Some(EvidenceKind::Observation),
        obtained: Some(day("2026-03-02")),
        criteria: &all_mandatory,
        authenticity_checked: true,
        ..Default::default()
    };
    evidence.push(Evidence::new(&b, "ev-obs", &input, None, today).unwrap().0);
    let mut ratings = Vec::new();
    for id in &mandatory {
        case.record_interview().unwrap(); // resumes the paused interview on the first rating
        let r = if *id == ids[1] {
            Rating::PartiallyMeets
        } else {
            Rating::Meets
        };
        ratings.push(CriterionRating::new(&b, id, r, Some("Havainnoitu ja haastateltu")).unwrap());
    }
    assert!(!case.interview_paused);

    // compare --json
    let catalogue = Catalogue::parse(&template("learning/courses.json")).unwrap();
    let facts = CaseFacts {
        badge: &b,
        self_assessment: Some(&sa),
        evidence: &evidence,
        ratings: &ratings,
        as_of: today,
    };
    let cmp = compare(&facts, Some(&catalogue));
    assert_eq!(cmp.suggestion, Suggestion::Partially);
    assert_eq!(cmp.gaps, [ids[1].clone()]);
    assert!(!cmp.learning_path.is_empty());
    assert!(cmp.learning_path.iter().any(|s| s.covers.contains(&ids[1])));
    assert!(cmp.uncovered_gaps.is_empty());

    // decide: recognised is refused (a mandatory criterion is rated below meets) …
    let err = case
        .decide(&facts, Decision::Recognised, Some("kaikki hyvin"))
        .unwrap_err();
    assert!(matches!(err, CaseError::Decision(_)));
    // … partially follows the suggestion and needs no justification.
    let (record, changes) = case
        .decide(&facts, Decision::PartiallyRecognised, None)
        .unwrap();
    assert_eq!(case.state, CaseState::Decided);
    assert_eq!(changes.len(), 2, "interview finished, then decided");
    assert!(!record.recognised_criteria.contains(&ids[1]));
    assert_eq!(record.decided_on, today);
}
