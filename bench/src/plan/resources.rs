//! Attribute trees of each resource type, shaped like `hashicorp/aws` 5.x
//! state: nested blocks as lists of objects, `tags` and `tags_all` maps,
//! ARNs embedding region and account, AZs and AZ ids, names embedding the
//! region, empty strings and nulls where the provider leaves them.
//!
//! Everything not region-specific (ids, hashes, sizes, versions) is drawn
//! from a stream seeded by (seed, group, index) alone, so both regions agree
//! on it. Planted drift (secondary only, see [`Layout::drifted`]) changes one
//! attribute per drifted resource, chosen to exercise a rule:
//!
//! | type | drift | rule |
//! |---|---|---|
//! | aws_subnet | `/24` -> `/25` | PL001 |
//! | aws_security_group(_rule), aws_vpc_security_group_*_rule | port, peer CIDR, protocol | PL020 |
//! | aws_launch_template, aws_elasticache_replication_group, aws_rds_cluster_instance | instance/node type | PL010 |
//! | aws_eks_node_group | desired size | PL011 |
//! | aws_eks_cluster, aws_eks_addon, aws_rds_cluster | version | PL040 |
//! | aws_instance | instance type or `Owner` tag | PL010 / PL030 |
//! | aws_vpc, aws_lb, aws_lb_listener, aws_lb_target_group, aws_secretsmanager_secret | other attribute | PL060 |

use serde_json::{json, Map, Value};

use super::rng::{hash, Rng};
use super::{Group, Kind, Layout, Region, ACCOUNT};

/// One resource instance, with everything the three resource sections need.
pub struct Built {
    pub group: &'static Group,
    pub address: String,
    pub module_address: Option<String>,
    /// Count index (number) or for_each key (string).
    pub index: Value,
    /// `no-op` or `update`.
    pub action: &'static str,
    pub after: Value,
    /// `None` when equal to `after` (a `no-op`).
    before: Option<Value>,
    pub after_unknown: Value,
    pub before_sensitive: Value,
    pub after_sensitive: Value,
}

impl Built {
    pub fn before(&self) -> &Value {
        self.before.as_ref().unwrap_or(&self.after)
    }
}

/// Top-level attributes the provider marks sensitive.
fn sensitive_attributes(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Cache => &["auth_token"],
        Kind::RdsCluster => &["master_password"],
        _ => &[],
    }
}

pub fn build(layout: &Layout, region: &Region, group: &'static Group, k: usize) -> Built {
    let kind = group.kind;
    let mut cx = Ctx {
        layout,
        region,
        k,
        rng: Rng::new(hash(layout.seed, &[kind as u64, k as u64])),
        drift: region.secondary && layout.drifted(kind, k),
    };
    let after = match kind {
        Kind::Secret => secret(&mut cx),
        Kind::Vpc => vpc(&mut cx),
        Kind::SubnetPrivate | Kind::SubnetPublic => subnet(&mut cx, kind),
        Kind::SecurityGroup => security_group(&mut cx),
        Kind::SgRule => security_group_rule(&mut cx),
        Kind::SgIngress | Kind::SgEgress => vpc_security_group_rule(&mut cx, kind),
        Kind::EksCluster => eks_cluster(&mut cx),
        Kind::NodeGroup => node_group(&mut cx),
        Kind::EksAddon => eks_addon(&mut cx),
        Kind::LaunchTemplate => launch_template(&mut cx),
        Kind::Lb => lb(&mut cx),
        Kind::Listener => listener(&mut cx),
        Kind::TargetGroup => target_group(&mut cx),
        Kind::Cache => cache(&mut cx),
        Kind::RdsCluster => rds_cluster(&mut cx),
        Kind::RdsInstance => rds_instance(&mut cx),
        Kind::Instance => instance(&mut cx),
    };
    // An in-place update: the `Revision` tag moved on since the last apply.
    let before = (layout.updated(kind, k) && after["tags"].is_object()).then(|| {
        let mut before = after.clone();
        for map in ["tags", "tags_all"] {
            before[map]["Revision"] = json!("r41");
        }
        before
    });
    let sensitive = sensitive_attributes(kind);
    let after_sensitive = skeleton(&after, sensitive);
    let before_sensitive = match &before {
        Some(b) => skeleton(b, sensitive),
        None => after_sensitive.clone(),
    };
    Built {
        group,
        address: address(layout, group, k),
        module_address: group.module.map(|m| format!("module.{m}")),
        index: index(layout, group, k),
        action: if before.is_some() { "update" } else { "no-op" },
        after_unknown: skeleton(&after, &[]),
        after,
        before,
        before_sensitive,
        after_sensitive,
    }
}

/// The structure Terraform writes for `after_unknown` and the `*_sensitive`
/// objects: nested collections kept (primitive list elements as `false`),
/// primitive object members omitted, `sensitive` top-level members `true`.
fn skeleton(value: &Value, sensitive: &[&str]) -> Value {
    let Value::Object(members) = value else {
        return json!({});
    };
    let mut out = Map::new();
    for (key, member) in members {
        if sensitive.contains(&key.as_str()) {
            out.insert(key.clone(), Value::Bool(true));
        } else if let Some(s) = nested_skeleton(member) {
            out.insert(key.clone(), s);
        }
    }
    Value::Object(out)
}

fn nested_skeleton(value: &Value) -> Option<Value> {
    match value {
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|i| nested_skeleton(i).unwrap_or(Value::Bool(false)))
                .collect(),
        )),
        Value::Object(members) => Some(Value::Object(
            members
                .iter()
                .filter_map(|(k, m)| nested_skeleton(m).map(|s| (k.clone(), s)))
                .collect(),
        )),
        _ => None,
    }
}

pub fn address(layout: &Layout, group: &Group, k: usize) -> String {
    let module = group
        .module
        .map(|m| format!("module.{m}."))
        .unwrap_or_default();
    let index = match index(layout, group, k) {
        Value::String(key) => format!("[{key:?}]"),
        other => format!("[{other}]"),
    };
    format!("{module}{}.{}{index}", group.ty, group.name)
}

const ADDONS: [(&str, &str); 6] = [
    ("vpc-cni", "v1.18.3-eksbuild.2"),
    ("coredns", "v1.11.3-eksbuild.1"),
    ("kube-proxy", "v1.30.3-eksbuild.5"),
    ("aws-ebs-csi-driver", "v1.34.0-eksbuild.1"),
    ("eks-pod-identity-agent", "v1.3.2-eksbuild.2"),
    ("amazon-cloudwatch-observability", "v2.1.1-eksbuild.1"),
];

