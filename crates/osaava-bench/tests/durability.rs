//! Durability: kill a writer with SIGKILL at random moments, at least 50 times; after each kill
//! `PRAGMA integrity_check` says ok and every acknowledged note and rating is in the database,
//! with its exact content.
//!
//! The kill moments come from a seeded generator. The seed is printed; set
//! `OSAAVA_CRASH_SEED` to repeat a run exactly (the moments, not the scheduler).

use osaava_api::dto::{AddPersonRequest, NoteRequest, OpenCaseRequest};
use osaava_api::{App, FixedClock, DATABASE_FILE};
use osaava_bench::crash::{planned, Write};
use osaava_bench::rng::Rng;
use osaava_core::interview::Rating;
use osaava_core::{Lang, Role};
use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: u32 = 60;
const BADGE: &str = "osaava-first-aid";

/// What the database must hold: the notes in order, the current rating of each criterion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct State {
    notes: Vec<(String, String)>,
    ratings: BTreeMap<String, (String, Option<String>)>,
}

impl State {
    fn apply(&mut self, w: &Write) {
        match w {
            Write::Note {
                criterion, text, ..
            } => self.notes.push((criterion.clone(), text.clone())),
            Write::Rating {
                criterion,
                rating,
                rationale,
                ..
            } => {
                self.ratings.insert(
                    criterion.clone(),
                    (rating.code().to_string(), rationale.clone()),
                );
            }
        }
    }
}

fn read_state(db: &rusqlite::Connection, case: &str) -> State {
    let mut notes = db
        .prepare("SELECT criterion_id, text FROM interview_notes WHERE case_id = ?1 ORDER BY seq")
        .unwrap();
    let notes = notes
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut ratings = db
        .prepare("SELECT criterion_id, rating, rationale FROM ratings WHERE case_id = ?1")
        .unwrap();
    let ratings = ratings
        .query_map([case], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    State { notes, ratings }
}

/// A data dir with one case on a starter badge, its interview started by a first note.
fn setup(dir: &Path) -> (String, Vec<String>, State) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
        .unwrap()
        .into();
    let app = App::open(dir, Arc::new(FixedClock(now)), "test").unwrap();
    let person = |name: &str, role| {
        app.add_person(&AddPersonRequest {
            name: name.into(),
            role,
            email: None,
            title: None,
        })
        .unwrap()
        .id
    };
    let employee = person("Aino Mäkelä", Role::Employee);
    let assessor = person("Sari Öhman", Role::Assessor);
    let req = OpenCaseRequest {
        employee,
        badge: BADGE.into(),
        badge_version: None,
        assessor: Some(assessor),
        language: Some(Lang::Fi),
    };
    let case = app.open_case(&req, Lang::Fi).unwrap().id;
    let badge = app
        .show_badge(&osaava_api::dto::ShowBadgeRequest {
            id: BADGE.into(),
            version: None,
        })
        .unwrap();
    let criteria: Vec<String> = badge.badge.criteria.iter().map(|c| c.id.clone()).collect();
    let first = NoteRequest {
        case: case.clone(),
        criterion: criteria[0].clone(),
        text: "Haastattelu alkoi.".into(),
    };
    app.interview_note(&first, Lang::Fi).unwrap();
    let mut state = State::default();
    state
        .notes
        .push((criteria[0].clone(), "Haastattelu alkoi.".into()));
    (case, criteria, state)
}

