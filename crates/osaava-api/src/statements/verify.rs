//! Verification for colleges: the signature and its chain, the embedded statement against the
//! printed QR code, the credential, and the organisation's revocation list.

use crate::dto::*;
use crate::error::ApiError;
use crate::App;
use chrono::{DateTime, Utc};
use osaava_core::interview::Rating;
use osaava_core::{Lang, LocalizedText};
use osaava_statement::credential::verify_credential;
use osaava_statement::keys::{certificates_from_pem, Certificate};
use osaava_statement::model::Statement;
use osaava_statement::pades::{verify_pdf, SignatureReport};
use osaava_statement::pdf::{
    embedded_files, parse_qr_payload, read_qr_payload, CREDENTIAL_JSON, STATEMENT_JSON,
};
use osaava_statement::revocation::{read_revocation_list, CheckedRevocationList, RevocationList};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use uuid::Uuid;

/// Checks statement PDFs against a fixed set of trusted roots and, optionally, a revocation list.
/// A data dir's verifier ([`App::verifier`]) also knows its own records and the lists imported
/// on it, and says when it knows no list for a statement's organisation.
pub struct Verifier {
    roots: Vec<Certificate>,
    revocations: Option<CheckedRevocationList>,
    now: DateTime<Utc>,
    lang: Lang,
    known: Vec<KnownList>,
    knows_lists: bool,
}

/// A trusted list (or the own records as one) that verification may use.
pub(crate) struct KnownList {
    pub source: RevocationSource,
    pub list: RevocationList,
    /// The statements the list can speak for, when not all of its organisation's: the own
    /// records know only the statements issued in this data dir (the organisation may sign on
    /// other devices too).
    pub covers: Option<HashSet<Uuid>>,
}

/// A list older than this many days is shown as stale: the clerk should ask for a newer one.
pub const STALE_AFTER_DAYS: u32 = 30;

/// Whole days from `at` to `now` (0 for a time in the future).
pub(crate) fn age_days(at: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    u32::try_from((now - at).num_days().max(0)).unwrap_or(u32::MAX)
}

/// Why a read list cannot be relied on, as a stable code and an English detail; None when it can.
/// A list counts only when its signature is intact, reaches a trusted root, and its signer is the
/// organisation the list names as its issuer (one organisation cannot revoke another's statements).
pub(crate) fn list_refusal(checked: &CheckedRevocationList) -> Option<(&'static str, String)> {
    use osaava_statement::pades::ProblemCode;
    if !checked.problems.is_empty() {
        let detail = checked
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.code, p.detail))
            .collect::<Vec<_>>()
            .join("; ");
        let code = if checked
            .problems
            .iter()
            .any(|p| matches!(p.code, ProblemCode::Tampered | ProblemCode::BadSignature))
        {
            "tampered"
        } else if checked
            .problems
            .iter()
            .any(|p| p.code == ProblemCode::Untrusted)
        {
            "untrusted"
        } else {
            "invalid"
        };
        return Some((code, detail));
    }
    let issuer = &checked.list.issuer;
    let Some(signer) = &checked.signer else {
        return Some(("invalid", "the signature names no signer".into()));
    };
    let same = match &signer.business_id {
        Some(b) => b.trim() == issuer.business_id.trim(),
        None => signer.organisation.as_deref() == Some(issuer.name.as_str()),
    };
    if same {
        None
    } else {
        Some((
            "signer-mismatch",
            format!(
                "signed by {} ({}), the list names {} ({}) as its issuer",
                signer.organisation.as_deref().unwrap_or("?"),
                signer.business_id.as_deref().unwrap_or("?"),
                issuer.name,
                issuer.business_id
            ),
        ))
    }
}

