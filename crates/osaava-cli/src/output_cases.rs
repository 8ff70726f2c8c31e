//! Printing cases, comparisons and interview guides.

use crate::output::{print_json, table, Out};
use osaava_api::dto::*;
use osaava_api::ApiError;
use osaava_core::interview::InterviewGuide;
use std::path::Path;

impl Out {
    pub fn done(&self, result: Result<(), ApiError>) -> Result<(), ApiError> {
        result?;
        if self.json {
            print_json(&serde_json::json!({ "ok": true }))
        } else {
            println!("{}", self.text.done());
            Ok(())
        }
    }

    pub fn written(&self, path: &Path) -> Result<(), ApiError> {
        if self.json {
            print_json(&serde_json::json!({ "out": path }))
        } else {
            println!("{}", self.text.written(&path.display().to_string()));
            Ok(())
        }
    }

    /// Privacy warnings go to stderr as well as into the JSON, so a person sees them.
    pub fn recorded(&self, r: &Recorded) -> Result<(), ApiError> {
        for w in &r.warnings {
            eprintln!("{}: {}", self.text.warning(), w.message);
        }
        if self.json {
            print_json(r)
        } else {
            println!("{}", self.text.done());
            Ok(())
        }
    }

    pub fn cases(&self, list: &[CaseSummary]) -> Result<(), ApiError> {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            println!("{}", self.text.no_cases());
            return Ok(());
        }
        let t = &self.text;
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.state.label(self.lang).to_string(),
                    c.employee_name.clone(),
                    c.badge_name.show(self.lang).to_string(),
                    c.updated_at.clone(),
                ]
            })
            .collect();
        table(
            &[t.id(), t.state(), t.employee(), t.badge(), t.updated()],
            &rows,
        );
        Ok(())
    }

    pub fn case_detail(&self, d: &CaseDetail) -> Result<(), ApiError> {
        if self.json {
            return print_json(d);
        }
        let (t, l) = (&self.text, self.lang);
        println!("{}  {}", d.badge_name.show(l), d.case.id);
        println!("{}: {}", t.employee(), d.employee.name);
        println!("{}: {}", t.state(), d.case.state.label(l));
        let rows: Vec<Vec<String>> = d
            .ratings
            .iter()
            .map(|r| {
                vec![
                    r.rating.criterion.clone(),
                    r.rating.rating.label(l).to_string(),
                    r.rating.rationale.clone().unwrap_or_default(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            println!();
            table(&[t.criteria(), t.rating(), ""], &rows);
        }
        println!("\n{}: {}", t.evidence(), d.evidence.len());
        Ok(())
    }

    pub fn guide(&self, g: &InterviewGuide) -> Result<(), ApiError> {
        if self.json {
            return print_json(g);
        }
        for (i, q) in g.questions.iter().enumerate() {
            println!("{}. [{}] {}", i + 1, q.criterion, q.criterion_text);
            println!("   {}", q.question);
            for p in &q.probes {
                println!("   - {p}");
            }
            for k in &q.key_points {
                println!("   * {k}");
            }
            println!();
        }
        Ok(())
    }

    pub fn comparison(&self, c: &CompareResponse) -> Result<(), ApiError> {
        if self.json {
            return print_json(c);
        }
        let (t, l) = (&self.text, self.lang);
        println!("{}: {}", t.suggestion(), c.comparison.suggestion.code());
        for r in &c.reason_texts {
            println!("  - {r}");
        }
        let rows: Vec<Vec<String>> = c
            .comparison
            .criteria
            .iter()
            .map(|x| {
                vec![
                    x.id.clone(),
                    x.rating.label(l).to_string(),
                    x.self_level.map(|s| s.code()).unwrap_or_default(),
                    format!("{}/{}", x.counted, x.required),
                    t.yes_no(x.sufficient).to_string(),
                ]
            })
            .collect();
        println!();
        table(
            &[
                t.criteria(),
                t.rating(),
                t.self_level(),
                t.evidence(),
                t.sufficient(),
            ],
            &rows,
        );
        if !c.comparison.gaps.is_empty() {
            println!("\n{}: {}", t.gaps(), c.comparison.gaps.join(", "));
            println!(
                "{} ({} {}):",
                t.learning_path(),
                c.comparison.learning_path_minutes,
                t.minutes()
            );
            for s in &c.comparison.learning_path {
                println!(
                    "  - {} ({} {}) → {}",
                    s.title.show(l),
                    s.duration_minutes,
                    t.minutes(),
                    s.covers.join(", ")
                );
            }
        }
        Ok(())
    }
}
