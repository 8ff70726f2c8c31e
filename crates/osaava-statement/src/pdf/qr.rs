//! The QR code on the statement: the statement's id and the SHA-256 of the embedded statement JSON.
//!
//! The payload is `OSAAVA:STATEMENT:1:<UUID>:SHA256:<64 hex digits>`, all in upper case so that the
//! code uses QR's compact alphanumeric mode (a version 7 code, easy for a phone at 28 mm). The `1`
//! is the payload's format version. Parsing accepts either case.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};
use uuid::Uuid;

use super::PdfError;

const PREFIX: &str = "OSAAVA:STATEMENT:1:";
/// The marked-content tag around the code's rectangles in the page content.
pub(crate) const QR_MARK: &str = "OsaavaQR";

/// The text carried by the QR code.
pub fn qr_payload(statement_id: Uuid, json_sha256: &[u8; 32]) -> String {
    format!(
        "{PREFIX}{}:SHA256:{}",
        statement_id.hyphenated().to_string().to_ascii_uppercase(),
        hex::encode_upper(json_sha256)
    )
}

/// Reads a payload written by [`qr_payload`]; `None` for anything else.
pub fn parse_qr_payload(s: &str) -> Option<(Uuid, [u8; 32])> {
    let upper = s.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix(PREFIX)?;
    let (id, hash) = rest.split_once(":SHA256:")?;
    if id.len() != 36 || hash.len() != 64 {
        return None;
    }
    let id = Uuid::parse_str(id).ok()?;
    let mut digest = [0u8; 32];
    hex::decode_to_slice(hash, &mut digest).ok()?;
    Some((id, digest))
}

/// Content-stream operators that draw the code's dark modules as filled rectangles, each row's
/// runs of dark modules as one rectangle, with the top-left corner at (`x`, `top`) in PDF
/// coordinates and `size` points wide (the quiet zone is outside this square).
pub(crate) fn draw(payload: &str, x: f32, top: f32, size: f32) -> Result<String, PdfError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let n = code.width();
    let colors = code.to_colors();
    let module = size / n as f32;
    // Marked so that verification can find the code's modules in the page content.
    let mut ops = format!("/{QR_MARK} BMC\n");
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == Color::Dark {
                col += 1;
            }
            let _ = writeln!(
                ops,
                "{:.3} {:.3} {:.3} {:.3} re",
                x + start as f32 * module,
                top - (row + 1) as f32 * module,
                (col - start) as f32 * module,
                module
            );
        }
    }
    ops.push_str("f\nEMC\n");
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips_in_either_case() {
        let id = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00aa);
        let hash = [0xab; 32];
        let p = qr_payload(id, &hash);
        assert_eq!(
            p,
            "OSAAVA:STATEMENT:1:01930000-0000-7000-8000-0000000000AA:SHA256:".to_string()
                + &"AB".repeat(32)
        );
        assert_eq!(parse_qr_payload(&p), Some((id, hash)));
        assert_eq!(parse_qr_payload(&p.to_lowercase()), Some((id, hash)));
    }

    #[test]
    fn other_texts_are_not_payloads() {
        let id = Uuid::nil();
        let good = qr_payload(id, &[0; 32]);
        assert!(parse_qr_payload("https://example.org").is_none());
        assert!(parse_qr_payload(&good[..good.len() - 1]).is_none());
        assert!(parse_qr_payload(&good.replace("SHA256", "SHA1")).is_none());
        assert!(parse_qr_payload(&format!("{good}00")).is_none());
    }

    #[test]
    fn payload_fits_alphanumeric_mode() {
        let p = qr_payload(Uuid::now_v7(), &[0x5a; 32]);
        assert!(p
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || ":-".contains(c)));
        let code = QrCode::with_error_correction_level(p.as_bytes(), EcLevel::M).unwrap();
        assert!(
            code.width() <= 45,
            "version 7 or smaller, got {} modules",
            code.width()
        );
    }
}