fn index(layout: &Layout, group: &Group, k: usize) -> Value {
    if !group.for_each {
        return json!(k);
    }
    // aws_eks_addon: keyed "<cluster>/<addon>", region-neutral so the two
    // regions' addresses pair up.
    let clusters = layout.count(Kind::EksCluster);
    let (cluster, round) = (k % clusters, k / clusters);
    let (addon, _) = ADDONS[round % ADDONS.len()];
    match round / ADDONS.len() {
        0 => json!(format!("c{cluster:03}/{addon}")),
        n => json!(format!("c{cluster:03}/{addon}-{n}")),
    }
}

/// The provider's `default_tags`, merged into every `tags_all`.
pub fn default_tags() -> Value {
    json!({ "Project": "highflame", "Terraform": "true" })
}

/// CIDR of VPC `v`: `10.(2v + offset).0.0/16`, so the primary's `10.0.` is
/// the secondary's `10.1.`.
pub fn vpc_cidr(region: &Region, v: usize) -> String {
    format!("10.{}.0.0/16", octet(region, v))
}

fn octet(region: &Region, v: usize) -> usize {
    (2 * v + region.net_offset as usize) % 256
}

struct Ctx<'a> {
    layout: &'a Layout,
    region: &'a Region,
    k: usize,
    rng: Rng,
    drift: bool,
}

impl Ctx<'_> {
    fn count(&self, kind: Kind) -> usize {
        self.layout.count(kind)
    }

    /// `hf-prod-us-east-1-<what>-0042`
    fn name(&self, what: &str, k: usize) -> String {
        format!("hf-prod-{}-{what}-{k:04}", self.region.name)
    }

    fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:aws:{service}:{}:{ACCOUNT}:{resource}",
            self.region.name
        )
    }

    fn iam_arn(&self, resource: &str) -> String {
        format!("arn:aws:iam::{ACCOUNT}:{resource}")
    }

    /// A provider-assigned id (`vpc-0…`), the same in both regions, so that
    /// only the planted drift makes the plans differ.
    fn id(&self, kind: Kind, k: usize, prefix: &str, hex: usize) -> String {
        let salt = prefix
            .bytes()
            .fold(0x1D_u64, |h, b| h.wrapping_mul(31) ^ u64::from(b));
        let mut r = Rng::new(hash(self.layout.seed, &[kind as u64, k as u64, salt]));
        format!("{prefix}{}", r.hex(hex))
    }

    fn uuid(&self, kind: Kind, k: usize) -> String {
        let mut r = Rng::new(hash(self.layout.seed, &[kind as u64, k as u64, 0x0D]));
        format!(
            "{}-{}-4{}-a{}-{}",
            r.hex(8),
            r.hex(4),
            r.hex(3),
            r.hex(3),
            r.hex(12)
        )
    }

    fn az(&self, i: usize) -> String {
        format!("{}{}", self.region.name, ['a', 'b', 'c'][i % 3])
    }

    fn az_id(&self, i: usize) -> String {
        format!("{}-az{}", self.region.short, i % 3 + 1)
    }

    fn kms_key(&self) -> String {
        self.arn("kms", &format!("key/{}", self.uuid(Kind::Vpc, 9_999)))
    }

    fn vpc_of(&self, k: usize) -> usize {
        k % self.count(Kind::Vpc)
    }

    fn vpc_id(&self, v: usize) -> String {
        self.id(Kind::Vpc, v, "vpc-0", 16)
    }

    fn subnet_id(&self, kind: Kind, k: usize) -> String {
        self.id(kind, k, "subnet-0", 16)
    }

    /// Up to three subnets of `kind` in VPC `v`, one per AZ.
    fn subnets_in_vpc(&self, kind: Kind, v: usize) -> Vec<String> {
        let vpcs = self.count(Kind::Vpc);
        (0..3)
            .map(|i| v + i * vpcs)
            .filter(|&s| s < self.count(kind))
            .map(|s| self.subnet_id(kind, s))
            .collect()
    }

    fn sg_id(&self, k: usize) -> String {
        self.id(
            Kind::SecurityGroup,
            k % self.count(Kind::SecurityGroup),
            "sg-0",
            16,
        )
    }

    /// Private subnet `k`: (third octet, AZ index) inside its VPC.
    fn subnet_slot(&self, kind: Kind, k: usize) -> (usize, usize) {
        let s = k / self.count(Kind::Vpc);
        let base = if kind == Kind::SubnetPublic { 128 } else { 0 };
        (base + s % 128, s % 3)
    }

    fn cluster_name(&self, c: usize) -> String {
        format!("hf-prod-{}-eks-{c:03}", self.region.name)
    }

    fn service(&mut self) -> &'static str {
        const SERVICES: [&str; 15] = [
            "api",
            "auth",
            "billing",
            "catalog",
            "checkout",
            "events",
            "gateway",
            "ingest",
            "search",
            "notify",
            "reports",
            "scheduler",
            "sessions",
            "media",
            "ledger",
        ];
        SERVICES[self.rng.below(SERVICES.len() as u64) as usize]
    }

    /// `tags` and `tags_all` (with the provider's default tags).
    fn tags(&mut self, name: &str, service: &str, extra: &[(&str, String)]) -> (Value, Value) {
        let mut tags = Map::new();
        for (key, value) in [
            ("Name", name.to_owned()),
            ("Environment", "prod".to_owned()),
            ("Owner", "platform".to_owned()),
            ("CostCenter", format!("cc-{}", 1000 + self.rng.below(40))),
            ("Service", service.to_owned()),
            ("Region", self.region.name.to_owned()),
            ("ManagedBy", "terraform".to_owned()),
            ("Revision", "r42".to_owned()),
            (
                "Repository",
                "github.com/highflame/highflame-iac".to_owned(),
            ),
        ] {
            tags.insert(key.to_owned(), json!(value));
        }
        for (key, value) in extra {
            tags.insert((*key).to_owned(), json!(value));
        }
        let mut all = tags.clone();
        if let Value::Object(defaults) = default_tags() {
            all.extend(defaults);
        }
        (Value::Object(tags), Value::Object(all))
    }
}

fn secret(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let service = cx.service();
    let name = format!("hf/prod/{}/{service}-{k:04}", cx.region.name);
    let suffix = cx.rng.hex(6);
    let arn = cx.arn("secretsmanager", &format!("secret:{name}-{suffix}"));
    let (tags, tags_all) = cx.tags(&name, service, &[]);
    json!({
        "arn": arn,
        "description": format!("Credentials of the {service} service"),
        "force_overwrite_replica_secret": false,
        "id": arn,
        "kms_key_id": cx.kms_key(),
        "name": name,
        "name_prefix": "",
        "policy": "",
        "recovery_window_in_days": if cx.drift { 7 } else { 30 },
        "replica": [],
        "tags": tags,
        "tags_all": tags_all,
    })
}

