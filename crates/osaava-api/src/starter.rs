//! The starter badge library shipped inside the binary.
include!(concat!(env!("OUT_DIR"), "/starter_badges.rs"));
