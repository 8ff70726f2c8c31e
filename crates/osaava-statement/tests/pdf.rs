//! The statement PDF as a college clerk's tools see it: qpdf, poppler's pdffonts, pdftotext,
//! pdfdetach, pdfinfo and pdftoppm (Debian packages qpdf and poppler-utils, installed by
//! scripts/setup-system.sh), and the QR code read back from the rendered page by rqrr.
//!
//! The rendered PDFs and their pages as PNG (80 dpi) are written to test-artifacts/statement/ for
//! a person to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use osaava_core::interview::Rating;
use osaava_core::Lang;
use osaava_statement::model::{AlignmentLine, CourseLine, CriterionLine, EvidenceLine};
use osaava_statement::pdf::{
    embedded_files, parse_qr_payload, render_statement_pdf, AfRelationship, Attachment,
    CREDENTIAL_JSON, STATEMENT_JSON,
};
use osaava_statement::Statement;
use sha2::{Digest, Sha256};

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-artifacts/statement");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a tool; a missing tool fails the test with the Debian package that has it.
fn run(tool: &str, package: &str, args: &[&str]) -> std::process::Output {
    match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{tool} is missing: install the Debian package {package} (scripts/setup-system.sh does)")
        }
        Err(e) => panic!("running {tool}: {e}"),
    }
}

