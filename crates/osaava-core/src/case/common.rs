//! Small rules shared by the case modules: finding a criterion, cleaning free text.

use crate::badge::{Badge, Criterion};

/// A criterion id that the case's badge does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "criterion {criterion:?} is not in badge {badge} version {version}; use one of: {}",
    known.join(", ")
)]
pub struct UnknownCriterion {
    pub criterion: String,
    pub badge: String,
    pub version: u32,
    /// The badge's criterion ids, in order, so the message can list them.
    pub known: Vec<String>,
}

/// The criterion `id` of `badge`, or an error that lists the ids there are.
pub fn find_criterion<'a>(badge: &'a Badge, id: &str) -> Result<&'a Criterion, UnknownCriterion> {
    let id = id.trim();
    badge
        .criteria
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| UnknownCriterion {
            criterion: id.to_string(),
            badge: badge.id.clone(),
            version: badge.version,
            known: badge.criteria.iter().map(|c| c.id.clone()).collect(),
        })
}

/// The position of a criterion in its badge, or `usize::MAX` for an unknown id (sorts last).
pub fn criterion_index(badge: &Badge, id: &str) -> usize {
    badge
        .criteria
        .iter()
        .position(|c| c.id == id)
        .unwrap_or(usize::MAX)
}

/// Free text longer than its field allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} is {len} characters long; shorten it to at most {max}")]
pub struct TextTooLong {
    pub field: &'static str,
    pub len: usize,
    pub max: usize,
}

/// Trims `text`; blank becomes `None`; longer than `max` characters is an error.
pub fn clean_text(
    text: Option<&str>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, TextTooLong> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let len = t.chars().count();
    if len > max {
        return Err(TextTooLong { field, len, max });
    }
    Ok(Some(t.to_string()))
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small badge for the case modules' tests.
    use crate::badge::*;
    use crate::localized::LocalizedText;

    pub fn criterion(
        id: &str,
        mandatory: bool,
        min_items: u32,
        kinds: Vec<EvidenceKind>,
    ) -> Criterion {
        Criterion {
            id: id.into(),
            text: LocalizedText::new(
                &format!("Kriteeri {id}"),
                &format!("Kriterium {id}"),
                &format!("Criterion {id}"),
            ),
            guidance: LocalizedText::new(&format!("Ohje {id}"), "", &format!("Guidance {id}")),
            key_points: vec![LocalizedText::new(
                &format!("Avainkohta {id}"),
                "",
                &format!("Key point {id}"),
            )],
            mandatory,
            evidence: EvidenceRequirement { min_items, kinds },
        }
    }

    /// c1 and c2 mandatory (c2 wants two observations or work samples), c3 optional.
    pub fn badge() -> Badge {
        Badge {
            id: "osaava-test".into(),
            version: 2,
            source_version: None,
            name: LocalizedText::new("Testimerkki", "Testmärke", "Test badge"),
            description: LocalizedText::default(),
            issuer: None,
            criteria: vec![
                criterion("c1", true, 1, vec![]),
                criterion(
                    "c2",
                    true,
                    2,
                    vec![EvidenceKind::Observation, EvidenceKind::WorkSample],
                ),
                criterion("c3", false, 1, vec![]),
            ],
            alignments: vec![],
            evidence_currency_years: 5,
            validity_years: None,
            source_format: SourceFormat::OsaavaTemplate,
            image: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_criterion_lists_the_known_ones() {
        let b = fixtures::badge();
        assert_eq!(find_criterion(&b, " c2 ").unwrap().id, "c2");
        let err = find_criterion(&b, "c9").unwrap_err();
        assert_eq!(
            err.to_string(),
            "criterion \"c9\" is not in badge osaava-test version 2; use one of: c1, c2, c3"
        );
        assert_eq!(criterion_index(&b, "c3"), 2);
        assert_eq!(criterion_index(&b, "zz"), usize::MAX);
    }

    #[test]
    fn text_is_trimmed_blank_is_none_and_long_is_refused() {
        assert_eq!(
            clean_text(Some("  hei "), "note", 10),
            Ok(Some("hei".into()))
        );
        assert_eq!(clean_text(Some("   "), "note", 10), Ok(None));
        assert_eq!(clean_text(None, "note", 10), Ok(None));
        // Characters, not bytes: "ä" is two bytes.
        assert!(clean_text(Some("ääääää"), "note", 6).is_ok());
        let err = clean_text(Some("ääääääa"), "note", 6).unwrap_err();
        assert_eq!(
            err.to_string(),
            "note is 7 characters long; shorten it to at most 6"
        );
    }
}
