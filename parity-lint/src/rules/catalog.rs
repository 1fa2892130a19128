//! Which rule owns which attribute of which resource type.
//!
//! Each rule file lists its `(resource type, attribute path)` pairs in
//! `ATTRIBUTES`; paths use `[*]` for list indices and match as prefixes
//! (`scaling_config` owns `scaling_config[*].desired_size`). Attributes no
//! rule owns belong to PL060, except identity and replication-role
//! attributes, which are never compared.

use crate::rules::{
    pl001_cidr_layout, pl010_instance_size, pl011_capacity, pl020_network_rules, pl030_tags,
    pl040_versions, pl060_attribute_drift, RuleInfo,
};

/// Computed identity attributes: per-resource by nature, on every type.
const IDENTITY: &[&str] = &[
    "id",
    "arn",
    "arn_suffix",
    "owner_id",
    "unique_id",
    "fqdn",
    "private_fqdn",
    "portal_fqdn",
    "endpoint",
    "reader_endpoint",
    "dns_name",
    "hostname",
    "zone_id",
    "hosted_zone_id",
    "created_at",
    "creation_date",
    "modified_at",
    "status",
    "resource_id",
    "cluster_resource_id",
    "dbi_resource_id",
    "primary_endpoint_address",
    "reader_endpoint_address",
    "configuration_endpoint_address",
    "member_clusters",
    "cluster_members",
    "kube_config",
    "kube_admin_config",
    "kube_config_raw",
    "kube_admin_config_raw",
    "node_resource_group_id",
    "oidc_issuer_url",
    "current_kubernetes_version",
    "kubelet_identity",
    "vault_uri",
    "primary_access_key",
    "secondary_access_key",
    "primary_connection_string",
    "secondary_connection_string",
    "private_ip",
    "public_ip",
    "private_dns",
    "public_dns",
    "primary_network_interface_id",
    "instance_state",
    "password_data",
    "default_security_group_id",
    "default_route_table_id",
    "main_route_table_id",
    "default_network_acl_id",
    "dhcp_options_id",
    "ipv6_association_id",
    "ipv6_cidr_block",
    "ipv6_cidr_block_association_id",
    "latest_version",
    "guid",
    "master_user_secret",
    "writer",
];

/// Per-type attributes never compared: computed identities whose names are
/// settings on other types (`identity`, `port`), and the attributes that
/// hold a region's replication role, which differ between the writer region
/// and the replica region by design.
const ROLE: &[(&str, &str)] = &[
    ("aws_eks_cluster", "identity"),
    ("aws_eks_cluster", "certificate_authority"),
    ("aws_eks_cluster", "platform_version"),
    ("aws_eks_node_group", "resources"),
    ("azurerm_redis_cache", "port"),
    ("azurerm_redis_cache", "ssl_port"),
    ("aws_rds_cluster", "replication_source_identifier"),
    ("aws_rds_cluster", "source_region"),
    ("aws_rds_cluster", "master_username"),
    ("aws_rds_cluster", "master_password"),
    ("aws_rds_cluster", "manage_master_user_password"),
    ("aws_rds_cluster", "snapshot_identifier"),
    ("aws_rds_cluster", "enable_global_write_forwarding"),
    ("aws_rds_cluster", "database_name"),
    ("azurerm_postgresql_flexible_server", "create_mode"),
    ("azurerm_postgresql_flexible_server", "source_server_id"),
    ("azurerm_postgresql_flexible_server", "replication_role"),
    ("azurerm_postgresql_flexible_server", "administrator_login"),
    (
        "azurerm_postgresql_flexible_server",
        "administrator_password",
    ),
    (
        "azurerm_postgresql_flexible_server",
        "point_in_time_restore_time_in_utc",
    ),
];

/// Who compares an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Rule(&'static RuleInfo),
    /// Identity or role: never compared.
    Skip,
}

