//! Associated files (PDF/A-3, ISO 19005-3 6.8): each attachment is an embedded file stream with its
//! MIME type as /Subtype and /Params (size, dates), inside a file specification with /F, /UF,
//! /Desc and /AFRelationship; all of them are listed in the catalog's /AF array and in the
//! /Names /EmbeddedFiles tree. Reading them back is for verification, so it never trusts the file.

use std::collections::HashSet;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};

use super::fonts::compressed;
use super::PdfError;

/// How an attachment relates to the document (the PDF/A-3 /AFRelationship values we use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfRelationship {
    /// The information the document shows, in a machine-readable form (statement.json).
    Data,
    /// The original the document was made from.
    Source,
    /// An alternative representation of the same content.
    Alternative,
    /// Supplementary material (e.g. the Open Badges credential).
    Supplement,
}

impl AfRelationship {
    pub fn name(self) -> &'static str {
        match self {
            AfRelationship::Data => "Data",
            AfRelationship::Source => "Source",
            AfRelationship::Alternative => "Alternative",
            AfRelationship::Supplement => "Supplement",
        }
    }
}

/// A file to embed in the statement PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The name a reader shows and saves under, e.g. `statement.json`.
    pub file_name: String,
    /// The MIME type, e.g. `application/json`.
    pub mime: String,
    /// A short description, shown by PDF readers in their attachment list.
    pub description: String,
    pub relationship: AfRelationship,
    pub bytes: Vec<u8>,
}

impl Attachment {
    pub fn json(
        file_name: &str,
        description: &str,
        relationship: AfRelationship,
        bytes: Vec<u8>,
    ) -> Attachment {
        Attachment {
            file_name: file_name.into(),
            mime: "application/json".into(),
            description: description.into(),
            relationship,
            bytes,
        }
    }
}

/// The largest attachment [`embedded_files`] decodes (a statement and a credential are kilobytes).
const MAX_ATTACHMENT: usize = 32 * 1024 * 1024;
/// How deep a name tree may nest before [`embedded_files`] gives up.
const MAX_DEPTH: usize = 16;

/// Writes the attachments; returns the catalog's /AF array and its /Names dictionary.
pub(crate) fn embed(
    doc: &mut Document,
    attachments: &[Attachment],
    pdf_date: &str,
) -> Result<(Vec<Object>, Dictionary), PdfError> {
    let mut names: Vec<(String, ObjectId)> = Vec::new();
    let mut af = Vec::new();
    for a in attachments {
        if a.file_name.is_empty() || a.file_name.contains(['/', '\\']) {
            return Err(PdfError::Attachment(format!(
                "{:?} is not a plain file name",
                a.file_name
            )));
        }
        if names.iter().any(|(n, _)| *n == a.file_name) {
            return Err(PdfError::Attachment(format!(
                "{} is attached twice",
                a.file_name
            )));
        }
        if !a.mime.contains('/') || a.mime.contains(char::is_whitespace) {
            return Err(PdfError::Attachment(format!(
                "{:?} is not a MIME type",
                a.mime
            )));
        }
        let stream = compressed(
            dictionary! {
                "Type" => "EmbeddedFile",
                "Subtype" => Object::Name(a.mime.clone().into_bytes()),
                "Params" => dictionary! {
                    "Size" => a.bytes.len() as i64,
                    "CreationDate" => Object::string_literal(pdf_date),
                    "ModDate" => Object::string_literal(pdf_date),
                },
            },
            &a.bytes,
        );
        let file = doc.add_object(stream);
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => lopdf::text_string(&a.file_name),
            "UF" => lopdf::text_string(&a.file_name),
            "Desc" => lopdf::text_string(&a.description),
            "AFRelationship" => a.relationship.name(),
            "EF" => dictionary! { "F" => file, "UF" => file },
        });
        af.push(Object::Reference(spec));
        names.push((a.file_name.clone(), spec));
    }
    // A name tree's keys are sorted by their bytes.
    names.sort_by(|a, b| {
        lopdf::text_string(&a.0)
            .as_str()
            .ok()
            .cmp(&lopdf::text_string(&b.0).as_str().ok())
    });
    let mut array = Vec::new();
    for (name, spec) in names {
        array.push(lopdf::text_string(&name));
        array.push(Object::Reference(spec));
    }
    let names_dict = dictionary! { "EmbeddedFiles" => dictionary! { "Names" => array } };
    Ok((af, names_dict))
}

