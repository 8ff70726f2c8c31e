//! Keys, statements and verification on the command line.

use crate::cli::write_atomically;
use crate::output::Out;
use crate::output::{print_json, table};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use osaava_api::dto::*;
use osaava_api::{ApiError, App, Verifier};
use osaava_core::Lang;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub(crate) fn pick(
    lang: Lang,
    fi: &'static str,
    sv: &'static str,
    en: &'static str,
) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// The keys' passphrase: `OSAAVA_PASSPHRASE`, else asked on the terminal (twice for a new one).
pub(crate) fn passphrase(lang: Lang, new: bool) -> Result<String, ApiError> {
    if let Some(p) = std::env::var("OSAAVA_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::bad_input(
            "the keys need a passphrase: set OSAAVA_PASSPHRASE, or run in a terminal to be asked",
        ));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| ApiError::bad_input(format!("passphrase: {e}")))
    };
    let first = ask(pick(
        lang,
        "Avainten tunnuslause: ",
        "Nycklarnas lösenfras: ",
        "Passphrase for the keys: ",
    ))?;
    if new {
        let again = ask(pick(lang, "Sama uudelleen: ", "Samma igen: ", "Again: "))?;
        if again != first {
            return Err(ApiError::bad_input(
                "the two passphrases differ; nothing was created",
            ));
        }
    }
    Ok(first)
}

#[derive(ClapArgs)]
pub struct Init {
    /// Set the organisation first (with --business-id)
    #[arg(long, requires = "business_id")]
    org_name: Option<String>,
    #[arg(long, value_name = "1234567-8", requires = "org_name")]
    business_id: Option<String>,
}

#[derive(Subcommand)]
pub enum KeysCmd {
    /// Show the keys and certificates of this data dir
    Show,
    /// Write the root certificate that colleges trust
    ExportCa {
        #[arg(long, value_name = "FILE.pem")]
        out: PathBuf,
    },
    /// Sign with a certificate from an outside CA instead of an own CA (PKCS#12, .p12/.pfx);
    /// its passphrase comes from OSAAVA_P12_PASSPHRASE or the prompt
    ImportP12 { file: PathBuf },
    /// Trust another organisation's root certificate when verifying (a college)
    Trust { file: PathBuf },
    /// Stop trusting a certificate, by its SHA-256 fingerprint
    Untrust { fingerprint: String },
    /// The certificates trusted besides this organisation's own
    Trusted,
    /// Keep an organisation's signed revocation list (checked first); `verify` then uses it
    ImportRevocations { file: PathBuf },
    /// The revocation lists kept, one per organisation
    RevocationLists,
    /// Forget the revocation list kept for an organisation, by its business ID
    RemoveRevocations {
        #[arg(value_name = "1234567-8")]
        business_id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    Fi,
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fi => Lang::Fi,
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand)]
pub enum StatementCmd {
    /// Issue the signed PDF statement of a decided case (again: a new statement supersedes the old)
    Issue {
        #[arg(
            required_unless_present = "all_decided",
            conflicts_with = "all_decided"
        )]
        case: Option<String>,
        /// FILE.pdf, or with --all-decided a directory
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Every decided case that has no statement yet, on every core
        #[arg(long)]
        all_decided: bool,
        /// Language of the statement (default: the case's)
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// The town printed beside the date (default: the last one used)
        #[arg(long)]
        place: Option<String>,
    },
    /// The statements of a case
    List { case: String },
    /// One statement; --out writes its PDF again
    Show {
        id: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// Revoke a statement
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Write the signed list of revoked and superseded statements, for colleges
    Revocations {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(ClapArgs)]
pub struct Verify {
    #[arg(required = true, value_name = "FILE.pdf")]
    files: Vec<PathBuf>,
    /// A trusted organisation's root certificate (PEM); repeatable
    #[arg(long, value_name = "CA.pem")]
    trust: Vec<PathBuf>,
    /// The issuing organisation's revocation list
    #[arg(long, value_name = "FILE")]
    revocations: Option<PathBuf>,
}

fn read(path: &Path) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| {
        ApiError::bad_input(format!("cannot read: {e}")).in_file(path.display().to_string())
    })
}

pub(crate) fn init(app: &App, out: &Out, a: Init) -> Result<(), ApiError> {
    if let (Some(name), Some(business_id)) = (a.org_name, a.business_id) {
        app.set_organisation(&SetOrganisationRequest { name, business_id })?;
    }
    let info = app.init_keys(&passphrase(out.lang, true)?)?;
    keys_info(out, &info)
}

