//! `osaava backup create|inspect|restore` against the real binary: the manifest as JSON, a restore
//! that needs --yes and keeps the old data dir aside, and a damaged backup refused with exit
//! code 2 and nothing changed.

mod common;
use common::Cli;

fn people(cli: &Cli) -> Vec<String> {
    let mut v: Vec<String> = cli
        .ok_json(&["people", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn create_inspect_and_restore_with_yes() {
    let cli = Cli::new();
    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Aino Mäkelä",
        "--role",
        "employee",
    ]);
    let file = cli.path("b.osaava-backup");
    let f = file.to_str().unwrap();
    let made = cli.ok_json(&["backup", "create", "--out", f]);
    assert_eq!(made["kind"], "osaava-backup");
    assert_eq!(made["counts"]["people"], 1);
    assert_eq!(made["members"][0]["path"], "osaava.sqlite3");
    let inspected = cli.ok_json(&["backup", "inspect", f]);
    assert_eq!(inspected, made);

    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Myöhempi Lisäys",
        "--role",
        "employee",
    ]);
    // Without --yes nothing is replaced.
    let r = cli.run(&["backup", "restore", f]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(people(&cli), ["Aino Mäkelä", "Myöhempi Lisäys"]);

    let report = cli.ok_json(&["backup", "restore", f, "--yes"]);
    assert_eq!(people(&cli), ["Aino Mäkelä"]);
    let kept = std::path::PathBuf::from(report["previous_data_dir"].as_str().unwrap());
    assert!(kept.join("osaava.sqlite3").exists());
    assert_eq!(report["manifest"]["created_at"], made["created_at"]);
}

#[test]
fn a_damaged_backup_is_refused_with_exit_code_2_and_nothing_changes() {
    let cli = Cli::new();
    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Aino Mäkelä",
        "--role",
        "employee",
    ]);
    let file = cli.path("b.osaava-backup");
    cli.ok_json(&["backup", "create", "--out", file.to_str().unwrap()]);
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 3;
    bytes[mid] ^= 0x10;
    let damaged = cli.write("damaged.osaava-backup", &bytes);
    let d = damaged.to_str().unwrap();
    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Myöhempi Lisäys",
        "--role",
        "employee",
    ]);
    for args in [
        vec!["backup", "inspect", d],
        vec!["backup", "restore", d, "--yes"],
    ] {
        let r = cli.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    }
    assert_eq!(people(&cli), ["Aino Mäkelä", "Myöhempi Lisäys"]);
    let siblings: Vec<_> = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("before-restore") || n.contains("restoring"))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
}
