use crate::cases;
use crate::output::{print_json, Out};
use crate::statements;
use crate::text::Text;
use clap::{Parser, Subcommand, ValueEnum};
use osaava_api::dto::*;
use osaava_api::{os_locale, resolve_data_dir, ApiError, App, SystemClock};
use osaava_core::{Lang, Role};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "osaava",
    version,
    about = "Osaava: recognising prior learning in care work"
)]
pub struct Args {
    /// Data directory (default: $OSAAVA_DATA_DIR, else the desktop app's data dir)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print one JSON document on stdout instead of a table
    #[arg(long, global = true)]
    pub json: bool,
    /// On a refusal, print the error as one line of JSON on stderr (kind, message, file, path,
    /// and code and params when the refusal has them) instead of `osaava: message`
    #[arg(long, global = true)]
    pub error_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The badge library
    #[command(subcommand)]
    Badges(BadgesCmd),
    /// Employees, assessors, admins and college clerks
    #[command(subcommand)]
    People(PeopleCmd),
    /// The organisation that issues statements
    #[command(subcommand)]
    Org(OrgCmd),
    /// Assessment cases
    #[command(subcommand)]
    Case(cases::CaseCmd),
    /// Rate yourself on a criterion (the employee)
    SelfAssess(cases::SelfAssess),
    /// Move a self-assessment between machines as one file
    #[command(subcommand)]
    SelfAssessment(cases::SelfAssessmentCmd),
    /// Evidence for a case
    #[command(subcommand)]
    Evidence(cases::EvidenceCmd),
    /// The structured evidence interview
    #[command(subcommand)]
    Interview(cases::InterviewCmd),
    /// Rate a criterion (the assessor); every rating but not-assessed needs a rationale
    Rate(cases::Rate),
    /// Compare the evidence with the criteria: gaps, discrepancies, suggestion, learning path
    Compare { case: String },
    /// Decide the case
    Decide(cases::Decide),
    /// Create the organisation's signing keys (root CA and credential key)
    Init(statements::Init),
    /// Keys and certificates
    #[command(subcommand)]
    Keys(statements::KeysCmd),
    /// Signed recognition statements
    #[command(subcommand)]
    Statement(statements::StatementCmd),
    /// Check statement PDFs: signature, chain to a trusted root, contents, revocation
    Verify(statements::Verify),
    /// Back up the data dir to one file, check a backup, restore one
    #[command(subcommand)]
    Backup(crate::backup::BackupCmd),
    /// Run a whole realistic case on a fresh data dir DIR/data and write its statement
    Demo {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BadgesCmd {
    /// List the latest version of every badge
    List {
        /// Only badges whose name, criteria or alignments contain this text
        #[arg(long)]
        query: Option<String>,
        /// Only badges aligned to this code, e.g. tutkinnonosat_106228
        #[arg(long)]
        alignment: Option<String>,
    },
    /// Show one badge with its criteria
    Show {
        id: String,
        #[arg(long)]
        version: Option<u32>,
    },
    /// Import badges from files; the format is detected from the content
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Export a badge
    Export {
        id: String,
        #[arg(long)]
        version: Option<u32>,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Write here instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Ob3,
}

#[derive(Subcommand)]
enum PeopleCmd {
    /// Add a person
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        email: Option<String>,
        /// Job title, shown on statements ("sairaanhoitaja")
        #[arg(long)]
        title: Option<String>,
    },
    /// List people, or find them by the beginning of a first or last name or of the e-mail
    List {
        /// Every word must begin a word of the name or the e-mail, ignoring case ("vir mai", "äij")
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only people with this role
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// At most this many (1–500; 100 when searching or filtering by role)
        #[arg(long)]
        limit: Option<u32>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Employee,
    Assessor,
    Admin,
    College,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Employee => Role::Employee,
            RoleArg::Assessor => Role::Assessor,
            RoleArg::Admin => Role::Admin,
            RoleArg::College => Role::College,
        }
    }
}

#[derive(Subcommand)]
enum OrgCmd {
    /// Set the organisation's name and business ID (Y-tunnus)
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "1234567-8")]
        business_id: String,
    },
    /// Show the organisation
    Show,
}

pub fn run(args: Args) -> Result<(), ApiError> {
    let explicit_dir = args.data_dir.is_some()
        || std::env::var_os("OSAAVA_DATA_DIR").is_some_and(|v| !v.is_empty());
    let data_dir = resolve_data_dir(args.data_dir);
    // Neither needs (nor should create) the default data dir: a college clerk verifies with
    // --trust alone, and the demo makes its own.
    let standalone = |json: bool| {
        let lang = Lang::from_posix_locale(&os_locale());
        Out {
            json,
            text: Text::new(lang),
            lang,
        }
    };
    match args.command {
        Command::Verify(v) if !explicit_dir && !data_dir.exists() => {
            statements::verify(None, &standalone(args.json), v)
        }
        Command::Demo { out } => crate::demo::run(&standalone(args.json), &out),
        Command::Backup(cmd) => crate::backup::run(&standalone(args.json), &data_dir, cmd),
        command => run_in(args.json, &data_dir, command),
    }
}