pub(crate) fn keys(app: &App, out: &Out, cmd: KeysCmd) -> Result<(), ApiError> {
    match cmd {
        KeysCmd::Show => keys_info(out, &app.keys_info()?),
        KeysCmd::ExportCa { out: file } => {
            write_atomically(&file, app.export_ca()?.as_bytes())?;
            out.written(&file)
        }
        KeysCmd::ImportP12 { file } => {
            let bytes = read(&file)?;
            let file_pass = match std::env::var("OSAAVA_P12_PASSPHRASE") {
                Ok(p) => p,
                Err(_) if std::io::stdin().is_terminal() => rpassword::prompt_password(pick(
                    out.lang,
                    "PKCS#12-tiedoston tunnuslause: ",
                    "PKCS#12-filens lösenfras: ",
                    "PKCS#12 file passphrase: ",
                ))
                .map_err(|e| ApiError::bad_input(format!("passphrase: {e}")))?,
                Err(_) => {
                    return Err(ApiError::bad_input(
                        "set OSAAVA_P12_PASSPHRASE for the PKCS#12 file, or run in a terminal",
                    ))
                }
            };
            let info = app.import_pkcs12(&bytes, &file_pass, &passphrase(out.lang, true)?)?;
            keys_info(out, &info)
        }
        KeysCmd::Trust { file } => trusted(
            out,
            &app.trust_root(&file.display().to_string(), &read(&file)?)?,
        ),
        KeysCmd::Untrust { fingerprint } => trusted(out, &app.untrust_root(&fingerprint)?),
        KeysCmd::Trusted => trusted(out, &app.trusted_certificates()?),
        KeysCmd::ImportRevocations { file } => {
            let imported =
                app.import_revocation_list(&file.display().to_string(), &read(&file)?)?;
            if out.json {
                return print_json(&imported);
            }
            revocation_lists(out, &imported.lists)
        }
        KeysCmd::RevocationLists => revocation_lists(out, &app.revocation_lists()?),
        KeysCmd::RemoveRevocations { business_id } => {
            revocation_lists(out, &app.remove_revocation_list(&business_id)?)
        }
    }
}

fn revocation_lists(out: &Out, lists: &[RevocationListView]) -> Result<(), ApiError> {
    if out.json {
        return print_json(&lists);
    }
    let l = out.lang;
    let rows: Vec<Vec<String>> = lists
        .iter()
        .map(|r| {
            vec![
                format!("{} ({})", r.organisation, r.business_id),
                r.issued_at.get(..10).unwrap_or(&r.issued_at).to_string(),
                r.age_days.to_string(),
                r.revoked.to_string(),
                r.superseded.to_string(),
            ]
        })
        .collect();
    table(
        &[
            pick(l, "Organisaatio", "Organisation", "Organisation"),
            pick(l, "Päivätty", "Daterad", "Dated"),
            pick(l, "Ikä (pv)", "Ålder (d)", "Age (days)"),
            pick(l, "Peruutettu", "Återkallade", "Revoked"),
            pick(l, "Korvattu", "Ersatta", "Superseded"),
        ],
        &rows,
    );
    Ok(())
}

fn trusted(out: &Out, list: &[CertificateView]) -> Result<(), ApiError> {
    if out.json {
        return print_json(&list);
    }
    let l = out.lang;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.subject.clone(),
                c.not_after[..10].to_string(),
                c.sha256_fingerprint.clone(),
            ]
        })
        .collect();
    table(
        &[
            pick(l, "Varmenne", "Certifikat", "Certificate"),
            pick(l, "Voimassa", "Giltigt till", "Valid until"),
            "SHA-256",
        ],
        &rows,
    );
    Ok(())
}

