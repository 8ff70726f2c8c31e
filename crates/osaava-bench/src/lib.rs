//! Osaava at the scale of a wellbeing services county: a data generator, a latency benchmark and
//! a crash-durability writer.
//!
//! * [`gen`] builds a data dir with 20,000 employees (and 400 assessors), 300 badges, 100,000
//!   cases in every state, 2,000,000 ratings and 200,000 evidence items, deterministically from a
//!   seed. The data dir is created through `osaava_api::App` (so the real migrations apply and
//!   the starter library is seeded), people and badges go through `osaava_store`, and the bulk
//!   rows (cases, self-assessments, notes, ratings, evidence, audit trail) are **written with SQL
//!   directly** in large transactions: this test-data tool is the one place outside osaava-store
//!   that writes Osaava's tables. See the module for what still holds (bodies are osaava-core
//!   values, decisions are made by `Case::decide`, foreign keys are checked).
//! * [`cache`] keeps generated data dirs under `target/bench-data/`, keyed by generator version,
//!   seed and scale, so repeated `npm run bench` runs reuse them.
//! * [`commands`] and [`measure`]: the `osaava-bench` binary measures p50/p99/max of the desktop's
//!   most frequent commands through `osaava_api::App`, each next to a raw SQLite query for the same
//!   rows on the same file, alternately in the same run, and writes `target/bench-results.json`.
//! * [`crash`]: the writes of `osaava-crash-writer`, which `tests/durability.rs` kills with SIGKILL
//!   at random moments to check that every acknowledged note and rating survives.

pub mod cache;
pub mod commands;
pub mod crash;
pub mod gen;
pub mod measure;
pub mod names;
pub mod rng;
