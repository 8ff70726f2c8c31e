//! Open Badges 3.0 Achievement.
//!
//! Decisions, so that the output stays valid against 1EdTech's JSON Schema and JSON-LD
//! processing in "safe mode" (which rejects terms not defined by a context):
//! - **One language per Achievement.** `name`, `description`, the criteria and the alignment
//!   names are plain strings in one language, named by `inLanguage`. [`achievement`] picks the
//!   badge's first language of fi → sv → en that has a name; [`achievement_in`] writes any
//!   other language edition (texts missing in it fall back fi → sv → en). No language-map
//!   extension is added: OB 3.0 defines none, and an undefined term would break signing and
//!   verification of a credential that embeds the Achievement.
//! - **id**: the badge id when it is already a URI (`https:`, `urn:`, `did:`), else
//!   `urn:osaava:badge:<id>:<version>`; importing that URN gives back `<id>`.
//! - **criteria**: `{narrative}` with one Markdown list item per criterion and each key point
//!   as a nested item, the form the importer splits back into the same criteria.
//! - **alignment**: `targetUrl` is required by OB 3.0: the alignment's URL, else its code when
//!   that is a URL (ESCO), else `urn:osaava:code:<code>`. Finnish codes get
//!   `targetType` `ext:FinnishQualificationUnit` / `ext:FinnishNationalBadge` and, in
//!   `targetDescription`, the competence points ("35 osp") and qualification
//!   (`koulutus_371101`) that the importer reads back.
//! - `description` is required by OB 3.0: a badge without one gets its name there.
//! - Not carried (Osaava's template format is the lossless one): guidance, evidence
//!   requirements, `mandatory`, evidence currency and validity.
//! - `achievementType` is `Competency`; `creator` is a Profile when the issuer is known;
//!   `version` is the source's version label.

use crate::badge::{Alignment, AlignmentKind, Badge};
use crate::import::criteria_text::{to_markdown, Item};
use crate::localized::{Lang, LocalizedText};
use serde_json::{json, Map, Value};

pub const CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The badge as an OB 3.0 `Achievement` JSON object, in the badge's first language.
pub fn achievement(badge: &Badge) -> Value {
    achievement_in(badge, primary_language(badge))
}

/// The first language of fi → sv → en in which the badge has a name.
pub fn primary_language(badge: &Badge) -> Lang {
    Lang::ALL
        .into_iter()
        .find(|l| badge.name.get(*l).is_some())
        .unwrap_or(Lang::Fi)
}

/// The badge as an OB 3.0 `Achievement` in `lang` (see the module documentation).
pub fn achievement_in(badge: &Badge, lang: Lang) -> Value {
    let name = badge.name.show(lang);
    let description = Some(badge.description.show(lang))
        .filter(|d| !d.is_empty())
        .unwrap_or(name);
    let items: Vec<Item> = badge
        .criteria
        .iter()
        .map(|c| Item {
            text: c.text.show(lang).to_string(),
            key_points: c
                .key_points
                .iter()
                .map(|k| k.show(lang).to_string())
                .filter(|k| !k.is_empty())
                .collect(),
        })
        .collect();

    let mut a = Map::new();
    a.insert("@context".into(), json!(CONTEXT));
    a.insert("id".into(), json!(achievement_id(badge)));
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("achievementType".into(), json!("Competency"));
    a.insert("name".into(), json!(name));
    a.insert("description".into(), json!(description));
    a.insert(
        "criteria".into(),
        json!({ "narrative": to_markdown(&items) }),
    );
    a.insert("inLanguage".into(), json!(lang.code()));
    if let Some(v) = &badge.source_version {
        a.insert("version".into(), json!(v));
    }
    if let Some(image) = &badge.image {
        a.insert("image".into(), json!({ "id": image, "type": "Image" }));
    }
    if let Some(issuer) = badge.issuer.as_deref().filter(|i| !i.trim().is_empty()) {
        a.insert("creator".into(), creator(issuer));
    }
    if !badge.alignments.is_empty() {
        let list: Vec<Value> = badge
            .alignments
            .iter()
            .map(|al| alignment(al, lang))
            .collect();
        a.insert("alignment".into(), Value::Array(list));
    }
    Value::Object(a)
}

/// The Achievement's id (see the module documentation).
pub fn achievement_id(badge: &Badge) -> String {
    if is_uri(&badge.id) {
        badge.id.clone()
    } else {
        format!(
            "urn:osaava:badge:{}:{}",
            urn_encode(&badge.id),
            badge.version
        )
    }
}

fn is_uri(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("urn:")
        || lower.starts_with("did:"))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn creator(issuer: &str) -> Value {
    if is_uri(issuer) {
        json!({ "id": issuer, "type": ["Profile"] })
    } else {
        json!({ "id": format!("urn:osaava:issuer:{}", urn_encode(issuer)), "type": ["Profile"], "name": issuer })
    }
}

