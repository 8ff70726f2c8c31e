//! The organisation's signed list of revoked and superseded statements, which `verify` reads.
//!
//! The file is JSON: `{format, payload, signature}` where `payload` is the list's JSON in base64
//! (so the signed bytes travel unchanged) and `signature` a detached CMS signature over those bytes
//! in base64, made like the PDF signature and checked against the same trusted roots.

use crate::keys::{Certificate, KeyError, SigningIdentity, SubjectInfo};
use crate::model::OrganisationRef;
use crate::pades::{check_detached, sign_detached, Problem};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const REVOCATIONS_FORMAT: &str = "osaava-revocations/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevocationList {
    pub issuer: OrganisationRef,
    pub issued_at: DateTime<Utc>,
    pub revoked: Vec<Revoked>,
    pub superseded: Vec<Superseded>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revoked {
    pub id: Uuid,
    pub revoked_at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Superseded {
    pub id: Uuid,
    pub by: Uuid,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct SignedFile {
    format: String,
    payload: String,
    signature: String,
}

/// A list read from a file, with what its signature check found.
#[derive(Debug, Clone)]
pub struct CheckedRevocationList {
    pub list: RevocationList,
    pub signer: Option<SubjectInfo>,
    /// Empty when the signature is valid and reaches a trusted root.
    pub problems: Vec<Problem>,
}

#[derive(Debug, thiserror::Error)]
pub enum RevocationError {
    #[error("not an Osaava revocation list: {0}")]
    Unreadable(String),
}

impl RevocationList {
    pub fn revocation_of(&self, id: Uuid) -> Option<&Revoked> {
        self.revoked.iter().find(|r| r.id == id)
    }

    pub fn superseding(&self, id: Uuid) -> Option<&Superseded> {
        self.superseded.iter().find(|s| s.id == id)
    }
}

/// The signed file for `list`.
pub fn sign_revocation_list(
    list: &RevocationList,
    identity: &SigningIdentity,
) -> Result<Vec<u8>, KeyError> {
    let payload = serde_json::to_vec(list).map_err(|e| KeyError::Internal(e.to_string()))?;
    let signature = sign_detached(&payload, identity)?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let file = SignedFile {
        format: REVOCATIONS_FORMAT.into(),
        payload: b64.encode(&payload),
        signature: b64.encode(signature),
    };
    let mut bytes =
        serde_json::to_vec_pretty(&file).map_err(|e| KeyError::Internal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a revocation list and checks its signature against `trust_roots` at `now`.
pub fn read_revocation_list(
    bytes: &[u8],
    trust_roots: &[Certificate],
    now: DateTime<Utc>,
) -> Result<CheckedRevocationList, RevocationError> {
    let unreadable = |what: String| RevocationError::Unreadable(what);
    let file: SignedFile = serde_json::from_slice(bytes).map_err(|e| unreadable(e.to_string()))?;
    if file.format != REVOCATIONS_FORMAT {
        return Err(unreadable(format!(
            "format {:?}, expected {REVOCATIONS_FORMAT:?}",
            file.format
        )));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let payload = b64
        .decode(&file.payload)
        .map_err(|e| unreadable(format!("payload: {e}")))?;
    let signature = b64
        .decode(&file.signature)
        .map_err(|e| unreadable(format!("signature: {e}")))?;
    let list: RevocationList =
        serde_json::from_slice(&payload).map_err(|e| unreadable(format!("payload: {e}")))?;
    let found = check_detached(&payload, &signature, trust_roots, now);
    Ok(CheckedRevocationList {
        list,
        signer: found.signer,
        problems: found.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{create_org_ca, issue_assessor_certificate};
    use crate::pades::ProblemCode;
    use chrono::TimeZone;
    use osaava_core::BusinessId;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
    }

    fn list() -> RevocationList {
        RevocationList {
            issuer: OrganisationRef {
                name: "Hoivakoti Kielo Oy".into(),
                business_id: "0112038-9".into(),
            },
            issued_at: now(),
            revoked: vec![Revoked {
                id: Uuid::from_u128(1),
                revoked_at: now(),
                reason: "Väärä henkilö".into(),
            }],
            superseded: vec![Superseded {
                id: Uuid::from_u128(2),
                by: Uuid::from_u128(3),
                at: now(),
            }],
        }
    }

    #[test]
    fn a_signed_list_reads_back_trusted_and_a_changed_one_does_not() {
        let ca = create_org_ca(
            "Hoivakoti Kielo Oy",
            &BusinessId::parse("0112038-9").unwrap(),
            now(),
        )
        .unwrap();
        let signer = issue_assessor_certificate(&ca, "Sirkka Väänänen", None, now()).unwrap();
        let bytes = sign_revocation_list(&list(), &signer).unwrap();
        let read =
            read_revocation_list(&bytes, std::slice::from_ref(&ca.certificate), now()).unwrap();
        assert_eq!(read.list, list());
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(
            read.list.revocation_of(Uuid::from_u128(1)).unwrap().reason,
            "Väärä henkilö"
        );
        assert_eq!(
            read.list.superseding(Uuid::from_u128(2)).unwrap().by,
            Uuid::from_u128(3)
        );

        // Nobody trusts this CA: the list is read but not trusted.
        let read = read_revocation_list(&bytes, &[], now()).unwrap();
        assert!(read
            .problems
            .iter()
            .any(|p| p.code == ProblemCode::Untrusted));

        // A statement dropped from the list after signing breaks the signature.
        let mut file: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut changed = list();
        changed.revoked.clear();
        let b64 = base64::engine::general_purpose::STANDARD;
        file["payload"] = b64.encode(serde_json::to_vec(&changed).unwrap()).into();
        let read = read_revocation_list(
            &serde_json::to_vec(&file).unwrap(),
            &[ca.certificate],
            now(),
        )
        .unwrap();
        assert!(
            read.problems
                .iter()
                .any(|p| p.code == ProblemCode::Tampered),
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn other_files_are_unreadable() {
        assert!(read_revocation_list(b"%PDF-1.7", &[], now()).is_err());
        assert!(
            read_revocation_list(br#"{"format":"x","payload":"","signature":""}"#, &[], now())
                .is_err()
        );
    }
}
