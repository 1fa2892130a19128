//! PL020 network-rules.

use crate::engine::{differs, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::{catalog, RuleInfo};
use crate::value::Val;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL020",
    name: "network-rules",
    severity: Severity::Error,
    summary: "Security group and NSG rules must be the same set in both regions",
    hint: "Define the rules once in the region module; reference peers by CIDR relative to the network",
    explanation: r#"# PL020 network-rules

## What it does
Compares firewall rules as normalized sets: inline `ingress`/`egress` of
`aws_security_group`, `aws_security_group_rule`,
`aws_vpc_security_group_ingress_rule` / `_egress_rule`, inline
`security_rule` of `azurerm_network_security_group` and
`azurerm_network_security_rule`. A rule is its direction, protocol, ports,
peer (a CIDR is written relative to the region's network, so
`10.0.0.0/16` in us-east-1 equals `10.1.0.0/16` in us-west-2 under
`cidr = "mirrored"`), action and, for NSGs, priority. Descriptions and
ordering do not matter.

## Why it breaks failover
A port open in the primary and closed in the standby is an outage that only
shows after failover; a port open only in the standby is an exposure nobody
reviews because that region "takes no traffic".

## Example
```json
"aws_security_group.app": { "ingress": [{ "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"] }] }
"aws_security_group.app": { "ingress": [{ "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"] },
                                         { "from_port": 22,  "to_port": 22,  "cidr_blocks": ["0.0.0.0/0"] }] }
```

## Fix
Write the rule set once in the shared module. Remove hand-added rules from
the standby, or add them to the module so both regions get them.
"#,
};

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_security_group", "ingress"),
    ("aws_security_group", "egress"),
    ("aws_security_group_rule", "type"),
    ("aws_security_group_rule", "protocol"),
    ("aws_security_group_rule", "from_port"),
    ("aws_security_group_rule", "to_port"),
    ("aws_security_group_rule", "cidr_blocks"),
    ("aws_security_group_rule", "ipv6_cidr_blocks"),
    ("aws_security_group_rule", "prefix_list_ids"),
    ("aws_security_group_rule", "self"),
    ("aws_security_group_rule", "source_security_group_id"),
    ("aws_vpc_security_group_ingress_rule", "ip_protocol"),
    ("aws_vpc_security_group_ingress_rule", "from_port"),
    ("aws_vpc_security_group_ingress_rule", "to_port"),
    ("aws_vpc_security_group_ingress_rule", "cidr_ipv4"),
    ("aws_vpc_security_group_ingress_rule", "cidr_ipv6"),
    ("aws_vpc_security_group_ingress_rule", "prefix_list_id"),
    (
        "aws_vpc_security_group_ingress_rule",
        "referenced_security_group_id",
    ),
    ("aws_vpc_security_group_egress_rule", "ip_protocol"),
    ("aws_vpc_security_group_egress_rule", "from_port"),
    ("aws_vpc_security_group_egress_rule", "to_port"),
    ("aws_vpc_security_group_egress_rule", "cidr_ipv4"),
    ("aws_vpc_security_group_egress_rule", "cidr_ipv6"),
    ("aws_vpc_security_group_egress_rule", "prefix_list_id"),
    (
        "aws_vpc_security_group_egress_rule",
        "referenced_security_group_id",
    ),
    ("azurerm_network_security_group", "security_rule"),
    ("azurerm_network_security_rule", "priority"),
    ("azurerm_network_security_rule", "direction"),
    ("azurerm_network_security_rule", "access"),
    ("azurerm_network_security_rule", "protocol"),
    ("azurerm_network_security_rule", "source_port_range"),
    ("azurerm_network_security_rule", "source_port_ranges"),
    ("azurerm_network_security_rule", "destination_port_range"),
    ("azurerm_network_security_rule", "destination_port_ranges"),
    ("azurerm_network_security_rule", "source_address_prefix"),
    ("azurerm_network_security_rule", "source_address_prefixes"),
    (
        "azurerm_network_security_rule",
        "destination_address_prefix",
    ),
    (
        "azurerm_network_security_rule",
        "destination_address_prefixes",
    ),
    (
        "azurerm_network_security_rule",
        "source_application_security_group_ids",
    ),
    (
        "azurerm_network_security_rule",
        "destination_application_security_group_ids",
    ),
];

/// Inline rule sets, compared as sets of normalized rules.
const RULE_SETS: &[(&str, &str)] = &[
    ("aws_security_group", "ingress"),
    ("aws_security_group", "egress"),
    ("azurerm_network_security_group", "security_rule"),
];

pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    let mut standalone: Vec<&Leaf<'_, '_>> = Vec::new();
    let mut sets: Vec<&str> = Vec::new();
    for leaf in leaves {
        match RULE_SETS
            .iter()
            .find(|(t, a)| *t == pair.rtype() && catalog::under(&leaf.path, a))
        {
            Some((_, attr)) => {
                if !sets.contains(attr) {
                    sets.push(attr);
                }
            }
            None => standalone.push(leaf),
        }
    }
    for attr in sets {
        compare_set(pair, attr, sink);
    }
    for leaf in standalone {
        let canonical = |v: Option<&Val<'_>>| -> Option<String> {
            let v = v?;
            Some(match leaf.path.as_str() {
                "protocol" | "ip_protocol" => protocol(&v.to_string()),
                _ => v.to_string(),
            })
        };
        if leaf.equal() || canonical(leaf.primary) == canonical(leaf.secondary) {
            continue;
        }
        let message = differs(leaf, &sink.labels);
        sink.leaf_finding(&RULE, pair, leaf, message);
    }
}

