//! Inputs and baselines for the parity-lint benchmark (`bench/parity-lint.sh`).
//!
//! [`plan`] writes synthetic but realistically shaped steady-state
//! `terraform show -json` plans for a primary and a mirrored secondary
//! region; the `parse-baseline` binary measures what `serde_json` alone needs
//! to parse them, the floor parity-lint's own time is compared with.

// The attribute trees are written with `serde_json::json!`, whose expansion
// of objects with many keys nests deeper than the default limit.
#![recursion_limit = "512"]

pub mod plan;