/// Problems found outside the signature itself, with what they mean for a clerk.
fn explain(code: &str) -> LocalizedText {
    let (fi, sv, en) = match code {
        "no-statement" => (
            "Tiedostossa ei ole koneluettavaa lausuntoa: se ei ole Osaavan lausunto.",
            "Filen innehåller inget maskinläsbart utlåtande: den är inte ett utlåtande från Osaava.",
            "The file holds no machine-readable statement: it is not an Osaava statement.",
        ),
        "qr-mismatch" => (
            "Sivulle painettu QR-koodi ei vastaa tiedoston sisältämää lausuntoa.",
            "QR-koden på sidan stämmer inte med utlåtandet i filen.",
            "The QR code printed on the page does not match the statement inside the file.",
        ),
        "qr-missing" => (
            "Lausunnon QR-koodia ei löydy ensimmäiseltä sivulta.",
            "Utlåtandets QR-kod finns inte på första sidan.",
            "The statement's QR code is not on the first page.",
        ),
        "statement-changed" => (
            "Allekirjoituksen jälkeen tiedostoon lisätty muutos korvaa sen sisältämän lausunnon. Tässä näkyvät allekirjoitetun lausunnon tiedot.",
            "En ändring som lagts till efter underskriften ersätter utlåtandet i filen. Här visas uppgifterna i det undertecknade utlåtandet.",
            "A change added after signing replaces the statement inside the file. The details shown here are those of the signed statement.",
        ),
        "credential-invalid" => (
            "Lausunnon sisältämä Open Badges -todiste ei ole kelvollinen tai ei vastaa lausuntoa.",
            "Open Badges-beviset i utlåtandet är inte giltigt eller stämmer inte med utlåtandet.",
            "The Open Badges credential inside the statement is not valid or does not match it.",
        ),
        "signer-mismatch" => (
            "Allekirjoittajan organisaatio ei ole lausunnon antanut organisaatio.",
            "Undertecknarens organisation är inte den som utfärdade utlåtandet.",
            "The signer's organisation is not the one that issued the statement.",
        ),
        "revoked" => (
            "Myöntäjä on peruuttanut tämän lausunnon.",
            "Utfärdaren har återkallat detta utlåtande.",
            "The issuer has revoked this statement.",
        ),
        "superseded" => (
            "Tämän lausunnon tilalle on annettu uusi lausunto. Pyydä uusin lausunto.",
            "Ett nytt utlåtande har ersatt detta. Be om det senaste utlåtandet.",
            "A newer statement replaces this one. Ask for the latest statement.",
        ),
        "revocation-list-untrusted" => (
            "Sulkulistan allekirjoitus ei ole kelvollinen tai luotettu, joten peruutuksia ei voitu tarkistaa.",
            "Spärrlistans underskrift är inte giltig eller betrodd, så återkallelser kunde inte kontrolleras.",
            "The revocation list's signature is not valid or trusted, so revocations could not be checked.",
        ),
        _ => ("Tuntematon ongelma.", "Okänt problem.", "Unknown problem."),
    };
    LocalizedText::new(fi, sv, en)
}

