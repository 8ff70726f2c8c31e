//! The one API surface of Osaava. The CLI and the desktop shell call these handlers
//! and nothing below them; requests and responses are typed (serde) and exported to
//! the UI as TypeScript (ts-rs).

mod app;
mod backup;
pub use backup::{
    inspect_backup, restore_data_dir, BackupCounts, BackupManifest, BackupMember, BackupProgress,
    BackupStage, RestoreReport, BACKUP_EXTENSION, BACKUP_FORMAT,
};
mod badges;
mod batch;
pub use batch::{BatchEvent, BatchItem, BatchReport, IssueBatchRequest};
mod cases;
pub mod dto;
mod error;
mod people;
mod settings;
pub use settings::os_locale;
mod starter;
mod statements;
pub use statements::{UnlockedKeys, Verifier};
mod templates;

pub use app::{
    default_data_dir, resolve_data_dir, App, Clock, FixedClock, SystemClock, DATABASE_FILE,
};
pub use error::{ApiError, ErrorKind};
pub use osaava_core as core;
