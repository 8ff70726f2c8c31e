//! Which format a JSON document is, from its content alone.
//!
//! A file is one badge, a list of badges, or an API response wrapping either (`{"data": [...]}`,
//! an ePerusteet unit reference `{"tutkinnonOsa": {...}}`, a qualification `{"tutkinnonOsat":
//! [...]}`). Records that are about people rather than badges (KOSKI study records, eHOKS
//! plans) are recognised and refused by name, so the user learns what they picked.

use super::node::{describe, Node};
use super::ImportError;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DetectedFormat {
    OsaavaTemplate,
    /// A BadgeClass, possibly taken out of an Assertion.
    OpenBadges2BadgeClass,
    /// An Achievement, possibly taken out of a credential.
    OpenBadges3Achievement,
    EperusteetBadge,
    EperusteetUnit,
}

/// One badge found in the file: its format, the JSON it is read from, and the object that
/// contained it (an OB assertion or credential, an ePerusteet unit reference or qualification)
/// whose fields may fill gaps such as the issuer, the language or the competence points.
#[derive(Debug, Clone)]
pub(crate) struct Found<'a> {
    pub format: DetectedFormat,
    pub node: Node<'a>,
    pub context: Option<Node<'a>>,
}

pub(crate) const TEMPLATE_FORMAT: &str = "osaava-badge-template/1";

const UNKNOWN: &str = "not a badge in any supported format: expected an Osaava template, \
                       Open Badges 2.0/3.0, or an ePerusteet badge or unit";

/// Finds the badges in a parsed file. Fails on the first part that is not a badge.
pub(crate) fn detect(root: &Value) -> Result<Vec<Found<'_>>, ImportError> {
    let root = Node::root(root);
    match root.v {
        Value::Null => Err(root.error("the file holds only null; expected a badge")),
        Value::Array(a) if a.is_empty() => {
            Err(root.error("the file holds an empty list; expected a badge or a list of badges"))
        }
        Value::Array(_) => list(&root, None),
        Value::Object(_) => object(root, None),
        other => Err(root.error(format!(
            "expected a badge as a JSON object, found {}",
            describe(other)
        ))),
    }
}

fn list<'a>(node: &Node<'a>, context: Option<&Node<'a>>) -> Result<Vec<Found<'a>>, ImportError> {
    let mut out = Vec::new();
    for item in node.items()? {
        match item.v {
            Value::Object(_) => out.extend(object(item, context.cloned())?),
            other => {
                return Err(item.error(format!(
                    "expected a badge as a JSON object, found {}",
                    describe(other)
                )));
            }
        }
    }
    if out.is_empty() {
        return Err(node.error("the list is empty; expected at least one badge"));
    }
    Ok(out)
}

fn one<'a>(
    format: DetectedFormat,
    node: Node<'a>,
    context: Option<Node<'a>>,
) -> Result<Vec<Found<'a>>, ImportError> {
    Ok(vec![Found {
        format,
        node,
        context,
    }])
}

