//! What the statement says, section by section, laid out with [`Layout`]:
//!
//! 1. the organisation and its business ID, the title, the QR code;
//! 2. a summary: employee, badge, decision, assessor, place and date, statement id;
//! 3. the qualification units with their codes and competence points (what a college credits);
//! 4. the badge and its description; 5. the decision and its justification;
//! 6. a table of criteria: rating in words, rationale, evidence (kind, date, authenticity checked);
//! 7. the learning path for the gaps; 8. the assessor's confirmation; 9. the attachments.
//!
//! Every page ends with the title, the employee, the statement id and "Sivu 1 / 2".

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use osaava_core::badge::AlignmentKind;
use osaava_core::case::Decision;
use osaava_core::interview::Rating;

use super::attachments::Attachment;
use super::fonts::{Face, Fonts};
use super::labels::Labels;
use super::layout::{
    color, Block, Cell, Layout, Rgb, Style, Table, CONTENT_W, MARGIN_X, PAGE_H, PAGE_W, TOP,
};
use super::{qr, PdfError};
use crate::model::Statement;

const BODY: Style = Style::new(Face::Regular, 9.5, color::TEXT);
const SMALL: Style = Style::new(Face::Regular, 8.0, color::MUTED);
const LABEL: Style = Style::new(Face::Regular, 8.5, color::MUTED);
const VALUE: Style = Style::new(Face::Regular, 10.0, color::TEXT);
const VALUE_BOLD: Style = Style::new(Face::Bold, 10.0, color::TEXT);
const HEADING: Style = Style::new(Face::Bold, 11.5, color::ACCENT);
const TABLE_HEAD: Style = Style::new(Face::Bold, 7.5, color::MUTED);
const CELL: Style = Style::new(Face::Regular, 8.5, color::TEXT);
const CELL_SMALL: Style = Style::new(Face::Regular, 7.5, color::MUTED);

/// Side of the QR code, in points (28 mm).
const QR_SIZE: f32 = 80.0;
/// Width of the label column in the summary and confirmation blocks.
const LABEL_W: f32 = 128.0;

pub(crate) fn render(
    s: &Statement,
    attachments: &[Attachment],
    qr_payload: &str,
    fonts: Fonts,
) -> Result<Layout, PdfError> {
    let l = Labels::get(s.language);
    let mut page = Layout::new(fonts);

    header(&mut page, s, l, qr_payload)?;
    summary(&mut page, s, l);
    units(&mut page, s, l);
    badge(&mut page, s, l);
    decision(&mut page, s, l);
    criteria(&mut page, s, l);
    learning_path(&mut page, s, l);
    confirmation(&mut page, s, l);
    attachment_list(&mut page, attachments, l);
    footers(&mut page, s, l);
    Ok(page)
}

fn rating_color(r: Rating) -> Rgb {
    match r {
        Rating::Meets => color::GOOD,
        Rating::PartiallyMeets => color::PARTIAL,
        Rating::DoesNotMeet => color::BAD,
        Rating::NotAssessed => color::MUTED,
    }
}

fn decision_color(d: Decision) -> Rgb {
    match d {
        Decision::Recognised => color::GOOD,
        Decision::PartiallyRecognised => color::PARTIAL,
        Decision::NotYet => color::BAD,
    }
}

