//! Signing: one incremental update appended to the input bytes.

use super::cms::build_signed_data;
use super::scan::{last_startxref, pdf_date};
use super::{SignError, SignatureInfo};
use crate::keys::SigningIdentity;
use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Room left in `/Contents` beyond the measured CMS size (bytes).
const CONTENTS_SLACK: usize = 32;
/// Width of each number in the `/ByteRange` placeholder.
const BR_DIGITS: usize = 10;

/// Signs `pdf` with `identity` as PAdES B-B and returns the signed file: `pdf` unchanged,
/// followed by one incremental update that holds the signature.
pub fn sign_pdf(
    pdf: &[u8],
    identity: &SigningIdentity,
    info: &SignatureInfo,
) -> Result<Vec<u8>, SignError> {
    identity.check()?;
    if !pdf.starts_with(b"%PDF-") {
        return Err(SignError::NotPdf("it does not start with %PDF-".into()));
    }
    let doc = Document::load_mem(pdf).map_err(|e| SignError::NotPdf(e.to_string()))?;
    if doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted() {
        return Err(SignError::Encrypted);
    }
    let prev = last_startxref(pdf)
        .filter(|p| *p < pdf.len())
        .ok_or_else(|| SignError::NotPdf("no startxref at the end".into()))?;
    // Some writers put an end of line before the keyword the offset points at.
    let at_xref = &pdf[prev..];
    let at_xref = &at_xref[at_xref
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()..];
    let xref_stream = !at_xref.starts_with(b"xref");

    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| SignError::NotPdf("the trailer has no /Root".into()))?;
    let page_id = *doc.get_pages().get(&1).ok_or(SignError::NoPage)?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .unwrap_or(0)
        .max(doc.max_id + 1);

    let mut next = size;
    let mut alloc = || {
        let id = (next, 0u16);
        next += 1;
        id
    };
    let sig_id = alloc();
    let widget_id = alloc();

    // Objects to write: the updated versions and the new ones, by id.
    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();

    // The AcroForm: add the field, set SigFlags 3 (signatures exist, append only).
    let catalog = doc.get_dictionary(root_id).map_err(internal)?.clone();
    let field_name = unique_field_name(&doc, &catalog);
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let mut form = doc.get_dictionary(*form_id).map_err(internal)?.clone();
            add_field(&doc, &mut form, widget_id, &mut objects)?;
            objects.insert(*form_id, Object::Dictionary(form));
        }
        Ok(Object::Dictionary(form)) => {
            let mut form = form.clone();
            add_field(&doc, &mut form, widget_id, &mut objects)?;
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Dictionary(form));
            objects.insert(root_id, Object::Dictionary(catalog));
        }
        _ => {
            let mut form = Dictionary::new();
            form.set("Fields", Object::Array(vec![Object::Reference(widget_id)]));
            form.set("SigFlags", Object::Integer(3));
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Dictionary(form));
            objects.insert(root_id, Object::Dictionary(catalog));
        }
    }

    // The page gets the widget in /Annots.
    let mut page = doc.get_dictionary(page_id).map_err(internal)?.clone();
    match page.get(b"Annots") {
        Ok(Object::Reference(annots_id)) => {
            let mut annots = doc
                .get_object(*annots_id)
                .and_then(Object::as_array)
                .map_err(internal)?
                .clone();
            annots.push(Object::Reference(widget_id));
            objects.insert(*annots_id, Object::Array(annots));
        }
        Ok(Object::Array(annots)) => {
            let mut annots = annots.clone();
            annots.push(Object::Reference(widget_id));
            page.set("Annots", Object::Array(annots));
            objects.insert(page_id, Object::Dictionary(page));
        }
        _ => {
            page.set("Annots", Object::Array(vec![Object::Reference(widget_id)]));
            objects.insert(page_id, Object::Dictionary(page));
        }
    }

    // The invisible signature field merged with its widget.
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", lopdf::text_string(&field_name));
    widget.set("V", Object::Reference(sig_id));
    widget.set("F", Object::Integer(132)); // Print + Locked
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    widget.set("P", Object::Reference(page_id));
    objects.insert(widget_id, Object::Dictionary(widget));

    // Room for the CMS: its size with a signature of the longest possible length.
    let capacity = build_signed_data(identity, &[0; 32], Some(identity.key.max_signature_len()))?
        .len()
        + CONTENTS_SLACK;

    // Write the update.
    let mut out = Vec::with_capacity(pdf.len() + 2 * capacity + 4096);
    out.extend_from_slice(pdf);
    if !matches!(out.last(), Some(b'\n' | b'\r')) {
        out.push(b'\n');
    }
    let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();

    // The signature dictionary, written by hand to know where its holes are.
    offsets.insert(sig_id.0, (0, out.len()));
    out.extend_from_slice(format!("{} 0 obj\n", sig_id.0).as_bytes());
    out.extend_from_slice(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached");
    out.extend_from_slice(b"/M");
    write_object(
        &mut out,
        &Object::string_literal(pdf_date(info.signing_time)),
    )?;
    for (key, value) in [
        ("Name", &info.name),
        ("Reason", &info.reason),
        ("Location", &info.location),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            out.extend_from_slice(format!("/{key}").as_bytes());
            write_object(&mut out, &lopdf::text_string(v))?;
        }
    }
    out.extend_from_slice(b"/ByteRange ");
    let byte_range_at = out.len();
    let placeholder_len = "[0 ]".len() + 3 * BR_DIGITS + 2;
    out.extend(std::iter::repeat_n(b' ', placeholder_len));
    out.extend_from_slice(b"/Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', 2 * capacity));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    for (id, object) in &objects {
        offsets.insert(id.0, (id.1, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_object(&mut out, object)?;
        out.extend_from_slice(b"\nendobj\n");
    }

    // The trailer entries the update carries forward.
    let mut trailer = Dictionary::new();
    trailer.set("Root", Object::Reference(root_id));
    if let Ok(info_ref) = doc.trailer.get(b"Info") {
        trailer.set("Info", info_ref.clone());
    }
    let id_array = match doc.trailer.get(b"ID") {
        Ok(Object::Array(a)) if a.len() == 2 => a.clone(),
        _ => {
            // PDF/A needs a file identifier; derive one from the original bytes.
            let h = Sha256::digest(pdf)[..16].to_vec();
            vec![
                Object::String(h.clone(), lopdf::StringFormat::Hexadecimal),
                Object::String(h, lopdf::StringFormat::Hexadecimal),
            ]
        }
    };
    trailer.set("ID", Object::Array(id_array));
    trailer.set("Prev", Object::Integer(prev as i64));

    let xref_at;
    if xref_stream {
        let xref_id = next;
        next += 1;
        xref_at = out.len();
        offsets.insert(xref_id, (0, xref_at));
        let mut index = Vec::new();
        let mut data = Vec::new();
        for run in runs(&offsets) {
            index.push(Object::Integer(run[0].0 as i64));
            index.push(Object::Integer(run.len() as i64));
            for (_, (gen, offset)) in run {
                data.push(1u8);
                data.extend_from_slice(&u32::try_from(offset).map_err(internal)?.to_be_bytes());
                data.extend_from_slice(&gen.to_be_bytes());
            }
        }
        trailer.set("Type", Object::Name(b"XRef".to_vec()));
        trailer.set("Size", Object::Integer(next as i64));
        trailer.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
        trailer.set("Index", Object::Array(index));
        trailer.set("Length", Object::Integer(data.len() as i64));
        out.extend_from_slice(format!("{xref_id} 0 obj\n").as_bytes());
        write_object(&mut out, &Object::Dictionary(trailer))?;
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    } else {
        xref_at = out.len();
        out.extend_from_slice(b"xref\n");
        for run in runs(&offsets) {
            out.extend_from_slice(format!("{} {}\n", run[0].0, run.len()).as_bytes());
            for (_, (gen, offset)) in run {
                out.extend_from_slice(format!("{offset:010} {gen:05} n\r\n").as_bytes());
            }
        }
        trailer.set("Size", Object::Integer(next as i64));
        out.extend_from_slice(b"trailer\n");
        write_object(&mut out, &Object::Dictionary(trailer))?;
        out.push(b'\n');
    }
    out.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());

    // Patch the byte range, hash, sign, fill the hole.
    let total = out.len();
    let byte_range = format!(
        "[0 {contents_start} {contents_end} {}]",
        total - contents_end
    );
    if byte_range.len() > placeholder_len {
        return Err(SignError::Internal(
            "the file is too large for the byte range".into(),
        ));
    }
    out[byte_range_at..byte_range_at + byte_range.len()].copy_from_slice(byte_range.as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_start]);
    hasher.update(&out[contents_end..]);
    let digest: [u8; 32] = hasher.finalize().into();
    let cms = build_signed_data(identity, &digest, None)?;
    if cms.len() > capacity {
        return Err(SignError::Internal(format!(
            "the signature takes {} bytes, {capacity} were reserved",
            cms.len()
        )));
    }
    let hex = hex::encode_upper(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    debug_assert!(out.starts_with(pdf));
    Ok(out)
}

