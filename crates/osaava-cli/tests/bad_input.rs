//! Bad badge files: exit 2, one message naming the file (and JSON path where it applies),
//! and the library exactly as it was, even when good files came in the same command.

mod common;
use common::{template, Cli};

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    /// Words the message must contain (besides the file name).
    expect: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    let good = template("t", &[("a", "A"), ("b", "B")]);
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let mut big = br#"{"format": "osaava-badge-template/1", "padding": ""#.to_vec();
    big.resize(10 * 1024 * 1024 + 10, b'x');
    big.extend_from_slice(b"\"}");
    let png = [&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], &[0u8; 32]].concat();
    vec![
        Case { name: "empty.json", bytes: vec![], expect: &["empty"] },
        Case { name: "not-json.json", bytes: b"Osaamismerkki: ensiapu".to_vec(), expect: &["JSON"] },
        Case { name: "truncated.json", bytes: good.as_bytes()[..good.len() / 2].to_vec(), expect: &["JSON"] },
        Case { name: "latin1.json", bytes: b"{\"name\": \"K\xe4si\"}".to_vec(), expect: &["UTF-8"] },
        Case { name: "photo.json", bytes: png, expect: &["PNG"] },
        Case { name: "deep.json", bytes: deep.into_bytes(), expect: &["deep"] },
        Case { name: "big.json", bytes: big, expect: &["10 MB"] },
        Case { name: "null.json", bytes: b"null".to_vec(), expect: &["null"] },
        Case { name: "empty-list.json", bytes: b"[]".to_vec(), expect: &["empty"] },
        Case { name: "unknown.json", bytes: br#"{"hello": "world"}"#.to_vec(), expect: &["not a badge"] },
        Case {
            name: "no-name.json",
            bytes: br#"{"format": "osaava-badge-template/1", "id": "x", "criteria": [{"id": "a", "text": {"fi": "A"}}]}"#
                .to_vec(),
            expect: &["name"],
        },
        Case {
            name: "no-criteria-field.json",
            bytes: br#"{"format": "osaava-badge-template/1", "id": "x", "name": {"fi": "X"}}"#.to_vec(),
            expect: &["criteria"],
        },
        Case {
            name: "wrong-type.json",
            bytes: br#"{"format": "osaava-badge-template/1", "id": "x", "name": {"fi": "X"},
                        "criteria": [{"id": "a", "text": {"fi": "A"}, "mandatory": "yes"}]}"#
                .to_vec(),
            expect: &["$.criteria[0].mandatory"],
        },
        Case {
            name: "no-criteria.json",
            bytes: br#"{"format": "osaava-badge-template/1", "id": "x", "name": {"fi": "X"}, "criteria": []}"#.to_vec(),
            expect: &["$.criteria", "no criteria"],
        },
        Case {
            name: "duplicate-ids.json",
            bytes: template("t", &[("a", "A"), ("a", "B")]).into_bytes(),
            expect: &["$.criteria[1].id", "\"a\""],
        },
    ]
}

#[test]
fn every_bad_file_is_refused_with_a_clear_message_and_nothing_changes() {
    let cli = Cli::new();
    let before = cli.library();
    let good = cli.write("good.json", template("good-badge", &[("a", "A")]));
    let mut failures = Vec::new();
    for case in cases() {
        let bad = cli.write(case.name, &case.bytes);
        // The good file first: the bad one must roll it back too.
        let r = cli.run(&[
            "badges",
            "import",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ]);
        let msg = r.stderr.trim();
        let mut problems = Vec::new();
        if r.code != 2 {
            problems.push(format!("exit {} (want 2)", r.code));
        }
        if msg.lines().count() != 1 {
            problems.push(format!("{} lines on stderr (want 1)", msg.lines().count()));
        }
        if !msg.contains(case.name) {
            problems.push("message does not name the file".into());
        }
        for word in case.expect {
            if !msg.to_lowercase().contains(&word.to_lowercase()) {
                problems.push(format!("message lacks {word:?}"));
            }
        }
        if !r.stdout.is_empty() {
            problems.push("something on stdout".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {} — stderr: {msg}",
                case.name,
                problems.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert_eq!(
        cli.library(),
        before,
        "a refused import changed the library"
    );
}

#[test]
fn a_missing_file_is_named() {
    let cli = Cli::new();
    let r = cli.run(&["badges", "import", "/no/such/dir/badge.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/no/such/dir/badge.json"), "{}", r.stderr);
}
