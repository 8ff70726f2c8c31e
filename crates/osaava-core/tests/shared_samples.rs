//! Runs the importer over the public sample files in `shared/samples` (next to the
//! workspace), when they are there: every Open Badges and ePerusteet badge or unit imports,
//! the files that cannot be badges fail with a message that says why, and KOSKI and eHOKS
//! records are refused by name. Prints one line per sample (`cargo test -- --nocapture`).

use osaava_core::import::parse_badges;
use osaava_core::{Badge, Lang};
use std::path::{Path, PathBuf};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples")
}

/// Samples that cannot be a badge, and a phrase their error must contain.
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    // The BadgeClass is only a URL; Osaava does not fetch it.
    (
        "ob2/badgr-eu-hosted-assertion-badge-by-url.json",
        "names its badge only by URL",
    ),
    // Assessment fragments without the unit they belong to (no name, no code).
    (
        "eperusteet/arviointi-valid.json",
        "assessment (arviointi) on its own",
    ),
    (
        "eperusteet/arviointi-invalid-script-injection.json",
        "assessment (arviointi) on its own",
    ),
    (
        "koski-ehoks/koski-ammatillinen-tunnustettu.json",
        "KOSKI study record",
    ),
    (
        "koski-ehoks/koski-ammatillinen-osittainen-reformi-tunnustettu.json",
        "KOSKI study record",
    ),
    ("koski-ehoks/ehoks-hoks-aiemmin-hankitut.json", "eHOKS plan"),
];

fn sample_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for sub in ["ob2", "ob3", "eperusteet", "koski-ehoks"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                out.push((
                    format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()),
                    p,
                ));
            }
        }
    }
    out.sort();
    out
}

fn all_texts(b: &Badge) -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    t.extend(b.name.texts().map(str::to_string));
    t.extend(b.description.texts().map(str::to_string));
    for c in &b.criteria {
        t.extend(c.text.texts().map(str::to_string));
        t.extend(c.guidance.texts().map(str::to_string));
        for k in &c.key_points {
            t.extend(k.texts().map(str::to_string));
        }
    }
    t
}

fn outcome(name: &str, result: &Result<Vec<Badge>, osaava_core::import::ImportError>) -> String {
    match result {
        Ok(badges) => {
            let parts: Vec<String> = badges
                .iter()
                .map(|b| {
                    format!(
                        "{} \"{}\" ({}), {} criteria",
                        b.source_format.code(),
                        b.name.show(Lang::Fi),
                        b.id,
                        b.criteria.len()
                    )
                })
                .collect();
            format!("{name} → {}", parts.join("; "))
        }
        Err(e) => format!("{name} → error: {e}"),
    }
}

#[test]
fn shared_samples() {
    let dir = samples_dir();
    if !dir.is_dir() {
        eprintln!("shared_samples: {} not found; skipped", dir.display());
        return;
    }
    let files = sample_files(&dir);
    assert!(
        files.len() >= 15,
        "expected the sample set, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path).unwrap();
        let result = parse_badges(&bytes);
        println!("{}", outcome(name, &result));
        match (EXPECTED_FAILURES.iter().find(|(n, _)| n == name), &result) {
            (Some((_, phrase)), Err(e)) if e.to_string().contains(phrase) => {}
            (Some((_, phrase)), Err(e)) => {
                failures.push(format!("{name}: error should mention {phrase:?}: {e}"))
            }
            (Some(_), Ok(_)) => failures.push(format!("{name}: imported, but it is not a badge")),
            (None, Err(e)) => failures.push(format!("{name}: should import: {e}")),
            (None, Ok(badges)) => {
                for b in badges {
                    if b.criteria.is_empty() || b.name.is_empty() || b.version != 0 {
                        failures.push(format!("{name}: {} is incomplete", b.id));
                    }
                    for t in all_texts(b) {
                        if t.contains("<p>") || t.contains("<li>") || t.contains("<script") {
                            failures.push(format!("{name}: HTML left in text: {t:?}"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn read_sample(rel: &str) -> Option<Vec<u8>> {
    let p = samples_dir().join(rel);
    p.is_file().then(|| std::fs::read(p).unwrap())
}

/// The injected `<script>` in ePerusteet's negative sample, placed inside a unit: the import
/// produces plain text with the script element removed, never markup.
#[test]
fn shared_sample_script_injection_ends_up_as_plain_text() {
    let Some(bytes) = read_sample("eperusteet/arviointi-invalid-script-injection.json") else {
        eprintln!("shared samples not found; skipped");
        return;
    };
    let arviointi: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        arviointi.to_string().contains("<script>"),
        "the sample still carries its script"
    );
    let unit = serde_json::json!({"nimi": {"fi": "Testi"}, "koodiUri": "tutkinnonosat_999999", "arviointi": arviointi});
    let b = parse_badges(&serde_json::to_vec(&unit).unwrap())
        .unwrap()
        .remove(0);
    let texts = all_texts(&b);
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("<script") && !t.contains("alert(")),
        "{texts:#?}"
    );
    let kp = b.criteria[1].key_points[0].get(Lang::Sv).unwrap();
    assert_eq!(
        kp,
        "[Opiskelija tai tutkinnon suorittaja valmistaa työn ohjeistuksen mukaisesti]"
    );
}

/// What a user of the real samples sees in detail: the sote unit and the national badges.
#[test]
fn shared_sample_details() {
    if let Some(bytes) = read_sample("eperusteet/tutkinnonosa-sote-hoito-ja-huolenpito.json") {
        let b = parse_badges(&bytes).unwrap().remove(0);
        assert_eq!(b.id, "tutkinnonosat_100833");
        assert_eq!(b.criteria.len(), 14, "one criterion per assessment target");
        assert_eq!(
            b.criteria[0].text.get(Lang::Fi),
            Some("Suunnitelmallinen työskentely")
        );
        assert_eq!(b.criteria[0].key_points.len(), 4, "the T1 criteria");
        assert!(b.criteria[0]
            .guidance
            .get(Lang::Fi)
            .unwrap()
            .contains("Kiitettävä K3:"));
        assert!(b.criteria.iter().all(|c| c
            .key_points
            .iter()
            .all(|k| !k.texts().any(|t| t.contains('\n')))));
    }
    if let Some(bytes) = read_sample("eperusteet/osaamismerkit-list.json") {
        let badges = parse_badges(&bytes).unwrap();
        let ids: Vec<_> = badges.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "osaamismerkit_1000",
                "osaamismerkit_1001",
                "osaamismerkit_1002"
            ]
        );
        assert!(
            badges.iter().all(|b| b.name.sv.is_none()),
            "\"-\" is not Swedish"
        );
        assert!(badges[0]
            .image
            .as_deref()
            .unwrap()
            .starts_with("data:image/png;base64,"));
        assert_eq!(badges[2].image, None, "the SVG category image is not kept");
    }
    if let Some(bytes) =
        read_sample("eperusteet/tutkinnonosa-2019-tyopaikkaohjaajaksi-valmentautuminen.json")
    {
        let b = parse_badges(&bytes).unwrap().remove(0);
        assert!(b
            .criteria
            .iter()
            .all(|c| c.id.starts_with("ammattitaitovaatimukset_")));
        assert!(b
            .criteria
            .iter()
            .all(|c| c.text.en.is_some() && c.text.sv.is_some()));
        assert_eq!(b.alignments[0].competence_points, Some(5));
    }
}
