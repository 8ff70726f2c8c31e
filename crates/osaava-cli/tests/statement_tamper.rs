//! Independent checks of a signed statement (issue #4 §6): pikepdf's PDF/A-3b reading of the
//! unsigned revision, and tampering that both `osaava verify` and poppler's pdfsig must catch:
//! a flipped byte anywhere in the signed ranges, a real incremental update that changes page 1,
//! and one that replaces the embedded statement.json. Every outside tool is required: a missing
//! one fails the test naming its package.

mod common;
use common::Cli;
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use osaava_testkit::{find_bytes as find, output_text as text, repo_root as repo, tool, Pdfsig};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const PASS: &str = "testien-tunnuslause";

/// A demo data dir: its signed statement's bytes and the CA file that trusts it.
struct Demo {
    cli: Cli,
    pdf: Vec<u8>,
    ca: String,
    statement_json: Vec<u8>,
}

fn demo() -> Demo {
    let cli = Cli::new();
    let r = cli.run_env(
        &["demo", "--out", cli.dir.path().to_str().unwrap(), "--json"],
        &[("OSAAVA_PASSPHRASE", PASS)],
    );
    assert_eq!(r.code, 0, "demo failed: {}", r.stderr);
    let out = r.json();
    let pdf = std::fs::read(out["statement_pdf"].as_str().unwrap()).unwrap();
    let statement_json = std::fs::read(out["statement_json"].as_str().unwrap()).unwrap();
    let ca = out["org_ca_pem"].as_str().unwrap().to_string();
    Demo {
        cli,
        pdf,
        ca,
        statement_json,
    }
}

/// `osaava verify FILE --trust CA --json`: the exit code and the report.
fn verify(d: &Demo, file: &Path) -> (i32, Value) {
    let r = d
        .cli
        .run(&["verify", file.to_str().unwrap(), "--trust", &d.ca, "--json"]);
    let report = r.json();
    (r.code, report)
}

fn codes(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

/// `[0 b c d]` of the (only) signature.
fn byte_range(pdf: &[u8]) -> [usize; 4] {
    let key = b"/ByteRange";
    let at = pdf
        .windows(key.len())
        .position(|w| w == key)
        .expect("a /ByteRange")
        + key.len();
    let open = at + pdf[at..].iter().position(|b| *b == b'[').unwrap() + 1;
    let close = open + pdf[open..].iter().position(|b| *b == b']').unwrap();
    let numbers: Vec<usize> = std::str::from_utf8(&pdf[open..close])
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    numbers.try_into().expect("four numbers")
}

/// The offset the last `startxref` names.
fn last_startxref(pdf: &[u8]) -> usize {
    let key = b"startxref";
    let at = pdf.windows(key.len()).rposition(|w| w == key).unwrap() + key.len();
    let digits: String = pdf[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| *b as char)
        .collect();
    digits.parse().unwrap()
}

/// Appends a real incremental update to `pdf` (ISO 32000-1 7.5.6): the given objects, a classic
/// cross-reference section for them, and a trailer with /Prev pointing at the previous section.
fn append_update(pdf: &[u8], objects: &[(ObjectId, Object)]) -> Vec<u8> {
    let doc = Document::load_mem(pdf).expect("the signed statement loads");
    let prev = last_startxref(pdf);
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (id, object) in objects {
        offsets.push((*id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        lopdf::Writer::write_object(&mut out, object).unwrap();
        out.extend_from_slice(b"\nendobj\n");
    }
    offsets.sort();
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n");
    for ((number, generation), offset) in &offsets {
        out.extend_from_slice(format!("{number} 1\n{offset:010} {generation:05} n\r\n").as_bytes());
    }
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let max = offsets
        .iter()
        .map(|((n, _), _)| *n as i64 + 1)
        .max()
        .unwrap();
    let mut trailer = dictionary! {
        "Size" => size.max(max),
        "Root" => doc.trailer.get(b"Root").unwrap().clone(),
        "Prev" => prev as i64,
    };
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key, v.clone());
        }
    }
    out.extend_from_slice(b"trailer\n");
    lopdf::Writer::write_object(&mut out, &Object::Dictionary(trailer)).unwrap();
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// pikepdf reads a PDF and says what a PDF/A-3b check needs: the XMP PDF/A claim, qpdf's syntax
/// problems and warnings, the OutputIntent, the associated files, the fonts.
const PIKEPDF_CHECK: &str = r#"
import io, json, sys, warnings
import pikepdf
data = open(sys.argv[1], "rb").read()
out = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pdf = pikepdf.open(io.BytesIO(data))
    out["syntax_problems"] = [str(p) for p in pdf.check_pdf_syntax()]
    out["pdfa_status"] = pdf.open_metadata().pdfa_status
    out["version"] = pdf.pdf_version
    out["pages"] = len(pdf.pages)
    intents = pdf.Root.get("/OutputIntents", [])
    out["output_intents"] = [str(oi.get("/S")) for oi in intents]
    out["icc_components"] = [int(oi.DestOutputProfile.N) for oi in intents if "/DestOutputProfile" in oi]
    out["catalog_af"] = [str(f.get("/UF")) for f in pdf.Root.get("/AF", [])]
    out["attachments"] = {
        name: {"relationship": str(spec.obj.get("/AFRelationship")),
               "mime": spec.get_file().mime_type,
               "bytes": spec.get_file().read_bytes().decode("utf-8")}
        for name, spec in pdf.attachments.items()}
    fonts = []
    for page in pdf.pages:
        for f in page.Resources.Font.values():
            d = f.DescendantFonts[0] if "/DescendantFonts" in f else f
            fd = d.FontDescriptor
            fonts.append({"name": str(f.BaseFont),
                          "embedded": any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))})
    out["fonts"] = fonts
    out["encrypted"] = "/Encrypt" in pdf.trailer
    out["acroform"] = "/AcroForm" in pdf.Root
    out["qpdf_warnings"] = [str(w) for w in pdf.get_warnings()]
