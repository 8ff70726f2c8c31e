use super::*;
use crate::case::common::fixtures::badge;
use crate::evidence::EvidenceInput;
use crate::learning::Catalogue;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn ev(
    id: &str,
    kind: EvidenceKind,
    crits: &[&str],
    obtained: Option<&str>,
    checked: bool,
) -> Evidence {
    let crits: Vec<String> = crits.iter().map(|s| s.to_string()).collect();
    let input = EvidenceInput {
        kind: Some(kind),
        obtained: obtained.map(day),
        criteria: &crits,
        authenticity_checked: checked,
        ..Default::default()
    };
    Evidence::new(&badge(), id, &input, None, day("2030-01-01"))
        .unwrap()
        .0
}

fn rate(r: &[(&str, Rating)]) -> Vec<CriterionRating> {
    r.iter()
        .map(|(c, r)| CriterionRating::new(&badge(), c, *r, Some("perustelu")).unwrap())
        .collect()
}

fn good() -> Vec<Evidence> {
    vec![
        ev(
            "e1",
            EvidenceKind::Document,
            &["c1", "c3"],
            Some("2024-06-01"),
            true,
        ),
        ev(
            "e2",
            EvidenceKind::Observation,
            &["c2"],
            Some("2024-06-01"),
            true,
        ),
        ev(
            "e3",
            EvidenceKind::WorkSample,
            &["c2"],
            Some("2023-01-01"),
            true,
        ),
    ]
}

fn run(
    evidence: &[Evidence],
    ratings: &[CriterionRating],
    sa: Option<&SelfAssessment>,
) -> Comparison {
    let b = badge();
    compare(
        &CaseFacts {
            badge: &b,
            self_assessment: sa,
            evidence,
            ratings,
            as_of: day("2025-03-01"),
        },
        None,
    )
}

fn row<'a>(c: &'a Comparison, id: &str) -> &'a CriterionComparison {
    c.criteria.iter().find(|r| r.id == id).unwrap()
}

const ALL_MEET: &[(&str, Rating)] = &[
    ("c1", Rating::Meets),
    ("c2", Rating::Meets),
    ("c3", Rating::Meets),
];

#[test]
fn recognise_when_every_mandatory_criterion_meets_with_sufficient_evidence() {
    let c = run(&good(), &rate(ALL_MEET), None);
    assert_eq!(c.suggestion, Suggestion::Recognise);
    assert_eq!(c.reasons[0], Reason::AllMandatoryMet { count: 2 });
    assert_eq!(c.recognisable, ["c1", "c2", "c3"]);
    assert!(c.gaps.is_empty() && c.evidence_needed.is_empty());
    let r = row(&c, "c2");
    assert_eq!((r.evidence_count, r.counted, r.required), (2, 2, 2));
    assert!(r.sufficient && r.current && r.authenticity_checked);
    // The optional criterion is not needed.
    let c = run(
        &good(),
        &rate(&[
            ("c1", Rating::Meets),
            ("c2", Rating::Meets),
            ("c3", Rating::DoesNotMeet),
        ]),
        None,
    );
    assert_eq!(c.suggestion, Suggestion::Recognise);
    assert!(c.gaps.is_empty(), "optional criteria are not gaps");
}

#[test]
fn partially_lists_what_meets_and_why_the_rest_does_not() {
    let c = run(
        &good(),
        &rate(&[("c1", Rating::Meets), ("c2", Rating::PartiallyMeets)]),
        None,
    );
    assert_eq!(c.suggestion, Suggestion::Partially);
    assert_eq!(
        c.reasons[0],
        Reason::CriteriaMet {
            criteria: vec!["c1".into()]
        }
    );
    assert_eq!(
        c.reasons[1],
        Reason::RatedBelow {
            criterion: "c2".into(),
            rating: Rating::PartiallyMeets
        }
    );
    assert_eq!(c.gaps, ["c2"]);
    assert_eq!(
        c.reason_texts(Lang::En)[0],
        "Some criteria are met with sufficient evidence: c1."
    );
    assert_eq!(
        c.reason_texts(Lang::Fi)[1],
        "Pakollisen kriteerin c2 arvio: täyttyy osittain."
    );
}

#[test]
fn not_yet_when_nothing_is_recognisable() {
    let c = run(&good(), &[], None);
    assert_eq!(c.suggestion, Suggestion::NotYet);
    assert_eq!(c.reasons[0], Reason::NoneMet);
    assert!(c.reasons.contains(&Reason::NotRated {
        criterion: "c1".into()
    }));
    assert!(
        c.gaps.is_empty(),
        "unrated criteria are not gaps: nothing is known yet"
    );
    let c = run(&[], &rate(ALL_MEET), None);
    assert_eq!(c.suggestion, Suggestion::NotYet);
    assert_eq!(c.evidence_needed, ["c1", "c2", "c3"]);
    assert!(c.reasons.contains(&Reason::EvidenceShort {
        criterion: "c2".into(),
        counted: 0,
        required: 2
    }));
}

