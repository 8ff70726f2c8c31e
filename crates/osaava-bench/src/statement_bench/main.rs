//! `osaava-statement-bench` (issue #4 §7, run by `npm run bench`): on a fresh data dir with keys
//! and decided cases of a 10-criteria badge, the median and p90 time to issue one signed
//! statement and to verify one, in process with the keys unlocked once; the wall time of 1,000
//! statements through the real CLI (`osaava statement issue --all-decided --out DIR`, every
//! core); pyHanko signing the same unsigned PDF and validating the same signed PDF in the same
//! run; and each stage on its own, so a missed target shows where the time goes.
//!
//! ```text
//! osaava-statement-bench [--cases N] [--samples N] [--peer-runs N] [--osaava PATH] [--json FILE] [--keep]
//! ```

mod pyhanko;
mod setup;

use osaava_api::dto::Verdict;
use osaava_api::{App, SystemClock, Verifier};
use osaava_bench::cache;
use osaava_bench::measure::percentile;
use osaava_core::Lang;
use osaava_statement::credential::{build_credential, did_key, sign_credential, verify_credential};
use osaava_statement::keys::{certificates_from_pem, decrypt_key_pem, PrivateKey, SigningIdentity};
use osaava_statement::model::Statement;
use osaava_statement::pades::{sign_pdf, verify_pdf, SignatureInfo};
use osaava_statement::pdf::{
    embedded_files, read_qr_payload, render_statement_pdf, AfRelationship, Attachment,
    CREDENTIAL_JSON, STATEMENT_JSON,
};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Targets from issue #4 §7.
const ISSUE_TARGET_MS: f64 = 15.0;
const VERIFY_TARGET_MS: f64 = 5.0;
const PEER_TARGET_RATIO: f64 = 10.0;
/// Statements issued (and verified) before any is timed: the first issue makes the assessor's
/// certificate and key, and caches warm.
const WARM_UP: usize = 5;

struct Args {
    cases: usize,
    samples: usize,
    peer_runs: usize,
    osaava: PathBuf,
    json: PathBuf,
    keep: bool,
}

fn usage() -> ! {
    eprintln!(
        "usage: osaava-statement-bench [--cases N] [--samples N] [--peer-runs N] [--osaava PATH] [--json FILE] [--keep]\n\
         Times issuing and verifying a signed statement (10 criteria) in process, N statements through\n\
         `osaava statement issue --all-decided` (default 1000), and pyHanko on the same files."
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let target = cache::target_dir();
    let mut a = Args {
        cases: 1000,
        samples: 100,
        peer_runs: 7,
        osaava: target.join("release/osaava"),
        json: target.join("bench-statements.json"),
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next().unwrap_or_else(|| {
                eprintln!("osaava-statement-bench: {name} needs a value");
                usage()
            })
        };
        let number =
            |v: String| -> usize { v.parse().ok().filter(|n| *n > 0).unwrap_or_else(|| usage()) };
        match arg.as_str() {
            "--cases" => a.cases = number(value("--cases")),
            "--samples" => a.samples = number(value("--samples")),
            "--peer-runs" => a.peer_runs = number(value("--peer-runs")),
            "--osaava" => a.osaava = PathBuf::from(value("--osaava")),
            "--json" => a.json = PathBuf::from(value("--json")),
            "--keep" => a.keep = true,
            "-h" | "--help" => usage(),
            other => {
                eprintln!("osaava-statement-bench: unknown argument {other:?}");
                usage()
            }
        }
    }
    a
}

fn main() {
    let args = parse_args();
    if let Err(e) = run(&args) {
        eprintln!("osaava-statement-bench: {e}");
        std::process::exit(1);
    }
}

/// Median and p90 of a set of timings, in milliseconds.
#[derive(Clone, Copy)]
struct Stat {
    n: usize,
    median: f64,
    p90: f64,
}

fn stat(times: &[Duration]) -> Stat {
    let mut t = times.to_vec();
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Stat {
        n: t.len(),
        median: ms(percentile(&t, 50.0)),
        p90: ms(percentile(&t, 90.0)),
    }
}

