//! Verification: byte ranges, the CMS signature, and the chain to a trusted root.

use super::cms::{self, CmsProblem};
use super::report::{CertificateSummary, Problem, ProblemCode, SignatureFound, SignatureReport};
use super::scan::{find_byte_ranges, only_whitespace_after, parse_pdf_date, read_hole};
use super::VerifyError;
use crate::keys::verify::{issued_by, Hash, SignatureCheck};
use crate::keys::{display_name, subject_info, Certificate};
use chrono::{DateTime, Utc};
use der::oid::AssociatedOid;
use der::{Decode, Encode};
use lopdf::{Document, Object, ObjectId};
use sha2::Digest;
use std::collections::HashMap;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

/// The longest chain followed from the signer to a root.
const MAX_CHAIN: usize = 8;

/// Extensions this code understands; any other critical one makes a certificate unfit.
const KNOWN_EXTENSIONS: [&str; 10] = [
    "2.5.29.14",         // subjectKeyIdentifier
    "2.5.29.35",         // authorityKeyIdentifier
    "2.5.29.15",         // keyUsage
    "2.5.29.19",         // basicConstraints
    "2.5.29.37",         // extKeyUsage
    "2.5.29.32",         // certificatePolicies
    "2.5.29.17",         // subjectAltName
    "2.5.29.31",         // cRLDistributionPoints
    "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
    "1.3.6.1.5.5.7.1.3", // qcStatements
];

/// Checks every signature in `pdf` against `trust_roots` at time `now`.
///
/// Errors only when the bytes are not a PDF at all; a damaged, tampered, unsigned or untrusted
/// PDF gives a report whose problems say so.
pub fn verify_pdf(
    pdf: &[u8],
    trust_roots: &[Certificate],
    now: DateTime<Utc>,
) -> Result<SignatureReport, VerifyError> {
    let head = &pdf[..pdf.len().min(1024)];
    let raw_ranges = find_byte_ranges(pdf);
    // A signed file whose header was changed is a tampered signed file, not "no PDF": it still
    // holds a signature whose byte range leaves out exactly a /Contents hole.
    let header = super::scan::find(head, b"%PDF-").is_some();
    let signed_bytes = || {
        raw_ranges
            .iter()
            .any(|r| r.values.as_ref().is_some_and(|v| read_hole(pdf, v).is_ok()))
    };
    if !header && !signed_bytes() {
        return Err(VerifyError::NotPdf("it does not start with %PDF-".into()));
    }
    let doc = Document::load_mem(pdf).ok();
    let (dicts, damaged_fields) = doc.as_ref().map(signature_dicts).unwrap_or_default();

    // Candidate byte ranges: those in the bytes, and those the parser found (e.g. inside object
    // streams, where the bytes are compressed).
    let mut ranges: Vec<(usize, Option<Vec<i64>>)> =
        raw_ranges.into_iter().map(|r| (r.at, r.values)).collect();
    for d in &dicts {
        if !ranges
            .iter()
            .any(|(_, v)| v.as_ref() == Some(&d.byte_range))
        {
            ranges.push((usize::MAX, Some(d.byte_range.clone())));
        }
    }
    if doc.is_none() && ranges.is_empty() {
        return Err(VerifyError::NotPdf("it cannot be read as a PDF".into()));
    }

    let mut report = SignatureReport::default();
    if !header {
        report.problems.push(Problem::new(
            ProblemCode::Tampered,
            "the file no longer starts with %PDF-: its header was changed",
        ));
    }
    for (_, values) in ranges {
        let dict = values
            .as_ref()
            .and_then(|v| dicts.iter().find(|d| &d.byte_range == v));
        if doc.is_some() && dict.is_none() && values.is_some() {
            // A /ByteRange the parsed document does not use as a signature (text, a stream).
            continue;
        }
        report
            .signatures
            .push(check_signature(pdf, values, dict, trust_roots, now));
    }
    for field in damaged_fields {
        report.problems.push(Problem::new(
            ProblemCode::Tampered,
            format!("the signature field {field:?} points at a damaged signature dictionary"),
        ));
    }
    if report.signatures.is_empty() && report.problems.is_empty() {
        report.problems.push(Problem::new(
            ProblemCode::NoSignature,
            "the file has no signature",
        ));
    }
    Ok(report)
}

