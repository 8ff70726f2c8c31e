//! Certificates as PEM: the root a college trusts (`keys export-ca`), trust files for `verify`.

use super::KeyError;
use der::pem::LineEnding;
use der::{Decode, DecodePem, EncodePem};
use x509_cert::Certificate;

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// One certificate as a `CERTIFICATE` PEM block (LF line ends).
pub fn certificate_to_pem(cert: &Certificate) -> Result<String, KeyError> {
    cert.to_pem(LineEnding::LF).map_err(KeyError::internal)
}

/// Several certificates, one PEM block after another.
pub fn certificates_to_pem(certs: &[Certificate]) -> Result<String, KeyError> {
    let mut out = String::new();
    for c in certs {
        out.push_str(&certificate_to_pem(c)?);
    }
    Ok(out)
}

/// Every `CERTIFICATE` block in a PEM file, in order. Text around the blocks (such as
/// `openssl x509 -text` output) and other blocks are ignored; a file with no certificate, or a
/// damaged block, is an error. A single DER certificate (`.cer`) is accepted too.
pub fn certificates_from_pem(bytes: &[u8]) -> Result<Vec<Certificate>, KeyError> {
    if bytes.first() == Some(&0x30) {
        return Certificate::from_der(bytes)
            .map(|c| vec![c])
            .map_err(|e| KeyError::Certificate(format!("not a DER certificate: {e}")));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| KeyError::Certificate("not a PEM file (not text)".into()))?;
    let mut certs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start..];
        let end = after.find(END).ok_or_else(|| {
            KeyError::Certificate(format!(
                "certificate {} has no \"{END}\" line",
                certs.len() + 1
            ))
        })?;
        let block = &after[..end + END.len()];
        let normalised = block.replace("\r\n", "\n");
        let cert = Certificate::from_pem(normalised.as_bytes()).map_err(|e| {
            KeyError::Certificate(format!("certificate {} is damaged: {e}", certs.len() + 1))
        })?;
        certs.push(cert);
        rest = &after[end + END.len()..];
    }
    if certs.is_empty() {
        return Err(KeyError::Certificate(format!("no \"{BEGIN}\" block found")));
    }
    Ok(certs)
}
