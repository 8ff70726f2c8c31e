//! An ePerusteet national badge (osaamismerkki, `OsaamismerkkiDto`).
//!
//! Mapping:
//! - id = `koodiUri` (`osaamismerkit_1000`); without one, `osaamismerkki-<id>`;
//! - criteria = `arviointikriteerit[]`: these are what an assessor checks. Ids are
//!   `arviointikriteeri-<id>` from ePerusteet's own ids, so they stay the same when the badge
//!   is edited, and `c1`, `c2`, … when a criterion has no id;
//! - `osaamistavoitteet[]` (learning outcomes: what the person knows) are added to the
//!   description as a list under "Osaamistavoitteet", since they say what the badge covers
//!   but are not assessed one by one; a badge with outcomes but no assessment criteria uses
//!   the outcomes as its criteria;
//! - a national-badge alignment to the badge itself (code and name);
//! - the category image (`kategoria.liite`, inline base64) as a `data:` URL when it is a PNG,
//!   JPEG, GIF or WebP of at most 256 KiB; SVG is dropped (it can carry script);
//! - `source_version` = the date of `muokattu`.

use super::super::node::Node;
use super::super::ImportError;
use super::{join, loc, modified_date, unique_ids, words};
use crate::badge::{
    Alignment, AlignmentKind, Badge, Criterion, EvidenceRequirement, SourceFormat,
    DEFAULT_CURRENCY_YEARS,
};
use crate::localized::{Lang, LocalizedText};

pub(crate) fn read(node: &Node<'_>) -> Result<Badge, ImportError> {
    let name = loc(node.get("nimi"))?;
    if name.is_empty() {
        return Err(ImportError::at(
            node.key_path("nimi"),
            "this required field is missing or empty; expected the badge name as {\"fi\": …, \"sv\": …}",
        ));
    }
    let code = node
        .opt_str("koodiUri")?
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let id = match (&code, node.opt_str_or_number("id")?) {
        (Some(c), _) => c.clone(),
        (None, Some(n)) => format!("osaamismerkki-{n}"),
        (None, None) => {
            return Err(ImportError::at(
                node.key_path("koodiUri"),
                "this required field is missing; expected the badge code, such as \"osaamismerkit_1000\"",
            ))
        }
    };

    let outcomes = texts_of(node, "osaamistavoitteet", "osaamistavoite")?;
    let assessed = texts_of(node, "arviointikriteerit", "arviointikriteeri")?;
    let (source, prefix, outcomes_in_description) = if !assessed.is_empty() {
        (assessed, "arviointikriteeri", true)
    } else if !outcomes.is_empty() {
        (outcomes.clone(), "osaamistavoite", false)
    } else {
        return Err(ImportError::at(
            node.key_path("arviointikriteerit"),
            "the badge has no assessment criteria; expected arviointikriteerit with at least one criterion",
        ));
    };
    let mut ids: Vec<String> = source
        .iter()
        .enumerate()
        .map(|(i, (sid, _))| {
            sid.as_ref()
                .map(|s| format!("{prefix}-{s}"))
                .unwrap_or_else(|| format!("c{}", i + 1))
        })
        .collect();
    unique_ids(&mut ids);
    let criteria = source
        .into_iter()
        .zip(ids)
        .map(|((_, text), id)| Criterion {
            id,
            text,
            guidance: LocalizedText::default(),
            key_points: Vec::new(),
            mandatory: true,
            evidence: EvidenceRequirement::default(),
        })
        .collect();

    let kuvaus = loc(node.get("kuvaus"))?;
    let description = if outcomes_in_description && !outcomes.is_empty() {
        join(&[&kuvaus, &outcome_list(&outcomes)], "\n\n")
    } else {
        kuvaus
    };

    Ok(Badge {
        id,
        version: 0,
        source_version: modified_date(node),
        name: name.clone(),
        description,
        issuer: None,
        criteria,
        alignments: code
            .filter(|c| Alignment::kind_of_code(c) == AlignmentKind::NationalBadge)
            .map(|c| Alignment {
                kind: AlignmentKind::NationalBadge,
                code: Some(c),
                name,
                url: None,
                competence_points: None,
                qualification: None,
                framework: None,
            })
            .into_iter()
            .collect(),
        evidence_currency_years: DEFAULT_CURRENCY_YEARS,
        validity_years: None,
        source_format: SourceFormat::EperusteetBadge,
        image: category_image(node)?,
    })
}

