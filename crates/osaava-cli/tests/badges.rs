//! The badge library through the CLI: seeding, listing, showing, importing, exporting.

mod common;
use common::{template, Cli};

#[test]
fn a_new_data_dir_is_created_and_seeded_with_the_starter_library() {
    let cli = Cli::new();
    let list = cli.ok_json(&["badges", "list"]);
    let list = list.as_array().unwrap();
    assert!(
        list.len() >= 10,
        "starter library has {} badges",
        list.len()
    );
    assert!(cli.data_dir().join("osaava.sqlite3").exists());
    for b in list {
        for key in ["id", "version", "name", "criteria_count", "source_format"] {
            assert!(b.get(key).is_some(), "badge summary lacks {key}: {b}");
        }
        assert!(b["criteria_count"].as_u64().unwrap() >= 5, "{}", b["id"]);
        for lang in ["fi", "sv", "en"] {
            assert!(
                b["name"][lang].as_str().is_some_and(|s| !s.is_empty()),
                "{} lacks name.{lang}",
                b["id"]
            );
        }
    }
    // Opening again does not seed twice.
    assert_eq!(
        cli.ok_json(&["badges", "list"]).as_array().unwrap().len(),
        list.len()
    );
}

#[test]
fn show_gives_criteria_with_guidance_and_alignments() {
    let cli = Cli::new();
    let first = cli.ok_json(&["badges", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = cli.ok_json(&["badges", "show", &first]);
    assert_eq!(b["id"], first.as_str());
    assert!(b["version"].as_u64().unwrap() >= 1);
    assert!(b["description"]["fi"].is_string());
    let criteria = b["criteria"].as_array().unwrap();
    assert!(criteria.len() >= 5);
    for c in criteria {
        assert!(c["id"].is_string() && c["text"]["fi"].is_string() && c["mandatory"].is_boolean());
        assert!(
            c["guidance"]["fi"].is_string(),
            "criterion {} has no guidance",
            c["id"]
        );
    }
    assert!(b["alignments"].is_array());
}

#[test]
fn unknown_badge_is_a_clear_exit_2() {
    let cli = Cli::new();
    let r = cli.run(&["badges", "show", "no-such-badge", "--json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-badge"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn same_badge_twice_changes_nothing_and_changed_content_is_a_new_version() {
    let cli = Cli::new();
    let v1 = cli.write(
        "v1.json",
        template("test-badge", &[("a", "Käsihygienia"), ("b", "Suojaimet")]),
    );
    let r = cli.ok_json(&["badges", "import", v1.to_str().unwrap()]);
    assert_eq!(r["files"][0]["badges"][0]["status"], "new");
    assert_eq!(r["files"][0]["badges"][0]["version"], 1);
    let before = cli.library();

    let again = cli.ok_json(&["badges", "import", v1.to_str().unwrap()]);
    assert_eq!(again["files"][0]["badges"][0]["status"], "unchanged");
    assert_eq!(cli.library(), before);

    let v2 = cli.write(
        "v2.json",
        template(
            "test-badge",
            &[("a", "Käsihygienia"), ("b", "Suojainten käyttö")],
        ),
    );
    let r = cli.ok_json(&["badges", "import", v2.to_str().unwrap()]);
    assert_eq!(r["files"][0]["badges"][0]["version"], 2);
    let show = cli.ok_json(&["badges", "show", "test-badge"]);
    assert_eq!(show["version"], 2);
    assert_eq!(show["versions"].as_array().unwrap().len(), 2);
    let old = cli.ok_json(&["badges", "show", "test-badge", "--version", "1"]);
    assert_eq!(old["criteria"][1]["text"]["fi"], "Suojaimet");
}

#[test]
fn list_searches_criteria_text_and_filters_by_alignment() {
    let cli = Cli::new();
    let f = cli.write(
        "t.json",
        template("test-badge", &[("a", "Zyxwvutsrq-harvinainen sana")]),
    );
    cli.ok_json(&["badges", "import", f.to_str().unwrap()]);
    let hits = cli.ok_json(&["badges", "list", "--query", "ZYXWVUTSRQ"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["id"], "test-badge");
    let aligned = cli.ok_json(&["badges", "list", "--alignment", "tutkinnonosat_107502"]);
    assert!(aligned
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["id"] == "test-badge"));
    let all = cli.ok_json(&["badges", "list"]).as_array().unwrap().len();
    assert!(
        aligned.as_array().unwrap().len() < all,
        "the filter must narrow the list"
    );
    let none = cli.ok_json(&[
        "badges",
        "list",
        "--query",
        "no badge mentions this qwertyuiop",
    ]);
    assert!(none.as_array().unwrap().is_empty());
}

#[test]
fn export_ob3_writes_an_achievement_that_imports_back() {
    let cli = Cli::new();
    let id = cli.ok_json(&["badges", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = cli.path("achievement.json");
    let r = cli.run(&[
        "badges",
        "export",
        &id,
        "--format",
        "ob3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let types = doc["type"].to_string();
    assert!(types.contains("Achievement"), "{types}");
    let original = cli.ok_json(&["badges", "show", &id]);

    // Importing the export into another library gives the same criteria.
    let other = Cli::new();
    let imported = other.ok_json(&["badges", "import", out.to_str().unwrap()]);
    let new_id = imported["files"][0]["badges"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let back = other.ok_json(&["badges", "show", &new_id]);
    assert_eq!(
        back["criteria"].as_array().unwrap().len(),
        original["criteria"].as_array().unwrap().len()
    );

    // Without --out it goes to stdout.
    let r = cli.run(&["badges", "export", &id, "--format", "ob3"]);
    assert_eq!(r.code, 0);
    assert!(r.json()["type"].to_string().contains("Achievement"));
}

#[test]
fn human_output_follows_the_language() {
    let cli = Cli::new();
    let fi = cli.run_env(&["badges", "list"], &[("LANG", "fi_FI.UTF-8")]);
    assert_eq!(fi.code, 0);
    assert!(fi.stdout.contains("Kriteerit"), "{}", fi.stdout);
    let sv = cli.run_env(&["badges", "list"], &[("LANG", "sv_FI.UTF-8")]);
    assert!(sv.stdout.contains("Kriterier"), "{}", sv.stdout);
    let en = cli.run(&["badges", "list"]);
    assert!(en.stdout.contains("Criteria"), "{}", en.stdout);
}