fn stat_json(s: Stat) -> serde_json::Value {
    json!({ "samples": s.n, "median_ms": s.median, "p90_ms": s.p90 })
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let r = f();
    (t.elapsed(), r)
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The 1-minute load average: other work on the machine shares the cores the batch uses.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// CPU seconds (user + system) used by this process (`children` false) or by its finished
/// children (`children` true), from /proc/self/stat (Linux, 100 ticks a second).
fn cpu_seconds(children: bool) -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    // After the command name: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
    let ticks = |field: usize| fields.get(field - 3)?.parse::<f64>().ok();
    let (user, system) = if children { (16, 17) } else { (14, 15) };
    Some((ticks(user)? + ticks(system)?) / 100.0)
}

/// The first revision of a signed file: what was signed, up to its first `%%EOF` and end of line.
fn first_revision(pdf: &[u8]) -> &[u8] {
    let eof = pdf
        .windows(5)
        .position(|w| w == b"%%EOF")
        .map(|i| i + 5)
        .unwrap_or(pdf.len());
    let end = eof
        + pdf[eof..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
    &pdf[..end]
}

fn run(args: &Args) -> Result<(), String> {
    if !args.osaava.exists() {
        return Err(format!(
            "{} is missing: cargo build --release -p osaava-cli",
            args.osaava.display()
        ));
    }
    let work = cache::target_dir().join("bench-statements-work");
    let _ = std::fs::remove_dir_all(&work);
    let data = work.join("data");
    let peer_dir = work.join("pyhanko");
    std::fs::create_dir_all(&peer_dir).map_err(err)?;

    // 1. The data dir: WARM_UP + samples cases for the in-process figures, `cases` for the batch.
    let total_cases = WARM_UP + args.samples + args.cases;
    eprintln!(
        "bench: statements: preparing {} with keys and {total_cases} decided cases (10 criteria each), through osaava-api",
        data.display()
    );
    let app = App::open(&data, Arc::new(SystemClock), "osaava-bench").map_err(err)?;
    let prepared = setup::prepare(app, &work, total_cases).map_err(err)?;
    let app = prepared.app;
    eprintln!(
        "bench: statements: data dir ready in {:.1} s",
        prepared.seconds
    );

    // 2. Issue in process, keys unlocked once.
    let (unlock, keys) = timed(|| app.unlock_keys(setup::PASSPHRASE));
    let keys = keys.map_err(err)?;
    let (in_process_cases, _batch_cases) = prepared.cases.split_at(WARM_UP + args.samples);
    let mut issue_times = Vec::new();
    let mut issued = Vec::new();
    let mut issue_cpu_before = None;
    for (i, case) in in_process_cases.iter().enumerate() {
        if i == WARM_UP {
            issue_cpu_before = cpu_seconds(false);
        }
        let (took, view) =
            timed(|| app.issue_statement_with(&keys, case, None, Some(setup::PLACE)));
        let view = view.map_err(err)?;
        if i >= WARM_UP {
            issue_times.push(took);
        }
        issued.push(view.id);
    }
    let issue = stat(&issue_times);
    let issue_cpu_ms = cpu_seconds(false)
        .zip(issue_cpu_before)
        .map(|(after, before)| (after - before) * 1000.0 / issue_times.len() as f64);

    // 3. Verify in process: each statement's PDF, against the exported CA.
    let ca_pem = app.export_ca().map_err(err)?;
    let ca_file = peer_dir.join("org-ca.pem");
    std::fs::write(&ca_file, &ca_pem).map_err(err)?;
    let now = chrono::Utc::now();
    let verifier = Verifier::new(
        &[("org-ca.pem".to_string(), ca_pem.clone().into_bytes())],
        Vec::new(),
        None,
        now,
        Lang::Fi,
    )
    .map_err(err)?;
    let pdfs: Vec<Vec<u8>> = issued
        .iter()
        .map(|id| app.statement_pdf(id))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let mut verify_times = Vec::new();
    for (i, pdf) in pdfs.iter().enumerate() {
        let (took, report) = timed(|| verifier.verify("statement.pdf", pdf));
        if report.verdict != Verdict::Valid {
            return Err(format!(
                "statement {} does not verify: {:?}",
                issued[i],
                report
                    .problems
                    .iter()
                    .map(|p| &p.detail)
                    .collect::<Vec<_>>()
            ));
        }
        if i >= WARM_UP {
            verify_times.push(took);
        }
    }
    let verify = stat(&verify_times);

    // 4. Each stage on its own, on the same statements.
    let identity = {
        let dir = data.join("keys/assessors");
        let key = std::fs::read_dir(&dir)
            .map_err(err)?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".key.pem"))
            .ok_or("no assessor key")?;
        let chain = PathBuf::from(key.to_string_lossy().replace(".key.pem", ".pem"));
        let key = decrypt_key_pem(
            &std::fs::read_to_string(key).map_err(err)?,
            setup::PASSPHRASE,
        )
        .map_err(err)?;
        let chain = certificates_from_pem(&std::fs::read(chain).map_err(err)?).map_err(err)?;
        SigningIdentity::new(key, chain).map_err(err)?
    };
    let credential_key = match decrypt_key_pem(
        &std::fs::read_to_string(data.join("keys/credential.key.pem")).map_err(err)?,
        setup::PASSPHRASE,
    )
    .map_err(err)?
    {
        PrivateKey::Ed25519(k) => k,
        _ => return Err("the credential key is not Ed25519".into()),
    };
    let did = did_key(&credential_key.verifying_key());
    let mut stages: Vec<(&str, &str, Vec<Duration>)> = vec![
        (
            "issue: render",
            "lay out, subset fonts, draw the QR code, PDF/A-3b file with both attachments",
            vec![],
        ),
        (
            "issue: credential",
            "build the OB 3.0 credential, eddsa-rdfc-2022 proof (JSON-LD to RDF, RDFC-1.0, Ed25519)",
            vec![],
        ),
        (
            "issue: sign",
            "PAdES B-B incremental update: parse, CMS, ECDSA P-256",
            vec![],
        ),
        (
            "verify: signature",
            "verify_pdf: byte ranges, CMS, ECDSA, chain to the CA",
            vec![],
        ),
        (
            "verify: attachments",
            "read statement.json and credential.json from the PDF",
            vec![],
        ),
        (
            "verify: QR code",
            "read the QR code back from page 1's vector drawing",
            vec![],
        ),
        (
            "verify: credential",
            "check the credential's eddsa-rdfc-2022 proof",
            vec![],
        ),
    ];
    let mut rendered_matches = true;
    let mut sample_unsigned = Vec::new();
    for (i, id) in issued.iter().enumerate() {
        let (statement_json, credential_json) = app.statement_documents(id).map_err(err)?;
        let statement: Statement = serde_json::from_str(&statement_json).map_err(err)?;
        let attachments = vec![
            Attachment::json(
                STATEMENT_JSON,
                "The statement, machine-readable (osaava-statement/1)",
                AfRelationship::Data,
                statement_json.clone().into_bytes(),
            ),
            Attachment::json(
                CREDENTIAL_JSON,
                "Open Badges 3.0 credential (OpenBadgeCredential, eddsa-rdfc-2022)",
                AfRelationship::Supplement,
                credential_json.clone().into_bytes(),
            ),
        ];
        let (t_render, unsigned) = timed(|| render_statement_pdf(&statement, &attachments));
        let unsigned = unsigned.map_err(err)?;
        // The signer appends its update to these very bytes (after an end of line if missing).
        rendered_matches &= pdfs[i].starts_with(&unsigned);
        if i == WARM_UP {
            sample_unsigned = unsigned.clone();
        }
        let (t_credential, credential) = timed(|| {
            build_credential(&statement, &did)
                .and_then(|c| sign_credential(c, &credential_key, statement.issued_at))
        });
        credential.map_err(err)?;
        let info = SignatureInfo {
            name: Some(statement.assessor.name.clone()),
            reason: Some("Lausunto tunnustetusta osaamisesta".into()),
            location: Some(statement.place.clone()),
            signing_time: now,
        };
        let (t_sign, signed) = timed(|| sign_pdf(&unsigned, &identity, &info));
        signed.map_err(err)?;
        let roots = certificates_from_pem(ca_pem.as_bytes()).map_err(err)?;
        let pdf = &pdfs[i];
        let (t_sig, report) = timed(|| verify_pdf(pdf, &roots, now));
        if !report.map_err(err)?.is_valid() {
            return Err(format!("verify_pdf refused statement {id}"));
        }
        let (t_files, files) = timed(|| embedded_files(pdf));
        let files = files.map_err(err)?;
        let (t_qr, qr) = timed(|| read_qr_payload(pdf));
        qr.map_err(err)?.ok_or("no QR code")?;
        let credential_bytes = &files
            .iter()
            .find(|(n, _)| n == CREDENTIAL_JSON)
            .ok_or("no credential")?
            .1;
        let value: serde_json::Value = serde_json::from_slice(credential_bytes).map_err(err)?;
        let (t_cred, checked) = timed(|| verify_credential(&value));
        checked.map_err(err)?;
        if i >= WARM_UP {
            for (slot, t) in [t_render, t_credential, t_sign, t_sig, t_files, t_qr, t_cred]
                .into_iter()
                .enumerate()
            {
                stages[slot].2.push(t);
            }
        }
    }

    // 5. The peer on the same files: our first statement's unsigned revision and signed file.
    let sample = &pdfs[WARM_UP];
    let unsigned_file = peer_dir.join("unsigned.pdf");
    let signed_file = peer_dir.join("signed.pdf");
    let unsigned_bytes = if rendered_matches {
        sample_unsigned
    } else {
        first_revision(sample).to_vec()
    };
    std::fs::write(&unsigned_file, unsigned_bytes).map_err(err)?;
    std::fs::write(&signed_file, sample).map_err(err)?;
    let (key, cert, chain) = pyhanko::identity_files(&data, setup::PASSPHRASE, &peer_dir)?;
    let files = pyhanko::PeerFiles {
        key,
        cert,
        chain,
        ca: ca_file.clone(),
        unsigned: unsigned_file,
        signed: signed_file,
    };
    eprintln!(
        "bench: statements: pyHanko, {} runs of each command and {} in one process",
        args.peer_runs, args.samples
    );
    let (peer_sign_cli, peer_signed) = pyhanko::cli_sign(&files, &peer_dir, args.peer_runs)?;
    let peer_validate_cli = pyhanko::cli_validate(&files, args.peer_runs)?;
    let peer_lib = pyhanko::in_process(&files, args.samples)?;
    // Our verifier on pyHanko's signature over the same PDF: the signature is the assessor's.
    let peer_signed_bytes = std::fs::read(&peer_signed).map_err(err)?;
    let ours_on_peer = verifier.verify("pyhanko-signed.pdf", &peer_signed_bytes);
    let ours_accepts_peer = ours_on_peer.verdict == Verdict::Valid;

    // 6. The batch through the real CLI, every core; our App is closed first.
    drop(keys);
    drop(app);
    let batch_dir = work.join("batch");
    eprintln!(
        "bench: statements: {} statement issue --all-decided --out {} ({} cases)",
        args.osaava.display(),
        batch_dir.display(),
        args.cases
    );
    let load_before = load_average();
    let cpu_before = cpu_seconds(true);
    let t = Instant::now();
    let out = Command::new(&args.osaava)
        .arg("--data-dir")
        .arg(&data)
        .args(["statement", "issue", "--all-decided", "--out"])
        .arg(&batch_dir)
        .arg("--json")
        .env("OSAAVA_PASSPHRASE", setup::PASSPHRASE)
        .stderr(Stdio::inherit())
        .output()
        .map_err(err)?;
    let batch_wall = t.elapsed();
    let batch_cpu = cpu_seconds(true)
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let load_after = load_average();
    if !out.status.success() {
        return Err(format!(
            "the batch failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let batch: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(err)?;
    let batch_files: Vec<PathBuf> = batch["issued"]
        .as_array()
        .ok_or("the batch printed no issued list")?
        .iter()
        .filter_map(|i| i["file"].as_str().map(PathBuf::from))
        .collect();
    if batch_files.len() != args.cases {
        return Err(format!(
            "the batch issued {} statements, not {}",
            batch_files.len(),
            args.cases
        ));
    }
    // Every statement of the batch verifies (one core, sequentially).
    let (batch_verify_wall, invalid) = timed(|| {
        batch_files
            .iter()
            .filter(|f| {
                let bytes = std::fs::read(f).unwrap_or_default();
                verifier.verify(&f.display().to_string(), &bytes).verdict != Verdict::Valid
            })
            .count()
    });
    if invalid > 0 {
        return Err(format!("{invalid} statements of the batch do not verify"));
    }
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);

    // 7. The report.
    let peer_sign = stat(&peer_sign_cli);
    let peer_validate = stat(&peer_validate_cli);
    let lib_sign = stat(&peer_lib.sign);
    let lib_validate = stat(&peer_lib.validate);
    let stage_stats: Vec<(&str, &str, Stat)> =
        stages.iter().map(|(n, w, t)| (*n, *w, stat(t))).collect();
    let our_sign = stage_stats[2].2;
    let our_signature_check = stage_stats[3].2;
    let per_s = args.cases as f64 / batch_wall.as_secs_f64();

    println!();
    println!(
        "statement benchmark: {} criteria, {} samples in process (after {WARM_UP} warm-up), {} pyHanko runs, batch of {}",
        prepared.criteria, issue.n, args.peer_runs, args.cases
    );
    println!(
        "{:<44} {:>10} {:>10}   {:<10}",
        "", "median ms", "p90 ms", "target"
    );
    println!("{}", "-".repeat(80));
    let line = |name: &str, s: Stat, target: Option<f64>| {
        let t = target
            .map(|t| format!("≤ {t} ms: {}", if s.median <= t { "yes" } else { "NO" }))
            .unwrap_or_default();
        println!("{name:<44} {:>10.2} {:>10.2}   {t}", s.median, s.p90);
    };
    line(
        "issue one statement (Osaava, in process)",
        issue,
        Some(ISSUE_TARGET_MS),
    );
    line(
        "verify one statement (Osaava, in process)",
        verify,
        Some(VERIFY_TARGET_MS),
    );
    line("pyhanko sign addsig (command)", peer_sign, None);
    line("pyhanko sign validate (command)", peer_validate, None);
    line("pyHanko sign_pdf (library, in process)", lib_sign, None);
    line(
        "pyHanko validate_pdf_signature (library)",
        lib_validate,
        None,
    );
    println!();
    println!("stages (each timed alone on the same statements):");
    for (name, what, s) in &stage_stats {
        println!("  {name:<22} {:>8.2} {:>8.2}   {what}", s.median, s.p90);
    }
    println!(
        "  issue: the rest ≈ {:.2} ms (issue median − the three stages' medians): reading the case, composing, vault file and SQLite commit, both synced",
        issue.median - stage_stats[..3].iter().map(|s| s.2.median).sum::<f64>()
    );
    println!();
    let ratio = |peer: f64, ours: f64| peer / ours;
    let r_issue = ratio(peer_sign.median, issue.median);
    let r_verify = ratio(peer_validate.median, verify.median);
    let yes = |r: f64| {
        if r >= PEER_TARGET_RATIO {
            "yes"
        } else {
            "NO"
        }
    };
    println!("ratios of medians (pyHanko ÷ Osaava; target ≥ {PEER_TARGET_RATIO}×):");
    println!(
        "  issue vs pyhanko sign addsig      {r_issue:>8.1}×  {}",
        yes(r_issue)
    );
    println!(
        "  verify vs pyhanko sign validate   {r_verify:>8.1}×  {}",
        yes(r_verify)
    );
    println!(
        "  in process, signing only: pyHanko sign_pdf ÷ our sign stage          {:>6.1}×; ÷ our whole issue {:>6.1}×",
        ratio(lib_sign.median, our_sign.median),
        ratio(lib_sign.median, issue.median)
    );
    println!(
        "  in process, signature only: pyHanko validate ÷ our signature stage   {:>6.1}×; ÷ our whole verify {:>6.1}×",
        ratio(lib_validate.median, our_signature_check.median),
        ratio(lib_validate.median, verify.median)
    );
    println!();
    println!(
        "batch: {} statements through `osaava statement issue --all-decided --out DIR` in {:.2} s wall ({per_s:.0} statements/s, {workers} cores; includes process start, unlocking the keys once and writing every PDF)",
        args.cases,
        batch_wall.as_secs_f64()
    );
    if let Some(cpu) = batch_cpu {
        println!(
            "batch: {cpu:.2} s of CPU (user + system, {:.2} ms per statement; in process {} ms); load average {} before, {} after (other work shares the cores)",
            cpu * 1000.0 / args.cases as f64,
            issue_cpu_ms.map_or("?".into(), |c| format!("{c:.2}")),
            load_before.map_or("?".into(), |l| format!("{l:.2}")),
            load_after.map_or("?".into(), |l| format!("{l:.2}"))
        );
    }
    println!(
        "batch: all {} verified in {:.2} s on one core; the same PDF signed by pyHanko {} by osaava verify",
        args.cases,
        batch_verify_wall.as_secs_f64(),
        if ours_accepts_peer {
            "is accepted"
        } else {
            "is NOT accepted"
        }
    );
    println!(
        "what each includes: Osaava issue = read the case, compose, render the PDF/A, build and sign the credential, PAdES-sign, store (vault + SQLite, synced); \
         Osaava verify = parse, byte ranges, CMS and chain, both attachments, the QR code, the credential proof, the signer against the statement; \
         pyhanko commands = a Python process each (start, imports {:.0} ms, load key or trust, parse, sign or validate, write); \
         pyHanko library = sign_pdf into memory with the key loaded once / validate_pdf_signature with a new validation context",
        peer_lib.imports_ms
    );
    println!(
        "unlocking the keys once took {:.0} ms (PBKDF2, on purpose slow); not in the per-statement figures",
        unlock.as_secs_f64() * 1000.0
    );
    if !rendered_matches {
        println!("note: re-rendering a stored statement did not give its signed file's first revision byte for byte");
    }

    let result = json!({
        "command": "npm run bench, or cargo run --release -p osaava-bench --bin osaava-statement-bench",
        "criteria": prepared.criteria,
        "cores": workers,
        "warm_up": WARM_UP,
        "setup_seconds": prepared.seconds,
        "unlock_keys_ms": unlock.as_secs_f64() * 1000.0,
        "issue": { "target_ms": ISSUE_TARGET_MS, "meets_target": issue.median <= ISSUE_TARGET_MS, "osaava": stat_json(issue), "cpu_ms_per_statement": issue_cpu_ms },
        "verify": { "target_ms": VERIFY_TARGET_MS, "meets_target": verify.median <= VERIFY_TARGET_MS, "osaava": stat_json(verify) },
        "stages": stage_stats.iter().map(|(n, w, s)| json!({ "stage": n, "what": w, "median_ms": s.median, "p90_ms": s.p90 })).collect::<Vec<_>>(),
        "pyhanko": {
            "version": "pyhanko 0.38.0, pyhanko-cli 0.6.0 (scripts/setup-python.sh)",
            "sign_command": stat_json(peer_sign),
            "validate_command": stat_json(peer_validate),
            "sign_library": stat_json(lib_sign),
            "validate_library": stat_json(lib_validate),
            "imports_ms": peer_lib.imports_ms,
            "osaava_verify_accepts_pyhanko_signature": ours_accepts_peer,
        },
        "ratios": {
            "target": PEER_TARGET_RATIO,
            "issue_vs_pyhanko_sign_command": r_issue,
            "verify_vs_pyhanko_validate_command": r_verify,
            "sign_stage_vs_pyhanko_sign_library": ratio(lib_sign.median, our_sign.median),
            "issue_vs_pyhanko_sign_library": ratio(lib_sign.median, issue.median),
            "signature_stage_vs_pyhanko_validate_library": ratio(lib_validate.median, our_signature_check.median),
            "verify_vs_pyhanko_validate_library": ratio(lib_validate.median, verify.median),
        },
        "batch": {
            "statements": args.cases,
            "wall_seconds": batch_wall.as_secs_f64(),
            "statements_per_second": per_s,
            "cpu_seconds": batch_cpu,
            "load_average_before": load_before,
            "load_average_after": load_after,
            "verified_all_seconds_one_core": batch_verify_wall.as_secs_f64(),
        },
        "rendering_is_deterministic": rendered_matches,
    });
    if let Some(parent) = args.json.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(
        &args.json,
        serde_json::to_string_pretty(&result).map_err(err)? + "\n",
    )
    .map_err(|e| format!("cannot write {}: {e}", args.json.display()))?;
    println!("bench: statement figures in {}", args.json.display());
    if !args.keep {
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(())
}
