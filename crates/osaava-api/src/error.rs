use osaava_store::StoreError;
use serde::Serialize;
use std::fmt;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ErrorKind {
    /// The user gave something unusable: a bad file, a wrong value, an unknown id.
    BadInput,
    NotFound,
    Conflict,
    /// A verification ran and failed (invalid, tampered, untrusted, revoked).
    VerificationFailed,
    /// Our fault, not the user's.
    Internal,
}

/// An error as the user sees it: what went wrong, in which file, at which JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            message: message.into(),
            file: None,
            path: None,
        }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(ErrorKind::Internal, message)
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at_path(mut self, path: Option<String>) -> Self {
        self.path = path;
        self
    }

    /// The CLI exit code (DESIGN.md): 1 failed verification, 2 bad input, 3 internal.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::VerificationFailed => 1,
            ErrorKind::BadInput | ErrorKind::NotFound | ErrorKind::Conflict => 2,
            ErrorKind::Internal => 3,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NewerSchema { .. } | StoreError::Open { .. } => {
                ApiError::bad_input(e.to_string())
            }
            StoreError::Corrupt(_) | StoreError::Sqlite(_) => ApiError::internal(e.to_string()),
        }
    }
}