fn keys_info(out: &Out, info: &KeysInfo) -> Result<(), ApiError> {
    if out.json {
        return print_json(info);
    }
    let l = out.lang;
    let mode = match info.mode {
        KeysMode::None => pick(
            l,
            "ei avaimia (osaava init)",
            "inga nycklar (osaava init)",
            "no keys (osaava init)",
        ),
        KeysMode::OwnCa => pick(
            l,
            "oma varmenneyksikkö",
            "egen certifikatutfärdare",
            "own certificate authority",
        ),
        KeysMode::Imported => pick(
            l,
            "tuotu varmenne (PKCS#12)",
            "importerat certifikat (PKCS#12)",
            "imported certificate (PKCS#12)",
        ),
    };
    println!(
        "{}: {mode}",
        pick(l, "Allekirjoitus", "Underskrift", "Signing")
    );
    if let Some(root) = &info.root {
        println!(
            "{}: {}",
            pick(l, "Juurivarmenne", "Rotcertifikat", "Root certificate"),
            root.subject
        );
        println!("  SHA-256: {}", root.sha256_fingerprint);
        println!(
            "  {} {} – {}",
            pick(l, "voimassa", "giltigt", "valid"),
            &root.not_before[..10],
            &root.not_after[..10]
        );
    }
    if let Some(did) = &info.credential_issuer {
        println!(
            "{}: {did}",
            pick(
                l,
                "Open Badges -myöntäjä",
                "Open Badges-utfärdare",
                "Open Badges issuer"
            )
        );
    }
    for a in &info.assessors {
        println!(
            "  {} ({} {})",
            a.certificate.subject,
            pick(l, "voimassa", "giltigt till", "valid until"),
            &a.certificate.not_after[..10]
        );
    }
    Ok(())
}

pub(crate) fn statement(app: &App, out: &Out, cmd: StatementCmd) -> Result<(), ApiError> {
    match cmd {
        StatementCmd::Issue {
            case: None,
            out: dir,
            place,
            ..
        } => issue_all(app, out, &dir, place.as_deref()),
        StatementCmd::Issue {
            case: Some(case),
            out: file,
            lang,
            place,
            ..
        } => {
            let req = IssueStatementRequest {
                case,
                language: lang.map(Lang::from),
                place,
                passphrase: passphrase(out.lang, false)?,
            };
            let issued = app.issue_statement(&req)?;
            write_atomically(&file, &app.statement_pdf(&issued.id)?)?;
            if out.json {
                return print_json(
                    &serde_json::json!({ "id": issued.id, "file": file, "statement": issued }),
                );
            }
            print_statement(out, &issued);
            out.written(&file)
        }
        StatementCmd::List { case } => {
            let list = app.list_statements(&CaseRequest { case })?;
            if out.json {
                return print_json(&list);
            }
            let l = out.lang;
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| vec![s.id.clone(), s.issued_at.clone(), status(l, s).to_string()])
                .collect();
            table(
                &[
                    pick(l, "Tunnus", "ID", "ID"),
                    pick(l, "Annettu", "Utfärdat", "Issued"),
                    pick(l, "Tila", "Status", "Status"),
                ],
                &rows,
            );
            Ok(())
        }
        StatementCmd::Show { id, out: file } => {
            let s = app.show_statement(&id)?;
            if let Some(file) = &file {
                write_atomically(file, &app.statement_pdf(&id)?)?;
            }
            if out.json {
                return print_json(&s);
            }
            print_statement(out, &s);
            file.map_or(Ok(()), |f| out.written(&f))
        }
        StatementCmd::Revoke { id, reason } => {
            let s = app.revoke_statement(&RevokeStatementRequest {
                statement: id,
                reason,
            })?;
            if out.json {
                return print_json(&s);
            }
            print_statement(out, &s);
            Ok(())
        }
        StatementCmd::Revocations { out: file } => {
            let bytes = app.revocation_list(&RevocationListRequest {
                passphrase: passphrase(out.lang, false)?,
            })?;
            write_atomically(&file, &bytes)?;
            out.written(&file)
        }
    }
}

