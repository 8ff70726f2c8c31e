//! The two embedded faces (Noto Sans Regular and Bold, under the SIL OFL, see templates/fonts/OFL.txt),
//! text measuring, and their PDF objects: a Type 0 font over a CIDFontType2 subset, addressed
//! by the subset's glyph ids (Identity-H, CIDToGIDMap Identity), with a /W array taken from the font's
//! own advances and a ToUnicode CMap, so copied or extracted text keeps å, ä and ö.
//!
//! There is no shaping: one character is one glyph, with no kerning or ligatures. That is plenty
//! for Finnish, Swedish and English, and keeps every width exact for line breaking.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::PdfError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../../templates/fonts/NotoSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../../templates/fonts/NotoSans-Bold.ttf");

/// Shown instead of a character the font has no glyph for (PDF/A forbids drawing .notdef).
const REPLACEMENT: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
        }
    }

    fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "NotoSans-Regular",
            Face::Bold => "NotoSans-Bold",
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
        }
    }
}

/// One face: its parsed tables, a per-character cache and the glyphs used so far.
pub(crate) struct FontState {
    face: Face,
    parsed: ttf_parser::Face<'static>,
    upem: f32,
    /// char → (original glyph id, advance in font units)
    cache: HashMap<char, (u16, u16)>,
    remapper: GlyphRemapper,
    /// subset glyph id → the text it stands for
    to_unicode: BTreeMap<u16, String>,
}

