//! Signing and verifying small PDFs made here with lopdf, in both cross-reference forms.

use super::*;
use crate::keys::{create_org_ca, issue_assessor_certificate, OrgCa, SigningIdentity};
use chrono::{Duration, TimeZone};
use lopdf::{dictionary, Document, Object, Stream};
use osaava_core::BusinessId;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0).unwrap()
}

fn ca(name: &str) -> OrgCa {
    create_org_ca(name, &BusinessId::parse("0112038-9").unwrap(), t0()).unwrap()
}

fn identity(ca: &OrgCa) -> SigningIdentity {
    issue_assessor_certificate(ca, "Päivi Äijälä", Some("Arvioija"), t0()).unwrap()
}

/// A two-page PDF; `modern` writes an xref stream with object streams, else a classic table.
fn small_pdf(modern: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for text in ["Osaamistodistus", "Sivu 2"] {
        let content = format!("BT /F1 24 Tf 72 720 Td ({text}) Tj ET");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        });
        kids.push(Object::Reference(page_id));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => 2, "Kids" => kids }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
        ]),
    );
    let mut out = Vec::new();
    doc.reference_table.cross_reference_type = if modern {
        lopdf::xref::XrefType::CrossReferenceStream
    } else {
        lopdf::xref::XrefType::CrossReferenceTable
    };
    if modern {
        doc.save_modern(&mut out).unwrap();
    } else {
        doc.save_to(&mut out).unwrap();
    }
    out
}

fn info() -> SignatureInfo {
    SignatureInfo {
        name: Some("Päivi Äijälä".into()),
        reason: Some("Osaamistodistus".into()),
        location: Some("Oulu".into()),
        signing_time: t0() + Duration::hours(1),
    }
}

fn codes(report: &SignatureReport) -> Vec<&'static str> {
    report
        .codes()
        .into_iter()
        .map(ProblemCode::as_str)
        .collect()
}

#[test]
fn signed_pdf_verifies_in_both_xref_forms_and_keeps_the_original_as_prefix() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    for modern in [false, true] {
        let pdf = small_pdf(modern);
        let signed = sign_pdf(&pdf, &id, &info()).unwrap();
        assert!(signed.starts_with(&pdf), "the original is the prefix");
        let tail = String::from_utf8_lossy(&signed[pdf.len()..]).into_owned();
        if modern {
            assert!(
                tail.contains("/Type/XRef") && !tail.contains("\nxref\n"),
                "{tail}"
            );
        } else {
            assert!(
                tail.contains("\nxref\n") && tail.contains("trailer"),
                "{tail}"
            );
        }
        assert!(
            tail.contains("/Prev "),
            "points back to the original's xref"
        );

        // lopdf reads the result, with the widget on page 1 and the AcroForm.
        let doc = Document::load_mem(&signed).unwrap();
        let catalog = doc.catalog().unwrap();
        let form = catalog.get(b"AcroForm").unwrap().as_dict().unwrap();
        assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
        let page1 = doc.get_pages()[&1];
        let annots = doc
            .get_dictionary(page1)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap();
        let widget = doc
            .get_dictionary(annots[0].as_reference().unwrap())
            .unwrap();
        assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
        assert_eq!(widget.get(b"FT").unwrap().as_name().unwrap(), b"Sig");

        let report = verify_pdf(
            &signed,
            std::slice::from_ref(&ca.certificate),
            t0() + Duration::days(30),
        )
        .unwrap();
        assert!(report.is_valid(), "{report:#?}");
        let sig = report.last_signature().unwrap();
        assert!(sig.covers_whole_file);
        assert_eq!(sig.field_name.as_deref(), Some("Signature1"));
        assert_eq!(sig.signing_time, Some(t0() + Duration::hours(1)));
        assert_eq!(sig.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
        assert_eq!(sig.reason.as_deref(), Some("Osaamistodistus"));
        assert_eq!(sig.name.as_deref(), Some("Päivi Äijälä"));
        let signer = sig.signer.as_ref().unwrap();
        assert_eq!(signer.common_name.as_deref(), Some("Päivi Äijälä"));
        assert_eq!(
            signer.organisation.as_deref(),
            Some("Hoivapalvelu Kuusela Oy")
        );
        assert_eq!(signer.business_id.as_deref(), Some("0112038-9"));
        assert_eq!(sig.chain.len(), 2);
        assert_eq!(
            sig.trust_anchor.as_ref().unwrap().common_name.as_deref(),
            Some("Hoivapalvelu Kuusela Oy CA")
        );
    }
}

