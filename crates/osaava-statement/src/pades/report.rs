//! What verification found: the signatures, who made them, and the problems with machine codes
//! and plain explanations in Finnish, Swedish and English.

use crate::keys::SubjectInfo;
use chrono::{DateTime, Utc};
use osaava_core::LocalizedText;
use serde::Serialize;

/// A problem found in a signed PDF. Any problem makes the document not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemCode {
    /// The file carries no signature.
    NoSignature,
    /// A signed byte changed, the signed range is damaged, or the file was cut short.
    Tampered,
    /// Bytes were appended after the signed revision (an incremental update, or anything else).
    BytesAfterSignature,
    /// The CMS signature or its signed attributes do not check out.
    BadSignature,
    /// The signer's chain does not reach a trusted root.
    Untrusted,
    /// A certificate in the chain had ended at the signing time or has ended now.
    Expired,
    /// A certificate in the chain had not begun at the signing time or now.
    NotYetValid,
    /// A certificate is not fit for its place in the chain (key usage, CA flag, critical
    /// extension).
    BadCertificate,
    /// An algorithm or signature format this code does not check.
    Unsupported,
}

impl ProblemCode {
    /// The machine code, e.g. `bytes-after-signature`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::NoSignature => "no-signature",
            ProblemCode::Tampered => "tampered",
            ProblemCode::BytesAfterSignature => "bytes-after-signature",
            ProblemCode::BadSignature => "bad-signature",
            ProblemCode::Untrusted => "untrusted",
            ProblemCode::Expired => "expired",
            ProblemCode::NotYetValid => "not-yet-valid",
            ProblemCode::BadCertificate => "bad-certificate",
            ProblemCode::Unsupported => "unsupported",
        }
    }

    /// What the problem means, for a college clerk, in Finnish, Swedish and English.
    pub fn explanation(self) -> LocalizedText {
        let (fi, sv, en) = match self {
            ProblemCode::NoSignature => (
                "Tiedostossa ei ole sähköistä allekirjoitusta. Sen alkuperää ja muuttumattomuutta ei voi todentaa.",
                "Filen har ingen elektronisk underskrift. Dess ursprung och att den är oförändrad kan inte kontrolleras.",
                "The file has no electronic signature. Its origin and integrity cannot be checked.",
            ),
            ProblemCode::Tampered => (
                "Tiedostoa on muutettu allekirjoittamisen jälkeen: allekirjoitettu sisältö ei enää vastaa allekirjoitusta. Älä luota tähän tiedostoon, vaan pyydä myöntäjältä uusi kappale.",
                "Filen har ändrats efter att den undertecknades: det undertecknade innehållet stämmer inte längre med underskriften. Lita inte på filen, utan be utfärdaren om ett nytt exemplar.",
                "The file was changed after signing: the signed content no longer matches the signature. Do not rely on this file; ask the issuer for a new copy.",
            ),
            ProblemCode::BytesAfterSignature => (
                "Tiedostoa on muutettu allekirjoittamisen jälkeen: sen perään on lisätty tietoa, jota ei ole allekirjoitettu ja joka voi muuttaa asiakirjan sisältöä. Pyydä myöntäjältä uusi kappale.",
                "Filen har ändrats efter att den undertecknades: uppgifter som inte är undertecknade och som kan ändra dokumentets innehåll har lagts till i slutet. Be utfärdaren om ett nytt exemplar.",
                "The file was changed after signing: data that is not signed, and that can change what the document shows, was added at its end. Ask the issuer for a new copy.",
            ),
            ProblemCode::BadSignature => (
                "Allekirjoitus ei ole pätevä: se on vioittunut, tai sitä ei ole tehty asiakirjan mukana olevalla varmenteella.",
                "Underskriften är inte giltig: den är skadad eller har inte gjorts med certifikatet som följer med dokumentet.",
                "The signature is not valid: it is damaged, or it was not made with the certificate that comes with the document.",
            ),
            ProblemCode::Untrusted => (
                "Allekirjoittajan varmenne ei johda luotettuun varmentajaan, joten allekirjoittajan henkilöllisyyttä ei ole vahvistettu. Hanki myöntäneen organisaation juurivarmenne luotettavaa reittiä ja tarkista uudelleen.",
                "Undertecknarens certifikat leder inte till en betrodd certifikatutfärdare, så undertecknarens identitet är inte bekräftad. Skaffa den utfärdande organisationens rotcertifikat på ett tillförlitligt sätt och kontrollera igen.",
                "The signer's certificate does not lead to a trusted certificate authority, so the signer's identity is not confirmed. Obtain the issuing organisation's root certificate through a reliable channel and check again.",
            ),
            ProblemCode::Expired => (
                "Allekirjoittajan tai varmentajan varmenne ei ollut voimassa allekirjoitushetkellä tai ei ole enää voimassa.",
                "Undertecknarens eller utfärdarens certifikat var inte giltigt när dokumentet undertecknades eller är inte längre giltigt.",
                "The signer's or the issuer's certificate was not valid when the document was signed, or is no longer valid.",
            ),
            ProblemCode::NotYetValid => (
                "Varmenne ei ollut vielä voimassa allekirjoitushetkellä tai tarkistushetkellä. Tarkista tietokoneen kello ja allekirjoituksen aika.",
                "Ett certifikat var ännu inte giltigt vid undertecknandet eller vid kontrollen. Kontrollera datorns klocka och tidpunkten för underskriften.",
                "A certificate was not yet valid at the time of signing or of this check. Check the computer's clock and the signing time.",
            ),
            ProblemCode::BadCertificate => (
                "Varmenneketju ei kelpaa asiakirjojen allekirjoittamiseen: esimerkiksi varmenteen käyttötarkoitus ei salli allekirjoittamista tai ketjun välivarmenne ei ole varmentaja.",
                "Certifikatkedjan duger inte för att underteckna dokument: till exempel tillåter certifikatets användningsområde inte underskrifter, eller ett mellanliggande certifikat är ingen utfärdare.",
                "The certificate chain is not fit for signing documents: for example, a certificate's key usage does not allow signing, or an intermediate certificate is not a certificate authority.",
            ),
            ProblemCode::Unsupported => (
                "Allekirjoituksessa on käytetty menetelmää, jota tämä ohjelma ei tarkista. Tarkista asiakirja toisella ohjelmalla.",
                "Underskriften använder en metod som det här programmet inte kontrollerar. Kontrollera dokumentet med ett annat program.",
                "The signature uses a method this program does not check. Check the document with another program.",
            ),
        };
        LocalizedText::new(fi, sv, en)
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: its code and a technical detail in English (for logs and support).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: ProblemCode,
    pub detail: String,
}

