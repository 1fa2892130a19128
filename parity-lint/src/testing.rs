//! Helpers for rule tests: build two snapshots from JSON and compare them.

use serde_json::Value;

use crate::config::Config;
use crate::finding::Report;
use crate::snapshot::Snapshot;
use crate::value::Val;

/// A snapshot of `(address, type, values)` resources in `region`.
pub fn snapshot(region: &str, resources: &[(&str, &str, Value)]) -> Snapshot<'static> {
    let mut s = Snapshot::new(Some(region.to_owned()));
    for (address, rtype, values) in resources {
        s.push(*address, rtype.to_string(), Val::from_json(values));
    }
    s
}

/// Compares one resource written twice, us-east-1 vs us-west-2.
pub fn one(rtype: &str, primary: Value, secondary: Value, config: &Config) -> Report {
    let address = format!("{rtype}.main");
    crate::check(
        snapshot("us-east-1", &[(&address, rtype, primary)]),
        snapshot("us-west-2", &[(&address, rtype, secondary)]),
        config,
    )
    .expect("comparable")
}

/// `(rule id, attribute)` of every finding.
pub fn ids(report: &Report) -> Vec<(&'static str, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.id, f.attribute.clone()))
        .collect()
}

pub fn config(toml: &str) -> Config {
    Config::from_toml(toml).expect("valid test config")
}
