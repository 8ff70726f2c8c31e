//! The shipped interview question templates, used with every starter badge.

use osaava_core::import::parse_badges;
use osaava_core::interview::{build_guide, QuestionTemplates};
use osaava_core::localized::Lang;
use std::path::PathBuf;

fn templates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../templates")
}

#[test]
fn the_shipped_questions_parse_and_fill_in_every_starter_criterion() {
    let q = QuestionTemplates::parse(
        &std::fs::read(templates().join("interview/questions.json")).unwrap(),
    )
    .unwrap_or_else(|e| panic!("questions.json: {e}"));
    assert!(
        q.probes.len() >= 4,
        "situation, action, result, reflection at least"
    );
    assert_eq!(
        q.opening.by_evidence_kind.len(),
        6,
        "a variant for every evidence kind"
    );
    let mut badges = 0;
    for entry in std::fs::read_dir(templates().join("badges")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".schema.json") {
            continue;
        }
        for badge in parse_badges(&std::fs::read(&path).unwrap()).unwrap() {
            badges += 1;
            for lang in Lang::ALL {
                let guide = build_guide(&q, &badge, None, &[], lang);
                assert_eq!(guide.questions.len(), badge.criteria.len());
                for item in &guide.questions {
                    let text = item.criterion_text.trim_end_matches('.');
                    assert!(
                        item.question.contains(text),
                        "{name} {}: {}",
                        item.criterion,
                        item.question
                    );
                    assert!(
                        !item.question.contains('{')
                            && item.probes.iter().all(|p| !p.contains('{'))
                    );
                    assert!(item.probes.len() >= 4);
                }
            }
        }
    }
    assert!(badges >= 10);
}
