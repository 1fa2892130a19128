//! PL011 capacity.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL011",
    name: "capacity",
    severity: Severity::Error,
    summary: "Node counts, desired sizes and shard/replica counts must match (or be scaled down)",
    hint: "Use the same counts, or set capacity = \"scaled-down\" for a warm standby",
    explanation: r#"# PL011 capacity

## What it does
Compares capacity numbers: EKS `scaling_config` sizes, ElastiCache
`num_cache_clusters` / `num_node_groups` / `replicas_per_node_group`, AKS
`node_count` / `min_count` / `max_count`, Application Gateway capacity.

- `capacity = "equal"` (default): the numbers must be equal.
- `capacity = "scaled-down"` (warm standby): the secondary may run less, but
  never more than the primary and never zero where the primary runs some.

## Why it breaks failover
A standby with more shards than the primary breaks restore and replication
assumptions; one scaled to zero cannot take traffic until it has scaled up,
which adds minutes to the RTO that nobody measured.

## Example
```json
"aws_eks_node_group.default": { "scaling_config": [{ "desired_size": 3 }] }  // primary
"aws_eks_node_group.default": { "scaling_config": [{ "desired_size": 2 }] }  // secondary
```
A finding under `equal`, accepted under `scaled-down`.

## Fix
Use the same counts, or declare the warm-standby model with
`capacity = "scaled-down"` and make sure autoscaling `max_size` lets the
standby grow to the primary's size.
"#,
};
