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
const ORGANIZATIONAL_UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const LOCALITY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.7");
const SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
const GIVEN_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.42");
const SURNAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.4");
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
        distinguished_name: display_name(name),
    }
}

/// A name in RFC 4514 order and form (`CN=…,organizationIdentifier=…,O=…,C=FI`), with the
/// attribute names a reader knows, including organizationIdentifier.
pub fn display_name(name: &Name) -> String {
    let mut parts = Vec::new();
    for rdn in name.0.iter().rev() {
        let atvs: Vec<String> = rdn
            .0
            .iter()
            .map(|atv| {
                let key = match atv.oid {
                    COMMON_NAME => "CN".to_string(),
                    ORGANIZATION_NAME => "O".to_string(),
                    COUNTRY_NAME => "C".to_string(),
                    TITLE => "title".to_string(),
                    ORGANIZATION_IDENTIFIER => "organizationIdentifier".to_string(),
                    ORGANIZATIONAL_UNIT => "OU".to_string(),
                    LOCALITY => "L".to_string(),
                    SERIAL_NUMBER => "serialNumber".to_string(),
                    GIVEN_NAME => "givenName".to_string(),
                    SURNAME => "SN".to_string(),
                    other => other.to_string(),
                };
                match any_to_string(&atv.value) {
                    Some(v) => format!("{key}={}", escape_rfc4514(&v)),
                    None => atv.to_string(),
                }
            })
            .collect();
        parts.push(atvs.join("+"));
    }
    parts.join(",")
}

fn escape_rfc4514(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `NTRFI-0112038-9` → `0112038-9`; any other value is returned as written.
pub fn business_id_from_organization_identifier(value: &str) -> String {
    value
        .strip_prefix(FINNISH_TRADE_REGISTER_PREFIX)
        .unwrap_or(value)
        .to_string()
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
        Tag::Utf8String => Utf8StringRef::try_from(value)
            .ok()
            .map(|s| s.as_str().to_string()),
        Tag::PrintableString => PrintableStringRef::try_from(value)
            .ok()
            .map(|s| s.as_str().to_string()),
        Tag::Ia5String => Ia5StringRef::try_from(value)
            .ok()
            .map(|s| s.as_str().to_string()),
        Tag::TeletexString => TeletexStringRef::try_from(value)
            .ok()
            .map(|s| s.as_str().to_string()),
        Tag::BmpString => {
            // UCS-2 big-endian.
            let bytes = value.value();
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
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
        return Err(KeyError::InvalidInput(format!(
            "{what} contains control characters"
        )));
    }
    if v.chars().count() > 64 {
        return Err(KeyError::InvalidInput(format!(
            "{what} is {} characters long: a certificate allows at most 64",
            v.chars().count()
        )));
    }
    Ok(v.to_string())
}
