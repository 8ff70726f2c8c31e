//! Keys and certificates checked by OpenSSL: the certificates as `openssl x509 -text` reads
//! them, the chain as `openssl verify` sees it, encrypted keys that `openssl pkey` opens, and
//! PKCS#12 files made by `openssl pkcs12 -export` (modern and legacy) imported here.

use chrono::{TimeZone, Utc};
use osaava_core::BusinessId;
use osaava_statement::keys::{
    certificate_to_pem, create_org_ca, decrypt_key_pem, encrypt_key_pem, import_pkcs12,
    issue_assessor_certificate, subject_info, KeyAlgorithm, KeyError, PrivateKey,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn openssl(args: &[&str]) -> Output {
    match Command::new("openssl").args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("openssl is missing: install the Debian package openssl")
        }
        Err(e) => panic!("running openssl: {e}"),
    }
}

fn ok(out: Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "openssl failed: {text}");
    text
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn openssl_reads_the_ca_and_assessor_certificates_as_intended() {
    let t0 = Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap();
    let ca = create_org_ca(
        "Hoivapalvelu Kuusela Oy",
        &BusinessId::parse("0112038-9").unwrap(),
        t0,
    )
    .unwrap();
    let id =
        issue_assessor_certificate(&ca, "Päivi Äijälä", Some("Sairaanhoitaja (AMK)"), t0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_pem = dir.path().join("ca.pem");
    let leaf_pem = dir.path().join("leaf.pem");
    std::fs::write(&ca_pem, certificate_to_pem(&ca.certificate).unwrap()).unwrap();
    std::fs::write(&leaf_pem, certificate_to_pem(id.certificate()).unwrap()).unwrap();

    let ca_text = ok(openssl(&[
        "x509",
        "-in",
        s(&ca_pem),
        "-noout",
        "-text",
        "-nameopt",
        "utf8,sep_comma_plus_space",
    ]));
    for expected in [
        "Not Before: Mar 14 09:30:00 2025 GMT",
        "Not After : Mar 14 09:30:00 2035 GMT",
        "Subject: C=FI, O=Hoivapalvelu Kuusela Oy, organizationIdentifier=NTRFI-0112038-9, CN=Hoivapalvelu Kuusela Oy CA",
        "X509v3 Basic Constraints: critical\n                CA:TRUE",
        "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign",
        "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier",
        "Public Key Algorithm: id-ecPublicKey",
        "NIST CURVE: P-256",
        "Signature Algorithm: ecdsa-with-SHA256",
    ] {
        assert!(ca_text.contains(expected), "CA should show {expected:?}:\n{ca_text}");
    }

    let leaf_text = ok(openssl(&[
        "x509",
        "-in",
        s(&leaf_pem),
        "-noout",
        "-text",
        "-nameopt",
        "utf8,sep_comma_plus_space",
    ]));
    for expected in [
        "Not Before: Mar 14 09:30:00 2025 GMT",
        "Not After : Mar 14 09:30:00 2027 GMT",
        "Subject: C=FI, O=Hoivapalvelu Kuusela Oy, organizationIdentifier=NTRFI-0112038-9, title=Sairaanhoitaja (AMK), CN=Päivi Äijälä",
        "Issuer: C=FI, O=Hoivapalvelu Kuusela Oy, organizationIdentifier=NTRFI-0112038-9, CN=Hoivapalvelu Kuusela Oy CA",
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Key Usage: critical\n                Digital Signature, Non Repudiation",
        "X509v3 Authority Key Identifier",
    ] {
        assert!(leaf_text.contains(expected), "assessor certificate should show {expected:?}:\n{leaf_text}");
    }

    // OpenSSL builds the chain and accepts the leaf for S/MIME signing at the issue date.
    let out = ok(openssl(&[
        "verify",
        "-CAfile",
        s(&ca_pem),
        "-attime",
        &t0.timestamp().to_string(),
        "-purpose",
        "smimesign",
        s(&leaf_pem),
    ]));
    assert!(out.contains(": OK"), "{out}");
}

#[test]
fn openssl_opens_an_encrypted_key_with_the_passphrase_only() {
    let key = PrivateKey::P256(p256::ecdsa::SigningKey::random(&mut rand_core::OsRng));
    let pem = encrypt_key_pem(&key, "Kuusela-2025 ääkköset").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.pem");
    std::fs::write(&path, &pem).unwrap();
    let out = ok(openssl(&[
        "pkcs8",
        "-in",
        s(&path),
        "-passin",
        "pass:Kuusela-2025 ääkköset",
        "-topk8",
        "-nocrypt",
    ]));
    assert!(out.contains("-----BEGIN PRIVATE KEY-----"), "{out}");
    let asn1 = ok(openssl(&["asn1parse", "-in", s(&path)]));
    for expected in [
        "PBES2",
        "PBKDF2",
        "aes-256-cbc",
        "hmacWithSHA256",
        "INTEGER           :0927C0",
    ] {
        // 0x0927C0 = 600 000, the iteration count.
        assert!(asn1.contains(expected), "{expected} in\n{asn1}");
    }
    let wrong = openssl(&["pkey", "-in", s(&path), "-passin", "pass:väärä", "-noout"]);
    assert!(!wrong.status.success());
    assert!(matches!(
        decrypt_key_pem(&pem, "väärä"),
        Err(KeyError::WrongPassphrase)
    ));
}

/// A CA and a signing certificate made by OpenSSL with `key` (`-newkey` argument), exported as
/// PKCS#12 with `extra` options. Returns the .p12 and the CA PEM.
fn openssl_p12(dir: &Path, key: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let p = |n: &str| dir.join(n);
    let (ca_key, ca_pem, leaf_key, csr, leaf_pem, ext, p12) = (
        p("ca.key"),
        p("ca.pem"),
        p("leaf.key"),
        p("leaf.csr"),
        p("leaf.pem"),
        p("ext.cnf"),
        p("id.p12"),
    );
    let mut newkey: Vec<&str> = vec!["-newkey", key];
    if key == "ec" {
        newkey.extend_from_slice(&["-pkeyopt", "ec_paramgen_curve:P-256"]);
    }
    if key == "ec384" {
        newkey = vec!["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"];
    }
    let mut args = vec!["req", "-x509"];
    args.extend_from_slice(&newkey);
    args.extend_from_slice(&[
        "-keyout",
        s(&ca_key),
        "-out",
        s(&ca_pem),
        "-days",
        "30",
        "-nodes",
        "-subj",
        "/C=FI/O=Varmentaja Oy/CN=Varmentaja CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    ok(openssl(&args));
    let mut args = vec!["req", "-new"];
    args.extend_from_slice(&newkey);
    args.extend_from_slice(&[
        "-keyout",
        s(&leaf_key),
        "-nodes",
        "-out",
        s(&csr),
        "-utf8",
        "-subj",
        "/C=FI/O=Hoivapalvelu Kuusela Oy/organizationIdentifier=NTRFI-0112038-9/CN=Päivi Äijälä",
    ]);
    ok(openssl(&args));
    std::fs::write(
        &ext,
        "keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    ok(openssl(&[
        "x509",
        "-req",
        "-in",
        s(&csr),
        "-CA",
        s(&ca_pem),
        "-CAkey",
        s(&ca_key),
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        s(&ext),
        "-out",
        s(&leaf_pem),
    ]));
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        s(&leaf_key),
        "-in",
        s(&leaf_pem),
        "-certfile",
        s(&ca_pem),
        "-passout",
        "pass:salasana",
        "-out",
        s(&p12),
    ];
    args.extend_from_slice(extra);
    ok(openssl(&args));
    (p12, ca_pem)
}

