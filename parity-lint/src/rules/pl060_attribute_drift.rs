//! PL060 attribute-drift.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL060",
    name: "attribute-drift",
    severity: Severity::Warning,
    summary: "Any other attribute that differs between the regions",
    hint: "Make the attribute come from the shared module, or ignore it with a reason",
    explanation: r#"# PL060 attribute-drift

## What it does
Reports every attribute that differs between paired resources after
normalization and is not covered by a more specific rule. Identity
attributes (`id`, `arn`, endpoints, DNS names) and the replication role of a
database (`create_mode`, `source_server_id`, `replication_source_identifier`
…) are expected to differ and are not compared. Resource types without a
specific rule are checked by this rule alone.

## Why it breaks failover
Small differences (a health check path, a TLS policy, a timeout, a
parameter) are how "the same stack" stops being the same. Each one is a
behaviour you have not tested in the standby.

## Example
```json
"aws_lb_target_group.app": { "health_check": [{ "path": "/healthz" }] }  // primary
"aws_lb_target_group.app": { "health_check": [{ "path": "/health" }] }   // secondary
```

## Fix
Move the value into the shared module. For intentional differences add an
`[[ignore]]` entry (`attribute = "..."`, with a `reason`) or turn the rule's
severity down in `[severity]`.
"#,
};