/// A signature dictionary as the PDF parser read it.
struct SigDict {
    id: ObjectId,
    byte_range: Vec<i64>,
    contents: Option<Vec<u8>>,
    field_name: Option<String>,
    signing_time: Option<DateTime<Utc>>,
    name: Option<String>,
    reason: Option<String>,
    location: Option<String>,
    sub_filter: Option<String>,
}

/// The signature dictionaries, and the names of signature fields whose value is not one.
fn signature_dicts(doc: &Document) -> (Vec<SigDict>, Vec<String>) {
    // Field names by the id of the signature dictionary they point at.
    let mut field_names: HashMap<ObjectId, String> = HashMap::new();
    for object in doc.objects.values() {
        if let Ok(d) = object.as_dict() {
            if d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice()) {
                if let (Ok(v), Ok(t)) = (d.get(b"V").and_then(Object::as_reference), d.get(b"T")) {
                    if let Ok(name) = lopdf::decode_text_string(t) {
                        field_names.insert(v, name);
                    }
                }
            }
        }
    }
    let text = |d: &lopdf::Dictionary, key: &[u8]| {
        d.get(key)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
    };
    let mut dicts = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(d) = object.as_dict() else { continue };
        let Ok(br) = d.get(b"ByteRange").and_then(Object::as_array) else {
            continue;
        };
        if d.get(b"Contents").is_err() {
            continue;
        }
        let byte_range: Vec<i64> = br.iter().filter_map(|o| o.as_i64().ok()).collect();
        if byte_range.len() != br.len() {
            continue;
        }
        dicts.push(SigDict {
            id: *id,
            byte_range,
            contents: d
                .get(b"Contents")
                .and_then(Object::as_str)
                .ok()
                .map(<[u8]>::to_vec),
            field_name: field_names.get(id).cloned(),
            signing_time: text(d, b"M").and_then(|m| parse_pdf_date(&m)),
            name: text(d, b"Name"),
            reason: text(d, b"Reason"),
            location: text(d, b"Location"),
            sub_filter: d
                .get(b"SubFilter")
                .and_then(Object::as_name)
                .ok()
                .map(|n| String::from_utf8_lossy(n).into_owned()),
        });
    }
    let mut damaged: Vec<String> = field_names
        .iter()
        .filter(|(v, _)| !dicts.iter().any(|d| d.id == **v))
        .map(|(_, name)| name.clone())
        .collect();
    damaged.sort();
    (dicts, damaged)
}