fn run_ok(tool: &str, package: &str, args: &[&str]) -> String {
    let out = run(tool, package, args);
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

fn credential_bytes() -> Vec<u8> {
    br#"{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Muistisairaan asiakkaan kohtaaminen"}
"#
    .to_vec()
}

fn attachments(s: &Statement) -> Vec<Attachment> {
    vec![
        Attachment::json(
            STATEMENT_JSON,
            "Machine-readable statement",
            AfRelationship::Data,
            s.to_json_bytes(),
        ),
        Attachment::json(
            CREDENTIAL_JSON,
            "Open Badges 3.0 credential",
            AfRelationship::Supplement,
            credential_bytes(),
        ),
    ]
}

/// The example statement with its own texts in `lang`, as the API would build it.
fn example(lang: Lang) -> Statement {
    let mut s = Statement::example();
    s.language = lang;
    match lang {
        Lang::Fi => {}
        Lang::Sv => {
            s.assessor.title = "Sjukskötare (YH), ansvarig handledare".into();
            s.badge.name = "Att möta en klient med minnessjukdom".into();
            s.badge.description =
                "Den som har märket möter en klient med minnessjukdom med respekt och \
                stöder hens funktionsförmåga, delaktighet och självbestämmande."
                    .into();
            s.alignments[0].name = "Att främja äldres delaktighet".into();
            let texts = [
                ("Anpassar sin kommunikation till minnessjukdomens skede.", "Beskrev noggrant hur hon lugnar en boende som är orolig på kvällarna; chefens utlåtande stöder."),
                ("Använder klientens livshistoria i den dagliga vården.", "Livshistorieformuläret och ett exempel på meningsfull dagverksamhet."),
                ("Känner igen neuropsykiatriska symtom och utreder deras orsaker.", "Kände igen smärta bakom beteendesymtomet och använde icke-farmakologiska metoder."),
                ("Respekterar klientens självbestämmanderätt.", "Valmöjligheterna behärskas; bestämmelserna om begränsningsåtgärder är ännu osäkra."),
                ("Samarbetar med anhöriga och närstående.", "Anhörigas respons och en beskrivning av ett vårdmöte."),
            ];
            for (c, (text, rationale)) in s.criteria.iter_mut().zip(texts) {
                c.text = text.into();
                c.rationale = rationale.into();
            }
            s.justification = "Fyra av fem obligatoriska kriterier uppfylls med tillräckliga belägg. När det \
                gäller självbestämmanderätten behövs mer kunnande om bestämmelserna om begränsningsåtgärder."
                .into();
            s.learning_path[0].title =
                "Självbestämmanderätt och begränsningsåtgärder i äldreservicen".into();
        }
        Lang::En => {
            s.assessor.title = "Registered nurse (BSc), senior instructor".into();
            s.badge.name = "Meeting a client with a memory disorder".into();
            s.badge.description =
                "The holder meets a client with a memory disorder respectfully and supports \
                their functional ability, participation and self-determination."
                    .into();
            s.alignments[0].name = "Promoting the inclusion of older people".into();
            let texts = [
                ("Adapts communication to the stage of the client's memory disorder.", "Described precisely how she calms a resident who is restless in the evenings; the supervisor's statement agrees."),
                ("Uses the client's life history in daily care.", "Life-history form in use and an example of meaningful daytime activity."),
                ("Recognises neuropsychiatric symptoms and looks for their causes.", "Recognised pain behind a behavioural symptom and used non-drug means."),
                ("Respects the client's right to self-determination.", "Offers real choices; still unsure of the rules on restrictive measures."),
                ("Works together with relatives and friends.", "Feedback from relatives and an account of a care meeting."),
            ];
            for (c, (text, rationale)) in s.criteria.iter_mut().zip(texts) {
                c.text = text.into();
                c.rationale = rationale.into();
            }
            s.justification =
                "Four of the five mandatory criteria are met with sufficient evidence. On \
                self-determination, more knowledge of the rules on restrictive measures is needed."
                    .into();
            s.learning_path[0].title =
                "Self-determination and restrictive measures in services for older people".into();
        }
    }
    s
}

/// A statement with many criteria and long rationales, so its tables must break across pages.
fn long_statement() -> Statement {
    let mut s = Statement::example();
    let base = s.criteria.clone();
    s.criteria = (0..14)
        .map(|i| {
            let b = &base[i % base.len()];
            CriterionLine {
                id: format!("{}-{i}", b.id),
                text: format!("{} Kriteerin tarkennus numero {}.", b.text, i + 1),
                mandatory: i % 3 != 2,
                rating: [Rating::Meets, Rating::PartiallyMeets, Rating::DoesNotMeet, Rating::NotAssessed][i % 4],
                rationale: format!(
                    "{} Lisäksi arvioija kävi läpi työvuorojen kirjaukset ja keskusteli työpaikkaohjaajan \
                     kanssa siitä, miten toimintatapa on vakiintunut osaksi arkea. {} Perustelu {} päättyy tähän.",
                    b.rationale,
                    // one rationale is longer than half a page, so its row must split between pages
                    "Näyttö on ajantasainen ja kattaa sekä päivä- että iltavuorot. "
                        .repeat(if i == 8 { 40 } else { i % 4 + 1 }),
                    i + 1
                ),
                evidence: b
                    .evidence
                    .iter()
                    .cloned()
                    .chain((i % 2 == 0).then_some(EvidenceLine { obtained: None, ..b.evidence[0].clone() }))
                    .collect(),
            }
        })
        .collect();
    s.alignments.push(AlignmentLine {
        kind: osaava_core::badge::AlignmentKind::EscoSkill,
        code: "http://data.europa.eu/esco/skill/5a1d4e7b-2f44-4a8b-9c2b-0a7c6c9d8e11".into(),
        name: "tukea muistisairaita".into(),
        competence_points: None,
    });
    s.learning_path.push(CourseLine {
        id: "course-pain".into(),
        title: "Kivun tunnistaminen muistisairaalla".into(),
        provider: "Jyväskylän kesäyliopisto".into(),
        duration_minutes: 90,
        covers: vec![
            "neuropsychiatric-symptoms-2".into(),
            "neuropsychiatric-symptoms-6".into(),
        ],
    });
    s
}

struct Rendered {
    pdf_path: PathBuf,
    text: String,
    attachments: Vec<Attachment>,
}

fn render(name: &str, s: &Statement) -> Rendered {
    let attachments = attachments(s);
    let pdf = render_statement_pdf(s, &attachments).expect("renders");
    let dir = artifacts();
    let pdf_path = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf_path, &pdf).unwrap();
    let p = pdf_path.to_str().unwrap();
    // Pages as PNG for people to look at.
    for old in std::fs::read_dir(&dir).unwrap().flatten() {
        let n = old.file_name().to_string_lossy().to_string();
        if n.starts_with(&format!("{name}-")) && n.ends_with(".png") {
            std::fs::remove_file(old.path()).unwrap();
        }
    }
    run_ok(
        "pdftoppm",
        "poppler-utils",
        &["-png", "-r", "80", p, dir.join(name).to_str().unwrap()],
    );
    let text = run_ok("pdftotext", "poppler-utils", &["-enc", "UTF-8", p, "-"]);
    Rendered {
        pdf_path,
        text,
        attachments,
    }
}

