//! The shipped course catalogue against the shipped starter badge library (read from disk).

use osaava_core::badge::Badge;
use osaava_core::import::parse_badges;
use osaava_core::learning::{plan_path, Catalogue};
use osaava_core::localized::Lang;
use std::path::PathBuf;

fn templates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates")
}

fn starter_badges() -> Vec<Badge> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(templates().join("badges"))
        .expect("templates/badges")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .collect();
    files.sort();
    let badges: Vec<Badge> = files
        .iter()
        .flat_map(|f| {
            parse_badges(&std::fs::read(f).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
        })
        .collect();
    assert!(
        badges.len() >= 10,
        "the starter library has at least ten badges, found {}",
        badges.len()
    );
    badges
}

fn catalogue() -> Catalogue {
    let bytes = std::fs::read(templates().join("learning/courses.json"))
        .expect("templates/learning/courses.json");
    Catalogue::parse(&bytes).unwrap_or_else(|e| panic!("courses.json: {e}"))
}

#[test]
fn every_starter_criterion_is_covered_and_every_reference_exists() {
    let problems = catalogue().check_against(&starter_badges());
    assert!(
        problems.is_empty(),
        "course catalogue problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_course_is_named_in_three_languages() {
    for c in catalogue().courses() {
        for lang in Lang::ALL {
            assert!(
                c.title.get(lang).is_some(),
                "{}: title in {}",
                c.id,
                lang.code()
            );
            assert!(
                c.provider.get(lang).is_some(),
                "{}: provider in {}",
                c.id,
                lang.code()
            );
        }
    }
}

#[test]
fn a_path_covers_every_criterion_of_every_starter_badge() {
    let cat = catalogue();
    for b in starter_badges() {
        let gaps: Vec<String> = b.criteria.iter().map(|c| c.id.clone()).collect();
        let path = plan_path(&b, &gaps, &cat);
        assert!(
            path.uncovered.is_empty(),
            "{}: uncovered {:?}",
            b.id,
            path.uncovered
        );
        assert!(path.exact, "{}: the path is proven shortest", b.id);
        let covered: std::collections::BTreeSet<&String> =
            path.steps.iter().flat_map(|s| &s.covers).collect();
        assert_eq!(covered.len(), gaps.len(), "{}", b.id);
        assert_eq!(
            path.total_minutes,
            path.steps.iter().map(|s| s.duration_minutes).sum::<u32>()
        );
    }
}

#[test]
fn a_single_gap_gets_a_short_path() {
    let cat = catalogue();
    let badges = starter_badges();
    let med = badges
        .iter()
        .find(|b| b.id == "osaava-safe-medication")
        .expect("safe medication badge");
    // Dispensing needs the theory exam first: the path says so and puts it first.
    let path = plan_path(med, &["handling-and-dispensing".to_string()], &cat);
    let ids: Vec<&str> = path.steps.iter().map(|s| s.course.as_str()).collect();
    assert_eq!(ids, ["med-theory-exam", "med-dispensing-guided"]);
    assert_eq!(path.steps[1].covers, ["handling-and-dispensing"]);
}