impl Verifier {
    /// `trust` are PEM files (name, bytes), `revocations` a revocation list file. Unreadable
    /// inputs are bad input: nothing is verified against a trust list that could not be read.
    pub fn new(
        trust: &[(String, Vec<u8>)],
        extra_roots: Vec<Certificate>,
        revocations: Option<(String, Vec<u8>)>,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Result<Verifier, ApiError> {
        let mut roots = extra_roots;
        for (name, bytes) in trust {
            let certs = certificates_from_pem(bytes).map_err(|e| {
                ApiError::bad_input(format!("not a PEM certificate file: {e}")).in_file(name)
            })?;
            if certs.is_empty() {
                return Err(ApiError::bad_input("no certificate in this file").in_file(name));
            }
            roots.extend(certs);
        }
        let revocations = match revocations {
            Some((name, bytes)) => Some(
                read_revocation_list(&bytes, &roots, now)
                    .map_err(|e| ApiError::bad_input(e.to_string()).in_file(&name))?,
            ),
            None => None,
        };
        Ok(Verifier {
            roots,
            revocations,
            now,
            lang,
            known: Vec::new(),
            knows_lists: false,
        })
    }

    /// The roots this verifier trusts.
    pub(crate) fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    /// Adds the lists a data dir knows; from now on a statement whose organisation has none is
    /// reported as `no-list`.
    pub(crate) fn with_known_lists(mut self, known: Vec<KnownList>) -> Verifier {
        self.known = known;
        self.knows_lists = true;
        self
    }

    fn problem(&self, code: &str, detail: impl Into<String>) -> VerifyProblem {
        VerifyProblem {
            code: code.into(),
            message: explain(code).show(self.lang).to_string(),
            detail: detail.into(),
        }
    }

    pub fn verify(&self, file: &str, pdf: &[u8]) -> VerifyReport {
        let mut report = VerifyReport {
            file: file.into(),
            verdict: Verdict::Invalid,
            signer: None,
            statement: None,
            credential_checked: false,
            problems: Vec::new(),
            revocation: None,
        };
        let signature = match verify_pdf(pdf, &self.roots, self.now) {
            Ok(s) => s,
            Err(e) => {
                report.verdict = Verdict::Unreadable;
                report.problems.push(VerifyProblem {
                    code: "unreadable".into(),
                    message: match self.lang {
                        Lang::Fi => "Tiedosto ei ole luettava PDF-tiedosto.",
                        Lang::Sv => "Filen är inte en läsbar PDF-fil.",
                        Lang::En => "The file is not a readable PDF.",
                    }
                    .into(),
                    detail: e.to_string(),
                });
                return report;
            }
        };
        self.signature_problems(&signature, &mut report);
        // What the signature vouches for: the statement, its QR code and its credential are read
        // from the signed revision, not from anything added after it (which is reported).
        let signed = signed_revision(&signature, pdf);
        let statement = self.statement_problems(signed, &mut report);
        if let Some(statement) = &statement {
            if signed.len() < pdf.len() {
                self.statement_changed_after_signing(pdf, signed, &mut report);
            }
            self.credential_problems(signed, statement, &mut report);
            if let Some(signer) = &report.signer {
                if signer
                    .business_id
                    .as_deref()
                    .is_some_and(|b| b != statement.organisation.business_id)
                {
                    let detail = format!(
                        "signed by {} ({}), issued by {} ({})",
                        signer.organisation.as_deref().unwrap_or("?"),
                        signer.business_id.as_deref().unwrap_or("?"),
                        statement.organisation.name,
                        statement.organisation.business_id
                    );
                    report
                        .problems
                        .push(self.problem("signer-mismatch", detail));
                }
            }
            self.revocation_problems(statement, &mut report);
            report.statement = Some(summary(statement));
        }
        if report.problems.is_empty() {
            report.verdict = Verdict::Valid;
        }
        report
    }

    fn signature_problems(&self, signature: &SignatureReport, report: &mut VerifyReport) {
        if let Some(last) = signature.last_signature() {
            report.signer = last.signer.as_ref().map(|s| SignerView {
                name: s.common_name.clone().unwrap_or_default(),
                organisation: s.organisation.clone(),
                business_id: s.business_id.clone(),
                signed_at: last.signing_time.map(|t| t.to_rfc3339()),
                trusted_root: last
                    .trust_anchor
                    .as_ref()
                    .and_then(|a| a.common_name.clone()),
            });
        }
        for p in signature.all_problems() {
            report.problems.push(VerifyProblem {
                code: p.code.as_str().into(),
                message: p.code.explanation().show(self.lang).to_string(),
                detail: p.detail.clone(),
            });
        }
    }

    fn statement_problems(&self, pdf: &[u8], report: &mut VerifyReport) -> Option<Statement> {
        let files = match embedded_files(pdf) {
            Ok(f) => f,
            Err(e) => {
                report
                    .problems
                    .push(self.problem("no-statement", e.to_string()));
                return None;
            }
        };
        let Some((_, json)) = files.iter().find(|(n, _)| n == STATEMENT_JSON) else {
            report.problems.push(self.problem(
                "no-statement",
                format!("no attachment named {STATEMENT_JSON}"),
            ));
            return None;
        };
        let statement: Statement = match serde_json::from_slice(json) {
            Ok(s) => s,
            Err(e) => {
                report
                    .problems
                    .push(self.problem("no-statement", format!("{STATEMENT_JSON}: {e}")));
                return None;
            }
        };
        let hash: [u8; 32] = Sha256::digest(json).into();
        match read_qr_payload(pdf) {
            Ok(Some(text)) => match parse_qr_payload(&text) {
                Some((id, printed)) if id == statement.id && printed == hash => {}
                Some((id, printed)) => report.problems.push(self.problem(
                    "qr-mismatch",
                    format!(
                        "QR: {id} / {}; embedded: {} / {}",
                        hex::encode(printed),
                        statement.id,
                        hex::encode(hash)
                    ),
                )),
                None => report
                    .problems
                    .push(self.problem("qr-mismatch", format!("the QR code says {text:?}"))),
            },
            Ok(None) => report
                .problems
                .push(self.problem("qr-missing", "no marked QR code on page 1")),
            Err(e) => report
                .problems
                .push(self.problem("qr-missing", e.to_string())),
        }
        Some(statement)
    }

    /// A later update that replaces or removes the embedded statement.json: the file now carries
    /// a statement nobody signed, which a PDF reader would show as its attachment.
    fn statement_changed_after_signing(
        &self,
        pdf: &[u8],
        signed: &[u8],
        report: &mut VerifyReport,
    ) {
        let statement_json = |bytes: &[u8]| {
            embedded_files(bytes).map(|files| {
                files
                    .into_iter()
                    .find(|(n, _)| n == STATEMENT_JSON)
                    .map(|(_, b)| b)
            })
        };
        // An update that cannot be read is reported as bytes after the signature, no more.
        let (Ok(now), Ok(Some(before))) = (statement_json(pdf), statement_json(signed)) else {
            return;
        };
        let detail = match now {
            Some(now) if now == before => return,
            Some(now) => format!(
                "the update after the signature replaces {STATEMENT_JSON} (SHA-256 {} signed, {} now)",
                hex::encode(Sha256::digest(&before)),
                hex::encode(Sha256::digest(&now))
            ),
            None => format!("the update after the signature removes {STATEMENT_JSON}"),
        };
        report
            .problems
            .push(self.problem("statement-changed", detail));
    }

    fn credential_problems(&self, pdf: &[u8], statement: &Statement, report: &mut VerifyReport) {
        let Ok(files) = embedded_files(pdf) else {
            return;
        };
        let Some((_, bytes)) = files.iter().find(|(n, _)| n == CREDENTIAL_JSON) else {
            if statement.decision != osaava_core::case::Decision::NotYet {
                report.problems.push(self.problem(
                    "credential-invalid",
                    "the statement recognises competence but carries no credential",
                ));
            }
            return;
        };
        let checked = serde_json::from_slice(bytes)
            .map_err(|e| e.to_string())
            .and_then(|v| verify_credential(&v).map_err(|e| e.to_string()));
        match checked {
            Ok(c) => {
                let mut wrong = Vec::new();
                if c.issuer
                    .business_id
                    .as_deref()
                    .is_some_and(|b| b != statement.organisation.business_id)
                {
                    wrong.push("issuer business ID");
                }
                if !c.identity_matches(&statement.employee.name) {
                    wrong.push("recipient");
                }
                if c.id != format!("urn:uuid:{}", statement.id) {
                    wrong.push("id");
                }
                if wrong.is_empty() {
                    report.credential_checked = true;
                } else {
                    report.problems.push(self.problem(
                        "credential-invalid",
                        format!("not this statement's: {}", wrong.join(", ")),
                    ));
                }
            }
            Err(e) => report.problems.push(self.problem("credential-invalid", e)),
        }
    }

    fn revocation_problems(&self, statement: &Statement, report: &mut VerifyReport) {
        let business_id = statement.organisation.business_id.trim();
        let mut used: Vec<(RevocationSource, &RevocationList)> = Vec::new();
        let mut untrusted = false;
        if let Some(checked) = &self.revocations {
            match list_refusal(checked) {
                Some((_, detail)) => {
                    untrusted = true;
                    report
                        .problems
                        .push(self.problem("revocation-list-untrusted", detail));
                }
                // A list speaks only for its own organisation's statements.
                None if checked.list.issuer.business_id.trim() == business_id => {
                    used.push((RevocationSource::GivenFile, &checked.list))
                }
                None => {}
            }
        }
        for k in &self.known {
            let covers = k.covers.as_ref().is_none_or(|c| c.contains(&statement.id));
            if covers && k.list.issuer.business_id.trim() == business_id {
                used.push((k.source, &k.list));
            }
        }
        // The own records first: they are up to date.
        used.sort_by_key(|(source, _)| match source {
            RevocationSource::OwnRecords => 0,
            RevocationSource::GivenFile => 1,
            RevocationSource::ImportedList => 2,
        });
        let revoked = used
            .iter()
            .find_map(|(s, l)| l.revocation_of(statement.id).map(|r| (*s, *l, r)));
        let superseded = used
            .iter()
            .find_map(|(s, l)| l.superseding(statement.id).map(|x| (*s, *l, x)));
        if let Some((_, _, r)) = revoked {
            // The issuer's reason is what the clerk acts on: it goes into the sentence shown.
            let mut problem = self.problem(
                "revoked",
                format!("revoked {}: {}", r.revoked_at.to_rfc3339(), r.reason),
            );
            let label = match self.lang {
                Lang::Fi => "Syy",
                Lang::Sv => "Skäl",
                Lang::En => "Reason",
            };
            problem.message = format!("{} {label}: {}", problem.message, r.reason.trim());
            report.problems.push(problem);
        }
        if let Some((_, _, x)) = superseded {
            report.problems.push(self.problem(
                "superseded",
                format!("superseded by {} on {}", x.by, x.at.to_rfc3339()),
            ));
        }
        // The list named in the result: the one that found something, else the best one.
        let named = revoked
            .map(|(s, l, _)| (s, l))
            .or(superseded.map(|(s, l, _)| (s, l)))
            .or(used.first().copied());
        let mut check = RevocationCheck {
            status: RevocationStatus::NoList,
            organisation: statement.organisation.name.clone(),
            business_id: business_id.to_string(),
            source: None,
            list_issued_at: None,
            age_days: None,
            stale: false,
            stale_after_days: STALE_AFTER_DAYS,
        };
        match named {
            Some((source, list)) => {
                // The own records are read at the time of checking.
                let at = if source == RevocationSource::OwnRecords {
                    self.now
                } else {
                    list.issued_at
                };
                let age = age_days(at, self.now);
                check.status = RevocationStatus::Checked;
                check.source = Some(source);
                check.list_issued_at = Some(at.to_rfc3339());
                check.age_days = Some(age);
                check.stale = age > STALE_AFTER_DAYS;
            }
            None if untrusted => check.status = RevocationStatus::ListUntrusted,
            None if self.knows_lists => {}
            None => return,
        }
        report.revocation = Some(check);
    }
}

/// The bytes the last signature covers, when it does not cover the whole file: the revision it
/// signed. Otherwise (or when its byte range cannot be used) the whole file.
fn signed_revision<'a>(signature: &SignatureReport, pdf: &'a [u8]) -> &'a [u8] {
    let Some(last) = signature.last_signature() else {
        return pdf;
    };
    match last.byte_range[..] {
        [0, _, c, d] if !last.covers_whole_file && c > 0 && d >= 0 => {
            match usize::try_from(c + d) {
                Ok(end) if end <= pdf.len() => &pdf[..end],
                _ => pdf,
            }
        }
        _ => pdf,
    }
}

