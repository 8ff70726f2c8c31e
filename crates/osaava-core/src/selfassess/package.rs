//! The self-assessment file: one JSON document holding a case's self-assessment and its evidence
//! files, for `self-assessment export` and `import` between machines.
//!
//! **Why one JSON file with base64 evidence, not a ZIP:** it needs no archive code or system tool
//! on either side, it is read with the JSON parser the app already trusts, and it has no
//! compression, so no decompression bomb and no entry can be larger than it looks; there are no
//! paths inside, only labels, so nothing can be extracted outside the vault. The cost is a third
//! more bytes than the files themselves, which the size limits account for.
//!
//! ```json
//! { "format": "osaava-self-assessment/1", "case_id": "…", "employee_id": "…",
//!   "badge": {"id": "osaava-safe-medication", "version": 2}, "exported_at": "2025-03-01T10:00:00Z",
//!   "language": "fi",
//!   "entries": [{"criterion": "c1", "level": 3, "example": "…"}],
//!   "evidence": [{"name": "lausunto.pdf", "sha256": "…64 hex…", "size": 1234,
//!                 "content_type": "pdf", "kind": "third-party-statement", "obtained": "2024-05-02",
//!                 "author": "…", "criteria": ["c1"], "note": "…", "data": "JVBERi0…"}] }
//! ```
//!
//! Import is two steps, so the caller can find the case first: [`parse_package`] checks the shape
//! and the size; [`Package::validate`] checks it against the case and badge and decodes the files.
//! Either refuses the whole file with the JSON path of the first problem; nothing is half-imported.
//! An imported item is never marked as checked for authenticity: the assessor does that.

use super::names::{check_entry_name, safe_entry_name};
use super::{base64, SelfAssessment, SelfAssessmentEntry};
use crate::badge::{Badge, EvidenceKind};
use crate::case::{Case, CaseError};
use crate::evidence::privacy::PrivacyWarning;
use crate::evidence::{
    check_file, sha256_hex, CheckedFile, ContentType, Evidence, EvidenceInput,
    DEFAULT_MAX_FILE_BYTES,
};
use crate::localized::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const PACKAGE_FORMAT: &str = "osaava-self-assessment/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageLimits {
    pub max_file_bytes: u64,
    pub max_files: usize,
    /// All evidence files together.
    pub max_total_bytes: u64,
}

impl Default for PackageLimits {
    fn default() -> Self {
        PackageLimits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_files: 100,
            max_total_bytes: 500 * 1024 * 1024,
        }
    }
}

impl PackageLimits {
    /// The largest package file worth reading: the evidence in base64 plus room for the text.
    pub fn max_package_bytes(&self) -> u64 {
        self.max_total_bytes.div_ceil(3) * 4 + 8 * 1024 * 1024
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeRef {
    pub id: String,
    pub version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageEvidence {
    /// A plain file name; a label only, never a path.
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub content_type: ContentType,
    pub kind: EvidenceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obtained: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The file's bytes, standard base64 with padding.
    pub data: String,
}

/// A parsed self-assessment file, not yet checked against its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub format: String,
    pub case_id: String,
    pub employee_id: String,
    pub badge: BadgeRef,
    pub exported_at: String,
    pub language: Lang,
    pub entries: Vec<SelfAssessmentEntry>,
    #[serde(default)]
    pub evidence: Vec<PackageEvidence>,
}

/// A file's bytes with its stored evidence record, for export.
#[derive(Debug, Clone, Copy)]
pub struct ExportItem<'a> {
    pub evidence: &'a Evidence,
    pub bytes: &'a [u8],
}

/// One evidence file that passed every check, ready for the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvidence {
    pub evidence: Evidence,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPackage {
    pub self_assessment: SelfAssessment,
    pub evidence: Vec<ImportedEvidence>,
    pub warnings: Vec<PrivacyWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("the file is {size} bytes; a self-assessment file may be at most {max} bytes")]
    TooLarge { size: u64, max: u64 },
    #[error("this is not an Osaava self-assessment file: {0}")]
    Json(String),
    #[error("$.format: this file is {0:?}; it was made by a newer Osaava or is not a self-assessment file (expected \"{PACKAGE_FORMAT}\")")]
    Format(String),
    #[error(
        "$.case_id: this file belongs to case {file}, not {case}; import it into its own case"
    )]
    WrongCase { file: String, case: String },
    #[error("$.employee_id: this file is from employee {file}, but case {case} is for employee {employee}")]
    WrongEmployee {
        file: String,
        case: String,
        employee: String,
    },
    #[error(
        "$.badge: this self-assessment is for badge {file_badge} version {file_version}, but the case is for {badge} \
         version {version}; export a new self-assessment from the case"
    )]
    WrongBadge {
        file_badge: String,
        file_version: u32,
        badge: String,
        version: u32,
    },
    #[error("{path}: {message}")]
    At { path: String, message: String },
    #[error(transparent)]
    Case(#[from] CaseError),
}

