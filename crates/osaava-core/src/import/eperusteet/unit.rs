//! An ePerusteet qualification unit (tutkinnon osa, `TutkinnonOsaDto`).
//!
//! ePerusteet has two models, and the criteria come from the first of these that has any:
//!
//! 1. **2019 model** (`ammattitaitovaatimukset2019`): each vocational skill requirement
//!    (`vaatimukset[]`, then each `kohdealueet[].vaatimukset[]`) is a criterion. Its id is the
//!    requirement's code (`ammattitaitovaatimukset_9528`), stable across versions of the unit.
//!    Requirements and assessment are not linked one to one in ePerusteet, so assessor guidance
//!    is attached per group: the group's name, then the assessment for that group, which is
//!    the unit's own `arviointi` area with the same title (or at the same position when the
//!    number of areas matches), and otherwise the unit's generic scale
//!    (`geneerinenArviointiasteikko`): the criteria of its lowest passing level
//!    ("Tyydyttävä 1: …"), which is the line between "meets" and "does not meet yet".
//! 2. **Older model** (`arviointi.arvioinninKohdealueet[].arvioinninKohteet[]`): each
//!    assessment target is a criterion (`c1`, `c2`, … by order), named by the target's title
//!    (or its area's title when the target has none). Its key points are the criteria of the
//!    lowest level described for it (T1, or "hyväksytty" on a pass/fail scale); its guidance
//!    names the area and lists the higher levels ("Hyvä H2: …", "Kiitettävä K3: …"). The
//!    requirements text (`ammattitaitovaatimukset`, HTML) goes into the description.
//! 3. `ammattitaitovaatimuksetLista` (structured requirements of some older units).
//! 4. Only the requirements as HTML (`ammattitaitovaatimukset`): each list item is a
//!    criterion; text with no list is one criterion.
//!
//! Always: id = `koodiUri` (`tutkinnonosat_106228`); name = `nimi`; description = `kuvaus`,
//! the requirements text in the older model, and how competence is demonstrated
//! (`ammattitaidonOsoittamistavat`); a qualification-unit alignment to the unit itself with
//! its competence points (`laajuus`, also taken from a surrounding unit reference) and the
//! qualification when a surrounding qualification names it; `source_version` = the date of
//! `muokattu`.

use super::super::criteria_text::split_localized;
use super::super::node::Node;
use super::super::ImportError;
use super::{join, labelled, loc, modified_date, unique_ids, words};
use crate::badge::{
    Alignment, AlignmentKind, Badge, Criterion, EvidenceRequirement, SourceFormat,
    DEFAULT_CURRENCY_YEARS,
};
use crate::localized::{Lang, LocalizedText};

pub(crate) fn read(node: &Node<'_>, context: Option<&Node<'_>>) -> Result<Badge, ImportError> {
    let mut name = loc(node.get("nimi"))?;
    for fallback in [
        node.get("koodi").and_then(|k| k.get("nimi")),
        node.get("perusteenOsa").and_then(|p| p.get("nimi")),
    ] {
        if name.is_empty() {
            name = loc(fallback)?;
        }
    }
    if name.is_empty() {
        return Err(ImportError::at(
            node.key_path("nimi"),
            "this required field is missing or empty; expected the unit's name as {\"fi\": …, \"sv\": …}",
        ));
    }
    let code = match node.opt_str("koodiUri")? {
        Some(c) if !c.trim().is_empty() => Some(c.trim().to_string()),
        _ => node
            .get("koodi")
            .map(|k| k.opt_str("uri"))
            .transpose()?
            .flatten()
            .map(str::to_string),
    };
    let id = match (&code, node.opt_str_or_number("id")?) {
        (Some(c), _) => c.clone(),
        (None, Some(n)) => format!("tutkinnonosa-{n}"),
        (None, None) => {
            return Err(ImportError::at(
                node.key_path("koodiUri"),
                "this required field is missing; expected the unit's code, such as \"tutkinnonosat_106228\"",
            ))
        }
    };

    let requirements_html = loc(node.get("ammattitaitovaatimukset"))?;
    let (criteria, requirements_in_description) = criteria(node, &requirements_html)?;

    let demonstration = loc(node.get("ammattitaidonOsoittamistavat"))?;
    let demonstration = heading(
        &words(
            "Ammattitaidon osoittaminen",
            "Påvisande av yrkesskicklighet",
            "How competence is demonstrated",
        ),
        &demonstration,
    );
    let kuvaus = loc(node.get("kuvaus"))?;
    let empty = LocalizedText::default();
    let description = join(
        &[
            &kuvaus,
            if requirements_in_description {
                &requirements_html
            } else {
                &empty
            },
            &demonstration,
        ],
        "\n\n",
    );

    let laajuus =
        lenient_u32(node, "laajuus").or_else(|| context.and_then(|c| lenient_u32(c, "laajuus")));
    let qualification = context.and_then(qualification_of);
    let alignments = code
        .filter(|c| Alignment::kind_of_code(c) == AlignmentKind::QualificationUnit)
        .map(|c| Alignment {
            kind: AlignmentKind::QualificationUnit,
            code: Some(c),
            name: name.clone(),
            url: None,
            competence_points: laajuus,
            qualification,
            framework: None,
        })
        .into_iter()
        .collect();

    Ok(Badge {
        id,
        version: 0,
        source_version: modified_date(node),
        name,
        description,
        issuer: None,
        criteria,
        alignments,
        evidence_currency_years: DEFAULT_CURRENCY_YEARS,
        validity_years: None,
        source_format: SourceFormat::EperusteetUnit,
        image: None,
    })
}