fn header(page: &mut Layout, s: &Statement, l: &Labels, payload: &str) -> Result<(), PdfError> {
    let qr_x = PAGE_W - MARGIN_X - QR_SIZE;
    let text_w = CONTENT_W - QR_SIZE - 24.0;

    page.paragraph(
        MARGIN_X,
        text_w,
        Style::new(Face::Bold, 11.0, color::TEXT),
        &s.organisation.name,
    );
    page.paragraph(
        MARGIN_X,
        text_w,
        Style::new(Face::Regular, 8.5, color::MUTED),
        &format!("{} {}", l.business_id, s.organisation.business_id),
    );
    page.advance(16.0);
    page.paragraph(
        MARGIN_X,
        text_w,
        Style {
            leading: 24.0,
            ..Style::new(Face::Bold, 19.0, color::ACCENT)
        },
        &l.title,
    );
    page.advance(1.0);
    page.paragraph(
        MARGIN_X,
        text_w,
        Style::new(Face::Regular, 9.5, color::MUTED),
        &l.subtitle,
    );

    // The QR code, top right, with its caption under it.
    page.raw(&color::TEXT.fill());
    page.raw(&qr::draw(payload, qr_x, PAGE_H - TOP, QR_SIZE)?);
    let caption_w = page.width(&l.qr_caption, SMALL);
    page.text_at(
        qr_x + (QR_SIZE - caption_w) / 2.0,
        TOP + QR_SIZE + 3.0,
        SMALL,
        &l.qr_caption,
    );

    let bottom = page.y().max(TOP + QR_SIZE + 3.0 + SMALL.leading) + 10.0;
    page.set_y(bottom);
    page.hline(MARGIN_X, PAGE_W - MARGIN_X, bottom, 1.2, color::ACCENT);
    page.advance(12.0);
    Ok(())
}

/// A label on the left and a wrapped value on the right, baselines aligned.
fn field(page: &mut Layout, label: &str, value: &str, style: Style) {
    let lines = page.wrap(value, style, CONTENT_W - LABEL_W);
    let label_lines = page.wrap(label, LABEL, LABEL_W - 8.0);
    let h = (lines.len() as f32 * style.leading).max(label_lines.len() as f32 * LABEL.leading);
    page.ensure(h);
    let top = page.y();
    // The label's first baseline sits on the value's first baseline.
    let shift = (style.leading - LABEL.leading) / 2.0 + (style.size - LABEL.size) * 0.36;
    for (i, line) in label_lines.iter().enumerate() {
        page.text_at(
            MARGIN_X,
            top + shift + i as f32 * LABEL.leading,
            LABEL,
            line,
        );
    }
    for (i, line) in lines.iter().enumerate() {
        page.text_at(
            MARGIN_X + LABEL_W,
            top + i as f32 * style.leading,
            style,
            line,
        );
    }
    page.advance(h + 3.0);
}

fn summary(page: &mut Layout, s: &Statement, l: &Labels) {
    field(
        page,
        &l.employee,
        &s.employee.name,
        Style::new(Face::Bold, 12.0, color::TEXT),
    );
    field(
        page,
        &l.badge,
        &format!("{} ({} {})", s.badge.name, l.version, s.badge.version),
        VALUE,
    );
    field(
        page,
        &l.decision,
        l.decision(s.decision),
        VALUE_BOLD.with_color(decision_color(s.decision)),
    );
    field(
        page,
        &l.assessor,
        &format!("{}, {}", s.assessor.name, s.assessor.title),
        VALUE,
    );
    field(page, &l.place_and_date, &place_and_date(s, l), VALUE);
    field(page, &l.statement_id, &s.id.hyphenated().to_string(), VALUE);
    if let Some(old) = s.supersedes {
        field(page, &l.supersedes, &old.hyphenated().to_string(), VALUE);
    }
}

fn place_and_date(s: &Statement, l: &Labels) -> String {
    let date = l.date(helsinki_date(s.issued_at));
    if s.place.trim().is_empty() {
        date
    } else {
        l.place_date
            .replace("{place}", s.place.trim())
            .replace("{date}", &date)
    }
}

/// The calendar date in Finland (EET, EEST from the last Sunday of March to the last Sunday of
/// October, switching at 01:00 UTC), so a statement issued at 00:30 Finnish time is dated that day.
pub(crate) fn helsinki_date(t: DateTime<Utc>) -> NaiveDate {
    let last_sunday = |year: i32, month: u32| {
        let mut d =
            NaiveDate::from_ymd_opt(year, month + 1, 1).expect("valid month") - Duration::days(1);
        while d.weekday() != Weekday::Sun {
            d -= Duration::days(1);
        }
        Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).expect("valid time"))
    };
    let year = t.year();
    let summer = t >= last_sunday(year, 3) && t < last_sunday(year, 10);
    (t + Duration::hours(if summer { 3 } else { 2 })).date_naive()
}