fn vpc(cx: &mut Ctx) -> Value {
    let v = cx.k;
    let id = cx.vpc_id(v);
    let name = cx.name("vpc", v);
    let (tags, tags_all) = cx.tags(&name, "network", &[]);
    json!({
        "arn": cx.arn("ec2", &format!("vpc/{id}")),
        "assign_generated_ipv6_cidr_block": false,
        "cidr_block": vpc_cidr(cx.region, v),
        "default_network_acl_id": cx.id(Kind::Vpc, v, "acl-0", 16),
        "default_route_table_id": cx.id(Kind::Vpc, v, "rtb-0", 16),
        "default_security_group_id": cx.id(Kind::Vpc, v, "sg-0", 16),
        "dhcp_options_id": cx.id(Kind::Vpc, v, "dopt-0", 16),
        "enable_dns_hostnames": !cx.drift,
        "enable_dns_support": true,
        "enable_network_address_usage_metrics": false,
        "id": id,
        "instance_tenancy": "default",
        "ipv4_ipam_pool_id": null,
        "ipv4_netmask_length": null,
        "ipv6_association_id": "",
        "ipv6_cidr_block": "",
        "ipv6_cidr_block_network_border_group": "",
        "ipv6_ipam_pool_id": "",
        "ipv6_netmask_length": 0,
        "main_route_table_id": cx.id(Kind::Vpc, v, "rtb-0", 16),
        "owner_id": ACCOUNT,
        "tags": tags,
        "tags_all": tags_all,
    })
}

fn subnet(cx: &mut Ctx, kind: Kind) -> Value {
    let k = cx.k;
    let v = cx.vpc_of(k);
    let (third, az) = cx.subnet_slot(kind, k);
    let public = kind == Kind::SubnetPublic;
    let id = cx.subnet_id(kind, k);
    let name = cx.name(if public { "public" } else { "private" }, k);
    let role = if public {
        "kubernetes.io/role/elb"
    } else {
        "kubernetes.io/role/internal-elb"
    };
    let cluster_tag = format!(
        "kubernetes.io/cluster/{}",
        cx.cluster_name(v % cx.count(Kind::EksCluster))
    );
    let (tags, tags_all) = cx.tags(
        &name,
        "network",
        &[(role, "1".to_owned()), (&cluster_tag, "shared".to_owned())],
    );
    let prefix = if cx.drift { 25 } else { 24 };
    json!({
        "arn": cx.arn("ec2", &format!("subnet/{id}")),
        "assign_ipv6_address_on_creation": false,
        "availability_zone": cx.az(az),
        "availability_zone_id": cx.az_id(az),
        "cidr_block": format!("10.{}.{third}.0/{prefix}", octet(cx.region, v)),
        "customer_owned_ipv4_pool": "",
        "enable_dns64": false,
        "enable_lni_at_device_index": 0,
        "enable_resource_name_dns_a_record_on_launch": false,
        "enable_resource_name_dns_aaaa_record_on_launch": false,
        "id": id,
        "ipv6_cidr_block": "",
        "ipv6_cidr_block_association_id": "",
        "ipv6_native": false,
        "map_customer_owned_ip_on_launch": false,
        "map_public_ip_on_launch": public,
        "outpost_arn": "",
        "owner_id": ACCOUNT,
        "private_dns_hostname_type_on_launch": "ip-name",
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "vpc_id": cx.vpc_id(v),
    })
}

/// An inline rule of `aws_security_group` (all members present, as the
/// provider writes them).
fn inline_rule(cidrs: &[String], description: &str, from: u64, to: u64, protocol: &str) -> Value {
    json!({
        "cidr_blocks": cidrs,
        "description": description,
        "from_port": from,
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "protocol": protocol,
        "security_groups": [],
        "self": false,
        "to_port": to,
    })
}

fn security_group(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let v = cx.vpc_of(k);
    let id = cx.sg_id(k);
    let service = cx.service();
    let name = cx.name(&format!("{service}-sg"), k);
    let vpc_cidr = vpc_cidr(cx.region, v);
    let https = if cx.drift { 8443 } else { 443 };
    let mut ingress = vec![
        inline_rule(
            std::slice::from_ref(&vpc_cidr),
            "HTTPS from the VPC",
            https,
            https,
            "tcp",
        ),
        inline_rule(
            std::slice::from_ref(&vpc_cidr),
            "Application port",
            8080,
            8080,
            "tcp",
        ),
    ];
    for i in 0..cx.rng.below(4) {
        let port = 9000 + 10 * cx.rng.below(50);
        let (third, _) = cx.subnet_slot(Kind::SubnetPrivate, k + i as usize);
        let peer = format!("10.{}.{third}.0/24", octet(cx.region, v));
        ingress.push(inline_rule(&[peer], "Peer service", port, port + 9, "tcp"));
    }
    let (tags, tags_all) = cx.tags(&name, service, &[]);
    json!({
        "arn": cx.arn("ec2", &format!("security-group/{id}")),
        "description": format!("Security group of the {service} service"),
        "egress": [inline_rule(&["0.0.0.0/0".to_owned()], "", 0, 0, "-1")],
        "id": id,
        "ingress": ingress,
        "name": name,
        "name_prefix": "",
        "owner_id": ACCOUNT,
        "revoke_rules_on_delete": false,
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "vpc_id": cx.vpc_id(v),
    })
}

fn security_group_rule(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let sg = k % cx.count(Kind::SecurityGroup);
    let v = cx.vpc_of(sg);
    let port = *cx
        .rng
        .pick(&[22, 80, 443, 5432, 6379, 8080, 8443, 9090, 9100, 10250]);
    let to_port = if cx.drift { port + 1 } else { port };
    let ingress = cx.rng.below(4) != 0;
    let cidr = match cx.rng.below(3) {
        0 => vpc_cidr(cx.region, v),
        1 => "0.0.0.0/0".to_owned(),
        _ => format!("10.{}.{}.0/24", octet(cx.region, v), cx.rng.below(128)),
    };
    json!({
        "cidr_blocks": [cidr],
        "description": format!("{} {port}/tcp", if ingress { "Allow" } else { "Egress to" }),
        "from_port": port,
        "id": format!("sgrule-{}", 1_000_000_000 + cx.rng.below(3_000_000_000)),
        "ipv6_cidr_blocks": null,
        "prefix_list_ids": [],
        "protocol": "tcp",
        "security_group_id": cx.sg_id(sg),
        "security_group_rule_id": cx.id(Kind::SgRule, k, "sgr-0", 16),
        "self": false,
        "source_security_group_id": null,
        "timeouts": null,
        "to_port": to_port,
        "type": if ingress { "ingress" } else { "egress" },
    })
}