#[test]
fn outdated_undated_unchecked_and_wrong_kind_evidence_does_not_count() {
    let ratings = rate(ALL_MEET);
    // Currency is 5 years back from 2025-03-01: 2020-03-01 still counts, 2020-02-29 does not.
    let on_the_day = vec![ev(
        "e",
        EvidenceKind::Document,
        &["c1"],
        Some("2020-03-01"),
        true,
    )];
    assert!(row(&run(&on_the_day, &ratings, None), "c1").sufficient);
    let old = vec![ev(
        "e",
        EvidenceKind::Document,
        &["c1"],
        Some("2020-02-29"),
        true,
    )];
    let c = run(&old, &ratings, None);
    let r = row(&c, "c1");
    assert!(!r.sufficient && !r.current && r.authenticity_checked);
    assert_eq!(r.evidence[0].issues, [EvidenceIssue::Outdated]);
    assert!(c.reasons.contains(&Reason::EvidenceOutdated {
        criterion: "c1".into(),
        items: 1,
        years: 5
    }));
    assert!(c
        .reason_texts(Lang::En)
        .iter()
        .any(|t| t == "1 item(s) for criterion c1 are older than 5 years."));

    let undated = vec![ev("e", EvidenceKind::Document, &["c1"], None, true)];
    let r = run(&undated, &ratings, None);
    assert_eq!(row(&r, "c1").evidence[0].issues, [EvidenceIssue::Undated]);
    assert!(r.reasons.contains(&Reason::EvidenceUndated {
        criterion: "c1".into(),
        items: 1
    }));

    let unchecked = vec![ev(
        "e",
        EvidenceKind::Document,
        &["c1"],
        Some("2024-01-01"),
        false,
    )];
    let c = run(&unchecked, &ratings, None);
    let r = row(&c, "c1");
    assert!(!r.sufficient && r.current && !r.authenticity_checked);
    assert!(c.reasons.contains(&Reason::EvidenceNotChecked {
        criterion: "c1".into(),
        items: 1
    }));

    let future = vec![ev(
        "e",
        EvidenceKind::Document,
        &["c1"],
        Some("2025-03-02"),
        true,
    )];
    assert_eq!(
        row(&run(&future, &ratings, None), "c1").evidence[0].issues,
        [EvidenceIssue::AfterDecisionDate]
    );

    // c2 accepts observations and work samples only.
    let docs = vec![
        ev(
            "d1",
            EvidenceKind::Document,
            &["c2"],
            Some("2024-01-01"),
            true,
        ),
        ev(
            "d2",
            EvidenceKind::ThirdPartyStatement,
            &["c2"],
            Some("2024-01-01"),
            true,
        ),
    ];
    let c = run(&docs, &ratings, None);
    let r = row(&c, "c2");
    assert_eq!((r.evidence_count, r.counted), (2, 0));
    assert!(
        !r.current && !r.authenticity_checked,
        "no accepted kind at all"
    );
    assert!(c.reasons.contains(&Reason::EvidenceWrongKind {
        criterion: "c2".into(),
        items: 2
    }));
}

#[test]
fn the_badge_sets_how_old_evidence_may_be() {
    let mut b = badge();
    b.evidence_currency_years = 3;
    let e = vec![ev(
        "e",
        EvidenceKind::Document,
        &["c1"],
        Some("2021-06-01"),
        true,
    )];
    let r = rate(ALL_MEET);
    let c = compare(
        &CaseFacts {
            badge: &b,
            self_assessment: None,
            evidence: &e,
            ratings: &r,
            as_of: day("2025-03-01"),
        },
        None,
    );
    assert!(!c.criteria[0].current);
    assert!(is_current(day("2022-03-01"), day("2025-03-01"), 3));
    assert!(!is_current(day("2022-02-28"), day("2025-03-01"), 3));
    // From a leap day, a year back is 28 February.
    assert!(is_current(day("2023-02-28"), day("2024-02-29"), 1));
    assert!(!is_current(day("2023-02-27"), day("2024-02-29"), 1));
}

#[test]
fn discrepancy_rule() {
    use SelfLevel::*;
    let flagged = [
        (
            Independently,
            Rating::DoesNotMeet,
            Some(Discrepancy::SelfHigher),
        ),
        (
            CanGuideOthers,
            Rating::DoesNotMeet,
            Some(Discrepancy::SelfHigher),
        ),
        (NotYet, Rating::Meets, Some(Discrepancy::SelfLower)),
        // One step apart is calibration, not a discrepancy.
        (CanGuideOthers, Rating::PartiallyMeets, None),
        (Independently, Rating::PartiallyMeets, None),
        (WithGuidance, Rating::Meets, None),
        (WithGuidance, Rating::DoesNotMeet, None),
        (NotYet, Rating::PartiallyMeets, None),
        (NotYet, Rating::DoesNotMeet, None),
        (Unsure, Rating::DoesNotMeet, None),
        (Unsure, Rating::Meets, None),
        (CanGuideOthers, Rating::NotAssessed, None),
    ];
    for (s, r, want) in flagged {
        assert_eq!(discrepancy(Some(s), r), want, "{s:?} vs {r:?}");
    }
    assert_eq!(discrepancy(None, Rating::DoesNotMeet), None);
}

