//! Evidence items: what a file is, who made it and when, which criteria it supports, whether the
//! assessor has checked that it is authentic, and warnings about client data in it.
//!
//! The bytes themselves live in the vault (osaava-store), addressed by the SHA-256 computed here.

pub mod hetu;
pub mod privacy;
pub mod sniff;
mod zip;

use crate::badge::{Badge, EvidenceKind};
use crate::case::common::{
    clean_text, criterion_index, find_criterion, TextTooLong, UnknownCriterion,
};
use crate::localized::Lang;
use chrono::NaiveDate;
use privacy::{scan_bytes, scan_text, PrivacyWarning, TextField};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
pub use sniff::{sniff, ContentCategory, ContentType, SniffError};

/// Files above this are refused unless the organisation sets another limit.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
pub const MAX_AUTHOR_CHARS: usize = 200;
pub const MAX_EVIDENCE_NOTE_CHARS: usize = 4_000;
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// A stored file of an evidence item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct EvidenceFile {
    /// Lower-case hex SHA-256 of the content: the file's address in the vault.
    pub sha256: String,
    pub size: u64,
    pub content_type: ContentType,
    /// The name the file had when it was added, without any directory; shown, never used as a path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub name: Option<String>,
}

/// One piece of evidence in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct Evidence {
    pub id: String,
    pub kind: EvidenceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub file: Option<EvidenceFile>,
    /// When the evidence was produced (a certificate's date, the day of an observation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub obtained: Option<NaiveDate>,
    /// Who wrote or gave it: "esihenkilö", "työpaikkaohjaaja", "Esimerkkiopisto".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub author: Option<String>,
    /// The criteria it supports, in badge order, at least one.
    pub criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
    /// The assessor has checked that it is genuine and the employee's own.
    #[serde(default)]
    pub authenticity_checked: bool,
}

/// What the caller knows about a new evidence item (everything but the file check).
#[derive(Debug, Clone, Default)]
pub struct EvidenceInput<'a> {
    pub kind: Option<EvidenceKind>,
    pub obtained: Option<NaiveDate>,
    pub author: Option<&'a str>,
    pub criteria: &'a [String],
    pub note: Option<&'a str>,
    pub authenticity_checked: bool,
    /// The file's original name or path; only its last component is kept.
    pub file_name: Option<&'a str>,
}