fn summary(s: &Statement) -> StatementSummary {
    StatementSummary {
        id: s.id.to_string(),
        issued_at: s.issued_at.to_rfc3339(),
        organisation: s.organisation.name.clone(),
        business_id: s.organisation.business_id.clone(),
        employee: s.employee.name.clone(),
        assessor: s.assessor.name.clone(),
        badge_id: s.badge.id.clone(),
        badge_version: s.badge.version,
        badge_name: s.badge.name.clone(),
        decision: s.decision,
        units: s
            .alignments
            .iter()
            .filter(|a| a.kind == osaava_core::badge::AlignmentKind::QualificationUnit)
            .map(|a| UnitView {
                code: a.code.clone(),
                name: a.name.clone(),
                competence_points: a.competence_points,
            })
            .collect(),
        criteria_met: s
            .criteria
            .iter()
            .filter(|c| c.rating == Rating::Meets)
            .count() as u32,
        criteria_total: s.criteria.len() as u32,
    }
}

const TRUSTED_DIR: &str = "trusted";

impl App {
    /// The roots this data dir trusts: its own organisation's and those added with [`App::trust_root`].
    pub fn trusted_roots(&self) -> Result<Vec<Certificate>, ApiError> {
        let mut roots: Vec<Certificate> = self.key_dir().root()?.into_iter().collect();
        roots.extend(self.added_roots()?.into_iter().map(|(_, c)| c));
        Ok(roots)
    }

