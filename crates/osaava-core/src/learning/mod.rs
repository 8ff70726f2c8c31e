//! Learning paths: a catalogue of micro-courses and the shortest path of courses that covers the
//! gaps of a case.

mod catalogue;
mod path;

pub use catalogue::{
    Catalogue, CatalogueError, Course, CourseMode, Coverage, CATALOGUE_FORMAT, MAX_DURATION_MINUTES,
};
pub use path::{plan_path, LearningPath, PathStep};

#[cfg(test)]
pub(crate) use catalogue::tests as catalogue_tests;
