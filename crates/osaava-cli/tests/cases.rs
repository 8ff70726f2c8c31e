//! A whole assessment through the CLI, and the refusals that must change nothing.

mod common;
use common::Cli;
use serde_json::Value;

struct Setup {
    cli: Cli,
    employee: String,
    assessor: String,
    case: String,
    criteria: Vec<String>,
    mandatory: Vec<String>,
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn setup() -> Setup {
    let cli = Cli::new();
    let employee = id(&cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Aino Mäkelä",
        "--role",
        "employee",
    ]));
    let assessor = id(&cli.ok_json(&[
        "people",
        "add",
        "--name",
        "Sari Öhman",
        "--role",
        "assessor",
    ]));
    let case = id(&cli.ok_json(&[
        "case",
        "open",
        "--employee",
        &employee,
        "--badge",
        "osaava-first-aid",
        "--assessor",
        &assessor,
    ]));
    let badge = cli.ok_json(&["badges", "show", "osaava-first-aid"]);
    let all = badge["criteria"].as_array().unwrap();
    let criteria = all
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let mandatory = all
        .iter()
        .filter(|c| c["mandatory"] == true)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    Setup {
        cli,
        employee,
        assessor,
        case,
        criteria,
        mandatory,
    }
}

/// The case as `case show --json` prints it, minus the audit trail's timestamps.
fn snapshot(s: &Setup) -> Value {
    s.cli.ok_json(&["case", "show", &s.case])
}

