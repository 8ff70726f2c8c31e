//! Open Badges 3.0: an Achievement, on its own or as `credentialSubject.achievement` of an
//! OpenBadgeCredential / AchievementCredential / VerifiableCredential.
//!
//! `name` and `description` may be plain strings or language maps; `criteria` is
//! `{narrative}` or `{id, narrative}`; `alignment[]` carries `targetFramework`, `targetType`,
//! `targetCode`; `creator` is the issuer's Profile (else the credential's `issuer`). `proof`,
//! `type` as string or list, vendor properties (`SBU`, `participationType`, …) and anything
//! else unknown are ignored: importing a badge never needs its signature.

use super::node::Node;
use super::openbadges as ob;
use super::ImportError;
use crate::badge::{Badge, SourceFormat, DEFAULT_CURRENCY_YEARS};

pub(crate) fn read_achievement(
    node: &Node<'_>,
    context: Option<&Node<'_>>,
) -> Result<Badge, ImportError> {
    let lang = ob::language(node, context);
    let name = ob::required_text(node, "name", lang, "the achievement name")?;
    let description = ob::text(node.get("description"), lang)?;
    let issuer = match ob::issuer(node.get("creator"), lang)? {
        Some(i) => Some(i),
        None => match context {
            Some(c) => ob::issuer(c.get("issuer"), lang)?,
            None => None,
        },
    };
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
        source_format: SourceFormat::OpenBadges3,
        image: ob::safe_image(node.get("image")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::localized::Lang;
    use serde_json::json;

    #[test]
    fn language_maps_and_in_language() {
        let v = json!({
            "type": ["Achievement", "VendorAchievement"], "inLanguage": "sv",
            "name": {"fi": "Kirjaaminen", "sv": "Dokumentation"},
            "description": "Beskrivning",
            "criteria": {"narrative": "- dokumenterar\n- följer lagen"},
            "SBU": 240, "proof": [{"type": "DataIntegrityProof"}]
        });
        let b = read_achievement(&Node::root(&v), None).unwrap();
        assert_eq!(b.name.get(Lang::Fi), Some("Kirjaaminen"));
        assert_eq!(b.description.get(Lang::Sv), Some("Beskrivning"));
        assert_eq!(b.criteria[1].text.get(Lang::Sv), Some("följer lagen"));
    }

    #[test]
    fn issuer_falls_back_to_the_credential() {
        let cred = json!({"issuer": {"id": "did:key:z6Mk", "name": "Example University"}});
        let v = json!({"name": "x", "criteria": {"narrative": "y"}});
        let b = read_achievement(&Node::root(&v), Some(&Node::root(&cred))).unwrap();
        assert_eq!(b.issuer.as_deref(), Some("Example University"));
    }

    #[test]
    fn wrong_alignment_type_names_the_path() {
        let v = json!({"name": "x", "criteria": {"narrative": "y"}, "alignment": [{"targetName": "a"}, "b"]});
        let e = read_achievement(&Node::root(&v), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "$.alignment[1]: expected an alignment object, found the string \"b\""
        );
    }
}
