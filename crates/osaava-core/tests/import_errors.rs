//! Bad input: every error is one sentence that says where (a JSON path, or a line and column
//! or byte offset when the file is not JSON) and what was expected. Nothing panics, and nothing
//! overflows the stack.

mod common;

use common::{fixture, import_err};
use osaava_core::import::{parse_badges, ImportError, MAX_IMPORT_BYTES};
use serde_json::{json, Value};

/// Every error reads as one sentence with a JSON path when it has one.
fn check_shape(e: &ImportError) {
    assert!(!e.message.contains('\n'), "one line: {e:?}");
    assert!(!e.message.is_empty());
    if let Some(p) = &e.path {
        assert!(p.starts_with('$'), "{p}");
    }
}

fn err_of(v: &Value) -> ImportError {
    let e = import_err(&serde_json::to_vec(v).unwrap());
    check_shape(&e);
    e
}

fn template() -> Value {
    serde_json::from_slice(&fixture("template-medication.json")).unwrap()
}

#[test]
fn empty_file() {
    let e = import_err(b"");
    assert_eq!(e.to_string(), "the file is empty; expected a badge as JSON");
    assert_eq!(import_err(b" \r\n\t").to_string(), e.to_string());
}

#[test]
fn not_json() {
    let e = import_err(b"name;criteria\nLaakehoito;jakaa laakkeet\n");
    check_shape(&e);
    assert_eq!(
        e.message,
        "the file is not JSON: a badge file starts with { or [, but this one starts with \"name;criteria\""
    );
    // JSON-like text with a mistake says what is wrong and where.
    let e = import_err(b"{\"name\": \"x\",}");
    assert_eq!(
        e.message,
        "the file is not valid JSON: a comma before a closing bracket at line 1, column 14"
    );
    let e = import_err(b"{\"name\": \"x\"} extra");
    assert!(
        e.message
            .starts_with("the file is not valid JSON: unexpected text after the end of the JSON"),
        "{e}"
    );
}

#[test]
fn truncated_json() {
    let full = fixture("template-medication.json");
    let e = import_err(&full[..full.len() / 2]);
    check_shape(&e);
    assert!(
        e.message.contains("ends too early") && e.message.contains("truncated"),
        "{e}"
    );
    assert!(e.message.contains("line "), "says where: {e}");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let mut bytes = fixture("ob2-assertion-embedded.json");
    let at = bytes
        .windows(13)
        .position(|w| w == b"Documentation")
        .unwrap();
    bytes[at] = 0xC4; // a lone Latin-1 'Ä'
    let e = import_err(&bytes);
    check_shape(&e);
    assert!(e.message.contains("not UTF-8"), "{e}");
    assert!(e.message.contains(&format!("byte offset {at}")), "{e}");
}

#[test]
fn image_renamed_to_json() {
    let e = import_err(&fixture("image-renamed.json"));
    assert_eq!(e.path, None);
    assert!(
        e.message.starts_with("this is a PNG image, not JSON"),
        "{e}"
    );
    for (bytes, kind) in [
        (&b"\xFF\xD8\xFF\xDB\0\x43"[..], "a JPEG image"),
        (b"GIF87a\x01\0\x01\0", "a GIF image"),
        (b"%PDF-1.4\n%\xE2\xE3", "a PDF document"),
        (
            b"PK\x03\x04\x14\0\x06\0",
            "a ZIP archive (or an Office document)",
        ),
    ] {
        let e = import_err(bytes);
        assert!(
            e.message.starts_with(&format!("this is {kind}, not JSON")),
            "{e}"
        );
    }
}

#[test]
fn json_nested_100000_levels_deep_does_not_overflow_the_stack() {
    let open = "[".repeat(100_000);
    let closed = format!("{open}{}", "]".repeat(100_000));
    let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    for doc in [open, closed, objects] {
        let e = import_err(doc.as_bytes());
        check_shape(&e);
        assert!(
            e.message
                .starts_with("the JSON is nested more than 128 levels deep"),
            "{e}"
        );
    }
}

