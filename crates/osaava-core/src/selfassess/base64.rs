//! Standard base64 (RFC 4648, with padding) for evidence bytes inside the self-assessment file.
//! Decoding is strict: no whitespace, no missing or extra padding, no non-zero trailing bits, so a
//! file decodes to exactly one byte string and its hash means one thing.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base64Error {
    #[error("base64 text must be a multiple of 4 characters long, got {0}")]
    Length(usize),
    #[error("character {0} is not base64 (A–Z, a–z, 0–9, + and /, padded with =)")]
    Character(usize),
    #[error("the base64 padding is wrong")]
    Padding,
}

fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The decoded length of `text`, without decoding it (for size limits); `None` if the length is wrong.
pub fn decoded_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take(2).filter(|&&c| c == b'=').count();
    Some(b.len() / 4 * 3 - pad)
}

pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(4) {
        return Err(Base64Error::Length(b.len()));
    }
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    let last = b.len() / 4;
    for (q, quad) in b.chunks(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && q + 1 != last) {
            return Err(Base64Error::Padding);
        }
        let mut n = 0u32;
        for (i, &c) in quad[..4 - pad].iter().enumerate() {
            n |= value(c).ok_or(Base64Error::Character(q * 4 + i))? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        // Bits below the last kept byte must be zero, or two texts would decode the same.
        if n & ((1u32 << (8 * pad as u32)) - 1) != 0 {
            return Err(Base64Error::Padding);
        }
        out.extend_from_slice(&bytes[..keep]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, enc) in cases {
            assert_eq!(encode(plain.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), plain.as_bytes());
            assert_eq!(decoded_len(enc), Some(plain.len()));
        }
    }

    #[test]
    fn round_trips_every_byte() {
        let all: Vec<u8> = (0..=255).cycle().take(1000).collect();
        for len in [0, 1, 2, 3, 254, 255, 256, 1000] {
            assert_eq!(decode(&encode(&all[..len])).unwrap(), &all[..len]);
        }
    }

    #[test]
    fn strict_decoding() {
        assert_eq!(decode("Zg="), Err(Base64Error::Length(3)));
        assert_eq!(decode("Zm 9"), Err(Base64Error::Character(2)));
        assert_eq!(
            decode("Zg==Zg=="),
            Err(Base64Error::Padding),
            "padding only at the end"
        );
        assert_eq!(decode("Z==="), Err(Base64Error::Padding));
        assert_eq!(
            decode("Zh=="),
            Err(Base64Error::Padding),
            "non-zero trailing bits"
        );
        assert_eq!(
            decode("Zm9-"),
            Err(Base64Error::Character(3)),
            "URL-safe alphabet is not taken"
        );
    }
}
