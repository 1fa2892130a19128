//! PL060 attribute-drift.

use crate::engine::{differing_leaves, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL060",
    name: "attribute-drift",
    severity: Severity::Warning,
    summary: "Any other attribute that differs between the regions",
    hint: "Make the attribute come from the shared module, or ignore it with a reason",
    explanation: r#"# PL060 attribute-drift

## What it does
Reports every attribute that differs between paired resources after
normalization and is not covered by a more specific rule. Identity
attributes (`id`, `arn`, endpoints, DNS names) and the replication role of a
database (`create_mode`, `source_server_id`, `replication_source_identifier`
…) are expected to differ and are not compared. Resource types without a
specific rule are checked by this rule alone.

## Why it breaks failover
Small differences (a health check path, a TLS policy, a timeout, a
parameter) are how "the same stack" stops being the same. Each one is a
behaviour you have not tested in the standby.

## Example
```json
"aws_lb_target_group.app": { "health_check": [{ "path": "/healthz" }] }  // primary
"aws_lb_target_group.app": { "health_check": [{ "path": "/health" }] }   // secondary
```

## Fix
Move the value into the shared module. For intentional differences add an
`[[ignore]]` entry (`attribute = "..."`, with a `reason`) or turn the rule's
severity down in `[severity]`.
"#,
};

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    differing_leaves(&RULE, pair, leaves, sink);
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, one};
    use serde_json::json;

    #[test]
    fn other_attributes_warn() {
        let r = one(
            "aws_lb_target_group",
            json!({"health_check": [{"path": "/healthz"}], "arn": "a"}),
            json!({"health_check": [{"path": "/health"}], "arn": "b"}),
            &config(""),
        );
        assert_eq!(ids(&r), vec![("PL060", "health_check[0].path".to_owned())]);
        assert_eq!(r.summary.warnings, 1);
        assert_eq!(r.diffs.len(), 1);
    }

    #[test]
    fn region_names_ids_and_null_vs_empty_are_equal() {
        let r = one(
            "aws_lb",
            json!({"name": "hf-us-east-1-alb", "subnets": ["subnet-0123456789abcdef0"], "x": null,
                   "access_logs": [], "zone": "us-east-1a", "role": "arn:aws:iam::111111111111:role/a"}),
            json!({"name": "hf-us-west-2-alb", "subnets": ["subnet-0fedcba987654321f"], "x": [],
                   "zone": "us-west-2a", "role": "arn:aws:iam::222222222222:role/a"}),
            &config(""),
        );
        assert!(r.findings.is_empty(), "{:?}", ids(&r));
    }
}
