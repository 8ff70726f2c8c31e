//! The data dir's keys: the organisation CA (or an imported signer), assessor certificates and
//! the credential key. Files under `keys/`; private keys only as encrypted PKCS#8.
//!
//! One passphrase protects every key of a data dir: it is the organisation's laptop, and the
//! assessor who issues a statement is the person who unlocks it.

use crate::dto::{AssessorCertificate, CertificateView, KeysInfo, KeysMode};
use crate::error::{ApiError, ErrorCode, ErrorKind};
use crate::App;
use chrono::{DateTime, Utc};
use der::Encode;
use osaava_core::Person;
use osaava_statement::keys::{
    certificates_from_pem, certificates_to_pem, create_credential_key, create_org_ca,
    decrypt_key_pem, display_name, encrypt_key_pem, import_pkcs12, issue_assessor_certificate,
    subject_info, Certificate, KeyError, OrgCa, PrivateKey, SigningIdentity,
};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const CA_CERT: &str = "org-ca.pem";
const CA_KEY: &str = "org-ca.key.pem";
const SIGNER_CHAIN: &str = "org-signer.pem";
const SIGNER_KEY: &str = "org-signer.key.pem";
const CREDENTIAL_KEY: &str = "credential.key.pem";
const ASSESSORS: &str = "assessors";
/// The subject name of the own CA's certificate that signs revocation lists.
const REVOCATION_SIGNER: &str = "Osaava revocation list";
/// An assessor certificate closer than this to its end is renewed before signing.
const RENEW_DAYS: i64 = 30;
pub(crate) const MIN_PASSPHRASE_CHARS: usize = 8;

pub(crate) fn key_error(e: KeyError) -> ApiError {
    match e {
        KeyError::WrongPassphrase => ApiError::bad_input(
            "wrong passphrase: the organisation's keys could not be unlocked (OSAAVA_PASSPHRASE or the prompt)",
        )
        .with_code(ErrorCode::WrongPassphrase),
        KeyError::Internal(_) => ApiError::internal(e.to_string()),
        other => ApiError::bad_input(other.to_string()),
    }
}

pub(crate) struct KeyDir {
    dir: PathBuf,
}

impl KeyDir {
    pub(crate) fn new(data_dir: &Path) -> KeyDir {
        KeyDir {
            dir: data_dir.join("keys"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub(crate) fn mode(&self) -> KeysMode {
        if self.path(SIGNER_KEY).exists() {
            KeysMode::Imported
        } else if self.path(CA_KEY).exists() {
            KeysMode::OwnCa
        } else {
            KeysMode::None
        }
    }

    fn read(&self, name: &str) -> Result<String, ApiError> {
        let path = self.path(name);
        std::fs::read_to_string(&path)
            .map_err(|e| ApiError::internal(format!("cannot read {}: {e}", path.display())))
    }

    /// Writes through a temporary file, synced and renamed; private keys are readable by the owner only.
    fn write(&self, name: &str, text: &str) -> Result<(), ApiError> {
        let path = self.path(name);
        let dir = path.parent().expect("a key file is inside keys/");
        std::fs::create_dir_all(dir)
            .map_err(|e| ApiError::internal(format!("cannot create {}: {e}", dir.display())))?;
        let tmp = dir.join(format!(
            ".{}.partial",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("key")
        ));
        let fail =
            |e: std::io::Error| ApiError::internal(format!("cannot write {}: {e}", path.display()));
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&tmp).map_err(fail)?;
            file.write_all(text.as_bytes()).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
        std::fs::rename(&tmp, &path).map_err(fail)
    }

    fn certificates(&self, name: &str) -> Result<Vec<Certificate>, ApiError> {
        certificates_from_pem(self.read(name)?.as_bytes()).map_err(key_error)
    }

    fn key(&self, name: &str, passphrase: &str) -> Result<PrivateKey, ApiError> {
        decrypt_key_pem(&self.read(name)?, passphrase).map_err(key_error)
    }

    /// The certificate colleges trust: the own CA, or the root of the imported chain.
    pub(crate) fn root(&self) -> Result<Option<Certificate>, ApiError> {
        Ok(match self.mode() {
            KeysMode::None => None,
            KeysMode::OwnCa => self.certificates(CA_CERT)?.into_iter().next(),
            KeysMode::Imported => self.certificates(SIGNER_CHAIN)?.pop(),
        })
    }

    pub(crate) fn credential_key(
        &self,
        passphrase: &str,
    ) -> Result<ed25519_dalek::SigningKey, ApiError> {
        match self.key(CREDENTIAL_KEY, passphrase)? {
            PrivateKey::Ed25519(k) => Ok(k),
            other => Err(ApiError::internal(format!(
                "{CREDENTIAL_KEY} holds a {} key",
                other.algorithm()
            ))),
        }
    }

    fn credential_issuer(&self) -> Result<Option<String>, ApiError> {
        let path = self.path("credential.did");
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(self.read("credential.did")?.trim().to_string()))
    }

    fn ensure_credential_key(&self, passphrase: &str) -> Result<(), ApiError> {
        if self.path(CREDENTIAL_KEY).exists() {
            return Ok(());
        }
        let key = create_credential_key();
        let did = osaava_statement::credential::did_key(&key.verifying_key());
        self.write(
            CREDENTIAL_KEY,
            &encrypt_key_pem(&PrivateKey::Ed25519(key), passphrase).map_err(key_error)?,
        )?;
        self.write("credential.did", &format!("{did}\n"))
    }

    fn org_ca(&self, passphrase: &str) -> Result<OrgCa, ApiError> {
        let certificate = self
            .certificates(CA_CERT)?
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::internal(format!("{CA_CERT} holds no certificate")))?;
        match self.key(CA_KEY, passphrase)? {
            PrivateKey::P256(key) => Ok(OrgCa { key, certificate }),
            other => Err(ApiError::internal(format!(
                "{CA_KEY} holds a {} key",
                other.algorithm()
            ))),
        }
    }

