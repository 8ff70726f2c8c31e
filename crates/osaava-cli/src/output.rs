//! Printing results: one JSON document with `--json`, else a table in the user's language.

use crate::text::Text;
use osaava_api::dto::*;
use osaava_api::ApiError;
use osaava_core::{Lang, Organisation, Person};
use serde::Serialize;

pub struct Out {
    pub json: bool,
    pub text: Text,
    pub lang: Lang,
}

pub fn print_json(value: &impl Serialize) -> Result<(), ApiError> {
    let s = serde_json::to_string_pretty(value).map_err(|e| ApiError::internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// Prints rows as columns padded to the widest cell.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header.to_vec());
    line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

impl Out {
    pub fn badge_list(&self, list: &[BadgeSummary]) -> Result<(), ApiError> {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            println!("{}", self.text.no_badges());
            return Ok(());
        }
        let t = &self.text;
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|b| {
                let units: Vec<&str> = b
                    .alignments
                    .iter()
                    .filter_map(|a| a.code.as_deref())
                    .collect();
                vec![
                    b.id.clone(),
                    b.version.to_string(),
                    b.name.show(self.lang).to_string(),
                    b.criteria_count.to_string(),
                    units.join(", "),
                ]
            })
            .collect();
        table(
            &[t.id(), t.version(), t.name(), t.criteria(), t.alignments()],
            &rows,
        );
        Ok(())
    }

    pub fn badge_detail(&self, d: &BadgeDetail) -> Result<(), ApiError> {
        if self.json {
            return print_json(d);
        }
        let (t, l, b) = (&self.text, self.lang, &d.badge);
        println!(
            "{}  ({} {}, {})",
            b.name.show(l),
            t.version(),
            b.version,
            b.id
        );
        let description = b.description.show(l);
        if !description.is_empty() {
            println!("\n{description}");
        }
        if !b.alignments.is_empty() {
            println!("\n{}:", t.alignments());
            for a in &b.alignments {
                let osp = a
                    .competence_points
                    .map(|p| format!(", {p} osp"))
                    .unwrap_or_default();
                println!(
                    "  {} {}{osp}",
                    a.code.as_deref().unwrap_or("-"),
                    a.name.show(l)
                );
            }
        }
        println!("\n{}:", t.criteria());
        for (i, c) in b.criteria.iter().enumerate() {
            let kind = if c.mandatory {
                t.mandatory()
            } else {
                t.optional()
            };
            println!("  {}. [{}] {} ({kind})", i + 1, c.id, c.text.show(l));
            let guidance = c.guidance.show(l);
            if !guidance.is_empty() {
                println!("     {}: {guidance}", t.guidance());
            }
        }
        let versions: Vec<String> = d.versions.iter().map(|v| v.version.to_string()).collect();
        println!("\n{}: {}", t.versions(), versions.join(", "));
        Ok(())
    }

    pub fn import_report(&self, report: &ImportReport) -> Result<(), ApiError> {
        if self.json {
            return print_json(report);
        }
        let t = &self.text;
        let rows: Vec<Vec<String>> = report
            .files
            .iter()
            .flat_map(|f| {
                f.badges.iter().map(|b| {
                    let status = match b.status {
                        ImportStatus::New => t.new_version(),
                        ImportStatus::Unchanged => t.unchanged(),
                    };
                    vec![
                        f.file.clone(),
                        b.id.clone(),
                        b.version.to_string(),
                        status.to_string(),
                    ]
                })
            })
            .collect();
        table(&[t.file(), t.id(), t.version(), t.status()], &rows);
        Ok(())
    }

    pub fn created(&self, created: &Created) -> Result<(), ApiError> {
        if self.json {
            return print_json(created);
        }
        println!("{}", self.text.added(&created.id));
        Ok(())
    }

    pub fn people(&self, people: &[Person]) -> Result<(), ApiError> {
        if self.json {
            return print_json(&people);
        }
        if people.is_empty() {
            println!("{}", self.text.no_people());
            return Ok(());
        }
        let t = &self.text;
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    t.role_name(p.role).to_string(),
                    p.title.clone().unwrap_or_default(),
                    p.email.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(&[t.id(), t.name(), t.role(), t.title(), t.email()], &rows);
        Ok(())
    }

    pub fn organisation(&self, org: Option<&Organisation>) -> Result<(), ApiError> {
        if self.json {
            return print_json(&org);
        }
        match org {
            None => println!("{}", self.text.no_organisation()),
            Some(o) => println!("{}\n{}: {}", o.name, self.text.business_id(), o.business_id),
        }
        Ok(())
    }
}
