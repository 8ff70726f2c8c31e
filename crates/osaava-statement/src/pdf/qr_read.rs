//! Reads the QR code back from the first page: the rectangles inside the `OsaavaQR` marked
//! content are laid on a module grid and decoded, so verification checks what is printed.

use lopdf::Document;

use super::qr::QR_MARK;
use super::PdfError;

/// Pixels per module in the raster handed to the decoder.
const SCALE: usize = 4;
/// Light modules around the code, as a reader expects.
const QUIET: usize = 4;

/// The text of the statement's QR code, or `None` when the first page has no marked code.
pub fn read_qr_payload(pdf: &[u8]) -> Result<Option<String>, PdfError> {
    let doc = Document::load_mem(pdf).map_err(|e| PdfError::Read(e.to_string()))?;
    let Some((_, &page)) = doc.get_pages().iter().next() else {
        return Ok(None);
    };
    let content = doc.get_page_content(page);
    let text = String::from_utf8_lossy(&content);
    let Some(rects) = marked_rectangles(&text) else {
        return Ok(None);
    };
    Ok(decode(&rects))
}

/// `x y w h` of every `re` between `/OsaavaQR BMC` and its `EMC`.
fn marked_rectangles(content: &str) -> Option<Vec<[f32; 4]>> {
    let start = content.find(&format!("/{QR_MARK} BMC"))?;
    let body = &content[start..];
    let body = &body[..body.find("EMC").unwrap_or(body.len())];
    let mut rects = Vec::new();
    for line in body.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [x, y, w, h, "re"] = parts.as_slice() {
            let n = [x, y, w, h].map(|v| v.parse::<f32>().ok());
            if let [Some(x), Some(y), Some(w), Some(h)] = n {
                rects.push([x, y, w, h]);
            }
        }
    }
    (!rects.is_empty()).then_some(rects)
}

fn decode(rects: &[[f32; 4]]) -> Option<String> {
    // Every rectangle is one module high; runs make them wider.
    let module = rects.iter().map(|r| r[3]).fold(f32::INFINITY, f32::min);
    if !(module > 0.0) {
        return None;
    }
    let left = rects.iter().map(|r| r[0]).fold(f32::INFINITY, f32::min);
    let top = rects
        .iter()
        .map(|r| r[1] + r[3])
        .fold(f32::NEG_INFINITY, f32::max);
    let right = rects
        .iter()
        .map(|r| r[0] + r[2])
        .fold(f32::NEG_INFINITY, f32::max);
    let n = ((right - left) / module).round() as usize;
    if !(21..=177).contains(&n) {
        return None;
    }
    let mut dark = vec![false; n * n];
    for r in rects {
        let row = ((top - (r[1] + r[3])) / module).round() as usize;
        let col = ((r[0] - left) / module).round() as usize;
        let len = (r[2] / module).round() as usize;
        for c in col..(col + len).min(n) {
            if row < n {
                dark[row * n + c] = true;
            }
        }
    }
    let side = (n + 2 * QUIET) * SCALE;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let inside = (QUIET..QUIET + n).contains(&mx) && (QUIET..QUIET + n).contains(&my);
        if inside && dark[(my - QUIET) * n + (mx - QUIET)] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    let (_, text) = grids.first()?.decode().ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{parse_qr_payload, qr_payload};

    #[test]
    fn reads_back_what_draw_printed() {
        let payload = qr_payload(uuid::Uuid::from_u128(42), &[7u8; 32]);
        let ops = super::super::qr::draw(&payload, 400.0, 800.0, 80.0).unwrap();
        let rects = marked_rectangles(&ops).unwrap();
        let text = decode(&rects).unwrap();
        assert_eq!(
            parse_qr_payload(&text),
            Some((uuid::Uuid::from_u128(42), [7u8; 32]))
        );
    }

    #[test]
    fn reads_the_code_of_a_rendered_statement() {
        use crate::pdf::{render_statement_pdf, AfRelationship, Attachment, STATEMENT_JSON};
        use sha2::{Digest, Sha256};
        let s = crate::Statement::example();
        let json = s.to_json_bytes();
        let hash: [u8; 32] = Sha256::digest(&json).into();
        let att = [Attachment::json(
            STATEMENT_JSON,
            "statement",
            AfRelationship::Data,
            json,
        )];
        let pdf = render_statement_pdf(&s, &att).unwrap();
        assert_eq!(
            read_qr_payload(&pdf).unwrap(),
            Some(qr_payload(s.id, &hash))
        );
    }

    #[test]
    fn a_page_without_the_mark_has_no_code() {
        assert!(marked_rectangles("0 0 10 10 re f").is_none());
    }
}
