//! `osaava`: the command-line face of osaava-api. Parses arguments, calls the API,
//! prints JSON or a table, and maps errors to the exit codes scripts rely on.

mod backup;
mod cases;
mod cli;
mod demo;
mod output;
mod output_cases;
mod statements;
mod text;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let args = cli::Args::parse();
    let json = args.json;
    let error_json = args.error_json;
    match std::panic::catch_unwind(|| cli::run(args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            match serde_json::to_string(&e) {
                Ok(line) if error_json => eprintln!("{line}"),
                _ => eprintln!("osaava: {e}"),
            }
            ExitCode::from(e.exit_code() as u8)
        }
        Err(_) => {
            // The panic message was printed by the default hook.
            if !json {
                eprintln!("osaava: internal error; please report it with the command you ran");
            }
            ExitCode::from(3)
        }
    }
}

/// Rust ignores SIGPIPE, so `osaava … | head` would panic on a closed pipe; a command-line
/// tool should simply stop, as other Unix tools do.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
