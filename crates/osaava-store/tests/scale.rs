//! Schema 3 (county scale): case list pages and their filters, badge names for lists, and the
//! query plans that keep a page fast with 100,000 cases (measured by crates/osaava-bench).

use osaava_core::case::{Case, CaseState, NewCase};
use osaava_core::{
    Badge, Criterion, EvidenceRequirement, Lang, LocalizedText, Person, Role, SourceFormat,
};
use osaava_store::{CaseFilter, Store};

fn badge(id: &str, fi: &str, sv: &str) -> Badge {
    Badge {
        id: id.into(),
        version: 1,
        source_version: None,
        name: LocalizedText::new(fi, sv, ""),
        description: LocalizedText::default(),
        issuer: None,
        criteria: vec![Criterion {
            id: "c1".into(),
            text: LocalizedText::new("Kriteeri", "", ""),
            guidance: LocalizedText::default(),
            key_points: vec![],
            mandatory: true,
            evidence: EvidenceRequirement::default(),
        }],
        alignments: vec![],
        evidence_currency_years: 5,
        validity_years: None,
        source_format: SourceFormat::OsaavaTemplate,
        image: None,
    }
}

fn person(id: &str, name: &str, role: Role) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        role,
        email: None,
        title: None,
    }
}

const STATES: [CaseState; 4] = [
    CaseState::Draft,
    CaseState::InterviewInProgress,
    CaseState::Decided,
    CaseState::Withdrawn,
];

/// 40 cases of 4 employees, 2 assessors (or none), 2 badges and 4 states, with updated_at values
/// that repeat, so the order's tie-break on id matters.
fn county(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("osaava.sqlite3")).unwrap();
    store
        .write(|db| {
            db.insert_badge(
                &badge("b1", "Ensiapu", "Första hjälpen"),
                "2026-01-01T00:00:00Z",
            )?;
            db.insert_badge(
                &badge("b2", "Lääkehoito", "Läkemedelsbehandling"),
                "2026-01-01T00:00:00Z",
            )?;
            for e in 0..4 {
                db.insert_person(
                    &person(&format!("e{e}"), &format!("Työntekijä {e}"), Role::Employee),
                    "2026-01-01T00:00:00Z",
                )?;
            }
            for a in 0..2 {
                db.insert_person(
                    &person(&format!("a{a}"), &format!("Arvioija {a}"), Role::Assessor),
                    "2026-01-01T00:00:00Z",
                )?;
            }
            for i in 0..40u32 {
                let b = badge(if i % 3 == 0 { "b2" } else { "b1" }, "", "");
                let id = format!("case-{:02}", (i * 17) % 40);
                let employee = format!("e{}", i % 4);
                let assessor = (i % 5 != 0).then(|| format!("a{}", i % 2));
                let new = NewCase {
                    id: &id,
                    employee_id: &employee,
                    assessor_id: assessor.as_deref(),
                    language: Lang::Fi,
                };
                let mut case = Case::open(&new, &b).unwrap();
                case.state = STATES[(i % 4) as usize];
                db.insert_case(&case, &format!("2026-02-{:02}T10:00:00Z", 1 + i % 7))?;
            }
            Ok::<_, osaava_store::StoreError>(())
        })
        .unwrap();
    store
}

/// Every case in list order (newest change first, then id), as the store holds them.
fn all_in_order(store: &Store) -> Vec<(String, String, String, Option<String>, String)> {
    let rows = store
        .read()
        .case_rows(&CaseFilter::default(), 500, 0)
        .unwrap();
    rows.into_iter()
        .map(|r| {
            (
                r.case.id,
                r.case.state.code().to_string(),
                r.case.employee_id,
                r.case.assessor_id,
                r.updated_at,
            )
        })
        .collect()
}

#[test]
fn every_filter_and_page_is_a_slice_of_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = county(dir.path());
    let all = all_in_order(&store);
    assert_eq!(all.len(), 40);
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| b.4.cmp(&a.4).then(a.0.cmp(&b.0)));
    assert_eq!(all, sorted, "newest change first, then id");

    let db = store.read();
    let states: Vec<Option<&str>> = vec![None, Some("draft"), Some("decided")];
    let employees: Vec<Option<&str>> = vec![None, Some("e1")];
    let assessors: Vec<Option<&str>> = vec![None, Some("a0")];
    for state in &states {
        for employee in &employees {
            for assessor in &assessors {
                for open_only in [false, true] {
                    let filter = CaseFilter {
                        state: *state,
                        employee_id: *employee,
                        assessor_id: *assessor,
                        open_only,
                    };
                    let want: Vec<String> = all
                        .iter()
                        .filter(|c| state.is_none_or(|s| c.1 == s))
                        .filter(|c| employee.is_none_or(|e| c.2 == e))
                        .filter(|c| assessor.is_none_or(|a| c.3.as_deref() == Some(a)))
                        .filter(|c| !open_only || !matches!(c.1.as_str(), "decided" | "withdrawn"))
                        .map(|c| c.0.clone())
                        .collect();
                    for (limit, offset) in [(500, 0), (3, 0), (3, 2), (4, 7), (5, 100)] {
                        let got: Vec<String> = db
                            .case_rows(&filter, limit, offset)
                            .unwrap()
                            .into_iter()
                            .map(|r| r.case.id)
                            .collect();
                        let expected: Vec<String> = want
                            .iter()
                            .skip(offset as usize)
                            .take(limit as usize)
                            .cloned()
                            .collect();
                        assert_eq!(got, expected, "{filter:?} limit {limit} offset {offset}");
                    }
                }
            }
        }
    }
}