#[test]
fn a_whole_assessment_through_the_cli() {
    let s = setup();
    let cli = &s.cli;
    assert_eq!(snapshot(&s)["case"]["state"], "draft");

    for (i, c) in s.criteria.iter().enumerate() {
        let level = if i == 0 { "2" } else { "3" };
        cli.ok_json(&[
            "self-assess",
            &s.case,
            "--criterion",
            c,
            "--level",
            level,
            "--example",
            "Yövuorossa toimin ohjeen mukaan.",
        ]);
    }
    let evidence_file = cli.write("ea1.txt", "Ensiapukoulutus EA 1, suoritettu 2.5.2024\n");
    let added = cli.ok_json(&[
        "evidence",
        "add",
        &s.case,
        "--file",
        evidence_file.to_str().unwrap(),
        "--kind",
        "certificate",
        "--criteria",
        &s.mandatory.join(","),
        "--obtained",
        "2024-05-02",
        "--author",
        "SPR",
        "--verified",
    ]);
    assert_eq!(added["sha256"].as_str().unwrap().len(), 64);
    assert!(added["warnings"].as_array().unwrap().is_empty());
    let sha = added["sha256"].as_str().unwrap();
    assert!(
        cli.data_dir()
            .join("vault")
            .join(&sha[..2])
            .join(sha)
            .exists(),
        "the file is in the vault"
    );

    cli.ok_json(&["case", "submit-self-assessment", &s.case]);
    assert_eq!(snapshot(&s)["case"]["state"], "self-assessment-submitted");

    // The guide asks first about the criterion self-assessed lowest.
    let guide = cli.ok_json(&["interview", "guide", &s.case]);
    let first = &guide["questions"][0];
    assert_eq!(first["criterion"], s.criteria[0].as_str());
    assert!(first["question"].as_str().unwrap().len() > 20);
    assert!(!first["probes"].as_array().unwrap().is_empty());
    assert!(!first["key_points"].as_array().unwrap().is_empty());

    cli.ok_json(&[
        "interview",
        "note",
        &s.case,
        "--criterion",
        &s.criteria[0],
        "--text",
        "Kuvasi hätäpuhelun kulun.",
    ]);
    assert_eq!(snapshot(&s)["case"]["state"], "interview-in-progress");
    cli.ok_json(&["interview", "pause", &s.case]);
    assert_eq!(snapshot(&s)["case"]["interview_paused"], true);

    // Rate every mandatory criterion; leave one gap.
    let gap = s.mandatory.last().unwrap().clone();
    for c in &s.mandatory {
        let rating = if *c == gap { "does-not-meet" } else { "meets" };
        cli.ok_json(&[
            "rate",
            &s.case,
            "--criterion",
            c,
            "--rating",
            rating,
            "--rationale",
            "Haastattelu ja todistus",
        ]);
    }
    let shown = snapshot(&s);
    assert_eq!(
        shown["case"]["interview_paused"], false,
        "a rating resumes a paused interview"
    );
    assert_eq!(
        shown["ratings"].as_array().unwrap().len(),
        s.mandatory.len()
    );
    assert_eq!(shown["notes"].as_array().unwrap().len(), 1);
    assert_eq!(shown["evidence"].as_array().unwrap().len(), 1);

    let cmp = cli.ok_json(&["compare", &s.case]);
    assert_eq!(cmp["suggestion"], "partially");
    assert_eq!(cmp["gaps"], serde_json::json!([gap]));
    let row = cmp["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == gap.as_str())
        .unwrap();
    assert_eq!(
        row["discrepancy"], "self-higher",
        "self 3 but does-not-meet is flagged"
    );
    for key in [
        "rating",
        "self_level",
        "evidence_count",
        "sufficient",
        "current",
    ] {
        assert!(row.get(key).is_some(), "compare row lacks {key}");
    }
    let path = cmp["learning_path"].as_array().unwrap();
    assert!(path.iter().any(|step| step["covers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == gap.as_str())));
    assert!(!cmp["reason_texts"].as_array().unwrap().is_empty());

    // Recognising against the ratings is refused; partially is accepted.
    let r = cli.run(&[
        "decide",
        &s.case,
        "--decision",
        "recognise",
        "--justification",
        "hyvä",
        "--json",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let decided = cli.ok_json(&["decide", &s.case, "--decision", "partially"]);
    assert_eq!(decided["record"]["decision"], "partially-recognised");
    let shown = snapshot(&s);
    assert_eq!(shown["case"]["state"], "decided");
    assert!(
        shown["learning_path"]["steps"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "the path is saved with the case"
    );

    // The audit trail records state changes, ratings, evidence and the decision, oldest first.
    let actions: Vec<&str> = shown["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for want in [
        "case.open",
        "case.self-assessment",
        "case.evidence-add",
        "case.state",
        "case.rating",
        "case.decision",
    ] {
        assert!(actions.contains(&want), "audit lacks {want}: {actions:?}");
    }
    assert_eq!(actions[0], "case.open");

    // The case list shows it with names.
    let list = cli.ok_json(&["case", "list"]);
    assert_eq!(list[0]["id"], s.case.as_str());
    assert_eq!(list[0]["employee_name"], "Aino Mäkelä");
    assert_eq!(list[0]["state"], "decided");
}

#[test]
fn refusals_exit_2_say_what_to_do_and_change_nothing() {
    let s = setup();
    let cli = &s.cli;
    let before = snapshot(&s);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "rate",
                "no-such-case",
                "--criterion",
                "x",
                "--rating",
                "meets",
                "--rationale",
                "r",
            ],
            "no case",
        ),
        (
            vec![
                "rate",
                &s.case,
                "--criterion",
                "no-such-criterion",
                "--rating",
                "meets",
                "--rationale",
                "r",
            ],
            "use one of",
        ),
        (
            vec![
                "rate",
                &s.case,
                "--criterion",
                &s.criteria[0],
                "--rating",
                "meets",
            ],
            "needs a rationale",
        ),
        (
            vec!["decide", &s.case, "--decision", "not-yet"],
            "rate every mandatory criterion",
        ),
        (vec!["interview", "resume", &s.case], "interview"),
        (vec!["case", "return", &s.case], "submitted"),
        (
            vec![
                "self-assess",
                &s.case,
                "--criterion",
                &s.criteria[0],
                "--level",
                "7",
            ],
            "1, 2, 3, 4 or unsure",
        ),
        (
            vec![
                "evidence",
                "add",
                &s.case,
                "--kind",
                "observation",
                "--criteria",
                "nope",
            ],
            "use one of",
        ),
        (
            vec![
                "evidence",
                "add",
                &s.case,
                "--kind",
                "observation",
                "--criteria",
                &s.criteria[0],
                "--obtained",
                "2999-01-01",
            ],
            "after today",
        ),
        (
            vec![
                "case",
                "open",
                "--employee",
                &s.assessor,
                "--badge",
                "osaava-first-aid",
            ],
            "not employee",
        ),
        (
            vec![
                "case",
                "open",
                "--employee",
                &s.employee,
                "--badge",
                "no-such-badge",
            ],
            "no badge",
        ),
        (
            vec!["case", "submit-self-assessment", &s.case],
            "every criterion",
        ),
    ];
    for (args, words) in cases {
        let r = cli.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(words),
            "{args:?}: stderr lacks {words:?}: {}",
            r.stderr
        );
    }
    assert_eq!(snapshot(&s), before, "a refused command changed the case");
    assert_eq!(cli.ok_json(&["case", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_self_assessment_travels_as_one_file_and_a_tampered_one_is_refused() {
    let s = setup();
    let cli = &s.cli;
    for c in &s.criteria {
        cli.ok_json(&["self-assess", &s.case, "--criterion", c, "--level", "4"]);
    }
    let f = cli.write(
        "note.txt",
        "Työpaikkaohjaajan lausunto: ohjaa uusia työntekijöitä elvytysharjoituksissa.\n",
    );
    cli.ok_json(&[
        "evidence",
        "add",
        &s.case,
        "--file",
        f.to_str().unwrap(),
        "--kind",
        "third-party",
        "--criteria",
        &s.criteria[1],
    ]);
    let out = cli.path("self.json");
    let r = cli.run(&[
        "self-assessment",
        "export",
        &s.case,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // A changed byte in the file's evidence: refused, nothing written.
    let text = std::fs::read_to_string(&out).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut bad = doc.clone();
    let data = bad["evidence"][0]["data"].as_str().unwrap().to_string();
    let flipped = match data.strip_prefix('A') {
        Some(rest) => format!("B{rest}"),
        None => format!("A{}", &data[1..]),
    };
    bad["evidence"][0]["data"] = Value::String(flipped);
    let tampered = cli.write("tampered.json", bad.to_string());
    let before = snapshot(&s);
    let r = cli.run(&["self-assessment", "import", tampered.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("tampered.json"), "{}", r.stderr);
    // A name that tries to leave the vault.
    let mut escape = doc.clone();
    escape["evidence"][0]["name"] = Value::String("../../etc/passwd".into());
    let escape = cli.write("escape.json", escape.to_string());
    let r = cli.run(&["self-assessment", "import", escape.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(snapshot(&s), before);

    // The genuine file imports into the case.
    let r = cli.ok_json(&["self-assessment", "import", out.to_str().unwrap()]);
    assert_eq!(r["case"], s.case.as_str());
    assert_eq!(r["entries"].as_u64().unwrap() as usize, s.criteria.len());
    assert_eq!(snapshot(&s)["evidence"].as_array().unwrap().len(), 2);
}

#[test]
fn evidence_with_a_personal_identity_code_gets_a_warning() {
    let s = setup();
    let f = s
        .cli
        .write("obs.txt", "Havainto: asukas 131052-308T sai apua.\n");
    let r = s.cli.ok_json(&[
        "evidence",
        "add",
        &s.case,
        "--file",
        f.to_str().unwrap(),
        "--kind",
        "observation",
        "--criteria",
        &s.criteria[0],
    ]);
    let warnings = r["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty(), "a valid henkilötunnus must warn");
    assert!(
        !warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("131052-308T"),
        "the warning must not repeat the code"
    );
}