#[test]
fn file_over_the_limit_is_refused_before_parsing() {
    // Not even valid JSON: the size alone decides, so the parser never sees it.
    let mut big = vec![b'['; MAX_IMPORT_BYTES + 1];
    big[0] = b'{';
    let e = import_err(&big);
    assert_eq!(e.path, None);
    assert!(
        e.message
            .contains(&format!("{} bytes", MAX_IMPORT_BYTES + 1)),
        "{e}"
    );
    assert!(e.message.contains("larger than 10 MB are refused"), "{e}");

    // Exactly at the limit is still read.
    let mut ok = fixture("ob2-assertion-embedded.json");
    ok.resize(MAX_IMPORT_BYTES, b' ');
    assert_eq!(parse_badges(&ok).unwrap().len(), 1);
}

#[test]
fn null_and_empty_list() {
    assert_eq!(
        err_of(&json!(null)).to_string(),
        "$: the file holds only null; expected a badge"
    );
    assert_eq!(
        err_of(&json!([])).to_string(),
        "$: the file holds an empty list; expected a badge or a list of badges"
    );
    assert_eq!(
        err_of(&json!(42)).to_string(),
        "$: expected a badge as a JSON object, found the number 42"
    );
}

#[test]
fn unknown_shape() {
    let e = err_of(&json!({"title": "Lääkehoito", "items": 3}));
    assert_eq!(
        e.to_string(),
        "$: not a badge in any supported format: expected an Osaava template, Open Badges 2.0/3.0, or an ePerusteet badge or unit"
    );
}

#[test]
fn required_name_missing_in_each_format() {
    let mut t = template();
    t.as_object_mut().unwrap().remove("name");
    assert_eq!(
        err_of(&t).to_string(),
        "$.name: this required field is missing"
    );

    let ob2 = json!({"type": "BadgeClass", "criteria": {"narrative": "- a"}});
    assert_eq!(err_of(&ob2).path.as_deref(), Some("$.name"));

    let ob3 = json!({"type": ["VerifiableCredential", "OpenBadgeCredential"], "credentialSubject": {"achievement": {"type": ["Achievement"], "name": "  ", "criteria": {"narrative": "a"}}}});
    let e = err_of(&ob3);
    assert_eq!(
        e.path.as_deref(),
        Some("$.credentialSubject.achievement.name")
    );
    assert!(e.message.contains("missing or empty"), "{e}");

    let merkki = json!({"koodiUri": "osaamismerkit_1", "nimi": {"fi": "-", "sv": "-"}, "arviointikriteerit": [{"arviointikriteeri": {"fi": "x"}}]});
    assert_eq!(err_of(&merkki).path.as_deref(), Some("$.nimi"));
}

#[test]
fn required_criteria_missing_in_each_format() {
    let mut t = template();
    t.as_object_mut().unwrap().remove("criteria");
    assert_eq!(
        err_of(&t).to_string(),
        "$.criteria: this required field is missing"
    );

    let e = err_of(&json!({"type": "BadgeClass", "name": "x"}));
    assert_eq!(e.path.as_deref(), Some("$.criteria"));
    assert!(
        e.message.starts_with("this required field is missing"),
        "{e}"
    );

    let e = err_of(&json!({"type": "Achievement", "name": "x", "criteria": {}}));
    assert_eq!(e.path.as_deref(), Some("$.criteria.narrative"));
}

#[test]
fn wrong_type_names_the_path_and_the_expected_type() {
    let mut t = template();
    t["criteria"][2]["mandatory"] = json!("no");
    assert_eq!(
        err_of(&t).to_string(),
        "$.criteria[2].mandatory: expected a boolean, found the string \"no\""
    );

    let mut t = template();
    t["criteria"][0]["evidence"]["min_items"] = json!("two");
    let e = err_of(&t);
    assert_eq!(e.path.as_deref(), Some("$.criteria[0].evidence.min_items"));
    assert!(e.message.starts_with("expected a whole number"), "{e}");

    let e = err_of(
        &json!({"type": "BadgeClass", "name": "x", "criteria": {"narrative": "y"}, "alignment": [{"targetName": 5}]}),
    );
    assert_eq!(e.path.as_deref(), Some("$.alignment[0].targetName"));

    let e = err_of(
        &json!({"koodiUri": "tutkinnonosat_1", "nimi": {"fi": "x"}, "ammattitaitovaatimukset2019": {"kohdealueet": "none"}}),
    );
    assert_eq!(
        e.to_string(),
        "$.ammattitaitovaatimukset2019.kohdealueet: expected a list, found the string \"none\""
    );
}