fn object<'a>(node: Node<'a>, context: Option<Node<'a>>) -> Result<Vec<Found<'a>>, ImportError> {
    use DetectedFormat::*;

    // Osaava's own files say what they are.
    if let Some(format) = node.opt_str("format").ok().flatten() {
        if format == TEMPLATE_FORMAT {
            return one(OsaavaTemplate, node, context);
        }
        if format.starts_with("osaava-badge-template/") {
            return Err(ImportError::at(
                node.key_path("format"),
                format!(
                    "this template format version ({format:?}) is newer than this Osaava understands; \
                     expected {TEMPLATE_FORMAT:?}: update Osaava"
                ),
            ));
        }
        if format.starts_with("osaava-") {
            return Err(ImportError::at(
                node.key_path("format"),
                format!(
                    "this is an Osaava {format:?} file, not a badge; expected {TEMPLATE_FORMAT:?}"
                ),
            ));
        }
    }

    if let Some(not_a_badge) = person_record(&node) {
        return Err(node.error(not_a_badge));
    }

    // Open Badges, by type first, then by context.
    if node.has_type("BadgeClass") {
        return one(OpenBadges2BadgeClass, node, context);
    }
    if node.has_type("Assertion") {
        return assertion(node);
    }
    if node.has_type("Achievement") {
        return one(OpenBadges3Achievement, node, context);
    }
    if [
        "OpenBadgeCredential",
        "AchievementCredential",
        "VerifiableCredential",
    ]
    .iter()
    .any(|t| node.has_type(t))
    {
        return credential(node);
    }
    if node.has_type("EndorsementCredential") {
        return Err(node.error("this is an Open Badges endorsement, not a badge; expected an Achievement or a credential holding one"));
    }
    if node.has_type("Profile") || node.has_type("Issuer") {
        return Err(node.error("this is an Open Badges issuer profile, not a badge; expected a BadgeClass or an Achievement"));
    }
    let contexts = node.contexts();
    if contexts
        .iter()
        .any(|c| c.contains("w3id.org/openbadges") || c.contains("openbadgespec.org"))
    {
        if node.has("badge") {
            return assertion(node);
        }
        if node.has("criteria") || node.has("name") {
            return one(OpenBadges2BadgeClass, node, context);
        }
    }
    if contexts
        .iter()
        .any(|c| c.contains("purl.imsglobal.org/spec/ob/v3p0"))
    {
        if node.has("credentialSubject") {
            return credential(node);
        }
        return one(OpenBadges3Achievement, node, context);
    }

    // ePerusteet.
    let koodi_uri = node.opt_str("koodiUri").ok().flatten().unwrap_or("");
    if koodi_uri.starts_with("osaamismerkit_")
        || node.has("arviointikriteerit")
        || node.has("osaamistavoitteet")
    {
        return one(EperusteetBadge, node, context);
    }
    let unit_like = koodi_uri.starts_with("tutkinnonosat_")
        || node.opt_str("osanTyyppi").ok().flatten() == Some("tutkinnonosa")
        || node.has("ammattitaitovaatimukset2019")
        || node.has("ammattitaitovaatimuksetLista")
        || (node.has("nimi") && (node.has("arviointi") || node.has("ammattitaitovaatimukset")));
    if unit_like {
        return one(EperusteetUnit, node, context);
    }
    if let Some(unit) = node.get("tutkinnonOsa").filter(Node::is_object) {
        return object(unit, Some(node));
    }
    if node.has("arvioinninKohdealueet") {
        return Err(node.error(
            "this is an ePerusteet assessment (arviointi) on its own: it has no name or code, so it \
             cannot be a badge; expected the whole qualification unit (tutkinnon osa) it belongs to",
        ));
    }

    // API responses and collections.
    for key in [
        "data",
        "tutkinnonOsat",
        "osaamismerkit",
        "badges",
        "items",
        "results",
    ] {
        let Some(inner) = node.get(key) else { continue };
        let ctx = Some(node.clone());
        match inner.v {
            Value::Array(a) if a.is_empty() => {
                return Err(inner.error("the list is empty; expected at least one badge"))
            }
            Value::Array(_) => return list(&inner, ctx.as_ref()),
            Value::Object(_) => return object(inner, ctx),
            _ => {}
        }
    }
    Err(node.error(UNKNOWN))
}

