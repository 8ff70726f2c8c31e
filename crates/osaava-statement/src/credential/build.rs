//! The unsigned OpenBadgeCredential for a statement.
//!
//! Decisions (see also the module documentation of `credential`):
//! - **What is claimed.** "Recognised": the whole badge, with a result for every assessed
//!   criterion. "Partially recognised": only the criteria rated "meets" make up the
//!   achievement, and it says so four ways: its `id` (`urn:osaava:badge-part:…` naming the
//!   criteria), its `name` and `description`, its criteria narrative (only those criteria), and
//!   `tag` `partially-recognised`; results are given for those criteria only. "Not yet" gets no
//!   credential.
//! - **Results.** Each criterion is a `ResultDescription` of type `RubricCriterionLevel` whose
//!   levels are Osaava's ratings (does not meet, partially meets, meets), with `requiredLevel`
//!   "meets" for a mandatory criterion; the subject's `Result` names the achieved level.
//! - **The employee** is an `IdentityObject` with `identityType` `name`, hashed:
//!   `sha256$hex(SHA-256(name ‖ salt))`, the name trimmed and in Unicode NFC. The credential is made to be shown to others (wallets,
//!   badge pages) where a plain name would be read and indexed by anyone; the hash still lets a
//!   college that has the statement PDF (or is told the name) check whose credential it is
//!   ([`super::VerifiedCredential::identity_matches`]). The salt is 128 bits derived from the
//!   statement id and the employee's internal id, so two credentials of one person cannot be
//!   linked by their hashes, and issuing the same statement again gives the same credential.
//!   A name is guessable, so the hash hides it from casual readers, not from someone testing
//!   a guess.
//! - **Evidence** is summarised per (kind, date, authenticity checked): its kind, date and the
//!   criteria it supports. Never rationales, file names or contents, or anything about clients.
//! - **Issuer**: a Profile whose `id` is the organisation's `did:key`, with its name and the
//!   business ID as `otherIdentifier` of `identifierType` `ext:FinnishBusinessId` (OB 3.0's
//!   identifier types have no business-register kind; `ext:` is its extension form).
//! - Texts are in the statement's language, named by the achievement's `inLanguage`. No numbers
//!   (competence points go into `targetDescription` as text), so no float formatting can make
//!   two canonicalisers disagree.

use std::collections::BTreeMap;

use chrono::{NaiveDate, SecondsFormat};
use osaava_core::badge::{AlignmentKind, EvidenceKind};
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::Lang;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::jsonld::CONTEXT;
use super::CredentialError;
use crate::model::{AlignmentLine, CriterionLine, Statement};

/// The levels of every criterion's rubric, worst first.
const LEVELS: [Rating; 3] = [Rating::DoesNotMeet, Rating::PartiallyMeets, Rating::Meets];

