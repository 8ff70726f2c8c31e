//! The reasons behind a suggestion: codes with parameters, rendered in fi, sv or en.

use super::{CriterionComparison, Discrepancy, EvidenceIssue, Suggestion};
use crate::interview::rating::Rating;
use crate::localized::Lang;
use crate::selfassess::SelfLevel;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Reason {
    /// Every mandatory criterion is rated "meets" with sufficient evidence.
    AllMandatoryMet {
        count: u32,
    },
    /// Partial: these criteria would be recognised.
    CriteriaMet {
        criteria: Vec<String>,
    },
    /// No criterion is rated "meets" with sufficient evidence.
    NoneMet,
    NotRated {
        criterion: String,
    },
    RatedBelow {
        criterion: String,
        rating: Rating,
    },
    /// Fewer items count than the criterion requires.
    EvidenceShort {
        criterion: String,
        counted: u32,
        required: u32,
    },
    EvidenceWrongKind {
        criterion: String,
        items: u32,
    },
    EvidenceUndated {
        criterion: String,
        items: u32,
    },
    EvidenceOutdated {
        criterion: String,
        items: u32,
        years: u32,
    },
    EvidenceAfterDecisionDate {
        criterion: String,
        items: u32,
    },
    EvidenceNotChecked {
        criterion: String,
        items: u32,
    },
    /// Shown for the assessor's attention; it changes nothing.
    Discrepancy {
        criterion: String,
        #[cfg_attr(feature = "ts", ts(type = "1 | 2 | 3 | 4 | \"unsure\""))]
        self_level: SelfLevel,
        rating: Rating,
        direction: Discrepancy,
    },
}

fn issue_count(c: &CriterionComparison, issue: EvidenceIssue) -> u32 {
    u32::try_from(
        c.evidence
            .iter()
            .filter(|x| x.issues.contains(&issue))
            .count(),
    )
    .unwrap_or(u32::MAX)
}

/// The reasons for `suggestion`: first what decides it, then what holds each mandatory criterion
/// back (rating, then evidence), then discrepancies.
pub(super) fn reasons(
    suggestion: Suggestion,
    criteria: &[CriterionComparison],
    recognisable: &[String],
    years: u32,
) -> Vec<Reason> {
    let mut out = vec![match suggestion {
        Suggestion::Recognise => Reason::AllMandatoryMet {
            count: u32::try_from(criteria.iter().filter(|c| c.mandatory).count()).unwrap_or(0),
        },
        Suggestion::Partially => Reason::CriteriaMet {
            criteria: recognisable.to_vec(),
        },
        Suggestion::NotYet => Reason::NoneMet,
    }];
    for c in criteria.iter().filter(|c| c.mandatory && !c.recognisable) {
        let criterion = || c.id.clone();
        match c.rating {
            Rating::NotAssessed => out.push(Reason::NotRated {
                criterion: criterion(),
            }),
            Rating::DoesNotMeet | Rating::PartiallyMeets => out.push(Reason::RatedBelow {
                criterion: criterion(),
                rating: c.rating,
            }),
            Rating::Meets => {}
        }
        if c.sufficient {
            continue;
        }
        out.push(Reason::EvidenceShort {
            criterion: criterion(),
            counted: c.counted,
            required: c.required,
        });
        use EvidenceIssue::*;
        for issue in [WrongKind, Undated, Outdated, AfterDecisionDate, NotChecked] {
            let items = issue_count(c, issue);
            if items == 0 {
                continue;
            }
            let criterion = criterion();
            out.push(match issue {
                WrongKind => Reason::EvidenceWrongKind { criterion, items },
                Undated => Reason::EvidenceUndated { criterion, items },
                Outdated => Reason::EvidenceOutdated {
                    criterion,
                    items,
                    years,
                },
                AfterDecisionDate => Reason::EvidenceAfterDecisionDate { criterion, items },
                NotChecked => Reason::EvidenceNotChecked { criterion, items },
            });
        }
    }
    for c in criteria {
        if let (Some(direction), Some(self_level)) = (c.discrepancy, c.self_level) {
            out.push(Reason::Discrepancy {
                criterion: c.id.clone(),
                self_level,
                rating: c.rating,
                direction,
            });
        }
    }
    out
}

