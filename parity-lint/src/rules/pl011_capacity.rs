//! PL011 capacity.

use crate::config::CapacityMode;
use crate::engine::{differs, show, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::RuleInfo;
use crate::value::Val;

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

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_eks_node_group", "scaling_config"),
    ("aws_autoscaling_group", "desired_capacity"),
    ("aws_autoscaling_group", "min_size"),
    ("aws_autoscaling_group", "max_size"),
    ("aws_elasticache_replication_group", "num_cache_clusters"),
    ("aws_elasticache_replication_group", "num_node_groups"),
    (
        "aws_elasticache_replication_group",
        "replicas_per_node_group",
    ),
    (
        "azurerm_kubernetes_cluster",
        "default_node_pool[*].node_count",
    ),
    (
        "azurerm_kubernetes_cluster",
        "default_node_pool[*].min_count",
    ),
    (
        "azurerm_kubernetes_cluster",
        "default_node_pool[*].max_count",
    ),
    ("azurerm_kubernetes_cluster_node_pool", "node_count"),
    ("azurerm_kubernetes_cluster_node_pool", "min_count"),
    ("azurerm_kubernetes_cluster_node_pool", "max_count"),
    ("azurerm_application_gateway", "sku[*].capacity"),
    ("azurerm_application_gateway", "autoscale_configuration"),
    ("azurerm_redis_cache", "shard_count"),
    ("azurerm_redis_cache", "replicas_per_master"),
];

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    let mode = sink.config().capacity;
    for leaf in leaves {
        if leaf.equal() {
            continue;
        }
        let p = leaf.primary.and_then(Val::as_f64);
        let s = leaf.secondary.and_then(Val::as_f64);
        let accepted = match (mode, p, s) {
            (CapacityMode::ScaledDown, Some(p), Some(s)) => s <= p && (s >= 1.0 || p == 0.0),
            _ => false,
        };
        if accepted {
            continue;
        }
        let message = match mode {
            CapacityMode::Equal => format!("capacity {}", differs(leaf, &sink.labels)),
            CapacityMode::ScaledDown => format!(
                "capacity `{}` is {} in {}, {} in {}: a scaled-down standby must run at most the primary's and at least 1",
                leaf.path,
                show(leaf.secondary),
                sink.labels.secondary,
                show(leaf.primary),
                sink.labels.primary
            ),
        };
        sink.leaf_finding(&RULE, pair, leaf, message);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, one};
    use serde_json::json;

    fn ng(desired: u32, min: u32) -> serde_json::Value {
        json!({"scaling_config": [{"desired_size": desired, "min_size": min, "max_size": 6}]})
    }

    #[test]
    fn equal_mode_requires_equal_counts() {
        let r = one("aws_eks_node_group", ng(3, 3), ng(2, 2), &config(""));
        assert_eq!(
            ids(&r),
            vec![
                ("PL011", "scaling_config[0].desired_size".to_owned()),
                ("PL011", "scaling_config[0].min_size".to_owned())
            ]
        );
        assert!(one("aws_eks_node_group", ng(3, 3), ng(3, 3), &config(""))
            .findings
            .is_empty());
    }

    #[test]
    fn scaled_down_accepts_smaller_but_not_zero_or_larger() {
        let c = config("capacity = \"scaled-down\"\n");
        assert!(one("aws_eks_node_group", ng(3, 3), ng(2, 2), &c)
            .findings
            .is_empty());
        let r = one("aws_eks_node_group", ng(3, 3), ng(4, 3), &c);
        assert_eq!(
            ids(&r),
            vec![("PL011", "scaling_config[0].desired_size".to_owned())]
        );
        let r = one(
            "azurerm_kubernetes_cluster_node_pool",
            json!({"node_count": 3}),
            json!({"node_count": 0}),
            &c,
        );
        assert_eq!(ids(&r), vec![("PL011", "node_count".to_owned())]);
        assert!(r.findings[0].message.contains("at least 1"));
    }
}
