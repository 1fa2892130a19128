//! PL050 missing.

use crate::engine::Sink;
use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;
use crate::snapshot::Resource;

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

/// A resource present on one side only.
pub(crate) fn check(
    primary: Option<&Resource<'_>>,
    secondary: Option<&Resource<'_>>,
    sink: &mut Sink<'_>,
) {
    let Some(present) = primary.or(secondary) else {
        return;
    };
    let (here, there) = if primary.is_some() {
        (&sink.labels.primary, &sink.labels.secondary)
    } else {
        (&sink.labels.secondary, &sink.labels.primary)
    };
    let message = format!("`{}` exists in {here} but not in {there}", present.key);
    let mark = |r: Option<&Resource<'_>>| {
        serde_json::Value::String(if r.is_some() { "present" } else { "absent" }.into())
    };
    sink.add(Finding {
        rule: &RULE,
        severity: RULE.severity,
        address: present.key.clone(),
        resource_type: present.rtype.to_string(),
        primary_address: primary.map(|r| r.address.clone()),
        secondary_address: secondary.map(|r| r.address.clone()),
        attribute: String::new(),
        primary: mark(primary),
        secondary: mark(secondary),
        message,
        hint: RULE.hint.to_owned(),
    });
    sink.keep_diff(
        &present.key,
        primary.map(|r| &r.values),
        secondary.map(|r| &r.values),
    );
}

/// The same address holds different resource types in the two regions.
pub(crate) fn check_type_mismatch(
    primary: &Resource<'_>,
    secondary: &Resource<'_>,
    sink: &mut Sink<'_>,
) {
    let message = format!(
        "`{}` is a {} in {} but a {} in {}",
        primary.key, primary.rtype, sink.labels.primary, secondary.rtype, sink.labels.secondary
    );
    sink.add(Finding {
        rule: &RULE,
        severity: RULE.severity,
        address: primary.key.clone(),
        resource_type: primary.rtype.to_string(),
        primary_address: Some(primary.address.clone()),
        secondary_address: Some(secondary.address.clone()),
        attribute: String::new(),
        primary: serde_json::Value::String(primary.rtype.to_string()),
        secondary: serde_json::Value::String(secondary.rtype.to_string()),
        message,
        hint: RULE.hint.to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, snapshot};
    use serde_json::json;

    #[test]
    fn one_sided_resources_and_for_each_keys_with_regions() {
        let p = snapshot(
            "us-east-1",
            &[
                (
                    "aws_secretsmanager_secret.api_key",
                    "aws_secretsmanager_secret",
                    json!({"name": "k"}),
                ),
                (
                    "aws_subnet.private[\"us-east-1a\"]",
                    "aws_subnet",
                    json!({"availability_zone": "us-east-1a"}),
                ),
            ],
        );
        let s = snapshot(
            "us-west-2",
            &[(
                "aws_subnet.private[\"us-west-2a\"]",
                "aws_subnet",
                json!({"availability_zone": "us-west-2a"}),
            )],
        );
        let r = crate::check(p, s, &config("")).unwrap();
        assert_eq!(ids(&r), vec![("PL050", String::new())]);
        let f = &r.findings[0];
        assert_eq!(f.address, "aws_secretsmanager_secret.api_key");
        assert!(f.secondary_address.is_none() && f.primary_address.is_some());
        assert_eq!(r.summary.pairs, 1);
    }

    #[test]
    fn symmetrical_snapshots_have_no_missing() {
        let p = snapshot("us-east-1", &[("aws_vpc.main", "aws_vpc", json!({}))]);
        let s = snapshot("us-west-2", &[("aws_vpc.main", "aws_vpc", json!({}))]);
        assert!(crate::check(p, s, &config("")).unwrap().findings.is_empty());
    }
}
