//! Open Badges 2.0: a BadgeClass, on its own or embedded in an Assertion.
//!
//! `name`, `description`, `criteria` (a URL, `{narrative}` or `{id, narrative}`), `alignment[]`,
//! `image` (a URL or `{id}`), `issuer` (a URL or a Profile). Languages, criteria and alignments
//! follow [`super::openbadges`]. Extension keys (`extensions:…`) and anything else unknown are
//! ignored.

use super::node::Node;
use super::openbadges as ob;
use super::ImportError;
use crate::badge::{Badge, SourceFormat, DEFAULT_CURRENCY_YEARS};

pub(crate) fn read_badge_class(
    node: &Node<'_>,
    context: Option<&Node<'_>>,
) -> Result<Badge, ImportError> {
    let lang = ob::language(node, context);
    let name = ob::required_text(node, "name", lang, "the badge name as a string")?;
    let description = ob::text(node.get("description"), lang)?;
    let issuer = ob::issuer(node.get("issuer"), lang)?;
    let (criteria, other) = ob::criteria(node, &description, lang)?;
    Ok(Badge {
        id: ob::badge_id(node, &name, issuer.as_deref())?,
        version: 0,
        source_version: node.opt_str("version")?.map(str::to_string),
        name,
        description: ob::with_other_text(description, &other),
        issuer,
        criteria,
        alignments: ob::alignments(node, lang)?,
        evidence_currency_years: DEFAULT_CURRENCY_YEARS,
        validity_years: None,
        source_format: SourceFormat::OpenBadges2,
        image: ob::safe_image(node.get("image")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badge::AlignmentKind;
    use crate::localized::Lang;
    use serde_json::json;

    fn read(v: serde_json::Value) -> Result<Badge, ImportError> {
        read_badge_class(&Node::root(&v), None)
    }

    #[test]
    fn narrative_list_items_become_criteria_in_order() {
        let b = read(json!({
            "type": "BadgeClass", "id": "https://example.org/b/1", "name": "Lääkehoito", "@language": "fi",
            "description": "Turvallinen lääkehoito",
            "criteria": {"narrative": "Merkin saaja:\n\n1. tunnistaa lääkkeet\n2. jakaa lääkkeet oikein\n3) kirjaa annon"}
        }))
        .unwrap();
        let texts: Vec<_> = b
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.text.get(Lang::Fi).unwrap()))
            .collect();
        assert_eq!(
            texts,
            [
                ("c1", "tunnistaa lääkkeet"),
                ("c2", "jakaa lääkkeet oikein"),
                ("c3", "kirjaa annon")
            ]
        );
        assert_eq!(
            b.description.get(Lang::Fi),
            Some("Turvallinen lääkehoito\n\nMerkin saaja:")
        );
        assert_eq!(
            b.name.get(Lang::En),
            None,
            "Finnish text is not put in English"
        );
    }

    #[test]
    fn criteria_url_becomes_the_description_with_the_link() {
        let b = read(json!({"type": "BadgeClass", "name": "Robotics", "description": "For robots.", "criteria": "https://example.org/c.html"})).unwrap();
        assert_eq!(b.criteria.len(), 1);
        assert_eq!(
            b.criteria[0].text.get(Lang::En),
            Some("For robots. (see https://example.org/c.html)")
        );
    }

    #[test]
    fn criteria_url_without_description_is_refused() {
        let e = read(json!({"type": "BadgeClass", "name": "Robotics", "criteria": "https://example.org/c.html"})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.criteria"));
        assert!(
            e.message
                .contains("only a link (https://example.org/c.html)"),
            "{e}"
        );
    }

    #[test]
    fn missing_name_and_criteria_name_the_field() {
        let e = read(json!({"type": "BadgeClass", "criteria": {"narrative": "x"}})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.name"));
        let e = read(json!({"type": "BadgeClass", "name": "x"})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.criteria"));
        let e = read(json!({"type": "BadgeClass", "name": 5, "criteria": {"narrative": "x"}}))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.name: expected a string or texts by language, found the number 5"
        );
    }

    #[test]
    fn alignment_codes_are_classified() {
        let b = read(json!({
            "type": "BadgeClass", "name": "x", "criteria": {"narrative": "x"},
            "alignment": [
                {"targetName": "Asiakkaan kohtaaminen", "targetUrl": "https://eperusteet.opintopolku.fi/x", "targetCode": "tutkinnonosat_107502", "targetDescription": "20 osp"},
                {"targetName": "Digitaidot", "targetUrl": "https://x", "targetCode": "osaamismerkit_1000"},
                {"targetName": "care for patients", "targetUrl": "http://data.europa.eu/esco/skill/abc"},
                {"targetName": "Problem-Solving", "targetUrl": "https://m.org/s", "targetFramework": "Mozilla 21st Century Skills"}
            ]
        }))
        .unwrap();
        let kinds: Vec<_> = b.alignments.iter().map(|a| a.kind).collect();
        use AlignmentKind::*;
        assert_eq!(
            kinds,
            [QualificationUnit, NationalBadge, EscoSkill, Framework]
        );
        assert_eq!(b.alignments[0].competence_points, Some(20));
        assert_eq!(
            b.alignments[2].code.as_deref(),
            Some("http://data.europa.eu/esco/skill/abc")
        );
        assert_eq!(
            b.alignments[3].framework.as_deref(),
            Some("Mozilla 21st Century Skills")
        );
    }
}