fn vpc_security_group_rule(cx: &mut Ctx, kind: Kind) -> Value {
    let k = cx.k;
    let sg = k % cx.count(Kind::SecurityGroup);
    let v = cx.vpc_of(sg);
    let id = cx.id(kind, k, "sgr-0", 16);
    let port = *cx.rng.pick(&[443, 8080, 8443, 9443, 15017]);
    let name = cx.name("sgr", k);
    let service = cx.service();
    let (tags, tags_all) = cx.tags(&name, service, &[]);
    let (cidr, protocol, from, to) = if kind == Kind::SgIngress {
        let cidr = if cx.drift {
            "0.0.0.0/0".to_owned()
        } else {
            vpc_cidr(cx.region, v)
        };
        (cidr, "tcp", json!(port), json!(port))
    } else if cx.drift {
        ("0.0.0.0/0".to_owned(), "tcp", json!(0), json!(65535))
    } else {
        ("0.0.0.0/0".to_owned(), "-1", Value::Null, Value::Null)
    };
    json!({
        "arn": cx.arn("ec2", &format!("security-group-rule/{id}")),
        "cidr_ipv4": cidr,
        "cidr_ipv6": null,
        "description": format!("{service} traffic"),
        "from_port": from,
        "id": id,
        "ip_protocol": protocol,
        "prefix_list_id": null,
        "referenced_security_group_id": null,
        "security_group_id": cx.sg_id(sg),
        "security_group_rule_id": id,
        "tags": tags,
        "tags_all": tags_all,
        "to_port": to,
    })
}

/// A PEM certificate, base64-encoded as EKS reports it (~1.4 KB).
fn certificate(rng: &mut Rng) -> String {
    let mut pem = String::from("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSU");
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    pem.extend((0..1_340).map(|_| B64[rng.below(64) as usize] as char));
    pem.push_str("LS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=");
    pem
}

fn eks_cluster(cx: &mut Ctx) -> Value {
    let c = cx.k;
    let name = cx.cluster_name(c);
    let v = cx.vpc_of(c);
    let endpoint_id = cx.rng.hex(32).to_uppercase();
    let (tags, tags_all) = cx.tags(&name, "kubernetes", &[]);
    json!({
        "access_config": [{
            "authentication_mode": "API_AND_CONFIG_MAP",
            "bootstrap_cluster_creator_admin_permissions": true,
        }],
        "arn": cx.arn("eks", &format!("cluster/{name}")),
        "bootstrap_self_managed_addons": true,
        "certificate_authority": [{ "data": certificate(&mut cx.rng) }],
        "cluster_id": null,
        "created_at": format!("2024-03-{:02}T10:{:02}:31.418Z", 1 + c % 28, c % 60),
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "encryption_config": [{
            "provider": [{ "key_arn": cx.kms_key() }],
            "resources": ["secrets"],
        }],
        "endpoint": format!("https://{endpoint_id}.gr7.{}.eks.amazonaws.com", cx.region.name),
        "id": name,
        "identity": [{ "oidc": [{
            "issuer": format!("https://oidc.eks.{}.amazonaws.com/id/{endpoint_id}", cx.region.name),
        }] }],
        "kubernetes_network_config": [{
            "elastic_load_balancing": [],
            "ip_family": "ipv4",
            "service_ipv4_cidr": "172.20.0.0/16",
            "service_ipv6_cidr": "",
        }],
        "name": name,
        "outpost_config": [],
        "platform_version": "eks.8",
        "role_arn": cx.iam_arn(&format!("role/{name}-cluster")),
        "status": "ACTIVE",
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "upgrade_policy": [{ "support_type": "STANDARD" }],
        "version": if cx.drift { "1.29" } else { "1.30" },
        "vpc_config": [{
            "cluster_security_group_id": cx.id(Kind::EksCluster, c, "sg-0", 16),
            "endpoint_private_access": true,
            "endpoint_public_access": false,
            "public_access_cidrs": ["0.0.0.0/0"],
            "security_group_ids": [cx.sg_id(c)],
            "subnet_ids": cx.subnets_in_vpc(Kind::SubnetPrivate, v),
            "vpc_id": cx.vpc_id(v),
        }],
        "zonal_shift_config": [],
    })
}

fn node_group(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let c = k % cx.count(Kind::EksCluster);
    let cluster = cx.cluster_name(c);
    let role = *cx
        .rng
        .pick(&["general", "compute", "memory", "system", "batch"]);
    let ng = format!("{role}-{k:04}");
    let instance_type = *cx
        .rng
        .pick(&["m6i.xlarge", "m6i.2xlarge", "c6i.2xlarge", "r6i.xlarge"]);
    let desired = 2 + cx.rng.below(8);
    let lt = k % cx.count(Kind::LaunchTemplate);
    let (tags, tags_all) = cx.tags(&format!("{cluster}-{ng}"), "kubernetes", &[]);
    json!({
        "ami_type": "AL2023_x86_64_STANDARD",
        "arn": cx.arn("eks", &format!("nodegroup/{cluster}/{ng}/{}", cx.uuid(Kind::NodeGroup, k))),
        "capacity_type": "ON_DEMAND",
        "cluster_name": cluster,
        "disk_size": 0,
        "force_update_version": null,
        "id": format!("{cluster}:{ng}"),
        "instance_types": [instance_type],
        "labels": { "role": role, "node.kubernetes.io/lifecycle": "normal" },
        "launch_template": [{
            "id": cx.id(Kind::LaunchTemplate, lt, "lt-0", 16),
            "name": cx.name("node", lt),
            "version": "3",
        }],
        "node_group_name": ng,
        "node_group_name_prefix": "",
        "node_role_arn": cx.iam_arn(&format!("role/{cluster}-node")),
        "release_version": "1.30.4-20240917",
        "remote_access": [],
        "resources": [{
            "autoscaling_groups": [{ "name": format!("eks-{ng}-{}", cx.uuid(Kind::NodeGroup, k)) }],
            "remote_access_security_group_id": "",
        }],
        "scaling_config": [{
            "desired_size": if cx.drift { desired + 3 } else { desired },
            "max_size": desired * 2 + 3,
            "min_size": 1 + desired / 2,
        }],
        "status": "ACTIVE",
        "subnet_ids": cx.subnets_in_vpc(Kind::SubnetPrivate, cx.vpc_of(c)),
        "tags": tags,
        "tags_all": tags_all,
        "taint": [],
        "timeouts": null,
        "update_config": [{ "max_unavailable": 1, "max_unavailable_percentage": 0 }],
        "version": "1.30",
    })
}