fn check_signature(
    pdf: &[u8],
    values: Option<Vec<i64>>,
    dict: Option<&SigDict>,
    trust_roots: &[Certificate],
    now: DateTime<Utc>,
) -> SignatureFound {
    let mut found = SignatureFound {
        field_name: dict.and_then(|d| d.field_name.clone()),
        signer: None,
        signing_time: dict.and_then(|d| d.signing_time),
        name: dict.and_then(|d| d.name.clone()),
        reason: dict.and_then(|d| d.reason.clone()),
        location: dict.and_then(|d| d.location.clone()),
        sub_filter: dict.and_then(|d| d.sub_filter.clone()),
        byte_range: values.clone().unwrap_or_default(),
        covers_whole_file: false,
        chain: Vec::new(),
        trust_anchor: None,
        problems: Vec::new(),
    };
    let problem = |found: &mut SignatureFound, code, detail: String| {
        found.problems.push(Problem::new(code, detail))
    };

    let Some(range) = values else {
        problem(
            &mut found,
            ProblemCode::Tampered,
            "the signature's /ByteRange cannot be read".into(),
        );
        return found;
    };
    let cms_bytes = match read_hole(pdf, &range) {
        Ok(bytes) => bytes,
        Err(why) => {
            problem(&mut found, ProblemCode::Tampered, why);
            return found;
        }
    };
    if let Some(contents) = dict.and_then(|d| d.contents.as_ref()) {
        if *contents != cms_bytes {
            problem(
                &mut found,
                ProblemCode::Tampered,
                "the signature's /Contents is not the part its byte range leaves out".into(),
            );
        }
    }
    let (b, c, d) = (range[1] as usize, range[2] as usize, range[3] as usize);
    let end = c + d;
    found.covers_whole_file = end == pdf.len() || only_whitespace_after(pdf, end);
    if !found.covers_whole_file {
        problem(
            &mut found,
            ProblemCode::BytesAfterSignature,
            format!(
                "the signature covers bytes up to {end}; the file has {} more after it",
                pdf.len() - end
            ),
        );
    }

    let pades = match found.sub_filter.clone().as_deref() {
        Some("ETSI.CAdES.detached") | None => true,
        Some("adbe.pkcs7.detached") => false,
        Some(other) => {
            problem(
                &mut found,
                ProblemCode::Unsupported,
                format!("signature format /{other}"),
            );
            return found;
        }
    };
    let parsed = match cms::parse(&cms_bytes) {
        Ok(p) => p,
        Err(why) => {
            problem(&mut found, ProblemCode::BadSignature, why);
            return found;
        }
    };
    let content_digest = |hash: Hash| -> Vec<u8> {
        let (first, second) = (&pdf[..b], &pdf[c..end]);
        match hash {
            Hash::Sha256 => {
                let mut h = sha2::Sha256::new();
                h.update(first);
                h.update(second);
                h.finalize().to_vec()
            }
            Hash::Sha384 => {
                let mut h = sha2::Sha384::new();
                h.update(first);
                h.update(second);
                h.finalize().to_vec()
            }
            Hash::Sha512 => {
                let mut h = sha2::Sha512::new();
                h.update(first);
                h.update(second);
                h.finalize().to_vec()
            }
        }
    };
    let (signer, cms_problems) = cms::check(&parsed, content_digest, pades);
    for p in cms_problems {
        match p {
            CmsProblem::DigestMismatch => problem(
                &mut found,
                ProblemCode::Tampered,
                "the signed bytes do not match the digest in the signature".into(),
            ),
            CmsProblem::BadSignature(why) => problem(&mut found, ProblemCode::BadSignature, why),
            CmsProblem::Unsupported(what) => problem(
                &mut found,
                ProblemCode::Unsupported,
                format!("{what} is not supported"),
            ),
        }
    }
    let Some(signer) = signer else { return found };
    found.signer = Some(subject_info(&signer));

    let chain = build_chain(&signer, &parsed.certificates, trust_roots);
    found.chain = chain.certs.iter().map(summary).collect();
    found.trust_anchor = chain.anchor.as_ref().map(subject_info);
    found.problems.extend(chain.problems);
    found
        .problems
        .extend(check_certificates(&chain.certs, found.signing_time, now));
    found
}

struct Chain {
    /// Signer first; the anchor last when one was reached.
    certs: Vec<Certificate>,
    anchor: Option<Certificate>,
    problems: Vec<Problem>,
}

fn is_root_match(cert: &Certificate, root: &Certificate) -> bool {
    cert == root
        || (cert.tbs_certificate.subject == root.tbs_certificate.subject
            && cert.tbs_certificate.subject_public_key_info
                == root.tbs_certificate.subject_public_key_info)
}

