//! The commands the desktop calls most, each through `osaava_api::App` and as a raw SQLite query
//! for the same rows on the same file.

use crate::measure::{compare_runs, Row};
use osaava_api::dto::{
    CaseRequest, ListBadgesRequest, ListCasesRequest, PersonCasesRequest, SearchPeopleRequest,
};
use osaava_api::App;
use osaava_core::case::CaseState;
use osaava_core::interview::Rating;
use osaava_core::{Lang, Role};
use rusqlite::Connection;

pub const TARGET_P99_MS: f64 = 16.0;
pub const PAGE: u32 = 50;

/// Case ids spread over the whole table (every n-th by id), for open/compare.
pub fn sample_cases(raw: &Connection, n: usize) -> rusqlite::Result<Vec<String>> {
    let total: i64 = raw.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?;
    let step = (total as usize / n).max(1);
    let mut stmt = raw.prepare("SELECT id FROM cases ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.into_iter().step_by(step).take(n).collect())
}

/// Employees who have cases, spread over the table.
pub fn sample_employees(raw: &Connection, n: usize) -> rusqlite::Result<Vec<String>> {
    let mut stmt = raw.prepare("SELECT DISTINCT employee_id FROM cases ORDER BY employee_id")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let step = (ids.len() / n).max(1);
    Ok(ids.into_iter().step_by(step).take(n).collect())
}

fn list_key(id: &str, employee: &str, badge_fi: &str, updated: &str) -> String {
    format!("{id}|{employee}|{badge_fi}|{updated}")
}

fn api_list(app: &App, req: &ListCasesRequest) -> Result<Vec<String>, String> {
    let page = app.list_cases(req).map_err(|e| e.to_string())?;
    Ok(page
        .iter()
        .map(|c| {
            list_key(
                &c.id,
                &c.employee_name,
                c.badge_name.fi.as_deref().unwrap_or(""),
                &c.updated_at,
            )
        })
        .collect())
}

/// The page straight from SQLite: the cases, their people and their badge's name.
fn raw_list(raw: &Connection, req: &ListCasesRequest) -> Result<Vec<String>, String> {
    raw_page(raw, req, None, false)
}

fn raw_page(
    raw: &Connection,
    req: &ListCasesRequest,
    assessor: Option<&String>,
    open_only: bool,
) -> Result<Vec<String>, String> {
    let mut filter = String::new();
    if req.state.is_some() {
        filter += " AND c.state = :state";
    }
    if req.employee.is_some() {
        filter += " AND c.employee_id = :employee";
    }
    if assessor.is_some() {
        filter += " AND c.assessor_id = :assessor";
    }
    if open_only {
        filter += " AND c.state NOT IN ('decided', 'withdrawn')";
    }
    let sql = format!(
        "WITH page AS (
             SELECT c.id, c.employee_id, c.assessor_id, c.badge_id, c.badge_version, c.state, c.updated_at
             FROM cases c WHERE 1 {filter}
             ORDER BY c.updated_at DESC, c.id LIMIT :limit OFFSET :offset)
         SELECT page.id, e.name, a.name, json_extract(n.name, '$.fi'), page.state, page.updated_at
         FROM page
         JOIN people e ON e.id = page.employee_id
         LEFT JOIN people a ON a.id = page.assessor_id
         JOIN badge_names n ON n.badge_id = page.badge_id AND n.version = page.badge_version
         ORDER BY page.updated_at DESC, page.id"
    );
    let mut stmt = raw.prepare_cached(&sql).map_err(|e| e.to_string())?;
    let state = req.state.map(|s| s.code());
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    let limit = req.limit.unwrap_or(PAGE);
    let offset = req.offset.unwrap_or(0);
    params.push((":limit", &limit));
    params.push((":offset", &offset));
    if let Some(s) = &state {
        params.push((":state", s));
    }
    if let Some(e) = &req.employee {
        params.push((":employee", e));
    }
    if let Some(a) = &assessor {
        params.push((":assessor", a));
    }
    let rows = stmt
        .query_map(params.as_slice(), |r| {
            let id: String = r.get(0)?;
            let employee: String = r.get(1)?;
            let _assessor: Option<String> = r.get(2)?;
            let badge: Option<String> = r.get(3)?;
            let _state: String = r.get(4)?;
            let updated: String = r.get(5)?;
            Ok(list_key(
                &id,
                &employee,
                badge.as_deref().unwrap_or(""),
                &updated,
            ))
        })
        .map_err(|e| e.to_string())?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| e.to_string())
}

