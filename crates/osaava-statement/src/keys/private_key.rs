//! A private key of one of the kinds Osaava uses, with PKCS#8 encoding and signing.

use super::KeyError;
use der::asn1::{AnyRef, ObjectIdentifier};
use der::Decode;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, SecretDocument};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey};
use std::fmt;

pub(crate) const ID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
pub(crate) const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
pub(crate) const ID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

/// The smallest RSA modulus accepted for signing.
pub const MIN_RSA_BITS: usize = 2048;

/// The kind of a private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlgorithm {
    EcdsaP256,
    Rsa { bits: usize },
    Ed25519,
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::EcdsaP256 => write!(f, "ECDSA P-256"),
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}-bit"),
            KeyAlgorithm::Ed25519 => write!(f, "Ed25519"),
        }
    }
}

/// A private key: ECDSA P-256 or RSA for PDF signatures, Ed25519 for credentials.
/// Its `Debug` shows the kind only, never the secret.
#[derive(Clone)]
pub enum PrivateKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
    Ed25519(ed25519_dalek::SigningKey),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({})", self.algorithm())
    }
}

impl PrivateKey {
    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            PrivateKey::P256(_) => KeyAlgorithm::EcdsaP256,
            PrivateKey::Rsa(k) => KeyAlgorithm::Rsa {
                bits: rsa::traits::PublicKeyParts::size(k.as_ref()) * 8,
            },
            PrivateKey::Ed25519(_) => KeyAlgorithm::Ed25519,
        }
    }

    /// The unencrypted PKCS#8 `PrivateKeyInfo` (zeroised on drop).
    pub fn to_pkcs8_der(&self) -> Result<SecretDocument, KeyError> {
        match self {
            PrivateKey::P256(k) => k.to_pkcs8_der(),
            PrivateKey::Rsa(k) => k.to_pkcs8_der(),
            PrivateKey::Ed25519(k) => k.to_pkcs8_der(),
        }
        .map_err(KeyError::internal)
    }

    /// Reads a PKCS#8 `PrivateKeyInfo`; refuses key kinds Osaava does not use, naming them.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, KeyError> {
        let info = pkcs8::PrivateKeyInfo::from_der(der)
            .map_err(|e| KeyError::InvalidInput(format!("not a PKCS#8 private key: {e}")))?;
        let oid = info.algorithm.oid;
        let bad = |e: pkcs8::Error| KeyError::InvalidInput(format!("damaged private key: {e}"));
        if oid == ID_EC_PUBLIC_KEY {
            let curve: Option<ObjectIdentifier> = info
                .algorithm
                .parameters
                .and_then(|p: AnyRef<'_>| p.decode_as().ok());
            return match curve {
                Some(c) if c == SECP256R1 => Ok(PrivateKey::P256(
                    p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(bad)?,
                )),
                Some(c) => Err(KeyError::UnsupportedKey(format!(
                    "the key is ECDSA on curve {}: Osaava signs with ECDSA P-256 or RSA keys",
                    curve_name(&c)
                ))),
                None => Err(KeyError::UnsupportedKey(
                    "the key is ECDSA with explicit curve parameters: use a named curve (P-256)"
                        .into(),
                )),
            };
        }
        if oid == RSA_ENCRYPTION {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(bad)?;
            let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
            if bits < MIN_RSA_BITS {
                return Err(KeyError::UnsupportedKey(format!(
                    "the RSA key has {bits} bits: at least {MIN_RSA_BITS} are needed"
                )));
            }
            return Ok(PrivateKey::Rsa(Box::new(key)));
        }
        if oid == ID_ED25519 {
            return Ok(PrivateKey::Ed25519(
                ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(bad)?,
            ));
        }
        Err(KeyError::UnsupportedKey(format!(
            "the key is {}: Osaava signs with ECDSA P-256 or RSA keys",
            algorithm_name(&oid)
        )))
    }

    /// The DER `SubjectPublicKeyInfo` of the public half.
    pub fn public_key_der(&self) -> Result<Vec<u8>, KeyError> {
        let doc = match self {
            PrivateKey::P256(k) => k.verifying_key().to_public_key_der(),
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der(),
            PrivateKey::Ed25519(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(KeyError::internal)?;
        Ok(doc.as_bytes().to_vec())
    }

    /// The CMS / X.509 signature algorithm this key signs with (always with SHA-256).
    pub(crate) fn signature_algorithm(&self) -> Result<AlgorithmIdentifierOwned, KeyError> {
        match self {
            PrivateKey::P256(_) => Ok(AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            }),
            PrivateKey::Rsa(_) => Ok(AlgorithmIdentifierOwned {
                oid: SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            }),
            PrivateKey::Ed25519(_) => Err(KeyError::UnsupportedKey(
                "an Ed25519 key cannot sign PDFs".into(),
            )),
        }
    }

    /// The longest signature this key can make, in bytes (to reserve room in a PDF).
    pub(crate) fn max_signature_len(&self) -> usize {
        match self {
            // DER SEQUENCE of two INTEGERs of up to 33 bytes each.
            PrivateKey::P256(_) => 72,
            PrivateKey::Rsa(k) => rsa::traits::PublicKeyParts::size(k.as_ref()),
            PrivateKey::Ed25519(_) => 64,
        }
    }

    /// Signs `message` (hashed with SHA-256 by the algorithm): a DER ECDSA signature or an RSA
    /// PKCS#1 v1.5 signature.
    pub(crate) fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        use signature::{SignatureEncoding, Signer};
        match self {
            PrivateKey::P256(k) => {
                let sig: p256::ecdsa::DerSignature =
                    k.try_sign(message).map_err(KeyError::internal)?;
                Ok(sig.to_vec())
            }
            PrivateKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(k.as_ref().clone());
                let sig = signer.try_sign(message).map_err(KeyError::internal)?;
                Ok(sig.to_vec())
            }
            PrivateKey::Ed25519(_) => Err(KeyError::UnsupportedKey(
                "an Ed25519 key cannot sign PDFs".into(),
            )),
        }
    }
}