/// The criteria, and whether the requirements HTML belongs in the description (it does when
/// the criteria come from somewhere else).
fn criteria(
    node: &Node<'_>,
    requirements_html: &LocalizedText,
) -> Result<(Vec<Criterion>, bool), ImportError> {
    let assessment = match node.get("arviointi") {
        Some(a) => areas(&a)?,
        None => Vec::new(),
    };
    if let Some(r) = node.get("ammattitaitovaatimukset2019") {
        let c = from_2019(&r, &assessment, node.get("geneerinenArviointiasteikko"))?;
        if !c.is_empty() {
            return Ok((c, false));
        }
    }
    if assessment.iter().any(|a| !a.targets.is_empty()) {
        return Ok((from_targets(&assessment), true));
    }
    let c = from_lista(node)?;
    if !c.is_empty() {
        return Ok((c, true));
    }
    if !requirements_html.is_empty() {
        let (items, other) = split_localized(requirements_html);
        let c: Vec<Criterion> = if items.is_empty() {
            vec![criterion(
                "c1".into(),
                other,
                LocalizedText::default(),
                Vec::new(),
            )]
        } else {
            items
                .into_iter()
                .enumerate()
                .map(|(i, it)| {
                    criterion(
                        format!("c{}", i + 1),
                        it.text,
                        LocalizedText::default(),
                        it.key_points,
                    )
                })
                .collect()
        };
        // The list is now the criteria; its introduction ("Opiskelija osaa") says little alone.
        return Ok((c, false));
    }
    let common_unit = node
        .list("osaAlueet")
        .map(|l| !l.is_empty())
        .unwrap_or(false);
    Err(node.error(if common_unit {
        "this is a common unit (yhteinen tutkinnon osa) whose requirements are in its osa-alueet, which \
         Osaava does not import yet; expected ammattitaitovaatimukset2019, arviointi or ammattitaitovaatimukset"
    } else {
        "this qualification unit has no vocational skill requirements or assessment criteria; expected \
         ammattitaitovaatimukset2019, arviointi or ammattitaitovaatimukset"
    }))
}

fn criterion(
    id: String,
    text: LocalizedText,
    guidance: LocalizedText,
    key_points: Vec<LocalizedText>,
) -> Criterion {
    Criterion {
        id,
        text,
        guidance,
        key_points,
        mandatory: true,
        evidence: EvidenceRequirement::default(),
    }
}

// ----- the 2019 model -------------------------------------------------------------------

