//! Findings and the report the engine returns.

use serde::Serialize;

use crate::rules::RuleInfo;

/// How much a finding matters. `Off` silences a rule entirely.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the regions that a rule objects to.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static RuleInfo,
    pub severity: Severity,
    /// Region-relative, region-neutral address (`aws_eks_node_group.default`).
    pub address: String,
    pub resource_type: String,
    /// Full address in the primary document, if the resource exists there.
    pub primary_address: Option<String>,
    pub secondary_address: Option<String>,
    /// Attribute path (`instance_types[0]`); empty for whole-resource findings.
    pub attribute: String,
    /// Normalized values as JSON (`null` when absent).
    pub primary: serde_json::Value,
    pub secondary: serde_json::Value,
    pub message: String,
    pub hint: String,
}

/// A finding an `[[ignore]]` entry silenced, with the entry's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
}

/// Normalized attributes of one paired resource, as `path = value` lines,
/// kept for resources with findings so reports can show a diff.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDiff {
    pub address: String,
    pub primary: Vec<String>,
    pub secondary: Vec<String>,
}

/// Counts over the whole comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Attribute leaves not compared because either side is unknown until
    /// apply or sensitive.
    pub not_comparable: usize,
    /// Resources present in both regions.
    pub pairs: usize,
    pub suppressed: usize,
}

/// What the engine returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub primary_region: Option<String>,
    pub secondary_region: Option<String>,
    /// Sorted by address, then rule, then attribute.
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub diffs: Vec<ResourceDiff>,
    pub summary: Summary,
}

impl Report {
    /// The most severe finding, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Diff lines of one resource, if kept.
    pub fn diff_for(&self, address: &str) -> Option<&ResourceDiff> {
        self.diffs.iter().find(|d| d.address == address)
    }
}