fn heading(page: &mut Layout, text: &str, keep_with: f32) {
    page.advance(14.0);
    if page.ensure(HEADING.leading + keep_with) {
        // at the top of a fresh page the space above the heading is not needed
    }
    page.paragraph(MARGIN_X, CONTENT_W, HEADING, text);
    page.advance(3.0);
}

fn units(page: &mut Layout, s: &Statement, l: &Labels) {
    let units: Vec<_> = s
        .alignments
        .iter()
        .filter(|a| a.kind == AlignmentKind::QualificationUnit)
        .collect();
    let others: Vec<_> = s
        .alignments
        .iter()
        .filter(|a| a.kind != AlignmentKind::QualificationUnit)
        .collect();
    heading(page, &l.units_heading, 60.0);
    if units.is_empty() {
        page.paragraph(MARGIN_X, CONTENT_W, BODY, &l.no_units);
    } else {
        let code_w = 132.0;
        let points_w = 82.0;
        let table = Table {
            widths: vec![code_w, CONTENT_W - code_w - points_w, points_w],
            headers: vec![
                l.unit_code.clone(),
                l.unit_name.clone(),
                l.unit_points.clone(),
            ],
            continued: Some(format!("{} ({})", l.units_heading, l.continued)),
            header_style: TABLE_HEAD,
            pad_x: 6.0,
            pad_y: 6.0,
            right_aligned: vec![2],
            row_continued: vec![],
        };
        let rows: Vec<Vec<Cell>> = units
            .iter()
            .map(|u| {
                let points = u
                    .competence_points
                    .map(|p| format!("{p} {}", l.points_unit))
                    .unwrap_or_else(|| "–".into());
                vec![
                    vec![Block::new(
                        Style::new(Face::Regular, 9.5, color::TEXT),
                        u.code.clone(),
                    )],
                    vec![Block::new(
                        Style::new(Face::Bold, 10.5, color::TEXT),
                        u.name.clone(),
                    )],
                    vec![Block::new(
                        Style::new(Face::Bold, 12.0, color::ACCENT),
                        points,
                    )],
                ]
            })
            .collect();
        page.table(&table, &rows);
    }
    page.advance(5.0);
    page.paragraph(MARGIN_X, CONTENT_W, SMALL, &l.units_note);
    if !others.is_empty() {
        page.advance(6.0);
        page.ensure(SMALL.leading * 2.0);
        page.paragraph(
            MARGIN_X,
            CONTENT_W,
            Style::new(Face::Bold, 8.0, color::MUTED),
            &l.other_alignments,
        );
        for a in others {
            let text = format!("{}: {} ({})", l.alignment_kind(a.kind), a.name, a.code);
            page.paragraph(MARGIN_X, CONTENT_W, SMALL, &text);
        }
    }
}

fn badge(page: &mut Layout, s: &Statement, l: &Labels) {
    heading(page, &l.badge_heading, 40.0);
    page.paragraph(
        MARGIN_X,
        CONTENT_W,
        Style::new(Face::Bold, 10.5, color::TEXT),
        &s.badge.name,
    );
    page.paragraph(
        MARGIN_X,
        CONTENT_W,
        SMALL,
        &format!("{} {} · {}", l.version, s.badge.version, s.badge.id),
    );
    page.advance(3.0);
    page.paragraph(MARGIN_X, CONTENT_W, BODY, &s.badge.description);
}

fn decision(page: &mut Layout, s: &Statement, l: &Labels) {
    heading(page, &l.decision_heading, 40.0);
    page.paragraph(
        MARGIN_X,
        CONTENT_W,
        Style::new(Face::Bold, 11.0, decision_color(s.decision)),
        l.decision(s.decision),
    );
    page.advance(2.0);
    page.paragraph(MARGIN_X, CONTENT_W, BODY, &s.justification);
}