/// `statement issue --all-decided --out DIR`: one PDF per decided case without a statement.
fn issue_all(app: &App, out: &Out, dir: &Path, place: Option<&str>) -> Result<(), ApiError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        ApiError::bad_input(format!("cannot create the directory: {e}"))
            .in_file(dir.display().to_string())
    })?;
    let cases = app.decided_cases_without_statement()?;
    let pass = passphrase(out.lang, false)?;
    let terminal = std::io::stderr().is_terminal();
    let label = pick(out.lang, "Lausuntoja", "Utlåtanden", "Statements");
    let progress = |done: usize, total: usize| {
        if terminal {
            eprint!("\r{label} {done}/{total}");
            if done == total {
                eprintln!();
            }
        } else if done == total || done.is_multiple_of((total / 10).max(1)) {
            eprintln!("{label} {done}/{total}");
        }
    };
    let results = app.issue_statements(&cases, &pass, place, &progress)?;
    let mut written = Vec::new();
    let mut failed = Vec::new();
    for (case, result) in results {
        match result {
            Ok(s) => {
                let name = format!(
                    "{}-{}.pdf",
                    s.file_name.trim_end_matches(".pdf"),
                    &s.id[s.id.len() - 8..]
                );
                let path = dir.join(name);
                write_atomically(&path, &app.statement_pdf(&s.id)?)?;
                written.push(serde_json::json!({ "case": case, "id": s.id, "file": path }));
            }
            Err(e) => failed.push(serde_json::json!({ "case": case, "error": e.message })),
        }
    }
    if out.json {
        print_json(&serde_json::json!({ "issued": written, "failed": failed }))?;
    } else {
        let (i, f) = (
            pick(out.lang, "Annettu", "Utfärdade", "Issued"),
            pick(out.lang, "Epäonnistui", "Misslyckades", "Failed"),
        );
        println!("{i}: {}  {f}: {}", written.len(), failed.len());
        for f in &failed {
            println!(
                "  {} {}",
                f["case"].as_str().unwrap_or(""),
                f["error"].as_str().unwrap_or("")
            );
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_input(format!(
            "{} of {} statements could not be issued",
            failed.len(),
            cases.len()
        )))
    }
}

fn status(l: Lang, s: &StatementView) -> &'static str {
    if s.revoked.is_some() {
        pick(l, "peruttu", "återkallat", "revoked")
    } else if s.superseded_by.is_some() {
        pick(l, "korvattu uudella", "ersatt", "superseded")
    } else {
        pick(l, "voimassa", "gällande", "current")
    }
}

fn print_statement(out: &Out, s: &StatementView) {
    let l = out.lang;
    println!(
        "{}: {}",
        pick(l, "Lausunto", "Utlåtande", "Statement"),
        s.id
    );
    println!("  {} / {}", s.employee, s.badge_name);
    println!(
        "  {}: {}  {}: {}",
        pick(l, "Annettu", "Utfärdat", "Issued"),
        s.issued_at,
        pick(l, "Tila", "Status", "Status"),
        status(l, s)
    );
    if let Some(r) = &s.revoked {
        println!(
            "  {}: {}",
            pick(l, "Perusteena", "Skäl", "Reason"),
            r.reason
        );
    }
}

/// Verifies each file; exit 0 only when every file is valid and trusted.
pub(crate) fn verify(app: Option<&App>, out: &Out, v: Verify) -> Result<(), ApiError> {
    let mut trust = Vec::new();
    for path in &v.trust {
        trust.push((path.display().to_string(), read(path)?));
    }
    let revocations = match &v.revocations {
        Some(path) => Some((path.display().to_string(), read(path)?)),
        None => None,
    };
    // In a data dir: its trusted roots, its own records and the revocation lists kept there.
    let verifier = match app {
        Some(app) => app.verifier(&trust, revocations, out.lang)?,
        None => Verifier::new(
            &trust,
            Vec::new(),
            revocations,
            chrono::Utc::now(),
            out.lang,
        )?,
    };
    let mut reports = Vec::new();
    for path in &v.files {
        let name = path.display().to_string();
        let report = match std::fs::read(path) {
            Ok(bytes) => verifier.verify(&name, &bytes),
            Err(e) => VerifyReport {
                file: name,
                verdict: Verdict::Unreadable,
                signer: None,
                statement: None,
                credential_checked: false,
                revocation: None,
                problems: vec![VerifyProblem {
                    code: "unreadable".into(),
                    message: e.to_string(),
                    detail: e.to_string(),
                }],
            },
        };
        reports.push(report);
    }
    if out.json {
        if reports.len() == 1 {
            print_json(&reports[0])?;
        } else {
            print_json(&reports)?;
        }
    } else {
        for r in &reports {
            print_report(out.lang, r);
        }
    }
    if reports.iter().any(|r| r.verdict == Verdict::Unreadable) {
        let r = reports
            .iter()
            .find(|r| r.verdict == Verdict::Unreadable)
            .expect("found above");
        return Err(ApiError::bad_input(
            r.problems
                .first()
                .map(|p| p.detail.clone())
                .unwrap_or_default(),
        )
        .in_file(&r.file));
    }
    if let Some(r) = reports.iter().find(|r| r.verdict != Verdict::Valid) {
        let mut codes: Vec<&str> = Vec::new();
        for p in &r.problems {
            if !codes.contains(&p.code.as_str()) {
                codes.push(p.code.as_str());
            }
        }
        return Err(ApiError::new(
            osaava_api::ErrorKind::VerificationFailed,
            format!("not valid: {}", codes.join(", ")),
        )
        .in_file(&r.file));
    }
    Ok(())
}

