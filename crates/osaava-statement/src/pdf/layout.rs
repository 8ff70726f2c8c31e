//! A small page-layout engine for A4: a cursor running down the page, wrapped paragraphs, filled
//! rectangles and rules, and tables whose rows move or split across pages with the header row
//! repeated. It writes PDF content-stream operators directly; text goes through [`Fonts`], so every
//! width is the font's own and every glyph ends up in the subset.

use std::fmt::Write as _;

use super::fonts::{Face, Fonts};

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.276;
pub(crate) const PAGE_H: f32 = 841.89;
/// Left and right margin (about 20 mm).
pub(crate) const MARGIN_X: f32 = 56.7;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Top margin, and the space kept free at the bottom for the footer.
pub(crate) const TOP: f32 = 51.0;
pub(crate) const BOTTOM: f32 = 70.0;
/// Height available to content on one page.
pub(crate) const BODY_H: f32 = PAGE_H - TOP - BOTTOM;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub fn fill(self) -> String {
        format!("{:.3} {:.3} {:.3} rg\n", self.0, self.1, self.2)
    }
    fn stroke(self) -> String {
        format!("{:.3} {:.3} {:.3} RG\n", self.0, self.1, self.2)
    }
}

/// The palette: near-black text, a muted grey for labels, one calm blue for structure.
pub(crate) mod color {
    use super::Rgb;
    pub const TEXT: Rgb = Rgb(0.11, 0.12, 0.14);
    pub const MUTED: Rgb = Rgb(0.36, 0.38, 0.42);
    pub const ACCENT: Rgb = Rgb(0.09, 0.27, 0.44);
    pub const RULE: Rgb = Rgb(0.80, 0.82, 0.85);
    pub const TINT: Rgb = Rgb(0.94, 0.955, 0.97);
    pub const GOOD: Rgb = Rgb(0.10, 0.42, 0.22);
    pub const PARTIAL: Rgb = Rgb(0.60, 0.36, 0.02);
    pub const BAD: Rgb = Rgb(0.66, 0.14, 0.12);
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    /// Height of one line box.
    pub leading: f32,
}

impl Style {
    pub const fn new(face: Face, size: f32, color: Rgb) -> Style {
        Style {
            face,
            size,
            color,
            leading: size * 1.38,
        }
    }
    pub const fn with_color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }
}

/// One wrapped line of a cell or paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub style: Style,
    pub text: String,
    /// Extra space above this line (between blocks of a cell).
    pub gap_before: f32,
}

impl Line {
    fn height(&self) -> f32 {
        self.gap_before + self.style.leading
    }
}

/// A piece of a table cell: a paragraph in one style, wrapped to the column.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub style: Style,
    pub text: String,
    pub gap_before: f32,
}

impl Block {
    pub fn new(style: Style, text: impl Into<String>) -> Block {
        Block {
            style,
            text: text.into(),
            gap_before: 0.0,
        }
    }
    pub fn gap(mut self, gap: f32) -> Block {
        self.gap_before = gap;
        self
    }
}

pub(crate) type Cell = Vec<Block>;

pub(crate) struct Table {
    /// Column widths; they should add up to the table's width.
    pub widths: Vec<f32>,
    pub headers: Vec<String>,
    /// Written above the repeated header row on a following page, e.g. "Criteria (continued)".
    pub continued: Option<String>,
    pub header_style: Style,
    pub pad_x: f32,
    pub pad_y: f32,
    /// Text in this column is right-aligned.
    pub right_aligned: Vec<usize>,
    /// By row: what the first column says where a split row goes on, e.g. "9. (continued)".
    pub row_continued: Vec<String>,
}

pub(crate) struct Layout {
    pub fonts: Fonts,
    pages: Vec<String>,
    /// Distance of the cursor from the top edge of the current page.
    y: f32,
}

