//! The peer: pyHanko (from `.venv`, made by scripts/setup-python.sh) signing the same unsigned
//! PDF with the same assessor key and chain, and validating the same signed PDF against the same
//! CA; as the command line (`pyhanko sign addsig` / `pyhanko sign validate`, a process each) and
//! as the library in one process (key loaded once, as our in-process figures have it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The files pyHanko works from.
pub struct PeerFiles {
    pub key: PathBuf,
    pub cert: PathBuf,
    pub chain: PathBuf,
    pub ca: PathBuf,
    pub unsigned: PathBuf,
    pub signed: PathBuf,
}

pub fn venv_bin(name: &str) -> Result<PathBuf, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.venv/bin")
        .join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: run scripts/setup-python.sh (pyHanko is the benchmark's peer)",
            path.display()
        ))
    }
}

/// The assessor's key as unencrypted PKCS#8 for pyHanko (`openssl pkey`, which opens our
/// encrypted keys), and the certificate chain split into the signer's and the rest.
pub fn identity_files(
    data_dir: &Path,
    passphrase: &str,
    out: &Path,
) -> Result<(PathBuf, PathBuf, PathBuf), String> {
    let assessors = data_dir.join("keys/assessors");
    let key_file = std::fs::read_dir(&assessors)
        .map_err(|e| format!("{}: {e}", assessors.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".key.pem"))
        .ok_or("no assessor key: issue a statement first")?;
    let chain_file = PathBuf::from(
        key_file
            .to_string_lossy()
            .replace(".key.pem", ".pem")
            .to_string(),
    );
    let key = out.join("signer.key.pem");
    let status = Command::new("openssl")
        .args(["pkey", "-passin", "env:OSAAVA_BENCH_KEY_PASS", "-in"])
        .arg(&key_file)
        .arg("-out")
        .arg(&key)
        .env("OSAAVA_BENCH_KEY_PASS", passphrase)
        .status()
        .map_err(|e| format!("openssl (Debian: openssl): {e}"))?;
    if !status.success() {
        return Err(format!(
            "openssl pkey could not open {}",
            key_file.display()
        ));
    }
    let pem = std::fs::read_to_string(&chain_file)
        .map_err(|e| format!("{}: {e}", chain_file.display()))?;
    let blocks: Vec<String> = pem
        .split_inclusive("-----END CERTIFICATE-----")
        .filter(|b| b.contains("-----BEGIN CERTIFICATE-----"))
        .map(|b| format!("{}\n", b.trim()))
        .collect();
    if blocks.len() < 2 {
        return Err(format!(
            "{} holds {} certificates",
            chain_file.display(),
            blocks.len()
        ));
    }
    let cert = out.join("signer.pem");
    let chain = out.join("chain.pem");
    std::fs::write(&cert, &blocks[0]).map_err(|e| e.to_string())?;
    std::fs::write(&chain, blocks[1..].concat()).map_err(|e| e.to_string())?;
    Ok((key, cert, chain))
}

fn run_timed(cmd: &mut Command) -> Result<(Duration, String), String> {
    let t = Instant::now();
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    let took = t.elapsed();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {said}"));
    }
    Ok((took, said))
}

/// `pyhanko sign addsig --use-pades pemder …` on the unsigned PDF, `runs` times (plus one warm-up
/// run that fills the OS file cache). Returns the wall times and the last signed file.
pub fn cli_sign(
    f: &PeerFiles,
    out: &Path,
    runs: usize,
) -> Result<(Vec<Duration>, PathBuf), String> {
    let pyhanko = venv_bin("pyhanko")?;
    let signed = out.join("pyhanko-signed.pdf");
    let mut times = Vec::new();
    for i in 0..=runs {
        let (took, _) = run_timed(
            Command::new(&pyhanko)
                .args(["sign", "addsig", "--field", "Signature1", "--use-pades"])
                .args(["pemder", "--no-pass", "--key"])
                .arg(&f.key)
                .arg("--cert")
                .arg(&f.cert)
                .arg("--chain")
                .arg(&f.chain)
                .arg(&f.unsigned)
                .arg(&signed),
        )?;
        if i > 0 {
            times.push(took);
        }
    }
    Ok((times, signed))
}

