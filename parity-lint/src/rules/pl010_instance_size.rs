//! PL010 instance-size.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL010",
    name: "instance-size",
    severity: Severity::Error,
    summary: "Instance types, node types, VM sizes, SKUs and DB classes must match",
    hint: "Pass the size from one shared variable to both region instances of the module",
    explanation: r#"# PL010 instance-size

## What it does
Compares the size of compute and data services: `instance_type`,
`instance_types` (EKS node groups), `node_type` (ElastiCache),
`instance_class` / `db_cluster_instance_class` (RDS/Aurora), `vm_size`
(AKS pools), `sku_name` / `sku` / `family` / `capacity` (Redis, Key Vault,
PostgreSQL flexible server, Application Gateway).

## Why it breaks failover
A standby built on smaller machines takes the full production load only
after a failover, which is the worst moment to learn it cannot: pods stay
pending, Redis evicts, the database saturates. Sizes that differ also mean
different memory limits and CPU features than the ones tested.

## Example
```json
"aws_eks_node_group.default": { "instance_types": ["m5.xlarge"] }  // us-east-1
"aws_eks_node_group.default": { "instance_types": ["m5.large"] }   // us-west-2
```

## Fix
Keep sizes in one variable used by both regions. If the standby is meant to
run fewer nodes, scale the count (PL011 with `capacity = "scaled-down"`),
not the size.
"#,
};
