//! Turning imported strings into plain text.
//!
//! Imported text is only ever *text*: HTML (ePerusteet writes `<p>`, `<ul><li>`,
//! `<dd style="display: list-item;">`) is reduced to lines and `- ` bullets, `<script>` and
//! `<style>` elements are dropped with their content, and control and bidirectional-override
//! characters are removed so that a name cannot rewrite a terminal or reorder a line. Nothing
//! here interprets markup for display; the UI shows these strings as text.

/// Removes control characters (except newline), bidirectional overrides and byte-order marks,
/// turns tabs into spaces and CRLF into LF, and trims each line's end and the whole text.
pub fn clean_text(s: &str) -> String {
    let filtered = filter_chars(s);
    let lines: Vec<&str> = filtered.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

fn filter_chars(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidirectional embeddings, overrides and isolates; marks; BOM; zero-width no-break.
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// Whether a text is a placeholder that means "no translation" (ePerusteet writes `-`).
pub fn is_placeholder(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "–" | "—" | "..." | "…" | "?")
}

/// Marks the indentation of a generated bullet so that collapsing the source's whitespace
/// does not remove it. Control characters never survive [`filter_chars`], so this cannot clash.
const INDENT: char = '\u{1}';

/// Reduces HTML to plain text: block elements become line breaks, paragraphs blank lines,
/// list items `- ` bullets (indented by two spaces per nesting level), entities are decoded,
/// other tags are dropped, and `<script>`/`<style>` elements are removed with their content.
/// Whitespace inside a line collapses to single spaces, as a browser would show it.
pub fn html_to_text(html: &str) -> String {
    let src = filter_chars(html);
    let mut out = String::with_capacity(src.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let c = rest.chars().next().expect("i is on a char boundary");
        if c == '<' {
            if let Some(tag) = parse_tag(rest) {
                i += tag.len;
                match tag.name.as_str() {
                    "script" | "style" | "iframe" | "object" | "embed" | "template"
                    | "noscript" | "textarea"
                        if !tag.closing && !tag.self_closing =>
                    {
                        i += skip_element(&src[i..], &tag.name);
                    }
                    "br" => newline(&mut out, false),
                    "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre"
                    | "table" | "section" | "article" | "header" | "footer" => {
                        newline(&mut out, true)
                    }
                    "div" | "tr" | "dt" | "caption" | "hr" => newline(&mut out, false),
                    "ul" | "ol" | "dl" => {
                        if tag.closing {
                            depth = depth.saturating_sub(1);
                        } else if !tag.self_closing {
                            depth += 1;
                        }
                        newline(&mut out, false);
                    }
                    "li" | "dd" if !tag.closing => {
                        newline(&mut out, false);
                        out.extend(std::iter::repeat_n(INDENT, depth.saturating_sub(1)));
                        out.push_str("- ");
                    }
                    "li" | "dd" => newline(&mut out, false),
                    "td" | "th" => out.push(' '),
                    _ => {}
                }
                continue;
            }
            out.push('<');
            i += 1;
        } else if c == '&' {
            let (decoded, used) = decode_entity(rest);
            out.push_str(&decoded);
            i += used;
        } else {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with([' ', '\n']) {
                // Collapse runs now, so no line grows long with whitespace alone.
                out.push(' ');
            }
            i += c.len_utf8();
        }
    }
    tidy_lines(&out)
}

/// Starts a new line (and a blank line before a paragraph), unless the current line is empty
/// or holds only a bullet that is still waiting for its text.
fn newline(out: &mut String, blank: bool) {
    let current = out.rsplit('\n').next().unwrap_or("");
    let bare = current.trim_matches(|c: char| c == INDENT || c.is_whitespace());
    if bare == "-" {
        return;
    }
    if !bare.is_empty() {
        out.push('\n');
    }
    if blank {
        out.push('\n');
    }
}

/// Collapses whitespace in each line, keeps generated indentation, drops empty bullets and
/// runs of blank lines.
fn tidy_lines(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.split('\n') {
        let trimmed = line.trim_start_matches(' ');
        let level = trimmed.chars().take_while(|&c| c == INDENT).count();
        let body: String = trimmed
            .trim_start_matches(INDENT)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if body == "-" {
            continue;
        }
        if body.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        lines.push(format!("{}{body}", "  ".repeat(level)));
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

const MAX_TAG_LEN: usize = 4096;

/// Reads a tag, comment or declaration at the start of `s` (which starts with `<`).
/// `None` when the `<` does not start markup ("a < b") or the tag never ends.
fn parse_tag(s: &str) -> Option<Tag> {
    let after = &s[1..];
    if let Some(comment) = after.strip_prefix("!--") {
        let end = find_ascii_ci(comment, "-->")
            .map(|e| e + 3)
            .unwrap_or(comment.len());
        return Some(Tag {
            name: "!--".into(),
            closing: false,
            self_closing: true,
            len: 4 + end,
        });
    }
    let (closing, body) = match after.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, after),
    };
    let first = body.chars().next()?;
    if !(first.is_ascii_alphabetic() || (!closing && (first == '!' || first == '?'))) {
        return None;
    }
    let mut quote: Option<char> = None;
    let mut end = None;
    // A real tag is short; bounding the search keeps hostile input ("<a '…" without end) linear.
    for (k, ch) in s
        .char_indices()
        .skip(1)
        .take_while(|(k, _)| *k <= MAX_TAG_LEN)
    {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == '>' => {
                end = Some(k);
                break;
            }
            None if ch == '<' => return None,
            None => {}
        }
    }
    let end = end?;
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let self_closing = s[..end].ends_with('/');
    Some(Tag {
        name,
        closing,
        self_closing,
        len: end + 1,
    })
}