fn build_chain(signer: &Certificate, pool: &[Certificate], roots: &[Certificate]) -> Chain {
    let mut certs = vec![signer.clone()];
    let mut problems = Vec::new();
    loop {
        let current = certs.last().expect("the signer").clone();
        if let Some(root) = roots.iter().find(|r| is_root_match(&current, r)) {
            return Chain {
                certs,
                anchor: Some(root.clone()),
                problems,
            };
        }
        if certs.len() >= MAX_CHAIN {
            problems.push(Problem::new(
                ProblemCode::Untrusted,
                "the certificate chain is too long",
            ));
            return Chain {
                certs,
                anchor: None,
                problems,
            };
        }
        let issuer_name = &current.tbs_certificate.issuer;
        let self_issued = *issuer_name == current.tbs_certificate.subject;
        // A trusted root that issued it, then an issuer carried in the signature.
        let candidates = roots
            .iter()
            .map(|c| (false, c))
            .chain(pool.iter().map(|c| (true, c)))
            .filter(|(_, c)| {
                c.tbs_certificate.subject == *issuer_name && !(self_issued && **c == current)
            });
        let mut unsupported = None;
        let mut bad_in_signature = false;
        let mut next = None;
        for (from_signature, cand) in candidates {
            match issued_by(&current, cand) {
                Ok(()) => {
                    next = Some(cand.clone());
                    break;
                }
                Err(SignatureCheck::Invalid) => bad_in_signature |= from_signature,
                Err(SignatureCheck::Unsupported(what)) => unsupported = Some(what),
            }
        }
        let subject = display_name(&current.tbs_certificate.subject);
        let issuer = display_name(issuer_name);
        match next {
            Some(cert) if certs.contains(&cert) => {
                problems.push(Problem::new(
                    ProblemCode::Untrusted,
                    format!("the chain ends at {subject}, which is not a trusted root"),
                ));
                return Chain {
                    certs,
                    anchor: None,
                    problems,
                };
            }
            Some(cert) => certs.push(cert),
            None => {
                let detail = if let Some(what) = unsupported {
                    problems.push(Problem::new(
                        ProblemCode::Unsupported,
                        format!("the certificate of {subject} uses {what}"),
                    ));
                    format!("the chain could not be checked past {subject}")
                } else if self_issued {
                    format!("the root {subject} is not among the trusted certificates")
                } else if bad_in_signature {
                    problems.push(Problem::new(
                        ProblemCode::BadCertificate,
                        format!("the certificate of {subject} does not carry a valid signature by {issuer}"),
                    ));
                    format!("no valid issuer for {subject}")
                } else {
                    format!(
                        "the issuer {issuer} of {subject} is neither in the signature nor trusted"
                    )
                };
                problems.push(Problem::new(ProblemCode::Untrusted, detail));
                return Chain {
                    certs,
                    anchor: None,
                    problems,
                };
            }
        }
    }
}

fn extension<T: AssociatedOid + for<'a> Decode<'a>>(cert: &Certificate) -> Option<Result<T, ()>> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == T::OID)
        .map(|e| T::from_der(e.extn_value.as_bytes()).map_err(|_| ()))
}

/// Validity at the signing time and now, the CA flag and key usage of each certificate.
fn check_certificates(
    chain: &[Certificate],
    signing_time: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, cert) in chain.iter().enumerate() {
        let subject = display_name(&cert.tbs_certificate.subject);
        let (from, to) = validity(cert);
        let mut moments = vec![("now", now)];
        if let Some(t) = signing_time {
            moments.insert(0, ("at the signing time", t));
        }
        for (when, t) in moments {
            if t < from {
                problems.push(Problem::new(
                    ProblemCode::NotYetValid,
                    format!(
                        "the certificate of {subject} is valid from {from}, not yet {when} ({t})"
                    ),
                ));
            } else if t > to {
                problems.push(Problem::new(
                    ProblemCode::Expired,
                    format!(
                        "the certificate of {subject} was valid until {to}, so not {when} ({t})"
                    ),
                ));
            }
        }
        for ext in cert.tbs_certificate.extensions.iter().flatten() {
            let oid = ext.extn_id.to_string();
            if ext.critical && !KNOWN_EXTENSIONS.contains(&oid.as_str()) {
                problems.push(Problem::new(
                    ProblemCode::BadCertificate,
                    format!("the certificate of {subject} has an unknown critical extension {oid}"),
                ));
            }
        }
        let key_usage = extension::<KeyUsage>(cert);
        if i == 0 {
            match key_usage {
                None => {}
                Some(Ok(ku))
                    if ku.0.contains(KeyUsages::DigitalSignature)
                        || ku.0.contains(KeyUsages::NonRepudiation) => {}
                Some(_) => problems.push(Problem::new(
                    ProblemCode::BadCertificate,
                    format!("the key usage of {subject} does not allow signing documents"),
                )),
            }
        } else {
            match extension::<BasicConstraints>(cert) {
                Some(Ok(bc)) if bc.ca => {}
                _ => problems.push(Problem::new(
                    ProblemCode::BadCertificate,
                    format!("{subject} issued a certificate but is not a certificate authority (CA:TRUE)"),
                )),
            }
            match key_usage {
                None => {}
                Some(Ok(ku)) if ku.0.contains(KeyUsages::KeyCertSign) => {}
                Some(_) => problems.push(Problem::new(
                    ProblemCode::BadCertificate,
                    format!("the key usage of {subject} does not allow signing certificates"),
                )),
            }
        }
    }
    problems
}