fn at(path: String, message: impl std::fmt::Display) -> PackageError {
    PackageError::At {
        path,
        message: message.to_string(),
    }
}

/// Writes the self-assessment file for `case`. Every item needs its file's bytes, which must match
/// the stored hash (a vault that changed under us is an internal error, not something to export).
pub fn export_package(
    case: &Case,
    sa: &SelfAssessment,
    items: &[ExportItem],
    exported_at: &str,
) -> Result<Vec<u8>, PackageError> {
    let mut names: HashSet<String> = HashSet::new();
    let mut evidence = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let e = item.evidence;
        let path = format!("evidence[{i}]");
        let file = e
            .file
            .as_ref()
            .ok_or_else(|| at(path.clone(), format!("evidence {} has no file", e.id)))?;
        if sha256_hex(item.bytes) != file.sha256 {
            return Err(at(
                path,
                format!(
                    "the stored file of evidence {} does not match its hash",
                    e.id
                ),
            ));
        }
        let ext = file.content_type.extension();
        let base = safe_entry_name(file.name.as_deref().unwrap_or(""), ext);
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.to_lowercase()) {
            name = match base.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-{n}.{ext}"),
                None => format!("{base}-{n}"),
            };
            n += 1;
        }
        evidence.push(PackageEvidence {
            name,
            sha256: file.sha256.clone(),
            size: item.bytes.len() as u64,
            content_type: file.content_type,
            kind: e.kind,
            obtained: e.obtained,
            author: e.author.clone(),
            criteria: e.criteria.clone(),
            note: e.note.clone(),
            data: base64::encode(item.bytes),
        });
    }
    let package = Package {
        format: PACKAGE_FORMAT.into(),
        case_id: case.id.clone(),
        employee_id: case.employee_id.clone(),
        badge: BadgeRef {
            id: sa.badge_id.clone(),
            version: sa.badge_version,
        },
        exported_at: exported_at.into(),
        language: case.language,
        entries: sa.entries.clone(),
        evidence,
    };
    Ok(serde_json::to_vec_pretty(&package).expect("a package always serialises"))
}