impl FontState {
    fn new(face: Face) -> Result<FontState, PdfError> {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0)
            .map_err(|e| PdfError::Font(format!("{}: {e}", face.postscript_name())))?;
        Ok(FontState {
            face,
            upem: f32::from(parsed.units_per_em()),
            parsed,
            cache: HashMap::new(),
            remapper: GlyphRemapper::new(),
            to_unicode: BTreeMap::new(),
        })
    }

    /// The glyph and advance for a character, with the replacement for anything the font lacks.
    fn glyph(&mut self, c: char) -> (u16, u16) {
        if let Some(hit) = self.cache.get(&c) {
            return *hit;
        }
        let lookup = |c: char| {
            self.parsed
                .glyph_index(c)
                .filter(|g| g.0 != 0)
                .map(|g| (g.0, self.parsed.glyph_hor_advance(g).unwrap_or(0)))
        };
        let found = lookup(c).or_else(|| lookup(REPLACEMENT)).unwrap_or((0, 0));
        self.cache.insert(c, found);
        found
    }

    /// Width of `text` at `size` points.
    pub(crate) fn width(&mut self, text: &str, size: f32) -> f32 {
        let text = super::layout::nfc(text);
        let units: u32 = text.chars().map(|c| u32::from(self.glyph(c).1)).sum();
        units as f32 * size / self.upem
    }

    /// The bytes of a PDF hex string that draws `text`: two-byte subset glyph ids.
    pub(crate) fn encode(&mut self, text: &str) -> String {
        let text = super::layout::nfc(text);
        let mut hex = String::with_capacity(text.len() * 4 + 2);
        hex.push('<');
        for c in text.chars() {
            let (gid, _) = self.glyph(c);
            if gid == 0 {
                continue;
            }
            let new = self.remapper.remap(gid);
            let shown = if self.parsed.glyph_index(c).is_some_and(|g| g.0 == gid) {
                c
            } else {
                REPLACEMENT
            };
            self.to_unicode
                .entry(new)
                .or_insert_with(|| shown.to_string());
            let _ = write!(hex, "{new:04X}");
        }
        hex.push('>');
        hex
    }

    /// Ascent of capitals above the baseline, in points at `size` (for placing text in boxes).
    pub(crate) fn cap_height(&self, size: f32) -> f32 {
        f32::from(self.parsed.capital_height().unwrap_or(714)) * size / self.upem
    }

    /// Writes the subset font and returns the Type 0 font dictionary's id.
    fn write(&self, doc: &mut Document) -> Result<ObjectId, PdfError> {
        let name = self.face.postscript_name();
        let subset = subsetter::subset(self.face.bytes(), 0, &self.remapper)
            .map_err(|e| PdfError::Font(format!("subsetting {name}: {e}")))?;

        // A subset is named with a six-letter tag made from the glyphs it holds (ISO 32000-1, 9.6.4).
        let mut hasher = Sha256::new();
        hasher.update(name.as_bytes());
        for gid in self.remapper.remapped_gids() {
            hasher.update(gid.to_be_bytes());
        }
        let digest = hasher.finalize();
        let tag: String = digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base_font = format!("{tag}+{name}");

        let scale = 1000.0 / self.upem;
        let widths: Vec<Object> = self
            .remapper
            .remapped_gids()
            .map(|old| {
                let adv = self
                    .parsed
                    .glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0);
                Object::Real(((f32::from(adv) * scale) * 100.0).round() / 100.0)
            })
            .collect();

        let bbox = self.parsed.global_bounding_box();
        let s = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
        let font_file = doc.add_object(compressed(
            dictionary! { "Length1" => subset.len() as i64 },
            &subset,
        ));
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(base_font.clone().into_bytes()),
            "Flags" => 4,
            "FontBBox" => vec![s(bbox.x_min), s(bbox.y_min), s(bbox.x_max), s(bbox.y_max)],
            "ItalicAngle" => 0,
            "Ascent" => s(self.parsed.ascender()),
            "Descent" => s(self.parsed.descender()),
            "CapHeight" => s(self.parsed.capital_height().unwrap_or(714)),
            "StemV" => match self.face { Face::Regular => 80, Face::Bold => 140 },
            "FontFile2" => font_file,
        });
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => Object::Name(base_font.clone().into_bytes()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "W" => vec![Object::Integer(0), Object::Array(widths)],
            "CIDToGIDMap" => "Identity",
        });
        let to_unicode = doc.add_object(compressed(
            dictionary! {},
            self.to_unicode_cmap().as_bytes(),
        ));
        Ok(doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => Object::Name(base_font.into_bytes()),
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
            "ToUnicode" => to_unicode,
        }))
    }

    fn to_unicode_cmap(&self) -> String {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<_> = self.to_unicode.iter().collect();
        for chunk in entries.chunks(100) {
            let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
            for (gid, text) in chunk {
                let utf16: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                let _ = writeln!(cmap, "<{gid:04X}> <{utf16}>");
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap
    }
}

/// Both faces of one document.
pub(crate) struct Fonts {
    regular: FontState,
    bold: FontState,
}

impl Fonts {
    pub(crate) fn new() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: FontState::new(Face::Regular)?,
            bold: FontState::new(Face::Bold)?,
        })
    }

    pub(crate) fn get(&mut self, face: Face) -> &mut FontState {
        match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
        }
    }

    pub(crate) fn resource_name(face: Face) -> &'static str {
        face.resource_name()
    }

    /// Writes both subsets; returns the /Font resource dictionary for every page.
    pub(crate) fn write(&self, doc: &mut Document) -> Result<lopdf::Dictionary, PdfError> {
        let mut resources = lopdf::Dictionary::new();
        for state in [&self.regular, &self.bold] {
            let id = state.write(doc)?;
            resources.set(state.face.resource_name(), id);
        }
        Ok(resources)
    }
}

/// A Flate-compressed stream with `dict`'s entries.
pub(crate) fn compressed(dict: lopdf::Dictionary, data: &[u8]) -> Stream {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::default());
    encoder
        .write_all(data)
        .expect("writing to a Vec cannot fail");
    let deflated = encoder.finish().expect("writing to a Vec cannot fail");
    let mut dict = dict;
    dict.set("Filter", "FlateDecode");
    Stream::new(dict, deflated).with_compression(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_and_swedish_letters_have_glyphs_and_widths() {
        let mut f = Fonts::new().unwrap();
        let font = f.get(Face::Regular);
        for c in "åäöÅÄÖéü€–".chars() {
            let (gid, adv) = font.glyph(c);
            assert_ne!(gid, 0, "{c} has a glyph");
            assert!(adv > 0, "{c} has a width");
        }
        assert!(font.width("Mäkelä", 10.0) > font.width("Mäke", 10.0));
    }

    #[test]
    fn a_missing_character_is_drawn_as_a_question_mark_not_notdef() {
        let mut f = Fonts::new().unwrap();
        let font = f.get(Face::Regular);
        let q = font.encode("?");
        let unknown = font.encode("\u{1F600}");
        assert_eq!(q, unknown);
        assert_ne!(q, "<>");
    }
}