#[test]
fn badge_with_no_criteria() {
    let mut t = template();
    t["criteria"] = json!([]);
    assert_eq!(
        err_of(&t).to_string(),
        "$.criteria: the badge has no criteria; a badge needs at least one criterion to assess against"
    );
    let e = err_of(&json!({"type": "Achievement", "name": "x", "criteria": {"narrative": "   "}}));
    assert_eq!(e.path.as_deref(), Some("$.criteria.narrative"));
    let e = err_of(
        &json!({"koodiUri": "osaamismerkit_1", "nimi": {"fi": "x"}, "arviointikriteerit": [{"arviointikriteeri": {"fi": "-"}}]}),
    );
    assert_eq!(e.path.as_deref(), Some("$.arviointikriteerit"));
    assert!(e.message.contains("no assessment criteria"), "{e}");
}

#[test]
fn duplicate_criterion_ids() {
    let mut t = template();
    t["criteria"][2]["id"] = json!("dispense");
    let e = err_of(&t);
    assert_eq!(e.path.as_deref(), Some("$.criteria[2].id"));
    assert!(
        e.message.contains("\"dispense\" is used more than once"),
        "{e}"
    );
}

#[test]
fn errors_in_a_list_name_the_badge() {
    let good = template();
    let mut bad = template();
    bad["criteria"][0]["text"] = json!({"fi": "  "});
    let e = err_of(&json!([good, bad]));
    assert_eq!(
        e.to_string(),
        "$[1].criteria[0].text: criterion has no text in any language"
    );

    let e = err_of(
        &json!({"data": [{"koodiUri": "osaamismerkit_1", "nimi": {"fi": "x"}, "arviointikriteerit": [{"arviointikriteeri": {"fi": "y"}}]}, {"koodiUri": "osaamismerkit_2", "nimi": 7}]}),
    );
    assert_eq!(e.path.as_deref(), Some("$.data[1].nimi"));
}

#[test]
fn domain_rules_apply_to_imported_badges() {
    let mut t = template();
    t["evidence_currency_years"] = json!(0);
    assert_eq!(
        err_of(&t).to_string(),
        "$.evidence_currency_years: evidence_currency_years must be between 1 and 50, got 0"
    );
    let mut t = template();
    t["criteria"][1]["evidence"]["min_items"] = json!(0);
    assert_eq!(
        err_of(&t).path.as_deref(),
        Some("$.criteria[1].evidence.min_items")
    );
}

#[test]
fn koski_and_ehoks_records_are_refused_by_name() {
    let e = import_err(&fixture("koski-oppija.json"));
    check_shape(&e);
    assert!(e.message.starts_with("this is a KOSKI study record"), "{e}");
    let e = import_err(&fixture("ehoks-hoks.json"));
    check_shape(&e);
    assert!(e.message.starts_with("this is an eHOKS plan"), "{e}");
}

#[test]
fn ob2_assertion_with_badge_only_as_url() {
    let e = err_of(
        &json!({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "badge": "https://badges.example.fi/b/1"}),
    );
    assert_eq!(e.path.as_deref(), Some("$.badge"));
    assert!(
        e.message
            .contains("only by URL (https://badges.example.fi/b/1)")
            && e.message.contains("does not fetch"),
        "{e}"
    );
}

#[test]
fn ob2_criteria_only_a_link_and_no_description() {
    let e = err_of(
        &json!({"type": "BadgeClass", "name": "x", "criteria": {"id": "https://example.org/criteria"}}),
    );
    assert_eq!(e.path.as_deref(), Some("$.criteria"));
    assert!(
        e.message
            .contains("only a link (https://example.org/criteria)"),
        "{e}"
    );
}

#[test]
fn newer_template_version_asks_for_an_update() {
    let mut t = template();
    t["format"] = json!("osaava-badge-template/2");
    let e = err_of(&t);
    assert_eq!(e.path.as_deref(), Some("$.format"));
    assert!(e.message.contains("update Osaava"), "{e}");
}

#[test]
fn credential_without_achievement() {
    let e = err_of(
        &json!({"type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:1"}}),
    );
    assert_eq!(e.path.as_deref(), Some("$.credentialSubject.achievement"));
}
