//! The statement as a PDF/A-3b document, ready to be signed.
//!
//! [`render_statement_pdf`] lays the statement out on A4 pages in its own language (fi, sv or en),
//! with every label from `templates/statement/labels.json`, the Noto Sans faces embedded as
//! subsets, an sRGB OutputIntent and XMP metadata, and the given attachments as PDF/A-3
//! associated files. The QR code on the first page carries the statement's id and the SHA-256
//! of the attachment named `statement.json`, which must be among the attachments (the hash is
//! computed here from the bytes actually embedded, so it cannot disagree with them).
//!
//! The pages are drawn by our own small layout engine and the objects written with lopdf rather
//! than with printpdf: the whole file is then ours to keep PDF/A-clean (no transparency, font
//! widths that match the font, a classic cross-reference table that a PAdES incremental update
//! can follow), text is measured with the font's own advances for wrapping and page breaks, and
//! the dependency tree stays small.
//!
//! Files: `layout` (pages, wrapping, tables), `content` (the statement's sections), `labels`
//! (texts in fi/sv/en), `fonts` (embedding and subsetting), `qr` (payload and drawing),
//! `attachments` (embedding and reading back), `pdfa` (metadata, OutputIntent, writing).

mod attachments;
mod content;
mod fonts;
mod labels;
mod layout;
mod pdfa;
mod qr;
mod qr_read;

use sha2::{Digest, Sha256};

pub use attachments::{embedded_files, AfRelationship, Attachment};
pub use qr::{parse_qr_payload, qr_payload};
pub use qr_read::read_qr_payload;

use crate::model::Statement;

/// The name of the machine-readable statement among the attachments.
pub const STATEMENT_JSON: &str = "statement.json";
/// The name of the Open Badges 3.0 credential among the attachments.
pub const CREDENTIAL_JSON: &str = "credential.json";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the attachments must include {STATEMENT_JSON}: the QR code carries its SHA-256")]
    MissingStatementJson,
    #[error("{STATEMENT_JSON} is not this statement: {0}")]
    StatementJsonMismatch(String),
    #[error("attachment: {0}")]
    Attachment(String),
    #[error("font: {0}")]
    Font(String),
    #[error("QR code: {0}")]
    Qr(String),
    #[error("writing the PDF: {0}")]
    Write(String),
    #[error("reading the PDF: {0}")]
    Read(String),
}

/// Renders `statement` as a PDF/A-3b file with `attachments` embedded as associated files.
///
/// One attachment must be named `statement.json` and hold this statement as JSON (normally
/// `statement.to_json_bytes()`); its `id` must be the statement's id. The QR code carries
/// [`qr_payload`]`(statement.id, sha256(those bytes))`. The output depends only on the input.
pub fn render_statement_pdf(
    statement: &Statement,
    attachments: &[Attachment],
) -> Result<Vec<u8>, PdfError> {
    let json = attachments
        .iter()
        .find(|a| a.file_name == STATEMENT_JSON)
        .ok_or(PdfError::MissingStatementJson)?;
    let id = serde_json::from_slice::<serde_json::Value>(&json.bytes)
        .map_err(|e| PdfError::StatementJsonMismatch(format!("not JSON: {e}")))?
        .get("id")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    if id.as_deref() != Some(statement.id.hyphenated().to_string().as_str()) {
        return Err(PdfError::StatementJsonMismatch(format!(
            "its id is {id:?}, the statement's is {}",
            statement.id
        )));
    }
    let digest: [u8; 32] = Sha256::digest(&json.bytes).into();
    let payload = qr_payload(statement.id, &digest);

    let page = content::render(statement, attachments, &payload, fonts::Fonts::new()?)?;
    let (pages, fonts) = page.finish();

    let l = labels::Labels::get(statement.language);
    let mut id_seed = statement.id.as_bytes().to_vec();
    id_seed.extend_from_slice(&digest);
    let meta = pdfa::Meta {
        title: format!("{} – {}", l.title, statement.employee.name),
        author: statement.assessor.name.clone(),
        subject: format!(
            "{} ({}), {}",
            statement.badge.name, statement.organisation.name, statement.id
        ),
        lang: match statement.language {
            osaava_core::Lang::Fi => "fi-FI",
            osaava_core::Lang::Sv => "sv-FI",
            osaava_core::Lang::En => "en",
        },
        created: statement.issued_at,
        id_seed,
    };
    pdfa::assemble(pages, &fonts, attachments, &meta)
}

