use super::*;
use chrono::TimeZone;
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::Lang;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 31, 5).unwrap()
}

fn signed(statement: &Statement) -> Value {
    let did = did_key(&key().verifying_key());
    sign_credential(
        build_credential(statement, &did).unwrap(),
        &key(),
        created(),
    )
    .unwrap()
}

#[test]
fn a_signed_credential_verifies_and_says_what_the_statement_says() {
    let s = Statement::example();
    let c = signed(&s);
    let v = verify_credential(&c).unwrap();
    assert_eq!(v.id, format!("urn:uuid:{}", s.id));
    assert_eq!(v.issuer.did, did_key(&key().verifying_key()));
    assert_eq!(v.issuer.name.as_deref(), Some("Hoivakoti Kielo Oy"));
    assert_eq!(v.issuer.business_id.as_deref(), Some("0112038-9"));
    assert_eq!(v.valid_from.as_deref(), Some("2026-11-24T12:30:00Z"));
    assert_eq!(v.signed_at, created());
    assert!(v.is_valid_at(s.issued_at));
    assert!(!v.is_valid_at(s.issued_at - chrono::Duration::seconds(1)));
    assert_eq!(
        v.verification_method,
        format!("{0}#{1}", v.issuer.did, &v.issuer.did[8..])
    );
    assert_eq!(
        v.achievement.alignments[0].code.as_deref(),
        Some("tutkinnonosat_106228")
    );
    assert!(v.identity_matches("Åsa Mäkelä-Öhman"));
    assert!(!v.identity_matches("Asa Makela-Ohman"));
    assert!(
        v.identity_matches(" A\u{30a}sa Ma\u{308}kela\u{308}-O\u{308}hman"),
        "decomposed letters match"
    );
    assert!(v.evidence > 0);

    let proof = &c["proof"];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert_eq!(proof["created"], "2026-11-24T12:31:05Z");
    assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));
}

#[test]
fn a_partial_decision_claims_only_the_recognised_criteria_and_says_so() {
    let s = Statement::example();
    assert_eq!(s.decision, Decision::PartiallyRecognised);
    let met: Vec<&str> = s
        .criteria
        .iter()
        .filter(|c| c.rating == Rating::Meets)
        .map(|c| c.text.as_str())
        .collect();
    assert!(met.len() < s.criteria.len());
    let c = signed(&s);
    let a = &c["credentialSubject"]["achievement"];
    assert!(a["id"]
        .as_str()
        .unwrap()
        .starts_with("urn:osaava:badge-part:osaava-memory-disorder-client:1:"));
    assert!(a["name"].as_str().unwrap().contains(&format!(
        "osittain tunnustettu: {}/{}",
        met.len(),
        s.criteria.len()
    )));
    assert!(a["description"]
        .as_str()
        .unwrap()
        .contains("Muita kriteerejä ei ole tunnustettu"));
    let narrative = a["criteria"]["narrative"].as_str().unwrap();
    for c in &s.criteria {
        assert_eq!(
            narrative.contains(&c.text),
            c.rating == Rating::Meets,
            "{}",
            c.text
        );
    }
    assert_eq!(a["tag"], json!(["partially-recognised"]));
    assert!(a["alignment"][0]["targetDescription"]
        .as_str()
        .unwrap()
        .contains("osittain"));

    let v = verify_credential(&c).unwrap();
    assert!(v.achievement.partial);
    assert_eq!(v.achievement.results.len(), met.len());
    for r in &v.achievement.results {
        assert!(met.contains(&r.criterion.as_str()));
        assert_eq!(r.level.as_deref(), Some("Täyttyy"));
    }
}

#[test]
fn a_full_decision_claims_the_badge_with_every_assessed_result() {
    let mut s = Statement::example();
    s.decision = Decision::Recognised;
    s.language = Lang::En;
    let c = signed(&s);
    let a = &c["credentialSubject"]["achievement"];
    assert_eq!(a["id"], "urn:osaava:badge:osaava-memory-disorder-client:1");
    assert_eq!(a["name"], s.badge.name.as_str());
    assert_eq!(a["inLanguage"], "en");
    let v = verify_credential(&c).unwrap();
    assert!(!v.achievement.partial);
    assert_eq!(v.achievement.results.len(), s.criteria.len());
    let partly = v
        .achievement
        .results
        .iter()
        .find(|r| r.level.as_deref() == Some("Partially meets"))
        .unwrap();
    assert_eq!(
        partly.meets_required_level,
        Some(false),
        "the example's partially met criterion is mandatory"
    );
}