/// The rows the comparison reads, straight from SQLite, without parsing or comparing: the case,
/// its badge version, the self-assessment, the evidence and the ratings. Returns the criteria
/// rated (anything but not-assessed), which the API's comparison must show rated too.
fn raw_compare_rows(raw: &Connection, case: &str) -> Result<Vec<String>, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let (body, badge_id, version): (String, String, i64) = raw
        .prepare_cached("SELECT body, badge_id, badge_version FROM cases WHERE id = ?1")
        .map_err(e)?
        .query_row([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(e)?;
    std::hint::black_box(body);
    let badge: String = raw
        .prepare_cached("SELECT body FROM badges WHERE id = ?1 AND version = ?2")
        .map_err(e)?
        .query_row((badge_id, version), |r| r.get(0))
        .map_err(e)?;
    std::hint::black_box(badge);
    let mut stmt = raw
        .prepare_cached(
            "SELECT criterion_id, level, example FROM self_assessment_entries WHERE case_id = ?1",
        )
        .map_err(e)?;
    let n = stmt
        .query_map([case], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .map_err(e)?
        .count();
    std::hint::black_box(n);
    let mut stmt = raw
        .prepare_cached("SELECT body FROM evidence WHERE case_id = ?1 ORDER BY created_at, id")
        .map_err(e)?;
    let n = stmt
        .query_map([case], |r| r.get::<_, String>(0))
        .map_err(e)?
        .count();
    std::hint::black_box(n);
    let mut stmt = raw
        .prepare_cached("SELECT criterion_id, rating, rationale, rated_by, rated_at FROM ratings WHERE case_id = ?1")
        .map_err(e)?;
    let rows = stmt
        .query_map([case], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(e)?;
    let mut rated = Vec::new();
    for row in rows {
        let (criterion, rating, ..) = row.map_err(e)?;
        if rating != Rating::NotAssessed.code() {
            rated.push(criterion);
        }
    }
    rated.sort();
    Ok(rated)
}

/// Everything the case page shows, straight from SQLite: the compare rows, the people, the
/// notes, the learning path and the audit trail.
fn raw_open_rows(raw: &Connection, case: &str) -> Result<Vec<String>, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let rated = raw_compare_rows(raw, case)?;
    let (employee, assessor): (String, Option<String>) = raw
        .prepare_cached("SELECT employee_id, assessor_id FROM cases WHERE id = ?1")
        .map_err(e)?
        .query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(e)?;
    let mut person = raw
        .prepare_cached("SELECT id, name, role, email, title FROM people WHERE id = ?1")
        .map_err(e)?;
    for id in std::iter::once(employee).chain(assessor) {
        let p = person
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(e)?;
        std::hint::black_box(p);
    }
    let mut stmt = raw
        .prepare_cached("SELECT criterion_id, text, author, written_at FROM interview_notes WHERE case_id = ?1 ORDER BY seq")
        .map_err(e)?;
    let n = stmt
        .query_map([case], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(e)?
        .count();
    std::hint::black_box(n);
    let path: Option<String> = raw
        .prepare_cached("SELECT body FROM learning_paths WHERE case_id = ?1")
        .map_err(e)?
        .query_row([case], |r| r.get(0))
        .ok();
    std::hint::black_box(path);
    let mut stmt = raw
        .prepare_cached(
            "SELECT at, actor, action, subject, old_value, new_value FROM audit_log WHERE subject = ?1 ORDER BY seq",
        )
        .map_err(e)?;
    let n = stmt
        .query_map([format!("case:{case}")], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .map_err(e)?
        .count();
    std::hint::black_box(n);
    Ok(rated)
}

fn api_open(app: &App, case: &str) -> Result<Vec<String>, String> {
    let detail = app
        .show_case(&CaseRequest {
            case: case.to_string(),
        })
        .map_err(|e| e.to_string())?;
    std::hint::black_box(&detail);
    api_compare(app, case)
}

fn api_compare(app: &App, case: &str) -> Result<Vec<String>, String> {
    let c = app
        .compare_case(
            &CaseRequest {
                case: case.to_string(),
            },
            Lang::Fi,
        )
        .map_err(|e| e.to_string())?;
    let mut rated: Vec<String> = c
        .comparison
        .criteria
        .into_iter()
        .filter(|c| c.rating != Rating::NotAssessed)
        .map(|c| c.id)
        .collect();
    rated.sort();
    Ok(rated)
}

/// Every case-list, compare and show measurement.
pub fn case_commands(app: &App, raw: &Connection, samples: usize) -> Result<Vec<Row>, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let mut rows = Vec::new();
    let req = |state: Option<CaseState>, employee: Option<&String>, offset: u32| ListCasesRequest {
        state,
        employee: employee.cloned(),
        limit: Some(PAGE),
        offset: Some(offset),
    };
    let list =
        |name: &str, inputs: Vec<ListCasesRequest>, rows: &mut Vec<Row>| -> Result<(), String> {
            rows.push(compare_runs(
                name,
                "one SQL query: a page of case ids from the index ⋈ cases ⋈ people ⋈ badge_names",
                &inputs,
                samples,
                TARGET_P99_MS,
                |r| api_list(app, r),
                |r| raw_list(raw, r),
            )?);
            Ok(())
        };
    list(
        "case list: page 1, no filter",
        vec![req(None, None, 0)],
        &mut rows,
    )?;
    list(
        "case list: page 1, by state (each of 7)",
        CaseState::ALL
            .iter()
            .map(|s| req(Some(*s), None, 0))
            .collect(),
        &mut rows,
    )?;
    list(
        "case list: pages 201–1001, no filter",
        [10_000, 20_000, 30_000, 40_000, 50_000]
            .iter()
            .map(|o| req(None, None, *o))
            .collect(),
        &mut rows,
    )?;
    list(
        "case list: deep pages, by state",
        vec![
            req(Some(CaseState::Decided), None, 20_000),
            req(Some(CaseState::Decided), None, 50_000),
            req(Some(CaseState::InterviewInProgress), None, 5_000),
            req(Some(CaseState::Withdrawn), None, 3_000),
        ],
        &mut rows,
    )?;
    let employees = sample_employees(raw, 200).map_err(e)?;
    list(
        "case list: one employee's cases",
        employees.iter().map(|id| req(None, Some(id), 0)).collect(),
        &mut rows,
    )?;

    let cases = sample_cases(raw, 300).map_err(e)?;
    rows.push(compare_runs(
        "open a case: show + compare",
        "10 SQL queries: the case's rows once each (no parsing)",
        &cases,
        samples,
        TARGET_P99_MS,
        |c| api_open(app, c),
        |c| raw_open_rows(raw, c),
    )?);
    rows.push(compare_runs(
        "open a case: compare",
        "5 SQL queries: case, badge, self-assessment, evidence, ratings (no parsing)",
        &cases,
        samples,
        TARGET_P99_MS,
        |c| api_compare(app, c),
        |c| raw_compare_rows(raw, c),
    )?);
    Ok(rows)
}

/// Assessors who have open cases, spread over the table.
pub fn sample_assessors(raw: &Connection, n: usize) -> rusqlite::Result<Vec<String>> {
    let mut stmt = raw.prepare(
        "SELECT DISTINCT assessor_id FROM cases
         WHERE assessor_id IS NOT NULL AND state NOT IN ('decided', 'withdrawn') ORDER BY assessor_id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let step = (ids.len() / n).max(1);
    Ok(ids.into_iter().step_by(step).take(n).collect())
}

/// Queries a user types into the person picker: first letters, a few letters, å/ä/ö in either
/// case, a first and a last name, a hyphenated name, an e-mail address.
pub const PEOPLE_QUERIES: &[&str] = &[
    "m", "s", "k", "a", "ä", "Ö", "å", "ma", "mä", "vir", "kor", "hei", "ti", "lä", "äij", "Åb",
    "öh", "tuu", "jär", "anna", "pekka", "aino mä", "juha-p", "sari k", "lind", "kärk", "niemi",
    "salo", "aino.", "tiina.ko",
];

fn api_people(app: &App, query: &str) -> Result<Vec<String>, String> {
    let req = SearchPeopleRequest {
        query: Some(query.to_string()),
        role: Some(Role::Employee),
        limit: None,
    };
    Ok(app
        .search_people(&req)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|p| format!("{}|{}", p.id, p.name))
        .collect())
}

/// A person row read whole (as the API reads it), keyed by id and name.
fn person_key(r: &rusqlite::Row<'_>) -> rusqlite::Result<String> {
    let (id, name): (String, String) = (r.get(0)?, r.get(1)?);
    let rest: (String, Option<String>, Option<String>) = (r.get(2)?, r.get(3)?, r.get(4)?);
    std::hint::black_box(rest);
    Ok(format!("{id}|{name}"))
}

/// The same people straight from SQLite, by the same plan as the store: when the longest word is
/// common, the employees walked in name order until 100 match; otherwise the longest word as a
/// range on the search words, the other words and the role checked per person found (`+p.role`:
/// not walked through the role's index, which would visit all 20,000 employees), sorted by name.
fn raw_people(raw: &Connection, query: &str) -> Result<Vec<String>, String> {
    let mut terms: Vec<String> = Vec::new();
    for t in query
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\'')
    {
        if !t.is_empty() && !terms.iter().any(|x| x == t) {
            terms.push(t.to_string());
        }
    }
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let e = |e: rusqlite::Error| e.to_string();
    if terms.is_empty() {
        let mut stmt = raw
            .prepare_cached(
                "SELECT id, name, role, email, title FROM people WHERE role = 'employee' ORDER BY name, id LIMIT 100",
            )
            .map_err(e)?;
        let rows = stmt.query_map([], person_key).map_err(e)?;
        return rows.collect::<rusqlite::Result<Vec<_>>>().map_err(e);
    }
    // Many matches (√(100 · people) or more, counted on the index): walk the employees in name
    // order until 100 match; few: fetch them all and sort.
    let people: f64 = raw
        .query_row("SELECT COALESCE(MAX(rowid), 0) FROM people", [], |r| {
            r.get(0)
        })
        .map_err(e)?;
    let enough = (100.0 * people).sqrt().ceil() as i64 + 1;
    let hi = format!("{}\u{10FFFF}", terms[0]);
    let found: i64 = raw
        .prepare_cached(
            "SELECT COUNT(*) FROM (SELECT 1 FROM people_search_words WHERE word >= ?1 AND word < ?2 LIMIT ?3)",
        )
        .map_err(e)?
        .query_row((&terms[0], &hi, enough), |r| r.get(0))
        .map_err(e)?;
    let walk = found >= enough;
    let mut sql = String::from(if walk {
        "SELECT p.id, p.name, p.role, p.email, p.title FROM people p WHERE p.role = 'employee'
           AND EXISTS (SELECT 1 FROM people_search_words w WHERE w.person_id = p.id AND w.word >= ?1 AND w.word < ?2)"
    } else {
        "SELECT p.id, p.name, p.role, p.email, p.title FROM people p
         WHERE p.id IN (SELECT person_id FROM people_search_words WHERE word >= ?1 AND word < ?2)
           AND +p.role = 'employee'"
    });
    for k in 1..terms.len() {
        sql += &format!(
            " AND EXISTS (SELECT 1 FROM people_search_words w WHERE w.person_id = p.id AND w.word >= ?{} AND w.word < ?{})",
            2 * k + 1,
            2 * k + 2
        );
    }
    sql += " ORDER BY p.name, p.id LIMIT 100";
    let bounds: Vec<String> = terms.iter().map(|t| format!("{t}\u{10FFFF}")).collect();
    let mut params: Vec<&dyn rusqlite::ToSql> = Vec::new();
    for (t, b) in terms.iter().zip(&bounds) {
        params.push(t);
        params.push(b);
    }
    let mut stmt = raw.prepare_cached(&sql).map_err(e)?;
    let rows = stmt.query_map(params.as_slice(), person_key).map_err(e)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(e)
}

/// People search and a person's own cases.
pub fn people_commands(app: &App, raw: &Connection, samples: usize) -> Result<Vec<Row>, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let mut rows = Vec::new();
    let label = "SQL: common word: employees in name order until 100 match; rare: its people_search_words range, sorted";
    let one_letter: Vec<&str> = PEOPLE_QUERIES
        .iter()
        .copied()
        .filter(|q| q.chars().count() == 1)
        .collect();
    let longer: Vec<&str> = PEOPLE_QUERIES
        .iter()
        .copied()
        .filter(|q| q.chars().count() > 1)
        .collect();
    rows.push(compare_runs(
        "people search: one letter (employees, 100)",
        label,
        &one_letter,
        samples,
        TARGET_P99_MS,
        |q| api_people(app, q),
        |q| raw_people(raw, q),
    )?);
    rows.push(compare_runs(
        "people search: 2+ letters, two words (employees, 100)",
        label,
        &longer,
        samples,
        TARGET_P99_MS,
        |q| api_people(app, q),
        |q| raw_people(raw, q),
    )?);
    rows.push(compare_runs(
        "people search: empty query (first 100 employees)",
        "SQL: employees by name, LIMIT 100",
        &[""],
        samples,
        TARGET_P99_MS,
        |q| api_people(app, q),
        |q| raw_people(raw, q),
    )?);

    let assessors = sample_assessors(raw, 100).map_err(e)?;
    let page = |req: &ListCasesRequest, assessor: &String| raw_page(raw, req, Some(assessor), true);
    rows.push(compare_runs(
        "an assessor's open cases (person_cases)",
        "one SQL query: the assessor's open cases ⋈ people ⋈ badge_names",
        &assessors,
        samples,
        TARGET_P99_MS,
        |a| {
            let req = PersonCasesRequest {
                person: a.clone(),
                open_only: true,
                limit: None,
                offset: None,
            };
            let page = app.person_cases(&req).map_err(|e| e.to_string())?;
            Ok::<_, String>(
                page.iter()
                    .map(|c| {
                        list_key(
                            &c.id,
                            &c.employee_name,
                            c.badge_name.fi.as_deref().unwrap_or(""),
                            &c.updated_at,
                        )
                    })
                    .collect(),
            )
        },
        |a| {
            page(
                &ListCasesRequest {
                    limit: Some(PAGE),
                    offset: Some(0),
                    ..Default::default()
                },
                a,
            )
        },
    )?);
    Ok(rows)
}

/// The badge library page: the latest version of every badge (not one of the three commands the
/// issue names, but the desktop's start page; measured so its cost at 300 badges is known).
pub fn library_commands(app: &App, raw: &Connection, samples: usize) -> Result<Vec<Row>, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let row = compare_runs(
        "badge library: latest version of all 300 badges",
        "one SQL query: the latest versions' bodies (no parsing)",
        &[()],
        samples.min(100),
        TARGET_P99_MS,
        |_| {
            let list = app
                .list_badges(&ListBadgesRequest::default(), Lang::Fi)
                .map_err(|e| e.to_string())?;
            let mut ids: Vec<String> = list
                .into_iter()
                .map(|b| format!("{} v{}", b.id, b.version))
                .collect();
            ids.sort();
            Ok::<_, String>(ids)
        },
        |_| {
            let mut stmt = raw
                .prepare_cached(
                    "SELECT b.id, b.version, b.body FROM badges b
                     WHERE b.version = (SELECT MAX(version) FROM badges WHERE id = b.id) ORDER BY b.id",
                )
                .map_err(e)?;
            let rows = stmt
                .query_map([], |r| {
                    let body: String = r.get(2)?;
                    std::hint::black_box(body);
                    Ok(format!(
                        "{} v{}",
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?
                    ))
                })
                .map_err(e)?;
            let mut ids = rows.collect::<rusqlite::Result<Vec<_>>>().map_err(e)?;
            ids.sort();
            Ok(ids)
        },
    )?;
    Ok(vec![row])
}
