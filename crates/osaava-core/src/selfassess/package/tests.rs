use super::*;
use crate::case::common::fixtures::badge;
use crate::case::NewCase;
use crate::evidence::privacy::PrivacyFinding;
use crate::selfassess::SelfLevel;
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF";
const TEXT: &[u8] = "Työvuorolista ja kirjaus, hetu 131052-308T".as_bytes();

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case() -> Case {
    let new = NewCase {
        id: "case-7",
        employee_id: "emp-1",
        assessor_id: Some("ass-1"),
        language: Lang::Fi,
    };
    Case::open(&new, &badge()).unwrap()
}

fn stored(id: &str, bytes: &[u8], name: &str, crits: &[&str]) -> Evidence {
    let b = badge();
    let crits: Vec<String> = crits.iter().map(|s| s.to_string()).collect();
    let file = check_file(bytes, DEFAULT_MAX_FILE_BYTES).unwrap();
    let input = EvidenceInput {
        kind: Some(EvidenceKind::WorkSample),
        obtained: Some(day("2024-09-01")),
        author: Some("itse"),
        criteria: &crits,
        note: Some("Oma työnäyte"),
        authenticity_checked: true,
        file_name: Some(name),
    };
    Evidence::new(&b, id, &input, Some(&file), day("2025-01-01"))
        .unwrap()
        .0
}

fn exported() -> Vec<u8> {
    let b = badge();
    let mut sa = SelfAssessment::new(&b);
    sa.set(
        &b,
        "c1",
        SelfLevel::Independently,
        Some("Jaoin lääkkeet iltavuorossa."),
    )
    .unwrap();
    sa.set(&b, "c2", SelfLevel::Unsure, None).unwrap();
    let e1 = stored("e1", PDF, "lausunto.pdf", &["c1"]);
    let e2 = stored("e2", TEXT, "lausunto.pdf", &["c2", "c3"]);
    let items = [
        ExportItem {
            evidence: &e1,
            bytes: PDF,
        },
        ExportItem {
            evidence: &e2,
            bytes: TEXT,
        },
    ];
    export_package(&case(), &sa, &items, "2025-02-01T09:00:00Z").unwrap()
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

fn import(bytes: &[u8]) -> Result<ImportedPackage, PackageError> {
    import_with(bytes, &case(), &PackageLimits::default())
}

fn import_with(
    bytes: &[u8],
    case: &Case,
    limits: &PackageLimits,
) -> Result<ImportedPackage, PackageError> {
    parse_package(bytes, limits)?.validate(case, &badge(), limits, day("2025-03-01"), ids())
}

/// The exported file as JSON, changed by `f`, back to bytes.
fn tampered(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&exported()).unwrap();
    f(&mut v);
    serde_json::to_vec(&v).unwrap()
}

fn refused(f: impl FnOnce(&mut Value)) -> String {
    import(&tampered(f)).unwrap_err().to_string()
}

#[test]
fn export_and_import_round_trip() {
    let bytes = exported();
    let p = parse_package(&bytes, &PackageLimits::default()).unwrap();
    assert_eq!(p.case_id, "case-7");
    assert_eq!(p.evidence[0].name, "lausunto.pdf");
    assert_eq!(
        p.evidence[1].name, "lausunto-2.pdf",
        "names are made unique"
    );
    let imported = import(&bytes).unwrap();
    assert_eq!(
        imported.self_assessment.level_of("c1"),
        Some(SelfLevel::Independently)
    );
    assert_eq!(
        imported.self_assessment.level_of("c2"),
        Some(SelfLevel::Unsure)
    );
    assert_eq!(
        imported
            .self_assessment
            .entry("c1")
            .unwrap()
            .example
            .as_deref(),
        Some("Jaoin lääkkeet iltavuorossa.")
    );
    assert_eq!(imported.evidence.len(), 2);
    let (a, b) = (&imported.evidence[0], &imported.evidence[1]);
    assert_eq!(a.bytes, PDF);
    assert_eq!(b.bytes, TEXT);
    assert_eq!(a.evidence.id, "new-1");
    assert_eq!(a.evidence.file.as_ref().unwrap().sha256, sha256_hex(PDF));
    assert_eq!(b.evidence.criteria, ["c2", "c3"]);
    assert_eq!(b.evidence.obtained, Some(day("2024-09-01")));
    assert!(
        !a.evidence.authenticity_checked,
        "the assessor checks authenticity after import"
    );
    // The text file's identity code is warned about, not refused.
    assert_eq!(imported.warnings.len(), 1);
    assert!(matches!(
        imported.warnings[0].finding,
        PrivacyFinding::PersonalIdentityCode { .. }
    ));
}

#[test]
fn a_changed_file_is_refused_by_its_hash() {
    let other = base64::encode(b"%PDF-1.4\n2 0 obj << >> endobj\n%%EOF");
    let e = refused(|v| v["evidence"][0]["data"] = json!(other));
    assert!(
        e.starts_with("$.evidence[0].sha256: the file's content has SHA-256"),
        "{e}"
    );
    let e = refused(|v| v["evidence"][1]["sha256"] = json!("0".repeat(64)));
    assert!(e.starts_with("$.evidence[1].sha256"), "{e}");
    let e = refused(|v| v["evidence"][1]["sha256"] = json!("ABC"));
    assert!(e.contains("64 lower-case hexadecimal"), "{e}");
    let e = refused(|v| v["evidence"][0]["size"] = json!(3));
    assert!(e.starts_with("$.evidence[0].size: says 3 bytes"), "{e}");
    let e = refused(|v| v["evidence"][0]["data"] = json!("JVBER i0="));
    assert!(e.starts_with("$.evidence[0]."), "{e}");
}

