//! What an evidence file is, from its first bytes, never from its name.
//!
//! The allow-list: PDF; PNG, JPEG, GIF, WebP, HEIC/HEIF images; Word, Excel and PowerPoint
//! (OOXML and the old OLE2 formats) and OpenDocument text, spreadsheet and presentation; plain UTF-8
//! text; MP3, M4A, AAC, Ogg (Vorbis, Opus, FLAC), WAV and FLAC audio. Anything else is refused
//! with what it looks like, so the user knows what to convert it to.

use super::zip;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum ContentType {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    Heic,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Doc,
    Xls,
    Ppt,
    Text,
    Mp3,
    M4a,
    Aac,
    Ogg,
    Wav,
    Flac,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ContentCategory {
    Document,
    Image,
    Text,
    Audio,
}

impl ContentType {
    pub fn mime(self) -> &'static str {
        use ContentType::*;
        match self {
            Pdf => "application/pdf",
            Png => "image/png",
            Jpeg => "image/jpeg",
            Gif => "image/gif",
            Webp => "image/webp",
            Heic => "image/heic",
            Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Odt => "application/vnd.oasis.opendocument.text",
            Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Odp => "application/vnd.oasis.opendocument.presentation",
            Doc => "application/msword",
            Xls => "application/vnd.ms-excel",
            Ppt => "application/vnd.ms-powerpoint",
            Text => "text/plain; charset=utf-8",
            Mp3 => "audio/mpeg",
            M4a => "audio/mp4",
            Aac => "audio/aac",
            Ogg => "audio/ogg",
            Wav => "audio/wav",
            Flac => "audio/flac",
        }
    }

    /// The usual file extension, for naming a stored file on export.
    pub fn extension(self) -> &'static str {
        use ContentType::*;
        match self {
            Pdf => "pdf",
            Png => "png",
            Jpeg => "jpg",
            Gif => "gif",
            Webp => "webp",
            Heic => "heic",
            Docx => "docx",
            Xlsx => "xlsx",
            Pptx => "pptx",
            Odt => "odt",
            Ods => "ods",
            Odp => "odp",
            Doc => "doc",
            Xls => "xls",
            Ppt => "ppt",
            Text => "txt",
            Mp3 => "mp3",
            M4a => "m4a",
            Aac => "aac",
            Ogg => "ogg",
            Wav => "wav",
            Flac => "flac",
        }
    }

    pub fn category(self) -> ContentCategory {
        use ContentType::*;
        match self {
            Png | Jpeg | Gif | Webp | Heic => ContentCategory::Image,
            Text => ContentCategory::Text,
            Mp3 | M4a | Aac | Ogg | Wav | Flac => ContentCategory::Audio,
            _ => ContentCategory::Document,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SniffError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "this file looks like {0}, which is not accepted as evidence; accepted are PDF, images (PNG, JPEG, GIF, \
         WebP, HEIC), Word, Excel, PowerPoint and OpenDocument files, UTF-8 text and audio (MP3, M4A, AAC, Ogg, \
         WAV, FLAC)"
    )]
    NotAllowed(&'static str),
}

fn has_at(b: &[u8], at: usize, sig: &[u8]) -> bool {
    b.get(at..at + sig.len()) == Some(sig)
}

