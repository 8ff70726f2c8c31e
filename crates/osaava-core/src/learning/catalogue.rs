//! The micro-course catalogue (`templates/learning/courses.json`): parsing and checks.

use crate::badge::Badge;
use crate::localized::LocalizedText;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub const CATALOGUE_FORMAT: &str = "osaava-course-catalogue/1";
pub const MAX_DURATION_MINUTES: u32 = 100_000;

/// How a course is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CourseMode {
    /// Online, at one's own pace.
    Online,
    /// Guided at the workplace by a workplace instructor.
    Workplace,
    /// A classroom or simulation session.
    Classroom,
    Blended,
}

/// The criteria of one badge that a course covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub badge: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub id: String,
    pub title: LocalizedText,
    pub provider: LocalizedText,
    pub duration_minutes: u32,
    pub mode: CourseMode,
    #[serde(default)]
    pub description: LocalizedText,
    pub covers: Vec<Coverage>,
    /// Courses to take before this one.
    #[serde(default)]
    pub prerequisites: Vec<String>,
}

impl Course {
    pub fn covers_criterion(&self, badge: &str, criterion: &str) -> bool {
        self.covers
            .iter()
            .any(|c| c.badge == badge && c.criteria.iter().any(|x| x == criterion))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    format: String,
    courses: Vec<Course>,
}

/// A checked catalogue: ids unique, prerequisites known and without cycles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    courses: Vec<Course>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("the course catalogue is not valid JSON of the expected shape: {0}")]
    Json(String),
    #[error("$.format: expected \"{CATALOGUE_FORMAT}\", got {0:?}")]
    Format(String),
    #[error("{path}: {message}")]
    At { path: String, message: String },
}

fn at(path: String, message: impl Into<String>) -> CatalogueError {
    CatalogueError::At {
        path,
        message: message.into(),
    }
}