    fn trusted_dir(&self) -> std::path::PathBuf {
        self.data_dir().join("keys").join(TRUSTED_DIR)
    }

    fn added_roots(&self) -> Result<Vec<(std::path::PathBuf, Certificate)>, ApiError> {
        let mut found = Vec::new();
        let Ok(entries) = std::fs::read_dir(self.trusted_dir()) else {
            return Ok(found);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("pem") {
                continue;
            }
            let bytes = std::fs::read(&path)
                .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))?;
            for cert in certificates_from_pem(&bytes)
                .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))?
            {
                found.push((path.clone(), cert));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    /// The organisations' root certificates a college has chosen to trust.
    pub fn trusted_certificates(&self) -> Result<Vec<CertificateView>, ApiError> {
        Ok(self
            .added_roots()?
            .iter()
            .map(|(_, c)| super::keys::certificate_view(c))
            .collect())
    }

    /// Trusts the root certificate(s) in a PEM file (named by `file` in errors). Adding one twice changes nothing.
    pub fn trust_root(&self, file: &str, pem: &[u8]) -> Result<Vec<CertificateView>, ApiError> {
        let certs = certificates_from_pem(pem).map_err(|e| {
            ApiError::bad_input(format!("not a PEM certificate file: {e}")).in_file(file)
        })?;
        if certs.is_empty() {
            return Err(ApiError::bad_input("no certificate in this file").in_file(file));
        }
        let dir = self.trusted_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| ApiError::internal(format!("{}: {e}", dir.display())))?;
        let now = self.now();
        for cert in &certs {
            let view = super::keys::certificate_view(cert);
            let path = dir.join(format!("{}.pem", view.sha256_fingerprint));
            if path.exists() {
                continue;
            }
            let pem = osaava_statement::keys::certificate_to_pem(cert)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let tmp = dir.join(format!(".{}.partial", view.sha256_fingerprint));
            std::fs::write(&tmp, pem)
                .and_then(|_| std::fs::rename(&tmp, &path))
                .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))?;
            self.store().write(|db| {
                db.audit(
                    &now,
                    &self.actor(),
                    "trust.added",
                    "trust",
                    None,
                    Some(&format!("{} {}", view.subject, view.sha256_fingerprint)),
                )
            })?;
        }
        self.trusted_certificates()
    }

    /// Stops trusting the certificate with this SHA-256 fingerprint.
    pub fn untrust_root(&self, sha256_fingerprint: &str) -> Result<Vec<CertificateView>, ApiError> {
        let wanted = sha256_fingerprint
            .trim()
            .to_ascii_lowercase()
            .replace(':', "");
        let found = self
            .added_roots()?
            .into_iter()
            .find(|(_, c)| super::keys::certificate_view(c).sha256_fingerprint == wanted);
        let Some((path, cert)) = found else {
            return Err(ApiError::not_found(format!("no trusted certificate with fingerprint {sha256_fingerprint}; see `osaava keys trusted`")));
        };
        std::fs::remove_file(&path)
            .map_err(|e| ApiError::internal(format!("{}: {e}", path.display())))?;
        let now = self.now();
        let subject = super::keys::certificate_view(&cert).subject;
        self.store().write(|db| {
            db.audit(
                &now,
                &self.actor(),
                "trust.removed",
                "trust",
                Some(&format!("{subject} {wanted}")),
                None,
            )
        })?;
        self.trusted_certificates()
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.clock_now()
    }
}
