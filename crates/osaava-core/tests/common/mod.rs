//! Helpers shared by the integration tests.
#![allow(dead_code)]

use osaava_core::import::{parse_badges, ImportError};
use osaava_core::{Badge, Lang};
use std::path::Path;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn import(name: &str) -> Vec<Badge> {
    parse_badges(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn import_one(name: &str) -> Badge {
    let mut badges = import(name);
    assert_eq!(badges.len(), 1, "{name}");
    badges.remove(0)
}

pub fn import_err(bytes: &[u8]) -> ImportError {
    match parse_badges(bytes) {
        Ok(b) => panic!("expected an error, imported {} badges", b.len()),
        Err(e) => e,
    }
}

pub fn texts(badge: &Badge, lang: Lang) -> Vec<String> {
    badge
        .criteria
        .iter()
        .map(|c| c.text.get(lang).unwrap_or("").to_string())
        .collect()
}
