//! The data generator: a wellbeing services county's data dir, deterministic from a seed.
//!
//! What goes through Osaava's own code, and what does not:
//!
//! * The data dir is created by `osaava_api::App::open`, so every migration applies and the
//!   starter library is seeded exactly as on a user's machine; the organisation is set through the
//!   API too.
//! * People and the derived badges are written through `osaava_store::Db` (`insert_person`,
//!   `insert_badge`), so the store's own bookkeeping (content hashes, search keys) is what the app
//!   would write.
//! * Cases, self-assessments, notes, ratings, evidence, learning paths and the audit trail are
//!   written **with SQL directly**, in big transactions with prepared statements: going through
//!   the handlers would take an hour (one fsync per action). This is a test-data tool, the one place
//!   outside osaava-store that writes Osaava's tables. The rows still hold what the API would write:
//!   case and evidence bodies are `osaava_core` values serialised by serde, decided cases are decided
//!   by `Case::decide` on their own facts (so the decision rules hold), the learning path is
//!   `plan_path`'s, and foreign keys are on while writing, so every reference is checked by SQLite.
//!
//! Evidence files are rows only: `vault_files` rows exist for every referenced hash, as the schema
//! requires, but the files themselves are not written to `vault/` (200,000 files would measure the
//! file system, not Osaava). Handlers that read file bytes (the self-assessment export) fail on
//! generated cases; nothing the benchmark calls does.

use crate::names::*;
use crate::rng::Rng;
use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use osaava_api::dto::{ListBadgesRequest, SetOrganisationRequest, ShowBadgeRequest};
use osaava_api::{App, FixedClock, DATABASE_FILE};
use osaava_core::case::{Case, CaseState, Decision, NewCase};
use osaava_core::compare::{compare, CaseFacts};
use osaava_core::evidence::{ContentType, Evidence, EvidenceFile};
use osaava_core::interview::{CriterionRating, Rating};
use osaava_core::learning::{plan_path, Catalogue};
use osaava_core::selfassess::{SelfAssessment, SelfAssessmentEntry, SelfLevel};
use osaava_core::{Badge, EvidenceKind, Lang, LocalizedText, Person, Role};
use osaava_store::Store;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Bump when the generated data changes, so cached data dirs are rebuilt.
pub const GENERATOR_VERSION: u32 = 1;

/// The generator's "now": the fixed clock of the data set and of the benchmark.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

const COURSES: &[u8] = include_bytes!("../../../templates/learning/courses.json");
const ACTOR: &str = "osaava-bench";

// Independent random streams, so one part can change without reshuffling the others.
const S_PEOPLE: u64 = 1;
const S_BADGES: u64 = 2;
const S_PLAN: u64 = 3;
const S_CASE: u64 = 4;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scale {
    pub employees: u32,
    pub assessors: u32,
    /// Badges in the library: the 12 starter badges and variants derived from them (at most 300).
    pub badges: u32,
    pub cases: u32,
    pub ratings: u64,
    pub evidence: u32,
}

impl Scale {
    /// A large wellbeing services county (issue #3 §8).
    pub const COUNTY: Scale = Scale {
        employees: 20_000,
        assessors: 400,
        badges: 300,
        cases: 100_000,
        ratings: 2_000_000,
        evidence: 200_000,
    };

    /// The county times `f` (for tests and quick runs). The badge library stays whole: ratings per
    /// case depend on the badges' sizes.
    pub fn times(f: f64) -> Scale {
        let c = Scale::COUNTY;
        let m = |n: u32, min: u32| ((n as f64 * f).round() as u32).max(min);
        Scale {
            employees: m(c.employees, 10),
            assessors: m(c.assessors, 2),
            badges: c.badges,
            cases: m(c.cases, 10),
            ratings: ((c.ratings as f64 * f).round() as u64).max(1),
            evidence: m(c.evidence, 1),
        }
    }
}

/// What was generated, written to `manifest.json` in the data dir once it is complete.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Manifest {
    pub generator_version: u32,
    pub seed: u64,
    pub now: String,
    pub seconds: f64,
    pub db_bytes: u64,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Counts {
    pub employees: u64,
    pub assessors: u64,
    pub badges: u64,
    pub cases: u64,
    pub ratings: u64,
    pub evidence: u64,
    pub vault_files: u64,
    pub self_assessment_entries: u64,
    pub interview_notes: u64,
    pub learning_paths: u64,
    pub audit_entries: u64,
    pub cases_by_state: Vec<(String, u64)>,
}

