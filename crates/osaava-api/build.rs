//! Embeds the starter badge library (templates/badges/*.json) into the binary,
//! so a new data dir can be seeded offline with no files beside the program.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/badges");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".json") && !name.ends_with(".schema.json")
    });
    files.sort();
    let mut out = String::from("/// (file name, JSON) of every starter badge template.\npub static STARTER_BADGES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let abs = fs::canonicalize(f).expect("template path");
        let name = f.file_name().unwrap().to_string_lossy();
        out += &format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        );
    }
    out += "];\n";
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("starter_badges.rs"),
        out,
    )
    .unwrap();
}