fn from_2019(
    r: &Node<'_>,
    assessment: &[Area],
    generic: Option<Node<'_>>,
) -> Result<Vec<Criterion>, ImportError> {
    // (group title, requirements) with the group-less requirements first.
    let mut groups: Vec<(LocalizedText, Vec<Requirement>)> =
        vec![(LocalizedText::default(), requirements(r)?)];
    for area in r.list("kohdealueet")? {
        groups.push((loc(area.get("kuvaus"))?, requirements(&area)?));
    }
    let generic_line = match generic {
        Some(g) => generic_threshold(&g)?,
        None => LocalizedText::default(),
    };
    let titled: Vec<&LocalizedText> = groups.iter().skip(1).map(|(t, _)| t).collect();
    let mut ids = Vec::new();
    let mut out = Vec::new();
    for (gi, (title, reqs)) in groups.iter().enumerate() {
        let matched = if gi == 0 {
            None
        } else {
            matching_area(title, gi - 1, &titled, assessment)
        };
        let assessment_text = match matched {
            Some(area) => area_summary(area),
            None => generic_line.clone(),
        };
        let area_line = labelled(&words("Osa-alue", "Delområde", "Area"), title);
        let guidance = join(&[&area_line, &assessment_text], "\n");
        for (code, text) in reqs {
            ids.push(
                code.clone()
                    .unwrap_or_else(|| format!("c{}", ids.len() + 1)),
            );
            out.push(criterion(
                String::new(),
                text.clone(),
                guidance.clone(),
                Vec::new(),
            ));
        }
    }
    unique_ids(&mut ids);
    for (c, id) in out.iter_mut().zip(ids) {
        c.id = id;
    }
    Ok(out)
}

/// A requirement's code (`ammattitaitovaatimukset_9528`), if it has one, and its text.
type Requirement = (Option<String>, LocalizedText);

/// `vaatimukset[{koodi: {uri, nimi}, vaatimus}]` → (code, text), leaving out empty ones.
fn requirements(parent: &Node<'_>) -> Result<Vec<Requirement>, ImportError> {
    let mut out = Vec::new();
    for v in parent.list("vaatimukset")? {
        if !v.is_object() {
            return Err(v.expected("a requirement object with \"vaatimus\""));
        }
        let koodi = v.get("koodi");
        let mut text = loc(v.get("vaatimus"))?;
        if text.is_empty() {
            text = loc(koodi.as_ref().and_then(|k| k.get("nimi")))?;
        }
        let code = match &koodi {
            Some(k) if k.is_object() => k.opt_str("uri")?.map(str::to_string),
            Some(k) => k.opt_str_or_number_self()?,
            None => None,
        };
        if !text.is_empty() {
            out.push((code, text));
        }
    }
    Ok(out)
}

/// The assessment area for a 2019 group: same title, else same position when counts match.
fn matching_area<'a>(
    title: &LocalizedText,
    index: usize,
    titles: &[&LocalizedText],
    areas: &'a [Area],
) -> Option<&'a Area> {
    let key = |t: &LocalizedText| normalise_title(t.show(Lang::Fi));
    let wanted = key(title);
    if !wanted.is_empty() {
        if let Some(a) = areas.iter().find(|a| key(&a.title) == wanted) {
            return Some(a);
        }
    }
    (areas.len() == titles.len())
        .then(|| areas.get(index))
        .flatten()
}

fn normalise_title(s: &str) -> String {
    s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim_end_matches('.')
        .trim()
        .to_lowercase()
}

/// "Tyydyttävä 1: a; b; c" from the lowest level of the generic scale that has criteria.
fn generic_threshold(g: &Node<'_>) -> Result<LocalizedText, ImportError> {
    let levels = levels(g)?;
    Ok(levels
        .first()
        .map(|l| level_block(&l.label, &l.criteria))
        .unwrap_or_default())
}

// ----- the older model ------------------------------------------------------------------

struct Area {
    title: LocalizedText,
    targets: Vec<Target>,
}

struct Target {
    title: LocalizedText,
    /// Levels with criteria, lowest first.
    levels: Vec<Level>,
}

struct Level {
    order: u32,
    label: LocalizedText,
    criteria: Vec<LocalizedText>,
}

fn areas(arviointi: &Node<'_>) -> Result<Vec<Area>, ImportError> {
    let mut out = Vec::new();
    for a in arviointi.list("arvioinninKohdealueet")? {
        let mut targets = Vec::new();
        for t in a.list("arvioinninKohteet")? {
            let levels = levels(&t)?;
            let title = loc(t.get("otsikko"))?;
            if !levels.is_empty() || !title.is_empty() {
                targets.push(Target { title, levels });
            }
        }
        out.push(Area {
            title: loc(a.get("otsikko"))?,
            targets,
        });
    }
    Ok(out)
}

