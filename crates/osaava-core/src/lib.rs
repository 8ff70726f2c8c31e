//! The Osaava domain: plain data and pure functions.
//!
//! Nothing here reads files, the network, the database or the clock; callers pass
//! bytes and times in. That keeps every rule unit-testable and shared by the CLI
//! and the desktop through `osaava-api`.

pub mod badge;
pub mod case;
pub mod compare;
pub mod evidence;
pub mod export;
pub mod import;
pub mod interview;
pub mod learning;
pub mod localized;
pub mod org;
pub mod person;
pub mod selfassess;

pub use badge::{
    Alignment, AlignmentKind, Badge, BadgeValidationError, Criterion, EvidenceKind,
    EvidenceRequirement, SourceFormat, VersionDecision,
};
pub use localized::{Lang, LocalizedText};
pub use org::{BusinessId, BusinessIdError, Organisation};
pub use person::{Person, Role};
