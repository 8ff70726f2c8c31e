//! The employee's self-assessment scale, worded like osaan.fi but about doing the work.

use crate::localized::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 1 "I can't do this yet" … 4 "I can guide others", or "can't say".
///
/// In JSON it is the number 1–4 or the string `"unsure"`, as the CLI takes it (`--level 1|2|3|4|unsure`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export, type = "1 | 2 | 3 | 4 | \"unsure\""))]
pub enum SelfLevel {
    NotYet,
    WithGuidance,
    Independently,
    CanGuideOthers,
    Unsure,
}

impl SelfLevel {
    pub const ALL: [SelfLevel; 5] = [
        SelfLevel::NotYet,
        SelfLevel::WithGuidance,
        SelfLevel::Independently,
        SelfLevel::CanGuideOthers,
        SelfLevel::Unsure,
    ];

    /// 1–4, or `None` for "can't say".
    pub fn number(self) -> Option<u8> {
        match self {
            SelfLevel::NotYet => Some(1),
            SelfLevel::WithGuidance => Some(2),
            SelfLevel::Independently => Some(3),
            SelfLevel::CanGuideOthers => Some(4),
            SelfLevel::Unsure => None,
        }
    }

    pub fn from_number(n: u8) -> Option<SelfLevel> {
        match n {
            1 => Some(SelfLevel::NotYet),
            2 => Some(SelfLevel::WithGuidance),
            3 => Some(SelfLevel::Independently),
            4 => Some(SelfLevel::CanGuideOthers),
            _ => None,
        }
    }

    /// `1`–`4` or `unsure`, as the CLI takes them.
    pub fn parse(s: &str) -> Option<SelfLevel> {
        let s = s.trim().to_ascii_lowercase();
        if s == "unsure" {
            return Some(SelfLevel::Unsure);
        }
        s.parse::<u8>().ok().and_then(SelfLevel::from_number)
    }

    pub fn code(self) -> String {
        self.number()
            .map_or_else(|| "unsure".to_string(), |n| n.to_string())
    }

    /// 1 or 2: the employee does not (yet) do this on their own.
    pub fn is_low(self) -> bool {
        matches!(self, SelfLevel::NotYet | SelfLevel::WithGuidance)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use SelfLevel::*;
        match (self, lang) {
            (NotYet, Lang::Fi) => "En osaa tätä vielä",
            (NotYet, Lang::Sv) => "Jag kan inte det här ännu",
            (NotYet, Lang::En) => "I can't do this yet",
            (WithGuidance, Lang::Fi) => "Osaan ohjattuna",
            (WithGuidance, Lang::Sv) => "Jag kan med handledning",
            (WithGuidance, Lang::En) => "I can with guidance",
            (Independently, Lang::Fi) => "Osaan itsenäisesti",
            (Independently, Lang::Sv) => "Jag kan självständigt",
            (Independently, Lang::En) => "I can on my own",
            (CanGuideOthers, Lang::Fi) => "Osaan ohjata muita",
            (CanGuideOthers, Lang::Sv) => "Jag kan handleda andra",
            (CanGuideOthers, Lang::En) => "I can guide others",
            (Unsure, Lang::Fi) => "En osaa sanoa",
            (Unsure, Lang::Sv) => "Jag kan inte säga",
            (Unsure, Lang::En) => "I can't say",
        }
    }
}

/// The prompts shown above the example text box: the situation, what I did, how it went.
pub fn example_prompts(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Fi => [
            "Millainen tilanne oli?",
            "Mitä sinä teit?",
            "Miten se päättyi?",
        ],
        Lang::Sv => ["Hurdan var situationen?", "Vad gjorde du?", "Hur gick det?"],
        Lang::En => [
            "What was the situation?",
            "What did you do?",
            "How did it go?",
        ],
    }
}

impl Serialize for SelfLevel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.number() {
            Some(n) => s.serialize_u8(n),
            None => s.serialize_str("unsure"),
        }
    }
}

impl<'de> Deserialize<'de> for SelfLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = SelfLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a level 1, 2, 3 or 4, or \"unsure\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<SelfLevel, E> {
                u8::try_from(v)
                    .ok()
                    .and_then(SelfLevel::from_number)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<SelfLevel, E> {
                u64::try_from(v)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SelfLevel, E> {
                SelfLevel::parse(v)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_a_number_or_unsure() {
        assert_eq!(
            serde_json::to_string(&SelfLevel::Independently).unwrap(),
            "3"
        );
        assert_eq!(
            serde_json::to_string(&SelfLevel::Unsure).unwrap(),
            "\"unsure\""
        );
        for l in SelfLevel::ALL {
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(serde_json::from_str::<SelfLevel>(&json).unwrap(), l);
        }
        assert_eq!(
            serde_json::from_str::<SelfLevel>("\"2\"").unwrap(),
            SelfLevel::WithGuidance
        );
        for bad in ["0", "5", "-1", "\"maybe\"", "2.5", "null"] {
            assert!(serde_json::from_str::<SelfLevel>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_cli_codes() {
        assert_eq!(SelfLevel::parse("4"), Some(SelfLevel::CanGuideOthers));
        assert_eq!(SelfLevel::parse(" UNSURE "), Some(SelfLevel::Unsure));
        assert_eq!(SelfLevel::parse("5"), None);
        for l in SelfLevel::ALL {
            assert_eq!(SelfLevel::parse(&l.code()), Some(l));
        }
    }

    #[test]
    fn low_is_one_or_two() {
        assert!(SelfLevel::NotYet.is_low() && SelfLevel::WithGuidance.is_low());
        assert!(!SelfLevel::Independently.is_low() && !SelfLevel::Unsure.is_low());
    }

    #[test]
    fn labels_in_three_languages() {
        assert_eq!(SelfLevel::NotYet.label(Lang::En), "I can't do this yet");
        assert_eq!(SelfLevel::Unsure.label(Lang::Fi), "En osaa sanoa");
        assert_eq!(
            SelfLevel::CanGuideOthers.label(Lang::Sv),
            "Jag kan handleda andra"
        );
        assert_eq!(example_prompts(Lang::En)[1], "What did you do?");
    }
}