out["python_warnings"] = [str(w.message) for w in caught]
print(json.dumps(out))
"#;

fn pikepdf(file: &Path) -> Value {
    let python = repo().join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup-python.sh (it installs pikepdf)",
        python.display()
    );
    let out = Command::new(&python)
        .args(["-c", PIKEPDF_CHECK])
        .arg(file)
        .output()
        .unwrap();
    let said = text(&out);
    assert!(
        !said.contains("No module named 'pikepdf'"),
        "pikepdf is missing from .venv: run scripts/setup-python.sh"
    );
    assert!(
        out.status.success(),
        "pikepdf on {}: {said}",
        file.display()
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("pikepdf said {said}: {e}"))
}

/// What a PDF/A-3b statement must show pikepdf.
fn assert_pdfa_3b(p: &Value, statement_json: &[u8], what: &str) {
    assert_eq!(p["pdfa_status"], "3B", "{what}: {p}");
    for list in ["syntax_problems", "qpdf_warnings", "python_warnings"] {
        assert_eq!(p[list], serde_json::json!([]), "{what}: {list}: {p}");
    }
    assert_eq!(p["encrypted"], false, "{what}: PDF/A forbids encryption");
    assert_eq!(
        p["output_intents"],
        serde_json::json!(["/GTS_PDFA1"]),
        "{what}"
    );
    assert_eq!(p["icc_components"], serde_json::json!([3]), "{what}: sRGB");
    let fonts = p["fonts"].as_array().unwrap();
    assert!(!fonts.is_empty(), "{what}: the pages use fonts");
    for f in fonts {
        assert_eq!(f["embedded"], true, "{what}: every font embedded: {f}");
        // A subset's name is six capitals and a plus.
        let name = f["name"].as_str().unwrap();
        assert_eq!(name.find('+'), Some(7), "{what}: {name} is a subset");
    }
    let files = &p["attachments"];
    assert_eq!(files["statement.json"]["relationship"], "/Data", "{what}");
    assert_eq!(
        files["statement.json"]["mime"], "application/json",
        "{what}"
    );
    assert_eq!(
        files["statement.json"]["bytes"]
            .as_str()
            .unwrap()
            .as_bytes(),
        statement_json,
        "{what}: the embedded statement is the one written beside the PDF"
    );
    assert_eq!(
        files["credential.json"]["relationship"], "/Supplement",
        "{what}"
    );
    let af = p["catalog_af"].as_array().unwrap();
    for name in ["statement.json", "credential.json"] {
        assert!(
            af.iter().any(|n| n == name),
            "{what}: {name} in the catalog's /AF: {af:?}"
        );
    }
}