#[test]
fn not_yet_gets_no_credential() {
    let mut s = Statement::example();
    s.decision = Decision::NotYet;
    assert!(matches!(
        build_credential(&s, "did:key:z6Mk"),
        Err(CredentialError::NothingRecognised)
    ));
}

#[test]
fn the_credential_carries_no_plain_name_and_no_assessment_text() {
    let s = Statement::example();
    let text = signed(&s).to_string();
    assert!(!text.contains(&s.employee.name));
    assert!(!text.contains(&s.employee.id));
    for c in &s.criteria {
        assert!(
            !text.contains(&c.rationale),
            "rationales stay in the statement"
        );
    }
    assert!(!text.contains(&s.justification));
}

#[test]
fn building_is_deterministic_and_salts_differ_per_statement() {
    let s = Statement::example();
    let did = did_key(&key().verifying_key());
    assert_eq!(
        build_credential(&s, &did).unwrap(),
        build_credential(&s, &did).unwrap()
    );
    let mut other = s.clone();
    other.id = uuid::Uuid::from_u128(1);
    let hash = |s: &Statement| {
        build_credential(s, &did).unwrap()["credentialSubject"]["identifier"][0]["identityHash"]
            .clone()
    };
    assert_ne!(hash(&s), hash(&other));
}

#[test]
fn the_identity_hash_follows_the_ob3_definition() {
    // OB 3.0's own example: 'a@example.com' salted with 'Kosher'.
    assert_eq!(
        identity_hash("a@example.com", "Kosher"),
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    );
}

