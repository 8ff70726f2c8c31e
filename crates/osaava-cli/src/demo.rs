//! `osaava demo --out DIR`: a whole, realistic assessment on a fresh data dir, through the API.

use crate::cli::write_atomically;
use crate::output::{print_json, Out};
use osaava_api::dto::*;
use osaava_api::{ApiError, App, SystemClock};
use osaava_core::badge::EvidenceKind;
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::selfassess::SelfLevel;
use osaava_core::{Lang, Role};
use std::path::Path;
use std::sync::Arc;

const BADGE: &str = "osaava-memory-disorder-client";
/// Used when OSAAVA_PASSPHRASE is not set; the demo's keys protect nothing real.
const DEMO_PASSPHRASE: &str = "osaava-demo-passphrase";

/// (criterion, self level, example, rating, rationale)
const CRITERIA: &[(&str, SelfLevel, &str, Rating, &str)] = &[
    ("adapted-communication", SelfLevel::CanGuideOthers,
     "Iltaisin levoton asukas rauhoittuu, kun istun viereen, puhun hitaasti ja näytän kuvakortin.",
     Rating::Meets, "Kuvasi tarkasti rauhoittavan vuorovaikutuksen; esihenkilön lausunto ja havainnointi tukevat."),
    ("life-history", SelfLevel::Independently,
     "Kokosin omaisten kanssa elämänkertakansion ja suunnittelin sen pohjalta leivontatuokion.",
     Rating::Meets, "Elämänkertatiedon käyttö näkyy havainnoinnissa ja haastattelussa."),
    ("neuropsychiatric-symptoms", SelfLevel::Independently,
     "Huomasin, että aggressiivisuuden takana oli ummetuksen aiheuttama kipu, ja kirjasin havainnot.",
     Rating::Meets, "Tunnisti oireen syyn ja käytti lääkkeettömiä keinoja; kaksi näyttöä."),
    ("self-determination", SelfLevel::Independently,
     "Annan asukkaan valita vaatteensa ja pyydän luvan ennen hoitotoimia.",
     Rating::Meets, "Valinnanmahdollisuudet ja suostumus hallussa; rajoittamistoimien säännöt osasi kertoa."),
    ("working-with-relatives", SelfLevel::Independently,
     "Kerron omaisille viikon kuulumiset tietosuojaa noudattaen ja kysyn heidän vinkkejään.",
     Rating::Meets, "Omaisyhteistyö kuvattu ja esihenkilön lausunto vahvistaa."),
    ("safe-clear-environment", SelfLevel::WithGuidance,
     "Olen lisännyt huoneiden oviin kuvat, mutta valaistuksesta en ole päättänyt itse.",
     Rating::PartiallyMeets, "Osallistunut opasteisiin; ympäristön kokonaisarviointi vielä ohjattua."),
];

const SUPERVISOR_LETTER: &str = "Lausunto työntekijän osaamisesta\n\n\
Åsa Mäkelä-Öhman on työskennellyt Hoivakoti Kielon muistisairaiden ryhmäkodissa vuodesta 2021. \
Hän kohtaa asukkaat rauhallisesti, tunnistaa käytösoireiden syitä ja tekee sujuvaa yhteistyötä omaisten kanssa.\n\n\
Jyväskylässä 2.9.2026\nHelena Korhonen, palveluesihenkilö\n";

