//! Certificate subjects: built from the organisation and the assessor, read back for reports.

use super::KeyError;
use der::asn1::{
    Any, Ia5StringRef, ObjectIdentifier, PrintableStringRef, SetOfVec, TeletexStringRef,
    Utf8StringRef,
};
use der::{Tag, Tagged};
use serde::Serialize;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::Certificate;

pub(crate) const COUNTRY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
pub(crate) const ORGANIZATION_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
pub(crate) const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
pub(crate) const TITLE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.12");
/// X.520 organizationIdentifier, used as ETSI EN 319 412-1 §5.1.4 prescribes.
pub(crate) const ORGANIZATION_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.4.97");

/// ETSI EN 319 412-1 semantics identifier prefix: national trade register, Finland.
pub const FINNISH_TRADE_REGISTER_PREFIX: &str = "NTRFI-";

/// Who a certificate names, as a report shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubjectInfo {
    /// CN: the person (assessor) or, for a CA, the CA's name.
    pub common_name: Option<String>,
    /// O
    pub organisation: Option<String>,
    /// The Finnish business ID (Y-tunnus) from `organizationIdentifier` `NTRFI-…`, else the
    /// organizationIdentifier as written.
    pub business_id: Option<String>,
    pub title: Option<String>,
    pub country: Option<String>,
    /// The whole subject in RFC 4514 form.
    pub distinguished_name: String,
}

/// Reads the subject of `cert`.
pub fn subject_info(cert: &Certificate) -> SubjectInfo {
    name_info(&cert.tbs_certificate.subject)
}

pub(crate) fn name_info(name: &Name) -> SubjectInfo {
    SubjectInfo {
        common_name: attribute(name, COMMON_NAME),
        organisation: attribute(name, ORGANIZATION_NAME),
        business_id: attribute(name, ORGANIZATION_IDENTIFIER)
            .map(|v| business_id_from_organization_identifier(&v)),
        title: attribute(name, TITLE),
        country: attribute(name, COUNTRY_NAME),
        distinguished_name: name.to_string(),
    }
}

/// `NTRFI-0112038-9` → `0112038-9`; any other value is returned as written.
pub fn business_id_from_organization_identifier(value: &str) -> String {
    value.strip_prefix(FINNISH_TRADE_REGISTER_PREFIX).unwrap_or(value).to_string()
}

/// The first value of attribute `oid` in `name`, as text.
pub(crate) fn attribute(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| any_to_string(&atv.value))
}

fn any_to_string(value: &Any) -> Option<String> {
    match value.tag() {
        Tag::Utf8String => Utf8StringRef::try_from(value).ok().map(|s| s.as_str().to_string()),
        Tag::PrintableString => {
            PrintableStringRef::try_from(value).ok().map(|s| s.as_str().to_string())
        }
        Tag::Ia5String => Ia5StringRef::try_from(value).ok().map(|s| s.as_str().to_string()),
        Tag::TeletexString => {
            TeletexStringRef::try_from(value).ok().map(|s| s.as_str().to_string())
        }
        Tag::BmpString => {
            // UCS-2 big-endian.
            let bytes = value.value();
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> =
                bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

fn utf8_atv(oid: ObjectIdentifier, value: &str) -> Result<AttributeTypeAndValue, KeyError> {
    Ok(AttributeTypeAndValue {
        oid,
        value: Any::new(Tag::Utf8String, value.as_bytes()).map_err(KeyError::internal)?,
    })
}

/// Builds a name from (type, value) pairs, one attribute per RDN, in order. `C` is a
/// PrintableString as RFC 5280 requires; everything else UTF8String.
pub(crate) fn build_name(parts: &[(ObjectIdentifier, &str)]) -> Result<Name, KeyError> {
    let mut rdns = Vec::new();
    for (oid, value) in parts {
        let atv = if *oid == COUNTRY_NAME {
            AttributeTypeAndValue {
                oid: *oid,
                value: Any::new(Tag::PrintableString, value.as_bytes())
                    .map_err(KeyError::internal)?,
            }
        } else {
            utf8_atv(*oid, value)?
        };
        let set = SetOfVec::try_from(vec![atv]).map_err(KeyError::internal)?;
        rdns.push(RelativeDistinguishedName(set));
    }
    Ok(RdnSequence(rdns))
}

/// Checks a name given by a user for a certificate: not empty, no control characters, not
/// absurdly long (X.520 upper bound for CN and O is 64 characters).
pub(crate) fn check_name_part(what: &str, value: &str) -> Result<String, KeyError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(KeyError::InvalidInput(format!("{what} is empty")));
    }
    if v.chars().any(char::is_control) {
        return Err(KeyError::InvalidInput(format!("{what} contains control characters")));
    }
    if v.chars().count() > 64 {
        return Err(KeyError::InvalidInput(format!(
            "{what} is {} characters long: a certificate allows at most 64",
            v.chars().count()
        )));
    }
    Ok(v.to_string())
}
