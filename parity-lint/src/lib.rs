//! The parity engine: compares two region snapshots and returns findings.
//!
//! It knows nothing of files, argv or clouds. Callers build
//! [`Snapshot`]s (from plan JSON with [`plan`], or from live inventory),
//! call [`check`], and render the [`Report`] with [`report`].

pub mod config;
pub mod finding;
pub mod report;
pub mod rules;
pub mod snapshot;
pub mod value;

pub use config::Config;
pub use finding::{Finding, Report, ResourceDiff, Severity, Summary, Suppressed};
pub use snapshot::{Resource, Snapshot};
pub use value::Val;