/// An OB 2.0 Assertion: the badge is embedded, or only a URL we do not fetch.
fn assertion(node: Node<'_>) -> Result<Vec<Found<'_>>, ImportError> {
    match node.get("badge") {
        Some(badge) if badge.is_object() => {
            Ok(vec![Found { format: DetectedFormat::OpenBadges2BadgeClass, node: badge, context: Some(node) }])
        }
        Some(badge) => match badge.v.as_str() {
            Some(url) => Err(badge.error(format!(
                "this Open Badges 2.0 assertion names its badge only by URL ({url}); Osaava does not \
                 fetch from the network: expected the BadgeClass embedded here, or import the BadgeClass \
                 JSON file itself"
            ))),
            None => Err(badge.expected("the BadgeClass as an object")),
        },
        None => Err(ImportError::at(
            node.key_path("badge"),
            "this Open Badges assertion has no badge; expected the BadgeClass it awards",
        )),
    }
}

/// An OB 3.0 credential: the achievement is `credentialSubject.achievement`.
fn credential(node: Node<'_>) -> Result<Vec<Found<'_>>, ImportError> {
    let Some(subject) = node.get("credentialSubject") else {
        return Err(ImportError::at(
            node.key_path("credentialSubject"),
            "this credential has no credentialSubject; expected one holding the achievement",
        ));
    };
    let subjects = subject.items()?;
    for s in &subjects {
        if let Some(achievement) = s.get("achievement") {
            if !achievement.is_object() {
                return Err(achievement.expected("the Achievement as an object"));
            }
            return Ok(vec![Found {
                format: DetectedFormat::OpenBadges3Achievement,
                node: achievement,
                context: Some(node.clone()),
            }]);
        }
    }
    let at = subjects
        .first()
        .map(|s| s.key_path("achievement"))
        .unwrap_or_else(|| subject.path.clone());
    Err(ImportError::at(
        at,
        "this credential holds no achievement, so there is no badge in it; expected credentialSubject.achievement",
    ))
}

/// KOSKI study records and eHOKS plans describe a person's studies; they are not badges.
fn person_record(node: &Node<'_>) -> Option<&'static str> {
    let has = |k: &str| node.v.get(k).is_some();
    if has("opiskeluoikeudet") {
        return Some(
            "this is a KOSKI study record (opiskeluoikeus), not a badge; it records a person's studies. \
             Import the badge or the qualification unit (tutkinnon osa) from ePerusteet instead",
        );
    }
    if (has("suoritukset") && (has("oppilaitos") || has("koulutustoimija") || has("tila")))
        || (has("tunnustettu") && has("koulutusmoduuli"))
    {
        return Some(
            "this is a KOSKI study record (opiskeluoikeus or suoritus), not a badge. Import the badge or the \
             qualification unit (tutkinnon osa) from ePerusteet instead",
        );
    }
    const EHOKS_KEYS: &[&str] = &[
        "aiemmin-hankitut-ammat-tutkinnon-osat",
        "aiemmin-hankitut-yhteiset-tutkinnon-osat",
        "aiemmin-hankitut-paikalliset-tutkinnon-osat",
        "hankittavat-ammat-tutkinnon-osat",
        "hankittavat-yhteiset-tutkinnon-osat",
        "opiskeluoikeus-oid",
        "oppija-oid",
    ];
    if EHOKS_KEYS.iter().any(|k| has(k)) {
        return Some(
            "this is an eHOKS plan (a personal competence development plan, HOKS), not a badge. Import the \
             badge or the qualification unit (tutkinnon osa) from ePerusteet instead",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn formats(v: &Value) -> Result<Vec<(DetectedFormat, String)>, String> {
        detect(v)
            .map(|f| f.into_iter().map(|x| (x.format, x.node.path)).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn recognises_each_format() {
        use DetectedFormat::*;
        let cases = [
            (json!({"format": "osaava-badge-template/1"}), OsaavaTemplate),
            (json!({"type": "BadgeClass"}), OpenBadges2BadgeClass),
            (
                json!({"@context": "https://w3id.org/openbadges/v2", "name": "x", "criteria": "u"}),
                OpenBadges2BadgeClass,
            ),
            (json!({"type": ["Achievement"]}), OpenBadges3Achievement),
            (json!({"koodiUri": "osaamismerkit_1000"}), EperusteetBadge),
            (json!({"koodiUri": "tutkinnonosat_106228"}), EperusteetUnit),
            (
                json!({"nimi": {"fi": "x"}, "arviointi": {}}),
                EperusteetUnit,
            ),
        ];
        for (v, f) in cases {
            assert_eq!(formats(&v).unwrap(), [(f, "$".to_string())], "{v}");
        }
    }

    #[test]
    fn unwraps_assertions_credentials_and_api_responses() {
        use DetectedFormat::*;
        let v = json!({"type": "Assertion", "badge": {"type": "BadgeClass"}});
        assert_eq!(
            formats(&v).unwrap(),
            [(OpenBadges2BadgeClass, "$.badge".into())]
        );
        let v = json!({"type": ["VerifiableCredential"], "credentialSubject": [{"achievement": {"type": "Achievement"}}]});
        assert_eq!(
            formats(&v).unwrap(),
            [(
                OpenBadges3Achievement,
                "$.credentialSubject[0].achievement".into()
            )]
        );
        let v = json!({"data": [{"koodiUri": "osaamismerkit_1"}, {"koodiUri": "osaamismerkit_2"}], "sivu": 0});
        assert_eq!(
            formats(&v).unwrap(),
            [
                (EperusteetBadge, "$.data[0]".into()),
                (EperusteetBadge, "$.data[1]".into())
            ]
        );
        let v = json!({"laajuus": 5, "tutkinnonOsa": {"koodiUri": "tutkinnonosat_1"}});
        assert_eq!(
            formats(&v).unwrap(),
            [(EperusteetUnit, "$.tutkinnonOsa".into())]
        );
    }

    #[test]
    fn refuses_what_is_not_a_badge_by_name() {
        assert!(formats(&json!(null)).unwrap_err().contains("only null"));
        assert!(formats(&json!([])).unwrap_err().contains("empty list"));
        assert!(formats(&json!("x"))
            .unwrap_err()
            .contains("found the string"));
        assert!(formats(&json!([{"type": "BadgeClass"}, 3]))
            .unwrap_err()
            .starts_with("$[1]: expected a badge"));
        assert!(formats(&json!({"henkilö": {}, "opiskeluoikeudet": []}))
            .unwrap_err()
            .contains("KOSKI study record"));
        assert!(formats(&json!({"oppija-oid": "1.2"}))
            .unwrap_err()
            .contains("eHOKS plan"));
        assert!(formats(&json!({"a": 1}))
            .unwrap_err()
            .contains("not a badge in any supported format"));
        assert!(formats(&json!({"format": "osaava-badge-template/2"}))
            .unwrap_err()
            .starts_with("$.format:"));
        let e = formats(&json!({"type": "Assertion", "badge": "https://x/b"})).unwrap_err();
        assert!(
            e.starts_with("$.badge:") && e.contains("only by URL (https://x/b)"),
            "{e}"
        );
    }
}
