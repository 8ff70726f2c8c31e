//! Reading badges from the formats in use: Osaava templates, Open Badges 2.0 and 3.0,
//! ePerusteet national badges and qualification units. Format is detected from content.
//!
//! Pure: bytes in, badges out. Nothing here reads files, the network or the clock; a badge
//! that only links to its content (an Open Badges assertion whose badge is a URL) is refused
//! with a message saying so rather than fetched.
//!
//! The pipeline, one module per step:
//! 1. [`bytes`]: size limit, images and other binaries renamed `.json`, text encoding, JSON
//!    syntax (with serde_json's nesting limit, so deep input cannot overflow the stack).
//! 2. [`detect`]: which format the JSON is, including lists and API wrappers, and records that
//!    are not badges (KOSKI, eHOKS).
//! 3. One reader per format: [`template`], [`ob2`], [`ob3`] (both using [`openbadges`]),
//!    [`eperusteet`] (national badges and qualification units).
//! 4. [`Badge::validate`] on every badge, with the root path of the badge in the file.
//!
//! Every error is an [`ImportError`]: the JSON path it applies to, when there is one, and one
//! sentence saying what was found and what was expected.

mod bytes;
pub mod criteria_text;
mod detect;
mod eperusteet;
mod node;
mod ob2;
mod ob3;
mod openbadges;
mod template;
pub mod text;

use crate::badge::{Badge, BadgeValidationError};
use detect::DetectedFormat;

/// Files larger than this are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Why a file could not be read as badges. `path` is the JSON path, when one applies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", path.as_deref().map(|p| format!("{p}: ")).unwrap_or_default())]
pub struct ImportError {
    pub path: Option<String>,
    pub message: String,
}

impl ImportError {
    /// An error about the file as a whole (size, encoding, syntax).
    pub fn file(message: impl Into<String>) -> Self {
        ImportError {
            path: None,
            message: message.into(),
        }
    }

    /// An error about the value at a JSON path such as `$.criteria[2].mandatory`.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            path: Some(path.into()),
            message: message.into(),
        }
    }
}

impl From<BadgeValidationError> for ImportError {
    fn from(e: BadgeValidationError) -> Self {
        let path = e.path().to_string();
        let full = e.to_string();
        let message = full
            .strip_prefix(&format!("{path}: "))
            .unwrap_or(&full)
            .to_string();
        ImportError {
            path: Some(path),
            message,
        }
    }
}

/// Parses one file's bytes into one or more badges (version 0: the store assigns it).
///
/// Every returned badge has passed [`Badge::validate`]. A file holding a list of badges
/// either imports whole or fails on the first bad badge, naming it (`$[3].nimi`).
pub fn parse_badges(bytes: &[u8]) -> Result<Vec<Badge>, ImportError> {
    Ok(parse_badges_detailed(bytes)?
        .into_iter()
        .map(|(badge, _)| badge)
        .collect())
}

/// Like [`parse_badges`], with the JSON path each badge was read from (`$`, `$[3]`,
/// `$.data[0]`), for callers that report per badge.
pub fn parse_badges_detailed(bytes: &[u8]) -> Result<Vec<(Badge, String)>, ImportError> {
    let value = bytes::parse_json(bytes)?;
    let found = detect::detect(&value)?;
    let mut out = Vec::with_capacity(found.len());
    for item in found {
        let at = item.node.path.clone();
        let mut badge = match item.format {
            DetectedFormat::OsaavaTemplate => template::read(&item.node)?,
            DetectedFormat::OpenBadges2BadgeClass => {
                ob2::read_badge_class(&item.node, item.context.as_ref())?
            }
            DetectedFormat::OpenBadges3Achievement => {
                ob3::read_achievement(&item.node, item.context.as_ref())?
            }
            DetectedFormat::EperusteetBadge => eperusteet::badge::read(&item.node)?,
            DetectedFormat::EperusteetUnit => {
                eperusteet::unit::read(&item.node, item.context.as_ref())?
            }
        };
        badge.version = 0;
        badge.validate(&at)?;
        out.push((badge, at));
    }
    Ok(out)
}
