//! The recognition statement: what the employee takes away and a college relies on.
//!
//! `model` is the machine-readable statement (also embedded in the PDF). `pdf` renders it as a
//! PDF/A-3b document with attachments; `keys` holds the organisation CA, assessor certificates and
//! the credential key; `pades` signs and verifies the PDF; `credential` builds and signs the
//! Open Badges 3.0 credential. No module here touches the database or reads the clock: times come in.

pub mod credential;
pub mod keys;
pub mod model;
pub mod pades;
pub mod pdf;
pub mod revocation;

pub use model::Statement;