fn alignment(al: &Alignment, lang: Lang) -> Value {
    let code = al.code.as_deref().filter(|c| !c.trim().is_empty());
    let name = Some(al.name.show(lang))
        .filter(|n| !n.is_empty())
        .or(code)
        .unwrap_or("alignment");
    let url = match (&al.url, code) {
        (Some(u), _) if is_uri(u) => u.clone(),
        (_, Some(c)) if is_uri(c) => c.to_string(),
        (_, Some(c)) => format!("urn:osaava:code:{}", urn_encode(c)),
        (_, None) => format!("urn:osaava:alignment:{}", urn_encode(name)),
    };
    let mut m = Map::new();
    m.insert("type".into(), json!(["Alignment"]));
    m.insert("targetName".into(), json!(name));
    m.insert("targetUrl".into(), json!(url));
    if let Some(c) = code {
        m.insert("targetCode".into(), json!(c));
    }
    if let Some(f) = &al.framework {
        m.insert("targetFramework".into(), json!(f));
    }
    let target_type = match al.kind {
        AlignmentKind::QualificationUnit => Some("ext:FinnishQualificationUnit"),
        AlignmentKind::NationalBadge => Some("ext:FinnishNationalBadge"),
        AlignmentKind::EscoSkill => Some("ceasn:Competency"),
        AlignmentKind::Framework => None,
    };
    if let Some(t) = target_type {
        m.insert("targetType".into(), json!(t));
    }
    if let Some(d) = target_description(al, lang) {
        m.insert("targetDescription".into(), json!(d));
    }
    Value::Object(m)
}

/// "Tutkinnon osa, 35 osp, koulutus_371101" and the like, in `lang`.
fn target_description(al: &Alignment, lang: Lang) -> Option<String> {
    let kind = match al.kind {
        AlignmentKind::QualificationUnit => {
            LocalizedText::new("Tutkinnon osa", "Examensdel", "Qualification unit")
        }
        AlignmentKind::NationalBadge => LocalizedText::new(
            "Osaamismerkki",
            "Kompetensmärke",
            "National competence badge",
        ),
        AlignmentKind::EscoSkill => {
            LocalizedText::new("ESCO-taito", "ESCO-färdighet", "ESCO skill")
        }
        AlignmentKind::Framework => return None,
    };
    let mut parts = vec![kind.show(lang).to_string()];
    if let Some(p) = al.competence_points {
        parts.push(match lang {
            Lang::Fi => format!("{p} osp"),
            Lang::Sv => format!("{p} kompetenspoäng"),
            Lang::En => format!("{p} competence points"),
        });
    }
    if let Some(q) = &al.qualification {
        parts.push(q.clone());
    }
    Some(parts.join(", "))
}

/// Percent-encodes everything but unreserved characters, for use inside a URN.
pub(crate) fn urn_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undoes [`urn_encode`]; malformed escapes are kept as they are.
pub(crate) fn urn_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::badge::{Criterion, EvidenceRequirement, SourceFormat};

    fn badge() -> Badge {
        Badge {
            id: "osaava-aseptic-work".into(),
            version: 2,
            source_version: Some("2026-1".into()),
            name: LocalizedText::new("Aseptinen työskentely", "Aseptiskt arbete", "Aseptic work"),
            description: LocalizedText::new("Kuvaus", "", "Description"),
            issuer: Some("Osaava".into()),
            criteria: vec![Criterion {
                id: "hand-hygiene".into(),
                text: LocalizedText::new(
                    "Toteuttaa käsihygienian",
                    "Handhygien",
                    "Performs hand hygiene",
                ),
                guidance: LocalizedText::default(),
                key_points: vec![LocalizedText::new("pesee kädet", "", "")],
                mandatory: true,
                evidence: EvidenceRequirement::default(),
            }],
            alignments: vec![Alignment {
                kind: AlignmentKind::QualificationUnit,
                code: Some("tutkinnonosat_106228".into()),
                name: LocalizedText::new("Ikääntyvien osallisuuden edistäminen", "", ""),
                url: None,
                competence_points: Some(35),
                qualification: Some("koulutus_371101".into()),
                framework: None,
            }],
            evidence_currency_years: 5,
            validity_years: None,
            source_format: SourceFormat::OsaavaTemplate,
            image: None,
        }
    }

    #[test]
    fn required_fields_in_the_first_language() {
        let a = achievement(&badge());
        assert_eq!(a["@context"], json!(CONTEXT));
        assert_eq!(a["type"], json!(["Achievement"]));
        assert_eq!(a["id"], "urn:osaava:badge:osaava-aseptic-work:2");
        assert_eq!(a["name"], "Aseptinen työskentely");
        assert_eq!(a["inLanguage"], "fi");
        assert_eq!(a["achievementType"], "Competency");
        assert_eq!(
            a["criteria"]["narrative"],
            "- Toteuttaa käsihygienian\n  - pesee kädet"
        );
        assert_eq!(a["creator"]["name"], "Osaava");
        assert_eq!(a["version"], "2026-1");
        let al = &a["alignment"][0];
        assert_eq!(al["type"], json!(["Alignment"]));
        assert_eq!(al["targetUrl"], "urn:osaava:code:tutkinnonosat_106228");
        assert_eq!(
            al["targetDescription"],
            "Tutkinnon osa, 35 osp, koulutus_371101"
        );
    }

    #[test]
    fn other_language_editions_fall_back_per_text() {
        let a = achievement_in(&badge(), Lang::Sv);
        assert_eq!(a["name"], "Aseptiskt arbete");
        assert_eq!(
            a["description"], "Kuvaus",
            "no Swedish description: falls back to Finnish"
        );
        assert_eq!(
            a["alignment"][0]["targetDescription"],
            "Examensdel, 35 kompetenspoäng, koulutus_371101"
        );
    }

    #[test]
    fn uri_ids_are_kept() {
        let mut b = badge();
        b.id = "https://example.org/badges/5".into();
        assert_eq!(achievement(&b)["id"], "https://example.org/badges/5");
        b.id = "ä b:c".into();
        assert_eq!(achievement_id(&b), "urn:osaava:badge:%C3%A4%20b%3Ac:2");
        assert_eq!(urn_decode("%C3%A4%20b%3Ac"), "ä b:c");
        assert_eq!(urn_decode("50%"), "50%");
    }
}
