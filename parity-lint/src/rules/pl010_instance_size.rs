//! PL010 instance-size.

use crate::engine::{differing_leaves, Leaf, Pair, Sink};
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

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_instance", "instance_type"),
    ("aws_launch_template", "instance_type"),
    ("aws_eks_node_group", "instance_types"),
    ("aws_eks_node_group", "disk_size"),
    ("aws_elasticache_replication_group", "node_type"),
    ("aws_rds_cluster", "db_cluster_instance_class"),
    ("aws_rds_cluster", "allocated_storage"),
    ("aws_rds_cluster_instance", "instance_class"),
    ("aws_db_instance", "instance_class"),
    ("azurerm_kubernetes_cluster", "default_node_pool[*].vm_size"),
    (
        "azurerm_kubernetes_cluster",
        "default_node_pool[*].os_disk_size_gb",
    ),
    ("azurerm_kubernetes_cluster_node_pool", "vm_size"),
    ("azurerm_kubernetes_cluster_node_pool", "os_disk_size_gb"),
    ("azurerm_application_gateway", "sku[*].name"),
    ("azurerm_application_gateway", "sku[*].tier"),
    ("azurerm_redis_cache", "sku_name"),
    ("azurerm_redis_cache", "family"),
    ("azurerm_redis_cache", "capacity"),
    ("azurerm_key_vault", "sku_name"),
    ("azurerm_postgresql_flexible_server", "sku_name"),
    ("azurerm_postgresql_flexible_server", "storage_mb"),
    ("azurerm_postgresql_flexible_server", "storage_tier"),
];

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    differing_leaves(&RULE, pair, leaves, sink);
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, one};
    use serde_json::json;

    #[test]
    fn differing_sizes_are_errors() {
        let r = one(
            "aws_eks_node_group",
            json!({"instance_types": ["m5.xlarge"], "node_group_name": "hf-us-east-1-default"}),
            json!({"instance_types": ["m5.large"], "node_group_name": "hf-us-west-2-default"}),
            &config(""),
        );
        assert_eq!(ids(&r), vec![("PL010", "instance_types[0]".to_owned())]);
        assert_eq!(r.findings[0].primary, json!("m5.xlarge"));
        assert!(
            r.findings[0].message.contains("us-west-2"),
            "{}",
            r.findings[0].message
        );
        assert_eq!(r.summary.errors, 1);
    }

    #[test]
    fn equal_sizes_and_unknowns_are_fine() {
        let r = one(
            "azurerm_kubernetes_cluster",
            json!({"default_node_pool": [{"vm_size": "Standard_D4s_v5"}]}),
            json!({"default_node_pool": [{"vm_size": "Standard_D4s_v5"}]}),
            &config(""),
        );
        assert!(r.findings.is_empty());
        let mut p = crate::testing::snapshot(
            "us-east-1",
            &[(
                "aws_instance.a",
                "aws_instance",
                json!({"instance_type": "m5.large"}),
            )],
        );
        let s = crate::testing::snapshot(
            "us-west-2",
            &[(
                "aws_instance.a",
                "aws_instance",
                json!({"instance_type": "m5.large"}),
            )],
        );
        *p.resources[0].values.entry_mut("instance_type") = crate::Val::Unknown;
        let r = crate::check(p, s, &config("")).unwrap();
        assert!(r.findings.is_empty());
        assert_eq!(r.summary.not_comparable, 1);
    }
}
