//! `osaava-crash-writer --data-dir DIR --run N [--writes M] [--case ID]`
//!
//! Opens the data dir through `osaava_api::App`, finds the one case whose interview is in
//! progress (or takes `--case`), and writes interview notes and ratings to it through the API
//! handlers, `M` of them (default: practically without end). Each write is acknowledged with one
//! JSON line on stdout only after its handler returned, that is after its transaction committed.
//! The durability test (tests/durability.rs) kills this process with SIGKILL at random moments
//! and checks that every acknowledged write is in the database.

use osaava_api::dto::{CaseRequest, ListCasesRequest, NoteRequest, RateRequest, ShowBadgeRequest};
use osaava_api::{App, SystemClock};
use osaava_bench::crash::{planned, Write};
use osaava_core::case::CaseState;
use osaava_core::Lang;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("osaava-crash-writer: {msg}");
    std::process::exit(3)
}

fn main() {
    let mut data_dir: Option<PathBuf> = None;
    let mut run: Option<u32> = None;
    let mut writes = u32::MAX;
    let mut case: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(format!("{a} needs a value")))
        };
        match a.as_str() {
            "--data-dir" => data_dir = Some(PathBuf::from(value())),
            "--run" => run = Some(value().parse().unwrap_or_else(|e| fail(e))),
            "--writes" => writes = value().parse().unwrap_or_else(|e| fail(e)),
            "--case" => case = Some(value()),
            other => fail(format!("unknown argument {other:?}")),
        }
    }
    let data_dir = data_dir.unwrap_or_else(|| fail("--data-dir is required"));
    let run = run.unwrap_or_else(|| fail("--run is required"));

    let app =
        App::open(&data_dir, Arc::new(SystemClock), "crash-writer").unwrap_or_else(|e| fail(e));
    let case = case.unwrap_or_else(|| {
        let req = ListCasesRequest {
            state: Some(CaseState::InterviewInProgress),
            ..Default::default()
        };
        let open = app.list_cases(&req).unwrap_or_else(|e| fail(e));
        match open.as_slice() {
            [one] => one.id.clone(),
            _ => fail(format!(
                "expected one case in interview, found {}",
                open.len()
            )),
        }
    });
    let detail = app
        .show_case(&CaseRequest { case: case.clone() })
        .unwrap_or_else(|e| fail(e));
    let badge = app
        .show_badge(&ShowBadgeRequest {
            id: detail.case.badge_id.clone(),
            version: Some(detail.case.badge_version),
        })
        .unwrap_or_else(|e| fail(e));
    let criteria: Vec<String> = badge.badge.criteria.iter().map(|c| c.id.clone()).collect();

    let stdout = std::io::stdout();
    for seq in 0..writes {
        let w = planned(run, seq, &criteria);
        let result = match &w {
            Write::Note {
                criterion, text, ..
            } => {
                let req = NoteRequest {
                    case: case.clone(),
                    criterion: criterion.clone(),
                    text: text.clone(),
                };
                app.interview_note(&req, Lang::Fi)
            }
            Write::Rating {
                criterion,
                rating,
                rationale,
                ..
            } => {
                let req = RateRequest {
                    case: case.clone(),
                    criterion: criterion.clone(),
                    rating: *rating,
                    rationale: rationale.clone(),
                };
                app.rate(&req, Lang::Fi)
            }
        };
        if let Err(e) = result {
            fail(format!("write {seq} failed: {e}"));
        }
        // Committed: acknowledge it, one line, written out before the next write begins.
        let line = serde_json::to_string(&w).expect("a write serialises") + "\n";
        let mut out = stdout.lock();
        if out
            .write_all(line.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            fail("stdout is closed");
        }
    }
}
