//! PAdES B-B signatures on PDF files, and their verification.
//!
//! Signing appends one incremental update to the input, which stays byte for byte the prefix of
//! the output: the signature dictionary (`/Filter /Adobe.PPKLite`, `/SubFilter
//! /ETSI.CAdES.detached`, `/M`, `/ByteRange`, a zero-padded hex `/Contents` hole), an invisible
//! signature widget on page 1 (`/Rect [0 0 0 0]`, `/F 132` = print + locked, so PDF/A needs no
//! appearance stream), the page with the widget in `/Annots`, and the AcroForm (`/SigFlags 3`).
//! The update's cross-reference section has the same form as the input's last one (a table or a
//! stream) and points back with `/Prev`. The CMS SignedData is detached, SHA-256, with signed
//! attributes content-type, message-digest and signing-certificate-v2 (RFC 5035) and no
//! signing-time (the time is `/M`); its certificates are the signer's chain.
//!
//! Verification reports problems as machine codes ([`ProblemCode`], e.g. `tampered`) with an
//! English technical detail, and each code carries a plain explanation for a college clerk in
//! Finnish, Swedish and English ([`ProblemCode::explanation`]): the codes and their meaning
//! belong together, so they are written here once rather than in each front end.

mod cms;
mod report;
mod scan;
mod sign;
#[cfg(test)]
mod tests;
mod verify;

pub use report::{CertificateSummary, Problem, ProblemCode, SignatureFound, SignatureReport};
pub use sign::sign_pdf;
pub(crate) use verify::check_detached;
pub use verify::verify_pdf;

/// A detached CMS signature over `content`, in the same profile as the PDF signature (for
/// documents that are not PDFs, such as the revocation list).
pub(crate) fn sign_detached(
    content: &[u8],
    identity: &crate::keys::SigningIdentity,
) -> Result<Vec<u8>, crate::keys::KeyError> {
    use sha2::Digest;
    let digest: [u8; 32] = sha2::Sha256::digest(content).into();
    cms::build_signed_data(identity, &digest, None)
}

use chrono::{DateTime, Utc};

/// What the signature dictionary says besides the signature itself.
#[derive(Debug, Clone)]
pub struct SignatureInfo {
    /// `/Name`: the signer's name as shown by PDF readers.
    pub name: Option<String>,
    /// `/Reason`, e.g. "Statement of recognised competence".
    pub reason: Option<String>,
    /// `/Location`, e.g. "Oulu".
    pub location: Option<String>,
    /// `/M`: the signing time. PAdES B-B puts the time here and not in a signed attribute.
    pub signing_time: DateTime<Utc>,
}

/// Why a PDF could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("not a PDF file: {0}")]
    NotPdf(String),
    #[error("the PDF is encrypted: Osaava signs only unencrypted PDF/A documents")]
    Encrypted,
    #[error("the PDF has no page to carry the signature")]
    NoPage,
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    #[error("internal error while signing: {0}")]
    Internal(String),
}

/// A file that could not be read as a PDF at all (the CLI exits 2). Everything else, including
/// a damaged or tampered PDF, is a [`SignatureReport`] with problems.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("not a PDF file: {0}")]
    NotPdf(String),
}
