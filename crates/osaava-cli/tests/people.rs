//! People and the organisation through the CLI.

mod common;
use common::Cli;

#[test]
fn people_are_added_and_listed() {
    let cli = Cli::new();
    let a = cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Aino Mäkelä",
        "--role",
        "employee",
    ]);
    let id = a["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Sari Öhman",
        "--role",
        "assessor",
        "--email",
        "sari@hoiva.fi",
        "--title",
        "sairaanhoitaja",
    ]);
    let people = cli.ok_json(&["people", "list"]);
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 2);
    let aino = people.iter().find(|p| p["id"] == id.as_str()).unwrap();
    assert_eq!(aino["name"], "Aino Mäkelä");
    assert_eq!(aino["role"], "employee");
    let sari = people.iter().find(|p| p["role"] == "assessor").unwrap();
    assert_eq!(sari["title"], "sairaanhoitaja");
}

#[test]
fn bad_person_input_is_refused_and_nothing_is_written() {
    let cli = Cli::new();
    let r = cli.run(&["people", "add", "--name", "  ", "--role", "employee"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("name"), "{}", r.stderr);
    let r = cli.run(&["people", "add", "--name", "X", "--role", "nurse"]);
    assert_eq!(r.code, 2, "an unknown role is a usage error");
    let r = cli.run(&[
        "people",
        "add",
        "--name",
        "X",
        "--role",
        "employee",
        "--email",
        "not-an-address",
    ]);
    assert_eq!(r.code, 2);
    assert!(cli
        .ok_json(&["people", "list"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn organisation_business_id_is_checked() {
    let cli = Cli::new();
    let r = cli.run(&[
        "org",
        "set",
        "--name",
        "Hoivakoti Kotikallio",
        "--business-id",
        "0112038-8",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("check digit should be 9"), "{}", r.stderr);
    assert_eq!(cli.ok_json(&["org", "show"]), serde_json::Value::Null);

    let org = cli.ok_json(&[
        "org",
        "set",
        "--name",
        "Hoivakoti Kotikallio",
        "--business-id",
        "0112038-9",
    ]);
    assert_eq!(org["business_id"], "0112038-9");
    assert_eq!(
        cli.ok_json(&["org", "show"])["name"],
        "Hoivakoti Kotikallio"
    );
}

#[test]
fn usage_errors_exit_2() {
    let cli = Cli::new();
    assert_eq!(cli.run(&["no-such-command"]).code, 2);
    assert_eq!(cli.run(&["badges", "import"]).code, 2);
}

#[test]
fn a_data_dir_from_a_newer_osaava_is_refused() {
    let cli = Cli::new();
    cli.ok_json(&["people", "list"]);
    // Fake a database written by a future Osaava (tests may reach under the store).
    let raw = rusqlite::Connection::open(cli.data_dir().join("osaava.sqlite3")).unwrap();
    raw.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', '2031-01-01T00:00:00Z')",
        [osaava_store::LATEST_SCHEMA + 1],
    )
    .unwrap();
    drop(raw);
    let r = cli.run(&["people", "list"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("newer version of Osaava"), "{}", r.stderr);
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

/// A small workplace with Finnish and Finland-Swedish names.
fn workplace(cli: &Cli) {
    for (name, role, email) in [
        ("Aino Mäkelä", "employee", Some("aino.makela@pirha.fi")),
        ("Pekka Äijälä", "employee", None),
        ("Anna-Maija Åberg", "employee", None),
        ("Sari Öhman", "assessor", Some("sari.ohman@pirha.fi")),
        ("Maarit Virtanen", "employee", None),
        ("Juha-Pekka Mäkinen", "employee", None),
        ("Mikko Lind", "employee", None),
    ] {
        let mut args = vec!["people", "add", "--name", name, "--role", role];
        if let Some(e) = email {
            args.extend(["--email", e]);
        }
        cli.ok_json(&args);
    }
}

#[test]
fn people_are_found_by_the_beginning_of_a_first_or_last_name_ignoring_case() {
    let cli = Cli::new();
    workplace(&cli);
    let search = |q: &str| names(&cli.ok_json(&["people", "list", "--search", q]));
    assert_eq!(
        search("mä"),
        ["Aino Mäkelä", "Juha-Pekka Mäkinen"],
        "last names, by name"
    );
    assert_eq!(
        search("MÄ"),
        ["Aino Mäkelä", "Juha-Pekka Mäkinen"],
        "Ä finds ä"
    );
    assert_eq!(search("ÄIJÄ"), ["Pekka Äijälä"]);
    assert_eq!(search("åb"), ["Anna-Maija Åberg"]);
    assert_eq!(
        search("pekka"),
        ["Juha-Pekka Mäkinen", "Pekka Äijälä"],
        "a first name and part of a hyphenated one"
    );
    assert_eq!(search("maija"), ["Anna-Maija Åberg"]);
    assert_eq!(search("aino mä"), ["Aino Mäkelä"], "every word must match");
    assert_eq!(
        search("anna-m"),
        ["Anna-Maija Åberg"],
        "a hyphenated query is two words"
    );
    assert!(search("aino vir").is_empty());
    assert!(
        search("kelä").is_empty(),
        "the middle of a name does not match"
    );
    assert_eq!(
        search("sari.oh"),
        ["Sari Öhman"],
        "the beginning of an e-mail address"
    );
    assert_eq!(
        names(&cli.ok_json(&["people", "list", "--search", "ö", "--role", "assessor"])),
        ["Sari Öhman"]
    );
    assert!(
        names(&cli.ok_json(&["people", "list", "--search", "ö", "--role", "employee"])).is_empty()
    );
    assert_eq!(
        names(&cli.ok_json(&["people", "list", "--search", "m", "--limit", "2"])),
        ["Aino Mäkelä", "Anna-Maija Åberg"]
    );
    assert_eq!(
        names(&cli.ok_json(&["people", "list", "--role", "assessor"])),
        ["Sari Öhman"]
    );
    assert_eq!(
        names(&cli.ok_json(&["people", "list"])).len(),
        7,
        "without options: everyone"
    );

    // The table says who was found, with the letters as typed.
    let r = cli.run(&["people", "list", "--search", "äij"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Pekka Äijälä") && !r.stdout.contains("Mäkelä"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_common_prefix_gives_the_same_people_whether_few_or_many_are_asked_for() {
    // Few asked for and many matching: the store walks everyone in name order; many asked for:
    // it sorts the matches. Both must give the same people in the same order.
    let cli = Cli::new();
    workplace(&cli);
    for i in 0..24 {
        let name = format!("Minna Mattila-{}", ["Korhonen", "Kallio", "Niemi"][i % 3]);
        cli.ok_json(&["people", "add", "--name", &name, "--role", "employee"]);
    }
    let all = names(&cli.ok_json(&[
        "people", "list", "--search", "m", "--role", "employee", "--limit", "500",
    ]));
    assert_eq!(all.len(), 24 + 5, "{all:?}");
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "by name");
    for limit in [1, 3, 7] {
        let few = names(&cli.ok_json(&[
            "people",
            "list",
            "--search",
            "m",
            "--role",
            "employee",
            "--limit",
            &limit.to_string(),
        ]));
        assert_eq!(few, all[..limit], "limit {limit}");
    }
    let two = names(&cli.ok_json(&[
        "people", "list", "--search", "m kal", "--role", "employee", "--limit", "3",
    ]));
    assert_eq!(two, ["Minna Mattila-Kallio"; 3]);
}

#[test]
fn a_bad_search_is_refused() {
    let cli = Cli::new();
    for limit in ["0", "501"] {
        let r = cli.run(&["people", "list", "--search", "a", "--limit", limit]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("limit must be between 1 and 500"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(cli.run(&["people", "list", "--role", "nurse"]).code, 2);
}

#[test]
fn people_added_before_schema_3_are_found_after_the_upgrade() {
    let cli = Cli::new();
    workplace(&cli);
    // Fake a data dir from before schema 3 (one that already has schema 4, which came first):
    // no search words, no record of 3.
    let raw = rusqlite::Connection::open(cli.data_dir().join("osaava.sqlite3")).unwrap();
    raw.execute_batch(
        "DROP TABLE people_search_words; DELETE FROM schema_migrations WHERE version = 3;",
    )
    .unwrap();
    drop(raw);
    assert_eq!(
        names(&cli.ok_json(&["people", "list", "--search", "ÄIJ"])),
        ["Pekka Äijälä"]
    );
    let raw = rusqlite::Connection::open(cli.data_dir().join("osaava.sqlite3")).unwrap();
    let versions: Vec<i64> = raw
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        versions,
        (1..=osaava_store::LATEST_SCHEMA).collect::<Vec<_>>()
    );
}
