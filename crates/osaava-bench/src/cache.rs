//! Generated data dirs cached under `target/bench-data/`, keyed by generator version, seed and scale.
//!
//! A data dir is built in a temporary sibling and renamed into place only once `manifest.json` is
//! written, so an interrupted generation is never mistaken for a finished one.

use crate::gen::{generate, Manifest, Scale, GENERATOR_VERSION};
use std::path::{Path, PathBuf};

/// `$CARGO_TARGET_DIR`, else the workspace's `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            root.canonicalize().unwrap_or(root).join("target")
        })
}

pub fn key(seed: u64, scale: Scale) -> String {
    if scale == Scale::COUNTY {
        format!("gen{GENERATOR_VERSION}-seed{seed}")
    } else {
        format!(
            "gen{GENERATOR_VERSION}-seed{seed}-{}e-{}c-{}r-{}ev",
            scale.employees, scale.cases, scale.ratings, scale.evidence
        )
    }
}

pub fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join("manifest.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The cached data dir for `seed` and `scale` under `root`, generated first when missing.
/// Returns the dir, its manifest, and whether it was reused.
pub fn data_dir(
    root: &Path,
    seed: u64,
    scale: Scale,
    regenerate: bool,
    progress: &mut dyn FnMut(&str),
) -> Result<(PathBuf, Manifest, bool), String> {
    let dir = root.join(key(seed, scale));
    if !regenerate {
        if let Some(m) = read_manifest(&dir) {
            if m.generator_version == GENERATOR_VERSION && m.seed == seed {
                return Ok((dir, m, true));
            }
        }
    }
    std::fs::create_dir_all(root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    // Leftovers of interrupted runs.
    let stem = format!("{}.partial-", key(seed, scale));
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&stem) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let partial = root.join(format!("{stem}{}", std::process::id()));
    let manifest = match generate(&partial, seed, scale, progress) {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    let body = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
    std::fs::write(partial.join("manifest.json"), body)
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot replace {}: {e}", dir.display()))?;
    }
    std::fs::rename(&partial, &dir)
        .map_err(|e| format!("cannot move the data dir into place: {e}"))?;
    Ok((dir, manifest, false))
}