/// `osaamistasonKriteerit[{_osaamistaso | osaamistaso: {id, otsikko}, kriteerit[]}]`, the
/// levels that have criteria, lowest first (ePerusteet lists them in any order).
fn levels(parent: &Node<'_>) -> Result<Vec<Level>, ImportError> {
    let mut out = Vec::new();
    for (i, l) in parent
        .list("osaamistasonKriteerit")?
        .into_iter()
        .enumerate()
    {
        let mut criteria = Vec::new();
        for k in l.list("kriteerit")? {
            let t = loc(Some(k))?;
            if !t.is_empty() {
                criteria.push(t);
            }
        }
        if criteria.is_empty() {
            continue;
        }
        let level = l.get("osaamistaso");
        let order = l
            .opt_str_or_number("_osaamistaso")?
            .or(match &level {
                Some(o) if o.is_object() => o.opt_str_or_number("id")?,
                Some(o) => o.opt_str_or_number_self()?,
                None => None,
            })
            .and_then(|s| s.parse::<u32>().ok());
        let mut label = match &level {
            Some(o) if o.is_object() => loc(o.get("otsikko"))?,
            _ => LocalizedText::default(),
        };
        if label.is_empty() {
            label = level_label(order);
        }
        out.push(Level {
            order: order.unwrap_or(1000 + i as u32),
            label,
            criteria,
        });
    }
    out.sort_by_key(|l| l.order);
    Ok(out)
}

/// The names of ePerusteet's fixed level ids: scale 1 (pass), scale 2 (T1/H2/K3), scale 3 (1–5).
fn level_label(id: Option<u32>) -> LocalizedText {
    let (fi, sv, en) = match id {
        Some(1) => ("Hyväksytty", "Godkänd", "Pass"),
        Some(2) => ("Tyydyttävä T1", "Nöjaktiga N1", "Satisfactory S1"),
        Some(3) => ("Hyvä H2", "Goda G2", "Good G2"),
        Some(4) => ("Kiitettävä K3", "Berömliga B3", "Excellent E3"),
        Some(5) => ("Tyydyttävä 1", "Nöjaktiga 1", "Satisfactory 1"),
        Some(6) => ("Tyydyttävä 2", "Nöjaktiga 2", "Satisfactory 2"),
        Some(7) => ("Hyvä 3", "Goda 3", "Good 3"),
        Some(8) => ("Hyvä 4", "Goda 4", "Good 4"),
        Some(9) => ("Kiitettävä 5", "Berömliga 5", "Excellent 5"),
        _ => ("Taso", "Nivå", "Level"),
    };
    words(fi, sv, en)
}

fn join_criteria(criteria: &[LocalizedText]) -> LocalizedText {
    let refs: Vec<&LocalizedText> = criteria.iter().collect();
    join(&refs, "; ")
}

/// "Label:\n- criterion\n- criterion" per language where any criterion exists.
fn level_block(label: &LocalizedText, criteria: &[LocalizedText]) -> LocalizedText {
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        let items: Vec<String> = criteria
            .iter()
            .filter_map(|c| c.get(lang))
            .map(|c| format!("- {c}"))
            .collect();
        if !items.is_empty() {
            out.set(
                lang,
                &format!("{}:\n{}", label.show(lang), items.join("\n")),
            );
        }
    }
    out
}

/// One line per target: "Target (lowest level): criteria".
fn area_summary(area: &Area) -> LocalizedText {
    let lines: Vec<LocalizedText> = area
        .targets
        .iter()
        .filter_map(|t| {
            let lowest = t.levels.first()?;
            let label = if t.title.is_empty() {
                lowest.label.clone()
            } else {
                join(&[&t.title, &parenthesised(&lowest.label)], " ")
            };
            Some(level_block(&label, &lowest.criteria))
        })
        .collect();
    let refs: Vec<&LocalizedText> = lines.iter().collect();
    join(&refs, "\n")
}

fn parenthesised(t: &LocalizedText) -> LocalizedText {
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        if let Some(s) = t.get(lang) {
            out.set(lang, &format!("({s})"));
        }
    }
    out
}