/// Text with every run of white space as one space, as a reader sees it across line breaks.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_fonts(pdf: &Path) {
    let out = run_ok("pdffonts", "poppler-utils", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 2, "regular and bold faces are listed:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type(2 words: CID TrueType) encoding emb sub uni object ID
        let n = cols.len();
        let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
        assert_eq!(emb, "yes", "embedded: {row}");
        assert_eq!(sub, "yes", "subset: {row}");
        assert_eq!(uni, "yes", "ToUnicode: {row}");
        assert!(
            cols[0].contains('+') && cols[0].contains("NotoSans"),
            "subset tag: {row}"
        );
    }
}

fn check_qpdf(pdf: &Path) {
    let out = run("qpdf", "qpdf", &["--check", pdf.to_str().unwrap()]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "qpdf --check: {text}");
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("warning"), "{text}");
}

fn check_attachments(r: &Rendered) {
    let p = r.pdf_path.to_str().unwrap();
    let list = run_ok("pdfdetach", "poppler-utils", &["-list", p]);
    assert!(
        list.contains(STATEMENT_JSON) && list.contains(CREDENTIAL_JSON),
        "{list}"
    );
    let dir = tempfile::tempdir().unwrap();
    run_ok(
        "pdfdetach",
        "poppler-utils",
        &["-saveall", "-o", dir.path().to_str().unwrap(), p],
    );
    for a in &r.attachments {
        let saved = std::fs::read(dir.path().join(&a.file_name)).expect("pdfdetach saved it");
        assert_eq!(saved, a.bytes, "{} comes back byte for byte", a.file_name);
    }
    // Our own reader (used by verify) agrees.
    let ours = embedded_files(&std::fs::read(&r.pdf_path).unwrap()).unwrap();
    for a in &r.attachments {
        assert!(ours.iter().any(|(n, b)| *n == a.file_name && *b == a.bytes));
    }
}

fn check_xmp(pdf: &Path, title: &str) {
    let meta = run_ok(
        "pdfinfo",
        "poppler-utils",
        &["-meta", pdf.to_str().unwrap()],
    );
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains(title), "dc:title has {title:?}");
    let info = run_ok("pdfinfo", "poppler-utils", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.contains(title)),
        "{info}"
    );
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "A4: {info}");
}