/// The type of `bytes`, or why it is refused.
pub fn sniff(b: &[u8]) -> Result<ContentType, SniffError> {
    use ContentType::*;
    if b.is_empty() {
        return Err(SniffError::Empty);
    }
    let refuse = |what| Err(SniffError::NotAllowed(what));
    if b.starts_with(b"%PDF-") {
        return Ok(Pdf);
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Png);
    }
    if b.starts_with(b"\xFF\xD8\xFF") {
        return Ok(Jpeg);
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        return Ok(Gif);
    }
    if b.starts_with(b"RIFF") && b.len() >= 12 {
        return match &b[8..12] {
            b"WEBP" => Ok(Webp),
            b"WAVE" => Ok(Wav),
            b"AVI " => refuse("a video (AVI)"),
            _ => refuse("a RIFF file that is neither WAV audio nor a WebP image"),
        };
    }
    if has_at(b, 4, b"ftyp") {
        return sniff_iso_media(b);
    }
    if b.starts_with(b"fLaC") {
        return Ok(Flac);
    }
    if b.starts_with(b"OggS") {
        return sniff_ogg(b);
    }
    if b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF") {
        return refuse("UTF-16 text; save it as UTF-8");
    }
    if b.starts_with(b"ID3") {
        return Ok(after_id3(b));
    }
    if let Some(t) = mpeg_audio_frame(b) {
        return Ok(t);
    }
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        return sniff_zip(b);
    }
    if b.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return sniff_ole2(b);
    }
    if b.starts_with(b"MZ")
        || b.starts_with(b"\x7fELF")
        || b.starts_with(b"\xCF\xFA\xED\xFE")
        || b.starts_with(b"#!")
    {
        return refuse("a program or script");
    }
    if b.starts_with(b"\x1A\x45\xDF\xA3") {
        return refuse("a video (Matroska or WebM)");
    }
    if b.starts_with(b"\x1F\x8B") || b.starts_with(b"Rar!") || b.starts_with(b"7z\xBC\xAF\x27\x1C")
    {
        return refuse("a compressed archive");
    }
    if is_plain_text(b) {
        return Ok(Text);
    }
    refuse("an unknown binary format")
}

fn sniff_iso_media(b: &[u8]) -> Result<ContentType, SniffError> {
    let box_len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let end = box_len.clamp(16, 4096).min(b.len());
    // Major brand at 8..12, minor version at 12..16, compatible brands from 16 on.
    let brands: Vec<&[u8]> = std::iter::once(b.get(8..12).unwrap_or_default())
        .chain(b.get(16..end).unwrap_or_default().chunks_exact(4))
        .collect();
    let any = |set: &[&[u8]]| brands.iter().any(|br| set.contains(br));
    if any(&[b"M4A ", b"M4B ", b"F4A "]) {
        Ok(ContentType::M4a)
    } else if any(&[
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1",
    ]) {
        Ok(ContentType::Heic)
    } else {
        Err(SniffError::NotAllowed("a video (MP4 or QuickTime)"))
    }
}

fn sniff_ogg(b: &[u8]) -> Result<ContentType, SniffError> {
    // The first page's payload starts after 27 header bytes and its segment table.
    let segments = usize::from(*b.get(26).unwrap_or(&0));
    let payload = b.get(27 + segments..).unwrap_or_default();
    if payload.starts_with(b"OpusHead")
        || payload.starts_with(b"\x01vorbis")
        || payload.starts_with(b"\x7FFLAC")
    {
        Ok(ContentType::Ogg)
    } else if payload.starts_with(b"\x80theora") {
        Err(SniffError::NotAllowed("a video (Ogg Theora)"))
    } else {
        Err(SniffError::NotAllowed(
            "an Ogg file that is not Opus, Vorbis or FLAC audio",
        ))
    }
}

/// MP3 after an ID3 tag, or AAC if an ADTS frame follows the tag.
fn after_id3(b: &[u8]) -> ContentType {
    let size = b.get(6..10).map_or(0, |s| {
        s.iter()
            .fold(0usize, |n, &x| (n << 7) | usize::from(x & 0x7F))
    });
    match mpeg_audio_frame(b.get(10 + size..).unwrap_or_default()) {
        Some(ContentType::Aac) => ContentType::Aac,
        _ => ContentType::Mp3,
    }
}

/// An MPEG audio frame header (MP3 and its layers I/II) or an AAC ADTS header.
fn mpeg_audio_frame(b: &[u8]) -> Option<ContentType> {
    let (b0, b1, b2) = (*b.first()?, *b.get(1)?, *b.get(2)?);
    if b0 != 0xFF || b1 & 0xE0 != 0xE0 {
        return None;
    }
    let layer = (b1 >> 1) & 0b11;
    if b1 & 0xF0 == 0xF0 && layer == 0 {
        // ADTS: 12 sync bits, layer 00; sampling frequency index 13-15 is reserved.
        return ((b2 >> 2) & 0x0F < 13).then_some(ContentType::Aac);
    }
    let version = (b1 >> 3) & 0b11;
    let bitrate = b2 >> 4;
    let rate = (b2 >> 2) & 0b11;
    (version != 0b01 && layer != 0 && bitrate != 0x0F && bitrate != 0 && rate != 0b11)
        .then_some(ContentType::Mp3)
}

