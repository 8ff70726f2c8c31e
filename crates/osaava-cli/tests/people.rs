//! People and the organisation through the CLI.

mod common;
use common::Cli;

#[test]
fn people_are_added_and_listed() {
    let cli = Cli::new();
    let a = cli.ok_json(&["people", "add", "--name", "Aino Mäkelä", "--role", "employee"]);
    let id = a["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    cli.ok_json(&[
        "people", "add", "--name", "Sari Öhman", "--role", "assessor", "--email", "sari@hoiva.fi", "--title",
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
    let r = cli.run(&["people", "add", "--name", "X", "--role", "employee", "--email", "not-an-address"]);
    assert_eq!(r.code, 2);
    assert!(cli.ok_json(&["people", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn organisation_business_id_is_checked() {
    let cli = Cli::new();
    let r = cli.run(&["org", "set", "--name", "Hoivakoti Kotikallio", "--business-id", "0112038-8"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("check digit should be 9"), "{}", r.stderr);
    assert_eq!(cli.ok_json(&["org", "show"]), serde_json::Value::Null);

    let org = cli.ok_json(&["org", "set", "--name", "Hoivakoti Kotikallio", "--business-id", "0112038-9"]);
    assert_eq!(org["business_id"], "0112038-9");
    assert_eq!(cli.ok_json(&["org", "show"])["name"], "Hoivakoti Kotikallio");
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