#[test]
fn acknowledged_notes_and_ratings_survive_sigkill() {
    let started = Instant::now();
    let seed: u64 = match std::env::var("OSAAVA_CRASH_SEED") {
        Ok(s) => s.parse().expect("OSAAVA_CRASH_SEED must be a number"),
        Err(_) => 20_260_601,
    };
    eprintln!("durability: seed {seed} (OSAAVA_CRASH_SEED={seed} repeats these kill moments)");
    let mut rng = Rng::new(seed);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (case, criteria, mut expected) = setup(&dir);

    let (mut acked_total, mut killed_mid_work, mut committed_unacked, mut finished) =
        (0usize, 0u32, 0u32, 0u32);
    for run in 0..RUNS {
        // Mostly while writing; now and then while the writer is still opening the data dir.
        let delay = if rng.chance(0.15) {
            rng.range(0, 25)
        } else {
            rng.range(25, 400)
        } as u64;
        let mut child = Command::new(env!("CARGO_BIN_EXE_osaava-crash-writer"))
            .arg("--data-dir")
            .arg(&dir)
            .arg("--run")
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start osaava-crash-writer");
        let mut stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            stdout.read_to_end(&mut bytes).unwrap();
            bytes
        });
        std::thread::sleep(Duration::from_millis(delay));
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let out = String::from_utf8(reader.join().unwrap()).unwrap();
        if running {
            assert_eq!(
                status.signal(),
                Some(9),
                "run {run} (delay {delay} ms): not killed by SIGKILL: {status}; {stderr}"
            );
        } else {
            assert!(
                status.success(),
                "run {run} (delay {delay} ms): the writer failed: {status}; {stderr}"
            );
            finished += 1;
        }

        // Only whole lines count: a line is written in one go after its commit.
        let complete = out.rfind('\n').map_or("", |i| &out[..i]);
        let acked: Vec<Write> = complete
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("run {run}: bad acknowledgement {l:?}: {e}"))
            })
            .collect();
        for (i, w) in acked.iter().enumerate() {
            assert_eq!(
                w,
                &planned(run, i as u32, &criteria),
                "run {run}: acknowledgements out of order"
            );
        }

        let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            check, "ok",
            "run {run} (seed {seed}, delay {delay} ms): integrity_check"
        );
        let found = read_state(&db, &case);
        drop(db);

        let mut after_acked = expected.clone();
        for w in &acked {
            after_acked.apply(w);
        }
        // The write after the last acknowledged one may have committed before the kill.
        let mut after_next = after_acked.clone();
        after_next.apply(&planned(run, acked.len() as u32, &criteria));
        if found == after_acked {
            expected = after_acked;
        } else if running && found == after_next {
            committed_unacked += 1;
            expected = after_next;
        } else {
            let lost: Vec<&Write> = acked
                .iter()
                .filter(|w| match w {
                    Write::Note {
                        criterion, text, ..
                    } => !found.notes.contains(&(criterion.clone(), text.clone())),
                    Write::Rating { .. } => false,
                })
                .collect();
            panic!(
                "run {run} (seed {seed}, delay {delay} ms): the database does not hold exactly the {} acknowledged \
                 writes (and at most the one after them).\nacknowledged notes missing: {lost:?}\nexpected ratings: \
                 {:?}\nfound ratings: {:?}\nnotes expected {}, found {}",
                acked.len(),
                after_acked.ratings,
                found.ratings,
                after_acked.notes.len(),
                found.notes.len()
            );
        }
        if running && !acked.is_empty() {
            killed_mid_work += 1;
        }
        acked_total += acked.len();
        eprintln!(
            "durability: run {run:2}: killed after {delay:3} ms{}, {:3} writes acknowledged",
            if running { "" } else { " (had finished)" },
            acked.len()
        );
    }

    // Every acknowledged write of every run, checked once more in the final database.
    let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    assert_eq!(read_state(&db, &case), expected);
    let rated = expected
        .ratings
        .values()
        .filter(|(r, _)| r != Rating::NotAssessed.code())
        .count();
    eprintln!(
        "durability: {RUNS} runs in {:.1} s, {killed_mid_work} killed mid-work, {acked_total} acknowledged writes \
         all present ({} notes, {} criteria rated), {committed_unacked} committed but not yet acknowledged",
        started.elapsed().as_secs_f64(),
        expected.notes.len(),
        rated
    );
    const { assert!(RUNS >= 50) };
    assert_eq!(
        finished, 0,
        "the writer never runs out of writes; every run must end in a kill"
    );
    assert!(
        killed_mid_work >= RUNS / 2,
        "only {killed_mid_work} of {RUNS} runs were killed after acknowledging writes"
    );
    assert!(
        acked_total >= 10 * RUNS as usize,
        "only {acked_total} writes were acknowledged in {RUNS} runs"
    );
}
