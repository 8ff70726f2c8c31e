//! People and their roles.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Employee,
    Assessor,
    Admin,
    /// A college clerk who verifies statements and records crediting.
    College,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Employee, Role::Assessor, Role::Admin, Role::College];

    pub fn code(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Assessor => "assessor",
            Role::Admin => "admin",
            Role::College => "college",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s.trim().to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Job title, shown on statements for assessors ("sairaanhoitaja, arvioija").
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    #[error("a person needs a name")]
    NoName,
    #[error("name is longer than 200 characters")]
    NameTooLong,
    #[error("email {0:?} does not look like an address (name@example.fi)")]
    Email(String),
}

impl Person {
    /// Checks what a person record must satisfy before it is stored.
    pub fn validate(&self) -> Result<(), PersonError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(PersonError::NoName);
        }
        if name.chars().count() > 200 {
            return Err(PersonError::NameTooLong);
        }
        if let Some(email) = &self.email {
            let ok = email.split_once('@').is_some_and(|(l, d)| {
                !l.is_empty() && d.contains('.') && !d.starts_with('.') && !email.contains(' ')
            });
            if !ok {
                return Err(PersonError::Email(email.clone()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, email: Option<&str>) -> Person {
        Person {
            id: "x".into(),
            name: name.into(),
            role: Role::Employee,
            email: email.map(Into::into),
            title: None,
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("nurse"), None);
    }

    #[test]
    fn validates_name_and_email() {
        assert!(person("Aino Virtanen", Some("aino@hoiva.fi"))
            .validate()
            .is_ok());
        assert_eq!(person("  ", None).validate(), Err(PersonError::NoName));
        assert!(matches!(
            person("Aino", Some("aino.hoiva.fi")).validate(),
            Err(PersonError::Email(_))
        ));
    }
}
