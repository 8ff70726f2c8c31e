//! `osaava`: the command-line face of osaava-api. Parses arguments, calls the API,
//! prints JSON or a table, and maps errors to the exit codes scripts rely on.

mod cli;
mod output;
mod text;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let json = args.json;
    match std::panic::catch_unwind(|| cli::run(args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("osaava: {e}");
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