fn validity(cert: &Certificate) -> (DateTime<Utc>, DateTime<Utc>) {
    let v = &cert.tbs_certificate.validity;
    let t = |d: std::time::Duration| {
        DateTime::<Utc>::from_timestamp(d.as_secs() as i64, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    (
        t(v.not_before.to_unix_duration()),
        t(v.not_after.to_unix_duration()),
    )
}

fn summary(cert: &Certificate) -> CertificateSummary {
    let (not_before, not_after) = validity(cert);
    CertificateSummary {
        subject: subject_info(cert),
        issuer: display_name(&cert.tbs_certificate.issuer),
        serial: hex::encode(cert.tbs_certificate.serial_number.as_bytes()),
        not_before,
        not_after,
        sha256_fingerprint: cert
            .to_der()
            .map(|der| hex::encode(sha2::Sha256::digest(der)))
            .unwrap_or_default(),
    }
}

/// Checks a detached CMS signature over `content` (not a PDF: e.g. a revocation list) the way a
/// PDF signature is checked: digest, signed attributes, signature, and the chain to a trust root.
pub(crate) fn check_detached(
    content: &[u8],
    cms_der: &[u8],
    trust_roots: &[Certificate],
    now: DateTime<Utc>,
) -> SignatureFound {
    let mut found = SignatureFound {
        field_name: None,
        signer: None,
        signing_time: None,
        name: None,
        reason: None,
        location: None,
        sub_filter: None,
        byte_range: Vec::new(),
        covers_whole_file: true,
        chain: Vec::new(),
        trust_anchor: None,
        problems: Vec::new(),
    };
    let parsed = match cms::parse(cms_der) {
        Ok(p) => p,
        Err(why) => {
            found
                .problems
                .push(Problem::new(ProblemCode::BadSignature, why));
            return found;
        }
    };
    let digest = |hash: Hash| hash.digest(content);
    let (signer, cms_problems) = cms::check(&parsed, digest, true);
    for p in cms_problems {
        let (code, detail) = match p {
            CmsProblem::DigestMismatch => (
                ProblemCode::Tampered,
                "the content does not match the digest in the signature".into(),
            ),
            CmsProblem::BadSignature(why) => (ProblemCode::BadSignature, why),
            CmsProblem::Unsupported(what) => {
                (ProblemCode::Unsupported, format!("{what} is not supported"))
            }
        };
        found.problems.push(Problem::new(code, detail));
    }
    let Some(signer) = signer else { return found };
    found.signer = Some(subject_info(&signer));
    let chain = build_chain(&signer, &parsed.certificates, trust_roots);
    found.chain = chain.certs.iter().map(summary).collect();
    found.trust_anchor = chain.anchor.as_ref().map(subject_info);
    found.problems.extend(chain.problems);
    found
        .problems
        .extend(check_certificates(&chain.certs, None, now));
    found
}
