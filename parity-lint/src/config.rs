//! `.parity.toml`: rule modes, pair selectors, severities and ignores.

use std::collections::BTreeMap;

use globset::{Glob, GlobMatcher};

use serde::Deserialize;

use crate::finding::Severity;
use crate::rules;

/// How subnet and network CIDRs must relate across the regions (PL001).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CidrMode {
    /// Same prefix lengths and the same offsets inside each region's network.
    #[default]
    Mirrored,
    /// Equal CIDRs in both regions.
    Identical,
}

/// How capacity numbers must relate (PL011).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapacityMode {
    /// Equal in both regions.
    #[default]
    Equal,
    /// Warm standby: secondary ≤ primary, and ≥ 1 where the primary has any.
    ScaledDown,
}

/// An `[[ignore]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    /// Glob on the region-relative address.
    pub address: Option<String>,
    pub rule: Option<String>,
    /// Attribute path, or a prefix of one (`tags` covers `tags.Owner`).
    pub attribute: Option<String>,
    pub reason: String,
}

/// The whole configuration. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Module address of the primary region in one-document mode.
    pub primary: Option<String>,
    pub secondary: Option<String>,
    pub primary_region: Option<String>,
    pub secondary_region: Option<String>,
    #[serde(default)]
    pub cidr: CidrMode,
    #[serde(default)]
    pub require_disjoint: bool,
    #[serde(default)]
    pub capacity: CapacityMode,
    #[serde(default)]
    pub required_tags: Vec<String>,
    #[serde(default)]
    pub regional_tag_keys: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub ignore: Vec<IgnoreEntry>,
}

/// A configuration that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// TOML syntax, an unknown key or a wrong type; the message holds the
    /// line and column.
    #[error("{0}")]
    Toml(String),
    #[error("[severity] names unknown rule `{0}` (see `parity-lint rules`)")]
    UnknownSeverityRule(String),
    #[error("[[ignore]] entry {index} names unknown rule `{rule}`")]
    UnknownIgnoreRule { index: usize, rule: String },
    #[error("[[ignore]] entry {index} needs a non-empty `reason`")]
    EmptyReason { index: usize },
    #[error("[[ignore]] entry {index} must name at least one of `address`, `rule`, `attribute`")]
    EmptyIgnore { index: usize },
    #[error("[[ignore]] entry {index}: invalid address glob `{glob}`: {source}")]
    BadGlob {
        index: usize,
        glob: String,
        source: globset::Error,
    },
    #[error("`cidr = \"identical\"` contradicts `require_disjoint = true`: identical networks always overlap")]
    IdenticalAndDisjoint,
}

impl Config {
    /// Parses and validates `.parity.toml` text.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text)
            .map_err(|e| ConfigError::Toml(e.to_string().trim_end().to_owned()))?;
        config.validate()?;
        config.canonicalize();
        Ok(config)
    }

    /// Rewrites rule references (`pl020`, `network-rules`) to their ids.
    fn canonicalize(&mut self) {
        self.severity = std::mem::take(&mut self.severity)
            .into_iter()
            .map(|(k, v)| (rules::find(&k).map_or(k, |r| r.id.to_owned()), v))
            .collect();
        for entry in &mut self.ignore {
            if let Some(rule) = entry.rule.as_deref().and_then(rules::find) {
                entry.rule = Some(rule.id.to_owned());
            }
        }
    }

    /// Checks what serde cannot: rule ids, reasons, globs, contradictions.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for id in self.severity.keys() {
            if rules::find(id).is_none() {
                return Err(ConfigError::UnknownSeverityRule(id.clone()));
            }
        }
        for (i, entry) in self.ignore.iter().enumerate() {
            let index = i + 1;
            if entry.reason.trim().is_empty() {
                return Err(ConfigError::EmptyReason { index });
            }
            if entry.address.is_none() && entry.rule.is_none() && entry.attribute.is_none() {
                return Err(ConfigError::EmptyIgnore { index });
            }
            if let Some(rule) = &entry.rule {
                if rules::find(rule).is_none() {
                    return Err(ConfigError::UnknownIgnoreRule {
                        index,
                        rule: rule.clone(),
                    });
                }
            }
            if let Some(glob) = &entry.address {
                address_glob(glob).map_err(|source| ConfigError::BadGlob {
                    index,
                    glob: glob.clone(),
                    source,
                })?;
            }
        }
        if self.cidr == CidrMode::Identical && self.require_disjoint {
            return Err(ConfigError::IdenticalAndDisjoint);
        }
        Ok(())
    }

    /// The severity a rule reports at, after overrides.
    pub fn severity_of(&self, rule: &rules::RuleInfo) -> Severity {
        self.severity.get(rule.id).copied().unwrap_or(rule.severity)
    }

    /// Compiled ignore matchers, in file order.
    pub(crate) fn ignore_matchers(&self) -> Vec<IgnoreMatcher<'_>> {
        self.ignore
            .iter()
            .map(|entry| IgnoreMatcher {
                entry,
                // Validated in `validate`; an invalid glob here matches nothing.
                glob: entry
                    .address
                    .as_deref()
                    .and_then(|g| address_glob(g).ok())
                    .map(|g| g.compile_matcher()),
            })
            .collect()
    }
}

