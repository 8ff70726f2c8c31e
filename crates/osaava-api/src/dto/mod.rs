//! Requests and responses. Every type here is exported to `ui/src/lib/bindings/`.

mod cases;
mod people;
mod statements;
pub use cases::*;
pub use people::*;
pub use statements::*;

use osaava_core::{Alignment, Badge, Lang, LocalizedText, Role, SourceFormat};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListBadgesRequest {
    /// Words to find in names, descriptions, criteria and alignments, in any language.
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    /// Only badges aligned to this code, e.g. `tutkinnonosat_106228`.
    #[serde(default)]
    #[ts(optional)]
    pub alignment: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeSummary {
    pub id: String,
    pub version: u32,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub criteria_count: u32,
    pub source_format: SourceFormat,
    pub alignments: Vec<Alignment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ShowBadgeRequest {
    pub id: String,
    /// The latest when absent.
    #[serde(default)]
    #[ts(optional)]
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeVersion {
    pub version: u32,
    pub imported_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source_version: Option<String>,
    pub criteria_count: u32,
}

/// A badge version with the list of all its versions.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadgeDetail {
    #[serde(flatten)]
    pub badge: Badge,
    pub versions: Vec<BadgeVersion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ImportStatus {
    /// Stored as a new badge or a new version of one.
    New,
    /// The same content was already in the library.
    Unchanged,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedBadge {
    pub id: String,
    pub version: u32,
    pub name: LocalizedText,
    pub status: ImportStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedFile {
    pub file: String,
    pub badges: Vec<ImportedBadge>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub files: Vec<ImportedFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ExportFormat {
    /// Open Badges 3.0 Achievement.
    Ob3,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddPersonRequest {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Created {
    pub id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetOrganisationRequest {
    pub name: String,
    pub business_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    pub language: Lang,
    pub data_dir: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetLanguageRequest {
    pub language: Lang,
}