fn eks_addon(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let clusters = cx.count(Kind::EksCluster);
    let cluster = cx.cluster_name(k % clusters);
    let (addon, version) = ADDONS[(k / clusters) % ADDONS.len()];
    let version = if cx.drift {
        "v1.0.0-eksbuild.1"
    } else {
        version
    };
    let (tags, tags_all) = cx.tags(&format!("{cluster}-{addon}"), "kubernetes", &[]);
    json!({
        "addon_name": addon,
        "addon_version": version,
        "arn": cx.arn("eks", &format!("addon/{cluster}/{addon}/{}", cx.uuid(Kind::EksAddon, k))),
        "cluster_name": cluster,
        "configuration_values": "",
        "created_at": "2024-03-11T10:41:02.117Z",
        "id": format!("{cluster}:{addon}"),
        "modified_at": "2024-09-20T08:12:44.903Z",
        "pod_identity_association": [],
        "preserve": null,
        "resolve_conflicts_on_create": null,
        "resolve_conflicts_on_update": "OVERWRITE",
        "service_account_role_arn": "",
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
    })
}

/// Base64 of a region-neutral nodeadm MIME document (~900 bytes): it learns
/// its region from instance metadata, so both regions' templates are equal.
fn node_user_data(rng: &mut Rng) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::from("TUlNRS1WZXJzaW9uOiAxLjAKQ29udGVudC1UeXBlOiBtdWx0aXBhcnQvbWl4ZWQ7");
    s.extend((0..840).map(|_| B64[rng.below(64) as usize] as char));
    s.push_str("LS0K");
    s
}

fn launch_template(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let id = cx.id(Kind::LaunchTemplate, k, "lt-0", 16);
    let name = cx.name("node", k);
    let instance_type = if cx.drift { "m6i.large" } else { "m6i.xlarge" };
    let (tags, tags_all) = cx.tags(&name, "kubernetes", &[]);
    let (instance_tags, _) = cx.tags(&name, "kubernetes", &[("NodeGroup", format!("ng-{k:04}"))]);
    let volume = json!({
        "delete_on_termination": "true",
        "encrypted": "true",
        "iops": 3000,
        "kms_key_id": cx.kms_key(),
        "snapshot_id": "",
        "throughput": 125,
        "volume_size": 100,
        "volume_type": "gp3",
    });
    json!({
        "arn": cx.arn("ec2", &format!("launch-template/{id}")),
        "block_device_mappings": [{
            "device_name": "/dev/xvda",
            "ebs": [volume],
            "no_device": "",
            "virtual_name": "",
        }],
        "capacity_reservation_specification": [],
        "cpu_options": [],
        "credit_specification": [],
        "default_version": 3,
        "description": "",
        "disable_api_stop": false,
        "disable_api_termination": false,
        "ebs_optimized": "",
        "elastic_gpu_specifications": [],
        "elastic_inference_accelerator": [],
        "enclave_options": [],
        "hibernation_options": [],
        "iam_instance_profile": [],
        "id": id,
        "image_id": cx.id(Kind::LaunchTemplate, k, "ami-0", 16),
        "instance_initiated_shutdown_behavior": "",
        "instance_market_options": [],
        "instance_requirements": [],
        "instance_type": instance_type,
        "kernel_id": "",
        "key_name": "",
        "latest_version": 3,
        "license_specification": [],
        "maintenance_options": [],
        "metadata_options": [{
            "http_endpoint": "enabled",
            "http_protocol_ipv6": "",
            "http_put_response_hop_limit": 2,
            "http_tokens": "required",
            "instance_metadata_tags": "",
        }],
        "monitoring": [{ "enabled": true }],
        "name": name,
        "name_prefix": "",
        "network_interfaces": [],
        "placement": [],
        "private_dns_name_options": [],
        "ram_disk_id": "",
        "security_group_names": [],
        "tag_specifications": [
            { "resource_type": "instance", "tags": instance_tags },
            { "resource_type": "volume", "tags": instance_tags },
        ],
        "tags": tags,
        "tags_all": tags_all,
        "update_default_version": true,
        "user_data": node_user_data(&mut cx.rng),
        "vpc_security_group_ids": [cx.sg_id(k)],
    })
}

fn lb_name(cx: &Ctx, k: usize) -> String {
    // 32 characters at most, as AWS requires.
    format!("hf-{}-alb-{k:04}", cx.region.name)
}

fn lb_arn(cx: &Ctx, k: usize) -> String {
    let suffix = cx.id(Kind::Lb, k, "", 16);
    cx.arn(
        "elasticloadbalancing",
        &format!("loadbalancer/app/{}/{suffix}", lb_name(cx, k)),
    )
}

fn target_group_arn(cx: &Ctx, k: usize) -> String {
    let suffix = cx.id(Kind::TargetGroup, k, "", 16);
    cx.arn(
        "elasticloadbalancing",
        &format!("targetgroup/hf-{}-tg-{k:04}/{suffix}", cx.region.name),
    )
}

fn lb(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let v = cx.vpc_of(k);
    let name = lb_name(cx, k);
    let arn = lb_arn(cx, k);
    let subnets = cx.subnets_in_vpc(Kind::SubnetPublic, v);
    let subnet_mapping: Vec<Value> = subnets
        .iter()
        .map(|s| {
            json!({
                "allocation_id": "",
                "ipv6_address": "",
                "outpost_id": "",
                "private_ipv4_address": "",
                "subnet_id": s,
            })
        })
        .collect();
    let (tags, tags_all) = cx.tags(&name, "edge", &[]);
    json!({
        "access_logs": [{
            "bucket": format!("hf-prod-{}-alb-logs", cx.region.name),
            "enabled": true,
            "prefix": name,
        }],
        "arn": arn,
        "arn_suffix": arn.split_once("loadbalancer/").map(|(_, s)| s).unwrap_or_default(),
        "client_keep_alive": 3600,
        "connection_logs": [{ "bucket": "", "enabled": false, "prefix": "" }],
        "customer_owned_ipv4_pool": "",
        "desync_mitigation_mode": "defensive",
        "dns_name": format!("internal-{name}-{}.{}.elb.amazonaws.com", 100_000_000 + cx.rng.below(900_000_000), cx.region.name),
        "dns_record_client_routing_policy": null,
        "drop_invalid_header_fields": true,
        "enable_cross_zone_load_balancing": true,
        "enable_deletion_protection": true,
        "enable_http2": true,
        "enable_tls_version_and_cipher_suite_headers": false,
        "enable_waf_fail_open": false,
        "enable_xff_client_port": false,
        "enable_zonal_shift": false,
        "enforce_security_group_inbound_rules_on_private_link_traffic": "",
        "id": arn,
        "idle_timeout": if cx.drift { 120 } else { 60 },
        "internal": true,
        "ip_address_type": "ipv4",
        "load_balancer_type": "application",
        "name": name,
        "name_prefix": "",
        "preserve_host_header": false,
        "security_groups": [cx.sg_id(k)],
        "subnet_mapping": subnet_mapping,
        "subnets": subnets,
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "vpc_id": cx.vpc_id(v),
        "xff_header_processing_mode": "append",
        "zone_id": "Z35SXDOTRQ7X7K",
    })
}

