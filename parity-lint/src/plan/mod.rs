//! From `terraform show -json` documents to region snapshots.
//!
//! Two documents give one snapshot each; one document that calls the
//! region module twice is split into two by [`pairing`].

pub mod document;
pub mod pairing;
pub mod region;
mod shape;

pub use document::{DocKind, DocResource, Document};
pub use pairing::{find_pair, split, Selection};
pub use region::{detect_region, RegionSource};

use crate::snapshot::{Resource, Snapshot};

/// Why a document could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a Terraform plan or state: at {path}: {message}")]
    Shape { path: String, message: String },
    #[error("not a Terraform plan or state: none of `format_version`, `resource_changes`, `planned_values` or `values` at the top level (expected `terraform show -json` output)")]
    NotAPlan,
    #[error("{0}")]
    Pairing(String),
}

/// The whole document as one region's snapshot (two-document mode).
pub fn snapshot_of<'a>(doc: &mut Document<'a>) -> Snapshot<'a> {
    let mut snapshot = Snapshot::new(None);
    snapshot.resources = std::mem::take(&mut doc.resources)
        .into_iter()
        .map(|r| Resource {
            key: r.address.to_string(),
            address: r.address.into_owned(),
            rtype: r.rtype,
            values: r.values,
        })
        .collect();
    snapshot
}