#[test]
fn the_unsigned_revision_and_the_signed_file_are_pdfa_3b_for_pikepdf() {
    let d = demo();
    let [_, hole_start, _, _] = byte_range(&d.pdf);

    // The first revision: everything up to and including its %%EOF and end of line, before the
    // signature's incremental update.
    let eof = find(&d.pdf, b"%%EOF").expect("%%EOF") + b"%%EOF".len();
    let end = eof
        + d.pdf[eof..]
            .iter()
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
    let unsigned = &d.pdf[..end];
    assert!(
        end < hole_start && find(unsigned, b"/ByteRange").is_none(),
        "the first revision ends before the signature"
    );
    assert!(
        d.pdf.len() > end + 1000,
        "the signature is an update after it"
    );
    let file = d.cli.write("unsigned.pdf", unsigned);
    let p = pikepdf(&file);
    assert_pdfa_3b(&p, &d.statement_json, "the unsigned revision");
    assert_eq!(p["version"], "1.7");
    assert_eq!(p["acroform"], false, "no signature field yet");

    // The signed file keeps it: the signature's update adds the field and nothing PDF/A forbids.
    let signed = d.cli.write("signed.pdf", &d.pdf);
    let p = pikepdf(&signed);
    assert_pdfa_3b(&p, &d.statement_json, "the signed file");
    assert_eq!(
        p["acroform"], true,
        "the signed file has its signature field"
    );
}

#[test]
fn a_flipped_byte_anywhere_in_the_signed_ranges_is_caught_by_osaava_and_pdfsig() {
    let d = demo();
    let pdfsig = Pdfsig::trusting(Path::new(&d.ca));
    let original = d.cli.write("original.pdf", &d.pdf);
    let (ok, said) = pdfsig.accepts(&original);
    assert!(ok, "pdfsig accepts the untouched statement:\n{said}");
    assert_eq!(verify(&d, &original).0, 0);

    let [_, b, c, len2] = byte_range(&d.pdf);
    let digit_in_byte_range = find(&d.pdf, b"/ByteRange [0 ").unwrap() + b"/ByteRange [0 ".len();
    let positions = [
        ("the first byte (%PDF- header)", 0),
        ("the binary comment", 12),
        ("the middle of the first range", b / 2),
        ("the signature's /ByteRange", digit_in_byte_range),
        ("the last byte before the /Contents hole", b - 1),
        ("the first byte after the hole", c),
        ("the middle of the second range", c + len2 / 2),
        ("the last byte", c + len2 - 1),
    ];
    assert_eq!(c + len2, d.pdf.len(), "the signature covers the whole file");
    for (what, at) in positions {
        assert!(at < b || at >= c, "{what} is in a signed range");
        let mut changed = d.pdf.clone();
        changed[at] ^= 0x01;
        let file = d.cli.write(&format!("flip-{at}.pdf"), &changed);
        let (code, report) = verify(&d, &file);
        assert_eq!(code, 1, "osaava verify, byte {at} ({what}): {report}");
        assert_eq!(report["verdict"], "invalid", "byte {at} ({what})");
        assert!(
            codes(&report).contains(&"tampered".to_string()),
            "byte {at} ({what}): {report}"
        );
        let (ok, said) = pdfsig.accepts(&file);
        assert!(!ok, "pdfsig accepted byte {at} ({what}) changed:\n{said}");
    }
}

/// The object id of page 1 and the decoded content a reader draws there.
fn page_one(pdf: &[u8]) -> (ObjectId, Vec<u8>) {
    let doc = Document::load_mem(pdf).unwrap();
    let id = doc.get_pages()[&1];
    (id, doc.get_page_content(id))
}

