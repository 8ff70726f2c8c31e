//! The structured evidence interview: the question guide, the assessor's notes and ratings.

pub mod guide;
pub mod rating;
pub mod template;

pub use guide::{build_guide, GuideQuestion, InterviewGuide, PriorityReason};
pub use rating::{CriterionRating, InterviewNote, NoteError, Rating, RatingError};
pub use template::{QuestionTemplates, TemplateError, QUESTIONS_FORMAT};
