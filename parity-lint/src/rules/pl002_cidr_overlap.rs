//! PL002 cidr-overlap.

use crate::finding::Severity;
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
