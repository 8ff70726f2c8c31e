//! The organisation that assesses and issues statements.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Finnish business ID (Y-tunnus), `1234567-8`, with its check digit validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ts", ts(type = "string"))]
pub struct BusinessId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusinessIdError {
    #[error(
        "a business ID has the form 1234567-8 (seven digits, a hyphen, a check digit), got {0:?}"
    )]
    Format(String),
    #[error("business ID {given}: the check digit should be {expected}")]
    CheckDigit { given: String, expected: char },
    #[error("business ID {0}: no valid check digit exists for these seven digits")]
    NoCheckDigit(String),
}

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

impl BusinessId {
    pub fn parse(input: &str) -> Result<BusinessId, BusinessIdError> {
        let s = input.trim();
        let bytes = s.as_bytes();
        let shape_ok = bytes.len() == 9
            && bytes[7] == b'-'
            && bytes[..7].iter().all(u8::is_ascii_digit)
            && bytes[8].is_ascii_digit();
        if !shape_ok {
            return Err(BusinessIdError::Format(s.to_string()));
        }
        let sum: u32 = bytes[..7]
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let expected = match sum % 11 {
            0 => 0,
            1 => return Err(BusinessIdError::NoCheckDigit(s.to_string())),
            r => 11 - r,
        };
        let expected = char::from_digit(expected, 10).expect("0..=9");
        if bytes[8] as char != expected {
            return Err(BusinessIdError::CheckDigit {
                given: s.to_string(),
                expected,
            });
        }
        Ok(BusinessId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BusinessId {
    type Error = BusinessIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        BusinessId::parse(&s)
    }
}

impl From<BusinessId> for String {
    fn from(b: BusinessId) -> String {
        b.0
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct Organisation {
    pub name: String,
    pub business_id: BusinessId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_business_ids() {
        // Published IDs: Kela 0246246-0, Nokia Oyj 0112038-9.
        for id in ["0246246-0", "0112038-9", " 0112038-9 "] {
            assert!(BusinessId::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn rejects_wrong_check_digit_naming_the_right_one() {
        let err = BusinessId::parse("0112038-8").unwrap_err();
        assert_eq!(
            err,
            BusinessIdError::CheckDigit {
                given: "0112038-8".into(),
                expected: '9'
            }
        );
        assert!(err.to_string().contains("should be 9"));
    }

    #[test]
    fn rejects_bad_shapes() {
        for id in [
            "",
            "1234567",
            "12345678",
            "123456-78",
            "abcdefg-h",
            "1234567-",
            "01120389",
        ] {
            assert!(
                matches!(BusinessId::parse(id), Err(BusinessIdError::Format(_))),
                "{id}"
            );
        }
    }

    #[test]
    fn remainder_one_has_no_valid_id() {
        // 0000006: weighted sum 6 × 2 = 12 ≡ 1 (mod 11), for which no check digit is issued.
        assert!(matches!(
            BusinessId::parse("0000006-0"),
            Err(BusinessIdError::NoCheckDigit(_))
        ));
    }

    #[test]
    fn serde_validates() {
        assert!(serde_json::from_str::<BusinessId>("\"0112038-9\"").is_ok());
        assert!(serde_json::from_str::<BusinessId>("\"0112038-1\"").is_err());
    }
}