pub(crate) fn run(out: &Out, dir: &Path) -> Result<(), ApiError> {
    let data = dir.join("data");
    if data.exists()
        && std::fs::read_dir(&data)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ApiError::bad_input(format!(
            "{} already exists: the demo needs a fresh data dir; choose another --out or remove it",
            data.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| ApiError::bad_input(format!("cannot create {}: {e}", dir.display())))?;
    let passphrase = match std::env::var("OSAAVA_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        Some(p) => p,
        None => {
            eprintln!(
                "demo: WARNING: the demo's keys use the passphrase {DEMO_PASSPHRASE:?}. It is printed here and \
                 protects nothing: use the demo's data dir for trying Osaava only, never for real statements."
            );
            DEMO_PASSPHRASE.into()
        }
    };
    // Checked before the data dir exists, so a refused passphrase leaves nothing behind.
    if passphrase.chars().count() < 8 {
        return Err(ApiError::bad_input(
            "OSAAVA_PASSPHRASE must have at least 8 characters: it protects the demo's keys",
        ));
    }
    let app = App::open(&data, Arc::new(SystemClock), "demo")?;
    let step = |what: &str| {
        if !out.json {
            eprintln!("demo: {what}");
        }
    };

    step("organisation, keys and people");
    app.set_organisation(&SetOrganisationRequest {
        name: "Hoivakoti Kielo Oy".into(),
        business_id: "0112038-9".into(),
    })?;
    app.init_keys(&passphrase)?;
    let employee = app
        .add_person(&AddPersonRequest {
            name: "Åsa Mäkelä-Öhman".into(),
            role: Role::Employee,
            email: None,
            title: Some("lähihoitaja".into()),
        })?
        .id;
    let assessor = app
        .add_person(&AddPersonRequest {
            name: "Sirkka Väänänen".into(),
            role: Role::Assessor,
            email: None,
            title: Some("sairaanhoitaja (AMK), vastaava ohjaaja".into()),
        })?
        .id;

    step("case and self-assessment");
    let open = OpenCaseRequest {
        employee,
        badge: BADGE.into(),
        badge_version: None,
        assessor: Some(assessor),
        language: Some(Lang::Fi),
    };
    let case = app.open_case(&open, Lang::Fi)?.id;
    for (criterion, level, example, _, _) in CRITERIA {
        let req = SelfAssessRequest {
            case: case.clone(),
            criterion: (*criterion).into(),
            level: *level,
            example: Some((*example).into()),
        };
        app.self_assess(&req, Lang::Fi)?;
    }
    let letter = tempfile_in(dir, "esihenkilon-lausunto.txt", SUPERVISOR_LETTER)?;
    let evidence =
        |kind, criteria: &[&str], obtained: &str, author: &str, note: &str, file: Option<&Path>| {
            let req = AddEvidenceRequest {
                case: case.clone(),
                kind,
                criteria: criteria.iter().map(|c| c.to_string()).collect(),
                obtained: Some(obtained.into()),
                author: Some(author.into()),
                verified: true,
                note: Some(note.into()),
            };
            app.add_evidence(&req, file, Lang::Fi)
        };
    evidence(
        EvidenceKind::ThirdPartyStatement,
        &[
            "adapted-communication",
            "neuropsychiatric-symptoms",
            "working-with-relatives",
        ],
        "2026-09-02",
        "palveluesihenkilö",
        "Esihenkilön kirjallinen lausunto",
        Some(&letter),
    )?;
    std::fs::remove_dir_all(dir.join(".demo-files")).ok();
    app.submit_self_assessment(&CaseRequest { case: case.clone() })?;

    step("interview, evidence and ratings");
    let all: Vec<&str> = CRITERIA.iter().map(|c| c.0).collect();
    evidence(
        EvidenceKind::InterviewAnswer,
        &all,
        &today(),
        "arviointihaastattelu",
        "Strukturoitu näyttöhaastattelu",
        None,
    )?;
    evidence(
        EvidenceKind::Observation,
        &[
            "adapted-communication",
            "life-history",
            "neuropsychiatric-symptoms",
            "safe-clear-environment",
        ],
        &today(),
        "arvioija",
        "Havainnointi iltavuorossa",
        None,
    )?;
    for (criterion, _, _, rating, rationale) in CRITERIA {
        app.interview_note(
            &NoteRequest {
                case: case.clone(),
                criterion: (*criterion).into(),
                text: format!("Haastattelu: {rationale}"),
            },
            Lang::Fi,
        )?;
        let req = RateRequest {
            case: case.clone(),
            criterion: (*criterion).into(),
            rating: *rating,
            rationale: Some((*rationale).into()),
        };
        app.rate(&req, Lang::Fi)?;
    }
    app.finish_interview(&CaseRequest { case: case.clone() })?;
    let justification = "Kaikki pakolliset kriteerit täyttyvät riittävin ja ajantasaisin näytöin. \
        Valinnainen ympäristökriteeri täyttyy osittain.";
    app.decide(&DecideRequest {
        case: case.clone(),
        decision: Decision::Recognised,
        justification: Some(justification.into()),
    })?;

    step("statement, credential and CA certificate");
    let issued = app.issue_statement(&IssueStatementRequest {
        case: case.clone(),
        language: Some(Lang::Fi),
        place: Some("Jyväskylä".into()),
        passphrase,
    })?;
    let (statement_json, credential_json) = app.statement_documents(&issued.id)?;
    let paths = [
        ("statement.pdf", app.statement_pdf(&issued.id)?),
        ("statement.json", statement_json.into_bytes()),
        ("credential.json", credential_json.into_bytes()),
        ("org-ca.pem", app.export_ca()?.into_bytes()),
    ];
    for (name, bytes) in &paths {
        write_atomically(&dir.join(name), bytes)?;
    }
    let result = serde_json::json!({
        "case": case,
        "statement": issued.id,
        "data_dir": data,
        "statement_pdf": dir.join("statement.pdf"),
        "statement_json": dir.join("statement.json"),
        "credential_json": dir.join("credential.json"),
        "org_ca_pem": dir.join("org-ca.pem"),
    });
    if out.json {
        return print_json(&result);
    }
    for (name, _) in &paths {
        println!("{}", dir.join(name).display());
    }
    println!(
        "osaava verify {} --trust {}",
        dir.join("statement.pdf").display(),
        dir.join("org-ca.pem").display()
    );
    Ok(())
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

fn tempfile_in(dir: &Path, name: &str, text: &str) -> Result<std::path::PathBuf, ApiError> {
    let tmp = dir.join(".demo-files");
    std::fs::create_dir_all(&tmp)
        .map_err(|e| ApiError::bad_input(format!("cannot create {}: {e}", tmp.display())))?;
    let path = tmp.join(name);
    std::fs::write(&path, text)
        .map_err(|e| ApiError::bad_input(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}
