//! The writes of `osaava-crash-writer`, shared with the durability test that kills it.
//!
//! Write `seq` of run `run` is a pure function of both, so the test knows not only what was
//! acknowledged but also the one write that may have committed just before the kill, without its
//! acknowledgement having been printed yet.

use osaava_core::interview::Rating;
use serde::{Deserialize, Serialize};

/// One note or rating, as written through the API and acknowledged on stdout (one JSON line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Write {
    Note {
        run: u32,
        seq: u32,
        criterion: String,
        text: String,
    },
    Rating {
        run: u32,
        seq: u32,
        criterion: String,
        rating: Rating,
        rationale: Option<String>,
    },
}

impl Write {
    pub fn seq(&self) -> u32 {
        match self {
            Write::Note { seq, .. } | Write::Rating { seq, .. } => *seq,
        }
    }
}

/// Write `seq` of run `run` on a badge with these criteria: notes and ratings in turn, over
/// every criterion, with every rating (not-assessed without a rationale), texts with å, ä and ö.
pub fn planned(run: u32, seq: u32, criteria: &[String]) -> Write {
    let k = (seq / 2) as usize;
    if seq.is_multiple_of(2) {
        let criterion = criteria[(k + run as usize) % criteria.len()].clone();
        let text = format!(
            "Ajo {run}, kirjoitus {seq}: työntekijä kertoi yövuorosta, jossa hän huomasi muutoksen ajoissa ja \
             raportoi siitä; åäö ÅÄÖ."
        );
        Write::Note {
            run,
            seq,
            criterion,
            text,
        }
    } else {
        let criterion = criteria[(k * 3 + run as usize) % criteria.len()].clone();
        let rating = [
            Rating::Meets,
            Rating::PartiallyMeets,
            Rating::DoesNotMeet,
            Rating::NotAssessed,
        ][k % 4];
        let rationale = rating.is_assessed().then(|| {
            format!("Ajo {run}, kirjoitus {seq}: havainnointi ja lausunto tukevat arviota; åäö.")
        });
        Write::Rating {
            run,
            seq,
            criterion,
            rating,
            rationale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_alternate_cover_every_rating_and_round_trip_as_json() {
        let c: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let all: Vec<Write> = (0..16).map(|s| planned(5, s, &c)).collect();
        assert!(matches!(all[0], Write::Note { .. }) && matches!(all[1], Write::Rating { .. }));
        for r in Rating::ALL {
            assert!(
                all.iter()
                    .any(|w| matches!(w, Write::Rating { rating, .. } if *rating == r)),
                "{r:?}"
            );
        }
        for w in &all {
            let line = serde_json::to_string(w).unwrap();
            assert!(!line.contains('\n'));
            assert_eq!(&serde_json::from_str::<Write>(&line).unwrap(), w);
        }
        assert_eq!(planned(5, 7, &c), planned(5, 7, &c));
        assert_ne!(planned(5, 7, &c), planned(6, 7, &c));
    }
}
