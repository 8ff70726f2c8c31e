use super::*;
use crate::badge::{Badge, EvidenceKind};
use crate::case::common::fixtures;
use crate::learning::catalogue::tests::{catalogue_json, course};

fn badge_with(n: usize) -> Badge {
    let mut b = fixtures::badge();
    b.id = "b".into();
    b.criteria = (1..=n)
        .map(|i| fixtures::criterion(&format!("c{i}"), true, 1, vec![EvidenceKind::Document]))
        .collect();
    b
}

fn cat(courses: Vec<serde_json::Value>) -> Catalogue {
    Catalogue::parse(&catalogue_json(courses)).unwrap()
}

fn gaps(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn ids(p: &LearningPath) -> Vec<&str> {
    p.steps.iter().map(|s| s.course.as_str()).collect()
}

#[test]
fn picks_the_least_total_duration_not_the_fewest_courses() {
    let b = badge_with(3);
    let c = cat(vec![
        course("all-in-one", 100, "b", &["c1", "c2", "c3"], &[]),
        course("pair", 60, "b", &["c1", "c2"], &[]),
        course("third", 30, "b", &["c3"], &[]),
        course("first", 20, "b", &["c1"], &[]),
        course("second", 20, "b", &["c2"], &[]),
    ]);
    let p = plan_path(&b, &gaps(&["c3", "c1", "c2"]), &c);
    assert_eq!(
        ids(&p),
        ["first", "second", "third"],
        "ordered by the badge's criteria"
    );
    assert_eq!(p.total_minutes, 70);
    assert!(p.exact && p.uncovered.is_empty());
    assert_eq!(p.steps[2].covers, ["c3"]);
}

#[test]
fn beats_the_greedy_choice() {
    // Greedy by minutes per gap takes "wide" (10 a gap) and then both singles: 40 + 25 + 25 = 90.
    // The optimum is the two halves: 44 + 44 = 88.
    let b = badge_with(6);
    let c = cat(vec![
        course("wide", 40, "b", &["c2", "c3", "c4", "c5"], &[]),
        course("left", 44, "b", &["c1", "c2", "c3"], &[]),
        course("right", 44, "b", &["c4", "c5", "c6"], &[]),
        course("single-1", 25, "b", &["c1"], &[]),
        course("single-6", 25, "b", &["c6"], &[]),
    ]);
    let p = plan_path(&b, &gaps(&["c1", "c2", "c3", "c4", "c5", "c6"]), &c);
    assert_eq!(ids(&p), ["left", "right"]);
    assert_eq!(p.total_minutes, 88);
}

#[test]
fn prerequisites_count_and_come_first() {
    let b = badge_with(2);
    let with = |alt: u32| {
        cat(vec![
            course("basics", 30, "b", &["c2"], &[]),
            course("advanced", 10, "b", &["c1"], &["basics"]),
            course("standalone", alt, "b", &["c1"], &[]),
        ])
    };
    // Only c1 is a gap: advanced costs 10 + 30 for its prerequisite; standalone at 35 is cheaper.
    let p = plan_path(&b, &gaps(&["c1"]), &with(35));
    assert_eq!(ids(&p), ["standalone"]);
    // At 45 the prerequisite route (40) wins, and the prerequisite comes first.
    let p = plan_path(&b, &gaps(&["c1"]), &with(45));
    assert_eq!(ids(&p), ["basics", "advanced"]);
    assert_eq!(p.total_minutes, 40);
    assert!(
        p.steps[0].covers.is_empty(),
        "basics covers no gap here, it is there as a prerequisite"
    );
    assert_eq!(p.steps[1].prerequisites, ["basics"]);
    // When c2 is a gap too, the prerequisite covers it.
    let p = plan_path(&b, &gaps(&["c1", "c2"]), &with(45));
    assert_eq!(ids(&p), ["basics", "advanced"]);
    assert_eq!(p.steps[0].covers, ["c2"]);
}

#[test]
fn transitive_prerequisites_are_taken_in_order() {
    let b = badge_with(1);
    let c = cat(vec![
        course("step-3", 10, "b", &["c1"], &["step-2"]),
        course("step-2", 10, "b", &["c1"], &["step-1"]),
        course("step-1", 10, "other", &["x"], &[]),
        course("expensive", 100, "b", &["c1"], &[]),
    ]);
    // step-2 with step-1 (20) is the cheapest way to c1.
    assert_eq!(
        ids(&plan_path(&b, &gaps(&["c1"]), &c)),
        ["step-1", "step-2"]
    );
}

#[test]
fn ties_prefer_fewer_courses_then_smaller_ids_whatever_the_catalogue_order() {
    let b = badge_with(2);
    let courses = vec![
        course("y-one", 30, "b", &["c1"], &[]),
        course("z-two", 30, "b", &["c2"], &[]),
        course("x-both", 60, "b", &["c1", "c2"], &[]),
    ];
    let p = plan_path(&b, &gaps(&["c1", "c2"]), &cat(courses.clone()));
    assert_eq!(ids(&p), ["x-both"]);
    let mut reversed = courses;
    reversed.reverse();
    assert_eq!(plan_path(&b, &gaps(&["c1", "c2"]), &cat(reversed)), p);

    let same = |order: [&str; 2]| {
        cat(order
            .iter()
            .map(|id| course(id, 30, "b", &["c1"], &[]))
            .collect())
    };
    assert_eq!(
        ids(&plan_path(&b, &gaps(&["c1"]), &same(["m", "k"]))),
        ["k"]
    );
    assert_eq!(
        ids(&plan_path(&b, &gaps(&["c1"]), &same(["k", "m"]))),
        ["k"]
    );
}

#[test]
fn reports_gaps_nothing_covers() {
    let b = badge_with(3);
    let c = cat(vec![
        course("a", 30, "b", &["c1"], &[]),
        course("x", 5, "other", &["c2"], &[]),
    ]);
    let p = plan_path(&b, &gaps(&["c2", "c1", "nope", "c3"]), &c);
    assert_eq!(ids(&p), ["a"]);
    assert_eq!(p.uncovered, ["c2", "c3", "nope"]);
    let empty = plan_path(&b, &[], &c);
    assert!(empty.steps.is_empty() && empty.uncovered.is_empty() && empty.exact);
    assert_eq!(empty.total_minutes, 0);
}

/// A small linear congruential generator: the same "random" catalogues on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The least duration by trying every subset of courses (with their prerequisites).
fn brute_force(b: &Badge, gaps: &[String], c: &Catalogue) -> Option<u32> {
    let courses = c.courses();
    let n = courses.len();
    let closure = |i: usize| {
        let mut seen = BTreeSet::from([i]);
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            for p in &courses[x].prerequisites {
                let p = c.position(p).unwrap();
                if seen.insert(p) {
                    stack.push(p);
                }
            }
        }
        seen
    };
    let mut best: Option<u32> = None;
    for subset in 0u32..(1 << n) {
        let mut taken = BTreeSet::new();
        for i in (0..n).filter(|i| subset & (1 << i) != 0) {
            taken.extend(closure(i));
        }
        if gaps
            .iter()
            .all(|g| taken.iter().any(|&i| courses[i].covers_criterion(&b.id, g)))
        {
            let cost = taken.iter().map(|&i| courses[i].duration_minutes).sum();
            best = Some(best.map_or(cost, |x: u32| x.min(cost)));
        }
    }
    best
}

