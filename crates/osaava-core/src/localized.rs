//! Text in Finnish, Swedish and English; any may be missing.

use serde::{Deserialize, Serialize};

/// A user-facing language. Finnish first: it is the language of the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale such as `fi_FI.UTF-8` or `sv_SE`; English otherwise.
    pub fn from_posix_locale(locale: &str) -> Lang {
        let code = locale.split(['_', '.', '@', '-']).next().unwrap_or("");
        Lang::parse(code).unwrap_or(Lang::En)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LocalizedText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn new(fi: &str, sv: &str, en: &str) -> Self {
        LocalizedText {
            fi: non_empty(fi),
            sv: non_empty(sv),
            en: non_empty(en),
        }
    }

    /// The same text for every language: used when a source gives only one.
    pub fn only(lang: Lang, text: &str) -> Self {
        let mut t = LocalizedText::default();
        t.set(lang, text);
        t
    }

    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fi => self.fi.as_deref(),
            Lang::Sv => self.sv.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }

    pub fn set(&mut self, lang: Lang, text: &str) {
        let slot = match lang {
            Lang::Fi => &mut self.fi,
            Lang::Sv => &mut self.sv,
            Lang::En => &mut self.en,
        };
        *slot = non_empty(text);
    }

    /// The text in `lang`, else the first present in fi → sv → en, else "".
    pub fn show(&self, lang: Lang) -> &str {
        self.get(lang)
            .or(self.fi.as_deref())
            .or(self.sv.as_deref())
            .or(self.en.as_deref())
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.fi.is_none() && self.sv.is_none() && self.en.is_none()
    }

    pub fn texts(&self) -> impl Iterator<Item = &str> {
        [&self.fi, &self.sv, &self.en]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Case-insensitive substring match in any language (`needle` already lowercased).
    pub fn contains_lowercase(&self, needle: &str) -> bool {
        self.texts().any(|t| t.to_lowercase().contains(needle))
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_fi_sv_en() {
        let t = LocalizedText {
            fi: None,
            sv: Some("Hej".into()),
            en: Some("Hi".into()),
        };
        assert_eq!(t.show(Lang::En), "Hi");
        assert_eq!(t.show(Lang::Fi), "Hej");
        assert_eq!(LocalizedText::default().show(Lang::Fi), "");
    }

    #[test]
    fn blank_text_counts_as_missing() {
        let t = LocalizedText::new("  ", "Hej", "");
        assert!(t.fi.is_none() && t.en.is_none());
        assert_eq!(t.show(Lang::Fi), "Hej");
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_posix_locale("fi_FI.UTF-8"), Lang::Fi);
        assert_eq!(Lang::from_posix_locale("sv_SE"), Lang::Sv);
        assert_eq!(Lang::from_posix_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_posix_locale(""), Lang::En);
    }

    #[test]
    fn search_ignores_case_in_every_language() {
        let t = LocalizedText::new("Lääkehoito", "Läkemedel", "Medication");
        assert!(t.contains_lowercase("lääke"));
        assert!(t.contains_lowercase("medic"));
        assert!(!t.contains_lowercase("aseptic"));
    }
}
