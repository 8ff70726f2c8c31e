//! Warnings about client or patient data in evidence and free text.
//!
//! Evidence must never hold client or patient data (DOMAIN.md, Privacy). Two checks, kept modest so
//! that a warning means something:
//!
//! 1. **Personal identity code**: a henkilötunnus with a real date and a valid check character
//!    (see [`super::hetu`]). Whoever it belongs to, it does not belong in evidence.
//! 2. **A client named**: a word for a client, patient or resident (fi *asiakas, potilas, asukas*
//!    in any inflection; sv *klient, patient, boende*; en *client, patient, resident*) followed
//!    directly by a capitalised word ("asiakasta Mattia") or an initial with a dot ("potilas M.").
//!    A few capitalised system names (Kanta, Kela, …) are not names. "asiakas A" (a single capital
//!    letter without a dot) is the recommended way to refer to someone and is not flagged.
//!
//! These are warnings, not refusals: the assessor decides. They say where (field and line) and never
//! repeat the code itself.

use super::hetu;
use crate::localized::Lang;
use serde::{Deserialize, Serialize};

/// Which text a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TextField {
    EvidenceFile,
    EvidenceFileName,
    EvidenceNote,
    EvidenceAuthor,
    SelfAssessmentExample,
    InterviewNote,
    Rationale,
    Justification,
}

