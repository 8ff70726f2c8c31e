//! Interview questions and the micro-course catalogue, shipped inside the binary.

use osaava_core::interview::QuestionTemplates;
use osaava_core::learning::Catalogue;
use std::sync::OnceLock;

const QUESTIONS: &[u8] = include_bytes!("../../../templates/interview/questions.json");
const COURSES: &[u8] = include_bytes!("../../../templates/learning/courses.json");

pub fn questions() -> &'static QuestionTemplates {
    static PARSED: OnceLock<QuestionTemplates> = OnceLock::new();
    PARSED.get_or_init(|| {
        QuestionTemplates::parse(QUESTIONS)
            .expect("templates/interview/questions.json is checked by tests")
    })
}

pub fn courses() -> &'static Catalogue {
    static PARSED: OnceLock<Catalogue> = OnceLock::new();
    PARSED.get_or_init(|| {
        Catalogue::parse(COURSES).expect("templates/learning/courses.json is checked by tests")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_templates_parse() {
        let _ = super::questions();
        assert!(!super::courses().courses().is_empty());
    }
}
