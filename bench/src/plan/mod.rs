//! Synthetic steady-state `terraform show -json` plans for a region pair.
//!
//! The document has the shape Terraform 1.9 writes (format_version 1.2):
//! `variables`, `planned_values`, `resource_changes` (mostly `no-op`, some
//! `update`, each with full `before`/`after`, `after_unknown`,
//! `before_sensitive`, `after_sensitive`), `prior_state`, `configuration`
//! (provider region, module calls), `relevant_attributes`, `timestamp`,
//! `applyable`, `complete`, `errored`.
//!
//! The secondary plan mirrors the primary: region names, availability zones
//! and AZ ids, and the network's second octet (`10.0.` -> `10.1.`, and
//! generally `10.2v.` -> `10.2v+1.` for VPC `v`) differ; everything else is
//! equal, except that about 0.5% of resources carry one planted drift (see
//! [`resources`]). A document is streamed resource by resource, so memory
//! stays flat whatever the resource count.

pub mod resources;
pub mod rng;

use std::io::{self, Write};

use anyhow::{bail, Result};
use serde::Serialize;
use serde_json::{json, Map, Value};

use resources::Built;

pub const TERRAFORM_VERSION: &str = "1.9.5";
pub const PROVIDER: &str = "registry.terraform.io/hashicorp/aws";
pub const ACCOUNT: &str = "123456789012";
/// A fixed timestamp keeps the output byte-for-byte reproducible.
pub const TIMESTAMP: &str = "2025-06-02T09:30:00Z";
pub const DEFAULT_SEED: u64 = 0x5EED_2025;

/// One side of the pair.
#[derive(Clone, Copy, Debug)]
pub struct Region {
    /// `us-east-1`
    pub name: &'static str,
    /// The short code AWS itself uses in AZ ids and ElastiCache endpoints (`use1`).
    pub short: &'static str,
    /// Added to every VPC's second octet: 0 for the primary, 1 for the secondary.
    pub net_offset: u8,
    /// Planted drift is applied to the secondary only.
    pub secondary: bool,
}

pub const PRIMARY: Region = Region {
    name: "us-east-1",
    short: "use1",
    net_offset: 0,
    secondary: false,
};

pub const SECONDARY: Region = Region {
    name: "us-west-2",
    short: "usw2",
    net_offset: 1,
    secondary: true,
};

/// The resource groups (one `resource` block each), in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Secret,
    Vpc,
    SubnetPrivate,
    SubnetPublic,
    SecurityGroup,
    SgRule,
    SgIngress,
    SgEgress,
    EksCluster,
    NodeGroup,
    EksAddon,
    LaunchTemplate,
    Lb,
    Listener,
    TargetGroup,
    Cache,
    RdsCluster,
    RdsInstance,
    Instance,
}

/// A `resource` block: where it lives and how many instances it gets.
pub struct Group {
    pub kind: Kind,
    /// `None` = the root module, else the name of a module call.
    pub module: Option<&'static str>,
    pub ty: &'static str,
    pub name: &'static str,
    pub schema_version: u32,
    /// Share of the resources, per mille; 0 = whatever is left over.
    pub per_mille: usize,
    /// Upper bound on the instance count.
    pub max: usize,
    /// `for_each` (string keys) rather than `count`.
    pub for_each: bool,
}

const fn group(
    kind: Kind,
    module: Option<&'static str>,
    ty: &'static str,
    name: &'static str,
    schema_version: u32,
    per_mille: usize,
) -> Group {
    Group {
        kind,
        module,
        ty,
        name,
        schema_version,
        per_mille,
        max: usize::MAX,
        for_each: false,
    }
}