/// Renders page 1 in grey at 150 dpi and reads the QR code off it.
fn decode_qr(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    run_ok(
        "pdftoppm",
        "poppler-utils",
        &[
            "-gray",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
    let (w, h, pixels) = parse_pgm(&pgm);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on page 1");
    grids[0].decode().expect("the QR code decodes").1
}

/// A binary PGM (P5, 8-bit) as written by pdftoppm -gray.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5");
    assert_eq!(fields[3], "255");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let data = &bytes[i + 1..];
    assert_eq!(data.len(), w * h);
    (w, h, data)
}

fn check_language(lang: Lang, title: &str, page_label: &str, points: &str, rating: &str) {
    let s = example(lang);
    let r = render(&format!("example-{}", lang.code()), &s);
    let text = flat(&r.text);

    for needle in [
        "Åsa Mäkelä-Öhman",
        title,
        s.organisation.name.as_str(),
        s.organisation.business_id.as_str(),
        s.badge.name.as_str(),
        s.alignments[0].code.as_str(),
        s.alignments[0].name.as_str(),
        points,
        rating,
        s.assessor.name.as_str(),
        s.criteria[3].rationale.as_str(),
        s.justification.as_str(),
        s.learning_path[0].title.as_str(),
        STATEMENT_JSON,
    ] {
        assert!(
            text.contains(&flat(needle)),
            "{lang:?}: the text layer has {needle:?}:\n{}",
            r.text
        );
    }
    assert!(
        text.contains(&s.id.hyphenated().to_string()),
        "the statement id is printed"
    );
    assert!(
        text.contains(page_label),
        "page numbers like {page_label:?}:\n{}",
        r.text
    );

    check_qpdf(&r.pdf_path);
    check_fonts(&r.pdf_path);
    check_attachments(&r);
    check_xmp(&r.pdf_path, title);

    let payload = decode_qr(&r.pdf_path);
    let (id, digest) = parse_qr_payload(&payload).expect("the QR code holds our payload");
    assert_eq!(id, s.id);
    assert_eq!(digest, <[u8; 32]>::from(Sha256::digest(s.to_json_bytes())));
}

#[test]
fn finnish_statement() {
    check_language(
        Lang::Fi,
        "Lausunto tunnustetusta osaamisesta",
        "Sivu 1 / ",
        "35 osp",
        "Täyttyy osittain",
    );
}

#[test]
fn swedish_statement() {
    check_language(
        Lang::Sv,
        "Utlåtande om erkänt kunnande",
        "Sida 1 / ",
        "35 kp",
        "Uppfylls delvis",
    );
}

#[test]
fn english_statement() {
    check_language(
        Lang::En,
        "Statement of recognised competence",
        "Page 1 / ",
        "35 cp",
        "Partially meets",
    );
}

/// A reissued statement with no qualification unit, no evidence for one criterion and no learning
/// path says each of those things instead of leaving a blank.
#[test]
fn a_reissued_statement_without_units_says_what_is_missing() {
    let mut s = example(Lang::En);
    s.supersedes = Some(uuid::Uuid::from_u128(
        0x0193_0000_0000_7000_8000_0000_0000_00bb,
    ));
    s.decision = osaava_core::case::Decision::NotYet;
    s.alignments = vec![AlignmentLine {
        kind: osaava_core::badge::AlignmentKind::NationalBadge,
        code: "osaamismerkit_1234".into(),
        name: "Memory disorder care".into(),
        competence_points: None,
    }];
    s.criteria[1].evidence.clear();
    s.learning_path.clear();
    let r = render("reissue-en", &s);
    let text = flat(&r.text);
    for needle in [
        "Replaces statement 01930000-0000-7000-8000-0000000000bb",
        "The badge is not aligned to a qualification unit.",
        "National badge: Memory disorder care (osaamismerkit_1234)",
        "Not yet recognised",
        "No evidence",
        "No competence is missing, so no learning path is needed.",
    ] {
        assert!(text.contains(needle), "{needle:?} in:\n{}", r.text);
    }
    check_qpdf(&r.pdf_path);
}

#[test]
fn a_long_statement_breaks_its_tables_across_numbered_pages() {
    let s = long_statement();
    let r = render("long-fi", &s);
    let pages = run_ok("pdfinfo", "poppler-utils", &[r.pdf_path.to_str().unwrap()])
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse::<usize>().unwrap())
        })
        .unwrap();
    assert!(pages >= 3, "{pages} pages");
    let text = flat(&r.text);
    for n in 1..=pages {
        assert!(
            text.contains(&format!("Sivu {n} / {pages}")),
            "page {n} is numbered"
        );
    }
    // Nothing is cut: every criterion's rationale ends up in the text, up to its last word.
    for (i, c) in s.criteria.iter().enumerate() {
        assert!(
            text.contains(&format!("Perustelu {} päättyy tähän.", i + 1)),
            "rationale {} is whole",
            i + 1
        );
        assert!(
            text.contains(&flat(&c.text)),
            "criterion {} is whole",
            i + 1
        );
    }
    assert!(
        text.contains("9. (jatkuu)"),
        "the row split across pages says whose it is"
    );
    assert!(
        text.contains("Arviointi kriteereittäin (jatkuu)"),
        "a continued table says so"
    );
    check_qpdf(&r.pdf_path);
    check_fonts(&r.pdf_path);
    check_attachments(&r);
}