#[test]
fn names_that_could_escape_the_vault_are_refused() {
    for bad in [
        "../../etc/passwd",
        "/etc/passwd",
        "..\\x.pdf",
        "C:\\x.pdf",
        "C:x.pdf",
        "a\u{0}.pdf",
        "..",
        "sub/dir.pdf",
    ] {
        let e = refused(|v| v["evidence"][0]["name"] = json!(bad));
        assert!(e.starts_with("$.evidence[0].name:"), "{bad:?}: {e}");
    }
    let e = refused(|v| v["evidence"][1]["name"] = json!("LAUSUNTO.pdf"));
    assert!(e.contains("used by another file"), "{e}");
}

#[test]
fn the_case_badge_and_employee_must_match() {
    let e = refused(|v| v["badge"]["version"] = json!(1));
    assert!(
        e.contains(
            "version 1, but the case is for osaava-test version 2; export a new self-assessment"
        ),
        "{e}"
    );
    let e = refused(|v| v["badge"]["id"] = json!("osaava-other"));
    assert!(e.starts_with("$.badge:"), "{e}");
    let e = refused(|v| v["case_id"] = json!("case-8"));
    assert!(
        e.starts_with("$.case_id: this file belongs to case case-8, not case-7"),
        "{e}"
    );
    let e = refused(|v| v["employee_id"] = json!("emp-2"));
    assert!(e.starts_with("$.employee_id"), "{e}");
}

#[test]
fn only_an_editable_self_assessment_can_be_imported() {
    let mut c = case();
    c.record_interview().unwrap();
    let e = import_with(&exported(), &c, &PackageLimits::default()).unwrap_err();
    assert_eq!(e, PackageError::Case(CaseError::SelfAssessmentClosed));
}

#[test]
fn limits_are_enforced_before_decoding() {
    let small = PackageLimits {
        max_file_bytes: 40,
        ..PackageLimits::default()
    };
    let e = import_with(&exported(), &case(), &small)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("$.evidence[1].size:") && e.contains("over the limit"),
        "{e}"
    );
    let total = PackageLimits {
        max_total_bytes: 60,
        ..PackageLimits::default()
    };
    let e = import_with(&exported(), &case(), &total)
        .unwrap_err()
        .to_string();
    assert!(e.contains("together exceed 60 bytes"), "{e}");
    let few = PackageLimits {
        max_files: 1,
        ..PackageLimits::default()
    };
    let e = import_with(&exported(), &case(), &few)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("$.evidence: 2 files"), "{e}");
    let tiny = PackageLimits {
        max_total_bytes: 0,
        ..PackageLimits::default()
    };
    let big = vec![b' '; tiny.max_package_bytes() as usize + 1];
    assert!(matches!(
        parse_package(&big, &tiny),
        Err(PackageError::TooLarge { .. })
    ));
}

#[test]
fn content_is_checked_not_the_declared_type() {
    let e = refused(|v| v["evidence"][0]["content_type"] = json!("png"));
    assert!(
        e.contains("says image/png but the content is application/pdf"),
        "{e}"
    );
    let exe = b"MZ\x90\0\x03\0\0\0";
    let e = refused(|v| {
        v["evidence"][0]["data"] = json!(base64::encode(exe));
        v["evidence"][0]["size"] = json!(exe.len());
        v["evidence"][0]["sha256"] = json!(sha256_hex(exe));
    });
    assert!(
        e.starts_with("$.evidence[0].data:") && e.contains("program"),
        "{e}"
    );
}

#[test]
fn entries_and_metadata_are_checked_against_the_badge() {
    let e = refused(|v| v["entries"][0]["criterion"] = json!("c9"));
    assert!(
        e.starts_with("$.entries[0]:") && e.contains("use one of: c1, c2, c3"),
        "{e}"
    );
    let e = refused(|v| v["entries"][1]["criterion"] = json!("c1"));
    assert!(
        e.starts_with("$.entries[1].criterion: criterion \"c1\" appears twice"),
        "{e}"
    );
    let e = refused(|v| v["entries"][0]["level"] = json!(7));
    assert!(
        e.starts_with("this is not an Osaava self-assessment file"),
        "{e}"
    );
    let e = refused(|v| v["evidence"][0]["criteria"] = json!(["c9"]));
    assert!(e.starts_with("$.evidence[0]:"), "{e}");
    let e = refused(|v| v["evidence"][0]["obtained"] = json!("2026-01-01"));
    assert!(e.contains("after today"), "{e}");
    let e = refused(|v| v["evidence"][0]["path"] = json!("/tmp/x"));
    assert!(e.contains("unknown field `path`"), "{e}");
    let e = refused(|v| v["format"] = json!("osaava-self-assessment/2"));
    assert!(
        e.starts_with("$.format:") && e.contains("newer Osaava"),
        "{e}"
    );
    assert!(matches!(import(b"PK\x03\x04"), Err(PackageError::Json(_))));
}

#[test]
fn a_named_client_in_an_example_is_warned_about() {
    let bytes = tampered(|v| v["entries"][0]["example"] = json!("Autoin asiakasta Mattia"));
    let w = import(&bytes).unwrap().warnings;
    assert!(w
        .iter()
        .any(|w| matches!(w.finding, PrivacyFinding::ClientName { .. })));
}

#[test]
fn export_refuses_a_file_that_does_not_match_its_hash() {
    let b = badge();
    let sa = SelfAssessment::new(&b);
    let e1 = stored("e1", PDF, "a.pdf", &["c1"]);
    let items = [ExportItem {
        evidence: &e1,
        bytes: b"%PDF-1.4 other",
    }];
    let err = export_package(&case(), &sa, &items, "t").unwrap_err();
    assert!(err.to_string().contains("does not match its hash"));
}