/// Indexed by `Kind as usize`. Security group rules (~47% in all) and
/// instances (the remainder, ~20%) dominate, as in real estates.
pub const GROUPS: [Group; 19] = [
    group(
        Kind::Secret,
        None,
        "aws_secretsmanager_secret",
        "app",
        0,
        20,
    ),
    Group {
        max: 100,
        ..group(Kind::Vpc, Some("network"), "aws_vpc", "main", 1, 1)
    },
    group(
        Kind::SubnetPrivate,
        Some("network"),
        "aws_subnet",
        "private",
        1,
        60,
    ),
    group(
        Kind::SubnetPublic,
        Some("network"),
        "aws_subnet",
        "public",
        1,
        30,
    ),
    group(
        Kind::SecurityGroup,
        Some("security"),
        "aws_security_group",
        "svc",
        1,
        70,
    ),
    group(
        Kind::SgRule,
        Some("security"),
        "aws_security_group_rule",
        "svc",
        2,
        380,
    ),
    group(
        Kind::SgIngress,
        Some("security"),
        "aws_vpc_security_group_ingress_rule",
        "svc",
        0,
        60,
    ),
    group(
        Kind::SgEgress,
        Some("security"),
        "aws_vpc_security_group_egress_rule",
        "svc",
        0,
        30,
    ),
    group(
        Kind::EksCluster,
        Some("eks"),
        "aws_eks_cluster",
        "this",
        0,
        2,
    ),
    group(
        Kind::NodeGroup,
        Some("eks"),
        "aws_eks_node_group",
        "this",
        0,
        16,
    ),
    Group {
        for_each: true,
        ..group(Kind::EksAddon, Some("eks"), "aws_eks_addon", "this", 0, 8)
    },
    group(
        Kind::LaunchTemplate,
        Some("eks"),
        "aws_launch_template",
        "node",
        0,
        16,
    ),
    group(Kind::Lb, Some("edge"), "aws_lb", "svc", 0, 15),
    group(
        Kind::Listener,
        Some("edge"),
        "aws_lb_listener",
        "https",
        0,
        30,
    ),
    group(
        Kind::TargetGroup,
        Some("edge"),
        "aws_lb_target_group",
        "svc",
        0,
        30,
    ),
    group(
        Kind::Cache,
        Some("data"),
        "aws_elasticache_replication_group",
        "cache",
        2,
        8,
    ),
    group(
        Kind::RdsCluster,
        Some("data"),
        "aws_rds_cluster",
        "db",
        0,
        5,
    ),
    group(
        Kind::RdsInstance,
        Some("data"),
        "aws_rds_cluster_instance",
        "db",
        0,
        15,
    ),
    group(Kind::Instance, Some("compute"), "aws_instance", "app", 1, 0),
];

/// Module calls of the root module, in output order.
pub const MODULES: [&str; 6] = ["network", "security", "eks", "edge", "data", "compute"];

/// Smallest resource count that gives every group at least one instance.
pub const MIN_RESOURCES: usize = 100;

/// How many instances each group gets for a resource count, and the seed.
#[derive(Clone, Debug)]
pub struct Layout {
    pub seed: u64,
    counts: [usize; GROUPS.len()],
}

impl Layout {
    pub fn new(resources: usize, seed: u64) -> Result<Self> {
        if resources < MIN_RESOURCES {
            bail!("--resources must be at least {MIN_RESOURCES}, got {resources}");
        }
        let mut counts = [0; GROUPS.len()];
        for (i, g) in GROUPS.iter().enumerate() {
            assert_eq!(g.kind as usize, i, "GROUPS is out of order");
            if g.per_mille > 0 {
                counts[i] = (resources * g.per_mille / 1000).clamp(1, g.max);
            }
        }
        let fixed: usize = counts.iter().sum();
        counts[Kind::Instance as usize] = resources - fixed;
        Ok(Layout { seed, counts })
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.counts[kind as usize]
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Does instance `k` of `kind` carry planted drift (in the secondary)?
    /// About 1 in 200.
    pub fn drifted(&self, kind: Kind, k: usize) -> bool {
        self.fate(kind, k) % 200 == 7
    }

    /// Is instance `k` of `kind` an in-place `update` (a tag change, in both
    /// regions) rather than a `no-op`? About 1 in 50, for tagged types.
    pub fn updated(&self, kind: Kind, k: usize) -> bool {
        (self.fate(kind, k) >> 20) % 50 == 3
    }

    fn fate(&self, kind: Kind, k: usize) -> u64 {
        rng::hash(self.seed, &[kind as u64, k as u64, 0xFA7E])
    }
}

/// Sections of the document that list resources.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    PlannedValues,
    PriorState,
}