fn listener(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let lb = k % cx.count(Kind::Lb);
    let lb_arn = lb_arn(cx, lb);
    let arn = format!(
        "{}/{}",
        lb_arn.replace(":loadbalancer/", ":listener/"),
        cx.id(Kind::Listener, k, "", 16)
    );
    let policy = if cx.drift {
        "ELBSecurityPolicy-2016-08"
    } else {
        "ELBSecurityPolicy-TLS13-1-2-2021-06"
    };
    json!({
        "alpn_policy": null,
        "arn": arn,
        "certificate_arn": cx.arn("acm", &format!("certificate/{}", cx.uuid(Kind::Listener, lb))),
        "default_action": [{
            "authenticate_cognito": [],
            "authenticate_oidc": [],
            "fixed_response": [],
            "forward": [],
            "order": 1,
            "redirect": [],
            "target_group_arn": target_group_arn(cx, k % cx.count(Kind::TargetGroup)),
            "type": "forward",
        }],
        "id": arn,
        "load_balancer_arn": lb_arn,
        "mutual_authentication": [],
        "port": 443,
        "protocol": "HTTPS",
        "ssl_policy": policy,
        "tags": null,
        "tags_all": {},
        "tcp_idle_timeout_seconds": null,
        "timeouts": null,
    })
}

fn target_group(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let arn = target_group_arn(cx, k);
    let name = format!("hf-{}-tg-{k:04}", cx.region.name);
    let service = cx.service();
    let (tags, tags_all) = cx.tags(&name, service, &[]);
    json!({
        "arn": arn,
        "arn_suffix": arn.split_once(":targetgroup/").map(|(_, s)| format!("targetgroup/{s}")),
        "connection_termination": null,
        "deregistration_delay": "300",
        "health_check": [{
            "enabled": true,
            "healthy_threshold": 3,
            "interval": 15,
            "matcher": "200",
            "path": if cx.drift { "/health" } else { "/healthz" },
            "port": "traffic-port",
            "protocol": "HTTP",
            "timeout": 5,
            "unhealthy_threshold": 3,
        }],
        "id": arn,
        "ip_address_type": "ipv4",
        "lambda_multi_value_headers_enabled": false,
        "load_balancer_arns": [lb_arn(cx, k % cx.count(Kind::Lb))],
        "load_balancing_algorithm_type": "round_robin",
        "load_balancing_anomaly_mitigation": "off",
        "load_balancing_cross_zone_enabled": "use_load_balancer_configuration",
        "name": name,
        "name_prefix": "",
        "port": 8080,
        "preserve_client_ip": null,
        "protocol": "HTTP",
        "protocol_version": "HTTP1",
        "proxy_protocol_v2": false,
        "slow_start": 0,
        "stickiness": [{ "cookie_duration": 86400, "cookie_name": "", "enabled": false, "type": "lb_cookie" }],
        "tags": tags,
        "tags_all": tags_all,
        "target_failover": [{ "on_deregistration": null, "on_unhealthy": null }],
        "target_group_health": [{
            "dns_failover": [{ "minimum_healthy_targets_count": "1", "minimum_healthy_targets_percentage": "off" }],
            "unhealthy_state_routing": [{ "minimum_healthy_targets_count": 1, "minimum_healthy_targets_percentage": "off" }],
        }],
        "target_health_state": [],
        "target_type": "ip",
        "vpc_id": cx.vpc_id(cx.vpc_of(k)),
    })
}

fn cache(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let id = cx.name("cache", k);
    let shards = 1 + cx.rng.below(3);
    let replicas = 1 + cx.rng.below(2);
    let members: Vec<String> = (1..=shards)
        .flat_map(|s| (1..=replicas + 1).map(move |r| (s, r)))
        .map(|(s, r)| format!("{id}-{s:04}-{r:03}"))
        .collect();
    let node_type = if cx.drift {
        "cache.r7g.large"
    } else {
        "cache.r7g.xlarge"
    };
    let hash = cx.rng.hex(6);
    let (tags, tags_all) = cx.tags(&id, "cache", &[]);
    json!({
        "apply_immediately": null,
        "arn": cx.arn("elasticache", &format!("replicationgroup:{id}")),
        "at_rest_encryption_enabled": "true",
        "auth_token": cx.rng.hex(40),
        "auth_token_update_strategy": null,
        "auto_minor_version_upgrade": "true",
        "automatic_failover_enabled": true,
        "cluster_enabled": true,
        "cluster_mode": "enabled",
        "configuration_endpoint_address": format!("clustercfg.{id}.{hash}.{}.cache.amazonaws.com", cx.region.short),
        "data_tiering_enabled": false,
        "description": format!("Redis for {id}"),
        "engine": "redis",
        "engine_version": "7.1",
        "engine_version_actual": "7.1.0",
        "final_snapshot_identifier": null,
        "global_replication_group_id": "",
        "id": id,
        "ip_discovery": "ipv4",
        "kms_key_id": cx.kms_key(),
        "log_delivery_configuration": [{
            "destination": format!("/highflame/prod/{}/redis/{id}", cx.region.name),
            "destination_type": "cloudwatch-logs",
            "log_format": "json",
            "log_type": "slow-log",
        }],
        "maintenance_window": "sun:05:00-sun:06:00",
        "member_clusters": members,
        "multi_az_enabled": true,
        "network_type": "ipv4",
        "node_type": node_type,
        "notification_topic_arn": "",
        "num_cache_clusters": shards * (replicas + 1),
        "num_node_groups": shards,
        "parameter_group_name": "default.redis7.cluster.on",
        "port": 6379,
        "preferred_cache_cluster_azs": null,
        "primary_endpoint_address": "",
        "reader_endpoint_address": "",
        "replicas_per_node_group": replicas,
        "replication_group_id": id,
        "security_group_ids": [cx.sg_id(k)],
        "security_group_names": [],
        "snapshot_arns": null,
        "snapshot_name": null,
        "snapshot_retention_limit": 7,
        "snapshot_window": "03:00-04:00",
        "subnet_group_name": cx.name("cache-subnets", cx.vpc_of(k)),
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "transit_encryption_enabled": true,
        "transit_encryption_mode": "required",
        "user_group_ids": [],
    })
}

