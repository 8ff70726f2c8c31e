//! PKCS#12 (.p12/.pfx) import: an organisation with a certificate from a real CA brings its key
//! and chain in one file.
//!
//! Read: the password MAC (SHA-1, SHA-256/384/512), PBES2 (PBKDF2 + AES-CBC, what OpenSSL 3
//! writes by default), and the legacy PKCS#12 PBEs that older tools and Windows still write
//! (SHA-1 with 3-key triple DES, SHA-1 with 40- or 128-bit RC2). The key must be ECDSA P-256 or
//! RSA (≥ 2048 bits); the chain is ordered signer first by following issuer names.

use super::encrypted::decrypt_key_der;
use super::{KeyError, PrivateKey, SigningIdentity};
use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyIvInit};
use cms::content_info::ContentInfo;
use cms::encrypted_data::EncryptedData;
use der::asn1::{ContextSpecific, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use hmac::{Mac, SimpleHmac};
use pkcs12::kdf::{derive_key_utf8, Pkcs12KeyType};
use pkcs12::mac_data::MacData;
use pkcs12::pbe_params::{EncryptedPrivateKeyInfo, Pkcs12PbeParams};
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::SafeContents;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const ID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");

/// More MAC or KDF iterations than this is refused rather than left to hang.
const MAX_ITERATIONS: i32 = 10_000_000;
/// Nested SafeContents bags deeper than this are refused.
const MAX_DEPTH: usize = 4;

/// Reads a PKCS#12 file protected by `passphrase`: its private key and certificate chain.
/// A wrong passphrase gives [`KeyError::WrongPassphrase`].
pub fn import_pkcs12(bytes: &[u8], passphrase: &str) -> Result<SigningIdentity, KeyError> {
    let pfx = Pfx::from_der(bytes)
        .map_err(|e| KeyError::Pkcs12(format!("not a PKCS#12 (.p12/.pfx) file: {e}")))?;
    if pfx.auth_safe.content_type != ID_DATA {
        return Err(KeyError::Pkcs12(
            "the file uses public-key integrity protection, which is not supported: export it \
             with a password"
                .into(),
        ));
    }
    let auth_safe = pfx.auth_safe.content.value();
    // Without a MAC, a wrong passphrase shows when decryption fails.
    if let Some(mac) = &pfx.mac_data {
        verify_mac(mac, passphrase, auth_safe)?;
    }

    let safes = Vec::<ContentInfo>::from_der(auth_safe).map_err(damaged)?;
    let mut found = Found::default();
    for safe in &safes {
        let data = if safe.content_type == ID_DATA {
            OctetString::from_der(&safe.content.to_der().map_err(damaged)?)
                .map_err(damaged)?
                .into_bytes()
        } else if safe.content_type == ID_ENCRYPTED_DATA {
            let enc = EncryptedData::from_der(&safe.content.to_der().map_err(damaged)?)
                .map_err(damaged)?;
            match &enc.enc_content_info.encrypted_content {
                Some(c) => decrypt(
                    &enc.enc_content_info.content_enc_alg,
                    c.as_bytes(),
                    passphrase,
                )?,
                None => continue,
            }
        } else {
            return Err(KeyError::Pkcs12(format!(
                "a part of the file has content type {}, which is not supported",
                safe.content_type
            )));
        };
        read_bags(&data, passphrase, &mut found, 0)?;
    }

    let (key, key_id) = match found.keys.len() {
        0 => return Err(KeyError::Pkcs12("the file holds no private key".into())),
        1 => found.keys.remove(0),
        n => {
            return Err(KeyError::Pkcs12(format!(
                "the file holds {n} private keys: export only the signing key and its chain"
            )))
        }
    };
    let key_spki = key.public_key_der()?;
    let signer_index = found
        .certs
        .iter()
        .position(|(c, _)| {
            c.tbs_certificate.subject_public_key_info.to_der().ok() == Some(key_spki.clone())
        })
        .or_else(|| {
            key_id.as_ref().and_then(|id| {
                found
                    .certs
                    .iter()
                    .position(|(_, cid)| cid.as_ref() == Some(id))
            })
        })
        .ok_or_else(|| {
            KeyError::Pkcs12("the file holds no certificate for its private key".into())
        })?;
    let mut pool: Vec<Certificate> = found.certs.into_iter().map(|(c, _)| c).collect();
    let mut chain = vec![pool.remove(signer_index)];
    // Follow issuer names; stop at a self-issued certificate.
    while chain.len() < 10 {
        let last = chain.last().expect("chain has the signer");
        if last.tbs_certificate.issuer == last.tbs_certificate.subject {
            break;
        }
        match pool
            .iter()
            .position(|c| c.tbs_certificate.subject == last.tbs_certificate.issuer)
        {
            Some(i) => chain.push(pool.remove(i)),
            None => break,
        }
    }
    SigningIdentity::new(key, chain)
}

#[derive(Default)]
struct Found {
    keys: Vec<(PrivateKey, Option<Vec<u8>>)>,
    certs: Vec<(Certificate, Option<Vec<u8>>)>,
}

fn damaged(e: der::Error) -> KeyError {
    KeyError::Pkcs12(format!("the file is damaged: {e}"))
}

fn read_bags(
    data: &[u8],
    passphrase: &str,
    found: &mut Found,
    depth: usize,
) -> Result<(), KeyError> {
    if depth > MAX_DEPTH {
        return Err(KeyError::Pkcs12("SafeContents nested too deep".into()));
    }
    let bags = SafeContents::from_der(data).map_err(damaged)?;
    for bag in bags {
        let local_key_id = bag.bag_attributes.as_ref().and_then(|attrs| {
            attrs
                .iter()
                .find(|a| a.oid == LOCAL_KEY_ID)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .map(|o| o.into_bytes())
        });
        match bag.bag_id {
            pkcs12::PKCS_12_CERT_BAG_OID => {
                let cs: ContextSpecific<pkcs12::cert_type::CertBag> =
                    ContextSpecific::from_der(&bag.bag_value).map_err(damaged)?;
                if cs.value.cert_id != pkcs12::PKCS_12_X509_CERT_OID {
                    continue; // SDSI certificates: not used.
                }
                let cert = Certificate::from_der(cs.value.cert_value.as_bytes()).map_err(|e| {
                    KeyError::Pkcs12(format!("a certificate in the file is damaged: {e}"))
                })?;
                found.certs.push((cert, local_key_id));
            }
            pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                let cs: ContextSpecific<EncryptedPrivateKeyInfo> =
                    ContextSpecific::from_der(&bag.bag_value).map_err(damaged)?;
                let alg = &cs.value.encryption_algorithm;
                let key = if alg.oid == ID_PBES2 {
                    // The same structure as an encrypted PKCS#8 key file.
                    decrypt_key_der(&cs.value.to_der().map_err(damaged)?, passphrase)?
                } else {
                    let plain = decrypt(alg, cs.value.encrypted_data.as_bytes(), passphrase)?;
                    PrivateKey::from_pkcs8_der(&plain).map_err(|e| match e {
                        KeyError::InvalidInput(_) => KeyError::WrongPassphrase,
                        other => other,
                    })?
                };
                found.keys.push((key, local_key_id));
            }
            pkcs12::PKCS_12_KEY_BAG_OID => {
                let cs: ContextSpecific<der::Any> =
                    ContextSpecific::from_der(&bag.bag_value).map_err(damaged)?;
                let key = PrivateKey::from_pkcs8_der(&cs.value.to_der().map_err(damaged)?)?;
                found.keys.push((key, local_key_id));
            }
            pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID => {
                let cs: ContextSpecific<der::Any> =
                    ContextSpecific::from_der(&bag.bag_value).map_err(damaged)?;
                read_bags(
                    &cs.value.to_der().map_err(damaged)?,
                    passphrase,
                    found,
                    depth + 1,
                )?;
            }
            _ => {} // CRL and secret bags: not used.
        }
    }
    Ok(())
}

