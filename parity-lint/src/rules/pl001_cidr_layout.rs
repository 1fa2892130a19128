//! PL001 cidr-layout.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL001",
    name: "cidr-layout",
    severity: Severity::Error,
    summary: "VPC/VNet and subnet CIDRs must have the same layout in both regions",
    hint: "Derive both regions' CIDRs from one base with cidrsubnet() so prefix lengths and offsets match",
    explanation: r#"# PL001 cidr-layout

## What it does
Compares the CIDR blocks of networks and subnets (`aws_vpc.cidr_block`,
`aws_subnet.cidr_block`, `azurerm_virtual_network.address_space`,
`azurerm_subnet.address_prefixes`) between the regions.

- `cidr = "mirrored"` (default): every subnet must sit at the same offset
  inside its region's network and have the same prefix length; networks must
  have the same prefix length. `10.0.11.0/24` in `10.0.0.0/16` mirrors
  `10.1.11.0/24` in `10.1.0.0/16`.
- `cidr = "identical"`: the blocks must be equal.

## Why it breaks failover
Security rules, route tables, NACLs and Kubernetes pod ranges are written
against the layout. A subnet one slot off in the standby region means the
rules that admit the application tier admit the wrong hosts there, or none:
the failover lands in a network that was never tested.

## Example
```json
"aws_subnet.private[2]": { "cidr_block": "10.0.12.0/24" }   // us-east-1, in 10.0.0.0/16
"aws_subnet.private[2]": { "cidr_block": "10.1.13.0/24" }   // us-west-2, in 10.1.0.0/16
```
The offsets are `0.0.12.0` and `0.0.13.0`.

## Fix
Compute subnets from the region's base block in the shared module, e.g.
`cidr_block = cidrsubnet(var.vpc_cidr, 8, 10 + count.index)`, and pass only
the base block per region.
"#,
};
