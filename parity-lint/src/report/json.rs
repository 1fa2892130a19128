//! The JSON report: a documented, versioned contract
//! (`docs/json-format.md`).
//!
//! The document is built from structs local to this module rather than by
//! serializing the engine's types, so that a change inside the engine can
//! never change the contract by accident. Fields serialize in declaration
//! order, which is the documented order.

use serde::Serialize;

use crate::finding::{Finding, Report, Summary};

use super::RenderOptions;

/// The contract's version. Additive changes (a new field) keep it; removing
/// or renaming a field, or changing a field's type or meaning, bumps it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    primary_region: Option<&'r str>,
    secondary_region: Option<&'r str>,
    summary: SummaryJson,
    findings: Vec<FindingJson<'r>>,
    suppressed: Vec<SuppressedJson<'r>>,
}

#[derive(Serialize)]
struct SummaryJson {
    errors: usize,
    warnings: usize,
    notes: usize,
    not_comparable: usize,
    pairs: usize,
    suppressed: usize,
}

impl From<&Summary> for SummaryJson {
    fn from(s: &Summary) -> SummaryJson {
        SummaryJson {
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            not_comparable: s.not_comparable,
            pairs: s.pairs,
            suppressed: s.suppressed,
        }
    }
}

#[derive(Serialize)]
struct FindingJson<'r> {
    rule: &'r str,
    name: &'r str,
    severity: &'r str,
    address: &'r str,
    resource_type: &'r str,
    primary_address: Option<&'r str>,
    secondary_address: Option<&'r str>,
    attribute: &'r str,
    primary: &'r serde_json::Value,
    secondary: &'r serde_json::Value,
    message: &'r str,
    hint: &'r str,
}

impl<'r> From<&'r Finding> for FindingJson<'r> {
    fn from(f: &'r Finding) -> FindingJson<'r> {
        FindingJson {
            rule: f.rule.id,
            name: f.rule.name,
            severity: f.severity.as_str(),
            address: &f.address,
            resource_type: &f.resource_type,
            primary_address: f.primary_address.as_deref(),
            secondary_address: f.secondary_address.as_deref(),
            attribute: &f.attribute,
            primary: &f.primary,
            secondary: &f.secondary,
            message: &f.message,
            hint: &f.hint,
        }
    }
}