/// An address glob: `*`, `?`, `**` and `{a,b}` are patterns; brackets are
/// literal, because addresses are full of them (`aws_subnet.private[0]`).
fn address_glob(glob: &str) -> Result<Glob, globset::Error> {
    let mut escaped = String::with_capacity(glob.len() + 8);
    for c in glob.chars() {
        match c {
            '[' => escaped.push_str("[[]"),
            ']' => escaped.push_str("[]]"),
            _ => escaped.push(c),
        }
    }
    globset::GlobBuilder::new(&escaped)
        .literal_separator(false)
        .build()
}

pub(crate) struct IgnoreMatcher<'c> {
    pub entry: &'c IgnoreEntry,
    glob: Option<GlobMatcher>,
}

impl IgnoreMatcher<'_> {
    pub fn matches(&self, rule: &str, address: &str, attribute: &str) -> bool {
        let entry = self.entry;
        if entry.address.is_some() && !self.glob.as_ref().is_some_and(|g| g.is_match(address)) {
            return false;
        }
        if entry.rule.as_deref().is_some_and(|r| r != rule) {
            return false;
        }
        if let Some(prefix) = entry.attribute.as_deref() {
            let under = attribute == prefix
                || attribute
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
            if !under {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let c = Config::from_toml(
            r#"
primary = "module.primary"
secondary = "module.secondary"
cidr = "mirrored"
require_disjoint = true
capacity = "scaled-down"
required_tags = ["Owner", "CostCenter"]
regional_tag_keys = ["Region"]

[severity]
PL060 = "off"

[[ignore]]
address = "aws_instance.bastion"
rule = "PL010"
reason = "bastion is sized per region"
"#,
        )
        .unwrap();
        assert_eq!(c.capacity, CapacityMode::ScaledDown);
        assert_eq!(c.severity["PL060"], Severity::Off);
        assert_eq!(c.ignore[0].reason, "bastion is sized per region");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = Config::from_toml("cidr = \"mirrored\"\ncapacityy = \"equal\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("capacityy"), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn ignore_without_reason_is_rejected() {
        let err = Config::from_toml("[[ignore]]\nrule = \"PL010\"\nreason = \" \"\n").unwrap_err();
        assert!(matches!(err, ConfigError::EmptyReason { index: 1 }));
        let err = Config::from_toml("[[ignore]]\nrule = \"PL010\"\n").unwrap_err();
        assert!(err.to_string().contains("reason"), "{err}");
    }

    #[test]
    fn unknown_rule_ids_are_rejected() {
        assert!(matches!(
            Config::from_toml("[severity]\nPL999 = \"off\"\n"),
            Err(ConfigError::UnknownSeverityRule(_))
        ));
    }

    #[test]
    fn rule_names_and_lowercase_ids_are_canonical() {
        let c = Config::from_toml("[severity]\nnetwork-rules = \"off\"\npl010 = \"note\"\n[[ignore]]\nrule = \"tags\"\nreason = \"r\"\n").unwrap();
        assert_eq!(
            c.severity_of(&crate::rules::pl020_network_rules::RULE),
            Severity::Off
        );
        assert_eq!(
            c.severity_of(&crate::rules::pl010_instance_size::RULE),
            Severity::Note
        );
        assert!(c.ignore_matchers()[0].matches("PL030", "aws_vpc.main", "tags.Owner"));
    }

    #[test]
    fn brackets_in_address_globs_are_literal() {
        let c = Config::from_toml("[[ignore]]\naddress = \"aws_subnet.private[0]\"\nreason = \"r\"\n[[ignore]]\naddress = \"aws_subnet.public[*]\"\nreason = \"r\"\n").unwrap();
        let m = c.ignore_matchers();
        assert!(m[0].matches("PL001", "aws_subnet.private[0]", "cidr_block"));
        assert!(!m[0].matches("PL001", "aws_subnet.private0", "cidr_block"));
        assert!(m[1].matches("PL001", "aws_subnet.public[2]", "cidr_block"));
        assert!(!m[1].matches("PL001", "aws_subnet.private[2]", "cidr_block"));
    }

    #[test]
    fn ignore_matches_glob_rule_and_attribute_prefix() {
        let c = Config::from_toml(
            "[[ignore]]\naddress = \"aws_instance.*\"\nattribute = \"tags\"\nreason = \"r\"\n",
        )
        .unwrap();
        let m = &c.ignore_matchers()[0];
        assert!(m.matches("PL030", "aws_instance.bastion", "tags.Owner"));
        assert!(!m.matches("PL030", "aws_instance.bastion", "tags_all.Owner"));
        assert!(!m.matches("PL030", "aws_vpc.main", "tags.Owner"));
    }
}