    /// The key and chain that sign a statement by `assessor`: the imported signer, or the
    /// assessor's own certificate from the organisation CA (issued or renewed as needed).
    pub(crate) fn signing_identity(
        &self,
        assessor: &Person,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<SigningIdentity, ApiError> {
        match self.mode() {
            KeysMode::None => Err(no_keys()),
            KeysMode::Imported => {
                let key = self.key(SIGNER_KEY, passphrase)?;
                SigningIdentity::new(key, self.certificates(SIGNER_CHAIN)?).map_err(key_error)
            }
            KeysMode::OwnCa => self.own_ca_identity(
                &format!("{ASSESSORS}/{}", assessor.id),
                &assessor.name,
                assessor.title.as_deref(),
                passphrase,
                now,
            ),
        }
    }

    /// The organisation's own signature, for documents no assessor signs (the revocation list):
    /// the imported signer, or a certificate from the own CA kept for this purpose.
    pub(crate) fn organisation_identity(
        &self,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<SigningIdentity, ApiError> {
        match self.mode() {
            KeysMode::None => Err(no_keys()),
            KeysMode::Imported => {
                let key = self.key(SIGNER_KEY, passphrase)?;
                SigningIdentity::new(key, self.certificates(SIGNER_CHAIN)?).map_err(key_error)
            }
            KeysMode::OwnCa => self.own_ca_identity(
                "revocation-signer",
                REVOCATION_SIGNER,
                None,
                passphrase,
                now,
            ),
        }
    }

    /// A certificate from the own CA stored as `<stem>.pem` and `<stem>.key.pem`; issued anew when
    /// missing, for another name, from another CA, or near its end.
    fn own_ca_identity(
        &self,
        stem: &str,
        name: &str,
        title: Option<&str>,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<SigningIdentity, ApiError> {
        let cert_file = format!("{stem}.pem");
        let key_file = format!("{stem}.key.pem");
        let ca = self.org_ca(passphrase)?;
        if self.path(&key_file).exists() {
            let chain = self.certificates(&cert_file)?;
            let current = chain.first().is_some_and(|c| {
                let (_, until) = validity(c);
                subject_info(c).common_name.as_deref() == Some(name)
                    && until - now > chrono::Duration::days(RENEW_DAYS)
                    && chain.last() == Some(&ca.certificate)
            });
            if current {
                return SigningIdentity::new(self.key(&key_file, passphrase)?, chain)
                    .map_err(key_error);
            }
        }
        let identity = issue_assessor_certificate(&ca, name, title, now).map_err(key_error)?;
        self.write(
            &cert_file,
            &certificates_to_pem(&identity.chain).map_err(key_error)?,
        )?;
        self.write(
            &key_file,
            &encrypt_key_pem(&identity.key, passphrase).map_err(key_error)?,
        )?;
        Ok(identity)
    }
}

/// The keys of a data dir, unlocked once with its passphrase. Signing identities are opened (and
/// assessor certificates issued) on first use and kept for the next statement.
pub struct UnlockedKeys {
    dir: KeyDir,
    passphrase: String,
    pub(crate) credential: ed25519_dalek::SigningKey,
    identities:
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<SigningIdentity>>>,
}

impl UnlockedKeys {
    pub(crate) fn identity_for(
        &self,
        assessor: &Person,
        now: DateTime<Utc>,
    ) -> Result<std::sync::Arc<SigningIdentity>, ApiError> {
        // One lock for the whole lookup: two threads must not issue two certificates for one assessor.
        let mut cache = self.identities.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = cache.get(&assessor.id) {
            return Ok(found.clone());
        }
        let identity =
            std::sync::Arc::new(self.dir.signing_identity(assessor, &self.passphrase, now)?);
        cache.insert(assessor.id.clone(), identity.clone());
        Ok(identity)
    }
}

pub(crate) fn no_keys() -> ApiError {
    ApiError::bad_input(
        "this data dir has no signing keys yet: run `osaava init` (or import a PKCS#12 file) first",
    )
    .with_code(ErrorCode::KeysMissing)
}

fn validity(cert: &Certificate) -> (DateTime<Utc>, DateTime<Utc>) {
    let v = &cert.tbs_certificate.validity;
    let at = |t: x509_cert::time::Time| {
        DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0)
            .unwrap_or_default()
    };
    (at(v.not_before), at(v.not_after))
}

pub(crate) fn certificate_view(cert: &Certificate) -> CertificateView {
    let info = subject_info(cert);
    let (from, to) = validity(cert);
    let der = cert.to_der().unwrap_or_default();
    CertificateView {
        subject: display_name(&cert.tbs_certificate.subject),
        organisation: info.organisation,
        business_id: info.business_id,
        issuer: display_name(&cert.tbs_certificate.issuer),
        not_before: from.to_rfc3339(),
        not_after: to.to_rfc3339(),
        sha256_fingerprint: hex::encode(Sha256::digest(der)),
    }
}

fn check_new_passphrase(passphrase: &str) -> Result<(), ApiError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(ApiError::bad_input(format!(
            "the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters: it protects the keys that sign statements"
        ))
        .with_code(ErrorCode::PassphraseTooShort)
        .with_param("min", MIN_PASSPHRASE_CHARS));
    }
    Ok(())
}