/// Builds the data dir `dir` (which must not exist yet).
pub fn generate(
    dir: &Path,
    seed: u64,
    scale: Scale,
    progress: &mut dyn FnMut(&str),
) -> Result<Manifest, String> {
    let started = Instant::now();
    let err = |what: &str| {
        let what = what.to_string();
        move |e: &dyn std::fmt::Display| format!("{what}: {e}")
    };
    if dir.exists() {
        return Err(format!(
            "{} exists already; the generator writes a new data dir",
            dir.display()
        ));
    }

    // 1. A real data dir: migrations, the seeded starter library, the organisation.
    let app = App::open(dir, Arc::new(FixedClock(now())), ACTOR)
        .map_err(|e| err("open the data dir")(&e))?;
    app.set_organisation(&SetOrganisationRequest {
        name: "Pirkanmaan hyvinvointialue".into(),
        business_id: "0112038-9".into(),
    })
    .map_err(|e| err("set the organisation")(&e))?;
    let mut starters = Vec::new();
    for summary in app
        .list_badges(&ListBadgesRequest::default(), Lang::Fi)
        .map_err(|e| err("list badges")(&e))?
    {
        let detail = app
            .show_badge(&ShowBadgeRequest {
                id: summary.id.clone(),
                version: None,
            })
            .map_err(|e| err("show a starter badge")(&e))?;
        starters.push(detail.badge);
    }
    drop(app);
    if starters.is_empty() {
        return Err("the starter library is empty".into());
    }
    starters.sort_by(|a, b| a.id.cmp(&b.id));

    // 2. People and badges through the store.
    let people = make_people(seed, scale);
    let derived = derive_badges(
        seed,
        &starters,
        scale.badges.saturating_sub(starters.len() as u32) as usize,
    );
    let mut badges = starters.clone();
    badges.extend(derived.iter().cloned());
    progress(&format!(
        "{} people and {} derived badges through osaava-store",
        people.all.len(),
        derived.len()
    ));
    let db_path = dir.join(DATABASE_FILE);
    {
        let mut store = Store::open(&db_path).map_err(|e| err("open the store")(&e))?;
        store
            .write(|db| {
                for (p, at) in &people.all {
                    db.insert_person(p, at)?;
                }
                let at = stamp(now() - Duration::days(1200));
                for b in &derived {
                    db.insert_badge(b, &at)?;
                }
                Ok::<_, osaava_store::StoreError>(())
            })
            .map_err(|e| err("write people and badges")(&e))?;
    }

    // 3. Cases and everything in them, with SQL.
    let plans = plan_cases(seed, scale, &badges, &people)?;
    let conn = Connection::open(&db_path).map_err(|e| err("open SQLite")(&e))?;
    // Test data: no journal and no fsync while bulk loading (a failed run leaves a temp dir that is
    // thrown away); foreign keys stay on so every row's references are checked.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
    )
    .map_err(|e| err("set pragmas")(&e))?;
    let catalogue = Catalogue::parse(COURSES).map_err(|e| err("the course catalogue")(&e))?;
    let mut writer = Writer::new(&conn).map_err(|e| err("prepare")(&e))?;
    let batch = 2_000usize;
    let mut shared_files: Vec<(String, u64, ContentType)> = Vec::new();
    for (chunk_no, chunk) in plans.chunks(batch).enumerate() {
        conn.execute_batch("BEGIN").map_err(|e| err("begin")(&e))?;
        for (k, plan) in chunk.iter().enumerate() {
            let i = chunk_no * batch + k;
            let case = build_case(
                seed,
                i as u64,
                plan,
                &badges[plan.badge],
                &people,
                &catalogue,
                &mut shared_files,
            )?;
            writer
                .write(&case)
                .map_err(|e| format!("write case {i}: {e}"))?;
        }
        conn.execute_batch("COMMIT")
            .map_err(|e| err("commit")(&e))?;
        let done = (chunk_no * batch + chunk.len()) as f64;
        progress(&format!(
            "cases {:>7}/{} ({:.0} %), {:.1} s",
            done as u64,
            plans.len(),
            100.0 * done / plans.len() as f64,
            started.elapsed().as_secs_f64()
        ));
    }
    drop(writer);
    conn.execute_batch("PRAGMA journal_mode = WAL;")
        .map_err(|e| err("back to WAL")(&e))?;
    let counts = count(&conn).map_err(|e| err("count")(&e))?;
    drop(conn);
    if counts.ratings != scale.ratings
        || counts.evidence != scale.evidence as u64
        || counts.cases != scale.cases as u64
    {
        return Err(format!(
            "generated {counts:?}, not the scale asked for ({scale:?})"
        ));
    }
    let db_bytes = std::fs::metadata(&db_path).map(|m| m.len()).unwrap_or(0);
    Ok(Manifest {
        generator_version: GENERATOR_VERSION,
        seed,
        now: stamp(now()),
        seconds: started.elapsed().as_secs_f64(),
        db_bytes,
        counts,
    })
}