pub fn build_credential(statement: &Statement, issuer_did: &str) -> Result<Value, CredentialError> {
    let lang = statement.language;
    let t = Texts::of(lang);
    let partial = match statement.decision {
        Decision::Recognised => false,
        Decision::PartiallyRecognised => true,
        Decision::NotYet => return Err(CredentialError::NothingRecognised),
    };
    let included: Vec<&CriterionLine> = statement
        .criteria
        .iter()
        .filter(|c| {
            if partial {
                c.rating == Rating::Meets
            } else {
                c.rating.is_assessed()
            }
        })
        .collect();
    if included.is_empty() {
        return Err(CredentialError::NothingRecognised);
    }
    let badge = &statement.badge;
    let achievement_id = if partial {
        let ids: Vec<String> = included.iter().map(|c| urn_encode(&c.id)).collect();
        format!(
            "urn:osaava:badge-part:{}:{}:{}",
            urn_encode(&badge.id),
            badge.version,
            ids.join(",")
        )
    } else if is_uri(&badge.id) {
        badge.id.clone()
    } else {
        format!(
            "urn:osaava:badge:{}:{}",
            urn_encode(&badge.id),
            badge.version
        )
    };
    let total = statement.criteria.len();
    let (name, description) = if partial {
        (
            t.partial_name(&badge.name, included.len(), total),
            format!(
                "{}\n\n{}",
                badge.description.trim(),
                t.partial_note(included.len(), total)
            ),
        )
    } else {
        (badge.name.clone(), badge.description.trim().to_string())
    };
    let narrative: String = included
        .iter()
        .map(|c| format!("- {}\n", c.text.trim()))
        .collect();

    let criterion_id = |c: &CriterionLine| {
        format!(
            "urn:osaava:criterion:{}:{}:{}",
            urn_encode(&badge.id),
            badge.version,
            urn_encode(&c.id)
        )
    };
    let level_id = |r: Rating| format!("urn:osaava:rating:{}", r.code());
    let result_descriptions: Vec<Value> = included
        .iter()
        .map(|c| {
            let mut rd = Map::new();
            rd.insert("id".into(), json!(criterion_id(c)));
            rd.insert("type".into(), json!(["ResultDescription"]));
            rd.insert("name".into(), json!(c.text.trim()));
            rd.insert("resultType".into(), json!("RubricCriterionLevel"));
            let levels: Vec<Value> = LEVELS
                .iter()
                .map(|r| json!({"id": level_id(*r), "type": ["RubricCriterionLevel"], "name": r.label(lang)}))
                .collect();
            rd.insert("rubricCriterionLevel".into(), Value::Array(levels));
            if c.mandatory {
                rd.insert("requiredLevel".into(), json!(level_id(Rating::Meets)));
            }
            Value::Object(rd)
        })
        .collect();
    let results: Vec<Value> = included
        .iter()
        .map(|c| json!({"type": ["Result"], "resultDescription": criterion_id(c), "achievedLevel": level_id(c.rating)}))
        .collect();

    let mut achievement = Map::new();
    achievement.insert("id".into(), json!(achievement_id));
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("achievementType".into(), json!("Competency"));
    achievement.insert("name".into(), json!(name));
    achievement.insert("description".into(), json!(description));
    achievement.insert("criteria".into(), json!({ "narrative": narrative }));
    achievement.insert("inLanguage".into(), json!(lang.code()));
    achievement.insert("version".into(), json!(badge.version.to_string()));
    achievement.insert("tag".into(), json!([statement.decision.code()]));
    if !statement.alignments.is_empty() {
        let list: Vec<Value> = statement
            .alignments
            .iter()
            .map(|a| alignment(a, &t, partial.then_some((included.len(), total))))
            .collect();
        achievement.insert("alignment".into(), Value::Array(list));
    }
    achievement.insert(
        "resultDescription".into(),
        Value::Array(result_descriptions),
    );

    let subject = json!({
        "type": ["AchievementSubject"],
        "identifier": [identity(statement)],
        "achievement": Value::Object(achievement),
        "result": results,
    });

    let mut credential = Map::new();
    credential.insert("@context".into(), json!(CONTEXT));
    credential.insert("id".into(), json!(format!("urn:uuid:{}", statement.id)));
    credential.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    credential.insert("name".into(), json!(name));
    credential.insert(
        "description".into(),
        json!(t.credential_description(statement.decision, &statement.organisation.name)),
    );
    credential.insert(
        "issuer".into(),
        json!({
            "id": issuer_did,
            "type": ["Profile"],
            "name": statement.organisation.name,
            "otherIdentifier": [{
                "type": "IdentifierEntry",
                "identifier": statement.organisation.business_id,
                "identifierType": "ext:FinnishBusinessId",
            }],
        }),
    );
    credential.insert(
        "validFrom".into(),
        json!(statement
            .issued_at
            .to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    credential.insert("credentialSubject".into(), subject);
    let evidence = evidence(&included, &t);
    if !evidence.is_empty() {
        credential.insert("evidence".into(), Value::Array(evidence));
    }
    Ok(Value::Object(credential))
}

/// The salt for the employee's name (see the module documentation).
fn salt(statement: &Statement) -> String {
    let mut h = Sha256::new();
    h.update(b"osaava credential identity salt\0");
    h.update(statement.id.as_bytes());
    h.update(statement.employee.id.as_bytes());
    hex::encode(&h.finalize()[..16])
}

/// OB 3.0's IdentityHash: `sha256$` and the hex SHA-256 of the identity followed by the salt.
pub fn identity_hash(identity: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(identity.as_bytes());
    h.update(salt.as_bytes());
    format!("sha256${}", hex::encode(h.finalize()))
}

/// A name as it is hashed: trimmed and in Unicode NFC, so that "å" typed on a keyboard matches
/// an "å" stored decomposed.
pub fn normalise_name(name: &str) -> String {
    name.trim().nfc().collect()
}

fn identity(statement: &Statement) -> Value {
    let salt = salt(statement);
    json!({
        "type": "IdentityObject",
        "identityHash": identity_hash(&normalise_name(&statement.employee.name), &salt),
        "identityType": "name",
        "hashed": true,
        "salt": salt,
    })
}

fn alignment(a: &AlignmentLine, t: &Texts, partial: Option<(usize, usize)>) -> Value {
    let code = a.code.trim();
    let mut m = Map::new();
    m.insert("type".into(), json!(["Alignment"]));
    m.insert(
        "targetName".into(),
        json!(if a.name.trim().is_empty() {
            code
        } else {
            a.name.trim()
        }),
    );
    m.insert(
        "targetUrl".into(),
        json!(if is_uri(code) {
            code.to_string()
        } else {
            format!("urn:osaava:code:{}", urn_encode(code))
        }),
    );
    m.insert("targetCode".into(), json!(code));
    if let Some(f) = t.framework(a.kind) {
        m.insert("targetFramework".into(), json!(f));
    }
    let target_type = match a.kind {
        AlignmentKind::QualificationUnit => Some("ext:FinnishQualificationUnit"),
        AlignmentKind::NationalBadge => Some("ext:FinnishNationalBadge"),
        AlignmentKind::EscoSkill => Some("ceasn:Competency"),
        AlignmentKind::Framework => None,
    };
    if let Some(tt) = target_type {
        m.insert("targetType".into(), json!(tt));
    }
    let mut description = vec![t.alignment_kind(a.kind).to_string()];
    if let Some(p) = a.competence_points {
        description.push(t.points(p));
    }
    if let Some((n, total)) = partial {
        description.push(t.partial_alignment(n, total));
    }
    m.insert("targetDescription".into(), json!(description.join(", ")));
    Value::Object(m)
}

/// One Evidence per (kind, date, authenticity checked) among the included criteria.
fn evidence(included: &[&CriterionLine], t: &Texts) -> Vec<Value> {
    let mut groups: BTreeMap<(EvidenceKindKey, Option<NaiveDate>, bool), Vec<&str>> =
        BTreeMap::new();
    for c in included {
        for e in &c.evidence {
            let supports = groups
                .entry((EvidenceKindKey(e.kind), e.obtained, e.verified))
                .or_default();
            let text = c.text.trim().trim_end_matches('.');
            if !supports.contains(&text) {
                supports.push(text);
            }
        }
    }
    groups
        .into_iter()
        .map(|((kind, obtained, verified), supports)| {
            let kind_label = t.evidence_kind(kind.0);
            let date = obtained
                .map(|d| t.date(d))
                .unwrap_or_else(|| t.date_unknown.to_string());
            let checked = if verified {
                t.authenticity_checked
            } else {
                t.authenticity_not_checked
            };
            json!({
                "type": ["Evidence"],
                "name": format!("{kind_label}, {date}"),
                "description": format!("{checked}. {}: {}.", t.supports, supports.join("; ")),
                "genre": kind_label,
            })
        })
        .collect()
}

/// EvidenceKind ordered as `EvidenceKind::ALL` lists them.
#[derive(Clone, Copy, PartialEq, Eq)]
struct EvidenceKindKey(EvidenceKind);

impl Ord for EvidenceKindKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let pos = |k: EvidenceKind| EvidenceKind::ALL.iter().position(|x| *x == k);
        pos(self.0).cmp(&pos(other.0))
    }
}

