//! Checking a signature with a public key: used for certificate chains and CMS signer infos.
//! ECDSA (P-256, P-384) and RSA PKCS#1 v1.5, each with SHA-256, SHA-384 or SHA-512.

use super::private_key::{ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP256R1, SECP384R1};
use der::asn1::ObjectIdentifier;
use der::Encode;
use sha2::Digest;
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

pub(crate) const ID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const ID_SHA384: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub(crate) const ID_SHA512: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SignatureCheck {
    /// The signature does not match.
    Invalid,
    /// An algorithm or key kind this code does not check, named.
    Unsupported(String),
}

#[derive(Clone, Copy)]
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        match *oid {
            ID_SHA256 => Some(Hash::Sha256),
            ID_SHA384 => Some(Hash::Sha384),
            ID_SHA512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    pub(crate) fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => sha2::Sha256::digest(message).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(message).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(message).to_vec(),
        }
    }
}

/// Checks `signature` over `message` by the key in `spki`. `digest_alg` is used when the
/// signature algorithm names no hash (CMS allows `rsaEncryption` or `id-ecPublicKey` there).
pub(crate) fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    signature_alg: &AlgorithmIdentifierOwned,
    digest_alg: Option<&ObjectIdentifier>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureCheck> {
    let (ecdsa, hash) = match signature_alg.oid {
        ECDSA_WITH_SHA256 => (true, Some(Hash::Sha256)),
        ECDSA_WITH_SHA384 => (true, Some(Hash::Sha384)),
        ECDSA_WITH_SHA512 => (true, Some(Hash::Sha512)),
        SHA256_WITH_RSA => (false, Some(Hash::Sha256)),
        SHA384_WITH_RSA => (false, Some(Hash::Sha384)),
        SHA512_WITH_RSA => (false, Some(Hash::Sha512)),
        ID_EC_PUBLIC_KEY => (true, digest_alg.and_then(Hash::from_oid)),
        RSA_ENCRYPTION => (false, digest_alg.and_then(Hash::from_oid)),
        other => {
            return Err(SignatureCheck::Unsupported(format!(
                "signature algorithm {other}"
            )))
        }
    };
    let hash = hash.ok_or_else(|| {
        SignatureCheck::Unsupported(format!(
            "digest algorithm {}",
            digest_alg
                .map(|o| o.to_string())
                .unwrap_or_else(|| "(none)".into())
        ))
    })?;
    let digest = hash.digest(message);
    if ecdsa {
        if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
            return Err(SignatureCheck::Invalid);
        }
        let curve: Option<ObjectIdentifier> = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as().ok());
        let point = spki.subject_public_key.raw_bytes();
        match curve {
            Some(SECP256R1) => {
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                    .map_err(|_| SignatureCheck::Invalid)?;
                let sig = p256::ecdsa::Signature::from_der(signature)
                    .map_err(|_| SignatureCheck::Invalid)?;
                key.verify_prehash(&digest, &sig)
                    .map_err(|_| SignatureCheck::Invalid)
            }
            Some(SECP384R1) => {
                let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                    .map_err(|_| SignatureCheck::Invalid)?;
                let sig = p384::ecdsa::Signature::from_der(signature)
                    .map_err(|_| SignatureCheck::Invalid)?;
                key.verify_prehash(&digest, &sig)
                    .map_err(|_| SignatureCheck::Invalid)
            }
            Some(other) => Err(SignatureCheck::Unsupported(format!(
                "ECDSA on curve {}",
                super::private_key::curve_name(&other)
            ))),
            None => Err(SignatureCheck::Unsupported(
                "ECDSA with explicit curve parameters".into(),
            )),
        }
    } else {
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(SignatureCheck::Invalid);
        }
        let der = spki.to_der().map_err(|_| SignatureCheck::Invalid)?;
        let key =
            rsa::RsaPublicKey::from_public_key_der(&der).map_err(|_| SignatureCheck::Invalid)?;
        let scheme = match hash {
            Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        key.verify(scheme, &digest, signature)
            .map_err(|_| SignatureCheck::Invalid)
    }
}

/// Whether `cert` carries a valid signature by `issuer`'s key.
pub(crate) fn issued_by(cert: &Certificate, issuer: &Certificate) -> Result<(), SignatureCheck> {
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|_| SignatureCheck::Invalid)?;
    let sig = cert.signature.as_bytes().ok_or(SignatureCheck::Invalid)?;
    verify_signature(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm,
        None,
        &tbs,
        sig,
    )
}
