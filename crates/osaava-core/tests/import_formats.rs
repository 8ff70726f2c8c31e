//! Each supported format, read from small fixture files, gives the badge a user expects.

mod common;

use common::{import, import_one, texts};
use osaava_core::{AlignmentKind, EvidenceKind, Lang, SourceFormat};

#[test]
fn osaava_template_keeps_everything() {
    let b = import_one("template-medication.json");
    assert_eq!(b.id, "osaava-safe-medication");
    assert_eq!(b.version, 0);
    assert_eq!(b.source_version.as_deref(), Some("2026-1"));
    assert_eq!(b.source_format, SourceFormat::OsaavaTemplate);
    assert_eq!(b.name.get(Lang::Sv), Some("Säker läkemedelsbehandling"));
    assert_eq!((b.evidence_currency_years, b.validity_years), (3, Some(2)));
    assert_eq!(b.criteria.len(), 3);
    let c = &b.criteria[0];
    assert_eq!(c.id, "identify-medicines");
    assert_eq!(c.key_points.len(), 2);
    assert_eq!(
        c.guidance.get(Lang::Fi),
        Some("Pyydä kertomaan asiakkaan lääkelistasta.")
    );
    assert_eq!(c.evidence.min_items, 2);
    assert_eq!(
        c.evidence.kinds,
        [EvidenceKind::InterviewAnswer, EvidenceKind::Observation]
    );
    assert!(!b.criteria[2].mandatory);
    let kinds: Vec<_> = b.alignments.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AlignmentKind::QualificationUnit,
            AlignmentKind::EscoSkill,
            AlignmentKind::Framework
        ]
    );
    assert_eq!(b.alignments[0].competence_points, Some(35));
    assert_eq!(
        b.alignments[0].qualification.as_deref(),
        Some("koulutus_371101")
    );
    assert!(b.aligned_to("tutkinnonosat_106228"));
}

#[test]
fn open_badges_2_badge_class_in_finnish() {
    let b = import_one("ob2-badgeclass-fi.json");
    assert_eq!(b.source_format, SourceFormat::OpenBadges2);
    assert_eq!(
        b.id,
        "https://badges.example.fi/badgeclass/muistisairaan-kohtaaminen"
    );
    assert_eq!(
        b.name.get(Lang::Fi),
        Some("Muistisairaan asiakkaan kohtaaminen")
    );
    assert_eq!(
        b.name.get(Lang::En),
        None,
        "@language fi puts the texts in Finnish"
    );
    assert_eq!(
        texts(&b, Lang::Fi),
        [
            "kohdata asiakkaan rauhallisesti ja kiireettömästi",
            "tunnistaa muistisairauden vaikutukset arjessa",
            "ohjata asiakasta tämän omia voimavaroja tukien"
        ]
    );
    let ids: Vec<_> = b.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    let kp: Vec<_> = b.criteria[0]
        .key_points
        .iter()
        .map(|k| k.get(Lang::Fi).unwrap())
        .collect();
    assert_eq!(kp, ["katsekontakti", "selkeä puhe"]);
    // Text around the list is kept with the description.
    let d = b.description.get(Lang::Fi).unwrap();
    assert!(
        d.starts_with("Merkki osoittaa")
            && d.contains("Merkin saaja osaa:")
            && d.ends_with("Arviointi tehdään työpaikalla."),
        "{d}"
    );
    assert_eq!(b.issuer.as_deref(), Some("Savon ammattiopisto"));
    assert_eq!(
        b.image.as_deref(),
        Some("https://badges.example.fi/images/muisti.png")
    );
    let kinds: Vec<_> = b.alignments.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AlignmentKind::QualificationUnit,
            AlignmentKind::EscoSkill,
            AlignmentKind::NationalBadge
        ]
    );
    assert_eq!(b.alignments[0].competence_points, Some(20));
    assert!(b.aligned_to("tutkinnonosat_107502"));
    assert!(b.aligned_to("osaamismerkit_1002"));
}

#[test]
fn open_badges_2_assertion_gives_its_embedded_badge() {
    let b = import_one("ob2-assertion-embedded.json");
    assert_eq!(b.id, "https://badges.example.fi/badgeclass/kirjaaminen");
    assert_eq!(
        texts(&b, Lang::En),
        [
            "records observations the same day",
            "uses the structured headings",
            "writes about the client respectfully"
        ]
    );
    assert_eq!(
        b.issuer.as_deref(),
        Some("https://badges.example.fi/issuer")
    );
}

