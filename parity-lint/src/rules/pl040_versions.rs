//! PL040 versions.

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
