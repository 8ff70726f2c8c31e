//! The OB 3.0 exporter: its output is a well-formed Achievement, and importing it gives back
//! the same criteria texts, key points and alignments (in the exported language).

mod common;

use common::import_one;
use osaava_core::export::ob3::{achievement, achievement_in, primary_language};
use osaava_core::import::parse_badges;
use osaava_core::{
    Alignment, AlignmentKind, Badge, Criterion, EvidenceRequirement, Lang, LocalizedText,
    SourceFormat,
};
use serde_json::Value;

fn reimport(v: &Value) -> Badge {
    let mut badges = parse_badges(&serde_json::to_vec_pretty(v).unwrap())
        .unwrap_or_else(|e| panic!("{e}\n{v:#}"));
    assert_eq!(badges.len(), 1);
    badges.remove(0)
}

/// Everything the OB 3.0 form can carry, compared in `lang`.
fn assert_same_in(original: &Badge, back: &Badge, lang: Lang) {
    assert_eq!(back.source_format, SourceFormat::OpenBadges3);
    assert_eq!(back.id, original.id, "the id comes back");
    assert_eq!(back.name.get(lang), Some(original.name.show(lang)));
    assert_eq!(back.source_version, original.source_version);
    assert_eq!(back.issuer, original.issuer);
    assert_eq!(back.image, original.image);
    assert_eq!(back.criteria.len(), original.criteria.len());
    for (o, b) in original.criteria.iter().zip(&back.criteria) {
        assert_eq!(b.text.get(lang), Some(o.text.show(lang)), "criterion text");
        let okp: Vec<&str> = o
            .key_points
            .iter()
            .map(|k| k.show(lang))
            .filter(|k| !k.is_empty())
            .collect();
        let bkp: Vec<&str> = b
            .key_points
            .iter()
            .map(|k| k.get(lang).unwrap_or(""))
            .collect();
        assert_eq!(bkp, okp, "key points");
    }
    assert_eq!(back.alignments.len(), original.alignments.len());
    for (o, b) in original.alignments.iter().zip(&back.alignments) {
        assert_eq!(
            (b.kind, &b.code, &b.url),
            (o.kind, &o.code, &o.url),
            "alignment {:?}",
            o.code
        );
        assert_eq!(
            (b.competence_points, &b.qualification, &b.framework),
            (o.competence_points, &o.qualification, &o.framework)
        );
        assert_eq!(
            b.name.get(lang),
            Some(o.name.show(lang))
                .filter(|n| !n.is_empty())
                .or(o.code.as_deref())
        );
    }
}