#[test]
fn open_badges_3_credential_with_proof_object_and_vendor_keys() {
    let b = import_one("ob3-credential-proof-object.json");
    assert_eq!(b.source_format, SourceFormat::OpenBadges3);
    assert_eq!(b.name.get(Lang::Sv), Some("Aseptiskt arbete"));
    assert_eq!(b.source_version.as_deref(), Some("2"));
    assert_eq!(
        texts(&b, Lang::Fi),
        [
            "Toteuttaa käsihygienian oikein",
            "Käyttää suojaimia tilanteen mukaan"
        ]
    );
    assert_eq!(
        b.issuer.as_deref(),
        Some("Etelä-Savon hyvinvointialue"),
        "the credential's issuer"
    );
    let a = &b.alignments[0];
    assert_eq!(
        (a.kind, a.framework.as_deref(), a.code.as_deref()),
        (AlignmentKind::Framework, Some("EQF"), Some("4"))
    );
}

#[test]
fn open_badges_3_credential_with_proof_array_and_subject_list() {
    let b = import_one("ob3-credential-proof-array.json");
    assert_eq!(
        b.id,
        "https://osaaminen.example.fi/achievements/palliatiivinen"
    );
    assert_eq!(
        texts(&b, Lang::En),
        [
            "recognises symptoms that need relief",
            "supports the family"
        ]
    );
    assert_eq!(
        b.issuer.as_deref(),
        Some("Tampereen seudun ammattiopisto"),
        "the achievement's creator"
    );
}

#[test]
fn eperusteet_national_badge() {
    let b = import_one("eperusteet-osaamismerkki.json");
    assert_eq!(b.source_format, SourceFormat::EperusteetBadge);
    assert_eq!(b.id, "osaamismerkit_1203");
    assert_eq!(
        texts(&b, Lang::Fi),
        [
            "kirjaa havainnot asiakastietojärjestelmään samana päivänä",
            "käyttää rakenteisia otsikoita",
            "kirjoittaa asiakkaasta arvostavasti"
        ],
        "the placeholder criterion (\"-\") is left out"
    );
    assert_eq!(b.criteria[2].id, "arviointikriteeri-24");
    assert_eq!(
        b.description.get(Lang::Sv),
        Some("Kompetensmål:\n- känner till lagstiftningen"),
        "the \"-\" description and outcome are not Swedish text"
    );
    assert!(b
        .description
        .get(Lang::Fi)
        .unwrap()
        .contains("Osaamistavoitteet:\n- tuntee kirjaamista"));
    assert_eq!(b.source_version.as_deref(), Some("2026-01-02"));
    assert!(b
        .image
        .as_deref()
        .unwrap()
        .starts_with("data:image/png;base64,iVBOR"));
    assert_eq!(b.alignments.len(), 1);
    assert_eq!(b.alignments[0].kind, AlignmentKind::NationalBadge);
    assert!(b.aligned_to("osaamismerkit_1203"));
}

#[test]
fn eperusteet_api_page_of_national_badges() {
    let badges = import("eperusteet-osaamismerkit-page.json");
    let ids: Vec<_> = badges.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["osaamismerkit_1301", "osaamismerkit_1302"]);
    assert_eq!(badges[1].criteria.len(), 2);
}

