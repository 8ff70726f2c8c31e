//! Keys, statements and their verification.

use osaava_core::case::Decision;
use osaava_core::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How this data dir signs statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum KeysMode {
    /// No keys yet: `osaava init` (or the first issuing) creates them.
    None,
    /// The organisation's own root CA issues a certificate to each assessor.
    OwnCa,
    /// A certificate from an outside CA, imported as PKCS#12, signs every statement.
    Imported,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificateView {
    pub subject: String,
    #[ts(optional)]
    pub organisation: Option<String>,
    #[ts(optional)]
    pub business_id: Option<String>,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    /// SHA-256 of the DER certificate, in hex: what a college compares with a published value.
    pub sha256_fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeysInfo {
    pub mode: KeysMode,
    /// The certificate colleges trust (the root of the signing chain).
    #[ts(optional)]
    pub root: Option<CertificateView>,
    /// The certificate that signs statements when mode is imported.
    #[ts(optional)]
    pub signer: Option<CertificateView>,
    /// The organisation's `did:key`, issuer of the Open Badges credentials.
    #[ts(optional)]
    pub credential_issuer: Option<String>,
    pub assessors: Vec<AssessorCertificate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssessorCertificate {
    pub person: String,
    pub certificate: CertificateView,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IssueStatementRequest {
    pub case: String,
    /// Default: the case's language.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
    /// The town printed beside the date; default: the place of the last statement.
    #[serde(default)]
    #[ts(optional)]
    pub place: Option<String>,
    pub passphrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatementView {
    pub id: String,
    pub case: String,
    pub issued_at: String,
    pub issued_by: String,
    pub language: Lang,
    pub employee: String,
    pub badge_name: String,
    pub decision: Decision,
    #[ts(optional)]
    pub supersedes: Option<String>,
    #[ts(optional)]
    pub superseded_by: Option<String>,
    #[ts(optional)]
    pub revoked: Option<RevocationView>,
    pub pdf_sha256: String,
    /// A file name to offer when saving: `lausunto-<employee>-<badge>.pdf` in the statement's language.
    pub file_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevocationView {
    pub revoked_at: String,
    pub revoked_by: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevokeStatementRequest {
    pub statement: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevocationListRequest {
    pub passphrase: String,
}

/// The verdict on one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Verdict {
    /// Signed, unchanged, by a trusted organisation, and neither revoked nor superseded.
    Valid,
    /// Checked and not to be relied on: the problems say why.
    Invalid,
    /// Not a readable PDF.
    Unreadable,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyProblem {
    /// A stable code: tampered, bytes-after-signature, untrusted, revoked, superseded, qr-mismatch, …
    pub code: String,
    /// What it means, in the user's language.
    pub message: String,
    /// The technical detail, in English.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignerView {
    pub name: String,
    #[ts(optional)]
    pub organisation: Option<String>,
    #[ts(optional)]
    pub business_id: Option<String>,
    #[ts(optional)]
    pub signed_at: Option<String>,
    /// The trusted root the signature chains to.
    #[ts(optional)]
    pub trusted_root: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitView {
    pub code: String,
    pub name: String,
    #[ts(optional)]
    pub competence_points: Option<u32>,
}

/// What the statement inside says (read from its embedded JSON).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatementSummary {
    pub id: String,
    pub issued_at: String,
    pub organisation: String,
    pub business_id: String,
    pub employee: String,
    pub assessor: String,
    pub badge_id: String,
    pub badge_version: u32,
    pub badge_name: String,
    pub decision: Decision,
    pub units: Vec<UnitView>,
    /// Criteria rated "meets", out of all.
    pub criteria_met: u32,
    pub criteria_total: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub file: String,
    pub verdict: Verdict,
    #[ts(optional)]
    pub signer: Option<SignerView>,
    #[ts(optional)]
    pub statement: Option<StatementSummary>,
    /// The Open Badges credential inside was checked and is the organisation's.
    pub credential_checked: bool,
    pub problems: Vec<VerifyProblem>,
    /// How revocation was checked: against which list, of which date, or that no list is known.
    /// Absent when the file carries no readable statement, or the verifier knows no lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub revocation: Option<RevocationCheck>,
}

// ---- Revocation lists (statements/revocations.rs) -------------------------------------------

/// Where verification learnt which statements are revoked or superseded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum RevocationSource {
    /// This data dir's own records: the statement is this organisation's, revoked or reissued here.
    OwnRecords,
    /// The issuing organisation's signed list, imported on this device.
    ImportedList,
    /// A list file given for this one verification (`osaava verify --revocations`).
    GivenFile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum RevocationStatus {
    /// Checked against a list (or the own records); `problems` say if it is revoked or superseded.
    Checked,
    /// No list from the issuing organisation is known here: revocation could not be checked.
    /// The verdict is not changed by this; the clerk is told to ask for the list.
    NoList,
    /// The only list given could not be trusted (a problem says why).
    ListUntrusted,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevocationCheck {
    pub status: RevocationStatus,
    /// The issuing organisation whose list was looked for.
    pub organisation: String,
    pub business_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<RevocationSource>,
    /// When the list used was made (RFC 3339); for the own records, the time of checking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub list_issued_at: Option<String>,
    /// Whole days since the list used was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub age_days: Option<u32>,
    /// The list used is older than `stale_after_days`: ask for a newer one.
    pub stale: bool,
    pub stale_after_days: u32,
}

/// A revocation list kept on this device (one per issuing organisation, the newest imported).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevocationListView {
    pub organisation: String,
    pub business_id: String,
    /// When the organisation made the list (RFC 3339).
    pub issued_at: String,
    pub revoked: u32,
    pub superseded: u32,
    /// Whole days since the list was made.
    pub age_days: u32,
    /// Older than `stale_after_days`: a clerk should ask for a newer list.
    pub stale: bool,
    pub stale_after_days: u32,
    /// The list's signature still reaches a root trusted here (false after the organisation was
    /// removed from the trusted ones: the list is then not used).
    pub trusted: bool,
    /// Who signed it (the certificate's common name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub signer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum RevocationImportOutcome {
    /// The first list of this organisation on this device.
    Added,
    /// A newer list replaced the one kept before.
    Replaced,
    /// The same list was already kept.
    Unchanged,
}

/// What importing a revocation list did, and the lists kept after it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RevocationListImport {
    pub outcome: RevocationImportOutcome,
    pub list: RevocationListView,
    pub lists: Vec<RevocationListView>,
}
