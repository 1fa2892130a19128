//! The parity engine: compares two region snapshots and returns findings.
//!
//! It knows nothing of files, argv or clouds. Callers build
//! [`Snapshot`]s (from plan JSON with [`plan`], or from live inventory),
//! call [`check`], and render the [`Report`] with [`report`].

pub mod address;
pub mod cidr;
pub mod config;
pub mod engine;
pub mod finding;
pub mod normalize;
pub mod plan;
pub mod regions;
pub mod report;
pub mod rules;
pub mod snapshot;
#[cfg(test)]
pub(crate) mod testing;
pub mod value;

pub use config::Config;
pub use engine::{check, check_in_place, EngineError};
pub use finding::{Finding, Report, ResourceDiff, Severity, Summary, Suppressed};
pub use snapshot::{Resource, Snapshot};
pub use value::Val;
