//! The statement stage: keys, issuing, revoking, and verification for colleges.

mod build;
mod issue;
mod keys;
mod revocations;
mod verify;

pub use keys::UnlockedKeys;
pub use verify::Verifier;