/// A course id: lower-case letters, digits and hyphens.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Catalogue {
    /// Parses and checks catalogue JSON.
    pub fn parse(bytes: &[u8]) -> Result<Catalogue, CatalogueError> {
        let file: CatalogueFile =
            serde_json::from_slice(bytes).map_err(|e| CatalogueError::Json(e.to_string()))?;
        if file.format != CATALOGUE_FORMAT {
            return Err(CatalogueError::Format(file.format));
        }
        Catalogue::new(file.courses)
    }

    /// Checks courses given as data.
    pub fn new(courses: Vec<Course>) -> Result<Catalogue, CatalogueError> {
        let mut index = HashMap::new();
        for (i, c) in courses.iter().enumerate() {
            let p = format!("$.courses[{i}]");
            if !valid_id(&c.id) {
                return Err(at(
                    format!("{p}.id"),
                    format!("{:?} is not a course id (use a-z, 0-9 and -)", c.id),
                ));
            }
            if index.insert(c.id.clone(), i).is_some() {
                return Err(at(
                    format!("{p}.id"),
                    format!("course id {:?} is used more than once", c.id),
                ));
            }
            if c.title.is_empty() {
                return Err(at(
                    format!("{p}.title"),
                    "a course needs a title in at least one language",
                ));
            }
            if c.provider.is_empty() {
                return Err(at(format!("{p}.provider"), "a course needs a provider"));
            }
            if !(1..=MAX_DURATION_MINUTES).contains(&c.duration_minutes) {
                return Err(at(
                    format!("{p}.duration_minutes"),
                    format!(
                        "expected 1 to {MAX_DURATION_MINUTES} minutes, got {}",
                        c.duration_minutes
                    ),
                ));
            }
            if c.covers.is_empty() {
                return Err(at(
                    format!("{p}.covers"),
                    "a course must cover at least one criterion",
                ));
            }
            for (j, cov) in c.covers.iter().enumerate() {
                if cov.badge.trim().is_empty() {
                    return Err(at(format!("{p}.covers[{j}].badge"), "expected a badge id"));
                }
                if cov.criteria.is_empty() || cov.criteria.iter().any(|x| x.trim().is_empty()) {
                    return Err(at(
                        format!("{p}.covers[{j}].criteria"),
                        "expected one or more criterion ids",
                    ));
                }
            }
        }
        for (i, c) in courses.iter().enumerate() {
            for (j, pre) in c.prerequisites.iter().enumerate() {
                let path = format!("$.courses[{i}].prerequisites[{j}]");
                if pre == &c.id {
                    return Err(at(path, "a course cannot be its own prerequisite"));
                }
                if !index.contains_key(pre) {
                    return Err(at(path, format!("no course has the id {pre:?}")));
                }
            }
        }
        let cat = Catalogue { courses, index };
        if let Some(i) = cat.find_cycle() {
            return Err(at(
                format!("$.courses[{i}].prerequisites"),
                "prerequisites go round in a circle",
            ));
        }
        Ok(cat)
    }

    fn find_cycle(&self) -> Option<usize> {
        // 0 = unseen, 1 = on the current path, 2 = done.
        fn visit(cat: &Catalogue, i: usize, mark: &mut [u8]) -> bool {
            match mark[i] {
                1 => return true,
                2 => return false,
                _ => {}
            }
            mark[i] = 1;
            for p in &cat.courses[i].prerequisites {
                if visit(cat, cat.index[p], mark) {
                    return true;
                }
            }
            mark[i] = 2;
            false
        }
        let mut mark = vec![0u8; self.courses.len()];
        (0..self.courses.len()).find(|&i| visit(self, i, &mut mark))
    }

    pub fn courses(&self) -> &[Course] {
        &self.courses
    }

    pub fn get(&self, id: &str) -> Option<&Course> {
        self.index.get(id).map(|&i| &self.courses[i])
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Problems with the catalogue against a badge library: unknown badge or criterion ids, and
    /// criteria that no course covers. Empty when all is well.
    pub fn check_against(&self, badges: &[Badge]) -> Vec<String> {
        let mut problems = Vec::new();
        let by_id: HashMap<&str, &Badge> = badges.iter().map(|b| (b.id.as_str(), b)).collect();
        let mut covered: HashSet<(&str, &str)> = HashSet::new();
        for (i, c) in self.courses.iter().enumerate() {
            for (j, cov) in c.covers.iter().enumerate() {
                let Some(badge) = by_id.get(cov.badge.as_str()) else {
                    problems.push(format!(
                        "$.courses[{i}].covers[{j}].badge: no badge has the id {:?}",
                        cov.badge
                    ));
                    continue;
                };
                for (k, crit) in cov.criteria.iter().enumerate() {
                    if badge.criteria.iter().any(|x| &x.id == crit) {
                        covered.insert((cov.badge.as_str(), crit.as_str()));
                    } else {
                        problems.push(format!(
                            "$.courses[{i}].covers[{j}].criteria[{k}]: badge {} has no criterion {crit:?}",
                            cov.badge
                        ));
                    }
                }
            }
        }
        for b in badges {
            for c in &b.criteria {
                if !covered.contains(&(b.id.as_str(), c.id.as_str())) {
                    problems.push(format!(
                        "no course covers criterion {} of badge {}",
                        c.id, b.id
                    ));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub fn course(
        id: &str,
        minutes: u32,
        badge: &str,
        criteria: &[&str],
        pre: &[&str],
    ) -> serde_json::Value {
        json!({
            "id": id,
            "title": {"fi": format!("Kurssi {id}"), "sv": format!("Kurs {id}"), "en": format!("Course {id}")},
            "provider": {"fi": "Verkkokurssi (itsenäinen)"},
            "duration_minutes": minutes,
            "mode": "online",
            "covers": [{"badge": badge, "criteria": criteria}],
            "prerequisites": pre,
        })
    }

    pub fn catalogue_json(courses: Vec<serde_json::Value>) -> Vec<u8> {
        serde_json::to_vec(&json!({"format": CATALOGUE_FORMAT, "courses": courses})).unwrap()
    }

    fn err(courses: Vec<serde_json::Value>) -> String {
        Catalogue::parse(&catalogue_json(courses))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn parses_a_catalogue() {
        let cat = Catalogue::parse(&catalogue_json(vec![
            course("a", 30, "b1", &["c1"], &[]),
            course("b", 60, "b1", &["c2", "c3"], &["a"]),
        ]))
        .unwrap();
        assert_eq!(cat.courses().len(), 2);
        assert!(cat.get("b").unwrap().covers_criterion("b1", "c3"));
        assert!(!cat.get("b").unwrap().covers_criterion("b2", "c3"));
        assert_eq!(cat.get("zz"), None);
    }

    #[test]
    fn refuses_bad_catalogues_with_a_path() {
        assert!(err(vec![
            course("a", 30, "b", &["c"], &[]),
            course("a", 30, "b", &["c"], &[])
        ])
        .starts_with("$.courses[1].id: course id \"a\" is used more than once"));
        assert!(err(vec![course("A b", 30, "b", &["c"], &[])]).starts_with("$.courses[0].id"));
        assert!(err(vec![course("a", 0, "b", &["c"], &[])])
            .starts_with("$.courses[0].duration_minutes"));
        assert!(err(vec![course("a", 30, "b", &[], &[])])
            .starts_with("$.courses[0].covers[0].criteria"));
        assert!(
            err(vec![course("a", 30, "b", &["c"], &["x"])]).contains("no course has the id \"x\"")
        );
        assert!(err(vec![course("a", 30, "b", &["c"], &["a"])]).contains("its own prerequisite"));
        let e = err(vec![
            course("a", 30, "b", &["c"], &["b"]),
            course("b", 30, "b", &["c"], &["a"]),
        ]);
        assert!(e.contains("in a circle"), "{e}");
        let mut typo = course("a", 30, "b", &["c"], &[]);
        typo["titel"] = json!("x");
        assert!(err(vec![typo]).contains("unknown field `titel`"));
        let bad_format = serde_json::to_vec(&json!({"format": "x/2", "courses": []})).unwrap();
        assert!(Catalogue::parse(&bad_format)
            .unwrap_err()
            .to_string()
            .starts_with("$.format"));
        assert!(Catalogue::parse(b"{")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
    }

    #[test]
    fn checks_against_badges() {
        let badge = crate::case::common::fixtures::badge();
        let cat = Catalogue::parse(&catalogue_json(vec![
            course("a", 30, "osaava-test", &["c1", "c9"], &[]),
            course("b", 30, "other-badge", &["c1"], &[]),
        ]))
        .unwrap();
        let problems = cat.check_against(&[badge]);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("badge osaava-test has no criterion \"c9\""));
        assert!(problems[1].contains("no badge has the id \"other-badge\""));
        assert!(problems[2].contains("no course covers criterion c2"));
        assert!(problems[3].contains("no course covers criterion c3"));
    }
}
