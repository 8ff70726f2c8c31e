//! Byte-level reading of a PDF: signature byte ranges and their holes, the last `startxref`, and
//! PDF dates. Working on bytes, not on a parsed document, keeps verification honest when the file
//! has been damaged in places a PDF parser would repair or refuse.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// A `/ByteRange [a b c d]` found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawByteRange {
    /// Offset of the `/ByteRange` key.
    pub at: usize,
    /// The numbers, or `None` when the array cannot be read.
    pub values: Option<Vec<i64>>,
}

/// Every `/ByteRange` array in `pdf`, in file order.
pub(crate) fn find_byte_ranges(pdf: &[u8]) -> Vec<RawByteRange> {
    const KEY: &[u8] = b"/ByteRange";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = find(&pdf[from..], KEY) {
        let at = from + i;
        let after = at + KEY.len();
        // `/ByteRangeX` is another name.
        if pdf.get(after).is_some_and(|b| is_regular(*b)) {
            from = after;
            continue;
        }
        found.push(RawByteRange {
            at,
            values: read_int_array(pdf, after),
        });
        from = after;
    }
    found
}

fn read_int_array(pdf: &[u8], mut i: usize) -> Option<Vec<i64>> {
    i = skip_ws(pdf, i);
    if pdf.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    let mut values = Vec::new();
    loop {
        i = skip_ws(pdf, i);
        match pdf.get(i)? {
            b']' => return Some(values),
            b'0'..=b'9' => {
                let start = i;
                while pdf.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i - start > 15 {
                    return None;
                }
                let n = std::str::from_utf8(&pdf[start..i]).ok()?.parse().ok()?;
                values.push(n);
                if values.len() > 16 {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// The hole a `[0 b c d]` byte range leaves: `b..c`, which must be exactly the hex string
/// `<…>` that is the value of a `/Contents` key. Returns the decoded bytes, or what is wrong.
pub(crate) fn read_hole(pdf: &[u8], range: &[i64]) -> Result<Vec<u8>, String> {
    let [a, b, c, d] = range else {
        return Err(format!("the byte range has {} numbers, not 4", range.len()));
    };
    let len = pdf.len() as i64;
    if *a != 0 {
        return Err("the byte range does not start at the beginning of the file".into());
    }
    if !(0 < *b && b < c && *d >= 0) {
        return Err(format!("the byte range [{a} {b} {c} {d}] is not in order"));
    }
    if c + d > len {
        return Err(format!(
            "the signed range ends at byte {}, but the file has only {len} bytes",
            c + d
        ));
    }
    let (b, c) = (*b as usize, *c as usize);
    if pdf[b] != b'<' || pdf[c - 1] != b'>' {
        return Err("the part left out of the signature is not a hex string".into());
    }
    let hex = &pdf[b + 1..c - 1];
    if !hex.len().is_multiple_of(2) || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(
            "the part left out of the signature is not only the signature's hex digits".into(),
        );
    }
    let before = &pdf[..b];
    let key_end = before.iter().rposition(|x| !is_ws(*x)).map_or(0, |p| p + 1);
    if !before[..key_end].ends_with(b"/Contents") {
        return Err("the part left out of the signature is not the signature's /Contents".into());
    }
    hex::decode(hex).map_err(|e| e.to_string())
}

/// The offset after the last `startxref` keyword, as written there.
pub(crate) fn last_startxref(pdf: &[u8]) -> Option<usize> {
    const KEY: &[u8] = b"startxref";
    let tail_start = pdf.len().saturating_sub(4096);
    let i = rfind(&pdf[tail_start..], KEY)? + tail_start + KEY.len();
    let i = skip_ws(pdf, i);
    let end = i + pdf[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&pdf[i..end]).ok()?.parse().ok()
}

/// Whether what follows byte `end` is only whitespace (some transfers add a final newline).
pub(crate) fn only_whitespace_after(pdf: &[u8], end: usize) -> bool {
    pdf.get(end..)
        .is_some_and(|rest| rest.iter().all(|b| is_ws(*b)))
}

/// `D:20250314093000+00'00'`
pub(crate) fn pdf_date(t: DateTime<Utc>) -> String {
    format!("D:{}+00'00'", t.format("%Y%m%d%H%M%S"))
}

/// Reads a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, later parts optional) as UTC.
pub(crate) fn parse_pdf_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let num = |from: usize, len: usize, default: u32| -> Option<u32> {
        match digits.get(from..from + len) {
            Some(t) => t.parse().ok(),
            None => Some(default),
        }
    };
    let year: i32 = digits[0..4].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, num(4, 2, 1)?, num(6, 2, 1)?)?;
    let naive = date.and_hms_opt(num(8, 2, 0)?, num(10, 2, 0)?, num(12, 2, 0)?)?;
    let rest = &s[digits.len()..];
    let offset_secs = match rest.chars().next() {
        None | Some('Z') => 0,
        Some(sign @ ('+' | '-')) => {
            let parts: Vec<u32> = rest[1..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .take(2)
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            let secs = (parts.first().copied().unwrap_or(0) * 3600
                + parts.get(1).copied().unwrap_or(0) * 60) as i32;
            if sign == '-' {
                -secs
            } else {
                secs
            }
        }
        Some(_) => return None,
    };
    let offset = FixedOffset::east_opt(offset_secs)?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn skip_ws(pdf: &[u8], mut i: usize) -> usize {
    while pdf.get(i).is_some_and(|b| is_ws(*b)) {
        i += 1;
    }
    i
}

pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_regular(b: u8) -> bool {
    !is_ws(b) && !b"()<>[]{}/%".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn pdf_dates_round_trip_and_offsets_apply() {
        let t = Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 5).unwrap();
        assert_eq!(pdf_date(t), "D:20250314093005+00'00'");
        assert_eq!(parse_pdf_date(&pdf_date(t)), Some(t));
        assert_eq!(parse_pdf_date("D:20250314113005+02'00'"), Some(t));
        assert_eq!(parse_pdf_date("D:20250314093005Z"), Some(t));
        assert_eq!(
            parse_pdf_date("D:2025"),
            Some(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(parse_pdf_date("yesterday"), None);
    }

    #[test]
    fn byte_ranges_and_holes() {
        let pdf = b"%PDF-1.7\n1 0 obj <</ByteRange [0 38 44 9] /Contents <0a0b>>>\nendobj\n%%EOF\n";
        let found = find_byte_ranges(pdf);
        assert_eq!(found.len(), 1);
        let v = found[0].values.clone().unwrap();
        assert_eq!(v, vec![0, 38, 44, 9]);
        let b = find(pdf, b"<0a0b>").unwrap() as i64;
        let real = [0, b, b + 6, pdf.len() as i64 - b - 6];
        assert_eq!(read_hole(pdf, &real).unwrap(), vec![0x0a, 0x0b]);
        assert!(
            read_hole(pdf, &[0, b + 1, b + 6, 1]).is_err(),
            "hole must start at <"
        );
        assert!(
            read_hole(pdf, &[0, b, b + 6, pdf.len() as i64]).is_err(),
            "range past the end"
        );
        assert!(find_byte_ranges(b"/ByteRange [0 1 x]")[0].values.is_none());
        assert!(find_byte_ranges(b"/ByteRangeX [0 1]").is_empty());
    }

    #[test]
    fn startxref_is_the_last_one() {
        let pdf = b"%PDF\nstartxref\n12\n%%EOF\nmore\nstartxref\r\n345\r\n%%EOF\r\n";
        assert_eq!(last_startxref(pdf), Some(345));
    }
}