#[test]
fn self_assessment_is_shown_beside_the_rating_never_mixed_in() {
    let b = badge();
    let mut sa = SelfAssessment::new(&b);
    sa.set(&b, "c1", SelfLevel::CanGuideOthers, None).unwrap();
    sa.set(&b, "c2", SelfLevel::NotYet, None).unwrap();
    let ratings = rate(&[("c1", Rating::DoesNotMeet), ("c2", Rating::Meets)]);
    let with = run(&good(), &ratings, Some(&sa));
    let without = run(&good(), &ratings, None);
    assert_eq!(
        with.suggestion, without.suggestion,
        "the self-assessment changes no suggestion"
    );
    assert_eq!(with.gaps, without.gaps);
    assert_eq!(row(&with, "c1").self_level, Some(SelfLevel::CanGuideOthers));
    assert_eq!(row(&with, "c1").rating, Rating::DoesNotMeet);
    assert_eq!(row(&with, "c1").discrepancy, Some(Discrepancy::SelfHigher));
    assert_eq!(row(&with, "c2").discrepancy, Some(Discrepancy::SelfLower));
    assert_eq!(row(&with, "c3").self_level, None);
    let d: Vec<&Reason> = with
        .reasons
        .iter()
        .filter(|r| matches!(r, Reason::Discrepancy { .. }))
        .collect();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].criterion(), Some("c1"));
    assert!(d[0]
        .message(Lang::Fi)
        .contains("itsearvio ”Osaan ohjata muita”, arvioijan arvio ”ei täyty”"));
}

#[test]
fn output_has_the_cli_shape() {
    let b = badge();
    let mut sa = SelfAssessment::new(&b);
    sa.set(&b, "c1", SelfLevel::Independently, None).unwrap();
    sa.set(&b, "c2", SelfLevel::Unsure, None).unwrap();
    let c = run(
        &good(),
        &rate(&[("c1", Rating::Meets), ("c2", Rating::DoesNotMeet)]),
        Some(&sa),
    );
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["suggestion"], "partially");
    assert_eq!(v["gaps"], serde_json::json!(["c2"]));
    let c1 = &v["criteria"][0];
    for key in [
        "id",
        "rating",
        "self_level",
        "evidence_count",
        "sufficient",
        "current",
        "discrepancy",
    ] {
        assert!(c1.get(key).is_some(), "missing {key}");
    }
    assert_eq!(c1["self_level"], 3);
    assert_eq!(v["criteria"][1]["self_level"], "unsure");
    assert_eq!(v["criteria"][1]["rating"], "does-not-meet");
    assert!(v["criteria"][2]["self_level"].is_null());
    assert!(c1["discrepancy"].is_null());
    assert_eq!(v["reasons"][0]["code"], "criteria-met");
    assert_eq!(
        v["reasons"][1],
        serde_json::json!({"code": "rated-below", "criterion": "c2", "rating": "does-not-meet"})
    );
    assert!(v["learning_path"].as_array().unwrap().is_empty());
    let back: Comparison = serde_json::from_value(v).unwrap();
    assert_eq!(back, c);
}

#[test]
fn learning_path_covers_the_gaps_when_a_catalogue_is_given() {
    use crate::learning::catalogue_tests::{catalogue_json, course};
    let cat = Catalogue::parse(&catalogue_json(vec![
        course("long", 90, "osaava-test", &["c1", "c2"], &[]),
        course("short-2", 30, "osaava-test", &["c2"], &[]),
        course("short-1", 30, "osaava-test", &["c1"], &[]),
    ]))
    .unwrap();
    let b = badge();
    let r = rate(&[("c1", Rating::DoesNotMeet), ("c2", Rating::PartiallyMeets)]);
    let e = good();
    let c = compare(
        &CaseFacts {
            badge: &b,
            self_assessment: None,
            evidence: &e,
            ratings: &r,
            as_of: day("2025-03-01"),
        },
        Some(&cat),
    );
    assert_eq!(c.gaps, ["c1", "c2"]);
    let steps: Vec<&str> = c.learning_path.iter().map(|s| s.course.as_str()).collect();
    assert_eq!(steps, ["short-1", "short-2"]);
    assert_eq!(c.learning_path_minutes, 60);
    assert!(c.uncovered_gaps.is_empty());
    let v = serde_json::to_value(&c).unwrap();
    let step = &v["learning_path"][0];
    for key in ["course", "title", "duration_minutes", "covers"] {
        assert!(step.get(key).is_some(), "missing {key}");
    }
}