/// The files embedded in a PDF (its newest revision), by name, in the order of its name tree.
pub fn embedded_files(pdf: &[u8]) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let doc = Document::load_mem(pdf).map_err(|e| PdfError::Read(e.to_string()))?;
    let catalog = doc
        .catalog()
        .map_err(|e| PdfError::Read(format!("no catalog: {e}")))?;
    let Ok(names) = catalog
        .get(b"Names")
        .and_then(|o| resolve(&doc, o))
        .and_then(Object::as_dict)
    else {
        return Ok(Vec::new());
    };
    let Ok(tree) = names.get(b"EmbeddedFiles").and_then(|o| resolve(&doc, o)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    walk_name_tree(&doc, tree, 0, &mut seen, &mut out)?;
    Ok(out)
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> lopdf::Result<&'a Object> {
    doc.dereference(object).map(|(_, o)| o)
}

fn walk_name_tree(
    doc: &Document,
    node: &Object,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), PdfError> {
    if depth > MAX_DEPTH {
        return Err(PdfError::Read(
            "the embedded-files name tree nests too deep".into(),
        ));
    }
    if let Object::Reference(id) = node {
        if !seen.insert(*id) {
            return Err(PdfError::Read(
                "the embedded-files name tree has a cycle".into(),
            ));
        }
    }
    let bad = |what: &str| PdfError::Read(format!("embedded-files name tree: {what}"));
    let node = resolve(doc, node).map_err(|e| bad(&e.to_string()))?;
    let dict = node
        .as_dict()
        .map_err(|_| bad("a node is not a dictionary"))?;
    if let Ok(kids) = dict.get(b"Kids") {
        let kids = resolve(doc, kids)
            .and_then(Object::as_array)
            .map_err(|_| bad("/Kids is not an array"))?;
        for kid in kids {
            walk_name_tree(doc, kid, depth + 1, seen, out)?;
        }
    }
    if let Ok(names) = dict.get(b"Names") {
        let names = resolve(doc, names)
            .and_then(Object::as_array)
            .map_err(|_| bad("/Names is not an array"))?;
        for pair in names.chunks(2) {
            let [key, spec] = pair else {
                return Err(bad("/Names has an odd length"));
            };
            let key = resolve(doc, key)
                .and_then(lopdf::decode_text_string)
                .map_err(|_| bad("a name is not a text string"))?;
            let spec = resolve(doc, spec)
                .and_then(Object::as_dict)
                .map_err(|_| bad("a value is not a file specification"))?;
            let name = ["UF", "F"]
                .iter()
                .find_map(|k| {
                    spec.get(k.as_bytes())
                        .ok()
                        .and_then(|o| resolve(doc, o).ok())
                })
                .and_then(|o| lopdf::decode_text_string(o).ok())
                .unwrap_or(key);
            let ef = spec
                .get(b"EF")
                .and_then(|o| resolve(doc, o))
                .and_then(Object::as_dict)
                .map_err(|_| bad(&format!("{name} has no /EF")))?;
            let stream = ["UF", "F"]
                .iter()
                .find_map(|k| ef.get(k.as_bytes()).ok().and_then(|o| resolve(doc, o).ok()))
                .and_then(|o| o.as_stream().ok())
                .ok_or_else(|| bad(&format!("{name} has no embedded file stream")))?;
            let bytes = if stream.dict.get(b"Filter").is_ok() {
                stream
                    .decompressed_content_with_limit(MAX_ATTACHMENT)
                    .map_err(|e| bad(&format!("{name}: {e}")))?
            } else {
                stream.content.clone()
            };
            out.push((name, bytes));
        }
    }
    Ok(())
}