/// Skips to just past `</name>` (case-insensitive), or to the end when it never closes.
fn skip_element(s: &str, name: &str) -> usize {
    let needle = format!("</{name}");
    match find_ascii_ci(s, &needle) {
        Some(start) => match s[start..].find('>') {
            Some(close) => start + close + 1,
            None => s.len(),
        },
        None => s.len(),
    }
}

/// The first position of an ASCII `needle` in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| h[i].eq_ignore_ascii_case(&n[0]) && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes an entity at the start of `s` (which starts with `&`): the text and bytes used.
/// An unknown or malformed entity is kept as a literal `&`.
fn decode_entity(s: &str) -> (String, usize) {
    let Some(semi) = s
        .bytes()
        .skip(1)
        .take(12)
        .position(|b| b == b';')
        .map(|k| k + 1)
    else {
        return ("&".into(), 1);
    };
    let name = &s[1..semi];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        match code.and_then(char::from_u32) {
            Some('\u{A0}') => Some(" ".to_string()),
            Some(c) if !c.is_control() || c == '\n' => Some(c.to_string()),
            _ => Some(String::new()),
        }
    } else {
        named_entity(name).map(str::to_string)
    };
    match decoded {
        Some(text) => (text, semi + 1),
        None => ("&".into(), 1),
    }
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "shy" | "zwsp" => "",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "bull" => "•",
        "middot" => "·",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "auml" => "ä",
        "Auml" => "Ä",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "aring" => "å",
        "Aring" => "Å",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "eacute" => "é",
        "Eacute" => "É",
        "euro" => "€",
        "copy" => "©",
        "deg" => "°",
        "times" => "×",
        "sect" => "§",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists_become_lines_and_bullets() {
        let html = "<p><strong>Opiskelija osaa</strong></p>\n\n<ul>\n\t<li>toimia proaktiivisesti</li>\n\t<li>tuottaa lisäarvoa</li>\n</ul>";
        assert_eq!(
            html_to_text(html),
            "Opiskelija osaa\n\n- toimia proaktiivisesti\n- tuottaa lisäarvoa"
        );
    }

    #[test]
    fn eperusteet_definition_lists_are_bullets() {
        let html = "<dl><dt><i>Opiskelija</i></dt><dd style=\"display: list-item;\">perehtyy</dd><dd style=\"display: list-item;\">selvittää</dd></dl>";
        assert_eq!(html_to_text(html), "Opiskelija\n- perehtyy\n- selvittää");
    }

    #[test]
    fn nested_lists_are_indented() {
        let html = "<ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li><p>b</p></li></ul>";
        assert_eq!(html_to_text(html), "- a\n  - a1\n  - a2\n- b");
    }

    #[test]
    fn script_is_removed_with_its_content() {
        let s = "[valmistaa työn ohjeistuksen<script>alert('moi!');</script> mukaisesti]";
        assert_eq!(html_to_text(s), "[valmistaa työn ohjeistuksen mukaisesti]");
        assert_eq!(html_to_text("a<SCRIPT src=x>evil()"), "a");
        assert_eq!(html_to_text("x<style>p{}</style>y"), "xy");
        assert_eq!(html_to_text("<img src=x onerror=alert(1)>ok"), "ok");
    }

    #[test]
    fn entities_are_decoded_once_and_stay_text() {
        assert_eq!(
            html_to_text("T&auml;m&auml; &amp; tuo&nbsp;&#8211; &#x41;"),
            "Tämä & tuo – A"
        );
        assert_eq!(html_to_text("&lt;script&gt;"), "<script>");
        assert_eq!(
            html_to_text("AT&T &unknown; & more"),
            "AT&T &unknown; & more"
        );
    }

    #[test]
    fn plain_text_with_angle_brackets_survives() {
        assert_eq!(html_to_text("alle <5 kg ja a < b"), "alle <5 kg ja a < b");
        assert_eq!(html_to_text("unclosed <b"), "unclosed <b");
    }

    #[test]
    fn hard_line_breaks_from_pdfs_collapse() {
        assert_eq!(
            html_to_text("ställer upp mål\noch ger arbetsgruppen\nförslag"),
            "ställer upp mål och ger arbetsgruppen förslag"
        );
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(
            clean_text("a\u{1b}[31mb\u{202E}c\r\nd\t e "),
            "a[31mbc\nd  e"
        );
        assert_eq!(html_to_text("x\u{0}y"), "xy");
    }

    #[test]
    fn hostile_markup_stays_linear_and_harmless() {
        let many_scripts = "ok<ScRiPt>x</sCrIpT>".repeat(20_000);
        assert_eq!(html_to_text(&many_scripts), "ok".repeat(20_000));
        let ampersands = format!("{};", "&".repeat(200_000));
        assert_eq!(html_to_text(&ampersands).len(), 200_001);
        let open_quote = format!("<a '{}", "x".repeat(100_000));
        assert!(html_to_text(&open_quote).starts_with("<a 'xxx"));
        let blocks = format!("{}{}", "- ".repeat(50_000), "<p>".repeat(50_000));
        assert_eq!(html_to_text(&blocks), "- ".repeat(50_000).trim_end());
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder(" - "));
        assert!(is_placeholder(""));
        assert!(!is_placeholder("-a"));
    }
}
