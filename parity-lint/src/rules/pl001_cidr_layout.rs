//! PL001 cidr-layout.

use crate::config::CidrMode;
use crate::engine::{differing_leaves, differs, Leaf, Pair, Sink};
use crate::finding::Severity;
use crate::rules::RuleInfo;
use crate::value::Val;

pub static RULE: RuleInfo = RuleInfo {
    id: "PL001",
    name: "cidr-layout",
    severity: Severity::Error,
    summary: "VPC/VNet and subnet CIDRs must have the same layout in both regions",
    hint: "Derive both regions' CIDRs from one base with cidrsubnet() so prefix lengths and offsets match",
    explanation: r#"# PL001 cidr-layout

## What it does
Compares the CIDR blocks of networks and subnets (`aws_vpc.cidr_block`,
`aws_subnet.cidr_block`, `azurerm_virtual_network.address_space`,
`azurerm_subnet.address_prefixes`) between the regions.

- `cidr = "mirrored"` (default): every subnet must sit at the same offset
  inside its region's network and have the same prefix length; networks must
  have the same prefix length. `10.0.11.0/24` in `10.0.0.0/16` mirrors
  `10.1.11.0/24` in `10.1.0.0/16`.
- `cidr = "identical"`: the blocks must be equal.

## Why it breaks failover
Security rules, route tables, NACLs and Kubernetes pod ranges are written
against the layout. A subnet one slot off in the standby region means the
rules that admit the application tier admit the wrong hosts there, or none:
the failover lands in a network that was never tested.

## Example
```json
"aws_subnet.private[2]": { "cidr_block": "10.0.12.0/24" }   // us-east-1, in 10.0.0.0/16
"aws_subnet.private[2]": { "cidr_block": "10.1.13.0/24" }   // us-west-2, in 10.1.0.0/16
```
The offsets are `0.0.12.0` and `0.0.13.0`.

## Fix
Compute subnets from the region's base block in the shared module, e.g.
`cidr_block = cidrsubnet(var.vpc_cidr, 8, 10 + count.index)`, and pass only
the base block per region.
"#,
};

pub(crate) const ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_vpc", "cidr_block"),
    ("aws_vpc_ipv4_cidr_block_association", "cidr_block"),
    ("aws_subnet", "cidr_block"),
    ("azurerm_virtual_network", "address_space"),
    ("azurerm_subnet", "address_prefixes"),
];

/// Values arrive normalized: under `mirrored`, a block inside its region's
/// network reads `<aws_vpc.main>+0.0.12.0/24`, so equal strings mean equal
/// layout. A block outside every known network stays literal; then only
/// its prefix length can be compared.
pub(crate) fn check(pair: &Pair<'_, '_>, leaves: &[&Leaf<'_, '_>], sink: &mut Sink<'_>) {
    if sink.config().cidr == CidrMode::Identical {
        differing_leaves(&RULE, pair, leaves, sink);
        return;
    }
    for leaf in leaves {
        if leaf.equal() {
            continue;
        }
        let p = leaf.primary.and_then(Val::as_str);
        let s = leaf.secondary.and_then(Val::as_str);
        if let (Some(p), Some(s)) = (p, s) {
            let relative = |v: &str| v.starts_with('<');
            if !relative(p) && !relative(s) && prefix_len(p) == prefix_len(s) {
                sink.not_comparable += 1;
                continue;
            }
        }
        let message = format!(
            "CIDR layout {} (offset/prefix inside the region's network)",
            differs(leaf, &sink.labels)
        );
        sink.leaf_finding(&RULE, pair, leaf, message);
    }
}

fn prefix_len(v: &str) -> Option<&str> {
    v.rsplit_once('/').map(|(_, len)| len)
}

#[cfg(test)]
mod tests {
    use crate::testing::{config, ids, snapshot};
    use serde_json::json;

    fn region(
        vpc: &str,
        subnet: &str,
        zone: &str,
    ) -> Vec<(&'static str, &'static str, serde_json::Value)> {
        vec![
            ("aws_vpc.main", "aws_vpc", json!({"cidr_block": vpc})),
            (
                "aws_subnet.private[2]",
                "aws_subnet",
                json!({"cidr_block": subnet, "availability_zone": zone}),
            ),
        ]
    }

    fn run(p: &str, ps: &str, s: &str, ss: &str, cfg: &str) -> crate::Report {
        crate::check(
            snapshot("us-east-1", &region(p, ps, "us-east-1c")),
            snapshot("us-west-2", &region(s, ss, "us-west-2c")),
            &config(cfg),
        )
        .unwrap()
    }

    #[test]
    fn mirrored_layout_passes() {
        assert!(run(
            "10.0.0.0/16",
            "10.0.12.0/24",
            "10.1.0.0/16",
            "10.1.12.0/24",
            ""
        )
        .findings
        .is_empty());
    }

    #[test]
    fn shifted_subnet_and_prefix_fail() {
        let r = run(
            "10.0.0.0/16",
            "10.0.12.0/24",
            "10.1.0.0/16",
            "10.1.13.0/24",
            "",
        );
        assert_eq!(ids(&r), vec![("PL001", "cidr_block".to_owned())]);
        assert_eq!(r.findings[0].address, "aws_subnet.private[2]");
        assert_eq!(r.findings[0].primary, json!("<aws_vpc.main>+0.0.12.0/24"));
        let r = run(
            "10.0.0.0/16",
            "10.0.12.0/24",
            "10.1.0.0/17",
            "10.1.12.0/24",
            "",
        );
        assert_eq!(r.findings[0].address, "aws_vpc.main");
    }

    #[test]
    fn identical_mode_compares_literally() {
        let cfg = "cidr = \"identical\"\n";
        assert!(run(
            "10.0.0.0/16",
            "10.0.12.0/24",
            "10.0.0.0/16",
            "10.0.12.0/24",
            cfg
        )
        .findings
        .is_empty());
        let r = run(
            "10.0.0.0/16",
            "10.0.12.0/24",
            "10.1.0.0/16",
            "10.1.12.0/24",
            cfg,
        );
        assert_eq!(r.findings.len(), 2);
    }

    #[test]
    fn invalid_cidr_is_an_error_naming_the_attribute() {
        let e = crate::check(
            snapshot(
                "us-east-1",
                &region("10.0.0.0/16", "10.0.300.0/24", "us-east-1c"),
            ),
            snapshot(
                "us-west-2",
                &region("10.1.0.0/16", "10.1.12.0/24", "us-west-2c"),
            ),
            &config(""),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("aws_subnet.private[2]")
                && msg.contains("cidr_block")
                && msg.contains("10.0.300.0/24"),
            "{msg}"
        );
    }
}