fn rds_cluster(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let id = cx.name("db", k);
    let hash = cx.id(Kind::RdsCluster, k, "c", 11);
    let members: Vec<String> = (0..cx.count(Kind::RdsInstance))
        .filter(|i| i % cx.count(Kind::RdsCluster) == k)
        .take(5)
        .map(|i| format!("{id}-{i}"))
        .collect();
    let (tags, tags_all) = cx.tags(&id, "database", &[]);
    json!({
        "allocated_storage": 1,
        "allow_major_version_upgrade": null,
        "apply_immediately": null,
        "arn": cx.arn("rds", &format!("cluster:{id}")),
        "availability_zones": [cx.az(0), cx.az(1), cx.az(2)],
        "backtrack_window": 0,
        "backup_retention_period": 7,
        "ca_certificate_identifier": "",
        "cluster_identifier": id,
        "cluster_identifier_prefix": "",
        "cluster_members": members,
        "cluster_resource_id": format!("cluster-{}", cx.rng.hex(26).to_uppercase()),
        "copy_tags_to_snapshot": true,
        "database_name": "highflame",
        "db_cluster_parameter_group_name": "default.aurora-postgresql15",
        "db_subnet_group_name": cx.name("db-subnets", cx.vpc_of(k)),
        "deletion_protection": true,
        "enabled_cloudwatch_logs_exports": ["postgresql"],
        "endpoint": format!("{id}.cluster-{hash}.{}.rds.amazonaws.com", cx.region.name),
        "engine": "aurora-postgresql",
        "engine_mode": "provisioned",
        "engine_version": if cx.drift { "15.3" } else { "15.4" },
        "engine_version_actual": if cx.drift { "15.3" } else { "15.4" },
        "final_snapshot_identifier": format!("{id}-final"),
        "global_cluster_identifier": format!("hf-prod-global-{k:04}"),
        "hosted_zone_id": "Z2R2ITUGPM61AM",
        "iam_database_authentication_enabled": true,
        "iam_roles": [],
        "id": id,
        "kms_key_id": cx.kms_key(),
        "manage_master_user_password": null,
        "master_password": cx.rng.hex(32),
        "master_user_secret": [],
        "master_username": "hfadmin",
        "network_type": "IPV4",
        "performance_insights_enabled": true,
        "port": 5432,
        "preferred_backup_window": "03:00-04:00",
        "preferred_maintenance_window": "sun:05:00-sun:06:00",
        "reader_endpoint": format!("{id}.cluster-ro-{hash}.{}.rds.amazonaws.com", cx.region.name),
        "replication_source_identifier": "",
        "restore_to_point_in_time": [],
        "s3_import": [],
        "scaling_configuration": [],
        "serverlessv2_scaling_configuration": [{ "max_capacity": 16, "min_capacity": 0.5, "seconds_until_auto_pause": null }],
        "skip_final_snapshot": false,
        "snapshot_identifier": null,
        "source_region": null,
        "storage_encrypted": true,
        "storage_type": "",
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "vpc_security_group_ids": [cx.sg_id(k)],
    })
}

fn rds_instance(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let c = k % cx.count(Kind::RdsCluster);
    let cluster = cx.name("db", c);
    let id = format!("{cluster}-{k}");
    let hash = cx.id(Kind::RdsCluster, c, "c", 11);
    let class = if cx.drift {
        "db.r6g.large"
    } else {
        "db.r6g.2xlarge"
    };
    let (tags, tags_all) = cx.tags(&id, "database", &[]);
    json!({
        "apply_immediately": null,
        "arn": cx.arn("rds", &format!("db:{id}")),
        "auto_minor_version_upgrade": true,
        "availability_zone": cx.az(k),
        "ca_cert_identifier": "rds-ca-rsa2048-g1",
        "cluster_identifier": cluster,
        "copy_tags_to_snapshot": false,
        "custom_iam_instance_profile": "",
        "db_parameter_group_name": "default.aurora-postgresql15",
        "db_subnet_group_name": cx.name("db-subnets", cx.vpc_of(c)),
        "dbi_resource_id": format!("db-{}", cx.rng.hex(26).to_uppercase()),
        "endpoint": format!("{id}.{hash}.{}.rds.amazonaws.com", cx.region.name),
        "engine": "aurora-postgresql",
        "engine_version": "15.4",
        "engine_version_actual": "15.4",
        "id": id,
        "identifier": id,
        "identifier_prefix": "",
        "instance_class": class,
        "kms_key_id": cx.kms_key(),
        "monitoring_interval": 60,
        "monitoring_role_arn": cx.iam_arn(&format!("role/hf-prod-{}-rds-monitoring", cx.region.name)),
        "network_type": "IPV4",
        "performance_insights_enabled": true,
        "performance_insights_kms_key_id": cx.kms_key(),
        "performance_insights_retention_period": 7,
        "port": 5432,
        "preferred_backup_window": "03:00-04:00",
        "preferred_maintenance_window": "sun:05:00-sun:06:00",
        "promotion_tier": 1,
        "publicly_accessible": false,
        "storage_encrypted": true,
        "tags": tags,
        "tags_all": tags_all,
        "timeouts": null,
        "writer": k < cx.count(Kind::RdsCluster),
    })
}

/// A cloud-init script of ~1.1 KB that names its region, service and peers.
fn instance_user_data(cx: &Ctx, name: &str, service: &str, cluster: &str) -> String {
    let region = cx.region.name;
    let k = cx.k;
    format!(
        r#"#!/bin/bash
set -euo pipefail
# Managed by Terraform ({name}). Changes are overwritten on the next apply.
export AWS_REGION={region}
export AWS_DEFAULT_REGION={region}
export HF_ENVIRONMENT=prod
export HF_SERVICE={service}
export HF_INSTANCE_INDEX={k}
export HF_CLUSTER={cluster}

dnf install -y amazon-cloudwatch-agent amazon-ssm-agent jq awscli-2 chrony
systemctl enable --now amazon-ssm-agent chronyd

install -d -m 0750 /etc/highflame /var/lib/highflame /var/log/highflame
cat >/etc/highflame/agent.yaml <<'EOF'
region: {region}
environment: prod
service: {service}
cluster: {cluster}
api_endpoint: https://api.{region}.prod.highflame.internal
log_group: /highflame/prod/{region}/{service}
metrics_namespace: Highflame/{service}
secrets:
  - arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:hf/prod/{region}/{service}
  - arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:hf/prod/{region}/shared-tls
EOF

systemctl enable --now amazon-cloudwatch-agent

aws s3 cp s3://hf-prod-{region}-artifacts/{service}/current.tar.gz /tmp/{service}.tgz
tar -xzf /tmp/{service}.tgz -C /opt/highflame
/opt/highflame/bin/bootstrap --region {region} --service {service} --index {k} --config /etc/highflame/agent.yaml
"#
    )
}