fn count(conn: &Connection) -> rusqlite::Result<Counts> {
    let n = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map(|v| v as u64)
    };
    let mut stmt =
        conn.prepare("SELECT state, COUNT(*) FROM cases GROUP BY state ORDER BY state")?;
    let by_state = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Counts {
        employees: n("SELECT COUNT(*) FROM people WHERE role = 'employee'")?,
        assessors: n("SELECT COUNT(*) FROM people WHERE role = 'assessor'")?,
        badges: n("SELECT COUNT(DISTINCT id) FROM badges")?,
        cases: n("SELECT COUNT(*) FROM cases")?,
        ratings: n("SELECT COUNT(*) FROM ratings")?,
        evidence: n("SELECT COUNT(*) FROM evidence")?,
        vault_files: n("SELECT COUNT(*) FROM vault_files")?,
        self_assessment_entries: n("SELECT COUNT(*) FROM self_assessment_entries")?,
        interview_notes: n("SELECT COUNT(*) FROM interview_notes")?,
        learning_paths: n("SELECT COUNT(*) FROM learning_paths")?,
        audit_entries: n("SELECT COUNT(*) FROM audit_log")?,
        cases_by_state: by_state,
    })
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn at_secs(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).unwrap()
}

// ---------------------------------------------------------------------------------------------
// People

pub struct People {
    /// Every person with when they were added.
    pub all: Vec<(Person, String)>,
    pub employees: Vec<usize>,
    pub assessors: Vec<usize>,
}

fn make_people(seed: u64, scale: Scale) -> People {
    let mut rng = Rng::derive(seed, S_PEOPLE, 0);
    let mut all = Vec::new();
    let mut emails = HashSet::new();
    let start = now() - Duration::days(3 * 365 + 30);
    let titles: Vec<f64> = EMPLOYEE_TITLES.iter().map(|t| t.1).collect();
    let mut person = |rng: &mut Rng, role: Role, title: String| {
        let first = if rng.chance(0.86) {
            *rng.pick(FEMALE_FIRST)
        } else {
            *rng.pick(MALE_FIRST)
        };
        let last = if rng.chance(0.04) {
            format!("{}-{}", rng.pick(SURNAMES), rng.pick(SURNAMES))
        } else {
            rng.pick(SURNAMES).to_string()
        };
        let local = format!("{}.{}", ascii_fold(first), ascii_fold(&last));
        let mut email = format!("{local}@pirha.fi");
        let mut n = 2;
        while !emails.insert(email.clone()) {
            email = format!("{local}{n}@pirha.fi");
            n += 1;
        }
        let added = start + Duration::seconds(rng.range(0, 90 * 86_400));
        let id = rng.uuid_v7(added.timestamp_millis());
        (
            Person {
                id,
                name: format!("{first} {last}"),
                role,
                email: Some(email),
                title: Some(title),
            },
            stamp(added),
        )
    };
    let mut employees = Vec::new();
    for _ in 0..scale.employees {
        let title = EMPLOYEE_TITLES[rng.weighted(&titles)].0.to_string();
        employees.push(all.len());
        all.push(person(&mut rng, Role::Employee, title));
    }
    let mut assessors = Vec::new();
    for _ in 0..scale.assessors {
        let title = rng.pick(ASSESSOR_TITLES).to_string();
        assessors.push(all.len());
        all.push(person(&mut rng, Role::Assessor, title));
    }
    for _ in 0..2 {
        all.push(person(&mut rng, Role::Admin, "pääkäyttäjä".into()));
    }
    for _ in 0..3 {
        all.push(person(&mut rng, Role::College, "opintosihteeri".into()));
    }
    People {
        all,
        employees,
        assessors,
    }
}

// ---------------------------------------------------------------------------------------------
// Badges

