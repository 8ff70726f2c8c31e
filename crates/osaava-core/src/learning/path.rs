//! The learning path: the courses that cover every gap with the least total duration.
//!
//! This is weighted set cover, where taking a course also means taking its prerequisites (their
//! time counts, and they may cover gaps too). A badge has at most a few dozen criteria, so the
//! search is exact: branch and bound over the gap with the fewest candidate courses, bounded below
//! by the cheapest course that could still cover the worst remaining gap. Among paths of equal
//! duration the one with fewer courses wins, then the one whose sorted course ids come first, so
//! the answer never depends on the catalogue's order. A node budget guards against pathological
//! catalogues; if it is ever spent, the best path found so far is returned with `exact: false`.
//!
//! The order: prerequisites first; otherwise by the first gap (in badge criterion order) a course
//! covers, a prerequisite taking the place of the course that needs it; then by course id.

use super::catalogue::Catalogue;
use crate::badge::Badge;
use crate::case::common::criterion_index;
use crate::localized::LocalizedText;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Search nodes explored before giving up on proving optimality.
const NODE_BUDGET: u64 = 2_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct PathStep {
    pub course: String,
    pub title: LocalizedText,
    pub provider: LocalizedText,
    pub duration_minutes: u32,
    /// The gaps this course covers, in badge order; empty for a course taken only as a prerequisite.
    pub covers: Vec<String>,
    /// The course's own prerequisites (course ids), all earlier in the path.
    #[serde(default)]
    pub prerequisites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
pub struct LearningPath {
    pub steps: Vec<PathStep>,
    pub total_minutes: u32,
    /// Gaps no course covers (or ids not in the badge), in badge order.
    pub uncovered: Vec<String>,
    /// The path is proven to have the least total duration.
    pub exact: bool,
}

/// One course that matters for this plan.
struct Node {
    course: usize,
    minutes: u64,
    /// Bit g: covers gap g.
    mask: u64,
    /// The course and every course it needs, transitively (indices into the node list).
    closure: Vec<usize>,
}

struct Search<'a> {
    nodes: &'a [Node],
    /// For each gap, the nodes that cover it, cheapest first.
    candidates: Vec<Vec<usize>>,
    /// For each gap, the cheapest course covering it (the lower bound).
    cheapest: Vec<u64>,
    full: u64,
    chosen: Vec<bool>,
    best: Option<(u64, usize, Vec<String>)>,
    ids: Vec<String>,
    budget: u64,
}

impl Search<'_> {
    fn key(&self) -> (u64, usize, Vec<String>) {
        let picked: Vec<usize> = (0..self.nodes.len()).filter(|&n| self.chosen[n]).collect();
        let cost = picked.iter().map(|&n| self.nodes[n].minutes).sum();
        let mut ids: Vec<String> = picked.iter().map(|&n| self.ids[n].clone()).collect();
        ids.sort();
        (cost, picked.len(), ids)
    }

    fn go(&mut self, covered: u64, cost: u64) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        if covered == self.full {
            let key = self.key();
            if self.best.as_ref().is_none_or(|b| key < *b) {
                self.best = Some(key);
            }
            return;
        }
        let uncovered = (0..self.candidates.len()).filter(|&g| covered & (1 << g) == 0);
        let bound = uncovered
            .clone()
            .map(|g| self.cheapest[g])
            .max()
            .unwrap_or(0);
        if self.best.as_ref().is_some_and(|b| cost + bound > b.0) {
            return;
        }
        let Some(gap) = uncovered.min_by_key(|&g| (self.candidates[g].len(), g)) else {
            return;
        };
        for ci in 0..self.candidates[gap].len() {
            let n = self.candidates[gap][ci];
            let added: Vec<usize> = self.nodes[n]
                .closure
                .iter()
                .copied()
                .filter(|&m| !self.chosen[m])
                .collect();
            let extra: u64 = added.iter().map(|&m| self.nodes[m].minutes).sum();
            let mask = added
                .iter()
                .fold(covered, |acc, &m| acc | self.nodes[m].mask);
            if self.best.as_ref().is_some_and(|b| cost + extra > b.0) {
                continue;
            }
            for &m in &added {
                self.chosen[m] = true;
            }
            self.go(mask, cost + extra);
            for &m in &added {
                self.chosen[m] = false;
            }
        }
    }
}

