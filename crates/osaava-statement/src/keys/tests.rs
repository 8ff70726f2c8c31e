//! The CA, assessor certificates and PEM, checked field by field.

use super::verify::issued_by;
use super::*;
use chrono::{DateTime, TimeZone, Utc};
use der::oid::AssociatedOid;
use der::Decode;
use osaava_core::BusinessId;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap()
}

fn ca() -> OrgCa {
    create_org_ca(
        "Hoivapalvelu Kuusela Oy",
        &BusinessId::parse("0112038-9").unwrap(),
        now(),
    )
    .unwrap()
}

/// The extension `T` of `cert` and whether it is critical.
fn ext<T: AssociatedOid + for<'a> Decode<'a>>(cert: &Certificate) -> Option<(bool, T)> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == T::OID)
        .map(|e| {
            (
                e.critical,
                T::from_der(e.extn_value.as_bytes()).expect("extension decodes"),
            )
        })
}

fn secs(t: DateTime<Utc>) -> u64 {
    t.timestamp() as u64
}

#[test]
fn org_ca_is_a_ten_year_self_signed_root() {
    let ca = ca();
    let tbs = &ca.certificate.tbs_certificate;
    assert_eq!(
        tbs.validity.not_before.to_unix_duration().as_secs(),
        secs(now())
    );
    assert_eq!(
        tbs.validity.not_after.to_unix_duration().as_secs(),
        secs(Utc.with_ymd_and_hms(2035, 3, 14, 9, 30, 0).unwrap())
    );
    assert_eq!(tbs.issuer, tbs.subject);
    issued_by(&ca.certificate, &ca.certificate).expect("self-signature verifies");

    let (critical, bc) = ext::<BasicConstraints>(&ca.certificate).expect("basicConstraints");
    assert!(critical && bc.ca, "CA:TRUE, critical");
    let (critical, ku) = ext::<KeyUsage>(&ca.certificate).expect("keyUsage");
    assert!(critical);
    assert_eq!(ku.0, KeyUsages::KeyCertSign | KeyUsages::CRLSign);
    let (_, ski) = ext::<SubjectKeyIdentifier>(&ca.certificate).expect("SKI");
    let (_, aki) = ext::<AuthorityKeyIdentifier>(&ca.certificate).expect("AKI");
    assert_eq!(aki.key_identifier.as_ref(), Some(&ski.0));

    let info = subject_info(&ca.certificate);
    assert_eq!(
        info.organisation.as_deref(),
        Some("Hoivapalvelu Kuusela Oy")
    );
    assert_eq!(
        info.common_name.as_deref(),
        Some("Hoivapalvelu Kuusela Oy CA")
    );
    assert_eq!(info.business_id.as_deref(), Some("0112038-9"));
    assert_eq!(info.country.as_deref(), Some("FI"));
    assert_eq!(
        info.distinguished_name,
        "CN=Hoivapalvelu Kuusela Oy CA,organizationIdentifier=NTRFI-0112038-9,O=Hoivapalvelu Kuusela Oy,C=FI"
    );
}

#[test]
fn assessor_certificate_is_a_two_year_signing_leaf_under_the_ca() {
    let ca = ca();
    let id = issue_assessor_certificate(&ca, "Päivi Äijälä", Some("Lähihoitaja, arvioija"), now())
        .unwrap();
    assert_eq!(id.chain.len(), 2);
    assert_eq!(id.chain[1], ca.certificate);
    let cert = id.certificate();
    let tbs = &cert.tbs_certificate;
    assert_eq!(
        tbs.validity.not_before.to_unix_duration().as_secs(),
        secs(now())
    );
    assert_eq!(
        tbs.validity.not_after.to_unix_duration().as_secs(),
        secs(Utc.with_ymd_and_hms(2027, 3, 14, 9, 30, 0).unwrap())
    );
    assert_eq!(tbs.issuer, ca.certificate.tbs_certificate.subject);
    issued_by(cert, &ca.certificate).expect("signed by the CA");
    assert!(issued_by(cert, cert).is_err(), "not self-signed");

    let (critical, bc) = ext::<BasicConstraints>(cert).expect("basicConstraints");
    assert!(critical && !bc.ca, "CA:FALSE");
    let (critical, ku) = ext::<KeyUsage>(cert).expect("keyUsage");
    assert!(critical);
    assert_eq!(
        ku.0,
        KeyUsages::DigitalSignature | KeyUsages::NonRepudiation
    );
    let (_, ca_ski) = ext::<SubjectKeyIdentifier>(&ca.certificate).unwrap();
    let (_, aki) = ext::<AuthorityKeyIdentifier>(cert).expect("AKI");
    assert_eq!(aki.key_identifier.as_ref(), Some(&ca_ski.0));
    assert!(ext::<SubjectKeyIdentifier>(cert).is_some());

    let info = subject_info(cert);
    assert_eq!(info.common_name.as_deref(), Some("Päivi Äijälä"));
    assert_eq!(
        info.organisation.as_deref(),
        Some("Hoivapalvelu Kuusela Oy")
    );
    assert_eq!(info.business_id.as_deref(), Some("0112038-9"));
    assert_eq!(info.title.as_deref(), Some("Lähihoitaja, arvioija"));
    assert_eq!(id.key.algorithm(), KeyAlgorithm::EcdsaP256);
}