#[derive(Serialize)]
struct SuppressedJson<'r> {
    #[serde(flatten)]
    finding: FindingJson<'r>,
    reason: &'r str,
}

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report, _opts: &RenderOptions) -> String {
    let doc = Document {
        version: VERSION,
        primary_region: report.primary_region.as_deref(),
        secondary_region: report.secondary_region.as_deref(),
        summary: SummaryJson::from(&report.summary),
        findings: report.findings.iter().map(FindingJson::from).collect(),
        suppressed: report
            .suppressed
            .iter()
            .map(|s| SuppressedJson {
                finding: FindingJson::from(&s.finding),
                reason: &s.reason,
            })
            .collect(),
    };
    // Plain structs of strings, numbers and JSON values always serialize.
    let mut out = serde_json::to_string_pretty(&doc).expect("report serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{clean, drifted, hostile};
    use serde_json::{json, Value};

    fn parsed(report: &Report) -> Value {
        let out = render(report, &RenderOptions::default());
        assert!(out.ends_with("}\n"));
        serde_json::from_str(&out).expect("valid JSON")
    }

    /// The documented fields, in documented order. If this test fails, a
    /// field of the contract changed: update `docs/json-format.md` and,
    /// unless the change only adds fields, bump [`VERSION`].
    const TOP: &[&str] = &[
        "version",
        "primary_region",
        "secondary_region",
        "summary",
        "findings",
        "suppressed",
    ];
    const SUMMARY: &[&str] = &[
        "errors",
        "warnings",
        "notes",
        "not_comparable",
        "pairs",
        "suppressed",
    ];
    const FINDING: &[&str] = &[
        "rule",
        "name",
        "severity",
        "address",
        "resource_type",
        "primary_address",
        "secondary_address",
        "attribute",
        "primary",
        "secondary",
        "message",
        "hint",
    ];

    /// Keys of an object, sorted (serde_json's `Value` sorts them; the
    /// written order is checked on the text below).
    fn keys(v: &Value) -> Vec<String> {
        v.as_object().expect("object").keys().cloned().collect()
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }

    /// Every documented field, and no other, at every level.
    fn assert_contract_fields(v: &Value) {
        assert_eq!(keys(v), sorted(TOP));
        assert_eq!(keys(&v["summary"]), sorted(SUMMARY));
        for f in v["findings"].as_array().unwrap() {
            assert_eq!(keys(f), sorted(FINDING));
        }
        let mut with_reason = FINDING.to_vec();
        with_reason.push("reason");
        for s in v["suppressed"].as_array().unwrap() {
            assert_eq!(keys(s), sorted(&with_reason));
        }
    }

    #[test]
    fn every_documented_field_is_present() {
        let v = parsed(&drifted());
        assert_contract_fields(&v);
    }

    #[test]
    fn fields_are_written_in_documented_order() {
        let out = render(&drifted(), &RenderOptions::default());
        // Keys at a given depth of the pretty-printed text: the indent
        // tells top-level keys from the summary's `suppressed`.
        let positions = |keys: &[&str], indent: usize, from: usize| -> Vec<usize> {
            keys.iter()
                .map(|k| {
                    let needle = format!("\n{}\"{k}\":", " ".repeat(indent));
                    from + out[from..].find(&needle).expect(k)
                })
                .collect()
        };
        let top = positions(TOP, 2, 0);
        assert!(top.windows(2).all(|w| w[0] < w[1]), "top-level order");
        let summary = positions(SUMMARY, 4, 0);
        assert!(summary.windows(2).all(|w| w[0] < w[1]), "summary order");
        let first = out.find("\"findings\":").unwrap();
        let finding = positions(FINDING, 6, first);
        assert!(finding.windows(2).all(|w| w[0] < w[1]), "finding order");
        assert!(out.starts_with("{\n  \"version\": 1,\n"));
    }

    #[test]
    fn contract_values() {
        let v = parsed(&drifted());
        assert_eq!(v["version"], 1);
        assert_eq!(v["primary_region"], "us-east-1");
        assert_eq!(
            v["summary"],
            json!({"errors": 2, "warnings": 1, "notes": 0, "not_comparable": 3, "pairs": 12, "suppressed": 1})
        );
        assert_eq!(
            v["findings"][0],
            json!({
                "rule": "PL010",
                "name": "instance-size",
                "severity": "error",
                "address": "aws_eks_node_group.default",
                "resource_type": "aws_eks_node_group",
                "primary_address": "module.primary.aws_eks_node_group.default",
                "secondary_address": "module.secondary.aws_eks_node_group.default",
                "attribute": "instance_types[0]",
                "primary": "m5.xlarge",
                "secondary": "m5.large",
                "message": "size `instance_types[0]` differs: \"m5.xlarge\" in us-east-1, \"m5.large\" in us-west-2",
                "hint": crate::rules::pl010_instance_size::RULE.hint,
            })
        );
        assert_eq!(v["findings"][1]["secondary"], Value::Null);
        assert_eq!(v["findings"][2]["severity"], "warning");
        assert_eq!(v["findings"][2]["primary"], true);
        assert_eq!(v["suppressed"][0]["reason"], "bastion is sized per region");
        assert_eq!(v["suppressed"][0]["address"], "aws_instance.bastion");
    }

    #[test]
    fn absent_regions_and_addresses_are_null() {
        let mut report = hostile();
        report.findings[0].secondary_address = None;
        let v = parsed(&report);
        assert_eq!(v["secondary_region"], Value::Null);
        assert_eq!(v["findings"][0]["secondary_address"], Value::Null);
        assert_eq!(
            v["findings"][0]["message"],
            report.findings[0].message.as_str()
        );
        assert_eq!(v["findings"][0]["primary"], report.findings[0].primary);
    }

    /// `docs/json-format.md` documents exactly the fields written, and its
    /// example has the contract's shape.
    #[test]
    fn documentation_matches_the_contract() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/json-format.md");
        let doc = std::fs::read_to_string(path).expect("docs/json-format.md");
        let fields_under = |heading: &str| -> Vec<String> {
            let start = doc
                .find(heading)
                .unwrap_or_else(|| panic!("no `{heading}`"));
            doc[start + heading.len()..]
                .lines()
                .skip(1)
                .take_while(|l| !l.starts_with('#'))
                .filter_map(|l| l.strip_prefix("| `"))
                .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_owned()))
                .collect()
        };
        assert_eq!(fields_under("\n### Top level\n"), TOP);
        assert_eq!(fields_under("\n### `summary`\n"), SUMMARY);
        assert_eq!(fields_under("\n### Finding\n"), FINDING);
        assert_eq!(fields_under("\n### Suppressed finding\n"), ["reason"]);

        let example = doc
            .split("```json\n")
            .nth(1)
            .and_then(|rest| rest.split("\n```").next())
            .expect("an example");
        let v: Value = serde_json::from_str(example).expect("the example is JSON");
        assert_eq!(v["version"], VERSION);
        assert_contract_fields(&v);
    }

    #[test]
    fn empty_report_keeps_every_field() {
        let v = parsed(&clean());
        assert_eq!(keys(&v), sorted(TOP));
        assert_eq!(v["findings"], json!([]));
        assert_eq!(v["suppressed"], json!([]));
        assert_eq!(v["summary"]["pairs"], 40);
    }
}
