//! The evidence vault: files stored by SHA-256 under the data dir, each content once.
//!
//! A file is written to a temporary name, flushed to disk and renamed into place, so the vault
//! never holds half a file; the caller records it in the database only after `put` returns.

use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("{0:?} is not a SHA-256 address")]
    BadAddress(String),
    #[error("the vault file {sha256} is missing; restore the data dir from a backup")]
    Missing { sha256: String },
    #[error(
        "the vault file {sha256} has been changed on disk (its content no longer matches its hash)"
    )]
    Tampered { sha256: String },
    #[error("the evidence vault at {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub struct Vault {
    root: PathBuf,
}

impl Vault {
    pub fn new(root: &Path) -> Vault {
        Vault {
            root: root.to_path_buf(),
        }
    }

    /// Where a file lives: `vault/ab/abcdef…`. Only 64 lower-case hex digits make an address,
    /// so no address can point outside the vault.
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf, VaultError> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(VaultError::BadAddress(sha256.to_string()));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }

    /// Stores `bytes` (durably) and returns their SHA-256; storing the same content again is a no-op.
    pub fn put(&self, bytes: &[u8]) -> Result<String, VaultError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha256)?;
        if path.exists() {
            return Ok(sha256);
        }
        let dir = path.parent().expect("vault paths have a parent");
        let io = |source| VaultError::Io {
            path: dir.display().to_string(),
            source,
        };
        fs::create_dir_all(dir).map_err(io)?;
        let tmp = dir.join(format!(".{sha256}.{}.partial", std::process::id()));
        let mut f = File::create(&tmp).map_err(io)?;
        f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
        drop(f);
        fs::rename(&tmp, &path).map_err(io)?;
        // Make the rename itself durable.
        File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
        Ok(sha256)
    }

    /// Reads a file back, checking that it still matches its hash.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, VaultError> {
        let path = self.path_of(sha256)?;
        let bytes = fs::read(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => VaultError::Missing {
                sha256: sha256.to_string(),
            },
            _ => VaultError::Io {
                path: path.display().to_string(),
                source,
            },
        })?;
        if hex::encode(Sha256::digest(&bytes)) != sha256 {
            return Err(VaultError::Tampered {
                sha256: sha256.to_string(),
            });
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_content_is_stored_once_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(&dir.path().join("vault"));
        let a = vault.put(b"Havainnointi 12.3.").unwrap();
        let b = vault.put(b"Havainnointi 12.3.").unwrap();
        assert_eq!(a, b);
        let files: Vec<_> = walk(&dir.path().join("vault"));
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(vault.get(&a).unwrap(), b"Havainnointi 12.3.");
    }

    #[test]
    fn no_address_escapes_the_vault() {
        let vault = Vault::new(Path::new("/tmp/vault"));
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF",
            &"g".repeat(64),
            &format!("../{}", "a".repeat(61)),
        ] {
            assert!(
                matches!(vault.path_of(bad), Err(VaultError::BadAddress(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_changed_file_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path());
        let sha = vault.put(b"original").unwrap();
        fs::write(vault.path_of(&sha).unwrap(), b"changed").unwrap();
        assert!(matches!(vault.get(&sha), Err(VaultError::Tampered { .. })));
        fs::remove_file(vault.path_of(&sha).unwrap()).unwrap();
        assert!(matches!(vault.get(&sha), Err(VaultError::Missing { .. })));
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
