//! Writing badges out in other formats.
pub mod ob3;