/// A file that passed the checks: its hash, size and type, and privacy warnings about its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub sha256: String,
    pub size: u64,
    pub content_type: ContentType,
    pub warnings: Vec<PrivacyWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("the file is {} but evidence files may be at most {}; shorten the recording or scan at a lower resolution", mb(*.size), mb(*.max))]
    TooLarge { size: u64, max: u64 },
    #[error(transparent)]
    Type(#[from] SniffError),
    #[error("say what kind of evidence this is: interview, observation, document, work-sample, third-party or certificate")]
    NoKind,
    #[error("name at least one criterion of the badge that this evidence supports")]
    NoCriteria,
    #[error(transparent)]
    UnknownCriterion(#[from] UnknownCriterion),
    #[error("the date obtained, {obtained}, is after today ({today}); give the date the evidence was produced")]
    FromTheFuture {
        obtained: NaiveDate,
        today: NaiveDate,
    },
    #[error("the date obtained, {0}, is before 1950; check the year")]
    TooOld(NaiveDate),
    #[error(transparent)]
    TooLong(#[from] TextTooLong),
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Refuses a file larger than `max` bytes; call it with the size before reading a file in.
pub fn check_size(size: u64, max: u64) -> Result<(), EvidenceError> {
    if size > max {
        Err(EvidenceError::TooLarge { size, max })
    } else {
        Ok(())
    }
}

/// Checks a file's size and type (by content) and hashes it.
pub fn check_file(bytes: &[u8], max_bytes: u64) -> Result<CheckedFile, EvidenceError> {
    check_size(bytes.len() as u64, max_bytes)?;
    let content_type = sniff(bytes)?;
    let warnings = match content_type {
        ContentType::Text => scan_bytes(bytes, true),
        ContentType::Pdf => scan_bytes(bytes, false),
        _ => Vec::new(),
    };
    Ok(CheckedFile {
        sha256: sha256_hex(bytes),
        size: bytes.len() as u64,
        content_type,
        warnings,
    })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The last component of a path as typed on any system ("C:\\docs\\a.pdf" → "a.pdf").
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path).trim()
}

/// The badge's criterion ids for `given`: known, without repeats, in badge order.
pub fn checked_criteria(badge: &Badge, given: &[String]) -> Result<Vec<String>, EvidenceError> {
    let mut ids = Vec::new();
    for g in given
        .iter()
        .flat_map(|g| g.split(','))
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        let c = find_criterion(badge, g)?;
        if !ids.contains(&c.id) {
            ids.push(c.id.clone());
        }
    }
    if ids.is_empty() {
        return Err(EvidenceError::NoCriteria);
    }
    ids.sort_by_key(|id| criterion_index(badge, id));
    Ok(ids)
}

impl Evidence {
    /// A checked evidence item and every privacy warning about it (file content, name, author, note).
    /// `today` is the date of the action, from the caller's clock.
    pub fn new(
        badge: &Badge,
        id: &str,
        input: &EvidenceInput,
        file: Option<&CheckedFile>,
        today: NaiveDate,
    ) -> Result<(Evidence, Vec<PrivacyWarning>), EvidenceError> {
        let kind = input.kind.ok_or(EvidenceError::NoKind)?;
        let criteria = checked_criteria(badge, input.criteria)?;
        if let Some(obtained) = input.obtained {
            if obtained > today {
                return Err(EvidenceError::FromTheFuture { obtained, today });
            }
            if obtained < NaiveDate::from_ymd_opt(1950, 1, 1).expect("a real date") {
                return Err(EvidenceError::TooOld(obtained));
            }
        }
        let author = clean_text(input.author, "the author", MAX_AUTHOR_CHARS)?;
        let note = clean_text(input.note, "the note", MAX_EVIDENCE_NOTE_CHARS)?;
        let name = clean_text(
            input.file_name.map(base_name),
            "the file name",
            MAX_FILE_NAME_CHARS,
        )?;

        let mut warnings = Vec::new();
        if let Some(f) = file {
            warnings.extend(f.warnings.iter().cloned());
        }
        for (text, field) in [
            (&name, TextField::EvidenceFileName),
            (&author, TextField::EvidenceAuthor),
            (&note, TextField::EvidenceNote),
        ] {
            if let Some(t) = text {
                warnings.extend(scan_text(t, field));
            }
        }
        let file = file.map(|f| EvidenceFile {
            sha256: f.sha256.clone(),
            size: f.size,
            content_type: f.content_type,
            name,
        });
        let evidence = Evidence {
            id: id.to_string(),
            kind,
            file,
            obtained: input.obtained,
            author,
            criteria,
            note,
            authenticity_checked: input.authenticity_checked,
        };
        Ok((evidence, warnings))
    }

    /// Links the item to `criteria` instead of the ones it had.
    pub fn link(&mut self, badge: &Badge, criteria: &[String]) -> Result<(), EvidenceError> {
        self.criteria = checked_criteria(badge, criteria)?;
        Ok(())
    }

    pub fn supports(&self, criterion: &str) -> bool {
        self.criteria.iter().any(|c| c == criterion)
    }
}

/// Parses the CLI's short kind names and the full codes: `interview`, `observation`, `document`,
/// `work-sample`, `third-party`, `certificate` (or `interview-answer`, `third-party-statement`,
/// `prior-certificate`).
pub fn parse_kind(s: &str) -> Option<EvidenceKind> {
    let s = s.trim().to_ascii_lowercase();
    match s.as_str() {
        "interview" => Some(EvidenceKind::InterviewAnswer),
        "third-party" => Some(EvidenceKind::ThirdPartyStatement),
        "certificate" => Some(EvidenceKind::PriorCertificate),
        _ => EvidenceKind::parse(&s),
    }
}

pub fn kind_label(kind: EvidenceKind, lang: Lang) -> &'static str {
    use EvidenceKind::*;
    match (kind, lang) {
        (InterviewAnswer, Lang::Fi) => "haastatteluvastaus",
        (InterviewAnswer, Lang::Sv) => "intervjusvar",
        (InterviewAnswer, Lang::En) => "interview answer",
        (Observation, Lang::Fi) => "havainnointi",
        (Observation, Lang::Sv) => "observation",
        (Observation, Lang::En) => "observation",
        (Document, Lang::Fi) => "asiakirja",
        (Document, Lang::Sv) => "dokument",
        (Document, Lang::En) => "document",
        (WorkSample, Lang::Fi) => "työnäyte",
        (WorkSample, Lang::Sv) => "arbetsprov",
        (WorkSample, Lang::En) => "work sample",
        (ThirdPartyStatement, Lang::Fi) => "esihenkilön tai työpaikkaohjaajan lausunto",
        (ThirdPartyStatement, Lang::Sv) => "utlåtande av chef eller arbetsplatshandledare",
        (ThirdPartyStatement, Lang::En) => "statement from a supervisor or workplace instructor",
        (PriorCertificate, Lang::Fi) => "aiempi todistus",
        (PriorCertificate, Lang::Sv) => "tidigare intyg",
        (PriorCertificate, Lang::En) => "prior certificate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::common::fixtures::badge;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn file_is_checked_by_size_and_content() {
        let f = check_file(b"%PDF-1.4 hello", DEFAULT_MAX_FILE_BYTES).unwrap();
        assert_eq!(f.content_type, ContentType::Pdf);
        assert_eq!(f.size, 14);
        assert_eq!(f.sha256, sha256_hex(b"%PDF-1.4 hello"));
        assert_eq!(f.sha256.len(), 64);
        let err = check_file(&[b'a'; 11], 10).unwrap_err();
        assert!(matches!(err, EvidenceError::TooLarge { size: 11, max: 10 }));
        assert!(
            check_size(DEFAULT_MAX_FILE_BYTES + 1, DEFAULT_MAX_FILE_BYTES)
                .unwrap_err()
                .to_string()
                .contains("at most 50.0 MB")
        );
        assert!(check_size(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_BYTES).is_ok());
        assert!(matches!(
            check_file(b"MZ\x90", 100),
            Err(EvidenceError::Type(_))
        ));
    }

    #[test]
    fn text_files_with_an_identity_code_are_warned_about() {
        let f = check_file("Asiakas 131052-308T".as_bytes(), 100).unwrap();
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.warnings[0].field, TextField::EvidenceFile);
        assert!(check_file("Ei tunnuksia".as_bytes(), 100)
            .unwrap()
            .warnings
            .is_empty());
    }

    #[test]
    fn new_evidence_checks_metadata_and_collects_warnings() {
        let b = badge();
        let file = check_file(b"%PDF-1.4", 100).unwrap();
        let criteria = ids(&["c3", "C1", "c1,c3"]);
        let input = EvidenceInput {
            kind: Some(EvidenceKind::ThirdPartyStatement),
            obtained: Some(day("2024-05-02")),
            author: Some("esihenkilö"),
            criteria: &criteria,
            note: Some("Lausunto koskee asiakasta Mattia"),
            authenticity_checked: true,
            file_name: Some("C:\\Users\\aino\\lausunto.pdf"),
        };
        // "C1" is not "c1": ids are exact.
        assert!(matches!(
            Evidence::new(&b, "e1", &input, Some(&file), day("2025-01-01")),
            Err(EvidenceError::UnknownCriterion(_))
        ));
        let criteria = ids(&["c3", "c1", "c1,c3"]);
        let input = EvidenceInput {
            criteria: &criteria,
            ..input
        };
        let (e, warnings) =
            Evidence::new(&b, "e1", &input, Some(&file), day("2025-01-01")).unwrap();
        assert_eq!(e.criteria, ["c1", "c3"]);
        assert_eq!(
            e.file.as_ref().unwrap().name.as_deref(),
            Some("lausunto.pdf")
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, TextField::EvidenceNote);
        assert!(e.supports("c3") && !e.supports("c2"));
    }

    #[test]
    fn new_evidence_refusals_say_what_to_do() {
        let b = badge();
        let none: Vec<String> = vec![];
        let c1 = ids(&["c1"]);
        let today = day("2025-01-01");
        let base = EvidenceInput {
            kind: Some(EvidenceKind::Document),
            criteria: &c1,
            ..Default::default()
        };
        assert!(Evidence::new(&b, "e", &base, None, today).is_ok());
        let e = Evidence::new(
            &b,
            "e",
            &EvidenceInput {
                criteria: &none,
                ..base.clone()
            },
            None,
            today,
        )
        .unwrap_err();
        assert_eq!(e, EvidenceError::NoCriteria);
        let e = Evidence::new(
            &b,
            "e",
            &EvidenceInput {
                kind: None,
                ..base.clone()
            },
            None,
            today,
        )
        .unwrap_err();
        assert_eq!(e, EvidenceError::NoKind);
        let e = Evidence::new(
            &b,
            "e",
            &EvidenceInput {
                obtained: Some(day("2025-01-02")),
                ..base.clone()
            },
            None,
            today,
        )
        .unwrap_err();
        assert!(e.to_string().contains("after today (2025-01-01)"));
        let e = Evidence::new(
            &b,
            "e",
            &EvidenceInput {
                obtained: Some(day("1949-12-31")),
                ..base.clone()
            },
            None,
            today,
        )
        .unwrap_err();
        assert!(matches!(e, EvidenceError::TooOld(_)));
    }

    #[test]
    fn relinking_checks_the_criteria() {
        let b = badge();
        let c1 = ids(&["c1"]);
        let input = EvidenceInput {
            kind: Some(EvidenceKind::Observation),
            criteria: &c1,
            ..Default::default()
        };
        let (mut e, _) = Evidence::new(&b, "e", &input, None, day("2025-01-01")).unwrap();
        e.link(&b, &ids(&["c2", "c1"])).unwrap();
        assert_eq!(e.criteria, ["c1", "c2"]);
        assert!(e.link(&b, &ids(&["c4"])).is_err());
        assert_eq!(e.criteria, ["c1", "c2"], "a refused link changes nothing");
    }

    #[test]
    fn kinds_parse_in_short_and_long_form() {
        assert_eq!(parse_kind("interview"), Some(EvidenceKind::InterviewAnswer));
        assert_eq!(
            parse_kind("third-party"),
            Some(EvidenceKind::ThirdPartyStatement)
        );
        assert_eq!(
            parse_kind("certificate"),
            Some(EvidenceKind::PriorCertificate)
        );
        assert_eq!(parse_kind("Work-Sample"), Some(EvidenceKind::WorkSample));
        for k in EvidenceKind::ALL {
            assert_eq!(parse_kind(k.code()), Some(k));
            assert!(!kind_label(k, Lang::Sv).is_empty());
        }
        assert_eq!(parse_kind("video"), None);
    }

    #[test]
    fn base_name_drops_directories_of_any_system() {
        assert_eq!(base_name("/home/aino/a.pdf"), "a.pdf");
        assert_eq!(base_name("C:\\docs\\b.pdf"), "b.pdf");
        assert_eq!(base_name("c.pdf"), "c.pdf");
    }
}
