//! PL040 versions.

use crate::engine::{differing_leaves, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL040",
    name: "versions",
    severity: Severity::Error,
    summary: "Kubernetes, add-on and engine versions must match",
    hint: "Pin versions in one shared variable and upgrade both regions in the same change",
    explanation: r#"# PL040 versions

## What it does
Compares versions: EKS cluster `version`, node group `version` /
`release_version`, `aws_eks_addon.addon_version`, ElastiCache / RDS
`engine` and `engine_version`, AKS `kubernetes_version` and
`orchestrator_version`, Redis `redis_version`, PostgreSQL flexible server
`version`.

## Why it breaks failover
Manifests, Helm charts and drivers are tested against one version. After a
failover onto an older Kubernetes or engine, deprecated APIs, removed flags
and replication incompatibilities surface under production load.

## Example
```json
"aws_eks_cluster.main": { "version": "1.30" }   // primary
"aws_eks_cluster.main": { "version": "1.29" }   // secondary
```

## Fix
Upgrade the standby first (it takes no traffic), then the primary, in one
pull request; keep the version in one variable.
"#,
};

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_eks_cluster", "version"),
    ("aws_eks_node_group", "version"),
    ("aws_eks_node_group", "release_version"),
    ("aws_eks_addon", "addon_version"),
    ("aws_elasticache_replication_group", "engine"),
    ("aws_elasticache_replication_group", "engine_version"),
    ("aws_rds_cluster", "engine"),
    ("aws_rds_cluster", "engine_version"),
    ("aws_rds_cluster_instance", "engine"),
    ("aws_rds_cluster_instance", "engine_version"),
    ("aws_db_instance", "engine"),
    ("aws_db_instance", "engine_version"),
    ("aws_instance", "ami"),
    ("aws_launch_template", "image_id"),
    ("azurerm_kubernetes_cluster", "kubernetes_version"),
    (
        "azurerm_kubernetes_cluster",
        "default_node_pool[*].orchestrator_version",
    ),
    (
        "azurerm_kubernetes_cluster_node_pool",
        "orchestrator_version",
    ),
    ("azurerm_redis_cache", "redis_version"),
    ("azurerm_postgresql_flexible_server", "version"),
];

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    differing_leaves(&RULE, pair, leaves, sink);
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, one};
    use serde_json::json;

    #[test]
    fn kubernetes_versions() {
        let r = one(
            "aws_eks_cluster",
            json!({"version": "1.30"}),
            json!({"version": "1.29"}),
            &config(""),
        );
        assert_eq!(ids(&r), vec![("PL040", "version".to_owned())]);
        let r = one(
            "aws_eks_cluster",
            json!({"version": "1.30"}),
            json!({"version": "1.30"}),
            &config(""),
        );
        assert!(r.findings.is_empty());
    }

    #[test]
    fn severity_override_and_ignore() {
        let r = one(
            "aws_eks_cluster",
            json!({"version": "1.30"}),
            json!({"version": "1.29"}),
            &config("[severity]\nPL040 = \"warning\"\n"),
        );
        assert_eq!(r.findings[0].severity, crate::Severity::Warning);
        let r = one(
            "aws_eks_cluster",
            json!({"version": "1.30"}),
            json!({"version": "1.29"}),
            &config("[severity]\nPL040 = \"off\"\n"),
        );
        assert!(r.findings.is_empty());
        let r = one(
            "aws_eks_cluster",
            json!({"version": "1.30"}),
            json!({"version": "1.29"}),
            &config("[[ignore]]\naddress = \"aws_eks_cluster.*\"\nrule = \"PL040\"\nreason = \"upgrade in flight\"\n"),
        );
        assert!(r.findings.is_empty());
        assert_eq!(r.suppressed[0].reason, "upgrade in flight");
        assert_eq!(r.summary.suppressed, 1);
    }
}
