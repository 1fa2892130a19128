//! The rule registry: one file per rule, one table listing them.
//!
//! Each rule file holds its [`RuleInfo`] (whose `explanation` is the text
//! `parity-lint explain` prints) and its check. Adding a rule touches its
//! file and one line of [`RULES`].

use crate::finding::Severity;

pub mod catalog;
pub mod pl001_cidr_layout;
pub mod pl002_cidr_overlap;
pub mod pl010_instance_size;
pub mod pl011_capacity;
pub mod pl020_network_rules;
pub mod pl030_tags;
pub mod pl040_versions;
pub mod pl050_missing;
pub mod pl060_attribute_drift;

/// A rule's identity and documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable id (`PL020`).
    pub id: &'static str,
    /// Kebab-case name (`network-rules`).
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// How to fix a finding, in one line.
    pub hint: &'static str,
    /// Markdown: What it does / Why it breaks failover / Example / Fix.
    pub explanation: &'static str,
}

/// Every rule, in id order.
pub static RULES: &[&RuleInfo] = &[
    &pl001_cidr_layout::RULE,
    &pl002_cidr_overlap::RULE,
    &pl010_instance_size::RULE,
    &pl011_capacity::RULE,
    &pl020_network_rules::RULE,
    &pl030_tags::RULE,
    &pl040_versions::RULE,
    &pl050_missing::RULE,
    &pl060_attribute_drift::RULE,
];

/// Looks a rule up by id (`PL020`, case-insensitive) or name (`network-rules`).
pub fn find(id_or_name: &str) -> Option<&'static RuleInfo> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id_or_name) || r.name == id_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_ordered() {
        let ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            ["PL001", "PL002", "PL010", "PL011", "PL020", "PL030", "PL040", "PL050", "PL060"]
        );
        for r in RULES {
            for section in [
                "## What it does",
                "## Why it breaks failover",
                "## Example",
                "## Fix",
            ] {
                assert!(r.explanation.contains(section), "{} lacks {section}", r.id);
            }
            assert!(!r.hint.is_empty() && !r.summary.is_empty());
        }
    }

    #[test]
    fn find_by_id_or_name() {
        assert_eq!(find("pl020").map(|r| r.id), Some("PL020"));
        assert_eq!(find("network-rules").map(|r| r.id), Some("PL020"));
        assert!(find("PL999").is_none());
    }
}
