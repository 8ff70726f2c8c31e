//! The Open Badges 3.0 credential: an `OpenBadgeCredential` (W3C VC Data Model 2.0) for the
//! recognised badge or its recognised part, secured with a `DataIntegrityProof` of cryptosuite
//! `eddsa-rdfc-2022` by the organisation's Ed25519 key, whose `did:key` is the issuer's id.
//!
//! - [`build_credential`] writes the unsigned credential from a [`Statement`] (what it claims and
//!   why: see `build.rs`).
//! - [`sign_credential`] adds the proof as the EdDSA cryptosuites spec (v1.0, §3.2) says: the
//!   document without proof and the proof options (without `proofValue`, with the document's
//!   `@context`) are each turned from JSON-LD into RDF and canonicalised with RDFC-1.0, hashed
//!   with SHA-256, and `SHA-256(proof config) ‖ SHA-256(document)` is signed with Ed25519;
//!   `proofValue` is the signature in base58btc multibase (`z…`).
//! - [`verify_credential`] is our own offline check (used by `osaava verify`). It accepts only
//!   what Osaava issues: the two embedded contexts, one proof, a `did:key` verification method
//!   whose DID is the issuer, and no term that JSON-LD would drop (as verifiers in safe mode).
//!
//! Third-party check: `tests/credential/verify.mjs` verifies our credentials with Digital
//! Bazaar's libraries (`crates/osaava-statement/tests/credential.rs` runs it).
//!
//! JSON-LD to RDF is our own (`expand.rs`), limited to the two embedded contexts; RDFC-1.0 is
//! oxrdf's. Why not a crate: `ssi` and `json-ld` (+ `rdf-canon`) add 180–480 crates and minutes
//! of compilation on two cores; oxjsonld is light and correct for these contexts but processes
//! every type-scoped context from scratch, ~5 ms per credential, ten times our expansion (which
//! makes sign or verify about 1 ms in a release build). oxjsonld stays in the tests as an
//! independent processor, beside jsonld.js: both must produce our canonical N-Quads.

mod build;
mod did_key;
mod expand;
pub mod jsonld;

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::model::Statement;

pub use build::identity_hash;
pub use did_key::{did_key, parse_did_key, verification_method};
pub use jsonld::CONTEXT;

pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
pub const PROOF_PURPOSE: &str = "assertionMethod";

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("the decision recognises no criterion, so there is nothing to put in a credential")]
    NothingRecognised,
    #[error("not an Osaava credential: {0}")]
    Shape(String),
    #[error("the credential's @context must be exactly {CONTEXT:?}; found {0}")]
    Context(String),
    #[error("JSON-LD that this processor refuses (a verifier in safe mode would too, or Osaava never issues it): {}", .0.join("; "))]
    JsonLd(Vec<String>),
    #[error("the proof is not one this verifier accepts: {0}")]
    Proof(String),
    #[error("bad verification method {0}")]
    BadVerificationMethod(String),
    #[error("the proof's key {verification_method} is not the issuer's ({issuer})")]
    IssuerMismatch {
        issuer: String,
        verification_method: String,
    },
    #[error("the signature does not match the credential: it was changed after signing, or signed by another key")]
    BadSignature,
}

/// The unsigned credential for a statement whose decision recognises at least one criterion.
pub fn build_credential(statement: &Statement, issuer_did: &str) -> Result<Value, CredentialError> {
    build::build_credential(statement, issuer_did)
}

/// Adds a `DataIntegrityProof` (`eddsa-rdfc-2022`) made with `key` at `created`.
pub fn sign_credential(
    unsigned: Value,
    key: &SigningKey,
    created: DateTime<Utc>,
) -> Result<Value, CredentialError> {
    let Value::Object(mut document) = unsigned else {
        return Err(CredentialError::Shape(
            "a credential is a JSON object".into(),
        ));
    };
    if document.contains_key("proof") {
        return Err(CredentialError::Shape(
            "the credential already has a proof".into(),
        ));
    }
    check_context(&document)?;
    let options = json!({
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.to_rfc3339_opts(SecondsFormat::Secs, true),
        "verificationMethod": verification_method(&key.verifying_key()),
        "proofPurpose": PROOF_PURPOSE,
    });
    let Value::Object(options) = options else {
        unreachable!("json! of an object")
    };
    let hash_data = hash_data(&document, &options)?;
    let signature = key.sign(&hash_data);
    let mut proof = options;
    proof.insert(
        "proofValue".into(),
        json!(format!(
            "z{}",
            bs58::encode(signature.to_bytes()).into_string()
        )),
    );
    document.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(document))
}

