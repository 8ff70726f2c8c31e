//! Private keys at rest: PKCS#8 `EncryptedPrivateKeyInfo` PEM, PBES2 with PBKDF2-HMAC-SHA256 and
//! AES-256-CBC. `openssl pkey -in FILE` opens these files with the same passphrase.

use super::{KeyError, PrivateKey};
use der::pem::LineEnding;
use der::SecretDocument;
use rand_core::{OsRng, RngCore};

/// PBKDF2-HMAC-SHA256 iterations for new key files (OWASP's 2023 recommendation).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// A key file asking for more work than this is refused rather than left to hang.
const MAX_ITERATIONS: u32 = 10_000_000;
const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// Encrypts `key` under `passphrase` as an `ENCRYPTED PRIVATE KEY` PEM.
pub fn encrypt_key_pem(key: &PrivateKey, passphrase: &str) -> Result<String, KeyError> {
    if passphrase.is_empty() {
        return Err(KeyError::InvalidInput("the passphrase is empty".into()));
    }
    let plain = key.to_pkcs8_der()?;
    let info = pkcs8::PrivateKeyInfo::try_from(plain.as_bytes()).map_err(KeyError::internal)?;
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let params = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(PBKDF2_ITERATIONS, &salt, &iv)
        .map_err(KeyError::internal)?;
    let encrypted = info
        .encrypt_with_params(params, passphrase.as_bytes())
        .map_err(KeyError::internal)?;
    let pem = encrypted
        .to_pem(ENCRYPTED_LABEL, LineEnding::LF)
        .map_err(KeyError::internal)?;
    Ok(pem.to_string())
}

/// Decrypts a key written by [`encrypt_key_pem`] (or by OpenSSL with PBES2).
/// A wrong passphrase gives [`KeyError::WrongPassphrase`].
pub fn decrypt_key_pem(pem: &str, passphrase: &str) -> Result<PrivateKey, KeyError> {
    let (label, doc) = SecretDocument::from_pem(pem).map_err(|e| {
        KeyError::NotEncryptedKey(format!("expected a PEM block \"{ENCRYPTED_LABEL}\": {e}"))
    })?;
    match label {
        ENCRYPTED_LABEL => {}
        "PRIVATE KEY" | "EC PRIVATE KEY" | "RSA PRIVATE KEY" => {
            return Err(KeyError::NotEncryptedKey(format!(
                "the key is stored without encryption (PEM \"{label}\"): Osaava keeps keys encrypted"
            )))
        }
        other => {
            return Err(KeyError::NotEncryptedKey(format!(
                "the PEM block is \"{other}\", expected \"{ENCRYPTED_LABEL}\""
            )))
        }
    }
    decrypt_key_der(doc.as_bytes(), passphrase)
}

/// Decrypts a DER `EncryptedPrivateKeyInfo` (PBES2) under `passphrase`.
pub(crate) fn decrypt_key_der(der: &[u8], passphrase: &str) -> Result<PrivateKey, KeyError> {
    let encrypted = pkcs8::EncryptedPrivateKeyInfo::try_from(der).map_err(|e| {
        KeyError::NotEncryptedKey(format!("damaged or unsupported encrypted key: {e}"))
    })?;
    if let Some(pbes2) = encrypted.encryption_algorithm.pbes2() {
        if let Some(p) = pbes2.kdf.pbkdf2() {
            if p.iteration_count > MAX_ITERATIONS {
                return Err(KeyError::NotEncryptedKey(format!(
                    "the key asks for {} PBKDF2 iterations, more than the {MAX_ITERATIONS} allowed",
                    p.iteration_count
                )));
            }
        }
    }
    let plain = match encrypted.decrypt(passphrase.as_bytes()) {
        Ok(plain) => plain,
        // pkcs5 0.7.1 reports a bad padding on decryption as `EncryptFailed`.
        Err(pkcs8::Error::EncryptedPrivateKey(
            pkcs5::Error::DecryptFailed | pkcs5::Error::EncryptFailed,
        )) => return Err(KeyError::WrongPassphrase),
        Err(e) => {
            return Err(KeyError::NotEncryptedKey(format!(
                "cannot decrypt the key: {e}"
            )))
        }
    };
    // A wrong passphrase passes the padding check about once in 256 tries; the plaintext is
    // then no PKCS#8 structure.
    match PrivateKey::from_pkcs8_der(plain.as_bytes()) {
        Ok(key) => Ok(key),
        Err(KeyError::InvalidInput(_)) => Err(KeyError::WrongPassphrase),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let key = PrivateKey::P256(p256::ecdsa::SigningKey::random(&mut OsRng));
        let pem = encrypt_key_pem(&key, "oikea tunnuslause åäö").unwrap();
        assert!(
            pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
            "{pem}"
        );
        let back = decrypt_key_pem(&pem, "oikea tunnuslause åäö").unwrap();
        assert_eq!(
            back.public_key_der().unwrap(),
            key.public_key_der().unwrap()
        );

        let err = decrypt_key_pem(&pem, "väärä").unwrap_err();
        assert!(matches!(err, KeyError::WrongPassphrase), "{err:?}");
        assert_eq!(
            err.to_string(),
            "wrong passphrase: the key could not be unlocked with it"
        );
    }

    #[test]
    fn unencrypted_and_foreign_pem_are_refused_by_name() {
        let key = PrivateKey::P256(p256::ecdsa::SigningKey::random(&mut OsRng));
        let plain = key
            .to_pkcs8_der()
            .unwrap()
            .to_pem("PRIVATE KEY", LineEnding::LF)
            .unwrap();
        let err = decrypt_key_pem(&plain, "x").unwrap_err();
        assert!(matches!(err, KeyError::NotEncryptedKey(_)), "{err:?}");
        assert!(err.to_string().contains("without encryption"), "{err}");

        let err = decrypt_key_pem("not a key at all", "x").unwrap_err();
        assert!(matches!(err, KeyError::NotEncryptedKey(_)), "{err:?}");
    }

    #[test]
    fn empty_passphrase_is_refused() {
        let key = PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(&mut OsRng));
        assert!(matches!(
            encrypt_key_pem(&key, ""),
            Err(KeyError::InvalidInput(_))
        ));
    }
}

/// How long one unlock takes on this machine (a measurement, not a check):
/// `cargo test -p osaava-statement --release --lib unlock_time -- --ignored --nocapture`.
#[cfg(test)]
#[test]
#[ignore = "a measurement; run with --release --ignored --nocapture"]
fn unlock_time() {
    let key = PrivateKey::P256(p256::ecdsa::SigningKey::random(&mut OsRng));
    let pem = encrypt_key_pem(&key, "tunnuslause").unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = std::time::Instant::now();
        decrypt_key_pem(&pem, "tunnuslause").unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "unlock (PBKDF2-HMAC-SHA256 x {PBKDF2_ITERATIONS} + AES-256-CBC): median {:?} of 5",
        times[2]
    );
}