#[test]
fn serials_are_random_and_positive() {
    let ca = ca();
    let a = issue_assessor_certificate(&ca, "A", None, now()).unwrap();
    let b = issue_assessor_certificate(&ca, "A", None, now()).unwrap();
    let sa = a
        .certificate()
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    let sb = b
        .certificate()
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    assert_ne!(sa, sb);
    assert_eq!(sa.len(), 16);
    assert!(sa[0] & 0x80 == 0 && sa[0] != 0);
    assert!(subject_info(a.certificate()).title.is_none());
}

#[test]
fn assessor_certificate_never_outlives_the_ca() {
    let ca = ca();
    let late = Utc.with_ymd_and_hms(2034, 9, 1, 0, 0, 0).unwrap();
    let id = issue_assessor_certificate(&ca, "Late Assessor", None, late).unwrap();
    assert_eq!(
        id.certificate().tbs_certificate.validity.not_after,
        ca.certificate.tbs_certificate.validity.not_after
    );
    let after = Utc.with_ymd_and_hms(2035, 6, 1, 0, 0, 0).unwrap();
    assert!(matches!(
        issue_assessor_certificate(&ca, "Too Late", None, after),
        Err(KeyError::Certificate(_))
    ));
}

#[test]
fn bad_names_are_refused() {
    let bid = BusinessId::parse("0112038-9").unwrap();
    assert!(matches!(
        create_org_ca("  ", &bid, now()),
        Err(KeyError::InvalidInput(_))
    ));
    assert!(matches!(
        create_org_ca("A\nB", &bid, now()),
        Err(KeyError::InvalidInput(_))
    ));
    let ca = ca();
    assert!(matches!(
        issue_assessor_certificate(&ca, &"x".repeat(65), None, now()),
        Err(KeyError::InvalidInput(_))
    ));
    // A long organisation name still gives a CN within 64 characters.
    let long = "Pohjois-Pohjanmaan hyvinvointialueen kotihoidon palvelukeskus ry";
    let ca = create_org_ca(long, &bid, now()).unwrap();
    let cn = subject_info(&ca.certificate).common_name.unwrap();
    assert!(cn.chars().count() <= 64 && cn.ends_with(" CA"), "{cn}");
}

#[test]
fn identity_refuses_a_certificate_for_another_key() {
    let ca = ca();
    let a = issue_assessor_certificate(&ca, "A", None, now()).unwrap();
    let b = issue_assessor_certificate(&ca, "B", None, now()).unwrap();
    let err = SigningIdentity::new(a.key, b.chain).unwrap_err();
    assert!(matches!(err, KeyError::Certificate(_)), "{err:?}");
    let err =
        SigningIdentity::new(PrivateKey::Ed25519(create_credential_key()), a.chain).unwrap_err();
    assert!(matches!(err, KeyError::UnsupportedKey(_)), "{err:?}");
}

#[test]
fn pem_round_trip_of_a_chain_with_text_around() {
    let ca = ca();
    let id = issue_assessor_certificate(&ca, "Päivi", None, now()).unwrap();
    let one = certificate_to_pem(&ca.certificate).unwrap();
    assert!(
        one.starts_with("-----BEGIN CERTIFICATE-----\n")
            && one.ends_with("-----END CERTIFICATE-----\n")
    );
    assert_eq!(
        certificates_from_pem(one.as_bytes()).unwrap(),
        vec![ca.certificate.clone()]
    );

    let chain = certificates_to_pem(&id.chain).unwrap();
    // The second block cut short: an error naming that block.
    let second = chain.rfind("-----BEGIN").unwrap();
    let cut = &chain[..second + 40];
    let err = certificates_from_pem(cut.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("certificate 2"), "{err}");

    let crlf = format!("Bag Attributes\r\n{}", chain.replace('\n', "\r\n"));
    assert_eq!(certificates_from_pem(crlf.as_bytes()).unwrap(), id.chain);

    assert!(certificates_from_pem(b"no certificates here").is_err());
    let der = der::Encode::to_der(&ca.certificate).unwrap();
    assert_eq!(certificates_from_pem(&der).unwrap(), vec![ca.certificate]);
}

#[test]
fn credential_key_survives_encryption() {
    let key = PrivateKey::Ed25519(create_credential_key());
    let pem = encrypt_key_pem(&key, "tunnuslause").unwrap();
    let back = decrypt_key_pem(&pem, "tunnuslause").unwrap();
    assert_eq!(back.algorithm(), KeyAlgorithm::Ed25519);
    assert_eq!(
        back.public_key_der().unwrap(),
        key.public_key_der().unwrap()
    );
}
