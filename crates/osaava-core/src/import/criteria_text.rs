//! Splitting a criteria narrative (Markdown) into criteria.
//!
//! Open Badges keep criteria as one Markdown text. Osaava assesses each criterion on its own,
//! so each top-level list item becomes a criterion:
//! - items start with `-`, `*`, `+` or `•`, or a number and `.` or `)` (`1.`, `2)`);
//! - a nested item (indented by two or more spaces more than the list) becomes a *key point*
//!   of the item above it;
//! - a line that continues an item (indented, or directly below it) is part of its text,
//!   joined with a line break;
//! - everything else (an introduction such as "To earn this badge:", headings, closing notes)
//!   is returned as `other`, so the caller can keep it with the badge's description.
//!
//! A narrative without any list is one criterion: the whole text, with Markdown heading marks
//! removed. [`to_markdown`] writes criteria back in the same form, so splitting what it wrote
//! gives the same texts and key points again.

use crate::localized::{Lang, LocalizedText};

/// One top-level list item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    pub text: String,
    pub key_points: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Narrative {
    pub items: Vec<Item>,
    /// Text outside the list, paragraphs separated by blank lines.
    pub other: String,
}

/// Splits a narrative into list items and other text. See the module documentation.
pub fn split(narrative: &str) -> Narrative {
    let text = narrative.replace("\r\n", "\n").replace('\r', "\n");
    let mut items: Vec<Item> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    // Indentation of the first list item seen; deeper markers are nested.
    let mut base: Option<usize> = None;
    // Whether the previous line belongs to the current item (no blank line or text since).
    let mut in_item = false;
    let mut in_key_point = false;
    let mut after_blank = false;

    for raw in text.split('\n') {
        let indent = indentation(raw);
        let content = raw.trim();
        if content.is_empty() {
            after_blank = true;
            if !other.last().is_some_and(String::is_empty) && !other.is_empty() {
                other.push(String::new());
            }
            continue;
        }
        match list_marker(content) {
            Some(rest) if base.is_none_or(|b| indent <= b + 1) => {
                base.get_or_insert(indent);
                items.push(Item {
                    text: unescape(rest.trim()),
                    key_points: Vec::new(),
                });
                in_item = true;
                in_key_point = false;
            }
            Some(rest) if in_item => {
                if let Some(item) = items.last_mut() {
                    item.key_points.push(unescape(rest.trim()));
                }
                in_key_point = true;
            }
            _ => {
                let b = base.unwrap_or(0);
                let continues = in_item && (!after_blank || indent >= b + 2);
                if continues {
                    let line = unescape(content);
                    let item = items.last_mut().expect("in_item implies an item");
                    let target = match (in_key_point, item.key_points.last_mut()) {
                        (true, Some(kp)) if indent >= b + 4 || !after_blank => kp,
                        _ => &mut item.text,
                    };
                    target.push('\n');
                    target.push_str(&line);
                } else {
                    in_item = false;
                    in_key_point = false;
                    other.push(strip_heading(content).to_string());
                }
            }
        }
        after_blank = false;
    }
    items.retain(|i| !i.text.trim().is_empty());
    for item in &mut items {
        item.key_points.retain(|k| !k.trim().is_empty());
    }
    Narrative {
        items,
        other: join_paragraphs(&other),
    }
}

/// The criteria as one Markdown list: `- text`, continuation lines indented by two spaces,
/// key points as nested `  - ` items. Lines that would read as list markers are escaped.
pub fn to_markdown(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        let mut lines = item.text.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(first) = lines.next() else { continue };
        out.push_str("- ");
        out.push_str(first);
        out.push('\n');
        for line in lines {
            out.push_str("  ");
            out.push_str(&escape(line));
            out.push('\n');
        }
        for kp in &item.key_points {
            let mut kp_lines = kp.lines().map(str::trim).filter(|l| !l.is_empty());
            let Some(first) = kp_lines.next() else {
                continue;
            };
            out.push_str("  - ");
            out.push_str(first);
            out.push('\n');
            for line in kp_lines {
                out.push_str("    ");
                out.push_str(&escape(line));
                out.push('\n');
            }
        }
    }
    out.trim_end().to_string()
}

fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The text after a list marker, if the line starts with one.
fn list_marker(content: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ ", "• ", "-\t", "*\t", "•\t"] {
        if let Some(rest) = content.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = content.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &content[digits..];
        for sep in [". ", ") ", ".\t", ")\t"] {
            if let Some(rest) = after.strip_prefix(sep) {
                return Some(rest);
            }
        }
    }
    None
}

fn strip_heading(content: &str) -> &str {
    let hashes = content.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && content[hashes..].starts_with([' ', '\t']) {
        content[hashes..].trim()
    } else {
        content
    }
}

/// Escapes a continuation line that would otherwise start a list item: `1. x` → `1\. x`,
/// `- x` → `\- x`.
fn escape(line: &str) -> String {
    if list_marker(line).is_none() {
        return line.to_string();
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        format!("\\{line}")
    }
}

