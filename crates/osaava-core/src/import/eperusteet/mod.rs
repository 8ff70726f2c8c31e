//! ePerusteet (the national qualification requirements service): national badges
//! (osaamismerkit) and qualification units (tutkinnon osat).
//!
//! Texts are localisation objects `{"fi", "sv", "en", "_id", "_tunniste", …}`; other keys are
//! ignored, `-` means "not translated", and every text is treated as HTML and reduced to plain
//! text (see [`super::text::html_to_text`]), which also removes any `<script>`.

pub(crate) mod badge;
pub(crate) mod unit;

use super::node::Node;
use super::text::{html_to_text, is_placeholder};
use super::ImportError;
use crate::localized::{Lang, LocalizedText};
use serde_json::Value;
use std::collections::HashSet;

/// A localisation object as plain text. A bare string is taken as Finnish.
pub(crate) fn loc(node: Option<Node<'_>>) -> Result<LocalizedText, ImportError> {
    let Some(n) = node else {
        return Ok(LocalizedText::default());
    };
    let mut out = LocalizedText::default();
    let mut put = |lang: Lang, s: &str| {
        let t = html_to_text(s);
        if !is_placeholder(&t) {
            out.set(lang, &t);
        }
    };
    match n.v {
        Value::String(s) => put(Lang::Fi, s),
        Value::Object(_) => {
            for lang in Lang::ALL {
                if let Some(s) = n.opt_str(lang.code())? {
                    put(lang, s);
                }
            }
        }
        _ => return Err(n.expected("a text by language, as {\"fi\": …, \"sv\": …}")),
    }
    Ok(out)
}

/// Joins texts per language with `sep`, leaving out what is missing in that language.
pub(crate) fn join(parts: &[&LocalizedText], sep: &str) -> LocalizedText {
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        let texts: Vec<&str> = parts.iter().filter_map(|p| p.get(lang)).collect();
        if !texts.is_empty() {
            out.set(lang, &texts.join(sep));
        }
    }
    out
}

/// The same fixed words in three languages.
pub(crate) fn words(fi: &str, sv: &str, en: &str) -> LocalizedText {
    LocalizedText::new(fi, sv, en)
}

/// `label: text` per language, only where the text exists.
pub(crate) fn labelled(label: &LocalizedText, text: &LocalizedText) -> LocalizedText {
    let mut out = LocalizedText::default();
    for lang in Lang::ALL {
        if let Some(t) = text.get(lang) {
            out.set(lang, &format!("{}: {t}", label.show(lang)));
        }
    }
    out
}

/// Makes criterion ids unique by suffixing `-2`, `-3`, … to repeats.
pub(crate) fn unique_ids(ids: &mut [String]) {
    let mut seen = HashSet::new();
    for id in ids.iter_mut() {
        if !seen.insert(id.clone()) {
            let mut n = 2;
            while !seen.insert(format!("{id}-{n}")) {
                n += 1;
            }
            *id = format!("{id}-{n}");
        }
    }
}

/// ePerusteet times are epoch milliseconds; the date (UTC) is the version label we keep.
pub(crate) fn modified_date(node: &Node<'_>) -> Option<String> {
    let ms = node.v.get("muokattu")?.as_i64()?;
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn localisation_objects_drop_placeholders_and_html() {
        let v = json!({"fi": "<p>Kuvausta</p>", "sv": "-", "_id": "9188002", "_tunniste": "f3bb", "ru": "x"});
        assert_eq!(
            loc(Some(Node::root(&v))).unwrap(),
            LocalizedText::new("Kuvausta", "", "")
        );
        let v = json!({"fi": 5});
        assert_eq!(
            loc(Some(Node::root(&v))).unwrap_err().to_string(),
            "$.fi: expected a string, found the number 5"
        );
    }

    #[test]
    fn dates_from_epoch_milliseconds() {
        let v = json!({"muokattu": 1704794362422_i64});
        assert_eq!(
            modified_date(&Node::root(&v)).as_deref(),
            Some("2024-01-09")
        );
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let mut ids = vec!["a".to_string(), "a".into(), "b".into(), "a".into()];
        unique_ids(&mut ids);
        assert_eq!(ids, ["a", "a-2", "b", "a-3"]);
    }
}