pub(crate) fn curve_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        SECP256R1 => "P-256".into(),
        SECP384R1 => "P-384".into(),
        SECP521R1 => "P-521".into(),
        _ => oid.to_string(),
    }
}

pub(crate) fn algorithm_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        ID_EC_PUBLIC_KEY => "ECDSA".into(),
        RSA_ENCRYPTION => "RSA".into(),
        RSASSA_PSS => "RSA-PSS".into(),
        ID_ED25519 => "Ed25519".into(),
        ID_ED448 => "Ed448".into(),
        _ => format!("of an unknown kind (OID {oid})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Encode;
    use rand_core::OsRng;

    #[test]
    fn pkcs8_round_trip_keeps_each_kind() {
        let keys = [
            PrivateKey::P256(p256::ecdsa::SigningKey::random(&mut OsRng)),
            PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(&mut OsRng)),
        ];
        for key in keys {
            let der = key.to_pkcs8_der().unwrap();
            let back = PrivateKey::from_pkcs8_der(der.as_bytes()).unwrap();
            assert_eq!(back.algorithm(), key.algorithm());
            assert_eq!(
                back.public_key_der().unwrap(),
                key.public_key_der().unwrap()
            );
        }
    }

    #[test]
    fn p384_key_is_refused_with_its_curve_named() {
        // A P-384 PKCS#8 key made by OpenSSL (`openssl genpkey -algorithm EC -pkeyopt
        // ec_paramgen_curve:P-384`): only the algorithm identifier matters here.
        let info = pkcs8::PrivateKeyInfo::new(
            pkcs8::AlgorithmIdentifierRef {
                oid: ID_EC_PUBLIC_KEY,
                parameters: Some((&SECP384R1).into()),
            },
            &[0x30, 0x03, 0x02, 0x01, 0x01],
        );
        let der = info.to_der().unwrap();
        let err = PrivateKey::from_pkcs8_der(&der).unwrap_err();
        assert!(matches!(err, KeyError::UnsupportedKey(_)), "{err:?}");
        assert!(err.to_string().contains("P-384"), "{err}");
    }
}