#[test]
fn changing_anything_signed_breaks_the_signature() {
    let c = signed(&Statement::example());
    type Change = fn(&mut Value);
    let tamper: Vec<(&str, Change)> = vec![
        ("name", |c| {
            c["name"] = json!("Muistisairaan asiakkaan kohtaaminen")
        }),
        ("a result", |c| {
            c["credentialSubject"]["result"][0]["achievedLevel"] =
                json!("urn:osaava:rating:partially-meets")
        }),
        ("validFrom", |c| {
            c["validFrom"] = json!("2025-11-24T12:30:00Z")
        }),
        ("an alignment code", |c| {
            c["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] =
                json!("tutkinnonosat_106229")
        }),
        ("the business ID", |c| {
            c["issuer"]["otherIdentifier"][0]["identifier"] = json!("1234567-8")
        }),
        ("the proof's time", |c| {
            c["proof"]["created"] = json!("2026-11-25T12:31:05Z")
        }),
        ("a removed evidence", |c| {
            c["evidence"].as_array_mut().unwrap().pop();
        }),
    ];
    for (what, change) in tamper {
        let mut t = c.clone();
        change(&mut t);
        assert!(
            matches!(verify_credential(&t), Err(CredentialError::BadSignature)),
            "{what}: {:?}",
            verify_credential(&t)
        );
    }
}

#[test]
fn what_the_signature_would_not_cover_is_refused() {
    let c = signed(&Statement::example());
    let mut t = c.clone();
    t["credentialSubject"]["achievement"]["creditsEarned"] = json!(35);
    let e = verify_credential(&t).unwrap_err();
    assert!(
        matches!(&e, CredentialError::JsonLd(p) if p[0].contains("creditsEarned")),
        "{e}"
    );

    let mut t = c.clone();
    t["proof"]["note"] = json!("x");
    let e = verify_credential(&t).unwrap_err();
    assert!(
        matches!(&e, CredentialError::JsonLd(p) if p[0].starts_with("$.proof.note")),
        "{e}"
    );

    let mut t = c;
    t["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
    assert!(matches!(
        verify_credential(&t),
        Err(CredentialError::Context(_))
    ));
}

#[test]
fn another_key_cannot_speak_for_the_issuer() {
    let s = Statement::example();
    let issuer = did_key(&key().verifying_key());
    let other = SigningKey::from_bytes(&[8; 32]);
    // Signed by another key while naming our organisation's DID as issuer.
    let c = sign_credential(build_credential(&s, &issuer).unwrap(), &other, created()).unwrap();
    assert!(matches!(
        verify_credential(&c),
        Err(CredentialError::IssuerMismatch { .. })
    ));
    // Our proof, with the verification method swapped for the other key's.
    let mut c = signed(&s);
    c["proof"]["verificationMethod"] = json!(verification_method(&other.verifying_key()));
    assert!(matches!(
        verify_credential(&c),
        Err(CredentialError::IssuerMismatch { .. })
    ));
    // Both swapped: the signature is still ours, not the other key's.
    c["issuer"]["id"] = json!(did_key(&other.verifying_key()));
    assert!(matches!(
        verify_credential(&c),
        Err(CredentialError::BadSignature)
    ));
}

#[test]
fn a_credential_is_signed_once() {
    let c = signed(&Statement::example());
    assert!(matches!(
        sign_credential(c, &key(), created()),
        Err(CredentialError::Shape(_))
    ));
}

/// The properties OB 3.0's JSON Schemas (AchievementCredential and the classes inside it)
/// require, and the closed classes' allowed properties. No JSON Schema of OB 3.0 ships in an npm
/// or PyPI package we can install offline, so these are written out from the specification.
#[test]
fn the_shape_has_what_open_badges_3_requires() {
    let mut s = Statement::example();
    for decision in [Decision::Recognised, Decision::PartiallyRecognised] {
        s.decision = decision;
        let c = signed(&s);
        let has = |v: &Value, what: &str, keys: &[&str]| {
            for k in keys {
                assert!(
                    v.get(*k).is_some_and(|x| !x.is_null()),
                    "{what} needs {k}: {v}"
                );
            }
        };
        let only = |v: &Value, what: &str, keys: &[&str]| {
            for k in v.as_object().unwrap().keys() {
                assert!(keys.contains(&k.as_str()), "{what} may not have {k}");
            }
        };
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        has(
            &c,
            "credential",
            &[
                "@context",
                "id",
                "type",
                "name",
                "credentialSubject",
                "issuer",
                "validFrom",
            ],
        );
        let types = list(&c["type"]);
        assert!(
            types.contains(&json!("VerifiableCredential"))
                && types.contains(&json!("OpenBadgeCredential"))
        );
        has(&c["issuer"], "Profile", &["id", "type"]);
        for e in list(&c["issuer"]["otherIdentifier"]) {
            has(
                &e,
                "IdentifierEntry",
                &["type", "identifier", "identifierType"],
            );
            only(
                &e,
                "IdentifierEntry",
                &["type", "identifier", "identifierType"],
            );
        }
        let subject = &c["credentialSubject"];
        has(subject, "AchievementSubject", &["type", "achievement"]);
        only(
            subject,
            "AchievementSubject",
            &[
                "id",
                "type",
                "activityEndDate",
                "activityStartDate",
                "creditsEarned",
                "achievement",
                "identifier",
                "image",
                "licenseNumber",
                "narrative",
                "result",
                "role",
                "source",
                "term",
            ],
        );
        for i in list(&subject["identifier"]) {
            has(
                &i,
                "IdentityObject",
                &["type", "hashed", "identityHash", "identityType"],
            );
            only(
                &i,
                "IdentityObject",
                &["type", "hashed", "identityHash", "identityType", "salt"],
            );
            assert!(i["identityHash"].as_str().unwrap().starts_with("sha256$"));
        }
        let a = &subject["achievement"];
        has(
            a,
            "Achievement",
            &["id", "type", "name", "description", "criteria"],
        );
        assert!(a["criteria"]["narrative"].is_string());
        for al in list(&a["alignment"]) {
            has(&al, "Alignment", &["type", "targetName", "targetUrl"]);
        }
        let ids: Vec<Value> = list(&a["resultDescription"])
            .iter()
            .map(|rd| rd["id"].clone())
            .collect();
        for rd in list(&a["resultDescription"]) {
            has(
                &rd,
                "ResultDescription",
                &["id", "type", "name", "resultType"],
            );
            for level in list(&rd["rubricCriterionLevel"]) {
                has(&level, "RubricCriterionLevel", &["id", "type", "name"]);
            }
        }
        for r in list(&subject["result"]) {
            has(
                &r,
                "Result",
                &["type", "resultDescription", "achievedLevel"],
            );
            assert!(
                ids.contains(&r["resultDescription"]),
                "a result names a ResultDescription of the achievement"
            );
        }
        for e in list(&c["evidence"]) {
            has(&e, "Evidence", &["type", "name", "description"]);
        }
    }
}