fn verify_mac(mac: &MacData, passphrase: &str, data: &[u8]) -> Result<(), KeyError> {
    if mac.iterations < 1 || mac.iterations > MAX_ITERATIONS {
        return Err(KeyError::Pkcs12(format!(
            "MAC iteration count {} is out of range",
            mac.iterations
        )));
    }
    let salt = mac.mac_salt.as_bytes();
    let expected = mac.mac.digest.as_bytes();
    let ok = match mac.mac.algorithm.oid {
        ID_SHA1 => hmac_check::<sha1::Sha1>(passphrase, salt, mac.iterations, data, expected)?,
        ID_SHA256 => hmac_check::<sha2::Sha256>(passphrase, salt, mac.iterations, data, expected)?,
        ID_SHA384 => hmac_check::<sha2::Sha384>(passphrase, salt, mac.iterations, data, expected)?,
        ID_SHA512 => hmac_check::<sha2::Sha512>(passphrase, salt, mac.iterations, data, expected)?,
        other => {
            return Err(KeyError::Pkcs12(format!(
                "MAC digest algorithm {other} is not supported"
            )))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(KeyError::WrongPassphrase)
    }
}

fn hmac_check<D>(
    passphrase: &str,
    salt: &[u8],
    iterations: i32,
    data: &[u8],
    expected: &[u8],
) -> Result<bool, KeyError>
where
    D: sha2::Digest
        + sha2::digest::FixedOutputReset
        + sha2::digest::core_api::BlockSizeUser
        + Clone,
{
    let out_len = <D as sha2::Digest>::output_size();
    let key = derive_key_utf8::<D>(passphrase, salt, Pkcs12KeyType::Mac, iterations, out_len)
        .map_err(|e| KeyError::Pkcs12(format!("the passphrase cannot be used: {e}")))?;
    let mut mac = <SimpleHmac<D> as Mac>::new_from_slice(&key).map_err(KeyError::internal)?;
    Mac::update(&mut mac, data);
    Ok(mac.verify_slice(expected).is_ok())
}

/// Decrypts PBES2 or a legacy PKCS#12 PBE. Padding failures mean a wrong passphrase.
fn decrypt(
    alg: &AlgorithmIdentifierOwned,
    data: &[u8],
    passphrase: &str,
) -> Result<Vec<u8>, KeyError> {
    let params_der = alg
        .parameters
        .as_ref()
        .ok_or_else(|| KeyError::Pkcs12("encryption parameters are missing".into()))?
        .to_der()
        .map_err(damaged)?;
    if alg.oid == ID_PBES2 {
        let params = pkcs5::pbes2::Parameters::from_der(&params_der)
            .map_err(|e| KeyError::Pkcs12(format!("unsupported PBES2 encryption: {e}")))?;
        return params
            .decrypt(passphrase.as_bytes(), data)
            .map_err(|e| match e {
                // pkcs5 0.7.1 reports a bad padding on decryption as `EncryptFailed`.
                pkcs5::Error::DecryptFailed | pkcs5::Error::EncryptFailed => {
                    KeyError::WrongPassphrase
                }
                other => KeyError::Pkcs12(format!("cannot decrypt: {other}")),
            });
    }
    let params = Pkcs12PbeParams::from_der(&params_der).map_err(damaged)?;
    if params.iterations < 1 || params.iterations > MAX_ITERATIONS {
        return Err(KeyError::Pkcs12(format!(
            "iteration count {} is out of range",
            params.iterations
        )));
    }
    let salt = params.salt.as_bytes();
    let derive = |kind, len| {
        derive_key_utf8::<sha1::Sha1>(passphrase, salt, kind, params.iterations, len)
            .map_err(|e| KeyError::Pkcs12(format!("the passphrase cannot be used: {e}")))
    };
    let wrong = |_| KeyError::WrongPassphrase;
    match alg.oid {
        pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => {
            let key = derive(Pkcs12KeyType::EncryptionKey, 24)?;
            let iv = derive(Pkcs12KeyType::Iv, 8)?;
            cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(KeyError::internal)?
                .decrypt_padded_vec_mut::<Pkcs7>(data)
                .map_err(wrong)
        }
        pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC
        | pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => {
            let bytes = if alg.oid == pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC {
                5
            } else {
                16
            };
            let key = derive(Pkcs12KeyType::EncryptionKey, bytes)?;
            let iv = derive(Pkcs12KeyType::Iv, 8)?;
            let cipher = rc2::Rc2::new_with_eff_key_len(&key, bytes * 8);
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                .map_err(KeyError::internal)?
                .decrypt_padded_vec_mut::<Pkcs7>(data)
                .map_err(wrong)
        }
        other => Err(KeyError::Pkcs12(format!(
            "encryption {other} is not supported: export the file with AES (OpenSSL 3's default) \
             or triple DES"
        ))),
    }
}