/// A `planned_values` / `prior_state` resource.
#[derive(Serialize)]
struct StateResource<'a> {
    address: &'a str,
    mode: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<&'a Value>,
    provider_name: &'static str,
    schema_version: u32,
    values: &'a Value,
    sensitive_values: &'a Value,
}

#[derive(Serialize)]
struct ResourceChange<'a> {
    address: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    module_address: Option<&'a str>,
    mode: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<&'a Value>,
    provider_name: &'static str,
    change: Change<'a>,
}

#[derive(Serialize)]
struct Change<'a> {
    actions: [&'static str; 1],
    before: &'a Value,
    after: &'a Value,
    after_unknown: &'a Value,
    before_sensitive: &'a Value,
    after_sensitive: &'a Value,
}

/// Writes `,` before every element but the first.
struct Seq(bool);

impl Seq {
    fn new() -> Self {
        Seq(true)
    }
    fn sep(&mut self, w: &mut (impl Write + ?Sized)) -> io::Result<()> {
        if !std::mem::take(&mut self.0) {
            w.write_all(b",")?;
        }
        Ok(())
    }
}

fn groups_of(module: Option<&str>) -> impl Iterator<Item = &'static Group> + '_ {
    GROUPS.iter().filter(move |g| g.module == module)
}

/// Every instance of the groups of one module, built one at a time.
fn for_each_instance(
    layout: &Layout,
    region: &Region,
    module: Option<&str>,
    mut f: impl FnMut(&Built) -> io::Result<()>,
) -> io::Result<()> {
    for g in groups_of(module) {
        for k in 0..layout.count(g.kind) {
            f(&resources::build(layout, region, g, k))?;
        }
    }
    Ok(())
}

