//! PL020 network-rules.

use crate::finding::Severity;
use crate::rules::RuleInfo;

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