/// `default_node_pool[0].vm_size` → `default_node_pool[*].vm_size`.
pub(crate) fn wildcard(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if rest.starts_with('"') {
            // A quoted map key: copy it whole, brackets inside included.
            let end = quoted_end(rest);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(']') {
            out.push('*');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Length of the JSON string literal at the start of `s`, quotes included.
fn quoted_end(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Whether `path` is `pattern` or lies under it.
pub(crate) fn under(path: &str, pattern: &str) -> bool {
    path.strip_prefix(pattern)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

fn top_level(path: &str) -> &str {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    &path[..end]
}

/// The owner of an attribute (`path` in wildcard form).
pub(crate) fn owner(rtype: &str, path: &str) -> Owner {
    let top = top_level(path);
    if IDENTITY.contains(&top) || ROLE.iter().any(|(t, a)| *t == rtype && *a == top) {
        return Owner::Skip;
    }
    let tables: [(&'static RuleInfo, &[(&str, &str)]); 6] = [
        (&pl001_cidr_layout::RULE, pl001_cidr_layout::ATTRIBUTES),
        (&pl020_network_rules::RULE, pl020_network_rules::ATTRIBUTES),
        (&pl030_tags::RULE, pl030_tags::ATTRIBUTES),
        (&pl010_instance_size::RULE, pl010_instance_size::ATTRIBUTES),
        (&pl011_capacity::RULE, pl011_capacity::ATTRIBUTES),
        (&pl040_versions::RULE, pl040_versions::ATTRIBUTES),
    ];
    for (rule, attributes) in tables {
        if attributes
            .iter()
            .any(|(t, pattern)| (*t == "*" || *t == rtype) && under(path, pattern))
        {
            return Owner::Rule(rule);
        }
    }
    Owner::Rule(&pl060_attribute_drift::RULE)
}

/// Whether any specific rule knows the type (for documentation and tests).
pub fn covered_types() -> Vec<&'static str> {
    let mut types: Vec<&'static str> = [
        pl001_cidr_layout::ATTRIBUTES,
        pl010_instance_size::ATTRIBUTES,
        pl011_capacity::ATTRIBUTES,
        pl020_network_rules::ATTRIBUTES,
        pl040_versions::ATTRIBUTES,
    ]
    .iter()
    .flat_map(|a| a.iter().map(|(t, _)| *t))
    .filter(|t| *t != "*")
    .collect();
    types.sort_unstable();
    types.dedup();
    types
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_indices_only() {
        assert_eq!(wildcard("a[0].b[12]"), "a[*].b[*]");
        assert_eq!(wildcard(r#"tags["k[0]"]"#), r#"tags["k[0]"]"#);
    }

    #[test]
    fn owners() {
        let id = |t, p| match owner(t, p) {
            Owner::Rule(r) => r.id,
            Owner::Skip => "skip",
        };
        assert_eq!(id("aws_eks_node_group", "instance_types[*]"), "PL010");
        assert_eq!(
            id("aws_eks_node_group", "scaling_config[*].desired_size"),
            "PL011"
        );
        assert_eq!(id("aws_subnet", "cidr_block"), "PL001");
        assert_eq!(id("aws_security_group", "ingress[*].from_port"), "PL020");
        assert_eq!(id("aws_vpc", "tags.Owner"), "PL030");
        assert_eq!(id("aws_eks_cluster", "version"), "PL040");
        assert_eq!(id("aws_eks_cluster", "endpoint"), "skip");
        assert_eq!(id("aws_eks_cluster", "identity"), "skip");
        assert_eq!(
            id("azurerm_kubernetes_cluster", "identity[*].type"),
            "PL060"
        );
        assert_eq!(id("aws_lb_listener", "port"), "PL060");
        assert_eq!(
            id("azurerm_postgresql_flexible_server", "create_mode"),
            "skip"
        );
        assert_eq!(id("aws_lb_target_group", "health_check[*].path"), "PL060");
        assert_eq!(id("aws_vpc", "tags_allx"), "PL060");
    }

    /// Every type DESIGN §3 lists is known to a specific rule, or is
    /// deliberately PL060-only (listeners, target groups, secrets: their
    /// attributes are plain settings).
    #[test]
    fn design_types_are_covered() {
        let covered = covered_types();
        let plain = [
            "aws_lb",
            "aws_lb_listener",
            "aws_lb_target_group",
            "aws_secretsmanager_secret",
        ];
        for t in [
            "aws_vpc",
            "aws_subnet",
            "aws_security_group",
            "aws_security_group_rule",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
            "aws_eks_cluster",
            "aws_eks_node_group",
            "aws_eks_addon",
            "aws_elasticache_replication_group",
            "aws_rds_cluster",
            "aws_rds_cluster_instance",
            "aws_launch_template",
            "aws_instance",
            "azurerm_virtual_network",
            "azurerm_subnet",
            "azurerm_network_security_group",
            "azurerm_network_security_rule",
            "azurerm_kubernetes_cluster",
            "azurerm_kubernetes_cluster_node_pool",
            "azurerm_application_gateway",
            "azurerm_redis_cache",
            "azurerm_key_vault",
            "azurerm_postgresql_flexible_server",
        ] {
            assert!(covered.contains(&t), "{t} has no specific rule");
        }
        for t in plain {
            assert!(!covered.contains(&t));
        }
    }
}