fn criteria(page: &mut Layout, s: &Statement, l: &Labels) {
    heading(page, &l.criteria_heading, 80.0);
    let widths = [132.0, 64.0, 150.0];
    let table = Table {
        widths: vec![
            widths[0],
            widths[1],
            widths[2],
            CONTENT_W - widths.iter().sum::<f32>(),
        ],
        headers: vec![
            l.col_criterion.clone(),
            l.col_rating.clone(),
            l.col_rationale.clone(),
            l.col_evidence.clone(),
        ],
        continued: Some(format!("{} ({})", l.criteria_heading, l.continued)),
        header_style: TABLE_HEAD,
        pad_x: 5.0,
        pad_y: 5.0,
        right_aligned: vec![],
        row_continued: (1..=s.criteria.len())
            .map(|n| format!("{n}. ({})", l.continued))
            .collect(),
    };
    let rows: Vec<Vec<Cell>> = s
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let criterion = vec![
                Block::new(CELL, format!("{}. {}", i + 1, c.text)),
                Block::new(
                    CELL_SMALL,
                    if c.mandatory {
                        &l.mandatory
                    } else {
                        &l.optional
                    }
                    .clone(),
                )
                .gap(2.0),
            ];
            let rating = vec![Block::new(
                Style::new(Face::Bold, 8.5, rating_color(c.rating)),
                l.rating(c.rating).to_string(),
            )];
            let rationale = vec![Block::new(CELL, c.rationale.clone())];
            let mut evidence = Vec::new();
            for (j, e) in c.evidence.iter().enumerate() {
                let date = e
                    .obtained
                    .map(|d| l.date(d))
                    .unwrap_or_else(|| l.date_unknown.clone());
                let checked = if e.verified {
                    &l.authenticity_checked
                } else {
                    &l.authenticity_not_checked
                };
                evidence.push(
                    Block::new(CELL, l.evidence_kind(e.kind).to_string()).gap(if j == 0 {
                        0.0
                    } else {
                        4.0
                    }),
                );
                evidence.push(Block::new(CELL_SMALL, format!("{date} · {checked}")));
            }
            if evidence.is_empty() {
                evidence.push(Block::new(CELL_SMALL, l.no_evidence.clone()));
            }
            vec![criterion, rating, rationale, evidence]
        })
        .collect();
    page.table(&table, &rows);
}

fn learning_path(page: &mut Layout, s: &Statement, l: &Labels) {
    heading(page, &l.learning_heading, 40.0);
    if s.learning_path.is_empty() {
        page.paragraph(MARGIN_X, CONTENT_W, BODY, &l.no_learning_path);
        return;
    }
    let widths = [220.0, 120.0, 62.0];
    let table = Table {
        widths: vec![
            widths[0],
            widths[1],
            widths[2],
            CONTENT_W - widths.iter().sum::<f32>(),
        ],
        headers: vec![
            l.col_course.clone(),
            l.col_provider.clone(),
            l.col_duration.clone(),
            l.col_covers.clone(),
        ],
        continued: Some(format!("{} ({})", l.learning_heading, l.continued)),
        header_style: TABLE_HEAD,
        pad_x: 5.0,
        pad_y: 5.0,
        right_aligned: vec![2],
        row_continued: vec![],
    };
    let rows: Vec<Vec<Cell>> = s
        .learning_path
        .iter()
        .map(|course| {
            // The criteria a course covers, by their numbers in the criteria table.
            let covers: Vec<String> = course
                .covers
                .iter()
                .map(|id| match s.criteria.iter().position(|c| &c.id == id) {
                    Some(i) => (i + 1).to_string(),
                    None => id.clone(),
                })
                .collect();
            vec![
                vec![Block::new(CELL, course.title.clone())],
                vec![Block::new(CELL, course.provider.clone())],
                vec![Block::new(CELL, l.duration(course.duration_minutes))],
                vec![Block::new(CELL, covers.join(", "))],
            ]
        })
        .collect();
    page.table(&table, &rows);
}