fn instance(cx: &mut Ctx) -> Value {
    let k = cx.k;
    let subnet = k % cx.count(Kind::SubnetPrivate);
    let v = cx.vpc_of(subnet);
    let (third, az) = cx.subnet_slot(Kind::SubnetPrivate, subnet);
    let id = cx.id(Kind::Instance, k, "i-0", 16);
    let service = cx.service();
    let name = cx.name(service, k);
    let cluster = cx.cluster_name(v % cx.count(Kind::EksCluster));
    let size = *cx.rng.pick(&["large", "xlarge", "2xlarge"]);
    let family = *cx.rng.pick(&["m6i", "c6i", "r6i", "m7i"]);
    let mut instance_type = format!("{family}.{size}");
    if cx.drift && k.is_multiple_of(2) {
        instance_type = format!("{family}.4xlarge");
    }
    let cores = match size {
        "large" => 1,
        "xlarge" => 2,
        _ => 4,
    };
    let extra = [
        (
            "Team",
            cx.rng
                .pick(&["core", "data", "edge", "identity", "payments"])
                .to_string(),
        ),
        ("OnCall", format!("pd-{service}")),
        (
            "Tier",
            cx.rng.pick(&["frontend", "backend", "worker"]).to_string(),
        ),
        (
            "PatchGroup",
            format!("prod-{}", cx.rng.pick(&["a", "b", "c"])),
        ),
        ("Component", format!("{service}-server")),
        (
            "Version",
            format!("2025.{}.{}", 1 + cx.rng.below(12), cx.rng.below(30)),
        ),
        ("Cluster", cluster.clone()),
        ("AvailabilityZone", cx.az(az)),
    ];
    let (mut tags, mut tags_all) = cx.tags(&name, service, &extra);
    if cx.drift && k % 2 == 1 {
        tags["Owner"] = json!("sre-west");
        tags_all["Owner"] = json!("sre-west");
    }
    json!({
        "ami": cx.id(Kind::Instance, k % 7, "ami-0", 16),
        "arn": cx.arn("ec2", &format!("instance/{id}")),
        "associate_public_ip_address": false,
        "availability_zone": cx.az(az),
        "capacity_reservation_specification": [{
            "capacity_reservation_preference": "open",
            "capacity_reservation_target": [],
        }],
        "cpu_core_count": cores,
        "cpu_options": [{ "amd_sev_snp": "", "core_count": cores, "threads_per_core": 2 }],
        "cpu_threads_per_core": 2,
        "credit_specification": [],
        "disable_api_stop": false,
        "disable_api_termination": false,
        "ebs_block_device": [],
        "ebs_optimized": true,
        "enable_primary_ipv6": null,
        "enclave_options": [{ "enabled": false }],
        "ephemeral_block_device": [],
        "get_password_data": false,
        "hibernation": false,
        "host_id": "",
        "host_resource_group_arn": null,
        "iam_instance_profile": format!("hf-prod-{}-{service}", cx.region.name),
        "id": id,
        "instance_initiated_shutdown_behavior": "stop",
        "instance_lifecycle": "",
        "instance_market_options": [],
        "instance_state": "running",
        "instance_type": instance_type,
        "ipv6_address_count": 0,
        "ipv6_addresses": [],
        "key_name": "",
        "launch_template": [],
        "maintenance_options": [{ "auto_recovery": "default" }],
        "metadata_options": [{
            "http_endpoint": "enabled",
            "http_protocol_ipv6": "disabled",
            "http_put_response_hop_limit": 2,
            "http_tokens": "required",
            "instance_metadata_tags": "disabled",
        }],
        "monitoring": true,
        "network_interface": [],
        "outpost_arn": "",
        "password_data": "",
        "placement_group": "",
        "placement_partition_number": 0,
        "primary_network_interface_id": cx.id(Kind::Instance, k, "eni-0", 16),
        "private_dns": format!("{id}.{}.compute.internal", cx.region.name),
        "private_dns_name_options": [{
            "enable_resource_name_dns_a_record": true,
            "enable_resource_name_dns_aaaa_record": false,
            "hostname_type": "resource-name",
        }],
        "private_ip": format!("10.{}.{third}.{}", octet(cx.region, v), 10 + k % 240),
        "public_dns": "",
        "public_ip": "",
        "root_block_device": [{
            "delete_on_termination": true,
            "device_name": "/dev/xvda",
            "encrypted": true,
            "iops": 3000,
            "kms_key_id": cx.kms_key(),
            "tags": {},
            "tags_all": {},
            "throughput": 125,
            "volume_id": cx.id(Kind::Instance, k, "vol-0", 16),
            "volume_size": 50,
            "volume_type": "gp3",
        }],
        "secondary_private_ips": [],
        "security_groups": [],
        "source_dest_check": true,
        "spot_instance_request_id": "",
        "subnet_id": cx.subnet_id(Kind::SubnetPrivate, subnet),
        "tags": tags,
        "tags_all": tags_all,
        "tenancy": "default",
        "timeouts": null,
        "user_data": instance_user_data(cx, &name, service, &cluster),
        "user_data_base64": null,
        "user_data_replace_on_change": false,
        "volume_tags": null,
        "vpc_security_group_ids": [cx.sg_id(k), cx.sg_id(k / 3)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DEFAULT_SEED, GROUPS, PRIMARY};

    #[test]
    fn skeleton_matches_terraform_shape() {
        let v = json!({
            "a": 1, "tags": { "x": "y" }, "list": ["p", "q"],
            "blocks": [{ "n": 1, "inner": [] }], "secret": "s", "nil": null,
        });
        assert_eq!(
            skeleton(&v, &["secret"]),
            json!({ "tags": {}, "list": [false, false], "blocks": [{ "inner": [] }], "secret": true })
        );
    }

    #[test]
    fn addresses_are_unique() {
        let layout = Layout::new(3_000, DEFAULT_SEED).unwrap();
        let mut seen = std::collections::HashSet::new();
        for g in &GROUPS {
            for k in 0..layout.count(g.kind) {
                assert!(seen.insert(address(&layout, g, k)), "duplicate address");
            }
        }
        assert_eq!(seen.len(), 3_000);
        let addon = &GROUPS[Kind::EksAddon as usize];
        assert_eq!(
            build(&layout, &PRIMARY, addon, 0).address,
            r#"module.eks.aws_eks_addon.this["c000/vpc-cni"]"#
        );
    }
}