#[test]
fn cms_has_the_pades_attributes_and_no_signing_time() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    let range = scan::find_byte_ranges(&signed)[0].values.clone().unwrap();
    let hole = scan::read_hole(&signed, &range).unwrap();
    let parsed = cms::parse(&hole).unwrap();
    assert!(!cms::has_signing_time(&parsed));
    let oids: Vec<String> = parsed
        .signer_info
        .signed_attrs
        .as_ref()
        .unwrap()
        .iter()
        .map(|a| a.oid.to_string())
        .collect();
    for oid in [
        "1.2.840.113549.1.9.3",
        "1.2.840.113549.1.9.4",
        "1.2.840.113549.1.9.16.2.47",
    ] {
        assert!(oids.contains(&oid.to_string()), "{oid} in {oids:?}");
    }
    assert_eq!(oids.len(), 3);
    assert_eq!(parsed.certificates.len(), 2, "signer and CA");
    assert_eq!(
        parsed.signer_info.signature_algorithm.oid.to_string(),
        "1.2.840.10045.4.3.2"
    );
}

#[test]
fn a_changed_byte_anywhere_in_the_signed_range_is_tampering() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let pdf = small_pdf(false);
    let signed = sign_pdf(&pdf, &id, &info()).unwrap();
    let at = scan::find(&signed, b"Osaamistodistus").unwrap();
    let mut tampered = signed.clone();
    tampered[at] = b'X';
    let report = verify_pdf(&tampered, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert!(!report.is_valid());
    assert_eq!(codes(&report), vec!["tampered"], "{report:#?}");

    // A byte of the signature's own dictionary after the hole (its closing).
    let mut tampered = signed.clone();
    let endobj = signed.len() - 20;
    tampered[endobj] ^= 0x01;
    let report = verify_pdf(&tampered, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert!(!report.is_valid(), "{report:#?}");

    // Every 97th byte of the signed ranges: each flip is caught.
    let range = scan::find_byte_ranges(&signed)[0].values.clone().unwrap();
    let (b, c) = (range[1] as usize, range[2] as usize);
    for i in (0..signed.len()).step_by(97).filter(|i| *i < b || *i >= c) {
        let mut t = signed.clone();
        t[i] ^= 0x20;
        match verify_pdf(&t, std::slice::from_ref(&ca.certificate), t0()) {
            Ok(r) => assert!(!r.is_valid(), "flip at {i} went unnoticed"),
            // Not even in the header: a signed file with a changed header is tampered.
            Err(VerifyError::NotPdf(why)) => panic!("flip at {i} reported as not a PDF: {why}"),
        }
    }
}

#[test]
fn bytes_appended_after_signing_are_reported() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();

    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n9 0 obj\n(changed)\nendobj\n");
    let report = verify_pdf(&appended, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert_eq!(codes(&report), vec!["bytes-after-signature"], "{report:#?}");
    assert!(!report.last_signature().unwrap().covers_whole_file);

    // A trailing newline added in transfer changes nothing a reader shows.
    let mut newline = signed.clone();
    newline.extend_from_slice(b"\r\n");
    assert!(
        verify_pdf(&newline, std::slice::from_ref(&ca.certificate), t0())
            .unwrap()
            .is_valid()
    );

    // Cut short: the signed range runs past the end.
    let cut = &signed[..signed.len() - 10];
    let report = verify_pdf(cut, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert_eq!(codes(&report), vec!["tampered"], "{report:#?}");
}

#[test]
fn another_organisations_ca_or_none_is_untrusted() {
    let ca1 = ca("Hoivapalvelu Kuusela Oy");
    let ca2 = ca("Hoivapalvelu Kuusela Oy"); // the same name, another key
    let id = identity(&ca1);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    for roots in [vec![ca2.certificate.clone()], vec![]] {
        let report = verify_pdf(&signed, &roots, t0()).unwrap();
        assert_eq!(codes(&report), vec!["untrusted"], "{report:#?}");
        let sig = report.last_signature().unwrap();
        assert!(sig.trust_anchor.is_none());
        // Who signed is still shown.
        assert_eq!(
            sig.signer.as_ref().unwrap().common_name.as_deref(),
            Some("Päivi Äijälä")
        );
    }
    // The assessor's own certificate as the trust anchor is direct trust.
    let report = verify_pdf(&signed, std::slice::from_ref(&id.chain[0]), t0()).unwrap();
    assert!(report.is_valid(), "{report:#?}");
}

#[test]
fn certificates_outside_their_validity_are_reported() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    let later = t0() + Duration::days(3 * 365);
    let report = verify_pdf(&signed, std::slice::from_ref(&ca.certificate), later).unwrap();
    assert_eq!(codes(&report), vec!["expired"], "{report:#?}");

    let mut early = info();
    early.signing_time = t0() - Duration::days(1);
    let signed = sign_pdf(&small_pdf(false), &id, &early).unwrap();
    let report = verify_pdf(&signed, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert_eq!(codes(&report), vec!["not-yet-valid"], "{report:#?}");
}

#[test]
fn unsigned_and_non_pdf_input() {
    let report = verify_pdf(&small_pdf(false), &[], t0()).unwrap();
    assert_eq!(codes(&report), vec!["no-signature"]);
    assert!(!report.is_valid());
    assert!(matches!(
        verify_pdf(b"hello", &[], t0()),
        Err(VerifyError::NotPdf(_))
    ));
    assert!(matches!(
        verify_pdf(b"%PDF-1.7 garbage", &[], t0()),
        Err(VerifyError::NotPdf(_))
    ));
    assert!(matches!(
        sign_pdf(b"hello", &identity(&ca("X")), &info()),
        Err(SignError::NotPdf(_))
    ));
}

#[test]
fn a_second_signature_gets_its_own_field() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let once = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    let twice = sign_pdf(&once, &id, &info()).unwrap();
    let report = verify_pdf(&twice, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert_eq!(report.signatures.len(), 2);
    let names: Vec<_> = report
        .signatures
        .iter()
        .map(|s| s.field_name.clone().unwrap())
        .collect();
    assert!(names.contains(&"Signature1".into()) && names.contains(&"Signature2".into()));
    // The later signature covers everything; the earlier one sees bytes after it.
    let last = report
        .signatures
        .iter()
        .find(|s| s.covers_whole_file)
        .unwrap();
    assert!(last.problems.is_empty(), "{last:#?}");
    assert_eq!(codes(&report), vec!["bytes-after-signature"]);
}

#[test]
fn a_byte_range_that_leaves_out_more_than_the_signature_is_tampering() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    let raw = &scan::find_byte_ranges(&signed)[0];
    let v = raw.values.clone().unwrap();
    // Claim the hole starts 10 bytes earlier (same width: pad with spaces).
    let old = format!("[0 {} {} {}]", v[1], v[2], v[3]);
    let new = format!("[0 {} {} {}]", v[1] - 10, v[2], v[3]);
    let mut t = signed.clone();
    let at = scan::find(&t, old.as_bytes()).unwrap();
    let mut patch = new.into_bytes();
    patch.resize(old.len(), b' ');
    t[at..at + old.len()].copy_from_slice(&patch);
    let report = verify_pdf(&t, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert!(
        report.codes().contains(&ProblemCode::Tampered),
        "{report:#?}"
    );
}

#[test]
fn a_damaged_signature_dictionary_is_tampering_not_a_missing_signature() {
    let ca = ca("Hoivapalvelu Kuusela Oy");
    let id = identity(&ca);
    let signed = sign_pdf(&small_pdf(false), &id, &info()).unwrap();
    let mut t = signed.clone();
    let at = scan::find(&t, b"/ByteRange").unwrap();
    t[at + 5] = b'r'; // `/ByteRange` becomes `/BytrRange`
    let report = verify_pdf(&t, std::slice::from_ref(&ca.certificate), t0()).unwrap();
    assert_eq!(codes(&report), vec!["tampered"], "{report:#?}");
}

#[test]
fn every_code_has_a_clerk_explanation_in_three_languages() {
    use ProblemCode::*;
    for code in [
        NoSignature,
        Tampered,
        BytesAfterSignature,
        BadSignature,
        Untrusted,
        Expired,
        NotYetValid,
        BadCertificate,
        Unsupported,
    ] {
        let text = code.explanation();
        for lang in osaava_core::Lang::ALL {
            let t = text.get(lang).unwrap();
            assert!(t.len() > 40 && t.ends_with('.'), "{code} {lang:?}: {t}");
        }
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
    }
}