/// Reads the file's shape and size; the case id it names is then `package.case_id`.
pub fn parse_package(bytes: &[u8], limits: &PackageLimits) -> Result<Package, PackageError> {
    let max = limits.max_package_bytes();
    if bytes.len() as u64 > max {
        return Err(PackageError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    let p: Package =
        serde_json::from_slice(bytes).map_err(|e| PackageError::Json(e.to_string()))?;
    if p.format != PACKAGE_FORMAT {
        return Err(PackageError::Format(p.format));
    }
    Ok(p)
}

impl Package {
    /// Checks the package against its case and badge and decodes every file. `today` bounds the
    /// dates; `new_id` names each evidence item. Refuses everything on the first problem.
    pub fn validate(
        &self,
        case: &Case,
        badge: &Badge,
        limits: &PackageLimits,
        today: NaiveDate,
        mut new_id: impl FnMut() -> String,
    ) -> Result<ImportedPackage, PackageError> {
        if self.case_id != case.id {
            return Err(PackageError::WrongCase {
                file: self.case_id.clone(),
                case: case.id.clone(),
            });
        }
        if self.employee_id != case.employee_id {
            return Err(PackageError::WrongEmployee {
                file: self.employee_id.clone(),
                case: case.id.clone(),
                employee: case.employee_id.clone(),
            });
        }
        if self.badge.id != case.badge_id || self.badge.version != case.badge_version {
            return Err(PackageError::WrongBadge {
                file_badge: self.badge.id.clone(),
                file_version: self.badge.version,
                badge: case.badge_id.clone(),
                version: case.badge_version,
            });
        }
        case.check_badge(badge)?;
        case.check_self_assessment_editable()?;

        let mut sa = SelfAssessment::new(badge);
        let mut warnings = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let path = format!("$.entries[{i}]");
            if sa.entry(&e.criterion).is_some() {
                return Err(at(
                    format!("{path}.criterion"),
                    format!("criterion {:?} appears twice", e.criterion),
                ));
            }
            let w = sa
                .set(
                    badge,
                    &e.criterion,
                    e.level,
                    Some(e.example.as_deref().unwrap_or("")),
                )
                .map_err(|err| at(path, err))?;
            warnings.extend(w);
        }

        if self.evidence.len() > limits.max_files {
            return Err(at(
                "$.evidence".into(),
                format!(
                    "{} files; at most {} may be imported at once",
                    self.evidence.len(),
                    limits.max_files
                ),
            ));
        }
        let mut names = HashSet::new();
        let mut total: u64 = 0;
        let mut evidence = Vec::new();
        for (i, pe) in self.evidence.iter().enumerate() {
            let item = Self::check_item(
                i,
                pe,
                badge,
                limits,
                today,
                &mut names,
                &mut total,
                new_id(),
            )?;
            warnings.extend(item.1);
            evidence.push(item.0);
        }
        Ok(ImportedPackage {
            self_assessment: sa,
            evidence,
            warnings,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn check_item(
        i: usize,
        pe: &PackageEvidence,
        badge: &Badge,
        limits: &PackageLimits,
        today: NaiveDate,
        names: &mut HashSet<String>,
        total: &mut u64,
        id: String,
    ) -> Result<(ImportedEvidence, Vec<PrivacyWarning>), PackageError> {
        let p = |field: &str| format!("$.evidence[{i}].{field}");
        check_entry_name(&pe.name).map_err(|e| at(p("name"), e))?;
        if !names.insert(pe.name.to_lowercase()) {
            return Err(at(
                p("name"),
                format!("{:?} is used by another file in this package", pe.name),
            ));
        }
        if pe.sha256.len() != 64
            || !pe
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(at(
                p("sha256"),
                "expected 64 lower-case hexadecimal characters",
            ));
        }
        // Sizes are checked before anything is decoded.
        let decoded = base64::decoded_len(&pe.data)
            .ok_or_else(|| at(p("data"), "not base64 of the right length"))?;
        if decoded as u64 != pe.size {
            return Err(at(
                p("size"),
                format!("says {} bytes but the data holds {decoded}", pe.size),
            ));
        }
        if pe.size > limits.max_file_bytes {
            return Err(at(
                p("size"),
                format!(
                    "{} bytes is over the limit of {} bytes for one file",
                    pe.size, limits.max_file_bytes
                ),
            ));
        }
        *total += pe.size;
        if *total > limits.max_total_bytes {
            return Err(at(
                p("size"),
                format!("the files together exceed {} bytes", limits.max_total_bytes),
            ));
        }
        let bytes = base64::decode(&pe.data).map_err(|e| at(p("data"), e))?;
        let actual = sha256_hex(&bytes);
        if actual != pe.sha256 {
            return Err(at(p("sha256"), format!("the file's content has SHA-256 {actual}, not the {} the file lists; the file was changed or damaged", pe.sha256)));
        }
        let checked: CheckedFile =
            check_file(&bytes, limits.max_file_bytes).map_err(|e| at(p("data"), e))?;
        if checked.content_type != pe.content_type {
            return Err(at(
                p("content_type"),
                format!(
                    "says {} but the content is {}",
                    pe.content_type.mime(),
                    checked.content_type.mime()
                ),
            ));
        }
        let input = EvidenceInput {
            kind: Some(pe.kind),
            obtained: pe.obtained,
            author: pe.author.as_deref(),
            criteria: &pe.criteria,
            note: pe.note.as_deref(),
            authenticity_checked: false,
            file_name: Some(&pe.name),
        };
        let (evidence, warnings) = Evidence::new(badge, &id, &input, Some(&checked), today)
            .map_err(|e| at(format!("$.evidence[{i}]"), e))?;
        Ok((ImportedEvidence { evidence, bytes }, warnings))
    }
}

#[cfg(test)]
mod tests;