/// `SHA-256(canonical proof config) ‖ SHA-256(canonical document)`, refusing anything that
/// JSON-LD would drop (see `expand.rs`).
fn hash_data(
    document: &Map<String, Value>,
    proof_options: &Map<String, Value>,
) -> Result<Vec<u8>, CredentialError> {
    let document = Value::Object(document.clone());
    let mut config = proof_options.clone();
    config.remove("proofValue");
    config.insert("@context".into(), document["@context"].clone());
    let config = Value::Object(config);
    let config = jsonld::canonical_nquads(&config).map_err(|e| match e {
        CredentialError::JsonLd(problems) => CredentialError::JsonLd(
            problems
                .into_iter()
                .map(|p| p.replacen('$', "$.proof", 1))
                .collect(),
        ),
        other => other,
    })?;
    let mut out = Sha256::digest(config.as_bytes()).to_vec();
    out.extend_from_slice(&Sha256::digest(
        jsonld::canonical_nquads(&document)?.as_bytes(),
    ));
    Ok(out)
}

fn check_context(document: &Map<String, Value>) -> Result<(), CredentialError> {
    let context = document.get("@context").cloned().unwrap_or(Value::Null);
    if context != json!(CONTEXT) {
        return Err(CredentialError::Context(context.to_string()));
    }
    Ok(())
}