fn compare_set(pair: &Pair<'_, '_>, attr: &str, sink: &mut Sink<'_>) {
    let (Some(p), Some(s)) = (
        rule_set(pair.rtype(), pair.primary.values.get(attr)),
        rule_set(pair.rtype(), pair.secondary.values.get(attr)),
    ) else {
        // Opaque rules were counted as not comparable by the engine.
        return;
    };
    for (rule, here, there) in p
        .iter()
        .filter(|r| !s.contains(r))
        .map(|r| (r, &sink.labels.primary, &sink.labels.secondary))
        .chain(
            s.iter()
                .filter(|r| !p.contains(r))
                .map(|r| (r, &sink.labels.secondary, &sink.labels.primary)),
        )
        .map(|(r, a, b)| (r.clone(), a.clone(), b.clone()))
        .collect::<Vec<_>>()
    {
        let in_primary = p.contains(&rule);
        let message = format!(
            "{attr} rule {} exists in {here} but not in {there}",
            describe(&rule)
        );
        let value = serde_json::Value::Object(rule.into_iter().collect());
        let (pv, sv) = if in_primary {
            (value, serde_json::Value::Null)
        } else {
            (serde_json::Value::Null, value)
        };
        sink.pair_finding(&RULE, pair, attr, pv, sv, message);
    }
}

/// One normalized rule: sorted (field, value) pairs.
type NormRule = Vec<(String, serde_json::Value)>;

/// The normalized rules of an inline set; `None` when any part is opaque.
fn rule_set(rtype: &str, v: Option<&Val<'_>>) -> Option<Vec<NormRule>> {
    let items = match v {
        None | Some(Val::Null) => return Some(Vec::new()),
        Some(Val::List(items)) => items,
        Some(_) => return None,
    };
    let mut out = Vec::new();
    for item in items {
        if has_opaque(item) {
            return None;
        }
        if rtype == "azurerm_network_security_group" {
            out.push(nsg_rule(item));
        } else {
            out.extend(sg_rules(item));
        }
    }
    out.sort_by_key(|r| format!("{r:?}"));
    out.dedup();
    Some(out)
}

fn has_opaque(v: &Val<'_>) -> bool {
    match v {
        Val::Unknown | Val::Sensitive => true,
        Val::List(items) => items.iter().any(has_opaque),
        Val::Map(entries) => entries.iter().any(|(_, v)| has_opaque(v)),
        _ => false,
    }
}

/// An AWS inline rule expands to one rule per peer.
fn sg_rules(item: &Val<'_>) -> Vec<NormRule> {
    let field = |k: &str| {
        item.get(k)
            .map(Val::to_json)
            .unwrap_or(serde_json::Value::Null)
    };
    let base = vec![
        (
            "protocol".to_owned(),
            serde_json::Value::String(protocol(&field("protocol").to_string())),
        ),
        ("from_port".to_owned(), field("from_port")),
        ("to_port".to_owned(), field("to_port")),
    ];
    let mut peers = Vec::new();
    for key in [
        "cidr_blocks",
        "ipv6_cidr_blocks",
        "prefix_list_ids",
        "security_groups",
    ] {
        for peer in item.get(key).and_then(Val::as_list).unwrap_or(&[]) {
            peers.push((key, peer.to_json()));
        }
    }
    if item.get("self") == Some(&Val::Bool(true)) {
        peers.push(("self", serde_json::Value::Bool(true)));
    }
    peers
        .into_iter()
        .map(|(key, peer)| {
            let mut rule = base.clone();
            rule.push((key.to_owned(), peer));
            rule.sort_by(|a, b| a.0.cmp(&b.0));
            rule
        })
        .collect()
}

fn nsg_rule(item: &Val<'_>) -> NormRule {
    let text = |k: &str| {
        item.get(k)
            .and_then(Val::as_str)
            .map(|s| s.to_ascii_lowercase())
    };
    let merged = |single: &str, plural: &str| {
        let mut all: Vec<String> = item
            .get(plural)
            .and_then(Val::as_list)
            .unwrap_or(&[])
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        if let Some(s) = item.get(single).and_then(Val::as_str) {
            if !s.is_empty() {
                all.push(s.to_owned());
            }
        }
        all.sort();
        serde_json::Value::from(all)
    };
    let mut rule = vec![
        ("access".to_owned(), serde_json::Value::from(text("access"))),
        (
            "direction".to_owned(),
            serde_json::Value::from(text("direction")),
        ),
        (
            "priority".to_owned(),
            item.get("priority").map(Val::to_json).unwrap_or_default(),
        ),
        (
            "protocol".to_owned(),
            serde_json::Value::from(text("protocol").map(|p| protocol(&p))),
        ),
        (
            "source_ports".to_owned(),
            merged("source_port_range", "source_port_ranges"),
        ),
        (
            "destination_ports".to_owned(),
            merged("destination_port_range", "destination_port_ranges"),
        ),
        (
            "source".to_owned(),
            merged("source_address_prefix", "source_address_prefixes"),
        ),
        (
            "destination".to_owned(),
            merged("destination_address_prefix", "destination_address_prefixes"),
        ),
    ];
    rule.sort_by(|a, b| a.0.cmp(&b.0));
    rule
}