fn sniff_zip(b: &[u8]) -> Result<ContentType, SniffError> {
    use ContentType::*;
    if let Some(mime) = zip::odf_mimetype(b) {
        return match mime.as_str() {
            "application/vnd.oasis.opendocument.text" => Ok(Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Ok(Ods),
            "application/vnd.oasis.opendocument.presentation" => Ok(Odp),
            _ => Err(SniffError::NotAllowed(
                "an OpenDocument file other than text, spreadsheet or presentation",
            )),
        };
    }
    let names = zip::entry_names(b).ok_or(SniffError::NotAllowed("a damaged ZIP archive"))?;
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("[Content_Types].xml") {
        if has("word/document.xml") {
            return Ok(Docx);
        }
        if has("xl/workbook.xml") {
            return Ok(Xlsx);
        }
        if has("ppt/presentation.xml") {
            return Ok(Pptx);
        }
    }
    Err(SniffError::NotAllowed("a ZIP archive"))
}

fn sniff_ole2(b: &[u8]) -> Result<ContentType, SniffError> {
    // Directory entry names are UTF-16LE and end with a NUL character.
    let utf16 = |s: &str| -> Vec<u8> {
        s.encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    let contains = |s: &str| {
        let needle = utf16(s);
        b.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    if contains("WordDocument") {
        Ok(ContentType::Doc)
    } else if contains("Workbook") || contains("Book") {
        Ok(ContentType::Xls)
    } else if contains("PowerPoint Document") {
        Ok(ContentType::Ppt)
    } else {
        Err(SniffError::NotAllowed(
            "an OLE2 file that is not a Word, Excel or PowerPoint document",
        ))
    }
}

/// UTF-8 (a BOM is fine) with no NUL or other control characters than tab, line breaks and form feed.
fn is_plain_text(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    match std::str::from_utf8(b) {
        Ok(s) => s
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0C')),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::ContentType::*;
    use super::*;
    use crate::evidence::zip::tests::make_zip;

    fn ok(b: &[u8]) -> ContentType {
        sniff(b).unwrap_or_else(|e| panic!("{e}"))
    }

    fn refused(b: &[u8]) -> String {
        sniff(b).unwrap_err().to_string()
    }

    #[test]
    fn images_and_pdf() {
        assert_eq!(ok(b"%PDF-1.7\n%\xE2\xE3"), Pdf);
        assert_eq!(ok(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Png);
        assert_eq!(ok(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Jpeg);
        assert_eq!(ok(b"GIF89a\x01\0\x01\0"), Gif);
        assert_eq!(ok(b"RIFF\x24\0\0\0WEBPVP8 "), Webp);
        assert_eq!(ok(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), Heic);
        assert_eq!(ok(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic"), Heic);
    }

    #[test]
    fn audio() {
        assert_eq!(ok(b"ID3\x04\0\0\0\0\0\0\xFF\xFB\x90\x64"), Mp3);
        assert_eq!(ok(b"\xFF\xFB\x90\x64\0\0"), Mp3, "MPEG-1 layer III frame");
        assert_eq!(ok(b"\xFF\xF1\x50\x80\x02\x1F\xFC"), Aac, "ADTS");
        assert_eq!(
            ok(b"ID3\x04\0\0\0\0\0\0\xFF\xF1\x50\x80"),
            Aac,
            "ADTS after an ID3 tag"
        );
        assert_eq!(ok(b"\0\0\0\x1CftypM4A \0\0\0\0M4A mp42isom"), M4a);
        assert_eq!(
            ok(b"\0\0\0\x1Cftypmp42\0\0\0\0isomM4A \0\0\0\0"),
            M4a,
            "M4A as a compatible brand"
        );
        let mut ogg = b"OggS\0\x02".to_vec();
        ogg.extend_from_slice(&[0; 20]);
        ogg.push(1); // one segment
        ogg.push(19);
        ogg.extend_from_slice(b"OpusHead\x01\x02");
        assert_eq!(ok(&ogg), Ogg);
        assert_eq!(ok(b"RIFF\x24\0\0\0WAVEfmt "), Wav);
        assert_eq!(ok(b"fLaC\0\0\0\x22"), Flac);
    }

    #[test]
    fn office_documents_by_their_parts_not_their_names() {
        let docx = make_zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b""),
            ("word/document.xml", b""),
        ]);
        assert_eq!(ok(&docx), Docx);
        let xlsx = make_zip(&[("[Content_Types].xml", b""), ("xl/workbook.xml", b"")]);
        assert_eq!(ok(&xlsx), Xlsx);
        let pptx = make_zip(&[("[Content_Types].xml", b""), ("ppt/presentation.xml", b"")]);
        assert_eq!(ok(&pptx), Pptx);
        let odt = make_zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b""),
        ]);
        assert_eq!(ok(&odt), Odt);
        let ods = make_zip(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert_eq!(ok(&ods), Ods);
        let odg = make_zip(&[("mimetype", b"application/vnd.oasis.opendocument.graphics")]);
        assert!(refused(&odg).contains("OpenDocument file other than"));
        // A plain zip, even one with a document inside, is refused.
        let plain = make_zip(&[("raportti.docx", b"x"), ("word/document.xml", b"")]);
        assert!(refused(&plain).contains("looks like a ZIP archive"));
    }

    #[test]
    fn old_office_formats() {
        let ole = |name: &str| {
            let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
            b.extend_from_slice(&[0; 504]);
            b.extend(name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes));
            b
        };
        assert_eq!(ok(&ole("WordDocument")), Doc);
        assert_eq!(ok(&ole("Workbook")), Xls);
        assert_eq!(ok(&ole("PowerPoint Document")), Ppt);
        assert!(refused(&ole("__substg1.0_0037001F")).contains("OLE2"));
    }

    #[test]
    fn text_is_utf8_without_control_characters() {
        assert_eq!(ok("Hoitotyön kirjaus\r\n\tÄäkköset ok".as_bytes()), Text);
        assert_eq!(ok(b"\xEF\xBB\xBFBOM ok"), Text);
        assert!(refused(b"latin-1 \xE4\xF6").contains("unknown binary"));
        assert!(refused(b"nul \0 byte").contains("unknown binary"));
        assert!(refused(b"\xFF\xFEh\0i\0").contains("UTF-16"));
    }

    #[test]
    fn refuses_programs_video_and_archives_whatever_their_name() {
        assert!(refused(b"MZ\x90\0").contains("program"));
        assert!(refused(b"\x7fELF\x02\x01").contains("program"));
        assert!(refused(b"#!/bin/sh\nrm -rf /").contains("script"));
        assert!(refused(b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41").contains("video"));
        assert!(refused(b"\0\0\0\x14ftypqt  \0\0\0\0qt  ").contains("video"));
        assert!(refused(b"\x1A\x45\xDF\xA3\x01").contains("video"));
        assert!(refused(b"RIFF\0\0\0\0AVI LIST").contains("video"));
        assert!(refused(b"\x1F\x8B\x08\0").contains("archive"));
        assert_eq!(sniff(b""), Err(SniffError::Empty));
    }

    #[test]
    fn every_type_has_a_mime_type_extension_and_category() {
        for t in [Pdf, Png, Text, Mp3, Docx, Heic] {
            assert!(!t.mime().is_empty() && !t.extension().is_empty());
        }
        assert_eq!(Heic.category(), ContentCategory::Image);
        assert_eq!(Flac.category(), ContentCategory::Audio);
        assert_eq!(Xls.category(), ContentCategory::Document);
        assert_eq!(Text.category(), ContentCategory::Text);
    }
}