#[test]
fn an_incremental_update_that_changes_page_one_is_caught_by_osaava_and_pdfsig() {
    let d = demo();
    let pdfsig = Pdfsig::trusting(Path::new(&d.ca));
    let doc = Document::load_mem(&d.pdf).unwrap();
    let (page_id, content) = page_one(&d.pdf);

    // The page drawn as before, and then a white box over the top of the page, a forger's way of
    // hiding a line; a new content stream object, and page 1 redefined to use it.
    const WHITE_BOX: &[u8] = b"q 1 1 1 rg 40 640 515 160 re f Q";
    let mut forged = content.clone();
    forged.extend_from_slice(b"\n");
    forged.extend_from_slice(WHITE_BOX);
    forged.extend_from_slice(b"\n");
    let new_id = (doc.max_id + 1, 0);
    let mut page = doc.get_dictionary(page_id).unwrap().clone();
    page.set("Contents", Object::Reference(new_id));
    let updated = append_update(
        &d.pdf,
        &[
            (
                new_id,
                Object::Stream(Stream::new(dictionary! {}, forged.clone())),
            ),
            (page_id, Object::Dictionary(page)),
        ],
    );
    let file = d.cli.write("page-changed.pdf", &updated);

    // The update is a real one: readers draw the new page, and qpdf finds the file sound.
    let (_, drawn) = page_one(&updated);
    assert!(find(&content, WHITE_BOX).is_none());
    assert!(
        find(&drawn, WHITE_BOX).is_some(),
        "page 1 as readers now draw it has the box"
    );
    let q = tool("qpdf", "qpdf", &["--check", file.to_str().unwrap()]);
    assert!(q.status.success(), "qpdf: {}", text(&q));

    let (code, report) = verify(&d, &file);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "invalid");
    assert!(
        codes(&report).contains(&"bytes-after-signature".to_string()),
        "{report}"
    );
    let (ok, said) = pdfsig.accepts(&file);
    assert!(!ok, "pdfsig accepted a page changed after signing:\n{said}");
    assert!(said.contains("Not total document signed"), "{said}");
}

#[test]
fn an_incremental_update_that_replaces_the_embedded_statement_is_caught_by_osaava_and_pdfsig() {
    let d = demo();
    let pdfsig = Pdfsig::trusting(Path::new(&d.ca));
    let doc = Document::load_mem(&d.pdf).unwrap();

    // The embedded file stream of statement.json, through its file specification.
    let stream_id = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|f| {
            f.get(b"Type").and_then(Object::as_name).ok() == Some(b"Filespec".as_slice())
                && f.get(b"UF")
                    .ok()
                    .and_then(|n| lopdf::decode_text_string(n).ok())
                    .as_deref()
                    == Some("statement.json")
        })
        .and_then(|f| f.get(b"EF").and_then(Object::as_dict).ok())
        .and_then(|ef| ef.get(b"F").and_then(Object::as_reference).ok())
        .expect("statement.json's embedded file stream is an indirect object");

    // Another person, and every criterion met: the statement a forger would want.
    let mut statement: Value = serde_json::from_slice(&d.statement_json).unwrap();
    statement["employee"]["name"] = "Mallory Möttönen".into();
    for c in statement["criteria"].as_array_mut().unwrap() {
        c["rating"] = "meets".into();
    }
    let forged = serde_json::to_vec_pretty(&statement).unwrap();
    let stream = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => dictionary! { "Size" => forged.len() as i64 },
        },
        forged.clone(),
    );
    let updated = append_update(&d.pdf, &[(stream_id, Object::Stream(stream))]);
    let file = d.cli.write("statement-replaced.pdf", &updated);

    // The update is a real one: pdfdetach now saves the forged statement.
    let out = tempfile::tempdir().unwrap();
    let detach = tool(
        "pdfdetach",
        "poppler-utils",
        &[
            "-saveall",
            "-o",
            out.path().to_str().unwrap(),
            file.to_str().unwrap(),
        ],
    );
    assert!(detach.status.success(), "{}", text(&detach));
    assert_eq!(
        std::fs::read(out.path().join("statement.json")).unwrap(),
        forged
    );

    let (code, report) = verify(&d, &file);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["verdict"], "invalid");
    let found = codes(&report);
    for want in ["bytes-after-signature", "statement-changed"] {
        assert!(found.contains(&want.to_string()), "{want}: {report}");
    }
    // The clerk is told why in words, and is shown the statement that was signed, not the forgery.
    let changed = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "statement-changed")
        .unwrap();
    assert!(
        changed["message"]
            .as_str()
            .unwrap()
            .contains("replaces the statement"),
        "{changed}"
    );
    let signed: Value = serde_json::from_slice(&d.statement_json).unwrap();
    assert_eq!(report["statement"]["employee"], signed["employee"]["name"]);
    assert_ne!(report["statement"]["employee"], "Mallory Möttönen");
    let met = signed["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rating"] == "meets")
        .count();
    assert_eq!(report["statement"]["criteria_met"], met);
    assert!(
        met < signed["criteria"].as_array().unwrap().len(),
        "the forgery raised a rating"
    );

    let (ok, said) = pdfsig.accepts(&file);
    assert!(
        !ok,
        "pdfsig accepted a statement replaced after signing:\n{said}"
    );
    assert!(said.contains("Not total document signed"), "{said}");
}