impl App {
    pub(crate) fn key_dir(&self) -> KeyDir {
        KeyDir::new(self.data_dir())
    }

    /// Opens the keys with the passphrase; a wrong one is refused here, before anything is written.
    pub fn unlock_keys(&self, passphrase: &str) -> Result<UnlockedKeys, ApiError> {
        let dir = self.key_dir();
        if dir.mode() == KeysMode::None {
            return Err(no_keys());
        }
        let credential = dir.credential_key(passphrase)?;
        Ok(UnlockedKeys {
            dir,
            passphrase: passphrase.to_string(),
            credential,
            identities: Default::default(),
        })
    }

    /// Creates the organisation CA and the credential key; with keys already there, checks that
    /// the passphrase opens them and changes nothing.
    pub fn init_keys(&self, passphrase: &str) -> Result<KeysInfo, ApiError> {
        let keys = self.key_dir();
        if keys.mode() != KeysMode::None {
            match keys.mode() {
                KeysMode::OwnCa => drop(keys.org_ca(passphrase)?),
                _ => drop(keys.key(SIGNER_KEY, passphrase)?),
            }
            return self.keys_info();
        }
        check_new_passphrase(passphrase)?;
        let org = self.organisation()?.ok_or_else(|| {
            ApiError::bad_input(
                "set the organisation first: `osaava org set --name NAME --business-id 1234567-8`",
            )
            .with_code(ErrorCode::OrganisationMissing)
        })?;
        let ca = create_org_ca(&org.name, &org.business_id, self.clock_now()).map_err(key_error)?;
        keys.ensure_credential_key(passphrase)?;
        // The key first: a CA certificate without its key would look like a finished set-up.
        let ca_pem =
            certificates_to_pem(std::slice::from_ref(&ca.certificate)).map_err(key_error)?;
        keys.write(CA_CERT, &ca_pem)?;
        keys.write(
            CA_KEY,
            &encrypt_key_pem(&PrivateKey::P256(ca.key), passphrase).map_err(key_error)?,
        )?;
        let now = self.now();
        let fingerprint = certificate_view(&ca.certificate).sha256_fingerprint;
        self.store().write(|db| {
            db.audit(
                &now,
                &self.actor(),
                "keys.created",
                "organisation",
                None,
                Some(&fingerprint),
            )
        })?;
        self.keys_info()
    }

