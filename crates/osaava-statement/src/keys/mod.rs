//! Keys and certificates: the organisation's root CA, assessor certificates, the credential key,
//! private keys encrypted at rest, PKCS#12 import and PEM certificates.
//!
//! Choices, and why:
//! - Every PDF signing key is ECDSA P-256 (poppler's pdfsig rejects Ed25519 signatures). An
//!   imported PKCS#12 may also hold an RSA key (≥ 2048 bits, PKCS#1 v1.5 with SHA-256), as real
//!   CAs often issue them; anything else is refused with the key type named.
//! - The Finnish business ID goes into the subject as `organizationIdentifier` (2.5.4.97) with the
//!   ETSI EN 319 412-1 §5.1.4 semantics identifier `NTRFI-0112038-9` ("national trade register",
//!   Finland), beside `O`, `C=FI` and `CN`. That is how EU qualified certificates name a legal
//!   person, so the same parser reads certificates from real Finnish CAs.
//! - Private keys at rest are PKCS#8 `EncryptedPrivateKeyInfo` PEM with PBES2:
//!   PBKDF2-HMAC-SHA256, 600 000 iterations (OWASP's 2023 figure), AES-256-CBC, 16-byte salt.
//!   scrypt would be memory-hard, but OpenSSL refuses scrypt above 32 MiB, and a key file that
//!   `openssl pkey` can open is worth more to an organisation than the difference.
//! - No clock is read here: `now` is passed in. Randomness (keys, serials, salts) comes from the OS.

mod ca;
mod encrypted;
mod names;
mod pem;
mod pkcs12;
mod private_key;
#[cfg(test)]
mod tests;
pub(crate) mod verify;

pub use ca::{
    create_credential_key, create_org_ca, issue_assessor_certificate, ASSESSOR_VALIDITY_MONTHS,
    CA_VALIDITY_MONTHS,
};
pub use encrypted::{decrypt_key_pem, encrypt_key_pem, PBKDF2_ITERATIONS};
pub use names::{
    business_id_from_organization_identifier, display_name, subject_info, SubjectInfo,
};
pub use pem::{certificate_to_pem, certificates_from_pem, certificates_to_pem};
pub use pkcs12::import_pkcs12;
pub use private_key::{KeyAlgorithm, PrivateKey};

pub use x509_cert::Certificate;

use der::Encode;

/// What can go wrong with keys and certificates. `WrongPassphrase` is its own variant so the
/// CLI can exit 2 with a clear message.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("wrong passphrase: the key could not be unlocked with it")]
    WrongPassphrase,
    #[error("not an encrypted private key: {0}")]
    NotEncryptedKey(String),
    #[error("{0}")]
    UnsupportedKey(String),
    #[error("PKCS#12 file: {0}")]
    Pkcs12(String),
    #[error("certificate: {0}")]
    Certificate(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("internal error in keys: {0}")]
    Internal(String),
}

impl KeyError {
    pub(crate) fn internal(e: impl std::fmt::Display) -> KeyError {
        KeyError::Internal(e.to_string())
    }
}

/// The organisation's root certificate authority: it signs assessor certificates.
pub struct OrgCa {
    pub key: p256::ecdsa::SigningKey,
    pub certificate: Certificate,
}

impl std::fmt::Debug for OrgCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgCa")
            .field(
                "subject",
                &self.certificate.tbs_certificate.subject.to_string(),
            )
            .finish_non_exhaustive()
    }
}

/// A key that signs PDFs and its certificate chain: `chain[0]` is the signer's certificate,
/// then its issuers up to (and including) the root.
#[derive(Debug)]
pub struct SigningIdentity {
    pub key: PrivateKey,
    pub chain: Vec<Certificate>,
}

impl SigningIdentity {
    /// Checks that the key can sign PDFs and that `chain[0]` is its certificate.
    pub fn new(key: PrivateKey, chain: Vec<Certificate>) -> Result<SigningIdentity, KeyError> {
        let identity = SigningIdentity { key, chain };
        identity.check()?;
        Ok(identity)
    }

    pub(crate) fn check(&self) -> Result<(), KeyError> {
        match self.key.algorithm() {
            KeyAlgorithm::EcdsaP256 | KeyAlgorithm::Rsa { .. } => {}
            other => {
                return Err(KeyError::UnsupportedKey(format!(
                    "{other} keys cannot sign PDFs: use ECDSA P-256 or RSA"
                )))
            }
        }
        let cert = self.chain.first().ok_or_else(|| {
            KeyError::Certificate("the signing identity has no certificate".into())
        })?;
        let cert_spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(KeyError::internal)?;
        if cert_spki != self.key.public_key_der()? {
            return Err(KeyError::Certificate(format!(
                "the certificate of {} is not for this private key",
                cert.tbs_certificate.subject
            )));
        }
        Ok(())
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.chain[0]
    }
}
