//! Entry names in a self-assessment file: plain file names that cannot point anywhere else.
//!
//! The name is only a label (files are stored by hash), but the importer may show it or write it
//! next to others on export, so it must be a single path component on every system.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than 255 bytes")]
    TooLong,
    #[error("the name contains \"..\"; use a plain file name such as \"lausunto.pdf\"")]
    DotDot,
    #[error("the name contains a path separator (/ or \\); use a plain file name without folders")]
    Separator,
    #[error("the name contains a NUL or another control character")]
    Control,
    #[error("the name contains \":\" (a drive letter or a stream name); use a plain file name")]
    Colon,
    #[error(
        "the name begins or ends with a space or ends with a dot, which Windows does not keep"
    )]
    Edges,
    #[error("\"{0}\" is a device name on Windows; rename the file")]
    Reserved(String),
    #[error("the name contains a character Windows does not allow in file names (< > \" | ? *)")]
    WindowsCharacter,
}

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Checks that `name` is one plain file name: not empty, at most 255 bytes, no `..`, no `/` or `\`,
/// no NUL or control characters, no `:` (so no `C:` drive and no absolute Windows path), none of
/// `< > " | ? *`, no Windows device name, no leading or trailing space, no trailing dot.
pub fn check_entry_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.len() > 255 {
        return Err(NameError::TooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::Control);
    }
    if name.contains('/') || name.contains('\\') {
        return Err(NameError::Separator);
    }
    if name.contains("..") {
        return Err(NameError::DotDot);
    }
    if name.contains(':') {
        return Err(NameError::Colon);
    }
    if name
        .chars()
        .any(|c| matches!(c, '<' | '>' | '"' | '|' | '?' | '*'))
    {
        return Err(NameError::WindowsCharacter);
    }
    if name.starts_with(' ') || name.ends_with(' ') || name.ends_with('.') {
        return Err(NameError::Edges);
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        return Err(NameError::Reserved(name.to_string()));
    }
    Ok(())
}

/// A name that passes [`check_entry_name`], made from any original name: unsafe characters become
/// `_`, and an empty result becomes `evidence`. The extension is `ext` when the name has none.
pub fn safe_entry_name(original: &str, ext: &str) -> String {
    let mut s: String = original
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    let mut s = s.trim().trim_end_matches('.').trim().to_string();
    if s.is_empty() {
        s = "evidence".to_string();
    }
    if !s.contains('.') {
        s = format!("{s}.{ext}");
    }
    while s.len() > 255 {
        s.pop();
    }
    if check_entry_name(&s).is_err() {
        s = format!("evidence.{ext}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass() {
        for ok in [
            "lausunto.pdf",
            "Työnäyte 2024.docx",
            "äänite.m4a",
            ".hidden",
            "a.b.c",
            "CONTRACT.pdf",
        ] {
            assert_eq!(check_entry_name(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn names_that_could_escape_are_refused() {
        let cases = [
            ("", NameError::Empty),
            ("..", NameError::DotDot),
            ("../../etc/passwd", NameError::Separator),
            ("..\\..\\boot.ini", NameError::Separator),
            ("/etc/passwd", NameError::Separator),
            ("\\\\server\\share", NameError::Separator),
            ("C:evil.pdf", NameError::Colon),
            ("C:\\Windows\\x", NameError::Separator),
            ("a..pdf", NameError::DotDot),
            ("a\0.pdf", NameError::Control),
            ("a\n.pdf", NameError::Control),
            ("file.pdf:stream", NameError::Colon),
            ("what?.pdf", NameError::WindowsCharacter),
            ("trailing.", NameError::Edges),
            (" lead.pdf", NameError::Edges),
        ];
        for (name, want) in cases {
            assert_eq!(check_entry_name(name), Err(want), "{name:?}");
        }
        assert!(matches!(
            check_entry_name("con.txt"),
            Err(NameError::Reserved(_))
        ));
        assert!(matches!(
            check_entry_name("LPT1"),
            Err(NameError::Reserved(_))
        ));
        assert_eq!(check_entry_name(&"a".repeat(256)), Err(NameError::TooLong));
    }

    #[test]
    fn safe_names_are_made_from_anything() {
        assert_eq!(safe_entry_name("lausunto.pdf", "pdf"), "lausunto.pdf");
        assert_eq!(safe_entry_name("../../x", "pdf"), "._._x");
        assert_eq!(safe_entry_name("C:\\a\\b.docx", "docx"), "C__a_b.docx");
        assert_eq!(safe_entry_name("", "txt"), "evidence.txt");
        assert_eq!(safe_entry_name("nul", "txt"), "evidence.txt");
        for weird in ["..", "...", ". ", "a\0b", "con", "x:y", &"é".repeat(300)] {
            let s = safe_entry_name(weird, "bin");
            assert_eq!(check_entry_name(&s), Ok(()), "{weird:?} -> {s:?}");
        }
    }
}