/// The SHA-256 of the `statement.json` embedded in `pdf`, with those bytes; for verification.
pub fn embedded_statement_json(pdf: &[u8]) -> Result<(Vec<u8>, [u8; 32]), PdfError> {
    let json = embedded_files(pdf)?
        .into_iter()
        .find(|(name, _)| name == STATEMENT_JSON)
        .map(|(_, bytes)| bytes)
        .ok_or(PdfError::MissingStatementJson)?;
    let digest = Sha256::digest(&json).into();
    Ok((json, digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachments(s: &Statement) -> Vec<Attachment> {
        vec![
            Attachment::json(
                STATEMENT_JSON,
                "statement",
                AfRelationship::Data,
                s.to_json_bytes(),
            ),
            Attachment::json(
                CREDENTIAL_JSON,
                "credential",
                AfRelationship::Supplement,
                b"{\"a\":1}\n".to_vec(),
            ),
        ]
    }

    #[test]
    fn renders_deterministically_and_reads_the_attachments_back() {
        let s = Statement::example();
        let a = attachments(&s);
        let pdf = render_statement_pdf(&s, &a).unwrap();
        assert!(pdf.starts_with(b"%PDF-1.7\n%"));
        assert_eq!(
            pdf,
            render_statement_pdf(&s, &a).unwrap(),
            "same input, same bytes"
        );
        let files = embedded_files(&pdf).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0], (CREDENTIAL_JSON.to_string(), a[1].bytes.clone()));
        assert_eq!(files[1], (STATEMENT_JSON.to_string(), a[0].bytes.clone()));
        let (json, digest) = embedded_statement_json(&pdf).unwrap();
        assert_eq!(json, s.to_json_bytes());
        assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(&json)));
    }

    #[test]
    fn the_file_uses_a_classic_xref_table_that_lopdf_loads() {
        let s = Statement::example();
        let pdf = render_statement_pdf(&s, &attachments(&s)).unwrap();
        let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(600)..]).to_string();
        assert!(tail.contains("\nxref\n") || String::from_utf8_lossy(&pdf).contains("\nxref\n"));
        assert!(tail.contains("trailer") && tail.contains("/ID"), "{tail}");
        assert!(!String::from_utf8_lossy(&pdf).contains("/XRef"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert!(!doc.get_pages().is_empty());
    }

    /// PDF/A (ISO 19005-3, 6.2.11.5): the widths in the font dictionary are the embedded font's own.
    #[test]
    fn font_widths_match_the_embedded_subsets() {
        let s = Statement::example();
        let pdf = render_statement_pdf(&s, &attachments(&s)).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let mut checked = 0;
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(|o| o.as_name()).ok() != Some(b"CIDFontType2") {
                continue;
            }
            let descriptor = doc
                .get_dictionary(dict.get(b"FontDescriptor").unwrap().as_reference().unwrap())
                .unwrap();
            let file = doc
                .get_object(
                    descriptor
                        .get(b"FontFile2")
                        .unwrap()
                        .as_reference()
                        .unwrap(),
                )
                .unwrap()
                .as_stream()
                .unwrap()
                .decompressed_content()
                .unwrap();
            let face = ttf_parser::Face::parse(&file, 0).expect("the subset is a valid font");
            let w = dict.get(b"W").unwrap().as_array().unwrap();
            assert_eq!(w[0].as_i64().unwrap(), 0);
            let widths = w[1].as_array().unwrap();
            // The subset may hold more glyphs than the text uses: parts of composite glyphs (ä is a
            // and a diaeresis), which are never shown by themselves.
            assert!(widths.len() > 10 && widths.len() <= usize::from(face.number_of_glyphs()));
            let scale = 1000.0 / f32::from(face.units_per_em());
            for (gid, width) in widths.iter().enumerate() {
                let adv = face
                    .glyph_hor_advance(ttf_parser::GlyphId(gid as u16))
                    .unwrap();
                let w = width.as_float().unwrap();
                assert!(
                    (w - f32::from(adv) * scale).abs() < 0.01,
                    "glyph {gid}: {w} vs {adv}"
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 2, "regular and bold");
    }

    /// PDF/A forbids drawing .notdef (6.2.11.8) and transparency groups and soft masks (6.4).
    #[test]
    fn no_notdef_glyph_and_nothing_transparent() {
        let mut s = Statement::example();
        s.justification.push_str(" \u{1F600} \u{7}"); // no glyph in Noto Sans, a control character
        let pdf = render_statement_pdf(&s, &attachments(&s)).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        for page in doc.get_pages().values() {
            let content = String::from_utf8(doc.get_page_content(*page)).unwrap();
            assert!(content.contains(" Tj"), "the page has text");
            for shown in content.split('<').skip(1) {
                let hex = &shown[..shown.find('>').unwrap()];
                assert_eq!(hex.len() % 4, 0);
                for code in hex.as_bytes().chunks(4) {
                    assert_ne!(code, b"0000", ".notdef is never drawn");
                }
            }
        }
        for object in doc.objects.values() {
            let dict = match object {
                lopdf::Object::Dictionary(d) => d,
                lopdf::Object::Stream(s) => &s.dict,
                _ => continue,
            };
            for key in [
                &b"ExtGState"[..],
                b"SMask",
                b"Group",
                b"CA",
                b"ca",
                b"Encrypt",
            ] {
                assert!(
                    dict.get(key).is_err(),
                    "no /{}",
                    String::from_utf8_lossy(key)
                );
            }
        }
    }

    #[test]
    fn refuses_without_the_statement_json_or_with_another_statements() {
        let s = Statement::example();
        let only_credential = vec![attachments(&s).remove(1)];
        assert!(matches!(
            render_statement_pdf(&s, &only_credential),
            Err(PdfError::MissingStatementJson)
        ));
        let mut other = s.clone();
        other.id = uuid::Uuid::nil();
        let a = attachments(&other);
        assert!(matches!(
            render_statement_pdf(&s, &a),
            Err(PdfError::StatementJsonMismatch(_))
        ));
    }
}