fn internal(e: impl std::fmt::Display) -> SignError {
    SignError::Internal(e.to_string())
}

fn write_object(out: &mut Vec<u8>, object: &Object) -> Result<(), SignError> {
    lopdf::Writer::write_object(out, object).map_err(internal)
}

/// Adds the widget to an existing AcroForm's /Fields (direct or indirect) and sets SigFlags 3.
fn add_field(
    doc: &Document,
    form: &mut Dictionary,
    widget_id: ObjectId,
    objects: &mut BTreeMap<ObjectId, Object>,
) -> Result<(), SignError> {
    match form.get(b"Fields") {
        Ok(Object::Reference(fields_id)) => {
            let mut fields = doc
                .get_object(*fields_id)
                .and_then(Object::as_array)
                .map_err(internal)?
                .clone();
            fields.push(Object::Reference(widget_id));
            objects.insert(*fields_id, Object::Array(fields));
        }
        Ok(Object::Array(fields)) => {
            let mut fields = fields.clone();
            fields.push(Object::Reference(widget_id));
            form.set("Fields", Object::Array(fields));
        }
        _ => form.set("Fields", Object::Array(vec![Object::Reference(widget_id)])),
    }
    form.set("SigFlags", Object::Integer(3));
    // PDF/A forbids NeedAppearances true.
    form.remove(b"NeedAppearances");
    Ok(())
}

/// `Signature1`, or the next free `SignatureN` among the top-level field names.
fn unique_field_name(doc: &Document, catalog: &Dictionary) -> String {
    let mut taken = Vec::new();
    let form = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    if let Some(fields) = form
        .and_then(|f| f.get(b"Fields").ok())
        .and_then(|f| match f {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
    {
        for field in fields.as_array().map(|a| a.as_slice()).unwrap_or(&[]) {
            let dict = match field {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            if let Some(name) = dict
                .and_then(|d| d.get(b"T").ok())
                .and_then(|t| lopdf::decode_text_string(t).ok())
            {
                taken.push(name);
            }
        }
    }
    (1..)
        .map(|n| format!("Signature{n}"))
        .find(|n| !taken.contains(n))
        .expect("a free name")
}

/// Consecutive object numbers grouped for cross-reference subsections.
fn runs(offsets: &BTreeMap<u32, (u16, usize)>) -> Vec<Vec<(u32, (u16, usize))>> {
    let mut runs: Vec<Vec<(u32, (u16, usize))>> = Vec::new();
    for (&id, &entry) in offsets {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(last, _)| *last + 1 == id) => {
                run.push((id, entry))
            }
            _ => runs.push(vec![(id, entry)]),
        }
    }
    runs
}