#[test]
fn matches_brute_force_on_random_catalogues() {
    let mut rng = Lcg(7);
    for round in 0..150 {
        let n_crit = 2 + rng.next(7) as usize;
        let b = badge_with(n_crit);
        let n_courses = 2 + rng.next(9) as usize;
        let courses: Vec<serde_json::Value> = (0..n_courses)
            .map(|i| {
                let crits: Vec<String> = (1..=n_crit)
                    .filter(|_| rng.next(3) == 0)
                    .map(|k| format!("c{k}"))
                    .collect();
                let crits = if crits.is_empty() {
                    vec![format!("c{}", 1 + rng.next(n_crit as u64))]
                } else {
                    crits
                };
                let crit_refs: Vec<&str> = crits.iter().map(String::as_str).collect();
                // Prerequisites only on earlier courses, so there is no cycle.
                let pre: Vec<String> = (0..i)
                    .filter(|_| rng.next(6) == 0)
                    .map(|j| format!("k{j}"))
                    .collect();
                let pre_refs: Vec<&str> = pre.iter().map(String::as_str).collect();
                course(
                    &format!("k{i}"),
                    5 + rng.next(90) as u32,
                    "b",
                    &crit_refs,
                    &pre_refs,
                )
            })
            .collect();
        let c = cat(courses);
        let all: Vec<String> = (1..=n_crit)
            .filter(|_| rng.next(4) != 0)
            .map(|k| format!("c{k}"))
            .collect();
        let p = plan_path(&b, &all, &c);
        let coverable: Vec<String> = all
            .iter()
            .filter(|g| !p.uncovered.contains(g))
            .cloned()
            .collect();
        assert_eq!(
            Some(p.total_minutes),
            brute_force(&b, &coverable, &c),
            "round {round}"
        );
        assert!(p.exact);
        // Every coverable gap is covered, and prerequisites come before the courses needing them.
        for g in &coverable {
            assert!(
                p.steps.iter().any(|s| s.covers.contains(g)),
                "round {round}: {g} not covered"
            );
        }
        for (i, s) in p.steps.iter().enumerate() {
            for pre in &s.prerequisites {
                let at = p
                    .steps
                    .iter()
                    .position(|x| &x.course == pre)
                    .expect("prerequisite in path");
                assert!(at < i, "round {round}: {pre} after {}", s.course);
            }
        }
    }
}

#[test]
fn fifteen_gaps_are_solved_exactly() {
    let b = badge_with(15);
    let mut rng = Lcg(42);
    let courses: Vec<serde_json::Value> = (0..40)
        .map(|i| {
            let crits: Vec<String> = (1..=15)
                .filter(|_| rng.next(5) == 0)
                .map(|k| format!("c{k}"))
                .collect();
            let crits = if crits.is_empty() {
                vec!["c1".to_string()]
            } else {
                crits
            };
            let refs: Vec<&str> = crits.iter().map(String::as_str).collect();
            course(
                &format!("k{i:02}"),
                10 + rng.next(120) as u32,
                "b",
                &refs,
                &[],
            )
        })
        .collect();
    let c = cat(courses);
    let all: Vec<String> = (1..=15).map(|k| format!("c{k}")).collect();
    let p = plan_path(&b, &all, &c);
    assert!(p.exact);
    let covered: BTreeSet<&String> = p.steps.iter().flat_map(|s| &s.covers).collect();
    assert_eq!(covered.len() + p.uncovered.len(), 15);
}