impl Reason {
    /// The criterion the reason is about, if it is about one.
    pub fn criterion(&self) -> Option<&str> {
        use Reason::*;
        match self {
            NotRated { criterion }
            | RatedBelow { criterion, .. }
            | EvidenceShort { criterion, .. }
            | EvidenceWrongKind { criterion, .. }
            | EvidenceUndated { criterion, .. }
            | EvidenceOutdated { criterion, .. }
            | EvidenceAfterDecisionDate { criterion, .. }
            | EvidenceNotChecked { criterion, .. }
            | Discrepancy { criterion, .. } => Some(criterion),
            AllMandatoryMet { .. } | CriteriaMet { .. } | NoneMet => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use Reason::*;
        match (self, lang) {
            (AllMandatoryMet { count }, Lang::Fi) => {
                format!("Kaikki {count} pakollista kriteeriä täyttyvät, ja näyttö on riittävää.")
            }
            (AllMandatoryMet { count }, Lang::Sv) => {
                format!("Alla {count} obligatoriska kriterier uppfylls och bevisen räcker.")
            }
            (AllMandatoryMet { count }, Lang::En) => {
                format!("All {count} mandatory criteria are met with sufficient evidence.")
            }
            (CriteriaMet { criteria }, Lang::Fi) => {
                format!("Osa kriteereistä täyttyy riittävällä näytöllä: {}.", criteria.join(", "))
            }
            (CriteriaMet { criteria }, Lang::Sv) => {
                format!("En del kriterier uppfylls med tillräckliga bevis: {}.", criteria.join(", "))
            }
            (CriteriaMet { criteria }, Lang::En) => {
                format!("Some criteria are met with sufficient evidence: {}.", criteria.join(", "))
            }
            (NoneMet, Lang::Fi) => "Yksikään kriteeri ei vielä täyty riittävällä näytöllä.".into(),
            (NoneMet, Lang::Sv) => "Inget kriterium uppfylls ännu med tillräckliga bevis.".into(),
            (NoneMet, Lang::En) => "No criterion is met with sufficient evidence yet.".into(),
            (NotRated { criterion }, Lang::Fi) => format!("Pakollista kriteeriä {criterion} ei ole vielä arvioitu."),
            (NotRated { criterion }, Lang::Sv) => format!("Det obligatoriska kriteriet {criterion} är inte bedömt ännu."),
            (NotRated { criterion }, Lang::En) => format!("Mandatory criterion {criterion} is not rated yet."),
            (RatedBelow { criterion, rating }, lang) => match lang {
                Lang::Fi => format!("Pakollisen kriteerin {criterion} arvio: {}.", rating.label(lang).to_lowercase()),
                Lang::Sv => format!("Det obligatoriska kriteriet {criterion} bedömdes: {}.", rating.label(lang).to_lowercase()),
                Lang::En => format!("Mandatory criterion {criterion} was rated: {}.", rating.label(lang).to_lowercase()),
            },
            (EvidenceShort { criterion, counted, required }, Lang::Fi) => format!(
                "Kriteerin {criterion} näyttö ei riitä: hyväksyttäviä todisteita {counted}, vaaditaan {required}."
            ),
            (EvidenceShort { criterion, counted, required }, Lang::Sv) => format!(
                "Bevisen för kriteriet {criterion} räcker inte: {counted} godtagbara, {required} krävs."
            ),
            (EvidenceShort { criterion, counted, required }, Lang::En) => format!(
                "Evidence for criterion {criterion} is not sufficient: {counted} item(s) count, {required} required."
            ),
            (EvidenceWrongKind { criterion, items }, Lang::Fi) => {
                format!("Kriteerin {criterion} todisteista {items} on lajia, jota kriteeri ei hyväksy.")
            }
            (EvidenceWrongKind { criterion, items }, Lang::Sv) => {
                format!("{items} av bevisen för kriteriet {criterion} är av ett slag som kriteriet inte godtar.")
            }
            (EvidenceWrongKind { criterion, items }, Lang::En) => {
                format!("{items} item(s) for criterion {criterion} are of a kind the criterion does not accept.")
            }
            (EvidenceUndated { criterion, items }, Lang::Fi) => {
                format!("Kriteerin {criterion} todisteista {items} on ilman päivämäärää; lisää hankintapäivä.")
            }
            (EvidenceUndated { criterion, items }, Lang::Sv) => {
                format!("{items} av bevisen för kriteriet {criterion} saknar datum; ange när de tillkom.")
            }
            (EvidenceUndated { criterion, items }, Lang::En) => {
                format!("{items} item(s) for criterion {criterion} have no date; add the date obtained.")
            }
            (EvidenceOutdated { criterion, items, years }, Lang::Fi) => {
                format!("Kriteerin {criterion} todisteista {items} on yli {years} vuotta vanhoja.")
            }
            (EvidenceOutdated { criterion, items, years }, Lang::Sv) => {
                format!("{items} av bevisen för kriteriet {criterion} är över {years} år gamla.")
            }
            (EvidenceOutdated { criterion, items, years }, Lang::En) => {
                format!("{items} item(s) for criterion {criterion} are older than {years} years.")
            }
            (EvidenceAfterDecisionDate { criterion, items }, Lang::Fi) => {
                format!("Kriteerin {criterion} todisteista {items} on päivätty päätöspäivän jälkeen.")
            }
            (EvidenceAfterDecisionDate { criterion, items }, Lang::Sv) => {
                format!("{items} av bevisen för kriteriet {criterion} är daterade efter beslutsdagen.")
            }
            (EvidenceAfterDecisionDate { criterion, items }, Lang::En) => {
                format!("{items} item(s) for criterion {criterion} are dated after the decision date.")
            }
            (EvidenceNotChecked { criterion, items }, Lang::Fi) => {
                format!("Kriteerin {criterion} todisteista {items} on aitoudeltaan tarkistamatta.")
            }
            (EvidenceNotChecked { criterion, items }, Lang::Sv) => {
                format!("{items} av bevisen för kriteriet {criterion} är inte kontrollerade för äkthet.")
            }
            (EvidenceNotChecked { criterion, items }, Lang::En) => {
                format!("{items} item(s) for criterion {criterion} have not been checked for authenticity.")
            }
            (Discrepancy { criterion, self_level, rating, .. }, lang) => {
                let s = self_level.label(lang);
                let r = rating.label(lang).to_lowercase();
                match lang {
                    Lang::Fi => format!("Kriteeri {criterion}: itsearvio ”{s}”, arvioijan arvio ”{r}” – keskustelkaa erosta."),
                    Lang::Sv => format!("Kriterium {criterion}: självbedömning ”{s}”, bedömarens bedömning ”{r}” – diskutera skillnaden."),
                    Lang::En => format!("Criterion {criterion}: self-assessed “{s}”, rated “{r}” – discuss the difference."),
                }
            }
        }
    }
}