#[test]
fn eperusteet_unit_2019_model() {
    let b = import_one("eperusteet-unit-2019.json");
    assert_eq!(b.source_format, SourceFormat::EperusteetUnit);
    assert_eq!(b.id, "tutkinnonosat_107502");
    let ids: Vec<_> = b.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ammattitaitovaatimukset_9001",
            "ammattitaitovaatimukset_9002",
            "ammattitaitovaatimukset_9003",
            "ammattitaitovaatimukset_9004",
            "ammattitaitovaatimukset_9003-2"
        ]
    );
    assert_eq!(
        b.criteria[1].text.get(Lang::Fi),
        Some("kohtaa asiakkaan yksilönä"),
        "HTML is stripped"
    );
    assert_eq!(
        b.criteria[1].text.get(Lang::En),
        Some("encounters the client as an individual")
    );
    assert_eq!(
        b.criteria[1].guidance.get(Lang::Fi),
        Some("Osa-alue: Asiakkaan kohtaaminen\nTyydyttävä 1:\n- toimii ohjeiden mukaisesti\n- tarvitsee ajoittain ohjausta")
    );
    assert_eq!(
        b.criteria[0].guidance.get(Lang::En),
        Some("Satisfactory 1:\n- works according to instructions\n- needs guidance at times"),
        "requirements outside any area get the scale only"
    );
    let a = &b.alignments[0];
    assert_eq!(
        (a.kind, a.code.as_deref(), a.competence_points),
        (
            AlignmentKind::QualificationUnit,
            Some("tutkinnonosat_107502"),
            Some(20)
        )
    );
    assert_eq!(
        b.description.get(Lang::Fi),
        Some(
            "Ammattitaidon osoittaminen:\nOpiskelija osoittaa osaamisensa näytössä asiakastyössä."
        )
    );
    assert_eq!(b.source_version.as_deref(), Some("2025-01-01"));
}

#[test]
fn eperusteet_unit_older_model_with_assessment_targets() {
    let b = import_one("eperusteet-unit-old-arviointi.json");
    assert_eq!(
        texts(&b, Lang::Fi),
        ["Kotikäynnin suunnittelu", "2. Työmenetelmien hallinta"]
    );
    let c = &b.criteria[0];
    let kp: Vec<_> = c
        .key_points
        .iter()
        .map(|k| k.get(Lang::Fi).unwrap())
        .collect();
    assert_eq!(
        kp,
        [
            "suunnittelee käynnin ohjattuna",
            "varaa tarvittavat välineet"
        ],
        "lowest level; script removed"
    );
    assert_eq!(
        c.key_points[0].get(Lang::Sv),
        Some("planerar besöket under handledning")
    );
    assert_eq!(
        c.guidance.get(Lang::Fi),
        Some("Osa-alue: 1. Työprosessin hallinta\nHyvä H2:\n- suunnittelee käynnin itsenäisesti")
    );
    let d = b.description.get(Lang::Fi).unwrap();
    assert!(
        d.starts_with(
            "Opiskelija osaa\n\n- toimia asiakkaan kotona\n- tukea arjessa selviytymistä"
        ),
        "{d}"
    );
    assert!(
        d.ends_with("Ammattitaidon osoittaminen:\nNäytössä kotihoidossa."),
        "entities decoded: {d}"
    );
    assert_eq!(b.alignments[0].competence_points, None);
}

#[test]
fn eperusteet_unit_with_requirements_only_as_html() {
    let b = import_one("eperusteet-unit-html-only.json");
    assert_eq!(
        texts(&b, Lang::Fi),
        [
            "tukea lapsen kasvua ja oppimista",
            "toimia lapsen & perheen kanssa",
            "huolehtia turvallisuudesta"
        ]
    );
    assert_eq!(
        b.criteria[1].key_points[0].get(Lang::Fi),
        Some("kodin ja päiväkodin yhteistyö")
    );
    // Swedish has a different number of items, so it is not paired with the Finnish ones.
    assert!(b.criteria.iter().all(|c| c.text.get(Lang::Sv).is_none()));
}

#[test]
fn eperusteet_unit_reference_supplies_competence_points() {
    let b = import_one("eperusteet-unit-viite.json");
    assert_eq!(b.id, "tutkinnonosat_106228");
    assert_eq!(b.alignments[0].competence_points, Some(35));
    assert_eq!(
        texts(&b, Lang::Fi),
        ["edistää ikääntyvän osallisuutta", "tukee toimintakykyä"]
    );
}

#[test]
fn unknown_extra_keys_never_break_an_import() {
    for name in [
        "template-medication.json",
        "ob2-badgeclass-fi.json",
        "ob3-credential-proof-object.json",
        "eperusteet-unit-2019.json",
    ] {
        let mut v: serde_json::Value = serde_json::from_slice(&common::fixture(name)).unwrap();
        v.as_object_mut().unwrap().insert(
            "zz-vendor".into(),
            serde_json::json!({"nested": [1, {"a": null}]}),
        );
        v.as_object_mut()
            .unwrap()
            .insert("extensions:Something".into(), serde_json::json!(true));
        let bytes = serde_json::to_vec(&v).unwrap();
        let badges =
            osaava_core::import::parse_badges(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(badges, common::import(name), "{name}");
    }
}