impl Problem {
    pub(crate) fn new(code: ProblemCode, detail: impl Into<String>) -> Problem {
        Problem {
            code,
            detail: detail.into(),
        }
    }
}

/// A certificate in a signer's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    pub subject: SubjectInfo,
    /// The issuer's distinguished name (RFC 4514).
    pub issuer: String,
    /// Serial number in hex.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the DER certificate, in hex: what a clerk compares with a published value.
    pub sha256_fingerprint: String,
}

/// One signature in the file and what was found about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureFound {
    /// The signature field's name (`/T`), when the file could be parsed.
    pub field_name: Option<String>,
    /// Who signed: the subject of the signer's certificate.
    pub signer: Option<SubjectInfo>,
    /// `/M` of the signature dictionary (PAdES B-B has no signed time attribute).
    pub signing_time: Option<DateTime<Utc>>,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub sub_filter: Option<String>,
    /// `/ByteRange` as written.
    pub byte_range: Vec<i64>,
    /// Whether the signature covers the whole file except its own `/Contents`.
    pub covers_whole_file: bool,
    /// The signer's certificate first, up to the trust anchor when one was reached.
    pub chain: Vec<CertificateSummary>,
    /// The trusted root the chain reached.
    pub trust_anchor: Option<SubjectInfo>,
    pub problems: Vec<Problem>,
}

/// Everything verification found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    pub signatures: Vec<SignatureFound>,
    /// Problems of the file as a whole (e.g. `no-signature`).
    pub problems: Vec<Problem>,
}

impl SignatureReport {
    /// Valid and trusted: at least one signature and no problem anywhere.
    pub fn is_valid(&self) -> bool {
        !self.signatures.is_empty() && self.all_problems().next().is_none()
    }

    /// The file's problems, then each signature's.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .chain(self.signatures.iter().flat_map(|s| s.problems.iter()))
    }

    /// The distinct problem codes, in a fixed order.
    pub fn codes(&self) -> Vec<ProblemCode> {
        let mut codes: Vec<ProblemCode> = self.all_problems().map(|p| p.code).collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// The last signature: the one that covers the latest revision.
    pub fn last_signature(&self) -> Option<&SignatureFound> {
        self.signatures.last()
    }
}
