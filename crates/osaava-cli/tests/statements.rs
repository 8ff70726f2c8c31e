//! The statement stage through the real binary: demo, verify (ours and independent tools),
//! tampering, trust, reissue, revocation, wrong passphrase, languages, and a PKCS#12 signer.

mod common;
use common::Cli;
use osaava_testkit::{output_text as text, pyhanko, repo_root as repo, tool, Pdfsig};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASS: &str = "testien-tunnuslause";

/// A data dir with a decided case and its first statement, made by `osaava demo`.
fn demo() -> (Cli, Value) {
    let cli = Cli::new();
    let r = cli.run_env(
        &["demo", "--out", cli.dir.path().to_str().unwrap(), "--json"],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 0, "demo failed: {}", r.stderr);
    (cli, r.json())
}

fn s(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_string()
}

fn verify(cli: &Cli, file: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["verify", file.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    cli.run(&args)
}

fn codes(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn demo_statement_is_valid_for_us_and_for_independent_tools() {
    let (cli, demo) = demo();
    let pdf = PathBuf::from(s(&demo, "statement_pdf"));
    let ca = s(&demo, "org_ca_pem");
    for name in [
        "statement.pdf",
        "statement.json",
        "credential.json",
        "org-ca.pem",
    ] {
        assert!(cli.path(name).exists(), "demo did not write {name}");
    }

    // Ours: valid and trusted, with what a clerk needs.
    let r = verify(&cli, &pdf, &["--trust", &ca]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let report = r.json();
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["signer"]["name"], "Sirkka Väänänen");
    assert_eq!(report["signer"]["business_id"], "0112038-9");
    assert_eq!(report["statement"]["employee"], "Åsa Mäkelä-Öhman");
    assert_eq!(report["statement"]["decision"], "recognised");
    assert!(report["credential_checked"].as_bool().unwrap());
    let units: Vec<&str> = report["statement"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert!(units.contains(&"tutkinnonosat_106228"), "{units:?}");

    // The human output names signer, person, badge and unit in the user's language.
    let r = cli.run_env(
        &["verify", pdf.to_str().unwrap(), "--trust", &ca],
        &[("LANG", "fi_FI.UTF-8")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "KELVOLLINEN",
        "Sirkka Väänänen",
        "Åsa Mäkelä-Öhman",
        "tutkinnonosat_106228",
        "35 osp",
        "Peruutukset: ",
    ] {
        assert!(
            r.stdout.contains(want),
            "verify output lacks {want}:\n{}",
            r.stdout
        );
    }

    // The embedded statement is the one written beside it.
    let out = tempfile::tempdir().unwrap();
    let detach = tool(
        "pdfdetach",
        "poppler-utils",
        &[
            "-saveall",
            "-o",
            out.path().to_str().unwrap(),
            pdf.to_str().unwrap(),
        ],
    );
    assert!(detach.status.success(), "{}", text(&detach));
    assert_eq!(
        std::fs::read(out.path().join("statement.json")).unwrap(),
        std::fs::read(cli.path("statement.json")).unwrap()
    );
    let statement: Value =
        serde_json::from_slice(&std::fs::read(cli.path("statement.json")).unwrap()).unwrap();
    for key in [
        "id",
        "issued_at",
        "language",
        "organisation",
        "employee",
        "assessor",
        "badge",
        "alignments",
        "criteria",
        "decision",
        "justification",
        "learning_path",
        "ehoks",
    ] {
        assert!(statement.get(key).is_some(), "statement.json lacks {key}");
    }
    assert_eq!(
        statement["ehoks"][0]["valittu-todentamisen-prosessi-koodi-uri"],
        "osaamisentodentamisenprosessi_0002"
    );
    assert_eq!(
        statement["ehoks"][0]["aiemmin-hankitun-osaamisen-arvioijat"][0]["organisaatio"]
            ["y-tunnus"],
        "0112038-9"
    );

    // qpdf finds the structure sound.
    let q = tool("qpdf", "qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(q.status.success(), "{}", text(&q));

    // poppler's pdfsig, trusting the CA through an NSS database.
    let sig = Pdfsig::trusting(Path::new(&ca)).says(&pdf);
    for want in [
        "Signature is Valid",
        "Certificate is Trusted",
        "Total document signed",
        "ETSI.CAdES.detached",
    ] {
        assert!(sig.contains(want), "pdfsig lacks {want}:\n{sig}");
    }

    // pyHanko, trusting only the organisation's CA.
    let v = Command::new(pyhanko())
        .args([
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            &ca,
            "--trust-replace",
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let said = text(&v);
    assert!(v.status.success(), "pyHanko: {said}");
    assert!(
        said.contains("The signer's certificate is trusted.")
            && said.contains("The signature covers the entire file.")
            && said.contains("judged VALID"),
        "pyHanko: {said}"
    );

    // Digital Bazaar's verifier accepts the credential (tests/credential/verify.mjs).
    let node = Command::new("node")
        .arg(repo().join("tests/credential/verify.mjs"))
        .arg(cli.path("credential.json"))
        .output()
        .expect("node");
    assert!(
        node.status.success(),
        "third-party credential check: {}",
        text(&node)
    );
}

#[test]
fn changed_untrusted_and_unreadable_files_are_refused() {
    let (cli, demo) = demo();
    let pdf = std::fs::read(s(&demo, "statement_pdf")).unwrap();
    let ca = s(&demo, "org_ca_pem");

    // One byte inside the signed range changed: the signed range no longer matches.
    let at = pdf.len() / 3;
    let mut changed = pdf.clone();
    changed[at] ^= 0x01;
    let tampered = cli.write("tampered.pdf", &changed);
    let r = verify(&cli, &tampered, &["--trust", &ca]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.json()["verdict"], "invalid");
    assert!(
        codes(&r.json()).contains(&"tampered".to_string()),
        "{}",
        r.stdout
    );
    let sig = text(&tool(
        "pdfsig",
        "poppler-utils",
        &[tampered.to_str().unwrap()],
    ));
    assert!(
        !sig.contains("Signature is Valid"),
        "pdfsig accepted a tampered file:\n{sig}"
    );

    // Bytes added after the signature.
    let mut appended = pdf.clone();
    appended.extend_from_slice(b"\n1 0 obj\n(changed later)\nendobj\n");
    let appended = cli.write("appended.pdf", &appended);
    let r = verify(&cli, &appended, &["--trust", &ca]);
    assert_eq!(r.code, 1);
    assert!(
        codes(&r.json()).contains(&"bytes-after-signature".to_string()),
        "{}",
        r.stdout
    );

    // Another organisation's CA is not this one: untrusted. (A fresh data dir trusts nobody.)
    let other = Cli::new();
    let original = cli.write("original.pdf", &pdf);
    let r = verify(&other, &original, &[]);
    assert_eq!(r.code, 1);
    assert!(
        codes(&r.json()).contains(&"untrusted".to_string()),
        "{}",
        r.stdout
    );

    // A college adds the organisation's CA to its own trusted list, then removes it.
    let trusted = other.ok_json(&["keys", "trust", &ca]);
    let fingerprint = s(&trusted[0], "sha256_fingerprint");
    assert_eq!(
        verify(&other, &original, &[]).code,
        0,
        "trusted after keys trust"
    );
    assert_eq!(
        other
            .ok_json(&["keys", "trust", &ca])
            .as_array()
            .unwrap()
            .len(),
        1,
        "trusting twice adds nothing"
    );
    other.ok_json(&["keys", "untrust", &fingerprint]);
    assert_eq!(
        verify(&other, &original, &[]).code,
        1,
        "untrusted again after keys untrust"
    );
    assert_eq!(
        other.run(&["keys", "untrust", &fingerprint, "--json"]).code,
        2
    );

    // The issuing data dir trusts its own CA without --trust.
    assert_eq!(verify(&cli, &original, &[]).code, 0);

    // Not a PDF at all: exit 2, naming the file.
    let junk = cli.write("junk.pdf", b"hello");
    let r = verify(&cli, &junk, &["--trust", &ca]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("junk.pdf"), "{}", r.stderr);
    let r = verify(&cli, &original, &["--trust", junk.to_str().unwrap()]);
    assert_eq!(
        r.code, 2,
        "a trust file that is not a certificate is bad input: {}",
        r.stderr
    );
}

#[test]
fn reissue_supersedes_revocation_is_signed_and_verify_reads_it() {
    let (cli, demo) = demo();
    let case = s(&demo, "case");
    let first = s(&demo, "statement");
    let ca = s(&demo, "org_ca_pem");
    let first_pdf = PathBuf::from(s(&demo, "statement_pdf"));
    let env = [("OSAAVA_PASSPHRASE", PASS)];

    // A reissue in Swedish: a new id that supersedes the first.
    let sv = cli.path("utlatande.pdf");
    let r = cli.run_env(
        &[
            "statement",
            "issue",
            &case,
            "--out",
            sv.to_str().unwrap(),
            "--lang",
            "sv",
            "--json",
        ],
        &env,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let second = r.json();
    let second_id = s(&second, "id");
    assert_ne!(second_id, first);
    assert_eq!(second["statement"]["supersedes"], first.as_str());
    let words = text(&tool(
        "pdftotext",
        "poppler-utils",
        &[sv.to_str().unwrap(), "-"],
    ));
    assert!(words.contains("Utlåtande om erkänt kunnande"), "{words}");
    assert!(words.contains("Åsa Mäkelä-Öhman"));

    let list = cli.ok_json(&["statement", "list", &case]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["superseded_by"], second_id.as_str());

    // The revocation list says the first is superseded.
    let revocations = cli.path("revocations.json");
    let r = cli.run_env(
        &[
            "statement",
            "revocations",
            "--out",
            revocations.to_str().unwrap(),
        ],
        &env,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rl = revocations.to_str().unwrap();
    let r = verify(&cli, &first_pdf, &["--trust", &ca, "--revocations", rl]);
    assert_eq!(r.code, 1);
    assert!(
        codes(&r.json()).contains(&"superseded".to_string()),
        "{}",
        r.stdout
    );
    assert_eq!(
        verify(&cli, &sv, &["--trust", &ca, "--revocations", rl]).code,
        0
    );

    // Revoke the second, with a reason; the new list carries it to the college.
    let r = cli.run(&["statement", "revoke", &second_id, "--json"]);
    assert_eq!(r.code, 2, "a revocation needs a reason: {}", r.stdout);
    let revoked = cli.ok_json(&[
        "statement",
        "revoke",
        &second_id,
        "--reason",
        "Väärä henkilö",
    ]);
    assert_eq!(revoked["revoked"]["reason"], "Väärä henkilö");
    let again = cli.run(&[
        "statement",
        "revoke",
        &second_id,
        "--reason",
        "uudestaan",
        "--json",
    ]);
    assert_eq!(again.code, 2, "revoking twice is refused");
    let r = cli.run_env(&["statement", "revocations", "--out", rl], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = verify(&cli, &sv, &["--trust", &ca, "--revocations", rl]);
    assert_eq!(r.code, 1);
    let report = r.json();
    assert!(
        codes(&report).contains(&"revoked".to_string()),
        "{}",
        r.stdout
    );
    assert!(report["problems"].to_string().contains("Väärä henkilö"));

    // A changed revocation list is not believed.
    let mut file: Value = serde_json::from_slice(&std::fs::read(&revocations).unwrap()).unwrap();
    let payload = file["payload"].as_str().unwrap().to_string();
    file["payload"] = Value::String(payload.replacen('A', "B", 1));
    cli.write("revocations.json", serde_json::to_vec(&file).unwrap());
    let r = verify(&cli, &sv, &["--trust", &ca, "--revocations", rl]);
    assert_ne!(
        r.code, 0,
        "a tampered revocation list must not make a statement valid"
    );
}

#[test]
fn wrong_passphrase_and_undecided_case_write_nothing() {
    let (cli, demo) = demo();
    let case = s(&demo, "case");
    let out = cli.path("nothing.pdf");
    let r = cli.run_env(
        &["statement", "issue", &case, "--out", out.to_str().unwrap()],
        &[("OSAAVA_PASSPHRASE", "not the passphrase")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("wrong passphrase"), "{}", r.stderr);
    assert!(!out.exists());
    assert_eq!(
        cli.ok_json(&["statement", "list", &case])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Without a passphrase and without a terminal: told how to give one.
    let r = cli.run(&["statement", "issue", &case, "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("OSAAVA_PASSPHRASE"), "{}", r.stderr);

    // An undecided case has no statement.
    let employee = cli.ok_json(&["people", "add", "--name", "Eero Salo", "--role", "employee"]);
    let open = cli.ok_json(&[
        "case",
        "open",
        "--employee",
        &s(&employee, "id"),
        "--badge",
        "osaava-first-aid",
    ]);
    let r = cli.run_env(
        &[
            "statement",
            "issue",
            &s(&open, "id"),
            "--out",
            out.to_str().unwrap(),
        ],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not decided"), "{}", r.stderr);
    assert!(!out.exists());

    // A demo with a too short passphrase is refused before it writes anything.
    let fresh = tempfile::tempdir().unwrap();
    let r = cli.run_env(
        &["demo", "--out", fresh.path().to_str().unwrap()],
        &[("OSAAVA_PASSPHRASE", "short")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!fresh.path().join("data").exists(), "nothing written");

    // A second demo into the same folder refuses to touch the data dir.
    let r = cli.run(&["demo", "--out", cli.dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
}

#[test]
fn an_organisation_with_an_outside_certificate_signs_with_it() {
    // An outside CA and a signer certificate in a PKCS#12 file, made by openssl.
    let cli = Cli::new();
    let d = cli.dir.path();
    let sh = |script: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", text(&out));
    };
    sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 365 \
        -subj '/C=FI/O=Testi-CA Oy/CN=Testi-CA' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
    sh("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout signer.key -out signer.csr \
        -subj '/C=FI/O=Hoivakoti Kielo Oy/organizationIdentifier=NTRFI-0112038-9/CN=Hoivakoti Kielo Oy'");
    sh("printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n' > ext.cnf && \
        openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 300 -extfile ext.cnf -out signer.pem");
    sh("openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile ca.pem -passout pass:p12-salasana -out signer.p12");

    cli.ok_json(&[
        "org",
        "set",
        "--name",
        "Hoivakoti Kielo Oy",
        "--business-id",
        "0112038-9",
    ]);
    let p12 = d.join("signer.p12");
    let r = cli.run_env(
        &["keys", "import-p12", p12.to_str().unwrap(), "--json"],
        &[
            ("OSAAVA_PASSPHRASE", PASS),
            ("OSAAVA_P12_PASSPHRASE", "väärä"),
        ],
    );
    assert_eq!(
        r.code, 2,
        "a wrong PKCS#12 passphrase is bad input: {}",
        r.stderr
    );
    assert!(r.stderr.contains("PKCS#12"), "{}", r.stderr);
    let r = cli.run_env(
        &["keys", "import-p12", p12.to_str().unwrap(), "--json"],
        &[
            ("OSAAVA_PASSPHRASE", PASS),
            ("OSAAVA_P12_PASSPHRASE", "p12-salasana"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["mode"], "imported");
    let r = cli.run_env(&["init", "--json"], &[("OSAAVA_PASSPHRASE", PASS)]);
    assert_eq!(r.code, 0, "init keeps the imported keys: {}", r.stderr);
    assert_eq!(r.json()["mode"], "imported");

    // A decided case, issued and verified against the outside CA.
    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Sari Öhman",
        "--role",
        "assessor",
        "--title",
        "sairaanhoitaja",
    ]);
    let case = decided_case(&cli, "Aino Mäkelä");
    let pdf = d.join("lausunto.pdf");
    let r = cli.run_env(
        &[
            "statement",
            "issue",
            &case,
            "--out",
            pdf.to_str().unwrap(),
            "--place",
            "Oulu",
            "--json",
        ],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = verify(&cli, &pdf, &["--trust", d.join("ca.pem").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["signer"]["organisation"], "Hoivakoti Kielo Oy");
    let exported = cli.path("exported-ca.pem");
    cli.ok_json(&["keys", "export-ca", "--out", exported.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(exported).unwrap().trim(),
        std::fs::read_to_string(d.join("ca.pem")).unwrap().trim()
    );
}

/// Opens a first-aid case for a new employee, rates every criterion "meets" and decides it.
fn decided_case(cli: &Cli, name: &str) -> String {
    let e = s(
        &cli.ok_json(&["people", "add", "--name", name, "--role", "employee"]),
        "id",
    );
    let a = s(
        &cli.ok_json(&["people", "list", "--role", "assessor"])[0],
        "id",
    );
    let case = s(
        &cli.ok_json(&[
            "case",
            "open",
            "--employee",
            &e,
            "--badge",
            "osaava-first-aid",
            "--assessor",
            &a,
        ]),
        "id",
    );
    let badge = cli.ok_json(&["badges", "show", "osaava-first-aid"]);
    let criteria = badge["badge"]["criteria"]
        .as_array()
        .or(badge["criteria"].as_array())
        .unwrap()
        .clone();
    for c in &criteria {
        let id = c["id"].as_str().unwrap();
        cli.ok_json(&[
            "evidence",
            "add",
            &case,
            "--kind",
            "interview-answer",
            "--criteria",
            id,
            "--verified",
        ]);
        cli.ok_json(&[
            "rate",
            &case,
            "--criterion",
            id,
            "--rating",
            "meets",
            "--rationale",
            "Haastattelu",
        ]);
    }
    cli.ok_json(&[
        "decide",
        &case,
        "--decision",
        "recognise",
        "--justification",
        "Näyttö riittää.",
    ]);
    case
}

#[test]
fn all_decided_cases_are_issued_in_one_batch() {
    let (cli, demo) = demo();
    let cases = [
        decided_case(&cli, "Eero Salo"),
        decided_case(&cli, "Liisa Ström"),
    ];
    let dir = cli.path("batch");
    let r = cli.run_env(
        &[
            "statement",
            "issue",
            "--all-decided",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("2/2"), "progress is shown: {}", r.stderr);
    let issued = r.json()["issued"].as_array().unwrap().clone();
    let issued_cases: Vec<&str> = issued.iter().map(|i| i["case"].as_str().unwrap()).collect();
    assert_eq!(
        issued_cases,
        cases.iter().map(String::as_str).collect::<Vec<_>>(),
        "only the cases without a statement"
    );
    for i in &issued {
        let file = PathBuf::from(i["file"].as_str().unwrap());
        assert!(file.starts_with(&dir));
        assert_eq!(
            verify(&cli, &file, &["--trust", &s(&demo, "org_ca_pem")]).code,
            0
        );
    }
    // Run again: nothing left to issue.
    let r = cli.run_env(
        &[
            "statement",
            "issue",
            "--all-decided",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.json()["issued"].as_array().unwrap().is_empty());
}