impl TextField {
    pub fn label(self, lang: Lang) -> &'static str {
        use TextField::*;
        match (self, lang) {
            (EvidenceFile, Lang::Fi) => "todisteen tiedosto",
            (EvidenceFile, Lang::Sv) => "bevisets fil",
            (EvidenceFile, Lang::En) => "the evidence file",
            (EvidenceFileName, Lang::Fi) => "tiedoston nimi",
            (EvidenceFileName, Lang::Sv) => "filens namn",
            (EvidenceFileName, Lang::En) => "the file name",
            (EvidenceNote, Lang::Fi) => "todisteen huomautus",
            (EvidenceNote, Lang::Sv) => "bevisets anteckning",
            (EvidenceNote, Lang::En) => "the evidence note",
            (EvidenceAuthor, Lang::Fi) => "laatija tai lähde",
            (EvidenceAuthor, Lang::Sv) => "upphovsperson eller källa",
            (EvidenceAuthor, Lang::En) => "the author or source",
            (SelfAssessmentExample, Lang::Fi) => "itsearvioinnin esimerkki",
            (SelfAssessmentExample, Lang::Sv) => "självbedömningens exempel",
            (SelfAssessmentExample, Lang::En) => "the self-assessment example",
            (InterviewNote, Lang::Fi) => "haastattelumuistiinpano",
            (InterviewNote, Lang::Sv) => "intervjuanteckningen",
            (InterviewNote, Lang::En) => "the interview note",
            (Rationale, Lang::Fi) => "arvion perustelu",
            (Rationale, Lang::Sv) => "motiveringen till bedömningen",
            (Rationale, Lang::En) => "the rating rationale",
            (Justification, Lang::Fi) => "päätöksen perustelu",
            (Justification, Lang::Sv) => "motiveringen till beslutet",
            (Justification, Lang::En) => "the decision justification",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum PrivacyFinding {
    /// A valid henkilötunnus; `masked` shows only its century sign.
    PersonalIdentityCode { masked: String },
    /// A client/patient/resident word followed by what looks like a name; `word` is that word.
    ClientName { word: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct PrivacyWarning {
    pub field: TextField,
    /// 1-based line of the text where it was found.
    pub line: u32,
    #[serde(flatten)]
    pub finding: PrivacyFinding,
}

impl PrivacyWarning {
    pub fn message(&self, lang: Lang) -> String {
        let field = self.field.label(lang);
        let line = self.line;
        match (&self.finding, lang) {
            (PrivacyFinding::PersonalIdentityCode { masked }, Lang::Fi) => format!(
                "Kohdassa {field} (rivi {line}) näyttää olevan henkilötunnus ({masked}). Poista se: \
                 todisteissa ei saa olla henkilötunnuksia eikä asiakkaiden tai potilaiden tietoja."
            ),
            (PrivacyFinding::PersonalIdentityCode { masked }, Lang::Sv) => format!(
                "I {field} (rad {line}) verkar det finnas en personbeteckning ({masked}). Ta bort den: \
                 bevis får inte innehålla personbeteckningar eller uppgifter om klienter eller patienter."
            ),
            (PrivacyFinding::PersonalIdentityCode { masked }, Lang::En) => format!(
                "{} (line {line}) seems to contain a Finnish personal identity code ({masked}). Remove it: \
                 evidence must not hold identity codes or client or patient data.",
                capitalise(field)
            ),
            (PrivacyFinding::ClientName { word }, Lang::Fi) => format!(
                "Kohdassa {field} (rivi {line}) sanan ”{word}” perässä on nimeltä näyttävä sana. \
                 Kuvaa asiakas tai potilas tunnistamattomasti, esimerkiksi ”asiakas A”."
            ),
            (PrivacyFinding::ClientName { word }, Lang::Sv) => format!(
                "I {field} (rad {line}) följs ordet ”{word}” av något som ser ut som ett namn. \
                 Beskriv klienten eller patienten så att hen inte kan identifieras, till exempel ”klient A”."
            ),
            (PrivacyFinding::ClientName { word }, Lang::En) => format!(
                "In {field} (line {line}) the word “{word}” is followed by what looks like a name. \
                 Describe the client or patient so they cannot be identified, for example “client A”."
            ),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Word stems for a client, patient or resident (lower case).
const CLIENT_STEMS: &[&str] = &[
    "asiakas", "asiakk", "asiaka", "potila", "asukas", "asukk",
    "asuka", // fi, every inflection
    "klient", "patient", "boende", // sv
    "client", "resident", // en ("patient" above)
];

/// Capitalised words that follow "asiakas" and the like without being a person.
const NOT_NAMES: &[&str] = &[
    "kanta",
    "omakanta",
    "kela",
    "apotti",
    "pegasos",
    "lifecare",
    "effica",
    "sote",
    "kansalliset",
];

fn is_client_word(token: &str) -> bool {
    let lower = token.to_lowercase();
    lower.chars().all(char::is_alphabetic) && CLIENT_STEMS.iter().any(|s| lower.starts_with(s))
}

/// "Matti", "Mattia", "Virtanen", "M." or "M.V." — but not "A" alone or a known system name.
fn looks_like_name(token: &str) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest: String = chars.collect();
    if rest.starts_with('.') {
        // Initials: M. or M.V. or M.V
        return token
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    }
    let word: String = token.chars().take_while(|c| c.is_alphabetic()).collect();
    let tail: String = word.chars().skip(1).collect();
    let tail_ok = tail.chars().count() >= 1 && tail.chars().all(char::is_lowercase);
    let stem = word.to_lowercase();
    tail_ok && !NOT_NAMES.iter().any(|n| stem.starts_with(n))
}

/// Every warning about `text`, in order of appearance.
pub fn scan_text(text: &str, field: TextField) -> Vec<PrivacyWarning> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut found: Vec<(usize, PrivacyFinding)> = hetu::find(line)
            .into_iter()
            .map(|r| {
                (
                    r.start,
                    PrivacyFinding::PersonalIdentityCode {
                        masked: hetu::mask(&line[r]),
                    },
                )
            })
            .collect();
        let tokens: Vec<(usize, &str)> = line
            .split_whitespace()
            .map(|t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
            .collect();
        for pair in tokens.windows(2) {
            let ((at, word), (_, next)) = (pair[0], pair[1]);
            if is_client_word(word) && looks_like_name(next) {
                found.push((
                    at,
                    PrivacyFinding::ClientName {
                        word: word.to_string(),
                    },
                ));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        out.extend(found.into_iter().map(|(_, finding)| PrivacyWarning {
            field,
            line: line_no,
            finding,
        }));
    }
    out
}

/// Warnings about file content: the whole text of a UTF-8 text file; for other documents only
/// identity codes in text that is stored uncompressed (compressed PDF streams and office documents
/// are not unpacked, so their absence of warnings proves nothing). Audio and images: none.
pub fn scan_bytes(bytes: &[u8], is_text: bool) -> Vec<PrivacyWarning> {
    if is_text {
        let text =
            std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).unwrap_or("");
        return scan_text(text, TextField::EvidenceFile);
    }
    let lossy = String::from_utf8_lossy(bytes);
    scan_text(&lossy, TextField::EvidenceFile)
        .into_iter()
        .filter(|w| matches!(w.finding, PrivacyFinding::PersonalIdentityCode { .. }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        scan_text(text, TextField::InterviewNote)
            .into_iter()
            .map(|w| match w.finding {
                PrivacyFinding::PersonalIdentityCode { .. } => format!("hetu@{}", w.line),
                PrivacyFinding::ClientName { word } => format!("{word}@{}", w.line),
            })
            .collect()
    }

    #[test]
    fn warns_about_a_valid_identity_code_only() {
        assert_eq!(codes("Hoidettava 131052-308T kotiutui."), ["hetu@1"]);
        assert_eq!(codes("rivi\nuusi hetu 010594Y9021"), ["hetu@2"]);
        assert!(
            codes("Laskun viite 131052-308X").is_empty(),
            "wrong check character"
        );
        assert!(codes("Puhelin 040-1234567").is_empty());
    }

    #[test]
    fn warns_about_a_named_client_in_each_language() {
        assert_eq!(
            codes("Autoin asiakasta Mattia pukeutumaan."),
            ["asiakasta@1"]
        );
        assert_eq!(codes("Potilaan Virtasen lääkkeet"), ["Potilaan@1"]);
        assert_eq!(codes("Asukas M.V. kaatui"), ["Asukas@1"]);
        assert_eq!(codes("Jag hjälpte klienten Anna"), ["klienten@1"]);
        assert_eq!(codes("The patient John fell"), ["patient@1"]);
        assert_eq!(codes("the resident Mrs. Smith"), ["resident@1"]);
    }

    #[test]
    fn does_not_warn_about_anonymous_or_ordinary_text() {
        assert!(codes("Asiakkaan kanssa keskustelin rauhallisesti.").is_empty());
        assert!(
            codes("asiakas A ja asiakas B").is_empty(),
            "single letters are the advice"
        );
        assert!(codes("Kirjasin asiakkaan Kanta-palveluun.").is_empty());
        assert!(codes("Kirjasin asiakastietoihin. Matti auttoi.").is_empty());
        assert!(
            codes("Asiakas. Seuraava lause alkaa isolla.").is_empty(),
            "punctuation ends the phrase"
        );
    }

    #[test]
    fn messages_name_the_field_and_line_but_not_the_code() {
        let w = &scan_text("ok\n131052-308T", TextField::EvidenceNote)[0];
        assert_eq!(w.line, 2);
        for lang in Lang::ALL {
            let m = w.message(lang);
            assert!(!m.contains("131052"), "{m}");
            assert!(m.contains('2'), "{m}");
        }
        assert!(w.message(Lang::Fi).contains("todisteen huomautus"));
        assert!(w
            .message(Lang::En)
            .starts_with("The evidence note (line 2)"));
        let json = serde_json::to_value(w).unwrap();
        assert_eq!(json["code"], "personal-identity-code");
        assert_eq!(json["field"], "evidence-note");
        assert_eq!(json["masked"], "••••••-••••");
    }

    #[test]
    fn scans_file_bytes() {
        let text = "\u{FEFF}Hoitosuunnitelma\nasiakas Aino Virtanen 131052-308T".as_bytes();
        assert_eq!(scan_bytes(text, true).len(), 2);
        // In a binary document only identity codes are looked for.
        let mut pdf = b"%PDF-1.4\n(asiakas Aino) Tj (131052-308T) Tj".to_vec();
        pdf.extend_from_slice(&[0xff, 0x00, 0x12]);
        let w = scan_bytes(&pdf, false);
        assert_eq!(w.len(), 1);
        assert!(matches!(
            w[0].finding,
            PrivacyFinding::PersonalIdentityCode { .. }
        ));
    }
}