#[test]
fn pkcs12_from_openssl_imports_in_modern_and_legacy_encryption() {
    let cases: [(&str, &[&str], KeyAlgorithm); 5] = [
        // OpenSSL 3's default: PBES2 (PBKDF2-SHA256, AES-256-CBC), SHA-256 MAC.
        ("ec", &[], KeyAlgorithm::EcdsaP256),
        ("rsa:2048", &[], KeyAlgorithm::Rsa { bits: 2048 }),
        // -legacy: RC2-40 for the certificates, 3DES for the key, SHA-1 MAC.
        ("ec", &["-legacy"], KeyAlgorithm::EcdsaP256),
        ("rsa:2048", &["-legacy"], KeyAlgorithm::Rsa { bits: 2048 }),
        // Triple DES throughout, as Windows writes.
        (
            "ec",
            &[
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
            KeyAlgorithm::EcdsaP256,
        ),
    ];
    for (key, extra, algorithm) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (p12, ca_pem) = openssl_p12(dir.path(), key, extra);
        let bytes = std::fs::read(&p12).unwrap();
        let id =
            import_pkcs12(&bytes, "salasana").unwrap_or_else(|e| panic!("{key} {extra:?}: {e}"));
        assert_eq!(id.key.algorithm(), algorithm, "{key} {extra:?}");
        assert_eq!(id.chain.len(), 2, "signer and CA, {key} {extra:?}");
        let signer = subject_info(id.certificate());
        assert_eq!(signer.common_name.as_deref(), Some("Päivi Äijälä"));
        assert_eq!(signer.business_id.as_deref(), Some("0112038-9"));
        let ca = osaava_statement::keys::certificates_from_pem(&std::fs::read(&ca_pem).unwrap())
            .unwrap();
        assert_eq!(id.chain[1], ca[0], "{key} {extra:?}");

        let err = import_pkcs12(&bytes, "väärä").unwrap_err();
        assert!(
            matches!(err, KeyError::WrongPassphrase),
            "{key} {extra:?}: {err:?}"
        );
    }
}

#[test]
fn pkcs12_with_a_key_osaava_cannot_sign_with_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (p12, _) = openssl_p12(dir.path(), "ec384", &[]);
    let err = import_pkcs12(&std::fs::read(&p12).unwrap(), "salasana").unwrap_err();
    assert!(matches!(err, KeyError::UnsupportedKey(_)), "{err:?}");
    assert!(err.to_string().contains("P-384"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let (p12, _) = openssl_p12(dir.path(), "ed25519", &[]);
    let err = import_pkcs12(&std::fs::read(&p12).unwrap(), "salasana").unwrap_err();
    assert!(matches!(err, KeyError::UnsupportedKey(_)), "{err:?}");
    assert!(err.to_string().contains("Ed25519"), "{err}");

    let err = import_pkcs12(b"not a p12", "x").unwrap_err();
    assert!(matches!(err, KeyError::Pkcs12(_)), "{err:?}");
}
