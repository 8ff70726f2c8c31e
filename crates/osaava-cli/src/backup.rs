//! `osaava backup create|inspect|restore`: the whole data dir as one file, and back.

use crate::output::{print_json, Out};
use crate::statements::pick;
use clap::Subcommand;
use osaava_api::{
    inspect_backup, restore_data_dir, ApiError, App, BackupManifest, BackupProgress, BackupStage,
    SystemClock,
};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Back up the whole data dir (database, evidence vault, keys, settings) to one file
    Create {
        /// The backup file to write, e.g. osaava-backup-2026-12-04.osaava-backup
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read a backup, check every file in it, and show what it holds
    Inspect { file: PathBuf },
    /// Replace the data dir with the one in a backup; the current one is kept aside
    Restore {
        file: PathBuf,
        /// Replace without asking (required: restoring replaces everything in the data dir)
        #[arg(long)]
        yes: bool,
    },
}

/// Shows progress on a terminal's stderr, nothing otherwise.
fn progress(out: &Out) -> impl FnMut(BackupProgress) + '_ {
    let show = !out.json && std::io::stderr().is_terminal();
    let mut last = u64::MAX;
    move |p: BackupProgress| {
        if !show {
            return;
        }
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
        if pct == last {
            return;
        }
        last = pct;
        let what = match p.stage {
            BackupStage::Database => pick(out.lang, "Tietokanta", "Databasen", "Database"),
            BackupStage::Writing => pick(out.lang, "Tallennetaan", "Sparar", "Writing"),
            BackupStage::Checking => pick(out.lang, "Tarkistetaan", "Kontrollerar", "Checking"),
            BackupStage::Replacing => pick(out.lang, "Vaihdetaan", "Byter", "Replacing"),
        };
        let mut err = std::io::stderr();
        let _ = write!(err, "\r{what} {pct:>3} %   ");
        if p.stage == BackupStage::Replacing && p.done == p.total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

fn end_progress(out: &Out) {
    if !out.json && std::io::stderr().is_terminal() {
        eprintln!();
    }
}

fn summary(out: &Out, m: &BackupManifest) {
    let c = &m.counts;
    let l = out.lang;
    println!("{}: {}", pick(l, "Tehty", "Skapad", "Made"), m.created_at);
    if let Some(org) = &m.organisation {
        println!(
            "{}: {org}",
            pick(l, "Organisaatio", "Organisation", "Organisation")
        );
    }
    println!(
        "{}: {} {}, {} {}, {} {}, {} {}, {} {}, {} {}",
        pick(l, "Sisältö", "Innehåll", "Holds"),
        c.people,
        pick(l, "henkilöä", "personer", "people"),
        c.cases,
        pick(l, "arviointia", "bedömningar", "cases"),
        c.ratings,
        pick(l, "arviota", "bedömda kriterier", "ratings"),
        c.evidence,
        pick(l, "näyttöä", "bevis", "evidence items"),
        c.statements,
        pick(l, "lausuntoa", "utlåtanden", "statements"),
        c.badges,
        pick(l, "osaamismerkkiä", "kompetensmärken", "badges"),
    );
    println!(
        "{}: {} ({} MiB), Osaava {}, {} {}",
        pick(l, "Tiedostoja", "Filer", "Files"),
        m.members.len(),
        m.total_bytes / (1024 * 1024),
        m.app_version,
        pick(l, "skeema", "schema", "schema"),
        m.schema_version
    );
}

pub(crate) fn run(out: &Out, data_dir: &Path, cmd: BackupCmd) -> Result<(), ApiError> {
    let never = AtomicBool::new(false);
    match cmd {
        BackupCmd::Create { out: file } => {
            let app = App::open(data_dir, Arc::new(SystemClock), "cli")?;
            let manifest = app.backup(&file, &mut progress(out), &never)?;
            end_progress(out);
            let manifest = manifest.ok_or_else(|| ApiError::internal("the backup stopped"))?;
            if out.json {
                return print_json(&manifest);
            }
            summary(out, &manifest);
            println!("{}", file.display());
            Ok(())
        }
        BackupCmd::Inspect { file } => {
            let manifest = inspect_backup(&file, &mut progress(out), &never)?;
            end_progress(out);
            let manifest = manifest.ok_or_else(|| ApiError::internal("the check stopped"))?;
            if out.json {
                return print_json(&manifest);
            }
            summary(out, &manifest);
            println!(
                "{}",
                pick(
                    out.lang,
                    "Kaikki tiedostot tarkistettu: varmuuskopio on ehjä.",
                    "Alla filer kontrollerade: säkerhetskopian är hel.",
                    "Every file checked: the backup is whole."
                )
            );
            Ok(())
        }
        BackupCmd::Restore { file, yes } => {
            if !yes {
                return Err(ApiError::bad_input(format!(
                    "restoring replaces everything in the data dir {} with the backup (the current one is kept aside); check the backup with `osaava backup inspect`, then add --yes",
                    data_dir.display()
                )));
            }
            let report = restore_data_dir(data_dir, &file, &mut progress(out), &never)?;
            let report = report.ok_or_else(|| ApiError::internal("the restore stopped"))?;
            if out.json {
                return print_json(&report);
            }
            summary(out, &report.manifest);
            println!(
                "{}: {}",
                pick(out.lang, "Palautettu", "Återställd", "Restored"),
                report.data_dir
            );
            if let Some(prev) = &report.previous_data_dir {
                println!(
                    "{}: {prev}",
                    pick(
                        out.lang,
                        "Aiempi datakansio säilytetty",
                        "Den tidigare datamappen sparad",
                        "The previous data dir is kept at"
                    )
                );
            }
            Ok(())
        }
    }
}
