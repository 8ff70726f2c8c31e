//! Requests and responses for people and for who uses this device.

use osaava_core::{Person, Role};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// People whose name (any word of it) or email starts with each word of `query`, of one role.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchPeopleRequest {
    #[serde(default)]
    #[ts(optional)]
    pub query: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub role: Option<Role>,
    /// 100 when absent, at most 500.
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonRequest {
    pub id: String,
}

/// The cases a person is in, as the employee or as the assessor, newest change first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonCasesRequest {
    pub person: String,
    /// Leave out decided and withdrawn cases.
    #[serde(default)]
    pub open_only: bool,
    /// 50 when absent, at most 500.
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
}

/// Who uses this device: the role chosen on the start screen and, for an employee or an
/// assessor, which person they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub person: Option<Person>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetProfileRequest {
    pub role: Role,
    /// A person with this role; none for the admin and the college, or before the person is chosen.
    #[serde(default)]
    #[ts(optional)]
    pub person: Option<String>,
}
