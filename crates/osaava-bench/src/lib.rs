//! Osaava at the scale of a wellbeing services county (work in progress).

pub mod cache;
pub mod gen;
pub mod names;
pub mod rng;
