//! PL030 tags.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL030",
    name: "tags",
    severity: Severity::Error,
    summary: "Tags must be equal except per-region keys, and required tags must be present",
    hint: "Set tags from one shared map; list legitimately regional keys in regional_tag_keys",
    explanation: r#"# PL030 tags

## What it does
Compares each resource's effective tags (`tags_all` when the plan knows it,
otherwise `tags`) key by key. Keys listed in `regional_tag_keys` are skipped;
values that only embed the region name are equal after normalization.
Every key in `required_tags` must be present in both regions.

## Why it breaks failover
Tags drive cost allocation, backup selection, IAM conditions (`aws:ResourceTag`),
Kubernetes load-balancer discovery and alert routing. A missing
`kubernetes.io/role/elb` or `Owner` tag in the standby breaks load balancers
or pages nobody after a failover.

## Example
```json
"aws_vpc.main": { "tags": { "CostCenter": "platform" } }   // primary
"aws_vpc.main": { "tags": { "CostCenter": "plat" } }       // secondary
```

## Fix
Build tags from one `locals` map shared by both regions and add per-region
keys explicitly; declare those keys in `regional_tag_keys`.
"#,
};
