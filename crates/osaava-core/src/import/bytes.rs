//! From bytes to a JSON value: size, binary files renamed `.json`, encoding, JSON syntax.

use super::{ImportError, MAX_IMPORT_BYTES};
use serde_json::Value;

/// Parses the file as JSON, or says in one sentence why it is not JSON we can read.
pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::file(format!(
            "the file is {} bytes ({:.1} MB); badge files larger than {} MB are refused",
            bytes.len(),
            bytes.len() as f64 / (1024.0 * 1024.0),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ImportError::file(format!(
            "this is {kind}, not JSON: import the badge's JSON file instead"
        )));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::file(
            "the file is UTF-16 text; save it as UTF-8 and import it again",
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = e.valid_up_to() + (bytes.len() - body.len());
        ImportError::file(format!(
            "the file is not UTF-8 text: byte 0x{:02X} at byte offset {offset} is not valid UTF-8 \
             (Latin-1 or Windows-1252 text is a common cause; save the file as UTF-8)",
            bytes[offset]
        ))
    })?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::file(
            "the file is empty; expected a badge as JSON",
        ));
    }
    if let Some(kind) = markup_kind(trimmed) {
        return Err(ImportError::file(format!(
            "this is {kind}, not JSON: import the badge's JSON file instead"
        )));
    }
    serde_json::from_str::<Value>(text).map_err(|e| {
        // A badge file is an object or a list; anything else that fails is not JSON at all
        // (a CSV, a Word text), and serde's "expected ident" would only confuse.
        if !trimmed.starts_with(['{', '[']) {
            let first: String = trimmed.lines().next().unwrap_or("").chars().take(30).collect();
            return ImportError::file(format!(
                "the file is not JSON: a badge file starts with {{ or [, but this one starts with {}",
                Value::String(first)
            ));
        }
        json_error(&e)
    })
}

fn json_error(e: &serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    let raw = e.to_string();
    // serde_json's message ends with " at line L column C"; we say where in our own words.
    let what = raw.split(" at line ").next().unwrap_or(&raw);
    let message = if what.contains("recursion limit exceeded") {
        format!(
            "the JSON is nested more than 128 levels deep (at line {line}, column {column}); \
             no badge format nests that deep, so the file is refused"
        )
    } else {
        match e.classify() {
            Category::Eof => format!(
                "the JSON ends too early at line {line}, column {column} ({what}); \
                 the file looks truncated: expected the rest of the document"
            ),
            _ => format!(
                "the file is not valid JSON: {} at line {line}, column {column}",
                plain_words(what)
            ),
        }
    };
    ImportError::file(message)
}

/// serde_json's wording, where it is jargon, in words a person can act on.
fn plain_words(what: &str) -> String {
    match what {
        "trailing comma" => "a comma before a closing bracket".into(),
        "trailing characters" => "unexpected text after the end of the JSON".into(),
        "expected ident" => "expected true, false or null".into(),
        "expected value" => {
            "expected a value (a string in double quotes, a number, an object or a list)".into()
        }
        "key must be a string" => "an object key must be a string in double quotes".into(),
        w if w.starts_with("control character") => {
            "a line break or control character inside a string (write a line break as \\n)".into()
        }
        w => w.to_string(),
    }
}

/// Well-known binary files that people rename or pick by mistake.
fn binary_kind(b: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"PK\x05\x06", "an empty ZIP archive"),
        (b"\x1F\x8B", "a gzip-compressed file"),
        (b"SQLite format 3\0", "an SQLite database"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Microsoft Office document",
        ),
        (b"{\\rtf", "an RTF document"),
    ];
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Some("a WebP image");
    }
    KINDS
        .iter()
        .find(|(magic, _)| b.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Markup that is text but not JSON: a saved web page, an SVG image, XML.
fn markup_kind(text: &str) -> Option<&'static str> {
    let head: String = text
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Some("an HTML page")
    } else if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        Some("an SVG image")
    } else if head.starts_with("<?xml") || head.starts_with('<') {
        Some("an XML document")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        parse_json(bytes).unwrap_err().to_string()
    }

    #[test]
    fn names_images_and_documents() {
        assert!(err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").starts_with("this is a PNG image, not JSON"));
        assert!(err(b"\xFF\xD8\xFF\xE0\0\x10JFIF").starts_with("this is a JPEG image, not JSON"));
        assert!(err(b"GIF89a\x01\0").starts_with("this is a GIF image"));
        assert!(err(b"%PDF-1.7\n").starts_with("this is a PDF document"));
        assert!(err(b"PK\x03\x04\x14\0").starts_with("this is a ZIP archive"));
        assert!(err(b"<!DOCTYPE html><html>").starts_with("this is an HTML page"));
        assert!(
            err(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").starts_with("this is an SVG image")
        );
    }

    #[test]
    fn invalid_utf8_gives_the_byte_offset() {
        // "{"name": "Lääke"}" in Latin-1: ä is 0xE4.
        let e = err(b"{\"name\": \"L\xE4\xE4ke\"}");
        assert!(e.contains("not UTF-8"), "{e}");
        assert!(e.contains("byte offset 11"), "{e}");
        assert!(e.contains("0xE4"), "{e}");
    }

    #[test]
    fn byte_order_mark_is_accepted() {
        assert_eq!(parse_json(b"\xEF\xBB\xBF{\"a\": 1}").unwrap()["a"], 1);
        assert!(err(b"\xFF\xFE{\0").contains("UTF-16"));
    }

    #[test]
    fn syntax_and_truncation_say_where() {
        let e = err(b"{\"name\": \"x\",\n \"criteria\": [1, 2");
        assert!(e.contains("truncated"), "{e}");
        assert!(e.contains("line 2"), "{e}");
        let e = err(b"{name: 1}");
        assert!(e.starts_with("the file is not valid JSON: an object key must be a string in double quotes at line 1, column 2"), "{e}");
        let e = err(b"{\"a\": \"line\nbreak\"}");
        assert!(
            e.contains("a line break or control character inside a string"),
            "{e}"
        );
    }

    #[test]
    fn blank_file_is_empty() {
        assert_eq!(
            err(b"  \n\t "),
            "the file is empty; expected a badge as JSON"
        );
        assert_eq!(err(b""), "the file is empty; expected a badge as JSON");
    }
}
