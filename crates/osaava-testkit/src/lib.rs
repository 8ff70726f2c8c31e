//! Helpers for integration tests that check our output with independent tools. Every outside
//! tool is required: a missing one fails the test naming the package that has it
//! (scripts/setup.sh installs them all).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root")
}

/// Runs an outside tool; a missing one fails naming its `package`.
pub fn tool(program: &str, package: &str, args: &[&str]) -> Output {
    match Command::new(program).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{program} is missing: install {package} (scripts/setup.sh does)")
        }
        Err(e) => panic!("running {program}: {e}"),
    }
}

/// A tool's stdout followed by its stderr.
pub fn output_text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The pyHanko command-line tool in the repository's .venv.
pub fn pyhanko() -> PathBuf {
    let path = repo_root().join(".venv/bin/pyhanko");
    assert!(
        path.exists(),
        "{} is missing: install the pip packages pyhanko and pyhanko-cli (scripts/setup-python.sh does)",
        path.display()
    );
    path
}

/// poppler's pdfsig with its own NSS database.
pub struct Pdfsig {
    _dir: tempfile::TempDir,
    db: String,
}

impl Pdfsig {
    /// pdfsig trusting the CA certificate in `ca_pem`. pdfsig (poppler 22.12) checks the chain
    /// for the S/MIME usage, so the CA is trusted in the middle column (",C,"); with "C,,"
    /// it says "Certificate issuer isn't Trusted".
    pub fn trusting(ca_pem: &Path) -> Pdfsig {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = format!("sql:{}", dir.path().display());
        let made = tool(
            "certutil",
            "libnss3-tools",
            &["-N", "-d", &db, "--empty-password"],
        );
        assert!(made.status.success(), "certutil -N: {}", output_text(&made));
        let ca = ca_pem.to_str().expect("a UTF-8 path");
        let added = tool(
            "certutil",
            "libnss3-tools",
            &[
                "-A",
                "-d",
                &db,
                "-n",
                "osaava-ca",
                "-t",
                ",C,",
                "-a",
                "-i",
                ca,
            ],
        );
        assert!(
            added.status.success(),
            "certutil -A: {}",
            output_text(&added)
        );
        Pdfsig { _dir: dir, db }
    }

    /// Everything pdfsig prints about `pdf`.
    pub fn says(&self, pdf: &Path) -> String {
        let file = pdf.to_str().expect("a UTF-8 path");
        output_text(&tool(
            "pdfsig",
            "poppler-utils",
            &["-nssdir", &self.db, file],
        ))
    }

    /// Whether pdfsig calls the signature valid and covering the whole document ("Not total
    /// document signed" is how it reports bytes after the signed range), and what it said.
    pub fn accepts(&self, pdf: &Path) -> (bool, String) {
        let said = self.says(pdf);
        (
            said.contains("Signature is Valid") && said.contains("Total document signed"),
            said,
        )
    }
}
