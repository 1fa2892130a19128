//! PL050 missing.

use crate::finding::Severity;
use crate::rules::RuleInfo;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL050",
    name: "missing",
    severity: Severity::Error,
    summary: "Every resource must exist in both regions",
    hint: "Add the resource to the shared region module, or ignore it with a reason if it is regional by design",
    explanation: r#"# PL050 missing

## What it does
Pairs resources by their address relative to the region root (after the
region name is taken out of `for_each` keys) and reports every resource
that exists in one region only.

## Why it breaks failover
Whatever exists only in the primary is missing exactly when the primary is
gone: a secret, a listener, a node group, a replica. Whatever exists only in
the standby is untested configuration.

## Example
```text
aws_secretsmanager_secret.api_key   present in us-east-1, absent in us-west-2
```

## Fix
Create the resource in the shared module so both regions get it. If it is
regional by design (e.g. a bastion), add an `[[ignore]]` entry with the
address and a `reason`.
"#,
};
