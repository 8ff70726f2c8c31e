//! A realistic statement in Finnish, for tests and previews.

use super::*;
use chrono::TimeZone;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn ev(kind: EvidenceKind, obtained: NaiveDate, verified: bool) -> EvidenceLine {
    EvidenceLine {
        kind,
        obtained: Some(obtained),
        verified,
    }
}

fn criterion(
    id: &str,
    text: &str,
    rating: Rating,
    rationale: &str,
    evidence: Vec<EvidenceLine>,
) -> CriterionLine {
    CriterionLine {
        id: id.into(),
        text: text.into(),
        mandatory: id != "safe-clear-environment",
        rating,
        rationale: rationale.into(),
        evidence,
    }
}

pub(crate) fn statement() -> Statement {
    use EvidenceKind::*;
    let organisation = OrganisationRef {
        name: "Hoivakoti Kielo Oy".into(),
        business_id: "0112038-9".into(),
    };
    let assessor = AssessorRef {
        id: "0193a000-0000-7000-8000-000000000002".into(),
        name: "Sirkka Väänänen".into(),
        title: "Sairaanhoitaja (AMK), vastaava ohjaaja".into(),
    };
    Statement {
        format: STATEMENT_FORMAT.into(),
        id: Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00aa),
        issued_at: Utc.with_ymd_and_hms(2026, 11, 24, 12, 30, 0).single().expect("valid time"),
        language: Lang::Fi,
        supersedes: None,
        case_id: Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00c1),
        organisation: organisation.clone(),
        employee: EmployeeRef {
            id: "0193a000-0000-7000-8000-000000000001".into(),
            name: "Åsa Mäkelä-Öhman".into(),
        },
        assessor: assessor.clone(),
        place: "Jyväskylä".into(),
        badge: BadgeRef {
            id: "osaava-memory-disorder-client".into(),
            version: 1,
            name: "Muistisairaan asiakkaan kohtaaminen".into(),
            description: "Merkin suorittanut kohtaa muistisairaan asiakkaan arvostavasti ja tukee hänen \
                toimintakykyään, osallisuuttaan ja itsemääräämisoikeuttaan."
                .into(),
        },
        alignments: vec![AlignmentLine {
            kind: AlignmentKind::QualificationUnit,
            code: "tutkinnonosat_106228".into(),
            name: "Ikääntyvien osallisuuden edistäminen".into(),
            competence_points: Some(35),
        }],
        criteria: vec![
            criterion(
                "adapted-communication",
                "Mukauttaa vuorovaikutuksensa asiakkaan muistisairauden vaiheeseen.",
                Rating::Meets,
                "Kuvasi tarkasti, miten rauhoittaa iltaisin levottoman asukkaan; esihenkilön lausunto tukee.",
                vec![ev(InterviewAnswer, date(2026, 11, 20), true), ev(ThirdPartyStatement, date(2026, 9, 2), true)],
            ),
            criterion(
                "life-history",
                "Hyödyntää asiakkaan elämänhistoriaa päivittäisessä hoidossa.",
                Rating::Meets,
                "Elämänkertalomakkeen käyttö ja esimerkki mielekkäästä päivätoiminnasta.",
                vec![ev(WorkSample, date(2026, 6, 15), true), ev(InterviewAnswer, date(2026, 11, 20), true)],
            ),
            criterion(
                "neuropsychiatric-symptoms",
                "Tunnistaa neuropsykiatrisia oireita ja selvittää niiden syitä.",
                Rating::Meets,
                "Tunnisti kivun käytösoireen taustalla ja käytti lääkkeettömiä keinoja.",
                vec![ev(Observation, date(2026, 10, 8), true), ev(InterviewAnswer, date(2026, 11, 20), true)],
            ),
            criterion(
                "self-determination",
                "Kunnioittaa asiakkaan itsemääräämisoikeutta.",
                Rating::PartiallyMeets,
                "Valinnan mahdollisuudet hallussa; rajoittamistoimien säädökset vielä epävarmoja.",
                vec![ev(InterviewAnswer, date(2026, 11, 20), true)],
            ),
            criterion(
                "working-with-relatives",
                "Tekee yhteistyötä omaisten ja läheisten kanssa.",
                Rating::Meets,
                "Omaisten palaute ja kuvaus hoitoneuvottelusta.",
                vec![ev(ThirdPartyStatement, date(2026, 8, 30), false), ev(InterviewAnswer, date(2026, 11, 20), true)],
            ),
        ],
        decision: Decision::PartiallyRecognised,
        justification: "Neljä viidestä pakollisesta kriteeristä täyttyy riittävin näytöin. Itsemääräämisoikeuden \
            osalta tarvitaan lisää osaamista rajoittamistoimien säädöksistä."
            .into(),
        learning_path: vec![CourseLine {
            id: "course-self-determination".into(),
            title: "Itsemääräämisoikeus ja rajoittamistoimet ikäihmisten palveluissa".into(),
            provider: "Gradia".into(),
            duration_minutes: 180,
            covers: vec!["self-determination".into()],
        }],
        ehoks: vec![EhoksUnit {
            tutkinnon_osa_koodi_uri: "tutkinnonosat_106228".into(),
            valittu_todentamisen_prosessi_koodi_uri: "osaamisentodentamisenprosessi_0002".into(),
            arvioijat: vec![EhoksAssessor {
                nimi: assessor.name,
                organisaatio: EhoksOrganisation { nimi: organisation.name, y_tunnus: organisation.business_id },
            }],
        }],
    }
}