/// Plans a path for `gaps` (criterion ids of `badge`) from `catalogue`.
pub fn plan_path(badge: &Badge, gaps: &[String], catalogue: &Catalogue) -> LearningPath {
    // Known gaps, once each, in badge order; unknown ids are reported as uncovered.
    let mut known: Vec<&str> = Vec::new();
    let mut uncovered: Vec<String> = Vec::new();
    for g in gaps {
        if criterion_index(badge, g) == usize::MAX {
            if !uncovered.contains(g) {
                uncovered.push(g.clone());
            }
        } else if !known.contains(&g.as_str()) {
            known.push(g);
        }
    }
    known.sort_by_key(|g| criterion_index(badge, g));
    let courses = catalogue.courses();
    let (coverable, not_coverable): (Vec<&str>, Vec<&str>) = known
        .iter()
        .partition(|g| courses.iter().any(|c| c.covers_criterion(&badge.id, g)));
    let mut all_uncovered: Vec<String> = not_coverable.iter().map(|s| s.to_string()).collect();
    all_uncovered.extend(uncovered);
    // More gaps than bits: plan for the first 64 and report the rest as uncovered (no badge comes near).
    let (coverable, overflow) = coverable.split_at(coverable.len().min(64));
    all_uncovered.extend(overflow.iter().map(|s| s.to_string()));

    // The courses that cover a gap, and everything they need.
    let mut relevant: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = (0..courses.len())
        .filter(|&i| {
            coverable
                .iter()
                .any(|g| courses[i].covers_criterion(&badge.id, g))
        })
        .collect();
    while let Some(i) = stack.pop() {
        if relevant.insert(i) {
            stack.extend(
                courses[i]
                    .prerequisites
                    .iter()
                    .filter_map(|p| catalogue.position(p)),
            );
        }
    }
    let relevant: Vec<usize> = relevant.into_iter().collect();
    let node_of = |course: usize| {
        relevant
            .iter()
            .position(|&r| r == course)
            .expect("relevant course")
    };
    let mut nodes: Vec<Node> = relevant
        .iter()
        .map(|&i| Node {
            course: i,
            minutes: u64::from(courses[i].duration_minutes),
            mask: coverable
                .iter()
                .enumerate()
                .filter(|(_, g)| courses[i].covers_criterion(&badge.id, g))
                .fold(0u64, |m, (gi, _)| m | (1 << gi)),
            closure: Vec::new(),
        })
        .collect();
    let closures: Vec<Vec<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(n, node)| {
            let mut seen = BTreeSet::from([n]);
            let mut stack = vec![node.course];
            while let Some(i) = stack.pop() {
                for p in courses[i]
                    .prerequisites
                    .iter()
                    .filter_map(|p| catalogue.position(p))
                {
                    if seen.insert(node_of(p)) {
                        stack.push(p);
                    }
                }
            }
            seen.into_iter().collect()
        })
        .collect();
    for (node, closure) in nodes.iter_mut().zip(closures) {
        node.closure = closure;
    }
    let closure_cost = |n: usize| {
        nodes[n]
            .closure
            .iter()
            .map(|&m| nodes[m].minutes)
            .sum::<u64>()
    };
    let candidates: Vec<Vec<usize>> = (0..coverable.len())
        .map(|g| {
            let mut c: Vec<usize> = (0..nodes.len())
                .filter(|&n| nodes[n].mask & (1 << g) != 0)
                .collect();
            c.sort_by_key(|&n| (closure_cost(n), courses[nodes[n].course].id.clone()));
            c
        })
        .collect();
    let cheapest = candidates
        .iter()
        .map(|c| c.iter().map(|&n| nodes[n].minutes).min().unwrap_or(0))
        .collect();
    let full = if coverable.len() == 64 {
        u64::MAX
    } else {
        (1u64 << coverable.len()) - 1
    };
    let mut search = Search {
        nodes: &nodes,
        candidates,
        cheapest,
        full,
        chosen: vec![false; nodes.len()],
        best: None,
        ids: nodes.iter().map(|n| courses[n.course].id.clone()).collect(),
        budget: NODE_BUDGET,
    };
    search.go(0, 0);
    let exact = search.budget > 0;
    let picked: Vec<usize> = match &search.best {
        Some((_, _, ids)) => ids
            .iter()
            .map(|id| catalogue.position(id).expect("course id"))
            .collect(),
        None => Vec::new(),
    };
    // The search always finds some cover when every gap has a candidate and budget remains; if the
    // budget ran out before the first cover, the gaps stay uncovered rather than guessed.
    if picked.is_empty() && !coverable.is_empty() {
        all_uncovered.extend(coverable.iter().map(|s| s.to_string()));
    }
    all_uncovered.sort_by_key(|g| (criterion_index(badge, g), g.clone()));
    let steps = order_steps(badge, catalogue, &picked, coverable);
    let total_minutes = steps.iter().map(|s| s.duration_minutes).sum();
    LearningPath {
        steps,
        total_minutes,
        uncovered: all_uncovered,
        exact,
    }
}

/// Prerequisites first, then by the first gap a course (or a course needing it) covers, then id.
fn order_steps(
    badge: &Badge,
    catalogue: &Catalogue,
    picked: &[usize],
    gaps: &[&str],
) -> Vec<PathStep> {
    let courses = catalogue.courses();
    let covers = |i: usize| -> Vec<String> {
        gaps.iter()
            .filter(|g| courses[i].covers_criterion(&badge.id, g))
            .map(|g| g.to_string())
            .collect()
    };
    let own_key = |i: usize| {
        covers(i)
            .iter()
            .map(|g| criterion_index(badge, g))
            .min()
            .unwrap_or(usize::MAX)
    };
    // A course's key is the smallest own key among itself and the picked courses that need it.
    let needs = |a: usize, b: usize| -> bool {
        // Does course a need course b, directly or not?
        let mut stack = vec![a];
        let mut seen = BTreeSet::new();
        while let Some(x) = stack.pop() {
            for p in courses[x]
                .prerequisites
                .iter()
                .filter_map(|p| catalogue.position(p))
            {
                if p == b {
                    return true;
                }
                if seen.insert(p) {
                    stack.push(p);
                }
            }
        }
        false
    };
    let key = |i: usize| {
        picked
            .iter()
            .filter(|&&a| a == i || needs(a, i))
            .map(|&a| own_key(a))
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut left: Vec<usize> = picked.to_vec();
    let mut out = Vec::new();
    while !left.is_empty() {
        let ready = left
            .iter()
            .copied()
            .filter(|&i| !left.iter().any(|&j| j != i && needs(i, j)))
            .min_by_key(|&i| (key(i), courses[i].id.clone()))
            .expect("prerequisites have no cycles");
        left.retain(|&i| i != ready);
        let c = &courses[ready];
        out.push(PathStep {
            course: c.id.clone(),
            title: c.title.clone(),
            provider: c.provider.clone(),
            duration_minutes: c.duration_minutes,
            covers: covers(ready),
            prerequisites: c.prerequisites.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