fn print_report(l: Lang, r: &VerifyReport) {
    let verdict = match r.verdict {
        Verdict::Valid => pick(
            l,
            "KELVOLLINEN ja luotettu",
            "GILTIG och betrodd",
            "VALID and trusted",
        ),
        Verdict::Invalid => pick(l, "EI KELVOLLINEN", "INTE GILTIG", "NOT VALID"),
        Verdict::Unreadable => pick(l, "EI LUETTAVISSA", "KAN INTE LÄSAS", "UNREADABLE"),
    };
    println!("{}: {verdict}", r.file);
    if let Some(s) = &r.signer {
        let org = match (&s.organisation, &s.business_id) {
            (Some(o), Some(b)) => format!(", {o} ({b})"),
            (Some(o), None) => format!(", {o}"),
            _ => String::new(),
        };
        println!(
            "  {}: {}{org}",
            pick(l, "Allekirjoittaja", "Undertecknare", "Signed by"),
            s.name
        );
        if let Some(at) = &s.signed_at {
            println!(
                "  {}: {at}",
                pick(l, "Allekirjoitettu", "Undertecknat", "Signed at")
            );
        }
    }
    if let Some(st) = &r.statement {
        println!(
            "  {}: {}",
            pick(l, "Henkilö", "Person", "Person"),
            st.employee
        );
        println!(
            "  {}: {} ({} {})",
            pick(l, "Osaamismerkki", "Kompetensmärke", "Badge"),
            st.badge_name,
            pick(l, "versio", "version", "version"),
            st.badge_version
        );
        println!(
            "  {}: {}/{}",
            pick(
                l,
                "Täyttyneet kriteerit",
                "Uppfyllda kriterier",
                "Criteria met"
            ),
            st.criteria_met,
            st.criteria_total
        );
        for u in &st.units {
            let points = u
                .competence_points
                .map(|p| format!(", {p} osp"))
                .unwrap_or_default();
            println!(
                "  {}: {} {}{points}",
                pick(l, "Tutkinnon osa", "Examensdel", "Qualification unit"),
                u.code,
                u.name
            );
        }
    }
    if let Some(check) = r
        .revocation
        .as_ref()
        .filter(|c| c.status != RevocationStatus::ListUntrusted)
    {
        println!(
            "  {}: {}",
            pick(l, "Peruutukset", "Återkallelser", "Revocations"),
            revocation_line(l, check)
        );
    }
    for p in &r.problems {
        println!("  ! {} ({})", p.message, p.code);
    }
}

/// How revocation was checked, in a line (the desktop's wording).
fn revocation_line(l: Lang, check: &RevocationCheck) -> String {
    let date = check
        .list_issued_at
        .as_deref()
        .and_then(|at| at.get(..10))
        .unwrap_or("?");
    let mut line = match (check.status, check.source) {
        (RevocationStatus::NoList, _) => pick(
            l,
            "ei tarkistettu: tältä organisaatiolta ei ole sulkulistaa; pyydä se organisaatiolta",
            "inte kontrollerat: ingen spärrlista från denna organisation; be organisationen om den",
            "not checked: no revocation list from this organisation; ask the organisation for it",
        )
        .to_string(),
        (_, Some(RevocationSource::OwnRecords)) => pick(
            l,
            "tarkistettu tämän laitteen omista tiedoista",
            "kontrollerat mot denna enhets egna uppgifter",
            "checked against this device's own records",
        )
        .to_string(),
        _ => format!(
            "{} {date}",
            pick(
                l,
                "tarkistettu organisaation sulkulistasta, päivätty",
                "kontrollerat mot organisationens spärrlista, daterad",
                "checked against the organisation's revocation list of",
            )
        ),
    };
    if check.stale {
        line.push_str(pick(
            l,
            " (vanha: pyydä uudempi)",
            " (gammal: be om en nyare)",
            " (old: ask for a newer one)",
        ));
    }
    line
}