    /// Uses a certificate from an outside CA (PKCS#12) to sign statements instead of an own CA.
    pub fn import_pkcs12(
        &self,
        file: &[u8],
        file_passphrase: &str,
        passphrase: &str,
    ) -> Result<KeysInfo, ApiError> {
        let keys = self.key_dir();
        if keys.mode() != KeysMode::None {
            return Err(ApiError::new(
                ErrorKind::Conflict,
                "this data dir already has signing keys; import a PKCS#12 file into a new data dir",
            )
            .with_code(ErrorCode::KeysExist));
        }
        check_new_passphrase(passphrase)?;
        let identity = import_pkcs12(file, file_passphrase).map_err(|e| match e {
            KeyError::WrongPassphrase => {
                ApiError::bad_input("wrong passphrase for the PKCS#12 file")
                    .with_code(ErrorCode::Pkcs12WrongPassphrase)
            }
            KeyError::Internal(_) => key_error(e),
            // Not PKCS#12, a key type we cannot sign with, no certificate for the key: the
            // file cannot be used, whatever the detail.
            other => key_error(other).with_code(ErrorCode::Pkcs12Unreadable),
        })?;
        keys.ensure_credential_key(passphrase)?;
        keys.write(
            SIGNER_KEY,
            &encrypt_key_pem(&identity.key, passphrase).map_err(key_error)?,
        )?;
        keys.write(
            SIGNER_CHAIN,
            &certificates_to_pem(&identity.chain).map_err(key_error)?,
        )?;
        let now = self.now();
        let view = certificate_view(identity.certificate());
        self.store().write(|db| {
            db.audit(
                &now,
                &self.actor(),
                "keys.imported",
                "organisation",
                None,
                Some(&view.sha256_fingerprint),
            )
        })?;
        self.keys_info()
    }

    pub fn keys_info(&self) -> Result<KeysInfo, ApiError> {
        let keys = self.key_dir();
        let mode = keys.mode();
        let signer = match mode {
            KeysMode::Imported => keys
                .certificates(SIGNER_CHAIN)?
                .first()
                .map(certificate_view),
            _ => None,
        };
        let mut assessors = Vec::new();
        if let Ok(entries) = std::fs::read_dir(keys.path(ASSESSORS)) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(person) = name.strip_suffix(".pem").filter(|p| !p.ends_with(".key")) {
                    if let Some(cert) = keys.certificates(&format!("{ASSESSORS}/{name}"))?.first() {
                        assessors.push(AssessorCertificate {
                            person: person.to_string(),
                            certificate: certificate_view(cert),
                        });
                    }
                }
            }
        }
        assessors.sort_by(|a, b| a.person.cmp(&b.person));
        Ok(KeysInfo {
            mode,
            root: keys.root()?.as_ref().map(certificate_view),
            signer,
            credential_issuer: keys.credential_issuer()?,
            assessors,
        })
    }

    /// The PEM of the certificate colleges trust.
    pub fn export_ca(&self) -> Result<String, ApiError> {
        let root = self.key_dir().root()?.ok_or_else(no_keys)?;
        certificates_to_pem(&[root]).map_err(key_error)
    }
}
