//! Open Badges 3.0 Achievement.

use crate::badge::Badge;

/// The badge as an OB 3.0 `Achievement` JSON object.
pub fn achievement(badge: &Badge) -> serde_json::Value {
    serde_json::json!({ "type": ["Achievement"], "id": badge.id })
}
