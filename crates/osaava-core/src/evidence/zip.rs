//! Just enough of the ZIP format to tell office documents apart: the names in the central
//! directory, and the stored `mimetype` entry that opens an OpenDocument file. Nothing is
//! decompressed.

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2)
        .map(|s| usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// The entry names of a ZIP archive, from its central directory; `None` if it has none we can read.
pub fn entry_names(b: &[u8]) -> Option<Vec<String>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
    let search_from = b.len().saturating_sub(22 + 65_535);
    let eocd = (search_from..=b.len().checked_sub(22)?)
        .rev()
        .find(|&i| &b[i..i + 4] == EOCD)?;
    let count = u16_at(b, eocd + 10)?;
    let mut at = u32_at(b, eocd + 16)?;
    let mut names = Vec::with_capacity(count.min(4096));
    for _ in 0..count.min(4096) {
        if b.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = u16_at(b, at + 28)?;
        let extra_len = u16_at(b, at + 30)?;
        let comment_len = u16_at(b, at + 32)?;
        let name = b.get(at + 46..at + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

/// The content of the first entry if it is named `mimetype` and stored uncompressed, as
/// OpenDocument requires.
pub fn odf_mimetype(b: &[u8]) -> Option<String> {
    if b.get(0..4)? != b"PK\x03\x04" || u16_at(b, 8)? != 0 {
        return None;
    }
    let size = u32_at(b, 18)?;
    let name_len = u16_at(b, 26)?;
    let extra_len = u16_at(b, 28)?;
    if b.get(30..30 + name_len)? != b"mimetype" || size > 200 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    std::str::from_utf8(b.get(start..start + size)?)
        .ok()
        .map(|s| s.trim().to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A ZIP with stored (uncompressed) entries, written by hand for the sniffing tests.
    pub fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            let mut header = Vec::new();
            header.extend_from_slice(b"PK\x03\x04");
            header.extend_from_slice(&20u16.to_le_bytes()); // version needed
            header.extend_from_slice(&0u16.to_le_bytes()); // flags
            header.extend_from_slice(&0u16.to_le_bytes()); // method: stored
            header.extend_from_slice(&[0; 8]); // time, date, crc (not checked here)
            header.extend_from_slice(&(data.len() as u32).to_le_bytes());
            header.extend_from_slice(&(data.len() as u32).to_le_bytes());
            header.extend_from_slice(&(name.len() as u16).to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(&header);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);

            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0]); // made by, needed, flags, method
            central.extend_from_slice(&[0; 8]); // time, date, crc
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]); // extra, comment, disk, internal and external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn reads_names_from_the_central_directory() {
        let z = make_zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(
            entry_names(&z).unwrap(),
            ["[Content_Types].xml", "word/document.xml"]
        );
        assert_eq!(odf_mimetype(&z), None);
    }

    #[test]
    fn reads_the_odf_mimetype() {
        let z = make_zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<x/>"),
        ]);
        assert_eq!(
            odf_mimetype(&z).as_deref(),
            Some("application/vnd.oasis.opendocument.text")
        );
    }

    #[test]
    fn truncated_archives_are_not_read() {
        let z = make_zip(&[("a.txt", b"hello")]);
        assert_eq!(entry_names(&z[..z.len() - 5]), None);
        assert_eq!(entry_names(b"PK\x03\x04"), None);
        assert_eq!(entry_names(b""), None);
    }
}