fn confirmation(page: &mut Layout, s: &Statement, l: &Labels) {
    // Keep the whole confirmation together.
    let note_h = page.paragraph_height(CONTENT_W, SMALL, &l.signature_note);
    let assessor = format!(
        "{}\n{}\n{}",
        s.assessor.name, s.assessor.title, s.organisation.name
    );
    let assessor_h = page.paragraph_height(CONTENT_W - LABEL_W, VALUE, &assessor);
    heading(
        page,
        &l.signature_heading,
        assessor_h + VALUE.leading + note_h + 20.0,
    );
    field(page, &l.assessor, &assessor, VALUE);
    field(page, &l.place_and_date, &place_and_date(s, l), VALUE);
    page.advance(4.0);
    page.paragraph(MARGIN_X, CONTENT_W, SMALL, &l.signature_note);
}

fn attachment_list(page: &mut Layout, attachments: &[Attachment], l: &Labels) {
    if attachments.is_empty() {
        return;
    }
    heading(
        page,
        &l.attachments_heading,
        SMALL.leading * attachments.len() as f32,
    );
    for a in attachments {
        let description = l
            .attachment_descriptions
            .get(&a.file_name)
            .unwrap_or(&a.description);
        field(page, &a.file_name, description, CELL);
    }
}

fn footers(page: &mut Layout, s: &Statement, l: &Labels) {
    let pages = page.page_count();
    let style = Style::new(Face::Regular, 7.5, color::MUTED);
    let line_y = PAGE_H - 52.0;
    for i in 0..pages {
        page.hline_on(i, MARGIN_X, PAGE_W - MARGIN_X, line_y, 0.5, color::RULE);
        let left = format!("{} · {}", l.title, s.employee.name);
        let number = l.page(i + 1, pages);
        let number_w = page.width(&number, style);
        let left_w = CONTENT_W - number_w - 16.0;
        let left = fit(page, &left, style, left_w);
        page.text_on(i, MARGIN_X, line_y + 4.0, style, &left);
        page.text_on(
            i,
            PAGE_W - MARGIN_X - number_w,
            line_y + 4.0,
            style,
            &number,
        );
        let id = format!("{} {}", l.statement_id, s.id.hyphenated());
        page.text_on(i, MARGIN_X, line_y + 4.0 + style.leading, style, &id);
    }
}

/// `text`, shortened with an ellipsis if it is wider than `width`.
fn fit(page: &mut Layout, text: &str, style: Style, width: f32) -> String {
    if page.width(text, style) <= width {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && page.width(&format!("{out}…"), style) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_finnish_calendar_dates() {
        // 23:30 UTC in November is 01:30 the next day in Finland (UTC+2).
        let t = Utc.with_ymd_and_hms(2026, 11, 24, 23, 30, 0).unwrap();
        assert_eq!(
            helsinki_date(t),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
        // 21:30 UTC in June is 00:30 the next day (UTC+3), but 21:30 in January is still 23:30.
        let june = Utc.with_ymd_and_hms(2026, 6, 10, 21, 30, 0).unwrap();
        assert_eq!(
            helsinki_date(june),
            NaiveDate::from_ymd_opt(2026, 6, 11).unwrap()
        );
        let jan = Utc.with_ymd_and_hms(2026, 1, 10, 21, 30, 0).unwrap();
        assert_eq!(
            helsinki_date(jan),
            NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
        );
        // Summer time in 2026 starts on 29 March at 01:00 UTC.
        let before = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 21, 30, 0).unwrap();
        assert_eq!(
            helsinki_date(before),
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
        );
        assert_eq!(
            helsinki_date(after),
            NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()
        );
    }
}
