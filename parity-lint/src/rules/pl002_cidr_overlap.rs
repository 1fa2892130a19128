//! PL002 cidr-overlap.

use crate::engine::Sink;
use crate::finding::{Finding, Severity};
use crate::normalize::Network;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL002",
    name: "cidr-overlap",
    severity: Severity::Error,
    summary: "The two regions' network ranges must not overlap when they are routed or peered",
    hint: "Give each region its own base block (e.g. 10.0.0.0/16 and 10.1.0.0/16)",
    explanation: r#"# PL002 cidr-overlap

## What it does
When `require_disjoint = true`, checks that no VPC/VNet range of the primary
region overlaps a VPC/VNet range of the secondary region
(`aws_vpc.cidr_block`, `aws_vpc_ipv4_cidr_block_association.cidr_block`,
`azurerm_virtual_network.address_space`). Without `require_disjoint` the
rule is not evaluated: isolated regions may reuse one block.

## Why it breaks failover
Replication, peering, Transit Gateway and VPN routes need distinct ranges.
With an overlap the peering cannot be created, or routes to the other region
are shadowed by local ones: database replication and cross-region health
checks fail exactly when they are needed.

## Example
```json
"aws_vpc.main": { "cidr_block": "10.0.0.0/16" }   // us-east-1
"aws_vpc.main": { "cidr_block": "10.0.0.0/16" }   // us-west-2
```

## Fix
Allocate one base block per region from an address plan (or IPAM pool) and
keep `cidr = "mirrored"` so the layout inside each block still matches.
"#,
};

/// Every pair of overlapping network ranges across the regions.
pub(crate) fn check(p_networks: &[Network], s_networks: &[Network], sink: &mut Sink<'_>) {
    for p in p_networks {
        for s in s_networks {
            if !p.cidr.overlaps(s.cidr) {
                continue;
            }
            let message = format!(
                "{} in {} ({}) overlaps {} in {} ({}), but require_disjoint is set",
                p.cidr, sink.labels.primary, p.key, s.cidr, sink.labels.secondary, s.key
            );
            sink.add(Finding {
                rule: &RULE,
                severity: RULE.severity,
                address: p.key.clone(),
                resource_type: p.rtype.clone(),
                primary_address: Some(p.address.clone()),
                secondary_address: Some(s.address.clone()),
                attribute: p.attribute.clone(),
                primary: serde_json::Value::String(p.cidr.to_string()),
                secondary: serde_json::Value::String(s.cidr.to_string()),
                message,
                hint: RULE.hint.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, snapshot};
    use serde_json::json;

    fn run(p: &str, s: &str, cfg: &str) -> crate::Report {
        crate::check(
            snapshot(
                "us-east-1",
                &[("aws_vpc.main", "aws_vpc", json!({"cidr_block": p}))],
            ),
            snapshot(
                "us-west-2",
                &[("aws_vpc.main", "aws_vpc", json!({"cidr_block": s}))],
            ),
            &config(cfg),
        )
        .unwrap()
    }

    #[test]
    fn overlap_is_reported_only_when_disjoint_is_required() {
        let r = run("10.0.0.0/16", "10.0.128.0/17", "require_disjoint = true\n");
        assert!(
            ids(&r).contains(&("PL002", "cidr_block".to_owned())),
            "{:?}",
            ids(&r)
        );
        assert!(run("10.0.0.0/16", "10.0.128.0/17", "")
            .findings
            .iter()
            .all(|f| f.rule.id != "PL002"));
        assert!(
            run("10.0.0.0/16", "10.1.0.0/16", "require_disjoint = true\n")
                .findings
                .is_empty()
        );
    }
}