/// `n` variants of the starter badges: one starter badge for an area of work and a level, with
/// criteria of related starter badges added, the larger the level (the size of a qualification
/// unit, 15–45 criteria).
pub fn derive_badges(seed: u64, starters: &[Badge], n: usize) -> Vec<Badge> {
    let mut out = Vec::with_capacity(n);
    'all: for (li, level) in LEVELS.iter().enumerate() {
        for area in AREAS {
            for (si, base) in starters.iter().enumerate() {
                if out.len() == n {
                    break 'all;
                }
                let mut rng = Rng::derive(seed, S_BADGES, out.len() as u64);
                let extra = [2usize, 3, 5][li];
                let mut others: Vec<usize> = (0..starters.len()).filter(|&j| j != si).collect();
                rng.shuffle(&mut others);
                let mut criteria = base.criteria.clone();
                for &j in others.iter().take(extra) {
                    for c in &starters[j].criteria {
                        let mut c = c.clone();
                        // The added badges' optional parts stay optional; a few more become so at the basic level.
                        if li == 0 && rng.chance(0.2) {
                            c.mandatory = false;
                        }
                        criteria.push(c);
                    }
                }
                let name = |t: &Option<String>, a: &str, l: &str| {
                    t.as_ref().map(|t| format!("{t}: {a}, {l}"))
                };
                let b = Badge {
                    id: format!("{}-{}-{}", base.id, area.3, level.3),
                    version: 1,
                    source_version: Some("2026-1".into()),
                    name: LocalizedText {
                        fi: name(&base.name.fi, area.0, level.0),
                        sv: name(&base.name.sv, area.1, level.1),
                        en: name(&base.name.en, area.2, level.2),
                    },
                    description: base.description.clone(),
                    issuer: Some("Pirkanmaan hyvinvointialue".into()),
                    criteria,
                    alignments: base.alignments.clone(),
                    evidence_currency_years: base.evidence_currency_years,
                    validity_years: base.validity_years,
                    source_format: base.source_format,
                    image: None,
                };
                debug_assert!(b.validate("$").is_ok(), "{}", b.id);
                out.push(b);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Case plans: the shape of each case, fixed before any row is written so totals come out exact.

#[derive(Debug, Clone)]
pub struct Plan {
    created: i64,
    updated: i64,
    state: CaseState,
    /// For a withdrawn case, where it was when it was withdrawn.
    reached: CaseState,
    badge: usize,
    employee: usize,
    assessor: Option<usize>,
    self_assessed: bool,
    ratings: u32,
    evidence: u32,
    notes: u32,
    lang: Lang,
}

fn rates_all(s: CaseState) -> bool {
    matches!(s, CaseState::Assessed | CaseState::Decided)
}

fn plan_cases(
    seed: u64,
    scale: Scale,
    badges: &[Badge],
    people: &People,
) -> Result<Vec<Plan>, String> {
    use CaseState::*;
    let mut rng = Rng::derive(seed, S_PLAN, 0);
    let end = now().timestamp();
    let span = 3 * 365 * 86_400i64;
    // Popularity of badges: a few are used a lot.
    let mut order: Vec<usize> = (0..badges.len()).collect();
    rng.shuffle(&mut order);
    let mut popularity = vec![0.0; badges.len()];
    for (rank, &b) in order.iter().enumerate() {
        popularity[b] = 1.0 / (rank as f64 + 3.0).powf(0.7);
    }
    let mut plans = Vec::with_capacity(scale.cases as usize);
    for _ in 0..scale.cases {
        // More cases lately: the county took Osaava into use three years ago.
        let created = end - span + (span as f64 * rng.unit().sqrt()) as i64 - rng.range(0, 86_400);
        let age_days = (end - created) / 86_400;
        let states = [
            Draft,
            SelfAssessmentSubmitted,
            ReturnedForRevision,
            InterviewInProgress,
            Assessed,
            Decided,
            Withdrawn,
        ];
        let weights: [f64; 7] = if age_days > 150 {
            [1.5, 1.5, 0.5, 3.0, 2.5, 84.0, 7.0]
        } else if age_days > 40 {
            [6.0, 8.0, 2.0, 28.0, 14.0, 36.0, 6.0]
        } else {
            [25.0, 20.0, 3.0, 32.0, 8.0, 8.0, 4.0]
        };
        let state = states[rng.weighted(&weights)];
        let reached = if state == Withdrawn {
            [
                Draft,
                SelfAssessmentSubmitted,
                InterviewInProgress,
                Assessed,
            ][rng.weighted(&[3.0, 2.0, 4.0, 1.0])]
        } else {
            state
        };
        let busy = match state {
            Decided | Withdrawn => rng.range(3, 140),
            _ => rng.range(0, 60),
        } * 86_400
            + rng.range(0, 86_400);
        let updated = (created + busy).min(end - rng.range(0, 3_600));
        let badge = rng.weighted(&popularity);
        let employee = people.employees[rng.index(people.employees.len())];
        let assessor = if reached == Draft && rng.chance(0.4) {
            None
        } else {
            Some(people.assessors[rng.index(people.assessors.len())])
        };
        let self_assessed = match reached {
            SelfAssessmentSubmitted | ReturnedForRevision => true,
            Draft => false,
            _ => rng.chance(0.55),
        };
        let lang = [Lang::Fi, Lang::Sv, Lang::En][rng.weighted(&[88.0, 9.0, 3.0])];
        let n = badges[badge].criteria.len() as u32;
        let ratings = if rates_all(reached) { n } else { 0 };
        plans.push(Plan {
            created,
            updated,
            state,
            reached,
            badge,
            employee,
            assessor,
            self_assessed,
            ratings,
            evidence: 0,
            notes: 0,
            lang,
        });
    }
    plans.sort_by_key(|p| p.created);

    // Ratings: every criterion of an assessed or decided case; some of a running interview's.
    let full: u64 = plans.iter().map(|p| p.ratings as u64).sum();
    let partial: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].reached == InterviewInProgress)
        .collect();
    let room: u64 = partial
        .iter()
        .map(|&i| badges[plans[i].badge].criteria.len() as u64)
        .sum();
    if full > scale.ratings || full + room < scale.ratings {
        return Err(format!(
            "{} ratings cannot be spread over these cases: fully rated cases need {full}, running interviews hold at most {room} more",
            scale.ratings
        ));
    }
    let mut left = scale.ratings - full;
    let share = left as f64 / room.max(1) as f64;
    for &i in &partial {
        let cap = badges[plans[i].badge].criteria.len() as u32;
        let k = ((cap as f64 * share * (0.5 + rng.unit())).round() as u32).clamp(1, cap) as u64;
        let k = k.min(left);
        plans[i].ratings = k as u32;
        left -= k;
    }
    // Hand out what rounding left over, one at a time, round-robin from a random start.
    let mut j = rng.index(partial.len().max(1));
    while left > 0 {
        let i = partial[j % partial.len()];
        if (plans[i].ratings as usize) < badges[plans[i].badge].criteria.len() {
            plans[i].ratings += 1;
            left -= 1;
        }
        j += 1;
    }
    for p in plans.iter_mut() {
        // Interview notes go with the interview: about one per five ratings, at least one.
        if matches!(p.reached, InterviewInProgress | Assessed | Decided) {
            p.notes = 1 + p.ratings / 5 + rng.below(3) as u32;
        }
    }

    // Evidence: exactly `scale.evidence` items, more where the assessment has gone further.
    let weight = |p: &Plan| match p.reached {
        Draft => 0.3,
        SelfAssessmentSubmitted | ReturnedForRevision => 1.5,
        InterviewInProgress => 2.0,
        _ => 2.6,
    };
    let total_w: f64 = plans.iter().map(weight).sum();
    let mut given = 0u64;
    for p in plans.iter_mut() {
        let e = scale.evidence as f64 * weight(p) / total_w;
        p.evidence = (e * (0.3 + 1.4 * rng.unit())).round() as u32;
        given += p.evidence as u64;
    }
    while given != scale.evidence as u64 {
        let i = rng.index(plans.len());
        if given < scale.evidence as u64 {
            plans[i].evidence += 1;
            given += 1;
        } else if plans[i].evidence > 0 {
            plans[i].evidence -= 1;
            given -= 1;
        }
    }
    Ok(plans)
}

// ---------------------------------------------------------------------------------------------
// One case and its rows

pub struct BuiltCase {
    case: Case,
    created_at: String,
    updated_at: String,
    self_entries: Vec<(SelfAssessmentEntry, String)>,
    notes: Vec<(String, String, String, String)>,
    ratings: Vec<(CriterionRating, String, String)>,
    evidence: Vec<(Evidence, String)>,
    learning_path: Option<(String, String)>,
    /// (action, at, old, new) about this case.
    audit: Vec<(String, String, Option<String>, Option<String>)>,
}

fn date(secs: i64) -> NaiveDate {
    at_secs(secs).date_naive()
}

fn build_case(
    seed: u64,
    i: u64,
    plan: &Plan,
    badge: &Badge,
    people: &People,
    catalogue: &Catalogue,
    shared_files: &mut Vec<(String, u64, ContentType)>,
) -> Result<BuiltCase, String> {
    use CaseState::*;
    let mut rng = Rng::derive(seed, S_CASE, i);
    let between = |rng: &mut Rng, a: i64, b: i64| if b > a { rng.range(a, b) } else { a };
    let ms = plan.created * 1000 + rng.range(0, 999);
    let id = rng.uuid_v7(ms);
    let employee = &people.all[plan.employee].0;
    let assessor = plan.assessor.map(|a| &people.all[a].0);
    let new = NewCase {
        id: &id,
        employee_id: &employee.id,
        assessor_id: assessor.map(|a| a.id.as_str()),
        language: plan.lang,
    };
    let mut case = Case::open(&new, badge).map_err(|e| e.to_string())?;
    let created_at = stamp(at_secs(plan.created));
    let updated_at = stamp(at_secs(plan.updated));
    let mut audit = vec![(
        "case.open".to_string(),
        created_at.clone(),
        None,
        Some(format!(
            "{} v{} for {}",
            badge.id, badge.version, employee.id
        )),
    )];
    let mut path: Vec<CaseState> = Vec::new();
    if plan.self_assessed {
        path.push(SelfAssessmentSubmitted);
        if plan.reached == ReturnedForRevision {
            path.push(ReturnedForRevision);
        }
    }
    match plan.reached {
        InterviewInProgress => path.push(InterviewInProgress),
        Assessed => path.extend([InterviewInProgress, Assessed]),
        Decided => path.extend([InterviewInProgress, Assessed]),
        _ => {}
    }
    let mut from = Draft;
    for (k, to) in path.iter().enumerate() {
        let t =
            plan.created + (plan.updated - plan.created) * (k as i64 + 1) / (path.len() as i64 + 2);
        audit.push((
            "case.state".into(),
            stamp(at_secs(t)),
            Some(from.code().into()),
            Some(to.code().into()),
        ));
        from = *to;
    }
    case.state = from;
    if matches!(from, InterviewInProgress | Assessed) {
        case.interview_sessions = 1 + rng.below(3) as u32;
        case.interview_paused = from == InterviewInProgress && rng.chance(0.4);
    }

    // Self-assessment.
    let mut self_entries = Vec::new();
    let crit_ids: Vec<&str> = badge.criteria.iter().map(|c| c.id.as_str()).collect();
    if plan.self_assessed || (plan.reached == Draft && rng.chance(0.3)) {
        let upto = if plan.self_assessed {
            crit_ids.len()
        } else {
            rng.range(1, crit_ids.len() as i64) as usize
        };
        let levels = [
            SelfLevel::NotYet,
            SelfLevel::WithGuidance,
            SelfLevel::Independently,
            SelfLevel::CanGuideOthers,
            SelfLevel::Unsure,
        ];
        for c in &crit_ids[..upto] {
            let level = levels[rng.weighted(&[5.0, 20.0, 45.0, 20.0, 10.0])];
            let example = rng
                .chance(0.15)
                .then(|| rng.pick(SELF_EXAMPLES).to_string());
            let at = stamp(at_secs(between(&mut rng, plan.created, plan.updated)));
            self_entries.push((
                SelfAssessmentEntry {
                    criterion: c.to_string(),
                    level,
                    example,
                },
                at,
            ));
        }
    }

    // Ratings: all criteria, or a random part of them in a running interview.
    let mut ratings = Vec::new();
    let mut chosen: Vec<usize> = (0..crit_ids.len()).collect();
    if (plan.ratings as usize) < chosen.len() {
        rng.shuffle(&mut chosen);
        chosen.truncate(plan.ratings as usize);
        chosen.sort();
    }
    let rater = assessor
        .map(|a| a.id.clone())
        .unwrap_or_else(|| ACTOR.into());
    for &k in chosen.iter().take(plan.ratings as usize) {
        let c = &badge.criteria[k];
        let rating = if !c.mandatory && rng.chance(0.15) {
            Rating::NotAssessed
        } else {
            [Rating::Meets, Rating::PartiallyMeets, Rating::DoesNotMeet]
                [rng.weighted(&[80.0, 12.0, 8.0])]
        };
        let rationale = rating
            .is_assessed()
            .then(|| rng.pick(RATIONALES).to_string());
        let at = stamp(at_secs(between(&mut rng, plan.created, plan.updated)));
        ratings.push((
            CriterionRating {
                criterion: c.id.clone(),
                rating,
                rationale,
            },
            rater.clone(),
            at,
        ));
    }

    // Interview notes.
    let mut notes = Vec::new();
    for _ in 0..plan.notes {
        let c = rng.pick(&crit_ids).to_string();
        let text = format!("{} {}", rng.pick(NOTE_OPENINGS), rng.pick(NOTE_BODIES));
        let at = stamp(at_secs(between(&mut rng, plan.created, plan.updated)));
        notes.push((c, text, rater.clone(), at));
    }

    // Evidence.
    let mut evidence = Vec::new();
    let checked_share = if matches!(plan.reached, Assessed | Decided) {
        0.85
    } else {
        0.45
    };
    for _ in 0..plan.evidence {
        let t = between(&mut rng, plan.created, plan.updated);
        let ms = t * 1000 + rng.range(0, 999);
        let eid = rng.uuid_v7(ms);
        let first = rng.index(badge.criteria.len());
        let kinds = &badge.criteria[first].evidence.kinds;
        let kind = if kinds.is_empty() {
            *rng.pick(&EvidenceKind::ALL)
        } else {
            *rng.pick(kinds)
        };
        // A statement or a certificate often covers several criteria.
        let many = matches!(
            kind,
            EvidenceKind::ThirdPartyStatement | EvidenceKind::PriorCertificate
        );
        let extra = if many {
            rng.range(2, 10)
        } else {
            rng.range(0, 2)
        } as usize;
        let mut linked = vec![first];
        for _ in 0..extra {
            let k = rng.index(badge.criteria.len());
            if !linked.contains(&k) {
                linked.push(k);
            }
        }
        linked.sort();
        let years = badge.evidence_currency_years.max(1) as i64;
        let back_days = if rng.chance(0.85) {
            rng.range(0, years * 365 - 1)
        } else {
            rng.range(years * 365, years * 365 + 900)
        };
        let obtained = date(t) - Duration::days(back_days);
        let file = if kind != EvidenceKind::InterviewAnswer
            && kind != EvidenceKind::Observation
            && rng.chance(0.75)
        {
            if !shared_files.is_empty() && rng.chance(0.05) {
                let (sha256, size, content_type) =
                    shared_files[rng.index(shared_files.len())].clone();
                Some(EvidenceFile {
                    sha256,
                    size,
                    content_type,
                    name: Some("todistus.pdf".into()),
                })
            } else {
                let content_type = [
                    ContentType::Pdf,
                    ContentType::Jpeg,
                    ContentType::Png,
                    ContentType::Docx,
                    ContentType::M4a,
                ][rng.weighted(&[55.0, 22.0, 8.0, 10.0, 5.0])];
                let sha256: String = (0..4).map(|_| format!("{:016x}", rng.next_u64())).collect();
                let size = rng.range(15_000, 4_000_000) as u64;
                if shared_files.len() < 2_000 {
                    shared_files.push((sha256.clone(), size, content_type));
                }
                let ext = content_type
                    .mime()
                    .rsplit('/')
                    .next()
                    .unwrap_or("bin")
                    .rsplit('.')
                    .next()
                    .unwrap_or("bin")
                    .to_string();
                Some(EvidenceFile {
                    sha256,
                    size,
                    content_type,
                    name: Some(format!("nayte-{}.{ext}", rng.below(1000))),
                })
            }
        } else {
            None
        };
        let e = Evidence {
            id: eid,
            kind,
            file,
            obtained: Some(obtained),
            author: Some(rng.pick(EVIDENCE_AUTHORS).to_string()),
            criteria: linked.iter().map(|&k| crit_ids[k].to_string()).collect(),
            note: rng
                .chance(0.5)
                .then(|| rng.pick(EVIDENCE_NOTES).to_string()),
            authenticity_checked: rng.chance(checked_share),
        };
        evidence.push((e, stamp(at_secs(t))));
    }
    evidence.sort_by(|a, b| (&a.1, &a.0.id).cmp(&(&b.1, &b.0.id)));

    // The decision, by osaava-core's own rules on this case's facts.
    let mut learning_path = None;
    if plan.reached == Decided {
        let sa = SelfAssessment {
            badge_id: badge.id.clone(),
            badge_version: badge.version,
            entries: self_entries.iter().map(|e| e.0.clone()).collect(),
        };
        let ev: Vec<Evidence> = evidence.iter().map(|e| e.0.clone()).collect();
        let rt: Vec<CriterionRating> = ratings.iter().map(|r| r.0.clone()).collect();
        let facts = CaseFacts {
            badge,
            self_assessment: (!sa.entries.is_empty()).then_some(&sa),
            evidence: &ev,
            ratings: &rt,
            as_of: date(plan.updated),
        };
        let suggested = compare(&facts, None);
        let follow = match suggested.suggestion {
            osaava_core::compare::Suggestion::Recognise => Decision::Recognised,
            osaava_core::compare::Suggestion::Partially => Decision::PartiallyRecognised,
            osaava_core::compare::Suggestion::NotYet => Decision::NotYet,
        };
        // Now and then the assessor weighs the interview more than the evidence rules.
        let alternative = (rng.chance(0.15) && follow == Decision::NotYet)
            .then_some(Decision::PartiallyRecognised);
        let mut decided = None;
        if let Some(d) = alternative {
            let mut c = case.clone();
            if let Ok(r) = c.decide(
                &facts,
                d,
                Some("Haastattelu ja työpaikkaohjaajan lausunto tukevat osittaista tunnustamista."),
            ) {
                decided = Some((c, r));
            }
        }
        let (c, (record, changes)) = match decided {
            Some(d) => d,
            None => {
                let mut c = case.clone();
                let r = c
                    .decide(&facts, follow, None)
                    .map_err(|e| format!("deciding generated case {id}: {e}"))?;
                (c, r)
            }
        };
        case = c;
        for ch in &changes {
            let (what, old, new) = ch.audit();
            audit.push((
                format!("case.{what}"),
                updated_at.clone(),
                Some(old),
                Some(new),
            ));
        }
        let what = format!(
            "{} (suggested {})",
            record.decision.code(),
            record.suggestion.code()
        );
        audit.push(("case.decision".into(), updated_at.clone(), None, Some(what)));
        let gaps = suggested.gaps;
        let lp = plan_path(badge, &gaps, catalogue);
        learning_path = Some((
            serde_json::to_string(&lp).map_err(|e| e.to_string())?,
            updated_at.clone(),
        ));
    }
    if plan.state == Withdrawn {
        let before = case.state;
        case.withdraw()
            .map_err(|e| format!("withdrawing generated case {id}: {e}"))?;
        audit.push((
            "case.state".into(),
            updated_at.clone(),
            Some(before.code().into()),
            Some(Withdrawn.code().into()),
        ));
    }
    debug_assert_eq!(case.state, plan.state);
    Ok(BuiltCase {
        case,
        created_at,
        updated_at,
        self_entries,
        notes,
        ratings,
        evidence,
        learning_path,
        audit,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing rows

struct Writer<'c> {
    case: rusqlite::Statement<'c>,
    self_entry: rusqlite::Statement<'c>,
    note: rusqlite::Statement<'c>,
    rating: rusqlite::Statement<'c>,
    vault: rusqlite::Statement<'c>,
    evidence: rusqlite::Statement<'c>,
    path: rusqlite::Statement<'c>,
    audit: rusqlite::Statement<'c>,
}

impl<'c> Writer<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<Writer<'c>> {
        Ok(Writer {
            case: conn.prepare(
                "INSERT INTO cases (id, employee_id, assessor_id, badge_id, badge_version, state, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            self_entry: conn.prepare(
                "INSERT INTO self_assessment_entries (case_id, criterion_id, level, example, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            note: conn.prepare(
                "INSERT INTO interview_notes (case_id, criterion_id, text, author, written_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            rating: conn.prepare(
                "INSERT INTO ratings (case_id, criterion_id, rating, rationale, rated_by, rated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            vault: conn.prepare(
                "INSERT INTO vault_files (sha256, size, content_type, stored_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
            )?,
            evidence: conn.prepare("INSERT INTO evidence (id, case_id, sha256, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?,
            path: conn.prepare("INSERT INTO learning_paths (case_id, body, saved_at) VALUES (?1, ?2, ?3)")?,
            audit: conn.prepare(
                "INSERT INTO audit_log (at, actor, action, subject, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
        })
    }

    fn write(&mut self, b: &BuiltCase) -> Result<(), String> {
        let e = |e: rusqlite::Error| e.to_string();
        let c = &b.case;
        let body = serde_json::to_string(c).map_err(|e| e.to_string())?;
        self.case
            .execute(params![
                c.id,
                c.employee_id,
                c.assessor_id,
                c.badge_id,
                c.badge_version,
                c.state.code(),
                body,
                b.created_at,
                b.updated_at
            ])
            .map_err(e)?;
        for (s, at) in &b.self_entries {
            self.self_entry
                .execute(params![c.id, s.criterion, s.level.code(), s.example, at])
                .map_err(e)?;
        }
        for (crit, text, author, at) in &b.notes {
            self.note
                .execute(params![c.id, crit, text, author, at])
                .map_err(e)?;
        }
        for (r, by, at) in &b.ratings {
            self.rating
                .execute(params![
                    c.id,
                    r.criterion,
                    r.rating.code(),
                    r.rationale,
                    by,
                    at
                ])
                .map_err(e)?;
        }
        for (ev, at) in &b.evidence {
            if let Some(f) = &ev.file {
                self.vault
                    .execute(params![f.sha256, f.size as i64, f.content_type.mime(), at])
                    .map_err(e)?;
            }
            let body = serde_json::to_string(ev).map_err(|e| e.to_string())?;
            self.evidence
                .execute(params![
                    ev.id,
                    c.id,
                    ev.file.as_ref().map(|f| &f.sha256),
                    body,
                    at
                ])
                .map_err(e)?;
        }
        if let Some((body, at)) = &b.learning_path {
            self.path.execute(params![c.id, body, at]).map_err(e)?;
        }
        let subject = format!("case:{}", c.id);
        for (action, at, old, new) in &b.audit {
            self.audit
                .execute(params![at, ACTOR, action, subject, old, new])
                .map_err(e)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_county_is_generated_exactly_and_the_same_from_the_same_seed() {
        let scale = Scale::times(0.002);
        let dir = tempfile::tempdir().unwrap();
        let a = generate(&dir.path().join("a"), 7, scale, &mut |_| {}).unwrap();
        assert_eq!(a.counts.cases, scale.cases as u64);
        assert_eq!(a.counts.ratings, scale.ratings);
        assert_eq!(a.counts.evidence, scale.evidence as u64);
        assert_eq!(a.counts.employees, scale.employees as u64);
        assert_eq!(a.counts.badges, scale.badges as u64);
        let b = generate(&dir.path().join("b"), 7, scale, &mut |_| {}).unwrap();
        let dump = |m: &str| {
            let c = Connection::open(dir.path().join(m).join(DATABASE_FILE)).unwrap();
            let mut s = c
                .prepare("SELECT id, state, body, updated_at FROM cases ORDER BY id")
                .unwrap();
            let rows: Vec<(String, String, String, String)> = s
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows
        };
        assert_eq!(dump("a"), dump("b"));
        assert_eq!(a.counts.interview_notes, b.counts.interview_notes);
    }
}
