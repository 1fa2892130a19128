//! PL030 tags.

use std::borrow::Cow;

use crate::engine::{json, show, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::RuleInfo;
use crate::value::{key_path, Val};

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

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[("*", "tags"), ("*", "tags_all")];

/// The tags a resource ends up with: `tags_all` (provider default tags
/// included) when the plan knows it, else `tags`. `None` when the resource
/// has no tags attribute or they are opaque.
fn effective<'v, 'a>(values: &'v Val<'a>) -> Option<&'v [(Cow<'a, str>, Val<'a>)]> {
    let pick = |key| match values.get(key) {
        Some(Val::Map(entries)) => Some(Some(entries.as_slice())),
        Some(Val::Null) | Some(Val::List(_)) => Some(Some(&[][..])),
        Some(_) => Some(None),
        None => None,
    };
    match pick("tags_all") {
        Some(Some(all)) if !all.is_empty() => Some(all),
        _ => pick("tags").flatten(),
    }
}

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    if !leaves.is_empty() {
        if let (Some(p), Some(s)) = (
            effective(&pair.primary.values),
            effective(&pair.secondary.values),
        ) {
            compare(pair, p, s, sink);
        }
    }
    check_required(pair, sink);
}

type Tags<'v, 'a> = &'v [(Cow<'a, str>, Val<'a>)];

fn tag<'v, 'a>(tags: Tags<'v, 'a>, key: &str) -> Option<&'v Val<'a>> {
    tags.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn compare(pair: &Pair<'_, '_>, p: Tags<'_, '_>, s: Tags<'_, '_>, sink: &mut Sink<'_>) {
    let mut keys: Vec<&str> = p.iter().chain(s).map(|(k, _)| k.as_ref()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if sink.config().regional_tag_keys.iter().any(|k| k == key) {
            continue;
        }
        let (pv, sv) = (tag(p, key), tag(s, key));
        if pv == sv || pv.is_some_and(Val::is_opaque) || sv.is_some_and(Val::is_opaque) {
            continue;
        }
        let message = match (pv, sv) {
            (Some(_), None) => format!(
                "tag `{key}` is set in {} but not in {}",
                sink.labels.primary, sink.labels.secondary
            ),
            (None, Some(_)) => format!(
                "tag `{key}` is set in {} but not in {}",
                sink.labels.secondary, sink.labels.primary
            ),
            _ => format!(
                "tag `{key}` differs: {} in {}, {} in {}",
                show(pv),
                sink.labels.primary,
                show(sv),
                sink.labels.secondary
            ),
        };
        sink.pair_finding(
            &RULE,
            pair,
            &key_path("tags", key),
            json(pv),
            json(sv),
            message,
        );
    }
}

/// Required tags present on both sides of a taggable resource.
pub(crate) fn check_required(pair: &Pair<'_, '_>, sink: &mut Sink<'_>) {
    if sink.config().required_tags.is_empty() {
        return;
    }
    let (Some(p), Some(s)) = (
        effective(&pair.primary.values),
        effective(&pair.secondary.values),
    ) else {
        return;
    };
    let required = sink.config().required_tags.clone();
    for key in &required {
        let has = |tags: &[(Cow<'_, str>, Val<'_>)]| tags.iter().any(|(k, _)| k == key);
        let missing: Vec<&str> = [
            (has(p), sink.labels.primary.as_str()),
            (has(s), sink.labels.secondary.as_str()),
        ]
        .into_iter()
        .filter(|(present, _)| !present)
        .map(|(_, label)| label)
        .collect();
        if missing.is_empty() {
            continue;
        }
        let message = format!(
            "required tag `{key}` is missing in {}",
            missing.join(" and ")
        );
        let mark = |present: bool| {
            serde_json::Value::String(if present { "present" } else { "absent" }.into())
        };
        sink.pair_finding(
            &RULE,
            pair,
            &key_path("tags", key),
            mark(has(p)),
            mark(has(s)),
            message,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, one};
    use serde_json::json;

    fn tags(cost: &str, region: &str) -> serde_json::Value {
        json!({"tags": {"CostCenter": cost, "Region": region, "Name": format!("hf-{region}-vpc")},
               "tags_all": {"CostCenter": cost, "Region": region, "Name": format!("hf-{region}-vpc")}})
    }

    #[test]
    fn differing_tag_is_reported_once() {
        let r = one(
            "aws_vpc",
            tags("platform", "us-east-1"),
            tags("plat", "us-west-2"),
            &config(""),
        );
        assert_eq!(ids(&r), vec![("PL030", "tags.CostCenter".to_owned())]);
    }

    #[test]
    fn regional_keys_and_region_values_are_not_findings() {
        let r = one(
            "aws_vpc",
            tags("platform", "us-east-1"),
            tags("platform", "us-west-2"),
            &config(""),
        );
        assert!(r.findings.is_empty());
        let r = one(
            "aws_vpc",
            json!({"tags": {"Region": "primary"}}),
            json!({"tags": {"Region": "standby"}}),
            &config("regional_tag_keys = [\"Region\"]\n"),
        );
        assert!(r.findings.is_empty());
    }

    #[test]
    fn required_tags_must_be_present_in_both() {
        let c = config("required_tags = [\"Owner\"]\n");
        let r = one(
            "aws_vpc",
            json!({"tags": {"Owner": "sre"}}),
            json!({"tags": {"Owner": "sre"}}),
            &c,
        );
        assert!(r.findings.is_empty());
        let r = one("aws_vpc", json!({"tags": {}}), json!({"tags": {}}), &c);
        assert_eq!(ids(&r), vec![("PL030", "tags.Owner".to_owned())]);
        assert!(r.findings[0].message.contains("us-east-1 and us-west-2"));
        let r = one(
            "aws_vpc",
            json!({"tags": {"Owner": "sre"}}),
            json!({"tags": null}),
            &c,
        );
        assert_eq!(r.findings.len(), 2, "{:?}", ids(&r)); // the differing tag and the missing required one
        let r = one(
            "aws_security_group_rule",
            json!({"type": "ingress"}),
            json!({"type": "ingress"}),
            &c,
        );
        assert!(r.findings.is_empty(), "untaggable resources need no tags");
    }
}
