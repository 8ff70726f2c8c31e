//! Issuing many decided cases at once (the desktop's batch screen): the waiting cases with names,
//! every PDF written into the folder with a free name, a failure beside its reason, a stop after
//! the cases in hand, and a wrong passphrase refused before anything is issued.

use osaava_api::core::badge::EvidenceKind;
use osaava_api::core::case::Decision;
use osaava_api::core::interview::Rating;
use osaava_api::core::{Lang, Role};
use osaava_api::dto::*;
use osaava_api::{App, BatchEvent, IssueBatchRequest, SystemClock};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const PASS: &str = "eraajo-testi-2026";
const BADGE: &str = "osaava-first-aid";

fn person(app: &App, name: &str, role: Role) -> String {
    app.add_person(&AddPersonRequest {
        name: name.into(),
        role,
        email: None,
        title: None,
    })
    .unwrap()
    .id
}

fn decided(app: &App, name: &str, assessor: &str) -> String {
    let employee = person(app, name, Role::Employee);
    let case = app
        .open_case(
            &OpenCaseRequest {
                employee,
                badge: BADGE.into(),
                badge_version: None,
                assessor: Some(assessor.into()),
                language: Some(Lang::Fi),
            },
            Lang::Fi,
        )
        .unwrap()
        .id;
    let badge = app
        .show_badge(&ShowBadgeRequest {
            id: BADGE.into(),
            version: None,
        })
        .unwrap();
    let criteria: Vec<String> = badge.badge.criteria.iter().map(|c| c.id.clone()).collect();
    for c in &criteria {
        app.add_evidence(
            &AddEvidenceRequest {
                case: case.clone(),
                kind: EvidenceKind::InterviewAnswer,
                criteria: vec![c.clone()],
                obtained: None,
                author: None,
                verified: true,
                note: None,
            },
            None,
            Lang::Fi,
        )
        .unwrap();
        app.rate(
            &RateRequest {
                case: case.clone(),
                criterion: c.clone(),
                rating: Rating::Meets,
                rationale: Some("Haastattelu".into()),
            },
            Lang::Fi,
        )
        .unwrap();
    }
    app.decide(&DecideRequest {
        case: case.clone(),
        decision: Decision::Recognised,
        justification: Some("Näyttö riittää.".into()),
    })
    .unwrap();
    case
}

fn setup(root: &Path, names: &[&str]) -> (App, Vec<String>) {
    let app = App::open(&root.join("data"), Arc::new(SystemClock), "test").unwrap();
    app.set_organisation(&SetOrganisationRequest {
        name: "Hoivakoti Kielo Oy".into(),
        business_id: "0112038-9".into(),
    })
    .unwrap();
    app.init_keys(PASS).unwrap();
    let assessor = person(&app, "Sirkka Väänänen", Role::Assessor);
    let cases = names.iter().map(|n| decided(&app, n, &assessor)).collect();
    (app, cases)
}

#[test]
fn a_batch_issues_every_waiting_case_into_the_folder_and_reports_each() {
    let root = tempfile::tempdir().unwrap();
    let (app, cases) = setup(root.path(), &["Eero Salo", "Liisa Ström", "Eero Salo"]);
    let waiting = app.batch_candidates().unwrap();
    assert_eq!(
        waiting.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        cases
    );
    assert_eq!(waiting[1].employee_name, "Liisa Ström");

    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A file already there keeps its name.
    std::fs::write(out.join("keep.txt"), b"x").unwrap();
    let mut req_cases = cases.clone();
    req_cases.push("no-such-case".into());
    let events = Mutex::new(Vec::new());
    let report = app
        .issue_batch(
            &IssueBatchRequest {
                cases: req_cases,
                passphrase: PASS.into(),
                place: Some("Oulu".into()),
            },
            &out,
            &|e| events.lock().unwrap().push(e),
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.total, 4);
    assert!(!report.cancelled);
    assert_eq!(report.issued.len(), 3);
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].case, "no-such-case");
    assert!(report.failed[0].error.is_some());
    let mut files: Vec<String> = report
        .issued
        .iter()
        .map(|i| i.file.clone().unwrap())
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 3, "two Eero Salos get two files: {files:?}");
    for f in &files {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{f}");
    }
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
    let events = events.into_inner().unwrap();
    assert!(matches!(events[0], BatchEvent::Started { total: 4 }));
    let finished: Vec<u32> = events
        .iter()
        .filter_map(|e| match e {
            BatchEvent::Finished { done, .. } => Some(*done),
            _ => None,
        })
        .collect();
    assert_eq!(finished, [1, 2, 3, 4]);
    assert!(app.batch_candidates().unwrap().is_empty());
}

#[test]
fn a_stop_ends_the_batch_after_the_cases_in_hand_and_a_wrong_passphrase_issues_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (app, cases) = setup(root.path(), &["A Yksi", "B Kaksi", "C Kolme", "D Neljä"]);
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let wrong = app.issue_batch(
        &IssueBatchRequest {
            cases: cases.clone(),
            passphrase: "väärä".into(),
            place: None,
        },
        &out,
        &|_| {},
        &AtomicBool::new(false),
    );
    assert!(wrong.is_err());
    assert_eq!(app.batch_candidates().unwrap().len(), 4);

    let stop = AtomicBool::new(false);
    let report = app
        .issue_batch(
            &IssueBatchRequest {
                cases: cases.clone(),
                passphrase: PASS.into(),
                place: None,
            },
            &out,
            &|e| {
                if matches!(e, BatchEvent::Issuing { .. }) {
                    stop.store(true, Ordering::Relaxed);
                }
            },
            &stop,
        )
        .unwrap();
    assert!(report.cancelled);
    let started = report.issued.len() + report.failed.len();
    assert!((1..4).contains(&started), "{started}");
    assert_eq!(report.not_started.len(), 4 - started);
    assert_eq!(
        app.batch_candidates().unwrap().len(),
        4 - report.issued.len()
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        report.issued.len()
    );
}