fn from_targets(areas: &[Area]) -> Vec<Criterion> {
    let area_word = words("Osa-alue", "Delområde", "Area");
    let mut out = Vec::new();
    for area in areas {
        for t in &area.targets {
            let (text, area_line) = if t.title.is_empty() {
                (area.title.clone(), LocalizedText::default())
            } else {
                (t.title.clone(), labelled(&area_word, &area.title))
            };
            let (key_points, higher) = match t.levels.split_first() {
                Some((lowest, rest)) => (lowest.criteria.clone(), rest),
                None => (Vec::new(), &[][..]),
            };
            let text = if text.is_empty() {
                join_criteria(&key_points)
            } else {
                text
            };
            if text.is_empty() {
                continue;
            }
            let higher_lines: Vec<LocalizedText> = higher
                .iter()
                .map(|l| level_block(&l.label, &l.criteria))
                .collect();
            let mut parts: Vec<&LocalizedText> = vec![&area_line];
            parts.extend(higher_lines.iter());
            let guidance = join(&parts, "\n");
            let id = format!("c{}", out.len() + 1);
            out.push(criterion(id, text, guidance, key_points));
        }
    }
    out
}

// ----- ammattitaitovaatimuksetLista -----------------------------------------------------

/// `[{otsikko, vaatimuksenKohteet[{otsikko, vaatimukset[{selite, ammattitaitovaatimusKoodi}]}]}]`.
fn from_lista(node: &Node<'_>) -> Result<Vec<Criterion>, ImportError> {
    let area_word = words("Osa-alue", "Delområde", "Area");
    let mut ids = Vec::new();
    let mut out = Vec::new();
    for area in node.list("ammattitaitovaatimuksetLista")? {
        let area_title = loc(area.get("otsikko"))?;
        for target in area.list("vaatimuksenKohteet")? {
            let target_title = loc(target.get("otsikko"))?;
            let guidance = join(&[&labelled(&area_word, &area_title), &target_title], "\n");
            for v in target.list("vaatimukset")? {
                let text = loc(v.get("selite"))?;
                if text.is_empty() {
                    continue;
                }
                let code = v
                    .opt_str_or_number("ammattitaitovaatimusKoodi")?
                    .filter(|c| !c.trim().is_empty());
                ids.push(code.unwrap_or_else(|| format!("c{}", ids.len() + 1)));
                out.push(criterion(String::new(), text, guidance.clone(), Vec::new()));
            }
        }
    }
    unique_ids(&mut ids);
    for (c, id) in out.iter_mut().zip(ids) {
        c.id = id;
    }
    Ok(out)
}

// ----- small helpers --------------------------------------------------------------------

/// "Heading:\ntext" per language where the text exists.
fn heading(title: &LocalizedText, text: &LocalizedText) -> LocalizedText {
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        if let Some(t) = text.get(lang) {
            out.set(lang, &format!("{}:\n{t}", title.show(lang)));
        }
    }
    out
}

/// Competence points are whole numbers in practice; anything else is left out rather than
/// failing the import.
fn lenient_u32(node: &Node<'_>, key: &str) -> Option<u32> {
    node.opt_u32(key).ok().flatten()
}