#[test]
fn list_rows_name_their_people_and_badge_also_after_an_upgrade_to_schema_3() {
    let dir = tempfile::tempdir().unwrap();
    let store = county(dir.path());
    let check = |store: &Store| {
        let rows = store
            .read()
            .case_rows(&CaseFilter::default(), 500, 0)
            .unwrap();
        for r in &rows {
            let (fi, sv) = if r.case.badge_id == "b2" {
                ("Lääkehoito", "Läkemedelsbehandling")
            } else {
                ("Ensiapu", "Första hjälpen")
            };
            assert_eq!(
                (r.badge_name.fi.as_deref(), r.badge_name.sv.as_deref()),
                (Some(fi), Some(sv)),
                "{}",
                r.case.id
            );
            assert_eq!(
                r.employee_name,
                format!("Työntekijä {}", &r.case.employee_id[1..])
            );
            assert_eq!(
                r.assessor_name,
                r.case
                    .assessor_id
                    .as_ref()
                    .map(|a| format!("Arvioija {}", &a[1..]))
            );
        }
        rows.len()
    };
    assert_eq!(check(&store), 40);
    drop(store);
    // A database from before schema 3 (schema 4, which came first, already applied).
    let raw = rusqlite::Connection::open(dir.path().join("osaava.sqlite3")).unwrap();
    raw.execute_batch(
        "DROP TRIGGER badges_name_for_lists; DROP TABLE badge_names; DROP TABLE people_search_words;
         DELETE FROM schema_migrations WHERE version = 3;",
    )
    .unwrap();
    drop(raw);
    let mut store = Store::open(&dir.path().join("osaava.sqlite3")).unwrap();
    assert_eq!(check(&store), 40, "names filled in from the stored badges");
    // A badge stored later gets its name for lists too.
    store
        .write(|db| {
            db.insert_badge(
                &badge("b3", "Saattohoito", "Vård i livets slutskede"),
                "2026-03-01T00:00:00Z",
            )?;
            let new = NewCase {
                id: "case-b3",
                employee_id: "e0",
                assessor_id: None,
                language: Lang::Sv,
            };
            db.insert_case(
                &Case::open(&new, &badge("b3", "", "")).unwrap(),
                "2026-03-01T00:00:00Z",
            )
        })
        .unwrap();
    let first = store
        .read()
        .case_rows(&CaseFilter::default(), 1, 0)
        .unwrap()
        .remove(0);
    assert_eq!(first.case.id, "case-b3");
    assert_eq!(
        first.badge_name.sv.as_deref(),
        Some("Vård i livets slutskede")
    );
}

/// The plan of a filtered page: the page comes from one covering index, in order, with no sort
/// and no table row read for the rows an OFFSET skips (100,000 cases made that 90–250 ms).
#[test]
fn a_filtered_page_is_read_from_a_covering_index_in_order() {
    let dir = tempfile::tempdir().unwrap();
    drop(county(dir.path()));
    let raw = rusqlite::Connection::open(dir.path().join("osaava.sqlite3")).unwrap();
    let plan = |filter: &str| -> String {
        let sql = format!("EXPLAIN QUERY PLAN SELECT id FROM cases {filter} ORDER BY updated_at DESC, id LIMIT 50 OFFSET 5000");
        let mut stmt = raw.prepare(&sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    for (filter, index) in [
        ("", "cases_by_updated"),
        ("WHERE state = 'decided'", "cases_page_by_state"),
        ("WHERE employee_id = 'e1'", "cases_page_by_employee"),
        ("WHERE assessor_id = 'a1'", "cases_page_by_assessor"),
        (
            "WHERE assessor_id = 'a1' AND state NOT IN ('decided', 'withdrawn')",
            "cases_page_by_assessor",
        ),
    ] {
        let p = plan(filter);
        assert!(
            p.contains(&format!("COVERING INDEX {index}")),
            "{filter}: {p}"
        );
        assert!(!p.contains("TEMP B-TREE"), "{filter}: {p}");
    }
}