/// Undoes [`escape`] (the Markdown backslash escape of a list marker at a line start).
fn unescape(line: &str) -> String {
    for m in ["\\-", "\\*", "\\+", "\\•"] {
        if line.starts_with(m) {
            return line[1..].to_string();
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with("\\.") || line[digits..].starts_with("\\)")) {
        return format!("{}{}", &line[..digits], &line[digits + 1..]);
    }
    line.to_string()
}

fn join_paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push_str("\n\n");
            }
        } else {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out.trim().to_string()
}

/// One criterion split from texts in several languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LocalizedItem {
    pub text: LocalizedText,
    pub key_points: Vec<LocalizedText>,
}

/// Splits a narrative written in several languages. The items of the first language (fi, sv,
/// en) that has a list decide the criteria; another language's items are paired with them by
/// position, and only when that language has the same number of items (a translation that
/// splits differently cannot be paired safely, so it is left out rather than mismatched).
/// Key points are paired the same way within each item. `other` keeps each language's
/// text outside the list. When no language has a list, there are no items.
pub(crate) fn split_localized(text: &LocalizedText) -> (Vec<LocalizedItem>, LocalizedText) {
    let split: Vec<(Lang, Narrative)> = Lang::ALL
        .into_iter()
        .filter_map(|l| text.get(l).map(|t| (l, split(t))))
        .collect();
    let mut other = LocalizedText::default();
    for (lang, n) in &split {
        other.set(*lang, &n.other);
    }
    let Some((_, base)) = split.iter().find(|(_, n)| !n.items.is_empty()) else {
        return (Vec::new(), other);
    };
    let paired: Vec<&(Lang, Narrative)> = split
        .iter()
        .filter(|(_, n)| n.items.len() == base.items.len())
        .collect();
    let items = (0..base.items.len())
        .map(|i| {
            let mut item = LocalizedItem::default();
            for (lang, n) in &paired {
                item.text.set(*lang, &n.items[i].text);
            }
            let base_kps = &base.items[i].key_points;
            item.key_points = (0..base_kps.len())
                .map(|k| {
                    let mut kp = LocalizedText::default();
                    for (lang, n) in &paired {
                        if n.items[i].key_points.len() == base_kps.len() {
                            kp.set(*lang, &n.items[i].key_points[k]);
                        }
                    }
                    kp
                })
                .collect();
            item
        })
        .collect();
    (items, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: &Narrative) -> Vec<&str> {
        n.items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn each_kind_of_marker_makes_an_item() {
        for md in [
            "- a\n- b\n- c",
            "* a\n* b\n* c",
            "1. a\n2. b\n3. c",
            "1) a\n2) b\n3) c",
            "• a\n• b\n+ c",
        ] {
            assert_eq!(texts(&split(md)), ["a", "b", "c"], "{md}");
        }
    }

    #[test]
    fn introduction_and_closing_text_are_kept_apart() {
        let n = split("# Requirements\nTo earn this badge you:\n\n- plan the work\n- carry it out\n\nAssessed at work.");
        assert_eq!(texts(&n), ["plan the work", "carry it out"]);
        assert_eq!(
            n.other,
            "Requirements\nTo earn this badge you:\n\nAssessed at work."
        );
    }

    #[test]
    fn no_list_is_no_items() {
        let n = split("Learners must present source code.");
        assert!(n.items.is_empty());
        assert_eq!(n.other, "Learners must present source code.");
    }

    #[test]
    fn nested_items_are_key_points_and_continuations_join() {
        let n = split("- Hand hygiene\n  before and after\n  - washes hands\n  - uses sanitiser\n- Protective equipment");
        assert_eq!(n.items.len(), 2);
        assert_eq!(n.items[0].text, "Hand hygiene\nbefore and after");
        assert_eq!(n.items[0].key_points, ["washes hands", "uses sanitiser"]);
        assert_eq!(n.items[1].text, "Protective equipment");
    }

    #[test]
    fn loose_lists_with_blank_lines_stay_one_list() {
        let n = split("1. first\n\n2. second\n\n   still second\n\n3. third");
        assert_eq!(texts(&n), ["first", "second\nstill second", "third"]);
    }

    #[test]
    fn bold_and_rules_are_not_markers() {
        let n = split("**Bold** intro\n---\n-not a marker");
        assert!(n.items.is_empty());
    }

    #[test]
    fn translations_pair_by_position_only_when_counts_match() {
        let t = LocalizedText::new("- yksi\n- kaksi", "- ett\n- två", "- one two");
        let (items, _) = split_localized(&t);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].text.get(Lang::Fi), Some("kaksi"));
        assert_eq!(items[1].text.get(Lang::Sv), Some("två"));
        assert_eq!(
            items[1].text.get(Lang::En),
            None,
            "a translation with another count is left out"
        );
    }

    #[test]
    fn markdown_round_trip_keeps_texts_and_key_points() {
        let items = vec![
            Item {
                text: "Toteuttaa käsihygienian\nennen ja jälkeen".into(),
                key_points: vec!["pesee kädet".into()],
            },
            Item {
                text: "Vaiheet:\n1. valmistelu\n- tarkistus".into(),
                key_points: vec![],
            },
            Item {
                text: "2024. vuoden ohje".into(),
                key_points: vec!["a\nb".into()],
            },
        ];
        let md = to_markdown(&items);
        assert_eq!(split(&md).items, items, "{md}");
    }
}
