//! PAdES signatures on the real statement PDF, checked by independent tools: poppler's pdfsig
//! (with the organisation CA trusted through an NSS database), pyHanko and qpdf. Tampered and
//! extended copies must be refused by them and by `verify_pdf`.
//!
//! A missing tool fails the test with the package that has it (scripts/setup-system.sh installs
//! the Debian ones, scripts/setup-python.sh pyHanko into .venv/).

use chrono::{DateTime, Duration, TimeZone, Utc};
use osaava_core::BusinessId;
use osaava_statement::keys::{
    certificate_to_pem, create_org_ca, import_pkcs12, issue_assessor_certificate, OrgCa,
    SigningIdentity,
};
use osaava_statement::pades::{sign_pdf, verify_pdf, ProblemCode, SignatureInfo};
use osaava_statement::pdf::{render_statement_pdf, AfRelationship, Attachment, STATEMENT_JSON};
use osaava_statement::Statement;
use osaava_testkit::{
    find_bytes as find, output_text as text, pyhanko, repo_root as repo, tool as run, Pdfsig,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn artifacts() -> PathBuf {
    let dir = repo().join("test-artifacts/pades");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap()
}

struct Org {
    ca: OrgCa,
    assessor: SigningIdentity,
}

fn org() -> Org {
    let ca = create_org_ca(
        "Hoivapalvelu Kuusela Oy",
        &BusinessId::parse("0112038-9").unwrap(),
        t0(),
    )
    .unwrap();
    let assessor =
        issue_assessor_certificate(&ca, "Päivi Äijälä", Some("Sairaanhoitaja (AMK)"), t0())
            .unwrap();
    Org { ca, assessor }
}

/// The example statement as the PDF module renders it: PDF/A-3b with the JSON attached.
fn statement_pdf() -> Vec<u8> {
    let s = Statement::example();
    let attachments = vec![Attachment::json(
        STATEMENT_JSON,
        "Machine-readable statement",
        AfRelationship::Data,
        s.to_json_bytes(),
    )];
    render_statement_pdf(&s, &attachments).expect("the statement renders")
}

fn info() -> SignatureInfo {
    SignatureInfo {
        name: Some("Päivi Äijälä".into()),
        reason: Some("Osaamistodistus / Statement of recognised competence".into()),
        location: Some("Oulu".into()),
        signing_time: t0() + Duration::days(1),
    }
}

fn now() -> DateTime<Utc> {
    t0() + Duration::days(30)
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = artifacts().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// What pyHanko says about `pdf` with `ca_pem` as the only trust root: its one-line status per
/// signature (e.g. `Signature1:<sha256>:INTACT:TRUSTED,UNTOUCHED`) and its pretty-printed report.
struct PyHanko {
    status: String,
    pretty: String,
}

fn pyhanko_validate(ca_pem: &Path, pdf: &Path) -> PyHanko {
    let run = |pretty: bool| {
        let mut args = vec!["sign", "validate"];
        if pretty {
            args.push("--pretty-print");
        }
        args.extend_from_slice(&[
            "--trust",
            ca_pem.to_str().unwrap(),
            "--trust-replace",
            pdf.to_str().unwrap(),
        ]);
        text(&Command::new(pyhanko()).args(&args).output().unwrap())
    };
    let status = run(false)
        .lines()
        .filter(|l| l.starts_with("Signature"))
        .collect::<Vec<_>>()
        .join("\n");
    PyHanko {
        status,
        pretty: run(true),
    }
}

fn tamper_in_signed_range(signed: &[u8]) -> Vec<u8> {
    // A byte of the first page's content stream header: inside the first signed range.
    let mut t = signed.to_vec();
    let at = find(&t, b"/MediaBox").expect("a page");
    t[at + 1] = b'm';
    t
}

/// `pdf` with an incremental update (objects, xref table, trailer with /Prev) that gives page 1
/// a new content stream: what someone changing a signed statement would do.
fn append_page_change(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page_id = doc.get_pages()[&1];
    let mut page = doc.get_dictionary(page_id).unwrap().clone();
    let content_id = doc.max_id + 1;
    page.set("Contents", lopdf::Object::Reference((content_id, 0)));
    let prev = {
        let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap() + 9;
        let digits: String = pdf[at..]
            .iter()
            .map(|b| *b as char)
            .skip_while(|c| c.is_whitespace())
            .take_while(char::is_ascii_digit)
            .collect();
        digits
    };
    let mut out = pdf.to_vec();
    let stream = b"BT /F1 24 Tf 72 700 Td (Hyvaksytty - FORGED) Tj ET";
    let content_at = out.len();
    out.extend_from_slice(
        format!("{content_id} 0 obj\n<</Length {}>>\nstream\n", stream.len()).as_bytes(),
    );
    out.extend_from_slice(stream);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let page_at = out.len();
    out.extend_from_slice(format!("{} {} obj\n", page_id.0, page_id.1).as_bytes());
    lopdf::Writer::write_object(&mut out, &lopdf::Object::Dictionary(page)).unwrap();
    out.extend_from_slice(b"\nendobj\n");
    let xref_at = out.len();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    out.extend_from_slice(
        format!(
            "xref\n{} 1\n{page_at:010} {:05} n\r\n{content_id} 1\n{content_at:010} 00000 n\r\n\
             trailer\n<</Size {}/Root {} {} R/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n",
            page_id.0,
            page_id.1,
            content_id + 1,
            root.0,
            root.1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn signed_statement_passes_pdfsig_pyhanko_and_qpdf() {
    let org = org();
    let unsigned = statement_pdf();
    let signed = sign_pdf(&unsigned, &org.assessor, &info()).unwrap();
    assert!(signed.starts_with(&unsigned));
    let pdf = write("signed.pdf", &signed);
    let ca_pem = write(
        "org-ca.pem",
        certificate_to_pem(&org.ca.certificate).unwrap().as_bytes(),
    );

    // Ours.
    let report = verify_pdf(&signed, std::slice::from_ref(&org.ca.certificate), now()).unwrap();
    assert!(report.is_valid(), "{report:#?}");

    // pdfsig with the CA trusted.
    let out = Pdfsig::trusting(&ca_pem).says(&pdf);
    println!("pdfsig, signed:\n{out}");
    for expected in [
        "Signature is Valid.",
        "Certificate is Trusted.",
        "Total document signed",
        "ETSI.CAdES.detached",
        "Päivi Äijälä",
    ] {
        assert!(
            out.contains(expected),
            "pdfsig should say {expected:?}:\n{out}"
        );
    }

    // pyHanko with the CA as the only trust root.
    let py = pyhanko_validate(&ca_pem, &pdf);
    println!("pyHanko, signed:\n{}\n{}", py.status, py.pretty);
    assert!(
        py.status.ends_with(":INTACT:TRUSTED,UNTOUCHED"),
        "{}",
        py.status
    );
    for expected in [
        "The signer's certificate is trusted.",
        "The signature is cryptographically sound.",
        "The signature covers the entire file.",
        "The signature is judged VALID.",
    ] {
        assert!(
            py.pretty.contains(expected),
            "pyHanko should say {expected:?}:\n{}",
            py.pretty
        );
    }

    // What makes the unsigned revision PDF/A-3b stays: the catalog keeps every entry (XMP,
    // OutputIntent, associated files) and only gains the AcroForm; the widget is invisible
    // (zero Rect, so no appearance stream is needed), printable and locked; /ID is kept.
    let before = lopdf::Document::load_mem(&unsigned).unwrap();
    let after = lopdf::Document::load_mem(&signed).unwrap();
    let (cat_before, cat_after) = (before.catalog().unwrap(), after.catalog().unwrap());
    for (key, value) in cat_before.iter() {
        assert_eq!(
            cat_after.get(key).ok(),
            Some(value),
            "catalog /{}",
            String::from_utf8_lossy(key)
        );
    }
    assert_eq!(cat_after.len(), cat_before.len() + 1);
    let form = cat_after.get(b"AcroForm").unwrap().as_dict().unwrap();
    assert!(form.get(b"NeedAppearances").is_err());
    let widget_ref = form.get(b"Fields").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let widget = after.get_dictionary(widget_ref).unwrap();
    assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(rect, vec![0.0; 4]);
    assert!(widget.get(b"A").is_err() && widget.get(b"AA").is_err() && widget.get(b"AP").is_err());
    assert_eq!(
        after.trailer.get(b"ID").unwrap(),
        before.trailer.get(b"ID").unwrap()
    );
    assert!(after.trailer.get(b"Encrypt").is_err());

    // qpdf: the file structure, including the update, is sound.
    let out = run("qpdf", "qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "qpdf --check: {}", text(&out));
    assert!(
        text(&out).contains("No syntax or stream encoding errors found"),
        "{}",
        text(&out)
    );
}

#[test]
fn tampered_and_extended_copies_are_refused_by_pdfsig_pyhanko_and_verify_pdf() {
    let org = org();
    let signed = sign_pdf(&statement_pdf(), &org.assessor, &info()).unwrap();
    let ca_pem = write(
        "tamper-org-ca.pem",
        certificate_to_pem(&org.ca.certificate).unwrap().as_bytes(),
    );
    let pdfsig = Pdfsig::trusting(&ca_pem);
    let roots = [org.ca.certificate.clone()];

    // One byte changed within the signed range.
    let tampered = tamper_in_signed_range(&signed);
    let path = write("tampered.pdf", &tampered);
    let report = verify_pdf(&tampered, &roots, now()).unwrap();
    assert_eq!(report.codes(), vec![ProblemCode::Tampered], "{report:#?}");
    let out = pdfsig.says(&path);
    println!("pdfsig, tampered:\n{out}");
    assert!(!out.contains("Signature is Valid."), "{out}");
    assert!(
        out.contains("Signature is Invalid.") || out.contains("Digest Mismatch"),
        "{out}"
    );
    let py = pyhanko_validate(&ca_pem, &path);
    println!("pyHanko, tampered:\n{}\n{}", py.status, py.pretty);
    assert!(py.status.ends_with(":INVALID"), "{}", py.status);
    assert!(
        py.pretty
            .contains("The signature is cryptographically unsound."),
        "{}",
        py.pretty
    );

    // An incremental update appended after the signature that changes what page 1 shows.
    let extended = append_page_change(&signed);
    let path = write("extended.pdf", &extended);
    let report = verify_pdf(&extended, &roots, now()).unwrap();
    assert_eq!(
        report.codes(),
        vec![ProblemCode::BytesAfterSignature],
        "{report:#?}"
    );
    let out = pdfsig.says(&path);
    println!("pdfsig, page changed in an update after signing:\n{out}");
    assert!(out.contains("Not total document signed"), "{out}");
    let py = pyhanko_validate(&ca_pem, &path);
    println!(
        "pyHanko, page changed in an update after signing:\n{}\n{}",
        py.status, py.pretty
    );
    assert!(
        py.status.ends_with(",ILLEGAL_MODIFICATIONS"),
        "{}",
        py.status
    );
}

#[test]
fn another_ca_is_untrusted_for_pdfsig_pyhanko_and_verify_pdf() {
    let org = org();
    let other = create_org_ca(
        "Toinen Hoiva Oy",
        &BusinessId::parse("0112038-9").unwrap(),
        t0(),
    )
    .unwrap();
    let signed = sign_pdf(&statement_pdf(), &org.assessor, &info()).unwrap();
    let path = write("untrusted.pdf", &signed);
    let report = verify_pdf(&signed, std::slice::from_ref(&other.certificate), now()).unwrap();
    assert_eq!(report.codes(), vec![ProblemCode::Untrusted], "{report:#?}");

    let other_pem = write(
        "other-org-ca.pem",
        certificate_to_pem(&other.certificate).unwrap().as_bytes(),
    );
    let out = Pdfsig::trusting(&other_pem).says(&path);
    println!("pdfsig, untrusted:\n{out}");
    assert!(
        out.contains("Signature is Valid."),
        "the signature itself is intact: {out}"
    );
    assert!(!out.contains("Certificate is Trusted."), "{out}");

    let other_pem = write(
        "other-ca.pem",
        certificate_to_pem(&other.certificate).unwrap().as_bytes(),
    );
    let py = pyhanko_validate(&other_pem, &path);
    println!("pyHanko, untrusted:\n{}\n{}", py.status, py.pretty);
    assert!(
        py.status.ends_with(":INTACT:UNTRUSTED,UNTOUCHED"),
        "{}",
        py.status
    );
    assert!(
        py.pretty.contains("The signer's certificate is untrusted."),
        "{}",
        py.pretty
    );
}

/// A CA and a signing certificate made by OpenSSL, exported as PKCS#12 with `extra` options.
fn openssl_p12(dir: &Path, key_alg: &[&str], extra: &[&str], pass: &str) -> (PathBuf, PathBuf) {
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let ok = |out: Output| assert!(out.status.success(), "openssl: {}", text(&out));
    let mut args = vec!["req", "-x509", "-newkey"];
    args.extend_from_slice(key_alg);
    let (ca_key, ca_pem, leaf_key, csr, leaf_pem, ext, p12) = (
        p("ca.key"),
        p("ca.pem"),
        p("leaf.key"),
        p("leaf.csr"),
        p("leaf.pem"),
        p("ext.cnf"),
        p("id.p12"),
    );
    args.extend_from_slice(&[
        "-keyout",
        &ca_key,
        "-out",
        &ca_pem,
        "-days",
        "3650",
        "-nodes",
        "-subj",
        "/C=FI/O=Vanha Varmentaja Oy/CN=Vanha Varmentaja CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    ok(run("openssl", "openssl", &args));
    let mut args = vec!["req", "-new", "-newkey"];
    args.extend_from_slice(key_alg);
    args.extend_from_slice(&[
        "-keyout",
        &leaf_key,
        "-nodes",
        "-out",
        &csr,
        "-subj",
        "/C=FI/O=Hoivapalvelu Kuusela Oy/organizationIdentifier=NTRFI-0112038-9/CN=Päivi Äijälä",
        "-utf8",
    ]);
    ok(run("openssl", "openssl", &args));
    std::fs::write(
        &ext,
        "keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    ok(run(
        "openssl",
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-days",
            "3650",
            "-extfile",
            &ext,
            "-out",
            &leaf_pem,
        ],
    ));
    let passout = format!("pass:{pass}");
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        &leaf_key,
        "-in",
        &leaf_pem,
        "-certfile",
        &ca_pem,
        "-passout",
        &passout,
        "-out",
        &p12,
    ];
    args.extend_from_slice(extra);
    ok(run("openssl", "openssl", &args));
    (PathBuf::from(p12), PathBuf::from(ca_pem))
}

#[test]
fn an_imported_rsa_identity_signs_statements_pdfsig_and_pyhanko_trust() {
    let dir = tempfile::tempdir().unwrap();
    let (p12, ca_pem) = openssl_p12(dir.path(), &["rsa:3072"], &[], "salasana");
    let identity = import_pkcs12(&std::fs::read(&p12).unwrap(), "salasana").unwrap();
    let ca_certs =
        osaava_statement::keys::certificates_from_pem(&std::fs::read(&ca_pem).unwrap()).unwrap();
    let mut i = info();
    // OpenSSL's certificates start now: sign and check with the real clock's date.
    i.signing_time = Utc::now();
    let signed = sign_pdf(&statement_pdf(), &identity, &i).unwrap();
    let path = write("signed-rsa.pdf", &signed);
    let report = verify_pdf(&signed, &ca_certs, Utc::now()).unwrap();
    assert!(report.is_valid(), "{report:#?}");

    let out = Pdfsig::trusting(&ca_pem).says(&path);
    println!("pdfsig, RSA:\n{out}");
    assert!(
        out.contains("Signature is Valid.") && out.contains("Certificate is Trusted."),
        "{out}"
    );
    let py = pyhanko_validate(&ca_pem, &path);
    assert!(
        py.status.ends_with(":INTACT:TRUSTED,UNTOUCHED"),
        "{}\n{}",
        py.status,
        py.pretty
    );
    assert!(
        py.pretty
            .contains("The signature mechanism used was 'sha256_rsa'."),
        "{}",
        py.pretty
    );
}

/// How long signing and verifying the example statement take (a measurement, not a check):
/// `cargo test -p osaava-statement --release --test pades timing -- --ignored --nocapture`.
/// The benchmark (`npm run bench`) is where speed is judged.
#[test]
#[ignore = "a measurement; run with --release --ignored --nocapture"]
fn timing() {
    let org = org();
    let unsigned = statement_pdf();
    let roots = [org.ca.certificate.clone()];
    let median = |f: &mut dyn FnMut()| {
        let mut times: Vec<std::time::Duration> = (0..21)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        times.sort();
        times[10]
    };
    let mut signed = Vec::new();
    let sign = median(&mut || signed = sign_pdf(&unsigned, &org.assessor, &info()).unwrap());
    let verify = median(&mut || assert!(verify_pdf(&signed, &roots, now()).unwrap().is_valid()));
    println!(
        "statement of {} bytes: sign_pdf median {sign:?}, verify_pdf median {verify:?} (21 runs)",
        unsigned.len()
    );
}
