//! The organisation CA, assessor certificates and the credential key.

use super::names::{
    attribute, build_name, check_name_part, COMMON_NAME, COUNTRY_NAME,
    FINNISH_TRADE_REGISTER_PREFIX, ORGANIZATION_IDENTIFIER, ORGANIZATION_NAME, TITLE,
};
use super::{KeyError, OrgCa, PrivateKey, SigningIdentity};
use chrono::{DateTime, Months, Utc};
use der::asn1::{GeneralizedTime, ObjectIdentifier};
use der::referenced::OwnedToRef;
use osaava_core::BusinessId;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_core::{OsRng, RngCore};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, SubjectKeyIdentifier};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

/// The organisation CA is valid for 10 years.
pub const CA_VALIDITY_MONTHS: u32 = 120;
/// An assessor's certificate is valid for 2 years (never past the CA's own end).
pub const ASSESSOR_VALIDITY_MONTHS: u32 = 24;

/// Creates the organisation's root CA: a new ECDSA P-256 key and a self-signed certificate valid
/// for 10 years from `now`, with basicConstraints CA:TRUE (critical), keyUsage keyCertSign and
/// cRLSign (critical), subject and authority key identifiers, and the subject
/// `C=FI, O=<org>, organizationIdentifier=NTRFI-<business id>, CN=<org> CA`.
pub fn create_org_ca(
    org_name: &str,
    business_id: &BusinessId,
    now: DateTime<Utc>,
) -> Result<OrgCa, KeyError> {
    let org = check_name_part("the organisation name", org_name)?;
    let org_id = format!("{FINNISH_TRADE_REGISTER_PREFIX}{}", business_id.as_str());
    let cn = ca_common_name(&org);
    let subject = build_name(&[
        (COUNTRY_NAME, "FI"),
        (ORGANIZATION_NAME, &org),
        (ORGANIZATION_IDENTIFIER, &org_id),
        (COMMON_NAME, &cn),
    ])?;

    let key = SigningKey::random(&mut OsRng);
    let spki =
        SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(KeyError::internal)?;
    let ski = SubjectKeyIdentifier::try_from(spki.owned_to_ref()).map_err(KeyError::internal)?;
    let validity = validity(now, months_after(now, CA_VALIDITY_MONTHS)?)?;
    let mut builder = CertificateBuilder::new(
        Profile::Root,
        random_serial()?,
        validity,
        subject,
        spki,
        &key,
    )
    .map_err(KeyError::internal)?;
    // RFC 5280 lets a self-signed CA omit the AKI; some validators like to see it.
    builder
        .add_extension(&AuthorityKeyIdentifier {
            key_identifier: Some(ski.0.clone()),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        })
        .map_err(KeyError::internal)?;
    let certificate = builder
        .build::<DerSignature>()
        .map_err(KeyError::internal)?;
    Ok(OrgCa { key, certificate })
}

/// Issues an assessor's signing certificate from the organisation CA: a new ECDSA P-256 key, valid
/// 2 years from `now` (not past the CA's end), keyUsage digitalSignature and nonRepudiation
/// (critical), CA:FALSE, subject `C=FI, O, organizationIdentifier` copied from the CA, `title`
/// when given, and `CN=<assessor name>`. The identity's chain is [assessor, CA].
pub fn issue_assessor_certificate(
    ca: &OrgCa,
    assessor_name: &str,
    title: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SigningIdentity, KeyError> {
    let name = check_name_part("the assessor's name", assessor_name)?;
    let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(check_name_part("the assessor's title", t)?),
        None => None,
    };
    let ca_subject = &ca.certificate.tbs_certificate.subject;
    let ca_not_after = ca
        .certificate
        .tbs_certificate
        .validity
        .not_after
        .to_unix_duration();
    if (now.timestamp().max(0) as u64) >= ca_not_after.as_secs() {
        return Err(KeyError::Certificate(
            "the organisation CA has expired: create a new one before issuing certificates".into(),
        ));
    }

    let mut parts: Vec<(ObjectIdentifier, String)> = Vec::new();
    for oid in [COUNTRY_NAME, ORGANIZATION_NAME, ORGANIZATION_IDENTIFIER] {
        if let Some(v) = attribute(ca_subject, oid) {
            parts.push((oid, v));
        }
    }
    if let Some(t) = &title {
        parts.push((TITLE, t.clone()));
    }
    parts.push((COMMON_NAME, name));
    let parts_ref: Vec<(ObjectIdentifier, &str)> =
        parts.iter().map(|(o, v)| (*o, v.as_str())).collect();
    let subject = build_name(&parts_ref)?;

    let key = SigningKey::random(&mut OsRng);
    let spki =
        SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(KeyError::internal)?;
    let wanted_end = months_after(now, ASSESSOR_VALIDITY_MONTHS)?;
    let end = wanted_end.min(
        DateTime::<Utc>::from_timestamp(ca_not_after.as_secs() as i64, 0)
            .ok_or_else(|| KeyError::internal("CA end date out of range"))?,
    );
    let profile = Profile::Leaf {
        issuer: ca_subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    };
    let builder = CertificateBuilder::new(
        profile,
        random_serial()?,
        validity(now, end)?,
        subject,
        spki,
        &ca.key,
    )
    .map_err(KeyError::internal)?;
    let certificate = builder
        .build::<DerSignature>()
        .map_err(KeyError::internal)?;
    SigningIdentity::new(
        PrivateKey::P256(key),
        vec![certificate, ca.certificate.clone()],
    )
}

/// A new Ed25519 key for signing Open Badges 3.0 credentials (eddsa-rdfc-2022).
pub fn create_credential_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::generate(&mut OsRng)
}

fn ca_common_name(org: &str) -> String {
    let suffix = " CA";
    if org.chars().count() + suffix.len() <= 64 {
        format!("{org}{suffix}")
    } else {
        let head: String = org.chars().take(64 - suffix.len()).collect();
        format!("{}{suffix}", head.trim_end())
    }
}

fn months_after(t: DateTime<Utc>, months: u32) -> Result<DateTime<Utc>, KeyError> {
    t.checked_add_months(Months::new(months))
        .ok_or_else(|| KeyError::InvalidInput(format!("{t} + {months} months is out of range")))
}

fn x509_time(t: DateTime<Utc>) -> Result<Time, KeyError> {
    let secs = u64::try_from(t.timestamp())
        .map_err(|_| KeyError::InvalidInput(format!("{t} is before 1970")))?;
    let gt =
        GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs)).map_err(|e| {
            KeyError::InvalidInput(format!("{t} cannot be written in a certificate: {e}"))
        })?;
    Ok(Time::GeneralTime(gt))
}

fn validity(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Validity, KeyError> {
    Ok(Validity {
        not_before: x509_time(from)?,
        not_after: x509_time(to)?,
    })
}

/// A random positive 128-bit serial number (RFC 5280 allows up to 20 octets).
fn random_serial() -> Result<SerialNumber, KeyError> {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::new(&bytes).map_err(KeyError::internal)
}