/// Streams one region's plan document to `w`.
pub fn write_plan(w: &mut impl Write, layout: &Layout, region: &Region) -> Result<()> {
    write!(
        w,
        r#"{{"format_version":"1.2","terraform_version":"{TERRAFORM_VERSION}","variables":"#
    )?;
    serde_json::to_writer(&mut *w, &variables(region))?;

    w.write_all(br#","planned_values":{"root_module":"#)?;
    write_module_tree(w, layout, region, Section::PlannedValues)?;
    w.write_all(b"}")?;

    w.write_all(br#","resource_changes":["#)?;
    let mut seq = Seq::new();
    let mut any_update = false;
    for module in std::iter::once(None).chain(MODULES.iter().map(|m| Some(*m))) {
        for_each_instance(layout, region, module, |r| {
            seq.sep(w)?;
            any_update |= r.action == "update";
            serde_json::to_writer(&mut *w, &resource_change(r)).map_err(io::Error::from)
        })?;
    }
    w.write_all(b"]")?;

    write!(
        w,
        r#","prior_state":{{"format_version":"1.0","terraform_version":"{TERRAFORM_VERSION}","values":{{"root_module":"#
    )?;
    write_module_tree(w, layout, region, Section::PriorState)?;
    w.write_all(b"}}")?;

    w.write_all(br#","configuration":"#)?;
    serde_json::to_writer(&mut *w, &configuration(layout, region))?;

    w.write_all(br#","relevant_attributes":["#)?;
    let mut seq = Seq::new();
    for g in &GROUPS {
        let Some(attribute) = referenced_attribute(g.kind) else {
            continue;
        };
        for k in 0..layout.count(g.kind) {
            seq.sep(w)?;
            let address = resources::address(layout, g, k);
            serde_json::to_writer(
                &mut *w,
                &json!({ "resource": address, "attribute": [attribute] }),
            )?;
        }
    }
    write!(
        w,
        r#"],"timestamp":"{TIMESTAMP}","applyable":{any_update},"complete":true,"errored":false}}"#
    )?;
    w.flush()?;
    Ok(())
}

/// `{"resources":[...],"child_modules":[{"resources":[...],"address":"module.x"},...]}`
fn write_module_tree(
    w: &mut impl Write,
    layout: &Layout,
    region: &Region,
    section: Section,
) -> io::Result<()> {
    let write_resources = |w: &mut dyn Write, module: Option<&str>| -> io::Result<()> {
        w.write_all(br#"{"resources":["#)?;
        let mut seq = Seq::new();
        for_each_instance(layout, region, module, |r| {
            seq.sep(w)?;
            let (values, sensitive_values) = match section {
                Section::PlannedValues => (&r.after, &r.after_sensitive),
                Section::PriorState => (r.before(), &r.before_sensitive),
            };
            let resource = StateResource {
                address: &r.address,
                mode: "managed",
                ty: r.group.ty,
                name: r.group.name,
                index: Some(&r.index),
                provider_name: PROVIDER,
                schema_version: r.group.schema_version,
                values,
                sensitive_values,
            };
            serde_json::to_writer(&mut *w, &resource).map_err(io::Error::from)
        })?;
        w.write_all(b"]")
    };
    write_resources(w, None)?;
    w.write_all(br#","child_modules":["#)?;
    let mut seq = Seq::new();
    for module in MODULES {
        seq.sep(w)?;
        write_resources(w, Some(module))?;
        write!(w, r#","address":"module.{module}"}}"#)?;
    }
    w.write_all(b"]}")
}

fn resource_change(r: &Built) -> ResourceChange<'_> {
    ResourceChange {
        address: &r.address,
        module_address: r.module_address.as_deref(),
        mode: "managed",
        ty: r.group.ty,
        name: r.group.name,
        index: Some(&r.index),
        provider_name: PROVIDER,
        change: Change {
            actions: [r.action],
            before: r.before(),
            after: &r.after,
            after_unknown: &r.after_unknown,
            before_sensitive: &r.before_sensitive,
            after_sensitive: &r.after_sensitive,
        },
    }
}

fn variables(region: &Region) -> Value {
    json!({
        "environment": { "value": "prod" },
        "name_prefix": { "value": format!("hf-prod-{}", region.name) },
        "region": { "value": region.name },
    })
}

/// The attribute other resources read from a group, for `relevant_attributes`.
fn referenced_attribute(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Vpc | Kind::SubnetPrivate | Kind::SubnetPublic | Kind::SecurityGroup => Some("id"),
        Kind::LaunchTemplate => Some("latest_version"),
        Kind::EksCluster => Some("name"),
        Kind::Lb | Kind::TargetGroup => Some("arn"),
        Kind::RdsCluster => Some("cluster_identifier"),
        _ => None,
    }
}

/// `configuration`: the provider's region, the module calls, and one entry
/// per `resource` block (not per instance), so it stays small.
fn configuration(layout: &Layout, region: &Region) -> Value {
    let vpc_cidrs: Vec<String> = (0..layout.count(Kind::Vpc))
        .map(|v| resources::vpc_cidr(region, v))
        .collect();
    let mut module_calls = Map::new();
    for module in MODULES {
        let mut expressions = json!({
            "name_prefix": { "references": ["var.name_prefix"] },
            "region": { "references": ["var.region"] },
            "tags": { "references": ["local.tags"] },
        });
        if module == "network" {
            expressions["vpc_cidrs"] = json!({ "constant_value": vpc_cidrs });
        } else {
            expressions["vpc_ids"] = json!({
                "references": ["module.network.vpc_ids", "module.network"]
            });
        }
        module_calls.insert(
            module.to_owned(),
            json!({
                "source": format!("./modules/aws/region/{module}"),
                "expressions": expressions,
                "module": {
                    "resources": groups_of(Some(module)).map(config_resource).collect::<Vec<_>>(),
                    "variables": {
                        "name_prefix": { "description": "Prefix of every name; embeds the region" },
                        "region": { "description": "AWS region of this stack" },
                        "tags": { "default": {}, "description": "Tags for every resource" },
                        "vpc_cidrs": { "default": [], "description": "One CIDR per VPC" },
                        "vpc_ids": { "default": [], "description": "VPC ids from module.network" },
                    },
                },
            }),
        );
    }
    json!({
        "provider_config": {
            "aws": {
                "name": "aws",
                "full_name": PROVIDER,
                "version_constraint": "~> 5.60",
                "expressions": {
                    "region": { "constant_value": region.name },
                    "default_tags": [{ "tags": { "constant_value": resources::default_tags() } }],
                },
            },
        },
        "root_module": {
            "resources": groups_of(None).map(config_resource).collect::<Vec<_>>(),
            "module_calls": module_calls,
            "variables": {
                "environment": { "default": "prod" },
                "name_prefix": {},
                "region": { "description": "Region of this root module" },
            },
        },
    })
}

fn config_resource(g: &Group) -> Value {
    let mut v = json!({
        "address": format!("{}.{}", g.ty, g.name),
        "mode": "managed",
        "type": g.ty,
        "name": g.name,
        "provider_config_key": "aws",
        "expressions": {
            "tags": { "references": ["local.tags", "var.tags"] },
            "name": { "references": ["var.name_prefix", "count.index"] },
        },
        "schema_version": g.schema_version,
    });
    if g.for_each {
        v["for_each_expression"] = json!({ "references": ["local.addons"] });
    } else {
        v["count_expression"] = json!({ "references": [format!("local.{}_count", g.name)] });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(layout: &Layout, region: &Region) -> Vec<u8> {
        let mut out = Vec::new();
        write_plan(&mut out, layout, region).unwrap();
        out
    }

    #[test]
    fn counts_add_up_and_every_group_is_present() {
        for n in [MIN_RESOURCES, 2_000, 50_000] {
            let layout = Layout::new(n, DEFAULT_SEED).unwrap();
            assert_eq!(layout.total(), n);
            assert!(GROUPS.iter().all(|g| layout.count(g.kind) >= 1));
        }
        assert!(Layout::new(MIN_RESOURCES - 1, 1).is_err());
    }

    #[test]
    fn plans_are_valid_deterministic_and_mirrored() {
        let layout = Layout::new(400, DEFAULT_SEED).unwrap();
        let r1 = plan(&layout, &PRIMARY);
        assert_eq!(r1, plan(&layout, &PRIMARY), "not deterministic");
        let r2 = plan(&layout, &SECONDARY);
        let (d1, d2): (Value, Value) = (
            serde_json::from_slice(&r1).unwrap(),
            serde_json::from_slice(&r2).unwrap(),
        );
        for d in [&d1, &d2] {
            assert_eq!(d["format_version"], "1.2");
            assert_eq!(d["resource_changes"].as_array().unwrap().len(), 400);
            let children = d["planned_values"]["root_module"]["child_modules"]
                .as_array()
                .unwrap();
            let planned = d["planned_values"]["root_module"]["resources"]
                .as_array()
                .unwrap()
                .len()
                + children
                    .iter()
                    .map(|m| m["resources"].as_array().unwrap().len())
                    .sum::<usize>();
            assert_eq!(planned, 400);
        }
        assert_eq!(
            d2["configuration"]["provider_config"]["aws"]["expressions"]["region"]
                ["constant_value"],
            "us-west-2"
        );
        assert!(!String::from_utf8_lossy(&r2).contains("us-east-1"));

        // Apart from the mirrored parts, the plans differ only where drift was planted.
        let neutral = |bytes: &[u8], region: &Region| {
            String::from_utf8_lossy(bytes)
                .replace(region.name, "<region>")
                .replace(region.short, "<short>")
        };
        let (n1, n2) = (neutral(&r1, &PRIMARY), neutral(&r2, &SECONDARY));
        let (d1, d2): (Value, Value) = (
            serde_json::from_str(&n1).unwrap(),
            serde_json::from_str(&n2).unwrap(),
        );
        let drifted = (0..400)
            .filter(|&i| {
                let (a, b) = (&d1["resource_changes"][i], &d2["resource_changes"][i]);
                let strip = |v: &Value| v.to_string().replace("\"10.1.", "\"10.0.");
                strip(&a["change"]["after"]) != strip(&b["change"]["after"])
            })
            .count();
        let planted = GROUPS
            .iter()
            .flat_map(|g| (0..layout.count(g.kind)).map(move |k| (g.kind, k)))
            .filter(|&(kind, k)| layout.drifted(kind, k))
            .count();
        assert_eq!(drifted, planted);
    }
}