/// `pyhanko sign validate --trust CA --trust-replace` on our signed PDF, which it must find
/// INTACT:TRUSTED,UNTOUCHED.
pub fn cli_validate(f: &PeerFiles, runs: usize) -> Result<Vec<Duration>, String> {
    let pyhanko = venv_bin("pyhanko")?;
    let mut times = Vec::new();
    for i in 0..=runs {
        let (took, said) = run_timed(
            Command::new(&pyhanko)
                .args(["sign", "validate", "--trust"])
                .arg(&f.ca)
                .arg("--trust-replace")
                .arg(&f.signed),
        )?;
        if !said.contains("INTACT:TRUSTED,UNTOUCHED") {
            return Err(format!("pyHanko did not find our statement valid: {said}"));
        }
        if i > 0 {
            times.push(took);
        }
    }
    Ok(times)
}

/// pyHanko as a library in one Python process: the key, chain and CA loaded once; each timing is
/// `sign_pdf` into memory, or `validate_pdf_signature` with a new validation context.
const IN_PROCESS: &str = r#"
import io, json, sys, time
t0 = time.perf_counter()
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.keys import load_cert_from_pemder
from pyhanko_certvalidator import ValidationContext
imports_ms = (time.perf_counter() - t0) * 1000
key, cert, chain, ca, unsigned, signed, n = sys.argv[1:8]
n = int(n)
signer = signers.SimpleSigner.load(key, cert, ca_chain_files=(chain,), key_passphrase=None)
data = open(unsigned, "rb").read()
ours = open(signed, "rb").read()
root = load_cert_from_pemder(ca)
meta = signers.PdfSignatureMetadata(field_name="Signature1", subfilter=SigSeedSubFilter.PADES)
sign_ms, validate_ms = [], []
for i in range(n + 1):
    t = time.perf_counter()
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer)
    if i:
        sign_ms.append((time.perf_counter() - t) * 1000)
for i in range(n + 1):
    t = time.perf_counter()
    status = validate_pdf_signature(PdfFileReader(io.BytesIO(ours)).embedded_signatures[0],
                                    ValidationContext(trust_roots=[root]))
    took = (time.perf_counter() - t) * 1000
    if not (status.bottom_line and status.coverage.name == "ENTIRE_FILE"):
        sys.exit("pyHanko did not find our statement valid: " + status.pretty_print_details())
    if i:
        validate_ms.append(took)
print(json.dumps({"imports_ms": imports_ms, "sign_ms": sign_ms, "validate_ms": validate_ms}))
"#;

pub struct InProcess {
    pub imports_ms: f64,
    pub sign: Vec<Duration>,
    pub validate: Vec<Duration>,
}

pub fn in_process(f: &PeerFiles, runs: usize) -> Result<InProcess, String> {
    let python = venv_bin("python")?;
    let (_, said) = run_timed(
        Command::new(python)
            .args(["-c", IN_PROCESS])
            .arg(&f.key)
            .arg(&f.cert)
            .arg(&f.chain)
            .arg(&f.ca)
            .arg(&f.unsigned)
            .arg(&f.signed)
            .arg(runs.to_string()),
    )?;
    let line = said
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("pyHanko in-process run said: {said}"))?;
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let times = |key: &str| -> Vec<Duration> {
        v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_f64())
                    .map(|ms| Duration::from_secs_f64(ms / 1000.0))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(InProcess {
        imports_ms: v["imports_ms"].as_f64().unwrap_or(0.0),
        sign: times("sign_ms"),
        validate: times("validate_ms"),
    })
}
