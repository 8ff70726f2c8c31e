//! Putting the PDF/A-3b file together (ISO 19005-3, level B): the pages, the fonts, the attachments,
//! an XMP packet with pdfaid part 3 / conformance B whose dc:title, dc:creator, xmp:CreateDate,
//! xmp:ModifyDate, xmp:CreatorTool and pdf:Producer say exactly what the Info dictionary says, an
//! sRGB OutputIntent (GTS_PDFA1) with an embedded ICC profile, and a trailer /ID.
//!
//! The file is written as one revision with a classic cross-reference table: no object or
//! cross-reference streams, no linearization, so a signer can append an incremental update. The
//! output depends only on its input: dates come from the statement, the /ID from its id and the
//! embedded JSON, so rendering the same statement twice gives the same bytes.

use chrono::{DateTime, Utc};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::attachments::{self, Attachment};
use super::fonts::{compressed, Fonts};
use super::layout::{PAGE_H, PAGE_W};
use super::PdfError;

/// sRGB IEC61966-2.1 (ICC v2, zlib licence; see templates/statement/sRGB.icc.LICENSE.txt).
static SRGB_ICC: &[u8] = include_bytes!("../../../../templates/statement/sRGB.icc");

pub(crate) const PRODUCER: &str = concat!("Osaava ", env!("CARGO_PKG_VERSION"));

/// What the document says about itself, in Info and XMP alike.
pub(crate) struct Meta<'a> {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub lang: &'a str,
    pub created: DateTime<Utc>,
    /// Goes into the trailer /ID.
    pub id_seed: Vec<u8>,
}

pub(crate) fn assemble(
    pages: Vec<String>,
    fonts: &Fonts,
    attachments: &[Attachment],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;

    let font_dict = fonts.write(&mut doc)?;
    let resources = doc.add_object(dictionary! { "Font" => font_dict });
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for content in pages {
        let contents = doc.add_object(compressed(dictionary! {}, content.as_bytes()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_W), Object::Real(PAGE_H)],
            "Resources" => resources,
            "Contents" => contents,
        })));
    }
    let count = kids.len() as i64;
    doc.set_object(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count },
    );

    let pdf_date = pdf_date(meta.created);
    let (af, names) = attachments::embed(&mut doc, attachments, &pdf_date)?;

    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(meta).into_bytes(),
    )
    .with_compression(false);
    let metadata = doc.add_object(xmp);
    let icc = doc.add_object(compressed(dictionary! { "N" => 3 }, SRGB_ICC));
    let output_intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
        "RegistryName" => Object::string_literal("http://www.color.org"),
        "Info" => Object::string_literal("sRGB IEC61966-2.1"),
        "DestOutputProfile" => icc,
    };
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Metadata" => metadata,
        "OutputIntents" => vec![Object::Dictionary(output_intent)],
        "Names" => names,
        "AF" => af,
        "Lang" => Object::string_literal(meta.lang),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    });
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::text_string(&meta.title),
        "Author" => lopdf::text_string(&meta.author),
        "Subject" => lopdf::text_string(&meta.subject),
        "Creator" => Object::string_literal(PRODUCER),
        "Producer" => Object::string_literal(PRODUCER),
        "CreationDate" => Object::string_literal(pdf_date.clone()),
        "ModDate" => Object::string_literal(pdf_date),
    });
    let id = Sha256::digest(&meta.id_seed)[..16].to_vec();
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );

    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// `D:20261124123000+00'00'`
fn pdf_date(t: DateTime<Utc>) -> String {
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet, with padding so it could be edited in place.
fn xmp(meta: &Meta) -> String {
    let date = meta.created.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let title = xml_escape(&meta.title);
    let author = xml_escape(&meta.author);
    let subject = xml_escape(&meta.subject);
    let lang = xml_escape(meta.lang);
    let mut x = format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
   <pdfaid:part>3</pdfaid:part>\n\
   <pdfaid:conformance>B</pdfaid:conformance>\n\
   <dc:format>application/pdf</dc:format>\n\
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
   <xmp:CreateDate>{date}</xmp:CreateDate>\n\
   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>\n\
   <pdf:Producer>{PRODUCER}</pdf:Producer>\n\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n"
    );
    for _ in 0..20 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn xmp_says_pdfa_3b_and_matches_the_info_dates() {
        let meta = Meta {
            title: "Utlåtande om erkänt kunnande – Åsa <Mäkelä> & co".into(),
            author: "Sirkka Väänänen".into(),
            subject: "s".into(),
            lang: "sv-FI",
            created: Utc.with_ymd_and_hms(2026, 11, 24, 12, 30, 0).unwrap(),
            id_seed: vec![],
        };
        let x = xmp(&meta);
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(x.contains("Åsa &lt;Mäkelä&gt; &amp; co"));
        assert!(x.contains("<xmp:CreateDate>2026-11-24T12:30:00+00:00</xmp:CreateDate>"));
        assert_eq!(pdf_date(meta.created), "D:20261124123000+00'00'");
    }

    #[test]
    fn the_icc_profile_is_an_rgb_display_profile() {
        assert_eq!(&SRGB_ICC[36..40], b"acsp");
        assert_eq!(&SRGB_ICC[12..16], b"mntr");
        assert_eq!(&SRGB_ICC[16..20], b"RGB ");
        assert_eq!(
            u32::from_be_bytes(SRGB_ICC[0..4].try_into().unwrap()) as usize,
            SRGB_ICC.len()
        );
    }
}