/// `koulutukset[0].koulutuskoodiUri` of a surrounding qualification (peruste).
fn qualification_of(context: &Node<'_>) -> Option<String> {
    let first = context.list("koulutukset").ok()?.into_iter().next()?;
    first
        .opt_str("koulutuskoodiUri")
        .ok()
        .flatten()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_value(v: serde_json::Value) -> Result<Badge, ImportError> {
        read(&Node::root(&v), None)
    }

    #[test]
    fn model_2019_requirements_with_generic_scale_guidance() {
        let v = json!({
            "nimi": {"fi": "Työpaikkaohjaajaksi valmentautuminen", "sv": "Förberedelse"},
            "koodiUri": "tutkinnonosat_106731", "laajuus": 5,
            "geneerinenArviointiasteikko": {"osaamistasonKriteerit": [
                {"osaamistaso": {"id": 7, "otsikko": {"fi": "Hyvä 3"}}, "kriteerit": [{"fi": "toimii itsenäisesti"}]},
                {"osaamistaso": {"id": 5, "otsikko": {"fi": "Tyydyttävä 1"}}, "kriteerit": [{"fi": "toteuttaa työn ohjeiden mukaisesti"}, {"fi": "toimii yhteistyökykyisesti"}]}
            ]},
            "ammattitaitovaatimukset2019": {"kohde": {"fi": "Opiskelija"}, "vaatimukset": [], "kohdealueet": [
                {"kuvaus": {"fi": "Yhteyshenkilönä toimiminen"}, "vaatimukset": [
                    {"koodi": {"uri": "ammattitaitovaatimukset_9528", "nimi": {"fi": "perehtyy perusteisiin"}}, "vaatimus": {"fi": "perehtyy perusteisiin", "sv": "sätter sig in"}},
                    {"koodi": null, "vaatimus": {"fi": "selvittää mahdollisuuksia"}}
                ]}
            ]}
        });
        let b = read_value(v).unwrap();
        assert_eq!(b.id, "tutkinnonosat_106731");
        assert_eq!(b.criteria.len(), 2);
        assert_eq!(b.criteria[0].id, "ammattitaitovaatimukset_9528");
        assert_eq!(b.criteria[1].id, "c2");
        assert_eq!(b.criteria[0].text.get(Lang::Sv), Some("sätter sig in"));
        assert_eq!(
            b.criteria[0].guidance.get(Lang::Fi),
            Some("Osa-alue: Yhteyshenkilönä toimiminen\nTyydyttävä 1:\n- toteuttaa työn ohjeiden mukaisesti\n- toimii yhteistyökykyisesti")
        );
        let a = &b.alignments[0];
        assert_eq!(
            (a.kind, a.code.as_deref(), a.competence_points),
            (
                AlignmentKind::QualificationUnit,
                Some("tutkinnonosat_106731"),
                Some(5)
            )
        );
    }

    #[test]
    fn older_model_targets_with_lowest_level_as_key_points() {
        let v = json!({
            "nimi": {"fi": "Hoito ja huolenpito", "sv": "Vård och omsorg"},
            "koodiUri": "tutkinnonosat_100833",
            "ammattitaitovaatimukset": {"fi": "<p>Opiskelija osaa</p><ul><li>asettaa tavoitteita</li></ul>"},
            "arviointi": {"arvioinninKohdealueet": [{"otsikko": {"fi": "1. Työprosessin hallinta"}, "arvioinninKohteet": [
                {"otsikko": {"fi": "Suunnitelmallinen työskentely"}, "selite": null, "_arviointiAsteikko": "2", "osaamistasonKriteerit": [
                    {"_osaamistaso": "4", "kriteerit": [{"fi": "asettaa tavoitteet ja arvioi"}]},
                    {"_osaamistaso": "2", "kriteerit": [{"fi": "asettaa tavoitteita tuettuna", "sv": "ställer upp mål\nmed stöd"}]},
                    {"_osaamistaso": "3", "kriteerit": []}
                ]}
            ]}]}
        });
        let b = read_value(v).unwrap();
        assert_eq!(b.criteria.len(), 1);
        let c = &b.criteria[0];
        assert_eq!(c.text.get(Lang::Fi), Some("Suunnitelmallinen työskentely"));
        assert_eq!(
            c.key_points[0].get(Lang::Sv),
            Some("ställer upp mål med stöd"),
            "PDF line breaks collapse"
        );
        assert_eq!(c.guidance.get(Lang::Fi), Some("Osa-alue: 1. Työprosessin hallinta\nKiitettävä K3:\n- asettaa tavoitteet ja arvioi"));
        assert_eq!(
            b.description.get(Lang::Fi),
            Some("Opiskelija osaa\n\n- asettaa tavoitteita")
        );
    }

    #[test]
    fn html_requirements_alone_become_criteria() {
        let v = json!({
            "nimi": {"fi": "Yksikkö"}, "koodiUri": "tutkinnonosat_1",
            "ammattitaitovaatimukset": {"fi": "<p>Opiskelija osaa</p><ul><li>a</li><li>b</li></ul>", "sv": "<ul><li>a-sv</li><li>b-sv</li></ul>"}
        });
        let b = read_value(v).unwrap();
        let texts: Vec<_> = b
            .criteria
            .iter()
            .map(|c| (c.text.get(Lang::Fi).unwrap(), c.text.get(Lang::Sv).unwrap()))
            .collect();
        assert_eq!(texts, [("a", "a-sv"), ("b", "b-sv")]);
    }

    #[test]
    fn a_unit_without_requirements_is_refused() {
        let e =
            read_value(json!({"nimi": {"fi": "x"}, "koodiUri": "tutkinnonosat_1"})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("$"));
        assert!(
            e.message.contains("no vocational skill requirements"),
            "{e}"
        );
    }
}