impl PartialOrd for EvidenceKindKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn is_uri(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("urn:"))
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

/// Percent-encodes everything but unreserved characters, for use inside a URN.
fn urn_encode(s: &str) -> String {
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

/// The credential's words in one language.
struct Texts {
    lang: Lang,
    supports: &'static str,
    authenticity_checked: &'static str,
    authenticity_not_checked: &'static str,
    date_unknown: &'static str,
}

impl Texts {
    fn of(lang: Lang) -> Texts {
        match lang {
            Lang::Fi => Texts {
                lang,
                supports: "Tukee kriteerejä",
                authenticity_checked: "Aitous tarkistettu",
                authenticity_not_checked: "Aitoutta ei tarkistettu",
                date_unknown: "päivämäärä ei tiedossa",
            },
            Lang::Sv => Texts {
                lang,
                supports: "Stöder kriterierna",
                authenticity_checked: "Äktheten kontrollerad",
                authenticity_not_checked: "Äktheten inte kontrollerad",
                date_unknown: "datum okänt",
            },
            Lang::En => Texts {
                lang,
                supports: "Supports the criteria",
                authenticity_checked: "Authenticity checked",
                authenticity_not_checked: "Authenticity not checked",
                date_unknown: "date unknown",
            },
        }
    }

    fn partial_name(&self, badge: &str, n: usize, total: usize) -> String {
        match self.lang {
            Lang::Fi => format!("{badge} (osittain tunnustettu: {n}/{total} kriteeriä)"),
            Lang::Sv => format!("{badge} (delvis erkänd: {n} av {total} kriterier)"),
            Lang::En => format!("{badge} (partially recognised: {n} of {total} criteria)"),
        }
    }

    fn partial_note(&self, n: usize, total: usize) -> String {
        match self.lang {
            Lang::Fi => format!(
                "Osittain tunnustettu: tämä merkki kattaa vain osaamismerkin {n} kriteeriä {total}:stä, \
                 ne jotka on lueteltu kriteereissä. Muita kriteerejä ei ole tunnustettu."
            ),
            Lang::Sv => format!(
                "Delvis erkänd: detta märke omfattar endast {n} av kompetensmärkets {total} kriterier, \
                 de som räknas upp bland kriterierna. Övriga kriterier har inte erkänts."
            ),
            Lang::En => format!(
                "Partially recognised: this badge covers only {n} of the badge's {total} criteria, the ones \
                 listed in its criteria. The other criteria have not been recognised."
            ),
        }
    }

    fn partial_alignment(&self, n: usize, total: usize) -> String {
        match self.lang {
            Lang::Fi => format!("osittain: {n}/{total} merkin kriteeristä"),
            Lang::Sv => format!("delvis: {n} av märkets {total} kriterier"),
            Lang::En => format!("partially: {n} of the badge's {total} criteria"),
        }
    }

    fn credential_description(&self, decision: Decision, organisation: &str) -> String {
        let d = decision.label(self.lang);
        match self.lang {
            Lang::Fi => {
                format!("Työssä osoitetun osaamisen tunnustaminen ({d}). Myöntäjä: {organisation}.")
            }
            Lang::Sv => format!(
                "Erkännande av kunnande som visats i arbetet ({d}). Utfärdare: {organisation}."
            ),
            Lang::En => {
                format!("Recognition of competence shown at work ({d}). Issued by {organisation}.")
            }
        }
    }

    fn framework(&self, kind: AlignmentKind) -> Option<&'static str> {
        match (kind, self.lang) {
            (AlignmentKind::QualificationUnit, Lang::Fi) => {
                Some("ePerusteet: ammatillisten tutkintojen tutkinnon osat")
            }
            (AlignmentKind::QualificationUnit, Lang::Sv) => {
                Some("ePerusteet: examensdelar i yrkesinriktade examina")
            }
            (AlignmentKind::QualificationUnit, Lang::En) => {
                Some("ePerusteet: units of Finnish vocational qualifications")
            }
            (AlignmentKind::NationalBadge, Lang::Fi) => Some("Opetushallituksen osaamismerkit"),
            (AlignmentKind::NationalBadge, Lang::Sv) => {
                Some("Utbildningsstyrelsens kompetensmärken")
            }
            (AlignmentKind::NationalBadge, Lang::En) => {
                Some("Finnish National Agency for Education competence badges")
            }
            (AlignmentKind::EscoSkill, _) => Some("ESCO"),
            (AlignmentKind::Framework, _) => None,
        }
    }

    fn alignment_kind(&self, kind: AlignmentKind) -> &'static str {
        match (kind, self.lang) {
            (AlignmentKind::QualificationUnit, Lang::Fi) => "Tutkinnon osa",
            (AlignmentKind::QualificationUnit, Lang::Sv) => "Examensdel",
            (AlignmentKind::QualificationUnit, Lang::En) => "Qualification unit",
            (AlignmentKind::NationalBadge, Lang::Fi) => "Valtakunnallinen osaamismerkki",
            (AlignmentKind::NationalBadge, Lang::Sv) => "Nationellt kompetensmärke",
            (AlignmentKind::NationalBadge, Lang::En) => "National competence badge",
            (AlignmentKind::EscoSkill, Lang::Fi) => "ESCO-taito",
            (AlignmentKind::EscoSkill, Lang::Sv) => "ESCO-färdighet",
            (AlignmentKind::EscoSkill, Lang::En) => "ESCO skill",
            (AlignmentKind::Framework, Lang::Fi) => "Muu viitekehys",
            (AlignmentKind::Framework, Lang::Sv) => "Annan referensram",
            (AlignmentKind::Framework, Lang::En) => "Other framework",
        }
    }

    fn points(&self, p: u32) -> String {
        match self.lang {
            Lang::Fi => format!("{p} osp"),
            Lang::Sv => format!("{p} kompetenspoäng"),
            Lang::En => format!("{p} competence points"),
        }
    }

    fn evidence_kind(&self, kind: EvidenceKind) -> &'static str {
        use EvidenceKind::*;
        match (kind, self.lang) {
            (InterviewAnswer, Lang::Fi) => "Haastatteluvastaus",
            (InterviewAnswer, Lang::Sv) => "Intervjusvar",
            (InterviewAnswer, Lang::En) => "Interview answer",
            (Observation, Lang::Fi) => "Havainnointi työssä",
            (Observation, Lang::Sv) => "Observation i arbetet",
            (Observation, Lang::En) => "Observation at work",
            (Document, Lang::Fi) => "Asiakirja",
            (Document, Lang::Sv) => "Dokument",
            (Document, Lang::En) => "Document",
            (WorkSample, Lang::Fi) => "Työnäyte",
            (WorkSample, Lang::Sv) => "Arbetsprov",
            (WorkSample, Lang::En) => "Work sample",
            (ThirdPartyStatement, Lang::Fi) => "Esihenkilön tai ohjaajan lausunto",
            (ThirdPartyStatement, Lang::Sv) => "Utlåtande av chef eller handledare",
            (ThirdPartyStatement, Lang::En) => "Statement by a supervisor or instructor",
            (PriorCertificate, Lang::Fi) => "Aiempi todistus",
            (PriorCertificate, Lang::Sv) => "Tidigare intyg",
            (PriorCertificate, Lang::En) => "Prior certificate",
        }
    }

    fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::Fi => d.format("%-d.%-m.%Y").to_string(),
            Lang::Sv | Lang::En => d.format("%Y-%m-%d").to_string(),
        }
    }
}
