//! A JSON value together with its path (`$.criteria[2].narrative`), so that every reader
//! reports where a problem is without threading paths by hand.

use super::ImportError;
use serde_json::Value;

#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub v: &'a Value,
    pub path: String,
}

impl<'a> Node<'a> {
    pub fn root(v: &'a Value) -> Self {
        Node {
            v,
            path: "$".into(),
        }
    }

    /// The path of `key` under this node: `$.a.b`, or `$["odd key"]` when the key is not a plain name.
    pub fn key_path(&self, key: &str) -> String {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '@' || c == '$')
            && !key.starts_with(|c: char| c.is_ascii_digit());
        if plain {
            format!("{}.{key}", self.path)
        } else {
            format!("{}[{}]", self.path, Value::String(key.to_string()))
        }
    }

    /// The value under `key`, or `None` when it is missing or `null`.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        match self.v.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(Node {
                v,
                path: self.key_path(key),
            }),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn index(&self, i: usize) -> Option<Node<'a>> {
        self.v.get(i).map(|v| Node {
            v,
            path: format!("{}[{i}]", self.path),
        })
    }

    pub fn is_object(&self) -> bool {
        self.v.is_object()
    }

    /// An error at this node.
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::at(self.path.clone(), message)
    }

    /// "expected X, found a number": the type error every reader reports the same way.
    pub fn expected(&self, what: &str) -> ImportError {
        self.error(format!("expected {what}, found {}", describe(self.v)))
    }

    /// The string at `key`; missing or null is `None`, any other type an error.
    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(n) => match n.v {
                Value::String(s) => Ok(Some(s.as_str())),
                _ => Err(n.expected("a string")),
            },
        }
    }

    /// A string, or a number written as one (ePerusteet ids and code values come both ways).
    pub fn opt_str_or_number(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(n) => match n.v {
                Value::String(s) => Ok(Some(s.clone())),
                Value::Number(x) => Ok(Some(x.to_string())),
                _ => Err(n.expected("a string or a number")),
            },
        }
    }

    /// This node as a string or a number written as text (`"2"` or `2`).
    pub fn opt_str_or_number_self(&self) -> Result<Option<String>, ImportError> {
        match self.v {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Number(x) => Ok(Some(x.to_string())),
            _ => Err(self.expected("a string or a number")),
        }
    }

    /// A non-negative whole number at `key`, accepting `5`, `5.0` and `"5"`.
    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>, ImportError> {
        let Some(n) = self.get(key) else {
            return Ok(None);
        };
        let parsed = match n.v {
            Value::Number(x) => x.as_u64().or_else(|| {
                x.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        match parsed.and_then(|x| u32::try_from(x).ok()) {
            Some(x) => Ok(Some(x)),
            None => Err(n.expected("a whole number")),
        }
    }

    /// The list at `key`: missing or null is empty; a single object is taken as a list of one
    /// (several badge formats allow both); anything else is an error.
    pub fn list(&self, key: &str) -> Result<Vec<Node<'a>>, ImportError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(n) => n.items(),
        }
    }

    /// This node as a list (a single object counts as a list of one).
    pub fn items(&self) -> Result<Vec<Node<'a>>, ImportError> {
        match self.v {
            Value::Array(a) => Ok((0..a.len()).filter_map(|i| self.index(i)).collect()),
            Value::Object(_) => Ok(vec![self.clone()]),
            _ => Err(self.expected("a list")),
        }
    }

    /// The `type` of a JSON-LD object, whether written as a string or a list of strings.
    pub fn types(&self) -> Vec<&'a str> {
        match self.v.get("type") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub fn has_type(&self, name: &str) -> bool {
        self.types()
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name) || t.rsplit(':').next() == Some(name))
    }

    /// The `@context` entries that are strings (URLs).
    pub fn contexts(&self) -> Vec<&'a str> {
        match self.v.get("@context") {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// How a value reads in a message: "a number", "the string \"yes\"", "a list".
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            let more = if s.chars().count() > 40 { "…" } else { "" };
            format!("the string {}{more}", Value::String(shown))
        }
        Value::Array(a) if a.is_empty() => "an empty list".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_keys_and_indexes() {
        let v = json!({"a": [{"b c": 1}], "ok": null});
        let root = Node::root(&v);
        let first = root.get("a").unwrap().index(0).unwrap();
        assert_eq!(first.path, "$.a[0]");
        assert_eq!(first.key_path("b c"), "$.a[0][\"b c\"]");
        assert!(root.get("ok").is_none(), "null counts as missing");
    }

    #[test]
    fn type_errors_say_what_was_found() {
        let v = json!({"n": 5, "s": "x", "f": 5.0, "neg": -1});
        let root = Node::root(&v);
        let e = root.opt_str("n").unwrap_err();
        assert_eq!(e.to_string(), "$.n: expected a string, found the number 5");
        assert_eq!(root.opt_u32("f").unwrap(), Some(5));
        assert_eq!(
            root.opt_u32("neg").unwrap_err().path.as_deref(),
            Some("$.neg")
        );
        assert_eq!(
            root.list("s").unwrap_err().message,
            "expected a list, found the string \"x\""
        );
    }

    #[test]
    fn type_may_be_a_string_or_a_list() {
        let one = json!({"type": "BadgeClass"});
        let many = json!({"type": ["VerifiableCredential", "OpenBadgeCredential"]});
        assert!(Node::root(&one).has_type("BadgeClass"));
        assert!(Node::root(&many).has_type("OpenBadgeCredential"));
        assert!(!Node::root(&many).has_type("Achievement"));
    }
}
