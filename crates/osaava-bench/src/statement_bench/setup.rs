//! A fresh data dir for the statement benchmark, made through `osaava_api::App` as a user would:
//! the organisation, `osaava init`'s keys, a badge with 10 criteria imported as a template, one
//! assessor, and decided cases (an employee each, evidence, ten ratings, the decision).

use osaava_api::dto::*;
use osaava_api::{ApiError, App};
use osaava_bench::names;
use osaava_bench::rng::Rng;
use osaava_core::badge::EvidenceKind;
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::{Lang, Role};
use serde_json::Value;
use std::path::Path;
use std::time::Instant;

pub const PASSPHRASE: &str = "osaava-bench-passphrase";
pub const BADGE_ID: &str = "osaava-bench-memory-and-medication";
pub const PLACE: &str = "Jyväskylä";

static MEMORY: &str = include_str!("../../../../templates/badges/memory-disorder-client.json");
static MEDICATION: &str = include_str!("../../../../templates/badges/safe-medication.json");

/// No starter badge has 10 criteria: this one takes the six of "Meeting a client with a memory
/// disorder" and the first four (mandatory) of "Safe medication", with their texts, guidance and
/// evidence requirements, as an organisation's own template would.
pub fn ten_criteria_template() -> Value {
    let mut badge: Value = serde_json::from_str(MEMORY).expect("starter badge is JSON");
    let medication: Value = serde_json::from_str(MEDICATION).expect("starter badge is JSON");
    let object = badge.as_object_mut().expect("a template is an object");
    object.remove("$schema");
    object.insert("id".into(), BADGE_ID.into());
    object.insert(
        "name".into(),
        serde_json::json!({
            "fi": "Muistisairaan asiakkaan kohtaaminen ja lääkehoito",
            "sv": "Bemötande och läkemedelsbehandling av en klient med minnessjukdom",
            "en": "Meeting and medicating a client with a memory disorder"
        }),
    );
    let criteria = object["criteria"].as_array_mut().expect("criteria");
    criteria.extend(medication["criteria"].as_array().expect("criteria")[..4].to_vec());
    assert_eq!(criteria.len(), 10);
    badge
}

/// The data dir and its cases: `cases` of them, decided, none with a statement yet.
pub struct Prepared {
    pub app: App,
    pub cases: Vec<String>,
    pub criteria: usize,
    pub seconds: f64,
}

pub fn prepare(app: App, dir: &Path, cases: usize) -> Result<Prepared, ApiError> {
    let started = Instant::now();
    app.set_organisation(&SetOrganisationRequest {
        name: "Hyvinvointialue Keski-Suomi".into(),
        business_id: "0112038-9".into(),
    })?;
    app.init_keys(PASSPHRASE)?;

    let template = dir.join("bench-badge.json");
    std::fs::write(
        &template,
        serde_json::to_vec_pretty(&ten_criteria_template()).expect("JSON"),
    )
    .map_err(|e| ApiError::internal(format!("{}: {e}", template.display())))?;
    app.import_badge_files(&[template], &mut |_, _| {})?;
    let badge = app.show_badge(&ShowBadgeRequest {
        id: BADGE_ID.into(),
        version: None,
    })?;
    let criteria: Vec<(String, bool)> = badge
        .badge
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.mandatory))
        .collect();

    let assessor = app
        .add_person(&AddPersonRequest {
            name: "Sirkka Väänänen".into(),
            role: Role::Assessor,
            email: None,
            title: Some("sairaanhoitaja (AMK), vastaava ohjaaja".into()),
        })?
        .id;

    let mut rng = Rng::new(4);
    let all: Vec<String> = criteria.iter().map(|(id, _)| id.clone()).collect();
    let mut ids = Vec::with_capacity(cases);
    for i in 0..cases {
        let firsts = if rng.chance(0.85) {
            names::FEMALE_FIRST
        } else {
            names::MALE_FIRST
        };
        let first = rng.pick(firsts);
        let name = format!("{first} {}", rng.pick(names::SURNAMES));
        let employee = app
            .add_person(&AddPersonRequest {
                name,
                role: Role::Employee,
                email: None,
                title: Some("lähihoitaja".into()),
            })?
            .id;
        let case = app
            .open_case(
                &OpenCaseRequest {
                    employee,
                    badge: BADGE_ID.into(),
                    badge_version: None,
                    assessor: Some(assessor.clone()),
                    language: Some(Lang::Fi),
                },
                Lang::Fi,
            )?
            .id;
        let evidence = |kind, criteria: &[String], author: &str, note: &str| {
            app.add_evidence(
                &AddEvidenceRequest {
                    case: case.clone(),
                    kind,
                    criteria: criteria.to_vec(),
                    obtained: Some("2026-09-02".into()),
                    author: Some(author.into()),
                    verified: true,
                    note: Some(note.into()),
                },
                None,
                Lang::Fi,
            )
        };
        evidence(
            EvidenceKind::InterviewAnswer,
            &all,
            "arviointihaastattelu",
            "Strukturoitu näyttöhaastattelu",
        )?;
        evidence(
            EvidenceKind::Observation,
            &all[..6],
            "arvioija",
            "Havainnointi iltavuorossa",
        )?;
        for (criterion, mandatory) in &criteria {
            // An optional criterion partly met, as in real assessments (and the demo).
            let rating = if *mandatory {
                Rating::Meets
            } else {
                Rating::PartiallyMeets
            };
            app.rate(
                &RateRequest {
                    case: case.clone(),
                    criterion: criterion.clone(),
                    rating,
                    rationale: Some(rng.pick(names::RATIONALES).to_string()),
                },
                Lang::Fi,
            )?;
        }
        app.decide(&DecideRequest {
            case: case.clone(),
            decision: Decision::Recognised,
            justification: Some(
                "Kaikki pakolliset kriteerit täyttyvät riittävin ja ajantasaisin näytöin.".into(),
            ),
        })?;
        ids.push(case);
        if (i + 1) % 250 == 0 || i + 1 == cases {
            eprintln!("bench: statements: {}/{cases} decided cases", i + 1);
        }
    }
    Ok(Prepared {
        app,
        cases: ids,
        criteria: criteria.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}
