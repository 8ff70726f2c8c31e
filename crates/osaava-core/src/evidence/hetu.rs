//! Finnish personal identity codes (henkilötunnus): `DDMMYY` + century sign + `NNN` + check character.
//!
//! Century signs: `+` 1800s; `-` and, since 2023, `Y X W V U` 1900s; `A B C D E F` 2000s. The check
//! character is `"0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYNNN mod 31]`. Only codes whose date exists
//! and whose check character is right are reported, so an order number or a phone number does not
//! raise a false alarm.

use chrono::NaiveDate;

const CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

fn century(sign: u8) -> Option<i32> {
    match sign {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A'..=b'F' => Some(2000),
        _ => None,
    }
}

/// Whether the 11 bytes are a valid identity code (upper or lower case letters).
pub fn is_valid(code: &[u8]) -> bool {
    if code.len() != 11 {
        return false;
    }
    let up: Vec<u8> = code.iter().map(u8::to_ascii_uppercase).collect();
    let digits = |r: std::ops::Range<usize>| up[r].iter().all(u8::is_ascii_digit);
    if !digits(0..6) || !digits(7..10) {
        return false;
    }
    let Some(century) = century(up[6]) else {
        return false;
    };
    let num =
        |r: std::ops::Range<usize>| up[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let (day, month, year) = (num(0..2), num(2..4), num(4..6) as i32 + century);
    if NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return false;
    }
    let n = num(0..6) as u64 * 1000 + num(7..10) as u64;
    CHECK_CHARS[(n % 31) as usize] == up[10]
}

/// Byte ranges of valid identity codes in `text` that stand alone (no letter or digit right
/// before or after).
pub fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 11 <= b.len() {
        let before_ok = i == 0 || !is_word_byte(b[i - 1]);
        let after_ok = i + 11 == b.len() || !is_word_byte(b[i + 11]);
        if before_ok && after_ok && b[i].is_ascii_digit() && is_valid(&b[i..i + 11]) {
            out.push(i..i + 11);
            i += 11;
        } else {
            i += 1;
        }
    }
    out
}

/// ASCII letters and digits, and any byte of a multi-byte character (ä, ö, … are letters).
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// The code with its digits and check character hidden, so a warning does not repeat it.
pub fn mask(code: &str) -> String {
    code.char_indices()
        .map(|(i, c)| if i == 6 { c } else { '•' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_codes_of_every_century_sign() {
        assert!(is_valid(b"131052-308T"));
        assert!(is_valid(b"010594Y9021"), "2023 sign Y");
        // The same person number under each 1900s sign has the same check character.
        for sign in ["-", "Y", "X", "W", "V", "U"] {
            assert!(is_valid(format!("131052{sign}308T").as_bytes()), "{sign}");
        }
        // 2000s: 01.01.2000, individual number 123: 010100123 mod 31 = 13, "D".
        assert!(is_valid(b"010100A123D"));
        assert!(is_valid(b"010100F123D"));
        assert!(is_valid(b"010100a123d"), "lower case is still a code");
        assert!(!is_valid(b"010100A1233"));
        // 1800s.
        assert!(is_valid(b"131052+308T"));
    }

    #[test]
    fn refuses_wrong_check_character_date_or_sign() {
        assert!(!is_valid(b"131052-308U"), "check character");
        assert!(!is_valid(b"131052G308T"), "G is no century sign");
        assert!(
            !is_valid(b"311152-308T"),
            "no 31 November... and the sum changes"
        );
        // 29 February exists in 2000 but not in 1900.
        let leap = |sign: &str| {
            let n: u64 = 290200 * 1000 + 123;
            let c = CHECK_CHARS[(n % 31) as usize] as char;
            format!("290200{sign}123{c}")
        };
        assert!(is_valid(leap("A").as_bytes()));
        assert!(!is_valid(leap("-").as_bytes()));
        assert!(!is_valid(b"131052-30T"));
    }

    #[test]
    fn finds_codes_standing_alone_in_text() {
        let t = "Asiakkaan hetu 131052-308T, ja toinen: 010594Y9021.";
        let found: Vec<_> = find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["131052-308T", "010594Y9021"]);
        // Inside a longer token it is not a code.
        assert!(find("X131052-308T").is_empty());
        assert!(find("131052-308TT").is_empty());
        assert!(find("ä131052-308T").is_empty());
        // A reference number with a wrong check character is not reported.
        assert!(find("Tilaus 131052-308A").is_empty());
        assert_eq!(find("131052-308T").len(), 1);
    }

    #[test]
    fn masking_keeps_only_the_century_sign() {
        assert_eq!(mask("131052-308T"), "••••••-••••");
    }
}