fn run_in(json: bool, data_dir: &std::path::Path, command: Command) -> Result<(), ApiError> {
    let app = App::open(data_dir, Arc::new(SystemClock), "cli")?;
    let lang = app.settings(&os_locale())?.language;
    let out = Out {
        json,
        text: Text::new(lang),
        lang,
    };
    match command {
        Command::Badges(cmd) => badges(&app, &out, cmd),
        Command::People(cmd) => people(&app, &out, cmd),
        Command::Org(cmd) => org(&app, &out, cmd),
        Command::Case(cmd) => cases::case(&app, &out, cmd),
        Command::SelfAssess(a) => cases::self_assess(&app, &out, a),
        Command::SelfAssessment(cmd) => cases::self_assessment(&app, &out, cmd),
        Command::Evidence(cmd) => cases::evidence(&app, &out, cmd),
        Command::Interview(cmd) => cases::interview(&app, &out, cmd),
        Command::Rate(r) => cases::rate(&app, &out, r),
        Command::Compare { case } => cases::compare(&app, &out, case),
        Command::Decide(d) => cases::decide(&app, &out, d),
        Command::Init(a) => statements::init(&app, &out, a),
        Command::Keys(cmd) => statements::keys(&app, &out, cmd),
        Command::Statement(cmd) => statements::statement(&app, &out, cmd),
        Command::Verify(v) => statements::verify(Some(&app), &out, v),
        Command::Demo { out: dir } => crate::demo::run(&out, &dir),
        Command::Backup(cmd) => crate::backup::run(&out, data_dir, cmd),
    }
}

fn badges(app: &App, out: &Out, cmd: BadgesCmd) -> Result<(), ApiError> {
    match cmd {
        BadgesCmd::List { query, alignment } => {
            let list = app.list_badges(&ListBadgesRequest { query, alignment }, out.lang)?;
            out.badge_list(&list)
        }
        BadgesCmd::Show { id, version } => {
            out.badge_detail(&app.show_badge(&ShowBadgeRequest { id, version })?)
        }
        BadgesCmd::Import { files } => {
            let show_progress = files.len() > 1 && std::io::stderr().is_terminal();
            let mut progress = |done: usize, total: usize| {
                if show_progress {
                    eprint!("\r{} {done}/{total}", out.text.reading());
                    if done == total {
                        eprintln!();
                    }
                }
            };
            out.import_report(&app.import_badge_files(&files, &mut progress)?)
        }
        BadgesCmd::Export {
            id,
            version,
            format,
            out: file,
        } => {
            let format = match format {
                FormatArg::Ob3 => ExportFormat::Ob3,
            };
            let doc = app.export_badge(&ShowBadgeRequest { id, version }, format)?;
            match file {
                None => print_json(&doc),
                Some(path) => {
                    let body =
                        serde_json::to_string_pretty(&doc).expect("JSON value serialises") + "\n";
                    write_atomically(&path, body.as_bytes())?;
                    out.written(&path)
                }
            }
        }
    }
}

fn people(app: &App, out: &Out, cmd: PeopleCmd) -> Result<(), ApiError> {
    match cmd {
        PeopleCmd::Add {
            name,
            role,
            email,
            title,
        } => {
            let created = app.add_person(&AddPersonRequest {
                name,
                role: role.into(),
                email,
                title,
            })?;
            out.created(&created)
        }
        PeopleCmd::List {
            search: None,
            role: None,
            limit: None,
        } => out.people(&app.list_people()?),
        PeopleCmd::List {
            search,
            role,
            limit,
        } => {
            let req = SearchPeopleRequest {
                query: search,
                role: role.map(Into::into),
                limit,
            };
            out.people(&app.search_people(&req)?)
        }
    }
}

fn org(app: &App, out: &Out, cmd: OrgCmd) -> Result<(), ApiError> {
    match cmd {
        OrgCmd::Set { name, business_id } => out.organisation(Some(
            &app.set_organisation(&SetOrganisationRequest { name, business_id })?,
        )),
        OrgCmd::Show => out.organisation(app.organisation()?.as_ref()),
    }
}

/// Writes via a temporary file and a rename, so a crash never leaves half a file.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), ApiError> {
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| {
        ApiError::bad_input(format!("cannot write the file: {e}")).in_file(&shown)
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(
        ".{}.partial",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