/// Only properties defined by OB 3.0, so JSON-LD processing in safe mode accepts it.
fn assert_well_formed(a: &Value) {
    const ACHIEVEMENT: &[&str] = &[
        "@context",
        "id",
        "type",
        "achievementType",
        "name",
        "description",
        "criteria",
        "inLanguage",
        "version",
        "image",
        "creator",
        "alignment",
    ];
    const ALIGNMENT: &[&str] = &[
        "type",
        "targetName",
        "targetUrl",
        "targetCode",
        "targetFramework",
        "targetType",
        "targetDescription",
    ];
    let obj = a.as_object().unwrap();
    for k in obj.keys() {
        assert!(ACHIEVEMENT.contains(&k.as_str()), "undefined property {k}");
    }
    assert_eq!(
        a["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(a["type"], serde_json::json!(["Achievement"]));
    assert_eq!(a["achievementType"], "Competency");
    let id = a["id"].as_str().unwrap();
    assert!(
        id.starts_with("urn:") || id.starts_with("https://") || id.starts_with("http://"),
        "{id}"
    );
    for k in ["name", "description"] {
        assert!(!a[k].as_str().unwrap().is_empty(), "{k}");
    }
    assert!(a["criteria"]["narrative"]
        .as_str()
        .unwrap()
        .starts_with("- "));
    for al in a["alignment"].as_array().into_iter().flatten() {
        for k in al.as_object().unwrap().keys() {
            assert!(
                ALIGNMENT.contains(&k.as_str()),
                "undefined alignment property {k}"
            );
        }
        assert_eq!(al["type"], serde_json::json!(["Alignment"]));
        assert!(!al["targetName"].as_str().unwrap().is_empty());
        let url = al["targetUrl"].as_str().unwrap();
        assert!(
            url.contains(':') && !url.contains(' '),
            "targetUrl is a URI: {url}"
        );
    }
    if let Some(c) = a.get("creator") {
        assert_eq!(c["type"], serde_json::json!(["Profile"]));
        assert!(c["id"].as_str().unwrap().contains(':'));
    }
}

#[test]
fn template_round_trips_in_every_language() {
    let b = import_one("template-medication.json");
    assert_eq!(primary_language(&b), Lang::Fi);
    let a = achievement(&b);
    assert_well_formed(&a);
    assert_eq!(a["id"], "urn:osaava:badge:osaava-safe-medication:0");
    assert_same_in(&b, &reimport(&a), Lang::Fi);
    for lang in [Lang::Sv, Lang::En] {
        let a = achievement_in(&b, lang);
        assert_well_formed(&a);
        assert_eq!(a["inLanguage"], lang.code());
        assert_same_in(&b, &reimport(&a), lang);
    }
}

#[test]
fn imported_badges_of_each_format_round_trip() {
    for name in [
        "ob2-badgeclass-fi.json",
        "ob2-assertion-embedded.json",
        "ob3-credential-proof-object.json",
        "ob3-credential-proof-array.json",
        "eperusteet-osaamismerkki.json",
        "eperusteet-unit-2019.json",
        "eperusteet-unit-old-arviointi.json",
        "eperusteet-unit-html-only.json",
    ] {
        let b = import_one(name);
        let lang = primary_language(&b);
        let a = achievement(&b);
        assert_well_formed(&a);
        assert_same_in(&b, &reimport(&a), lang);
    }
}

#[test]
fn english_only_badge_exports_in_english() {
    let b = import_one("ob2-assertion-embedded.json");
    let a = achievement(&b);
    assert_eq!(a["inLanguage"], "en");
    assert_eq!(
        a["id"], "https://badges.example.fi/badgeclass/kirjaaminen",
        "a URI id is kept"
    );
    assert_eq!(a["creator"]["id"], "https://badges.example.fi/issuer");
}

#[test]
fn awkward_criterion_texts_survive_the_markdown_narrative() {
    let text = |s: &str| LocalizedText::only(Lang::Fi, s);
    let criterion = |id: &str, t: &str, kps: &[&str]| Criterion {
        id: id.into(),
        text: text(t),
        guidance: LocalizedText::default(),
        key_points: kps.iter().map(|k| text(k)).collect(),
        mandatory: true,
        evidence: EvidenceRequirement::default(),
    };
    let b = Badge {
        id: "https://example.fi/b/awkward".into(),
        version: 3,
        source_version: None,
        name: text("Hankalat tekstit"),
        description: LocalizedText::default(),
        issuer: None,
        criteria: vec![
            criterion(
                "a",
                "Toimii ohjeen mukaan:\n1. valmistelee\n2) toteuttaa\n- arvioi",
                &["* tähti", "1. numero"],
            ),
            criterion("b", "2024. vuoden ohjeistus ja *korostus*", &[]),
            criterion("c", "- alkaa viivalla", &["monirivinen\navainkohta"]),
            criterion("d", "# ei otsikko", &[]),
        ],
        alignments: vec![Alignment {
            kind: AlignmentKind::EscoSkill,
            code: Some("http://data.europa.eu/esco/skill/abc".into()),
            name: LocalizedText::default(),
            url: None,
            competence_points: None,
            qualification: None,
            framework: None,
        }],
        evidence_currency_years: 5,
        validity_years: None,
        source_format: SourceFormat::OsaavaTemplate,
        image: Some("https://example.fi/i.png".into()),
    };
    let a = achievement(&b);
    assert_well_formed(&a);
    assert_eq!(
        a["description"], "Hankalat tekstit",
        "description falls back to the name"
    );
    let back = reimport(&a);
    assert_same_in(&b, &back, Lang::Fi);
}