impl Layout {
    pub fn new(fonts: Fonts) -> Layout {
        Layout {
            fonts,
            pages: vec![String::new()],
            y: TOP,
        }
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    pub fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Space left above the footer on this page.
    pub fn remaining(&self) -> f32 {
        PAGE_H - BOTTOM - self.y
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one; true when it started one.
    pub fn ensure(&mut self, height: f32) -> bool {
        if height > self.remaining() && self.y > TOP {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn ops(&mut self) -> &mut String {
        self.pages.last_mut().expect("there is always a page")
    }

    pub fn raw(&mut self, ops: &str) {
        self.ops().push_str(ops);
    }

    /// Draws one line of text whose line box starts `top` points below the page's top edge.
    pub fn text_at(&mut self, x: f32, top: f32, style: Style, text: &str) {
        let baseline = top + baseline_offset(&mut self.fonts, style);
        let ops = self.text_ops(x, baseline, style, text);
        self.ops().push_str(&ops);
    }

    /// Like [`Layout::text_at`] on page `index`.
    pub fn text_on(&mut self, index: usize, x: f32, top: f32, style: Style, text: &str) {
        let baseline = top + baseline_offset(&mut self.fonts, style);
        let ops = self.text_ops(x, baseline, style, text);
        self.pages[index].push_str(&ops);
    }

    fn text_ops(&mut self, x: f32, baseline_from_top: f32, style: Style, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        let hex = self.fonts.get(style.face).encode(text);
        format!(
            "{}BT /{} {} Tf 1 0 0 1 {:.2} {:.2} Tm {} Tj ET\n",
            style.color.fill(),
            Fonts::resource_name(style.face),
            style.size,
            x,
            PAGE_H - baseline_from_top,
            hex
        )
    }

    pub fn width(&mut self, text: &str, style: Style) -> f32 {
        self.fonts.get(style.face).width(text, style.size)
    }

    /// Breaks `text` into lines no wider than `width`: at spaces, and inside a word only when the
    /// word alone is too wide. A newline in the text starts a new line.
    pub fn wrap(&mut self, text: &str, style: Style, width: f32) -> Vec<String> {
        let font = self.fonts.get(style.face);
        let size = style.size;
        let space = font.width(" ", size);
        let text = nfc(text);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            // Widths add up (no kerning), so the line is measured as it grows.
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in paragraph.split_whitespace() {
                let word_w = font.width(word, size);
                if line.is_empty() && word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                if !line.is_empty() && line_w + space + word_w <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + word_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                // A word wider than the column (a long code or address): break it by characters.
                for c in word.chars() {
                    let mut buf = [0u8; 4];
                    let c_w = font.width(c.encode_utf8(&mut buf), size);
                    if line_w + c_w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += c_w;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A wrapped paragraph at the cursor, breaking to a new page between lines when needed.
    pub fn paragraph(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in self.wrap(text, style, width) {
            self.ensure(style.leading);
            let y = self.y;
            self.text_at(x, y, style, &line);
            self.y += style.leading;
        }
    }

    /// The height [`Layout::paragraph`] would take (without page breaks).
    pub fn paragraph_height(&mut self, width: f32, style: Style, text: &str) -> f32 {
        self.wrap(text, style, width).len() as f32 * style.leading
    }

    /// A filled rectangle whose top-left corner is `top` points below the page's top edge.
    pub fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: Rgb) {
        let ops = format!(
            "{}{:.2} {:.2} {:.2} {:.2} re f\n",
            color.fill(),
            x,
            PAGE_H - top - h,
            w,
            h
        );
        self.ops().push_str(&ops);
    }

    /// A horizontal rule `y` points below the top edge.
    pub fn hline(&mut self, x0: f32, x1: f32, y: f32, width: f32, color: Rgb) {
        let ops = hline_ops(x0, x1, y, width, color);
        self.ops().push_str(&ops);
    }

    pub fn hline_on(&mut self, index: usize, x0: f32, x1: f32, y: f32, width: f32, color: Rgb) {
        let ops = hline_ops(x0, x1, y, width, color);
        self.pages[index].push_str(&ops);
    }

    /// Draws a table at the cursor across the content width. A row that does not fit moves to the
    /// next page whole; a row taller than half a page is split between lines instead. Each new
    /// page repeats the header row.
    pub fn table(&mut self, table: &Table, rows: &[Vec<Cell>]) {
        let header_h = table.header_style.leading + 2.0 * table.pad_y;
        let laid: Vec<Vec<Vec<Line>>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&table.widths)
                    .map(|(cell, w)| self.lay_out_cell(cell, w - 2.0 * table.pad_x))
                    .collect()
            })
            .collect();

        // Keep the header with at least the first row (or a good part of it).
        let first_h = laid
            .first()
            .map(|r| row_height(r, table.pad_y))
            .unwrap_or(0.0);
        self.ensure(header_h + first_h.min(BODY_H / 3.0));
        self.table_header(table);

        for (index, row) in laid.into_iter().enumerate() {
            let mut rest = row;
            loop {
                let h = row_height(&rest, table.pad_y);
                if h <= self.remaining() {
                    self.table_row(table, &rest, h);
                    break;
                }
                let tall = h > BODY_H / 2.0;
                if !tall || self.remaining() < 60.0 {
                    self.table_continue(table);
                    if h <= self.remaining() || !tall {
                        let h = h.min(self.remaining());
                        self.table_row(table, &rest, h);
                        break;
                    }
                }
                // Split: the lines that fit stay here, the others go on with the next page.
                let avail = self.remaining() - 2.0 * table.pad_y;
                let (here, later): (Vec<_>, Vec<_>) = rest
                    .into_iter()
                    .map(|cell| {
                        let mut used = 0.0;
                        let n = cell
                            .iter()
                            .take_while(|l| {
                                used += l.height();
                                used <= avail
                            })
                            .count();
                        let mut cell = cell;
                        let mut later = cell.split_off(n);
                        if let Some(first) = later.first_mut() {
                            first.gap_before = 0.0;
                        }
                        (cell, later)
                    })
                    .unzip();
                let h = row_height(&here, table.pad_y);
                self.table_row(table, &here, h);
                rest = later;
                if rest.iter().all(|c| c.is_empty()) {
                    break;
                }
                if let (Some(marker), Some(first)) =
                    (table.row_continued.get(index), rest.first_mut())
                {
                    let style = Style::new(Face::Regular, 7.5, color::MUTED);
                    let gap = if first.is_empty() { 0.0 } else { 3.0 };
                    if let Some(next) = first.first_mut() {
                        next.gap_before = gap;
                    }
                    first.insert(
                        0,
                        Line {
                            style,
                            text: marker.clone(),
                            gap_before: 0.0,
                        },
                    );
                }
                self.table_continue(table);
            }
        }
    }

    fn lay_out_cell(&mut self, cell: &Cell, width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        for block in cell {
            for (i, text) in self
                .wrap(&block.text, block.style, width)
                .into_iter()
                .enumerate()
            {
                lines.push(Line {
                    style: block.style,
                    text,
                    gap_before: if i == 0 { block.gap_before } else { 0.0 },
                });
            }
        }
        if let Some(first) = lines.first_mut() {
            first.gap_before = 0.0;
        }
        lines
    }

    fn table_continue(&mut self, table: &Table) {
        self.new_page();
        if let Some(caption) = &table.continued {
            let style = Style::new(Face::Regular, 8.0, color::MUTED);
            let y = self.y;
            self.text_at(MARGIN_X, y, style, caption);
            self.y += style.leading + 2.0;
        }
        self.table_header(table);
    }

    fn table_header(&mut self, table: &Table) {
        let h = table.header_style.leading + 2.0 * table.pad_y;
        let top = self.y;
        let width: f32 = table.widths.iter().sum();
        self.fill_rect(MARGIN_X, top, width, h, color::TINT);
        let mut x = MARGIN_X;
        for (i, (header, w)) in table.headers.iter().zip(&table.widths).enumerate() {
            let tx = if table.right_aligned.contains(&i) {
                x + w - table.pad_x - self.width(header, table.header_style)
            } else {
                x + table.pad_x
            };
            self.text_at(tx, top + table.pad_y, table.header_style, header);
            x += w;
        }
        self.hline(MARGIN_X, MARGIN_X + width, top + h, 0.8, color::ACCENT);
        self.y += h;
    }

    fn table_row(&mut self, table: &Table, cells: &[Vec<Line>], h: f32) {
        let top = self.y;
        let mut x = MARGIN_X;
        for (i, (cell, w)) in cells.iter().zip(&table.widths).enumerate() {
            let mut y = top + table.pad_y;
            for line in cell {
                y += line.gap_before;
                let tx = if table.right_aligned.contains(&i) {
                    x + w - table.pad_x - self.width(&line.text, line.style)
                } else {
                    x + table.pad_x
                };
                self.text_at(tx, y, line.style, &line.text);
                y += line.style.leading;
            }
            x += w;
        }
        let width: f32 = table.widths.iter().sum();
        self.hline(MARGIN_X, MARGIN_X + width, top + h, 0.5, color::RULE);
        self.y += h;
    }

    /// The content streams of the pages, and the fonts with every glyph they use.
    pub fn finish(self) -> (Vec<String>, Fonts) {
        (self.pages, self.fonts)
    }
}

/// Text in Unicode normalization form C, so "a" + U+0308 is drawn and extracted as one "ä".
pub(crate) fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

fn row_height(cells: &[Vec<Line>], pad_y: f32) -> f32 {
    cells
        .iter()
        .map(|c| c.iter().map(Line::height).sum::<f32>())
        .fold(0.0, f32::max)
        + 2.0 * pad_y
}

/// Where the baseline sits below the top of a line box: capitals centred in the box.
fn baseline_offset(fonts: &mut Fonts, style: Style) -> f32 {
    let cap = fonts.get(style.face).cap_height(style.size);
    (style.leading + cap) / 2.0
}

fn hline_ops(x0: f32, x1: f32, y: f32, width: f32, color: Rgb) -> String {
    let mut ops = color.stroke();
    let py = PAGE_H - y;
    let _ = writeln!(ops, "{width:.2} w {x0:.2} {py:.2} m {x1:.2} {py:.2} l S");
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::new(Fonts::new().unwrap())
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let mut l = layout();
        let style = Style::new(Face::Regular, 9.0, color::TEXT);
        let text =
            "Kuvasi tarkasti, miten rauhoittaa iltaisin levottoman asukkaan; esihenkilön lausunto \
                    tukee. Tunnisti kivun käytösoireen taustalla ja käytti lääkkeettömiä keinoja.";
        let lines = l.wrap(text, style, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(l.width(line, style) <= 120.0, "{line:?} fits");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn decomposed_letters_are_composed_before_drawing() {
        let mut l = layout();
        let style = Style::new(Face::Regular, 9.0, color::TEXT);
        let composed = "Mäkelä-Öhman";
        let decomposed = "Ma\u{308}kela\u{308}-O\u{308}hman";
        assert_eq!(l.wrap(decomposed, style, 200.0), vec![composed.to_string()]);
        assert_eq!(
            l.fonts.get(Face::Regular).encode(decomposed),
            l.fonts.get(Face::Regular).encode(composed)
        );
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_not_cut() {
        let mut l = layout();
        let style = Style::new(Face::Regular, 9.0, color::TEXT);
        let word = "http://data.europa.eu/esco/skill/0d5bd4c3-4b3b-4a6e-8f7c-4e0c5b6c2a1f";
        let lines = l.wrap(word, style, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(l.width(line, style) <= 80.0);
        }
    }

    #[test]
    fn a_long_table_breaks_across_pages_and_repeats_the_header() {
        let mut l = layout();
        let style = Style::new(Face::Regular, 9.0, color::TEXT);
        let table = Table {
            widths: vec![200.0, CONTENT_W - 200.0],
            headers: vec!["A".into(), "B".into()],
            continued: Some("(continued)".into()),
            header_style: Style::new(Face::Bold, 8.0, color::MUTED),
            pad_x: 4.0,
            pad_y: 4.0,
            right_aligned: vec![],
            row_continued: vec![],
        };
        let long = "word ".repeat(120);
        let rows: Vec<Vec<Cell>> = (0..30)
            .map(|i| {
                vec![
                    vec![Block::new(style, format!("row {i}"))],
                    vec![Block::new(style, long.clone())],
                ]
            })
            .collect();
        l.table(&table, &rows);
        assert!(l.page_count() >= 3);
        let (pages, _) = l.finish();
        for page in &pages {
            // every text line sits inside the page body
            for line in page.lines().filter(|l| l.contains(" Tm ")) {
                let parts: Vec<&str> = line.split_whitespace().collect();
                let i = parts.iter().position(|p| *p == "Tm").unwrap();
                let y: f32 = parts[i - 1].parse().unwrap();
                assert!(
                    y > BOTTOM - 1.0 && y < PAGE_H - TOP,
                    "baseline {y} inside the body"
                );
            }
        }
    }
}
