//! CLI commands of the assessment cases.

use crate::output::{print_json, Out};
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use osaava_api::dto::*;
use osaava_api::{ApiError, App};
use osaava_core::case::{CaseState, Decision};
use osaava_core::interview::Rating;
use osaava_core::selfassess::SelfLevel;
use osaava_core::Lang;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Open a case: one employee, one badge, an assessor
    Open {
        #[arg(long)]
        employee: String,
        #[arg(long)]
        badge: String,
        #[arg(long)]
        badge_version: Option<u32>,
        #[arg(long)]
        assessor: Option<String>,
        /// fi, sv or en (default: your language)
        #[arg(long, value_parser = parse_lang)]
        language: Option<Lang>,
    },
    /// List cases, most recently changed first
    List {
        #[arg(long, value_parser = parse_state)]
        state: Option<CaseState>,
        #[arg(long)]
        employee: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        offset: Option<u32>,
    },
    /// Everything about a case: self-assessment, notes, ratings, evidence, audit trail
    Show { case: String },
    /// The employee hands the self-assessment to the assessor
    SubmitSelfAssessment { case: String },
    /// The assessor returns a submitted self-assessment for revision
    Return { case: String },
    /// Withdraw a case
    Withdraw { case: String },
}

#[derive(Subcommand)]
pub enum SelfAssessmentCmd {
    /// Write the self-assessment and its evidence files into one file
    Export {
        case: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read a self-assessment file into its case
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum EvidenceCmd {
    /// Add evidence (a file, or only a record such as an observation)
    Add(AddEvidence),
    /// Mark authenticity checked, or relink an item to criteria
    Update {
        case: String,
        evidence: String,
        #[arg(long)]
        verified: Option<bool>,
        #[arg(long, value_delimiter = ',')]
        criteria: Option<Vec<String>>,
    },
}

#[derive(ClapArgs)]
pub struct AddEvidence {
    case: String,
    #[arg(long)]
    file: Option<PathBuf>,
    /// interview, observation, document, work-sample, third-party, certificate
    #[arg(long, value_parser = parse_kind)]
    kind: osaava_core::EvidenceKind,
    /// The criteria it supports: CID[,CID...]
    #[arg(long, value_delimiter = ',', required = true)]
    criteria: Vec<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    obtained: Option<String>,
    #[arg(long)]
    author: Option<String>,
    /// The assessor has checked it is genuine
    #[arg(long)]
    verified: bool,
    #[arg(long)]
    note: Option<String>,
}

#[derive(Subcommand)]
pub enum InterviewCmd {
    /// The questions for each criterion, weakest first
    Guide {
        case: String,
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Record a note about a criterion (starts or resumes the interview)
    Note {
        case: String,
        #[arg(long)]
        criterion: String,
        #[arg(long)]
        text: String,
    },
    Pause {
        case: String,
    },
    Resume {
        case: String,
    },
    /// End the interview once every mandatory criterion is rated
    Finish {
        case: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RatingArg {
    Meets,
    PartiallyMeets,
    DoesNotMeet,
    NotAssessed,
}

#[derive(ClapArgs)]
pub struct Rate {
    case: String,
    #[arg(long)]
    criterion: String,
    #[arg(long, value_enum)]
    rating: RatingArg,
    #[arg(long)]
    rationale: Option<String>,
}

#[derive(ClapArgs)]
pub struct Decide {
    case: String,
    /// recognise, partially or not-yet
    #[arg(long, value_parser = parse_decision)]
    decision: Decision,
    #[arg(long)]
    justification: Option<String>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?}: expected fi, sv or en"))
}

fn parse_state(s: &str) -> Result<CaseState, String> {
    serde_json::from_value(serde_json::Value::String(s.into())).map_err(|_| {
        format!("{s:?}: expected draft, self-assessment-submitted, interview-in-progress, assessed, decided, returned-for-revision or withdrawn")
    })
}

fn parse_kind(s: &str) -> Result<osaava_core::EvidenceKind, String> {
    osaava_core::evidence::parse_kind(s)
        .ok_or_else(|| format!("{s:?}: expected interview, observation, document, work-sample, third-party or certificate"))
}

fn parse_decision(s: &str) -> Result<Decision, String> {
    Decision::parse(s).ok_or_else(|| format!("{s:?}: expected recognise, partially or not-yet"))
}

fn parse_level(s: &str) -> Result<SelfLevel, String> {
    SelfLevel::parse(s).ok_or_else(|| format!("{s:?}: expected 1, 2, 3, 4 or unsure"))
}

#[derive(ClapArgs)]
pub struct SelfAssess {
    case: String,
    #[arg(long)]
    criterion: String,
    /// 1 can't yet, 2 with guidance, 3 on my own, 4 can guide others, or unsure
    #[arg(long, value_parser = parse_level)]
    level: SelfLevel,
    /// A situation from your work: what happened, what you did, how it went
    #[arg(long)]
    example: Option<String>,
}

fn case_req(case: String) -> CaseRequest {
    CaseRequest { case }
}

pub fn case(app: &App, out: &Out, cmd: CaseCmd) -> Result<(), ApiError> {
    match cmd {
        CaseCmd::Open {
            employee,
            badge,
            badge_version,
            assessor,
            language,
        } => {
            let req = OpenCaseRequest {
                employee,
                badge,
                badge_version,
                assessor,
                language,
            };
            out.created(&app.open_case(&req, out.lang)?)
        }
        CaseCmd::List {
            state,
            employee,
            limit,
            offset,
        } => out.cases(&app.list_cases(&ListCasesRequest {
            state,
            employee,
            limit,
            offset,
        })?),
        CaseCmd::Show { case } => out.case_detail(&app.show_case(&case_req(case))?),
        CaseCmd::SubmitSelfAssessment { case } => {
            out.done(app.submit_self_assessment(&case_req(case)))
        }
        CaseCmd::Return { case } => out.done(app.return_for_revision(&case_req(case))),
        CaseCmd::Withdraw { case } => out.done(app.withdraw_case(&case_req(case))),
    }
}

pub fn self_assess(app: &App, out: &Out, a: SelfAssess) -> Result<(), ApiError> {
    let req = SelfAssessRequest {
        case: a.case,
        criterion: a.criterion,
        level: a.level,
        example: a.example,
    };
    out.recorded(&app.self_assess(&req, out.lang)?)
}

pub fn self_assessment(app: &App, out: &Out, cmd: SelfAssessmentCmd) -> Result<(), ApiError> {
    match cmd {
        SelfAssessmentCmd::Export { case, out: file } => {
            let bytes = app.export_self_assessment(&case_req(case))?;
            crate::cli::write_atomically(&file, &bytes)?;
            out.written(&file)
        }
        SelfAssessmentCmd::Import { file } => {
            let r = app.import_self_assessment(&file, out.lang)?;
            if out.json {
                print_json(&r)
            } else {
                out.recorded(&Recorded {
                    warnings: r.warnings,
                })
            }
        }
    }
}

pub fn evidence(app: &App, out: &Out, cmd: EvidenceCmd) -> Result<(), ApiError> {
    match cmd {
        EvidenceCmd::Add(a) => {
            let req = AddEvidenceRequest {
                case: a.case,
                kind: a.kind,
                criteria: a.criteria,
                obtained: a.obtained,
                author: a.author,
                verified: a.verified,
                note: a.note,
            };
            let added = app.add_evidence(&req, a.file.as_deref(), out.lang)?;
            if out.json {
                print_json(&added)
            } else {
                out.recorded(&Recorded {
                    warnings: added.warnings.clone(),
                })?;
                println!("{}", added.id);
                Ok(())
            }
        }
        EvidenceCmd::Update {
            case,
            evidence,
            verified,
            criteria,
        } => {
            let e = app.update_evidence(&case, &evidence, verified, criteria.as_deref())?;
            if out.json {
                print_json(&e)
            } else {
                out.done(Ok(()))
            }
        }
    }
}

pub fn interview(app: &App, out: &Out, cmd: InterviewCmd) -> Result<(), ApiError> {
    match cmd {
        InterviewCmd::Guide { case, lang } => {
            out.guide(&app.interview_guide(&case_req(case), lang)?)
        }
        InterviewCmd::Note {
            case,
            criterion,
            text,
        } => out.recorded(&app.interview_note(
            &NoteRequest {
                case,
                criterion,
                text,
            },
            out.lang,
        )?),
        InterviewCmd::Pause { case } => out.done(app.pause_interview(&case_req(case))),
        InterviewCmd::Resume { case } => out.done(app.resume_interview(&case_req(case))),
        InterviewCmd::Finish { case } => out.done(app.finish_interview(&case_req(case))),
    }
}

pub fn rate(app: &App, out: &Out, r: Rate) -> Result<(), ApiError> {
    let rating = match r.rating {
        RatingArg::Meets => Rating::Meets,
        RatingArg::PartiallyMeets => Rating::PartiallyMeets,
        RatingArg::DoesNotMeet => Rating::DoesNotMeet,
        RatingArg::NotAssessed => Rating::NotAssessed,
    };
    let req = RateRequest {
        case: r.case,
        criterion: r.criterion,
        rating,
        rationale: r.rationale,
    };
    out.recorded(&app.rate(&req, out.lang)?)
}

pub fn compare(app: &App, out: &Out, case: String) -> Result<(), ApiError> {
    out.comparison(&app.compare_case(&case_req(case), out.lang)?)
}

pub fn decide(app: &App, out: &Out, d: Decide) -> Result<(), ApiError> {
    let decided = app.decide(&DecideRequest {
        case: d.case,
        decision: d.decision,
        justification: d.justification,
    })?;
    if out.json {
        print_json(&decided)
    } else {
        println!("{}", decided.record.decision.label(out.lang));
        Ok(())
    }
}