/// What a verified credential says, read from the JSON whose every term the signature covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedCredential {
    pub id: String,
    pub name: String,
    pub issuer: VerifiedIssuer,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// When the proof was made.
    pub signed_at: DateTime<Utc>,
    pub verification_method: String,
    pub achievement: VerifiedAchievement,
    /// The recipient as the credential names them (hashed: see [`VerifiedCredential::identity_matches`]).
    pub recipient: Option<VerifiedIdentity>,
    pub evidence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedIssuer {
    pub did: String,
    pub name: Option<String>,
    pub business_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedAchievement {
    pub id: String,
    pub name: String,
    /// Only part of the badge is recognised (the criteria listed in `results`).
    pub partial: bool,
    pub alignments: Vec<VerifiedAlignment>,
    pub results: Vec<VerifiedResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedAlignment {
    pub code: Option<String>,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedResult {
    pub criterion: String,
    /// The achieved level's name (e.g. "Täyttyy"), or its id when the credential names none.
    pub level: Option<String>,
    pub meets_required_level: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedIdentity {
    pub identity_type: String,
    pub hashed: bool,
    pub identity_hash: String,
    pub salt: Option<String>,
}

impl VerifiedCredential {
    /// Whether `now` is within `validFrom`…`validUntil` (the caller brings the clock).
    pub fn is_valid_at(&self, now: DateTime<Utc>) -> bool {
        let parse = |s: &Option<String>| s.as_deref().map(DateTime::parse_from_rfc3339);
        let from_ok = match parse(&self.valid_from) {
            Some(Ok(from)) => from <= now,
            Some(Err(_)) => false,
            None => true,
        };
        let until_ok = match parse(&self.valid_until) {
            Some(Ok(until)) => now < until,
            Some(Err(_)) => false,
            None => true,
        };
        from_ok && until_ok
    }

    /// Whether the credential was issued to the person with this name (spelled as on the
    /// statement; surrounding spaces and Unicode composition do not matter).
    pub fn identity_matches(&self, name: &str) -> bool {
        match &self.recipient {
            Some(r) if r.hashed => match r.identity_hash.split_once('$') {
                Some((alg, hex)) if alg.eq_ignore_ascii_case("sha256") => {
                    let expected = identity_hash(
                        &build::normalise_name(name),
                        r.salt.as_deref().unwrap_or(""),
                    );
                    expected[7..].eq_ignore_ascii_case(hex)
                }
                _ => false,
            },
            Some(r) => r.identity_hash == name,
            None => false,
        }
    }
}

/// Checks the credential's proof offline and says what it claims. Fails for anything changed
/// after signing, another key than the issuer's `did:key`, and terms JSON-LD would drop.
pub fn verify_credential(signed: &Value) -> Result<VerifiedCredential, CredentialError> {
    let Value::Object(document) = signed else {
        return Err(CredentialError::Shape(
            "a credential is a JSON object".into(),
        ));
    };
    let mut document = document.clone();
    let proof = match document.remove("proof") {
        Some(Value::Object(p)) => p,
        Some(Value::Array(mut list)) if list.len() == 1 => match list.pop() {
            Some(Value::Object(p)) => p,
            _ => return Err(CredentialError::Proof("the proof is not an object".into())),
        },
        Some(Value::Array(list)) => {
            return Err(CredentialError::Proof(format!(
                "expected one proof, found {}",
                list.len()
            )));
        }
        _ => return Err(CredentialError::Proof("the credential has no proof".into())),
    };
    check_context(&document)?;
    let text = |key: &str| proof.get(key).and_then(Value::as_str);
    for (key, expected) in [
        ("type", PROOF_TYPE),
        ("cryptosuite", CRYPTOSUITE),
        ("proofPurpose", PROOF_PURPOSE),
    ] {
        if text(key) != Some(expected) {
            return Err(CredentialError::Proof(format!(
                "{key} must be {expected:?}, found {:?}",
                proof.get(key)
            )));
        }
    }
    let created =
        text("created").ok_or_else(|| CredentialError::Proof("no created time".into()))?;
    let signed_at = DateTime::parse_from_rfc3339(created)
        .map_err(|e| {
            CredentialError::Proof(format!("created {created:?} is not a date-time: {e}"))
        })?
        .with_timezone(&Utc);
    let vm = text("verificationMethod")
        .ok_or_else(|| CredentialError::Proof("no verificationMethod".into()))?;
    let (did, public) = did_key::parse_verification_method(vm)?;
    let issuer_id = match document.get("issuer") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    };
    if issuer_id != did {
        return Err(CredentialError::IssuerMismatch {
            issuer: issuer_id,
            verification_method: vm.to_string(),
        });
    }
    let proof_value =
        text("proofValue").ok_or_else(|| CredentialError::Proof("no proofValue".into()))?;
    let signature = proof_value
        .strip_prefix('z')
        .and_then(|b58| bs58::decode(b58).into_vec().ok())
        .and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or_else(|| {
            CredentialError::Proof("proofValue is not a base58btc (z…) Ed25519 signature".into())
        })?;
    let hash_data = hash_data(&document, &proof)?;
    public
        .verify_strict(&hash_data, &signature)
        .map_err(|_| CredentialError::BadSignature)?;
    Ok(report(&document, signed_at, vm))
}

fn report(doc: &Map<String, Value>, signed_at: DateTime<Utc>, vm: &str) -> VerifiedCredential {
    let s = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let list = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        }
    };
    let doc = Value::Object(doc.clone());
    let issuer = &doc["issuer"];
    let business_id = list(issuer.get("otherIdentifier"))
        .iter()
        .find(|e| s(e, "identifierType").as_deref() == Some("ext:FinnishBusinessId"))
        .and_then(|e| s(e, "identifier"));
    let subject = list(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
    let achievement = &subject["achievement"];
    let descriptions = list(achievement.get("resultDescription"));
    let level_name = |rd: Option<&Value>, level: &str| {
        rd.map(|rd| list(rd.get("rubricCriterionLevel")))
            .and_then(|levels| {
                levels
                    .into_iter()
                    .find(|l| s(l, "id").as_deref() == Some(level))
            })
            .and_then(|l| s(&l, "name"))
            .unwrap_or_else(|| level.to_string())
    };
    let results = list(subject.get("result"))
        .iter()
        .map(|r| {
            let rd_id = s(r, "resultDescription");
            let rd = descriptions
                .iter()
                .find(|d| rd_id.is_some() && s(d, "id") == rd_id);
            let achieved = s(r, "achievedLevel");
            let required = rd.and_then(|d| s(d, "requiredLevel"));
            VerifiedResult {
                criterion: rd.and_then(|d| s(d, "name")).or(rd_id).unwrap_or_default(),
                level: achieved.as_deref().map(|l| level_name(rd, l)),
                meets_required_level: required.map(|req| achieved.as_deref() == Some(req.as_str())),
            }
        })
        .collect();
    let alignments = list(achievement.get("alignment"))
        .iter()
        .map(|a| VerifiedAlignment {
            code: s(a, "targetCode"),
            name: s(a, "targetName").unwrap_or_default(),
            description: s(a, "targetDescription"),
        })
        .collect();
    let recipient = list(subject.get("identifier"))
        .first()
        .map(|i| VerifiedIdentity {
            identity_type: s(i, "identityType").unwrap_or_default(),
            hashed: i.get("hashed").and_then(Value::as_bool).unwrap_or(false),
            identity_hash: s(i, "identityHash").unwrap_or_default(),
            salt: s(i, "salt"),
        });
    VerifiedCredential {
        id: s(&doc, "id").unwrap_or_default(),
        name: s(&doc, "name").unwrap_or_default(),
        issuer: VerifiedIssuer {
            did: s(issuer, "id").unwrap_or_default(),
            name: s(issuer, "name"),
            business_id,
        },
        valid_from: s(&doc, "validFrom"),
        valid_until: s(&doc, "validUntil"),
        signed_at,
        verification_method: vm.to_string(),
        achievement: VerifiedAchievement {
            id: s(achievement, "id").unwrap_or_default(),
            name: s(achievement, "name").unwrap_or_default(),
            partial: list(achievement.get("tag"))
                .iter()
                .any(|t| t.as_str() == Some("partially-recognised")),
            alignments,
            results,
        },
        recipient,
        evidence: list(doc.get("evidence")).len(),
    }
}

#[cfg(test)]
mod tests;
