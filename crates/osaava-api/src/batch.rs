//! Issuing the statements of many decided cases at once, for the desktop's batch screen: which
//! cases are waiting, and a run that reports each case as it starts and ends, writes each PDF
//! into a chosen folder, and stops after the cases in hand when asked.
//!
//! It builds on `App::issue_statement_with` (statements/issue.rs) with the keys unlocked once, on
//! every core, like `App::issue_statements`, which the CLI's `--all-decided` uses.

use crate::dto::{CaseSummary, ListCasesRequest};
use crate::error::ApiError;
use crate::App;
use osaava_core::case::CaseState;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use ts_rs::TS;

/// What to issue: these cases (each decided, in this order) with the keys' passphrase.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IssueBatchRequest {
    pub cases: Vec<String>,
    pub passphrase: String,
    /// The place printed beside the date; the organisation's default when absent.
    #[serde(default)]
    #[ts(optional)]
    pub place: Option<String>,
}

/// One case of a batch and how it went.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BatchItem {
    pub case: String,
    /// Position in the request (0-based).
    pub index: u32,
    pub employee: String,
    /// The statement's id, when it was issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub statement: Option<String>,
    /// The PDF's file name in the output folder, when it was issued and written.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ApiError>,
}

/// What a batch tells while it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[ts(export)]
pub enum BatchEvent {
    /// The keys are unlocked and `total` cases will be issued.
    Started { total: u32 },
    /// Case `index` is being issued now.
    Issuing {
        index: u32,
        case: String,
        employee: String,
    },
    /// Case `index` is done (issued or failed); `done` of `total` are.
    Finished {
        done: u32,
        total: u32,
        item: BatchItem,
    },
}

/// The end of a batch.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BatchReport {
    pub total: u32,
    /// Stopped by the user: the cases not started are in `not_started`.
    pub cancelled: bool,
    pub issued: Vec<BatchItem>,
    pub failed: Vec<BatchItem>,
    pub not_started: Vec<String>,
    /// Where the PDFs were written.
    pub folder: String,
}

/// Picks a file name in `dir` not yet taken by a file or by this batch.
fn free_name(dir: &Path, wanted: &str, taken: &Mutex<HashSet<String>>) -> String {
    let mut taken = taken.lock().unwrap_or_else(|p| p.into_inner());
    let (stem, ext) = wanted.rsplit_once('.').unwrap_or((wanted, "pdf"));
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken.contains(&name) || dir.join(&name).exists() {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp: PathBuf = path.with_extension("pdf.osaava-tmp");
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

impl App {
    /// Decided cases that have no statement yet, oldest decision first, with names.
    pub fn batch_candidates(&self) -> Result<Vec<CaseSummary>, ApiError> {
        let waiting = self.decided_cases_without_statement()?;
        let wanted: HashSet<&str> = waiting.iter().map(String::as_str).collect();
        let mut found = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.list_cases(&ListCasesRequest {
                state: Some(CaseState::Decided),
                employee: None,
                limit: Some(500),
                offset: Some(offset),
            })?;
            let n = page.len() as u32;
            found.extend(page.into_iter().filter(|c| wanted.contains(c.id.as_str())));
            if n < 500 || found.len() == wanted.len() {
                break;
            }
            offset += n;
        }
        // In the order decided_cases_without_statement gives.
        found.sort_by_key(|c| waiting.iter().position(|w| *w == c.id));
        Ok(found)
    }

    /// Issues the statement of each case in `req` on every core, keys unlocked once, and writes
    /// each PDF into `folder` (a name already there gets `-2`, `-3`, …). `on_event` hears each
    /// case start and end. When `stop` is set, no further case starts; those in hand finish.
    /// A failed case stops nothing else. A wrong passphrase fails before any case starts.
    pub fn issue_batch(
        &self,
        req: &IssueBatchRequest,
        folder: &Path,
        on_event: &(dyn Fn(BatchEvent) + Sync),
        stop: &AtomicBool,
    ) -> Result<BatchReport, ApiError> {
        if req.cases.is_empty() {
            return Err(ApiError::bad_input("no cases were given to issue"));
        }
        if !folder.is_dir() {
            return Err(ApiError::bad_input("the output folder does not exist")
                .in_file(folder.display().to_string()));
        }
        let keys = self.unlock_keys(&req.passphrase)?;
        let total = req.cases.len() as u32;
        on_event(BatchEvent::Started { total });
        let names: Vec<String> = req
            .cases
            .iter()
            .map(|c| {
                self.show_case(&crate::dto::CaseRequest { case: c.clone() })
                    .map(|d| d.employee.name)
                    .unwrap_or_default()
            })
            .collect();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let items = Mutex::new(Vec::with_capacity(req.cases.len()));
        let taken = Mutex::new(HashSet::new());
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(req.cases.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = req.cases.get(i) else { break };
                    on_event(BatchEvent::Issuing {
                        index: i as u32,
                        case: case.clone(),
                        employee: names[i].clone(),
                    });
                    let mut item = BatchItem {
                        case: case.clone(),
                        index: i as u32,
                        employee: names[i].clone(),
                        statement: None,
                        file: None,
                        error: None,
                    };
                    let issued = self
                        .issue_statement_with(&keys, case, None, req.place.as_deref())
                        .and_then(|view| {
                            item.statement = Some(view.id.clone());
                            let pdf = self.statement_pdf(&view.id)?;
                            let name = free_name(folder, &view.file_name, &taken);
                            write_file(&folder.join(&name), &pdf).map_err(|e| {
                                ApiError::bad_input(format!(
                                    "the statement was issued but its PDF could not be written to the folder: {e}; save it from the case's Statement screen"
                                ))
                                .in_file(name.clone())
                            })?;
                            Ok(name)
                        });
                    match issued {
                        Ok(name) => item.file = Some(name),
                        Err(e) => item.error = Some(e),
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    on_event(BatchEvent::Finished {
                        done: n as u32,
                        total,
                        item: item.clone(),
                    });
                    items.lock().unwrap_or_else(|p| p.into_inner()).push(item);
                });
            }
        });
        let mut items = items.into_inner().unwrap_or_else(|p| p.into_inner());
        items.sort_by_key(|it| it.index);
        let started: HashSet<u32> = items.iter().map(|it| it.index).collect();
        let not_started: Vec<String> = req
            .cases
            .iter()
            .enumerate()
            .filter(|(i, _)| !started.contains(&(*i as u32)))
            .map(|(_, c)| c.clone())
            .collect();
        let (issued, failed): (Vec<_>, Vec<_>) =
            items.into_iter().partition(|it| it.error.is_none());
        Ok(BatchReport {
            total,
            cancelled: !not_started.is_empty(),
            issued,
            failed,
            not_started,
            folder: folder.display().to_string(),
        })
    }
}