/// `-1`/`all` → `all`, IANA numbers → names, lower case, quotes dropped.
fn protocol(p: &str) -> String {
    let p = p.trim_matches('"').to_ascii_lowercase();
    match p.as_str() {
        "-1" | "all" => "all".into(),
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "1" => "icmp".into(),
        "58" => "icmpv6".into(),
        _ => p,
    }
}

fn describe(rule: &NormRule) -> String {
    let parts: Vec<String> = rule
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, snapshot};
    use serde_json::json;

    fn sg(
        rules: serde_json::Value,
        vpc: &str,
    ) -> Vec<(&'static str, &'static str, serde_json::Value)> {
        vec![
            ("aws_vpc.main", "aws_vpc", json!({"cidr_block": vpc})),
            (
                "aws_security_group.app",
                "aws_security_group",
                json!({"ingress": rules, "name": "app"}),
            ),
        ]
    }

    fn rule(port: u16, cidr: &str, protocol: &str, description: &str) -> serde_json::Value {
        json!({"from_port": port, "to_port": port, "protocol": protocol, "cidr_blocks": [cidr],
               "description": description, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
               "security_groups": [], "self": false})
    }

    fn run(p: serde_json::Value, s: serde_json::Value) -> crate::Report {
        crate::check(
            snapshot("us-east-1", &sg(p, "10.0.0.0/16")),
            snapshot("us-west-2", &sg(s, "10.1.0.0/16")),
            &config(""),
        )
        .unwrap()
    }

    #[test]
    fn same_set_in_other_order_with_relative_peers_passes() {
        let p = json!([
            rule(443, "0.0.0.0/0", "tcp", "https"),
            rule(8080, "10.0.0.0/16", "6", "app")
        ]);
        let s = json!([
            rule(8080, "10.1.0.0/16", "tcp", "application"),
            rule(443, "0.0.0.0/0", "tcp", "https")
        ]);
        let r = run(p, s);
        assert!(r.findings.is_empty(), "{:?}", ids(&r));
    }

    #[test]
    fn extra_rule_is_reported_with_its_side() {
        let p = json!([rule(443, "0.0.0.0/0", "tcp", "")]);
        let s = json!([
            rule(443, "0.0.0.0/0", "tcp", ""),
            rule(22, "0.0.0.0/0", "tcp", "")
        ]);
        let r = run(p, s);
        assert_eq!(ids(&r), vec![("PL020", "ingress".to_owned())]);
        assert!(r.findings[0].primary.is_null());
        assert_eq!(r.findings[0].secondary["from_port"], json!(22));
        assert!(r.findings[0]
            .message
            .contains("exists in us-west-2 but not in us-east-1"));
    }

    #[test]
    fn nsg_rules_compare_ports_and_priority() {
        let nsg = |port: &str, prio: u32| {
            json!({"security_rule": [{"name": "https", "priority": prio, "direction": "Inbound", "access": "Allow",
                   "protocol": "Tcp", "source_port_range": "*", "source_port_ranges": [],
                   "destination_port_range": port, "destination_port_ranges": [],
                   "source_address_prefix": "Internet", "source_address_prefixes": [],
                   "destination_address_prefix": "*", "destination_address_prefixes": []}]})
        };
        let run = |p, s| {
            crate::check(
                snapshot(
                    "eastus",
                    &[(
                        "azurerm_network_security_group.aks",
                        "azurerm_network_security_group",
                        p,
                    )],
                ),
                snapshot(
                    "westus2",
                    &[(
                        "azurerm_network_security_group.aks",
                        "azurerm_network_security_group",
                        s,
                    )],
                ),
                &config(""),
            )
            .unwrap()
        };
        assert!(run(nsg("443", 100), nsg("443", 100)).findings.is_empty());
        assert_eq!(run(nsg("443", 100), nsg("8443", 100)).findings.len(), 2);
        assert_eq!(run(nsg("443", 100), nsg("443", 110)).findings.len(), 2);
    }

    #[test]
    fn standalone_rules_compare_canonical_protocols() {
        let r = crate::testing::one(
            "aws_security_group_rule",
            json!({"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0}),
            json!({"type": "ingress", "protocol": "all", "from_port": 0, "to_port": 0}),
            &config(""),
        );
        assert!(r.findings.is_empty());
        let r = crate::testing::one(
            "azurerm_network_security_rule",
            json!({"destination_port_range": "443"}),
            json!({"destination_port_range": "8443"}),
            &config(""),
        );
        assert_eq!(
            ids(&r),
            vec![("PL020", "destination_port_range".to_owned())]
        );
    }
}