/// `[{id, <field>: {fi, sv}}]` → `(id, text)`, leaving out items with no text. An item that is
/// itself a localisation object is accepted too.
fn texts_of(
    node: &Node<'_>,
    list: &str,
    field: &str,
) -> Result<Vec<(Option<String>, LocalizedText)>, ImportError> {
    let mut out = Vec::new();
    for item in node.list(list)? {
        if !item.is_object() {
            return Err(item.expected(&format!("an object with {field:?}")));
        }
        let text = match item.get(field) {
            Some(t) => loc(Some(t))?,
            None => loc(Some(item.clone()))?,
        };
        if !text.is_empty() {
            out.push((item.opt_str_or_number("id")?, text));
        }
    }
    Ok(out)
}

fn outcome_list(outcomes: &[(Option<String>, LocalizedText)]) -> LocalizedText {
    let heading = words("Osaamistavoitteet", "Kompetensmål", "Learning outcomes");
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        let items: Vec<String> = outcomes
            .iter()
            .filter_map(|(_, t)| t.get(lang))
            .map(|t| format!("- {t}"))
            .collect();
        if !items.is_empty() {
            out.set(
                lang,
                &format!("{}:\n{}", heading.show(lang), items.join("\n")),
            );
        }
    }
    out
}

fn category_image(node: &Node<'_>) -> Result<Option<String>, ImportError> {
    let Some(liite) = node.get("kategoria").and_then(|k| k.get("liite")) else {
        return Ok(None);
    };
    let mime = liite
        .opt_str("mime")?
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let data = liite.opt_str("binarydata")?.unwrap_or("").trim();
    let raster = matches!(
        mime.as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    );
    let base64ish = data
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    Ok(
        (raster && !data.is_empty() && data.len() <= 256 * 1024 && base64ish)
            .then(|| format!("data:{mime};base64,{data}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> serde_json::Value {
        json!({
            "id": 9188020,
            "nimi": {"_id": "9188003", "fi": "Digitaaliset toimintaympäristöt", "sv": "-"},
            "kuvaus": {"fi": "Kuvausta", "sv": "-"},
            "tila": "JULKAISTU",
            "kategoria": {"liite": {"mime": "image/svg+xml", "binarydata": "PHN2Zz4="}},
            "osaamistavoitteet": [{"id": 1, "osaamistavoite": {"fi": "osaa tunnistaa digitaalisia toimintaympäristöjä", "sv": "-"}}],
            "arviointikriteerit": [
                {"id": 9188030, "arviointikriteeri": {"fi": "noudattaa ohjeita", "sv": "-"}},
                {"id": 9188031, "arviointikriteeri": {"fi": "käyttää laitteita", "sv": "-"}}
            ],
            "muokattu": 1704794362422_i64,
            "koodiUri": "osaamismerkit_1000"
        })
    }

    #[test]
    fn maps_criteria_outcomes_and_alignment() {
        let b = read(&Node::root(&sample())).unwrap();
        assert_eq!(b.id, "osaamismerkit_1000");
        assert_eq!(
            b.name.sv, None,
            "the \"-\" placeholder is not a Swedish name"
        );
        assert_eq!(b.criteria[0].id, "arviointikriteeri-9188030");
        assert_eq!(b.criteria[1].text.get(Lang::Fi), Some("käyttää laitteita"));
        assert_eq!(
            b.description.get(Lang::Fi),
            Some(
                "Kuvausta\n\nOsaamistavoitteet:\n- osaa tunnistaa digitaalisia toimintaympäristöjä"
            )
        );
        assert_eq!(b.alignments[0].kind, AlignmentKind::NationalBadge);
        assert_eq!(b.alignments[0].code.as_deref(), Some("osaamismerkit_1000"));
        assert_eq!(b.image, None, "SVG is not kept");
        assert_eq!(b.source_version.as_deref(), Some("2024-01-09"));
    }

    #[test]
    fn no_criteria_is_refused_with_the_path() {
        let mut v = sample();
        v["arviointikriteerit"] = json!([]);
        v["osaamistavoitteet"] = json!([]);
        let e = read(&Node::root(&v)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$.arviointikriteerit"));
    }

    #[test]
    fn outcomes_stand_in_when_there_are_no_assessment_criteria() {
        let mut v = sample();
        v["arviointikriteerit"] = json!([]);
        let b = read(&Node::root(&v)).unwrap();
        assert_eq!(b.criteria.len(), 1);
        assert_eq!(b.criteria[0].id, "osaamistavoite-1");
    }
}
