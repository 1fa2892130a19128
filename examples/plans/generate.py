#!/usr/bin/env python3
"""Generate the parity-lint example plans under examples/plans/.

Every JSON file here is shaped like `terraform show -json <planfile>` from
Terraform 1.11 (format_version 1.2) for a create-only plan against
hashicorp/aws v5 and hashicorp/azurerm v4. The documents are synthetic: each
region is described once (a parameter set per region), then rendered the way
Terraform renders a planned value:

* `change.after` / `planned_values...values` hold the known attributes with
  unknown-after-apply ones left out (an unknown list element would be null);
* `after_unknown` is the same tree reduced to `true` for unknown leaves, with
  known primitives dropped from objects, `false` kept in lists and `{}` / `[]`
  for known collections;
* `after_sensitive` / `sensitive_values` mark schema-sensitive attributes
  `true`; unknown collections become `[]` / `{}`.

Run `python3 examples/plans/generate.py`; it rewrites every output and then
runs a self-check (resource counts, mirror/drift differences). Output is
byte-identical between runs. Python 3.11+, standard library only.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

FORMAT_VERSION = "1.2"
TERRAFORM_VERSION = "1.11.4"
TIMESTAMP = "2026-11-20T10:00:00Z"
AWS = "registry.terraform.io/hashicorp/aws"
AZURERM = "registry.terraform.io/hashicorp/azurerm"
ACCOUNT = "123456789012"
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
TENANT = "aaaaaaaa-0000-0000-0000-000000000000"
MODULE_SOURCE = "./modules/region"
DB_PASSWORD_PLACEHOLDER = "example-only-not-a-secret"


# ---------------------------------------------------------------------------
# Value model: unknown and sensitive markers, and Terraform's JSON renderings
# ---------------------------------------------------------------------------

class Unknown:
    """A value known only after apply. kind: p = primitive, l = list/set,
    m = map/object (matters for the sensitive rendering only)."""

    __slots__ = ("kind",)

    def __init__(self, kind: str):
        self.kind = kind

    def __repr__(self) -> str:
        return f"Unknown({self.kind})"


U = Unknown("p")
UL = Unknown("l")
UM = Unknown("m")


class Sensitive:
    """A value whose attribute the provider schema marks sensitive."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def S(value):
    return Sensitive(value)


_OMIT = object()


def known_part(v):
    """`after` / planned `values`: unknown object attributes are omitted,
    unknown list elements become null, object keys are sorted."""
    if isinstance(v, Sensitive):
        return known_part(v.value)
    if isinstance(v, Unknown):
        return _OMIT
    if isinstance(v, dict):
        out = {}
        for k in sorted(v):
            x = known_part(v[k])
            if x is not _OMIT:
                out[k] = x
        return out
    if isinstance(v, list):
        out = []
        for e in v:
            x = known_part(e)
            out.append(None if x is _OMIT else x)
        return out
    return v


def unknown_as_bool(v):
    """`after_unknown`."""
    if isinstance(v, Sensitive):
        return unknown_as_bool(v.value)
    if v is None:
        return False
    if isinstance(v, Unknown):
        return True
    if isinstance(v, dict):
        out = {}
        for k in sorted(v):
            b = unknown_as_bool(v[k])
            if b is not False:
                out[k] = b
        return out
    if isinstance(v, list):
        return [unknown_as_bool(e) for e in v]
    return False


def sensitive_as_bool(v):
    """`after_sensitive` / `sensitive_values`."""
    if isinstance(v, Sensitive):
        return True
    if v is None:
        return False
    if isinstance(v, Unknown):
        return {"p": False, "l": [], "m": {}}[v.kind]
    if isinstance(v, dict):
        out = {}
        for k in sorted(v):
            b = sensitive_as_bool(v[k])
            if b is not False:
                out[k] = b
        return out
    if isinstance(v, list):
        return [sensitive_as_bool(e) for e in v]
    return False


# ---------------------------------------------------------------------------
# Configuration expressions
# ---------------------------------------------------------------------------

def C(value):
    """An expression that is a constant."""
    return {"constant_value": value}


def R(*refs):
    """An expression with references, in the order they appear."""
    return {"references": list(refs)}


def ref(address: str, attr: str) -> list[str]:
    """`aws_vpc.main.id` -> the references Terraform lists for it."""
    out = [f"{address}.{attr}", address]
    m = re.match(r"^(.*)\[\d+\]$", address)
    if m:
        out.append(m.group(1))
    return out


def RA(address: str, attr: str):
    return R(*ref(address, attr))


def exprs(d: dict) -> dict:
    return {k: d[k] for k in sorted(d)}


# ---------------------------------------------------------------------------
# One region's resources
# ---------------------------------------------------------------------------

class Region:
    """The resources of one region root, with the configuration they come from."""

    def __init__(self, name: str, provider_name: str, provider_key: str):
        self.name = name  # region / location name
        self.provider_name = provider_name
        self.provider_key = provider_key
        self.instances: list[dict] = []
        self.configs: list[dict] = []
        self.inputs: dict = {}  # variable name -> value
        self.variable_decls: dict = {}  # variable name -> declaration

    def resource(self, rtype, name, schema_version, expressions, values=None,
                 count=None, depends_on=None, instances=None):
        """Adds one resource block: `values` for a single instance, or
        `instances` = [(index, values)] with `count` its count expression."""
        address = f"{rtype}.{name}"
        cfg = {
            "address": address,
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_config_key": self.provider_key,
            "expressions": exprs(expressions),
            "schema_version": schema_version,
        }
        if count is not None:
            cfg["count_expression"] = count
        if depends_on:
            cfg["depends_on"] = list(depends_on)
        self.configs.append(cfg)
        if instances is None:
            instances = [(None, values)]
        for index, vals in instances:
            self.instances.append({
                "type": rtype,
                "name": name,
                "index": index,
                "schema_version": schema_version,
                "values": vals,
            })

    def variable(self, name, value, description, sensitive=False, default=_OMIT):
        self.inputs[name] = value
        decl = {}
        if default is not _OMIT:
            decl["default"] = default
        decl["description"] = description
        if sensitive:
            decl["sensitive"] = True
        self.variable_decls[name] = decl

    def count(self):
        return len(self.instances)


def rel_address(inst: dict) -> str:
    a = f"{inst['type']}.{inst['name']}"
    if inst["index"] is not None:
        a += f"[{json.dumps(inst['index'])}]"
    return a


# ---------------------------------------------------------------------------
# AWS region (hashicorp/aws v5)
# ---------------------------------------------------------------------------

def aws_spec(region: str, octet: int, role: str, **drift) -> dict:
    base = f"10.{octet}"
    spec = {
        "region": region,
        "name": f"hf-{region}",
        "azs": [f"{region}{s}" for s in "abc"],
        "vpc_cidr": f"{base}.0.0/16",
        "public_cidrs": [f"{base}.{i}.0/24" for i in range(3)],
        "private_cidrs": [f"{base}.{10 + i}.0/24" for i in range(3)],
        "cluster_version": "1.30",
        "instance_types": ["m5.xlarge"],
        "scaling": {"desired_size": 3, "max_size": 6, "min_size": 3},
        "extra_ingress": [],
        "vpc_extra_tags": {},
        "api_key_secret": True,
        "health_check_path": "/healthz",
        "aurora_role": role,
    }
    for k, v in drift.items():
        assert k in spec, k
        spec[k] = v
    return spec


def aws_tags(p, name=None, extra=None):
    t = {"CostCenter": "platform", "Environment": "prod", "Owner": "sre", "Region": p["region"]}
    if name is not None:
        t["Name"] = name
    if extra:
        t.update(extra)
    return {k: t[k] for k in sorted(t)}


def with_tags(values: dict, tags: dict) -> dict:
    values["tags"] = tags
    values["tags_all"] = dict(tags)
    return values


def sg_rule(port, cidrs, description, protocol="tcp", to_port=None):
    return {
        "cidr_blocks": list(cidrs),
        "description": description,
        "from_port": port,
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "protocol": protocol,
        "security_groups": [],
        "self": False,
        "to_port": port if to_port is None else to_port,
    }


def sg_rule_expr(rule, cidr_expr=None):
    e = {
        "cidr_blocks": cidr_expr or C(rule["cidr_blocks"]),
        "description": C(rule["description"]),
        "from_port": C(rule["from_port"]),
        "protocol": C(rule["protocol"]),
        "to_port": C(rule["to_port"]),
    }
    return exprs(e)


def build_aws(p: dict) -> Region:
    r = Region(p["region"], AWS, "aws")
    name = p["name"]
    region = p["region"]
    role = p["aurora_role"]
    tag_refs = R("local.tags", "local.name")
    cert_arn = f"arn:aws:acm:{region}:{ACCOUNT}:certificate/6f1c2a9e-4b7d-4e0a-9c35-2d8f1e7b5a40"

    # Inputs (tfvars of this region root).
    r.variable("region", region, "AWS region of this stack")
    r.variable("vpc_cidr", p["vpc_cidr"], "IPv4 range of the VPC")
    r.variable("public_subnet_cidrs", p["public_cidrs"], "One public subnet per availability zone")
    r.variable("private_subnet_cidrs", p["private_cidrs"], "One private subnet per availability zone")
    r.variable("cluster_version", p["cluster_version"], "EKS Kubernetes version")
    r.variable("node_instance_types", p["instance_types"], "Instance types of the default node group")
    r.variable("node_scaling", dict(p["scaling"]), "desired/min/max size of the default node group")
    r.variable("health_check_path", p["health_check_path"], "Target group health check path")
    r.variable("certificate_arn", cert_arn, "ACM certificate of the HTTPS listener")
    r.variable("aurora_role", role, "primary or secondary member of the Aurora global database",
               default="primary")
    r.variable("db_master_password", DB_PASSWORD_PLACEHOLDER if role == "primary" else None,
               "Aurora master password (primary cluster only)", sensitive=True, default=None)

    # --- network -----------------------------------------------------------
    r.resource("aws_vpc", "main", 1, {
        "cidr_block": R("var.vpc_cidr"),
        "enable_dns_hostnames": C(True),
        "enable_dns_support": C(True),
        "tags": tag_refs,
    }, with_tags({
        "arn": U,
        "assign_generated_ipv6_cidr_block": False,
        "cidr_block": p["vpc_cidr"],
        "default_network_acl_id": U,
        "default_route_table_id": U,
        "default_security_group_id": U,
        "dhcp_options_id": U,
        "enable_dns_hostnames": True,
        "enable_dns_support": True,
        "enable_network_address_usage_metrics": U,
        "id": U,
        "instance_tenancy": "default",
        "ipv4_ipam_pool_id": None,
        "ipv4_netmask_length": None,
        "ipv6_association_id": U,
        "ipv6_cidr_block": U,
        "ipv6_cidr_block_network_border_group": U,
        "ipv6_ipam_pool_id": None,
        "ipv6_netmask_length": None,
        "main_route_table_id": U,
        "owner_id": U,
    }, aws_tags(p, f"{name}-vpc", p["vpc_extra_tags"])))

    def subnet(kind, i, cidr):
        az = p["azs"][i]
        extra = {"kubernetes.io/role/elb": "1"} if kind == "public" else {"kubernetes.io/role/internal-elb": "1"}
        return with_tags({
            "arn": U,
            "assign_ipv6_address_on_creation": False,
            "availability_zone": az,
            "availability_zone_id": U,
            "cidr_block": cidr,
            "customer_owned_ipv4_pool": None,
            "enable_dns64": False,
            "enable_lni_at_device_index": U,
            "enable_resource_name_dns_a_record_on_launch": False,
            "enable_resource_name_dns_aaaa_record_on_launch": False,
            "id": U,
            "ipv6_cidr_block": None,
            "ipv6_cidr_block_association_id": U,
            "ipv6_native": False,
            "map_customer_owned_ip_on_launch": None,
            "map_public_ip_on_launch": kind == "public",
            "outpost_arn": None,
            "owner_id": U,
            "private_dns_hostname_type_on_launch": U,
            "timeouts": None,
            "vpc_id": U,
        }, aws_tags(p, f"{name}-{kind}-{az[-1]}", extra))

    for kind, cidrs, var in (("public", p["public_cidrs"], "var.public_subnet_cidrs"),
                             ("private", p["private_cidrs"], "var.private_subnet_cidrs")):
        e = {
            "availability_zone": R("local.azs", "count.index"),
            "cidr_block": R(var, "count.index"),
            "tags": R("local.tags", "local.name", "local.azs", "count.index"),
            "vpc_id": RA("aws_vpc.main", "id"),
        }
        if kind == "public":
            e["map_public_ip_on_launch"] = C(True)
        r.resource("aws_subnet", kind, 1, e, count=R("local.azs"),
                   instances=[(i, subnet(kind, i, c)) for i, c in enumerate(cidrs)])

    r.resource("aws_internet_gateway", "main", 0, {
        "tags": tag_refs,
        "vpc_id": RA("aws_vpc.main", "id"),
    }, with_tags({
        "arn": U, "id": U, "owner_id": U, "timeouts": None, "vpc_id": U,
    }, aws_tags(p, f"{name}-igw")))

    r.resource("aws_eip", "nat", 0, {
        "domain": C("vpc"),
        "tags": tag_refs,
    }, with_tags({
        "address": None,
        "allocation_id": U,
        "arn": U,
        "associate_with_private_ip": None,
        "association_id": U,
        "carrier_ip": U,
        "customer_owned_ip": U,
        "customer_owned_ipv4_pool": None,
        "domain": "vpc",
        "id": U,
        "instance": U,
        "ipam_pool_id": None,
        "network_border_group": U,
        "network_interface": U,
        "private_dns": U,
        "private_ip": U,
        "ptr_record": U,
        "public_dns": U,
        "public_ip": U,
        "public_ipv4_pool": U,
        "timeouts": None,
        "vpc": U,
    }, aws_tags(p, f"{name}-nat")), depends_on=["aws_internet_gateway.main"])

    r.resource("aws_nat_gateway", "main", 0, {
        "allocation_id": RA("aws_eip.nat", "id"),
        "subnet_id": RA("aws_subnet.public[0]", "id"),
        "tags": tag_refs,
    }, with_tags({
        "allocation_id": U,
        "association_id": U,
        "connectivity_type": "public",
        "id": U,
        "network_interface_id": U,
        "private_ip": U,
        "public_ip": U,
        "secondary_allocation_ids": None,
        "secondary_private_ip_address_count": U,
        "secondary_private_ip_addresses": UL,
        "subnet_id": U,
        "timeouts": None,
    }, aws_tags(p, f"{name}-nat")))

    for kind in ("private", "public"):
        r.resource("aws_route_table", kind, 0, {
            "tags": tag_refs,
            "vpc_id": RA("aws_vpc.main", "id"),
        }, with_tags({
            "arn": U, "id": U, "owner_id": U, "propagating_vgws": UL, "route": UL,
            "timeouts": None, "vpc_id": U,
        }, aws_tags(p, f"{name}-{kind}")))

    def route(gateway: bool):
        return {
            "carrier_gateway_id": None,
            "core_network_arn": None,
            "destination_cidr_block": "0.0.0.0/0",
            "destination_ipv6_cidr_block": None,
            "destination_prefix_list_id": None,
            "egress_only_gateway_id": None,
            "gateway_id": U if gateway else None,
            "id": U,
            "instance_id": U,
            "instance_owner_id": U,
            "local_gateway_id": None,
            "nat_gateway_id": None if gateway else U,
            "network_interface_id": U,
            "origin": U,
            "route_table_id": U,
            "state": U,
            "timeouts": None,
            "transit_gateway_id": None,
            "vpc_endpoint_id": None,
            "vpc_peering_connection_id": None,
        }

    r.resource("aws_route", "private_nat", 0, {
        "destination_cidr_block": C("0.0.0.0/0"),
        "nat_gateway_id": RA("aws_nat_gateway.main", "id"),
        "route_table_id": RA("aws_route_table.private", "id"),
    }, route(False))
    r.resource("aws_route", "public_internet", 0, {
        "destination_cidr_block": C("0.0.0.0/0"),
        "gateway_id": RA("aws_internet_gateway.main", "id"),
        "route_table_id": RA("aws_route_table.public", "id"),
    }, route(True))

    for kind in ("private", "public"):
        r.resource("aws_route_table_association", kind, 0, {
            "route_table_id": RA(f"aws_route_table.{kind}", "id"),
            "subnet_id": R(f"aws_subnet.{kind}", "count.index"),
        }, count=R(f"aws_subnet.{kind}"), instances=[
            (i, {"gateway_id": None, "id": U, "route_table_id": U, "subnet_id": U, "timeouts": None})
            for i in range(3)])

    # --- security ----------------------------------------------------------
    base_ingress = [
        sg_rule(443, ["0.0.0.0/0"], "HTTPS from the internet"),
        sg_rule(8080, [p["vpc_cidr"]], "Application traffic from inside the VPC"),
    ]
    ingress = sorted(base_ingress + [sg_rule(*x) for x in p["extra_ingress"]], key=lambda x: x["from_port"])
    egress = [sg_rule(0, ["0.0.0.0/0"], "All outbound", protocol="-1")]
    ingress_expr = []
    for rule in ingress:
        if rule["from_port"] == 8080:
            ingress_expr.append(sg_rule_expr(rule, RA("aws_vpc.main", "cidr_block")))
        else:
            ingress_expr.append(sg_rule_expr(rule))
    r.resource("aws_security_group", "app", 1, {
        "description": C("Application tier: load balancer, EKS nodes, bastion"),
        "egress": [sg_rule_expr(egress[0])],
        "ingress": ingress_expr,
        "name": R("local.name"),
        "tags": tag_refs,
        "vpc_id": RA("aws_vpc.main", "id"),
    }, with_tags({
        "arn": U,
        "description": "Application tier: load balancer, EKS nodes, bastion",
        "egress": egress,
        "id": U,
        "ingress": ingress,
        "name": f"{name}-app",
        "name_prefix": U,
        "owner_id": U,
        "revoke_rules_on_delete": False,
        "timeouts": None,
        "vpc_id": U,
    }, aws_tags(p, f"{name}-app")))

    r.resource("aws_security_group", "db", 1, {
        "description": C("Data tier: Aurora and ElastiCache"),
        "name": R("local.name"),
        "tags": tag_refs,
        "vpc_id": RA("aws_vpc.main", "id"),
    }, with_tags({
        "arn": U,
        "description": "Data tier: Aurora and ElastiCache",
        "egress": UL,
        "id": U,
        "ingress": UL,
        "name": f"{name}-db",
        "name_prefix": U,
        "owner_id": U,
        "revoke_rules_on_delete": False,
        "timeouts": None,
        "vpc_id": U,
    }, aws_tags(p, f"{name}-db")))

    r.resource("aws_security_group_rule", "db_from_app", 2, {
        "description": C("PostgreSQL from the application tier"),
        "from_port": C(5432),
        "protocol": C("tcp"),
        "security_group_id": RA("aws_security_group.db", "id"),
        "source_security_group_id": RA("aws_security_group.app", "id"),
        "to_port": C(5432),
        "type": C("ingress"),
    }, {
        "cidr_blocks": None,
        "description": "PostgreSQL from the application tier",
        "from_port": 5432,
        "id": U,
        "ipv6_cidr_blocks": None,
        "prefix_list_ids": None,
        "protocol": "tcp",
        "security_group_id": U,
        "security_group_rule_id": U,
        "self": False,
        "source_security_group_id": U,
        "timeouts": None,
        "to_port": 5432,
        "type": "ingress",
    })

    r.resource("aws_vpc_security_group_ingress_rule", "redis_from_app", 0, {
        "description": C("Redis from the application tier"),
        "from_port": C(6379),
        "ip_protocol": C("tcp"),
        "referenced_security_group_id": RA("aws_security_group.app", "id"),
        "security_group_id": RA("aws_security_group.db", "id"),
        "tags": tag_refs,
        "to_port": C(6379),
    }, with_tags({
        "arn": U,
        "cidr_ipv4": None,
        "cidr_ipv6": None,
        "description": "Redis from the application tier",
        "from_port": 6379,
        "id": U,
        "ip_protocol": "tcp",
        "prefix_list_id": None,
        "referenced_security_group_id": U,
        "security_group_id": U,
        "security_group_rule_id": U,
        "to_port": 6379,
    }, aws_tags(p, f"{name}-redis-from-app")))

    # --- EKS ---------------------------------------------------------------
    r.resource("aws_eks_cluster", "main", 1, {
        "access_config": [exprs({
            "authentication_mode": C("API"),
            "bootstrap_cluster_creator_admin_permissions": C(False),
        })],
        "enabled_cluster_log_types": C(["api", "audit", "authenticator"]),
        "kubernetes_network_config": [exprs({
            "ip_family": C("ipv4"),
            "service_ipv4_cidr": C("172.20.0.0/16"),
        })],
        "name": R("local.name"),
        "role_arn": R("local.account_id", "local.name"),
        "tags": R("local.tags"),
        "version": R("var.cluster_version"),
        "vpc_config": [exprs({
            "endpoint_private_access": C(True),
            "endpoint_public_access": C(True),
            "public_access_cidrs": C(["0.0.0.0/0"]),
            "security_group_ids": RA("aws_security_group.app", "id"),
            "subnet_ids": R("aws_subnet.private"),
        })],
    }, with_tags({
        "access_config": [{
            "authentication_mode": "API",
            "bootstrap_cluster_creator_admin_permissions": False,
        }],
        "arn": U,
        "bootstrap_self_managed_addons": True,
        "certificate_authority": UL,
        "cluster_id": U,
        "compute_config": [],
        "created_at": U,
        "enabled_cluster_log_types": ["api", "audit", "authenticator"],
        "encryption_config": [],
        "endpoint": U,
        "id": U,
        "identity": UL,
        "kubernetes_network_config": [{
            "elastic_load_balancing": [],
            "ip_family": "ipv4",
            "service_ipv4_cidr": "172.20.0.0/16",
            "service_ipv6_cidr": U,
        }],
        "name": name,
        "outpost_config": [],
        "platform_version": U,
        "remote_network_config": [],
        "role_arn": f"arn:aws:iam::{ACCOUNT}:role/{name}-eks-cluster",
        "status": U,
        "storage_config": [],
        "timeouts": None,
        "upgrade_policy": UL,
        "version": p["cluster_version"],
        "vpc_config": [{
            "cluster_security_group_id": U,
            "endpoint_private_access": True,
            "endpoint_public_access": True,
            "public_access_cidrs": ["0.0.0.0/0"],
            "security_group_ids": UL,
            "subnet_ids": UL,
            "vpc_id": U,
        }],
        "zonal_shift_config": UL,
    }, aws_tags(p)))

    r.resource("aws_eks_node_group", "default", 0, {
        "ami_type": C("AL2023_x86_64_STANDARD"),
        "capacity_type": C("ON_DEMAND"),
        "cluster_name": RA("aws_eks_cluster.main", "name"),
        "instance_types": R("var.node_instance_types"),
        "labels": C({"workload": "general"}),
        "node_group_name": R("local.name"),
        "node_role_arn": R("local.account_id", "local.name"),
        "scaling_config": [exprs({
            "desired_size": R("var.node_scaling.desired_size", "var.node_scaling"),
            "max_size": R("var.node_scaling.max_size", "var.node_scaling"),
            "min_size": R("var.node_scaling.min_size", "var.node_scaling"),
        })],
        "subnet_ids": R("aws_subnet.private"),
        "tags": R("local.tags"),
        "update_config": [{"max_unavailable": C(1)}],
    }, with_tags({
        "ami_type": "AL2023_x86_64_STANDARD",
        "arn": U,
        "capacity_type": "ON_DEMAND",
        "cluster_name": name,
        "disk_size": U,
        "force_update_version": None,
        "id": U,
        "instance_types": list(p["instance_types"]),
        "labels": {"workload": "general"},
        "launch_template": [],
        "node_group_name": f"{name}-default",
        "node_group_name_prefix": U,
        "node_repair_config": UL,
        "node_role_arn": f"arn:aws:iam::{ACCOUNT}:role/{name}-eks-node",
        "release_version": U,
        "remote_access": [],
        "resources": UL,
        "scaling_config": [dict(p["scaling"])],
        "status": U,
        "subnet_ids": UL,
        "taint": [],
        "timeouts": None,
        "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": None}],
        "version": U,
    }, aws_tags(p)))

    for res_name, addon, version in (("coredns", "coredns", "v1.11.1-eksbuild.11"),
                                     ("vpc_cni", "vpc-cni", "v1.18.3-eksbuild.3")):
        r.resource("aws_eks_addon", res_name, 0, {
            "addon_name": C(addon),
            "addon_version": C(version),
            "cluster_name": RA("aws_eks_cluster.main", "name"),
            "resolve_conflicts_on_create": C("OVERWRITE"),
            "resolve_conflicts_on_update": C("OVERWRITE"),
            "tags": R("local.tags"),
        }, with_tags({
            "addon_name": addon,
            "addon_version": version,
            "arn": U,
            "cluster_name": name,
            "configuration_values": U,
            "created_at": U,
            "id": U,
            "modified_at": U,
            "pod_identity_association": [],
            "preserve": None,
            "resolve_conflicts_on_create": "OVERWRITE",
            "resolve_conflicts_on_update": "OVERWRITE",
            "service_account_role_arn": None,
            "timeouts": None,
        }, aws_tags(p)))

    # --- load balancer -----------------------------------------------------
    r.resource("aws_lb", "app", 0, {
        "drop_invalid_header_fields": C(True),
        "enable_deletion_protection": C(True),
        "internal": C(False),
        "load_balancer_type": C("application"),
        "name": R("local.name"),
        "security_groups": RA("aws_security_group.app", "id"),
        "subnets": R("aws_subnet.public"),
        "tags": tag_refs,
    }, with_tags({
        "access_logs": [],
        "arn": U,
        "arn_suffix": U,
        "client_keep_alive": 3600,
        "connection_logs": [],
        "customer_owned_ipv4_pool": None,
        "desync_mitigation_mode": "defensive",
        "dns_name": U,
        "dns_record_client_routing_policy": None,
        "drop_invalid_header_fields": True,
        "enable_cross_zone_load_balancing": U,
        "enable_deletion_protection": True,
        "enable_http2": True,
        "enable_tls_version_and_cipher_suite_headers": False,
        "enable_waf_fail_open": False,
        "enable_xff_client_port": False,
        "enable_zonal_shift": False,
        "enforce_security_group_inbound_rules_on_private_link_traffic": U,
        "id": U,
        "idle_timeout": 60,
        "internal": False,
        "ip_address_type": U,
        "ipam_pools": [],
        "load_balancer_type": "application",
        "name": f"{name}-alb",
        "name_prefix": U,
        "preserve_host_header": False,
        "security_groups": UL,
        "subnet_mapping": UL,
        "subnets": UL,
        "timeouts": None,
        "vpc_id": U,
        "xff_header_processing_mode": "append",
        "zone_id": U,
    }, aws_tags(p, f"{name}-alb")))

    r.resource("aws_lb_listener", "https", 0, {
        "certificate_arn": R("var.certificate_arn"),
        "default_action": [exprs({
            "target_group_arn": RA("aws_lb_target_group.app", "arn"),
            "type": C("forward"),
        })],
        "load_balancer_arn": RA("aws_lb.app", "arn"),
        "port": C(443),
        "protocol": C("HTTPS"),
        "ssl_policy": C("ELBSecurityPolicy-TLS13-1-2-2021-06"),
        "tags": R("local.tags"),
    }, with_tags({
        "alpn_policy": None,
        "arn": U,
        "certificate_arn": cert_arn,
        "default_action": [{
            "authenticate_cognito": [],
            "authenticate_oidc": [],
            "fixed_response": [],
            "forward": [],
            "order": U,
            "redirect": [],
            "target_group_arn": U,
            "type": "forward",
        }],
        "id": U,
        "load_balancer_arn": U,
        "mutual_authentication": UL,
        "port": 443,
        "protocol": "HTTPS",
        "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "tcp_idle_timeout_seconds": U,
        "timeouts": None,
    }, aws_tags(p)))

    r.resource("aws_lb_target_group", "app", 0, {
        "deregistration_delay": C(30),
        "health_check": [exprs({
            "enabled": C(True),
            "healthy_threshold": C(3),
            "interval": C(15),
            "matcher": C("200"),
            "path": R("var.health_check_path"),
            "protocol": C("HTTP"),
            "timeout": C(5),
            "unhealthy_threshold": C(3),
        })],
        "name": R("local.name"),
        "port": C(8080),
        "protocol": C("HTTP"),
        "tags": tag_refs,
        "target_type": C("ip"),
        "vpc_id": RA("aws_vpc.main", "id"),
    }, with_tags({
        "arn": U,
        "arn_suffix": U,
        "connection_termination": U,
        "deregistration_delay": "30",
        "health_check": [{
            "enabled": True,
            "healthy_threshold": 3,
            "interval": 15,
            "matcher": "200",
            "path": p["health_check_path"],
            "port": "traffic-port",
            "protocol": "HTTP",
            "timeout": 5,
            "unhealthy_threshold": 3,
        }],
        "id": U,
        "ip_address_type": U,
        "lambda_multi_value_headers_enabled": False,
        "load_balancer_arns": UL,
        "load_balancing_algorithm_type": U,
        "load_balancing_anomaly_mitigation": U,
        "load_balancing_cross_zone_enabled": U,
        "name": f"{name}-app",
        "name_prefix": U,
        "port": 8080,
        "preserve_client_ip": U,
        "protocol": "HTTP",
        "protocol_version": U,
        "proxy_protocol_v2": False,
        "slow_start": 0,
        "stickiness": UL,
        "target_failover": UL,
        "target_group_health": UL,
        "target_health_state": UL,
        "target_type": "ip",
        "vpc_id": U,
    }, aws_tags(p, f"{name}-app")))

    # --- data --------------------------------------------------------------
    r.resource("aws_elasticache_subnet_group", "cache", 0, {
        "name": R("local.name"),
        "subnet_ids": R("aws_subnet.private"),
        "tags": R("local.tags"),
    }, with_tags({
        "arn": U,
        "description": "Managed by Terraform",
        "id": U,
        "name": f"{name}-cache",
        "subnet_ids": UL,
        "vpc_id": U,
    }, aws_tags(p)))

    r.resource("aws_elasticache_replication_group", "cache", 2, {
        "at_rest_encryption_enabled": C(True),
        "automatic_failover_enabled": C(True),
        "description": C("Highflame session cache"),
        "engine": C("redis"),
        "engine_version": C("7.1"),
        "multi_az_enabled": C(True),
        "node_type": C("cache.r6g.large"),
        "num_cache_clusters": C(2),
        "parameter_group_name": C("default.redis7"),
        "port": C(6379),
        "replication_group_id": R("local.name"),
        "security_group_ids": RA("aws_security_group.db", "id"),
        "snapshot_retention_limit": C(7),
        "subnet_group_name": RA("aws_elasticache_subnet_group.cache", "name"),
        "tags": R("local.tags"),
        "transit_encryption_enabled": C(True),
    }, with_tags({
        "apply_immediately": None,
        "arn": U,
        "at_rest_encryption_enabled": True,
        "auth_token": S(None),
        "auth_token_update_strategy": None,
        "auto_minor_version_upgrade": U,
        "automatic_failover_enabled": True,
        "cluster_enabled": U,
        "cluster_mode": U,
        "configuration_endpoint_address": U,
        "data_tiering_enabled": U,
        "description": "Highflame session cache",
        "engine": "redis",
        "engine_version": "7.1",
        "engine_version_actual": U,
        "final_snapshot_identifier": None,
        "global_replication_group_id": U,
        "id": U,
        "ip_discovery": U,
        "kms_key_id": None,
        "log_delivery_configuration": [],
        "maintenance_window": U,
        "member_clusters": UL,
        "multi_az_enabled": True,
        "network_type": U,
        "node_type": "cache.r6g.large",
        "notification_topic_arn": None,
        "num_cache_clusters": 2,
        "num_node_groups": U,
        "parameter_group_name": "default.redis7",
        "port": 6379,
        "preferred_cache_cluster_azs": None,
        "primary_endpoint_address": U,
        "reader_endpoint_address": U,
        "replicas_per_node_group": U,
        "replication_group_id": f"{name}-cache",
        "security_group_ids": UL,
        "security_group_names": UL,
        "snapshot_arns": None,
        "snapshot_name": None,
        "snapshot_retention_limit": 7,
        "snapshot_window": U,
        "subnet_group_name": f"{name}-cache",
        "timeouts": None,
        "transit_encryption_enabled": True,
        "transit_encryption_mode": U,
        "user_group_ids": None,
    }, aws_tags(p)))

    if p["api_key_secret"]:
        r.resource("aws_secretsmanager_secret", "api_key", 0, {
            "description": C("API key the application presents to partners"),
            "name": R("local.name"),
            "recovery_window_in_days": C(7),
            "tags": R("local.tags"),
        }, with_tags({
            "arn": U,
            "description": "API key the application presents to partners",
            "force_overwrite_replica_secret": False,
            "id": U,
            "kms_key_id": None,
            "name": f"{name}/api-key",
            "name_prefix": U,
            "policy": U,
            "recovery_window_in_days": 7,
            "replica": UL,
        }, aws_tags(p)))

    r.resource("aws_db_subnet_group", "app", 0, {
        "name": R("local.name"),
        "subnet_ids": R("aws_subnet.private"),
        "tags": R("local.tags"),
    }, with_tags({
        "arn": U,
        "description": "Managed by Terraform",
        "id": U,
        "name": f"{name}-aurora",
        "name_prefix": U,
        "subnet_ids": UL,
        "supported_network_types": UL,
        "vpc_id": U,
    }, aws_tags(p)))

    primary = role == "primary"
    r.resource("aws_rds_cluster", "app", 0, {
        "backup_retention_period": C(7),
        "cluster_identifier": R("local.name"),
        "copy_tags_to_snapshot": C(True),
        "db_subnet_group_name": RA("aws_db_subnet_group.app", "name"),
        "deletion_protection": C(True),
        "enabled_cloudwatch_logs_exports": C(["postgresql"]),
        "engine": C("aurora-postgresql"),
        "engine_version": C("15.4"),
        "final_snapshot_identifier": R("local.name"),
        "global_cluster_identifier": C("hf-global"),
        "iam_database_authentication_enabled": C(True),
        "master_password": R("var.aurora_role", "var.db_master_password"),
        "master_username": R("var.aurora_role"),
        "storage_encrypted": C(True),
        "tags": R("local.tags"),
        "vpc_security_group_ids": RA("aws_security_group.db", "id"),
    }, with_tags({
        "allocated_storage": U,
        "allow_major_version_upgrade": None,
        "apply_immediately": U,
        "arn": U,
        "availability_zones": UL,
        "backtrack_window": None,
        "backup_retention_period": 7,
        "ca_certificate_identifier": U,
        "ca_certificate_valid_till": U,
        "cluster_identifier": f"{name}-aurora",
        "cluster_identifier_prefix": U,
        "cluster_members": UL,
        "cluster_resource_id": U,
        "copy_tags_to_snapshot": True,
        "database_name": U,
        "db_cluster_instance_class": None,
        "db_cluster_parameter_group_name": U,
        "db_instance_parameter_group_name": None,
        "db_subnet_group_name": f"{name}-aurora",
        "db_system_id": U,
        "delete_automated_backups": True,
        "deletion_protection": True,
        "domain": None,
        "domain_iam_role_name": None,
        "enable_global_write_forwarding": False,
        "enable_http_endpoint": False,
        "enable_local_write_forwarding": False,
        "enabled_cloudwatch_logs_exports": ["postgresql"],
        "endpoint": U,
        "engine": "aurora-postgresql",
        "engine_lifecycle_support": U,
        "engine_mode": "provisioned",
        "engine_version": "15.4",
        "engine_version_actual": U,
        "final_snapshot_identifier": f"{name}-aurora-final",
        "global_cluster_identifier": "hf-global",
        "hosted_zone_id": U,
        "iam_database_authentication_enabled": True,
        "iam_roles": UL,
        "id": U,
        "iops": None,
        "kms_key_id": U,
        "manage_master_user_password": None,
        "master_password": S(DB_PASSWORD_PLACEHOLDER if primary else None),
        "master_user_secret": UL,
        "master_user_secret_kms_key_id": U,
        "master_username": "hfadmin" if primary else None,
        "network_type": U,
        "performance_insights_enabled": U,
        "performance_insights_kms_key_id": U,
        "performance_insights_retention_period": U,
        "port": U,
        "preferred_backup_window": U,
        "preferred_maintenance_window": U,
        "reader_endpoint": U,
        "replication_source_identifier": None,
        "restore_to_point_in_time": [],
        "s3_import": [],
        "scaling_configuration": [],
        "serverlessv2_scaling_configuration": [],
        "skip_final_snapshot": False,
        "snapshot_identifier": None,
        "source_region": None,
        "storage_encrypted": True,
        "storage_type": U,
        "timeouts": None,
        "vpc_security_group_ids": UL,
    }, aws_tags(p)))

    def db_instance(i):
        return with_tags({
            "apply_immediately": U,
            "arn": U,
            "auto_minor_version_upgrade": True,
            "availability_zone": U,
            "ca_cert_identifier": U,
            "cluster_identifier": f"{name}-aurora",
            "copy_tags_to_snapshot": False,
            "custom_iam_instance_profile": None,
            "db_parameter_group_name": U,
            "db_subnet_group_name": f"{name}-aurora",
            "dbi_resource_id": U,
            "endpoint": U,
            "engine": "aurora-postgresql",
            "engine_version": "15.4",
            "engine_version_actual": U,
            "id": U,
            "identifier": f"{name}-aurora-{i}",
            "identifier_prefix": U,
            "instance_class": "db.r6g.large",
            "kms_key_id": U,
            "monitoring_interval": 0,
            "monitoring_role_arn": U,
            "network_type": U,
            "performance_insights_enabled": True,
            "performance_insights_kms_key_id": U,
            "performance_insights_retention_period": U,
            "port": U,
            "preferred_backup_window": U,
            "preferred_maintenance_window": U,
            "promotion_tier": 0,
            "publicly_accessible": False,
            "storage_encrypted": U,
            "timeouts": None,
            "writer": U,
        }, aws_tags(p))

    r.resource("aws_rds_cluster_instance", "app", 0, {
        "cluster_identifier": RA("aws_rds_cluster.app", "cluster_identifier"),
        "db_subnet_group_name": RA("aws_db_subnet_group.app", "name"),
        "engine": RA("aws_rds_cluster.app", "engine"),
        "engine_version": RA("aws_rds_cluster.app", "engine_version"),
        "identifier": R("local.name", "count.index"),
        "instance_class": C("db.r6g.large"),
        "performance_insights_enabled": C(True),
        "publicly_accessible": C(False),
        "tags": R("local.tags"),
    }, count=C(2), instances=[(i, db_instance(i)) for i in range(2)])

    # --- bastion -----------------------------------------------------------
    bastion_tags = aws_tags(p, f"{name}-bastion")
    r.resource("aws_launch_template", "bastion", 0, {
        "block_device_mappings": [exprs({
            "device_name": C("/dev/xvda"),
            "ebs": [exprs({
                "delete_on_termination": C("true"),
                "encrypted": C("true"),
                "volume_size": C(20),
                "volume_type": C("gp3"),
            })],
        })],
        "description": C("Bastion host"),
        "image_id": C("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"),
        "instance_type": C("t3.micro"),
        "metadata_options": [exprs({
            "http_endpoint": C("enabled"),
            "http_put_response_hop_limit": C(1),
            "http_tokens": C("required"),
        })],
        "name": R("local.name"),
        "tag_specifications": [exprs({
            "resource_type": C("instance"),
            "tags": tag_refs,
        })],
        "tags": R("local.tags"),
        "update_default_version": C(True),
        "vpc_security_group_ids": RA("aws_security_group.app", "id"),
    }, with_tags({
        "arn": U,
        "block_device_mappings": [{
            "device_name": "/dev/xvda",
            "ebs": [{
                "delete_on_termination": "true",
                "encrypted": "true",
                "iops": U,
                "kms_key_id": None,
                "snapshot_id": None,
                "throughput": U,
                "volume_size": 20,
                "volume_type": "gp3",
            }],
            "no_device": None,
            "virtual_name": None,
        }],
        "capacity_reservation_specification": [],
        "cpu_options": [],
        "credit_specification": [],
        "default_version": U,
        "description": "Bastion host",
        "disable_api_stop": None,
        "disable_api_termination": None,
        "ebs_optimized": None,
        "elastic_gpu_specifications": [],
        "elastic_inference_accelerator": [],
        "enclave_options": [],
        "hibernation_options": [],
        "iam_instance_profile": [],
        "id": U,
        "image_id": "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        "instance_initiated_shutdown_behavior": None,
        "instance_market_options": [],
        "instance_requirements": [],
        "instance_type": "t3.micro",
        "kernel_id": None,
        "key_name": None,
        "latest_version": U,
        "license_specification": [],
        "maintenance_options": [],
        "metadata_options": [{
            "http_endpoint": "enabled",
            "http_protocol_ipv6": U,
            "http_put_response_hop_limit": 1,
            "http_tokens": "required",
            "instance_metadata_tags": U,
        }],
        "monitoring": [],
        "name": f"{name}-bastion",
        "name_prefix": U,
        "network_interfaces": [],
        "placement": [],
        "private_dns_name_options": [],
        "ram_disk_id": None,
        "security_group_names": None,
        "tag_specifications": [{"resource_type": "instance", "tags": dict(bastion_tags)}],
        "update_default_version": True,
        "user_data": None,
        "vpc_security_group_ids": UL,
    }, aws_tags(p)))

    r.resource("aws_instance", "bastion", 1, {
        "launch_template": [exprs({
            "id": RA("aws_launch_template.bastion", "id"),
            "version": C("$Latest"),
        })],
        "subnet_id": RA("aws_subnet.public[0]", "id"),
        "tags": tag_refs,
    }, with_tags({
        "ami": U,
        "arn": U,
        "associate_public_ip_address": U,
        "availability_zone": U,
        "capacity_reservation_specification": UL,
        "cpu_core_count": U,
        "cpu_options": UL,
        "cpu_threads_per_core": U,
        "credit_specification": [],
        "disable_api_stop": U,
        "disable_api_termination": U,
        "ebs_block_device": UL,
        "ebs_optimized": U,
        "enable_primary_ipv6": None,
        "enclave_options": UL,
        "ephemeral_block_device": UL,
        "get_password_data": False,
        "hibernation": None,
        "host_id": U,
        "host_resource_group_arn": U,
        "iam_instance_profile": U,
        "id": U,
        "instance_initiated_shutdown_behavior": U,
        "instance_lifecycle": U,
        "instance_market_options": UL,
        "instance_state": U,
        "instance_type": U,
        "ipv6_address_count": U,
        "ipv6_addresses": UL,
        "key_name": U,
        "launch_template": [{"id": U, "name": U, "version": "$Latest"}],
        "maintenance_options": UL,
        "metadata_options": UL,
        "monitoring": U,
        "network_interface": UL,
        "outpost_arn": U,
        "password_data": U,
        "placement_group": U,
        "placement_partition_number": U,
        "primary_network_interface_id": U,
        "private_dns": U,
        "private_dns_name_options": UL,
        "private_ip": U,
        "public_dns": U,
        "public_ip": U,
        "root_block_device": UL,
        "secondary_private_ips": UL,
        "security_groups": UL,
        "source_dest_check": True,
        "spot_instance_request_id": U,
        "subnet_id": U,
        "tenancy": U,
        "timeouts": None,
        "user_data": U,
        "user_data_base64": U,
        "user_data_replace_on_change": False,
        "volume_tags": None,
        "vpc_security_group_ids": UL,
    }, bastion_tags))

    return r


# ---------------------------------------------------------------------------
# Azure region (hashicorp/azurerm v4)
# ---------------------------------------------------------------------------

def azure_spec(location: str, octet: int, replica_of: str | None, **drift) -> dict:
    base = f"10.{octet}"
    spec = {
        "location": location,
        "vnet_cidr": f"{base}.0.0/16",
        "subnets": {"aks": f"{base}.0.0/24", "appgw": f"{base}.1.0/24", "postgres": f"{base}.2.0/24"},
        "kubernetes_version": "1.30.3",
        "system_vm_size": "Standard_D4s_v5",
        "workers_node_count": 3,
        "https_port": "443",
        "key_vault_omit_tags": [],
        "ssh_rule": False,
        "redis_tls": "1.2",
        "replica_of": replica_of,
    }
    for k, v in drift.items():
        if k == "postgres_prefix":
            spec["subnets"] = dict(spec["subnets"], postgres=v)
            continue
        assert k in spec, k
        spec[k] = v
    return spec


def psql_id(location: str) -> str:
    return (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-hf-{location}/providers/"
            f"Microsoft.DBforPostgreSQL/flexibleServers/psql-hf-{location}")


def az_tags(p, omit=()):
    t = {"CostCenter": "platform", "Environment": "prod", "Owner": "sre", "Region": p["location"]}
    return {k: t[k] for k in sorted(t) if k not in omit}


def nsg_inline_rule(name, priority, description, protocol, source, port=None, ports=None):
    return {
        "access": "Allow",
        "description": description,
        "destination_address_prefix": "*",
        "destination_address_prefixes": [],
        "destination_application_security_group_ids": [],
        "destination_port_range": port if port is not None else "",
        "destination_port_ranges": list(ports or []),
        "direction": "Inbound",
        "name": name,
        "priority": priority,
        "protocol": protocol,
        "source_address_prefix": source,
        "source_address_prefixes": [],
        "source_application_security_group_ids": [],
        "source_port_range": "*",
        "source_port_ranges": [],
    }


def nsg_inline_expr(rule):
    e = {
        "access": C(rule["access"]),
        "description": C(rule["description"]),
        "destination_address_prefix": C(rule["destination_address_prefix"]),
        "direction": C(rule["direction"]),
        "name": C(rule["name"]),
        "priority": C(rule["priority"]),
        "protocol": C(rule["protocol"]),
        "source_address_prefix": C(rule["source_address_prefix"]),
        "source_port_range": C(rule["source_port_range"]),
    }
    if rule["destination_port_range"]:
        e["destination_port_range"] = C(rule["destination_port_range"])
    if rule["destination_port_ranges"]:
        e["destination_port_ranges"] = C(rule["destination_port_ranges"])
    return exprs(e)


def build_azure(p: dict) -> Region:
    loc = p["location"]
    r = Region(loc, AZURERM, "azurerm")
    rg = f"rg-hf-{loc}"
    vnet = f"vnet-hf-{loc}"
    tags = az_tags(p)
    rg_name = RA("azurerm_resource_group.main", "name")
    rg_loc = RA("azurerm_resource_group.main", "location")

    r.variable("location", loc, "Azure region of this stack")
    r.variable("vnet_cidr", p["vnet_cidr"], "Address space of the virtual network")
    r.variable("subnet_prefixes", dict(p["subnets"]), "Subnet ranges by role")
    r.variable("kubernetes_version", p["kubernetes_version"], "AKS Kubernetes version")
    r.variable("system_vm_size", p["system_vm_size"], "VM size of the system node pool")
    r.variable("workers_node_count", p["workers_node_count"], "Node count of the workers pool")
    r.variable("redis_minimum_tls_version", p["redis_tls"], "Minimum TLS version of the Redis cache")
    r.variable("key_vault_omit_tags", list(p["key_vault_omit_tags"]), "Common tag keys left off the Key Vault",
               default=[])
    r.variable("tenant_id", TENANT, "Entra ID tenant")
    r.variable("postgres_source_server_id", psql_id(p["replica_of"]) if p["replica_of"] else None,
               "Primary flexible server to replicate from (standby region only)", default=None)

    r.resource("azurerm_resource_group", "main", 0, {
        "location": R("var.location"),
        "name": R("var.location"),
        "tags": R("local.tags"),
    }, {
        "id": U, "location": loc, "managed_by": None, "name": rg, "tags": dict(tags), "timeouts": None,
    })

    r.resource("azurerm_virtual_network", "main", 0, {
        "address_space": R("var.vnet_cidr"),
        "location": rg_loc,
        "name": R("var.location"),
        "resource_group_name": rg_name,
        "tags": R("local.tags"),
    }, {
        "address_space": [p["vnet_cidr"]],
        "bgp_community": None,
        "ddos_protection_plan": [],
        "dns_servers": UL,
        "edge_zone": None,
        "encryption": [],
        "flow_timeout_in_minutes": None,
        "guid": U,
        "id": U,
        "ip_address_pool": [],
        "location": loc,
        "name": vnet,
        "private_endpoint_vnet_policies": "Disabled",
        "resource_group_name": rg,
        "subnet": UL,
        "tags": dict(tags),
        "timeouts": None,
    })

    for sname in ("aks", "appgw", "postgres"):
        e = {
            "address_prefixes": R("var.subnet_prefixes." + sname, "var.subnet_prefixes"),
            "name": C(f"snet-{sname}"),
            "resource_group_name": rg_name,
            "virtual_network_name": RA("azurerm_virtual_network.main", "name"),
        }
        delegation = []
        service_endpoints = None
        if sname == "postgres":
            delegation = [{
                "name": "postgres",
                "service_delegation": [{
                    "actions": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
                    "name": "Microsoft.DBforPostgreSQL/flexibleServers",
                }],
            }]
            service_endpoints = ["Microsoft.Storage"]
            e["delegation"] = [exprs({
                "name": C("postgres"),
                "service_delegation": [exprs({
                    "actions": C(["Microsoft.Network/virtualNetworks/subnets/join/action"]),
                    "name": C("Microsoft.DBforPostgreSQL/flexibleServers"),
                })],
            })]
            e["service_endpoints"] = C(["Microsoft.Storage"])
        r.resource("azurerm_subnet", sname, 0, e, {
            "address_prefixes": [p["subnets"][sname]],
            "default_outbound_access_enabled": True,
            "delegation": delegation,
            "id": U,
            "ip_address_pool": [],
            "name": f"snet-{sname}",
            "private_endpoint_network_policies": "Disabled",
            "private_link_service_network_policies_enabled": True,
            "resource_group_name": rg,
            "service_endpoint_policy_ids": None,
            "service_endpoints": service_endpoints,
            "sharing_scope": None,
            "timeouts": None,
            "virtual_network_name": vnet,
        })

    # --- network security ---------------------------------------------------
    aks_rules = [
        nsg_inline_rule("allow-https", 100, "HTTPS from the internet", "Tcp", "Internet", port="443"),
        nsg_inline_rule("allow-azure-lb", 110, "Azure load balancer probes", "*", "AzureLoadBalancer", port="*"),
        nsg_inline_rule("allow-nodeports-vnet", 120, "NodePorts from inside the virtual network", "Tcp",
                        "VirtualNetwork", ports=["30000-32767"]),
    ]
    r.resource("azurerm_network_security_group", "aks", 0, {
        "location": rg_loc,
        "name": R("var.location"),
        "resource_group_name": rg_name,
        "security_rule": [nsg_inline_expr(x) for x in aks_rules],
        "tags": R("local.tags"),
    }, {
        "id": U,
        "location": loc,
        "name": f"nsg-hf-aks-{loc}",
        "resource_group_name": rg,
        "security_rule": aks_rules,
        "tags": dict(tags),
        "timeouts": None,
    })
    r.resource("azurerm_network_security_group", "appgw", 0, {
        "location": rg_loc,
        "name": R("var.location"),
        "resource_group_name": rg_name,
        "tags": R("local.tags"),
    }, {
        "id": U,
        "location": loc,
        "name": f"nsg-hf-appgw-{loc}",
        "resource_group_name": rg,
        "security_rule": UL,
        "tags": dict(tags),
        "timeouts": None,
    })

    def rule(res_name, rule_name, priority, description, source, port):
        r.resource("azurerm_network_security_rule", res_name, 0, {
            "access": C("Allow"),
            "description": C(description),
            "destination_address_prefix": C("*"),
            "destination_port_range": C(port),
            "direction": C("Inbound"),
            "name": C(rule_name),
            "network_security_group_name": RA("azurerm_network_security_group.appgw", "name"),
            "priority": C(priority),
            "protocol": C("Tcp"),
            "resource_group_name": rg_name,
            "source_address_prefix": C(source),
            "source_port_range": C("*"),
        }, {
            "access": "Allow",
            "description": description,
            "destination_address_prefix": "*",
            "destination_address_prefixes": None,
            "destination_application_security_group_ids": None,
            "destination_port_range": port,
            "destination_port_ranges": None,
            "direction": "Inbound",
            "id": U,
            "name": rule_name,
            "network_security_group_name": f"nsg-hf-appgw-{loc}",
            "priority": priority,
            "protocol": "Tcp",
            "resource_group_name": rg,
            "source_address_prefix": source,
            "source_address_prefixes": None,
            "source_application_security_group_ids": None,
            "source_port_range": "*",
            "source_port_ranges": None,
            "timeouts": None,
        })

    rule("gateway_manager", "allow-gateway-manager", 110, "Application Gateway v2 infrastructure ports",
         "GatewayManager", "65200-65535")
    rule("https", "allow-https", 100, "HTTPS from the internet", "Internet", p["https_port"])
    if p["ssh_rule"]:
        rule("ssh", "allow-ssh", 120, "SSH for debugging", "Internet", "22")

    for sname in ("aks", "appgw"):
        r.resource("azurerm_subnet_network_security_group_association", sname, 0, {
            "network_security_group_id": RA(f"azurerm_network_security_group.{sname}", "id"),
            "subnet_id": RA(f"azurerm_subnet.{sname}", "id"),
        }, {"id": U, "network_security_group_id": U, "subnet_id": U, "timeouts": None})

    # --- AKS ----------------------------------------------------------------
    r.resource("azurerm_kubernetes_cluster", "main", 2, {
        "automatic_upgrade_channel": C("patch"),
        "default_node_pool": [exprs({
            "auto_scaling_enabled": C(True),
            "max_count": C(6),
            "min_count": C(3),
            "name": C("system"),
            "node_count": C(3),
            "only_critical_addons_enabled": C(True),
            "os_disk_type": C("Managed"),
            "temporary_name_for_rotation": C("systemtmp"),
            "upgrade_settings": [exprs({"max_surge": C("10%")})],
            "vm_size": R("var.system_vm_size"),
            "vnet_subnet_id": RA("azurerm_subnet.aks", "id"),
            "zones": C(["1", "2", "3"]),
        })],
        "dns_prefix": R("var.location"),
        "identity": [{"type": C("SystemAssigned")}],
        "kubernetes_version": R("var.kubernetes_version"),
        "location": rg_loc,
        "name": R("var.location"),
        "network_profile": [exprs({
            "dns_service_ip": C("172.16.0.10"),
            "load_balancer_sku": C("standard"),
            "network_data_plane": C("cilium"),
            "network_plugin": C("azure"),
            "network_plugin_mode": C("overlay"),
            "network_policy": C("cilium"),
            "outbound_type": C("loadBalancer"),
            "pod_cidr": C("10.244.0.0/16"),
            "service_cidr": C("172.16.0.0/16"),
        })],
        "node_os_upgrade_channel": C("NodeImage"),
        "oidc_issuer_enabled": C(True),
        "resource_group_name": rg_name,
        "sku_tier": C("Standard"),
        "tags": R("local.tags"),
        "workload_identity_enabled": C(True),
    }, {
        "aci_connector_linux": [],
        "api_server_access_profile": [],
        "auto_scaler_profile": UL,
        "automatic_upgrade_channel": "patch",
        "azure_active_directory_role_based_access_control": [],
        "azure_policy_enabled": None,
        "confidential_computing": [],
        "cost_analysis_enabled": None,
        "current_kubernetes_version": U,
        "custom_ca_trust_certificates_base64": None,
        "default_node_pool": [{
            "auto_scaling_enabled": True,
            "capacity_reservation_group_id": None,
            "fips_enabled": None,
            "gpu_instance": None,
            "host_encryption_enabled": None,
            "host_group_id": None,
            "kubelet_config": [],
            "kubelet_disk_type": U,
            "linux_os_config": [],
            "max_count": 6,
            "max_pods": U,
            "min_count": 3,
            "name": "system",
            "node_count": 3,
            "node_labels": UM,
            "node_network_profile": [],
            "node_public_ip_enabled": None,
            "node_public_ip_prefix_id": None,
            "only_critical_addons_enabled": True,
            "orchestrator_version": U,
            "os_disk_size_gb": U,
            "os_disk_type": "Managed",
            "os_sku": U,
            "pod_subnet_id": None,
            "proximity_placement_group_id": None,
            "scale_down_mode": "Delete",
            "snapshot_id": None,
            "tags": None,
            "temporary_name_for_rotation": "systemtmp",
            "type": "VirtualMachineScaleSets",
            "ultra_ssd_enabled": False,
            "upgrade_settings": [{
                "drain_timeout_in_minutes": None,
                "max_surge": "10%",
                "node_soak_duration_in_minutes": None,
            }],
            "vm_size": p["system_vm_size"],
            "vnet_subnet_id": U,
            "workload_runtime": U,
            "zones": ["1", "2", "3"],
        }],
        "disk_encryption_set_id": None,
        "dns_prefix": f"aks-hf-{loc}",
        "dns_prefix_private_cluster": None,
        "edge_zone": None,
        "fqdn": U,
        "http_application_routing_zone_name": U,
        "http_proxy_config": [],
        "id": U,
        "identity": [{"identity_ids": None, "principal_id": U, "tenant_id": U, "type": "SystemAssigned"}],
        "image_cleaner_enabled": None,
        "image_cleaner_interval_hours": None,
        "ingress_application_gateway": [],
        "key_management_service": [],
        "key_vault_secrets_provider": [],
        "kube_admin_config": S(UL),
        "kube_admin_config_raw": S(U),
        "kube_config": S(UL),
        "kube_config_raw": S(U),
        "kubelet_identity": UL,
        "kubernetes_version": p["kubernetes_version"],
        "linux_profile": [],
        "local_account_disabled": None,
        "location": loc,
        "maintenance_window": [],
        "maintenance_window_auto_upgrade": [],
        "maintenance_window_node_os": [],
        "microsoft_defender": [],
        "monitor_metrics": [],
        "name": f"aks-hf-{loc}",
        "network_profile": [{
            "dns_service_ip": "172.16.0.10",
            "ip_versions": UL,
            "load_balancer_profile": UL,
            "load_balancer_sku": "standard",
            "nat_gateway_profile": UL,
            "network_data_plane": "cilium",
            "network_mode": U,
            "network_plugin": "azure",
            "network_plugin_mode": "overlay",
            "network_policy": "cilium",
            "outbound_type": "loadBalancer",
            "pod_cidr": "10.244.0.0/16",
            "pod_cidrs": UL,
            "service_cidr": "172.16.0.0/16",
            "service_cidrs": UL,
        }],
        "node_os_upgrade_channel": "NodeImage",
        "node_resource_group": U,
        "node_resource_group_id": U,
        "oidc_issuer_enabled": True,
        "oidc_issuer_url": U,
        "oms_agent": [],
        "open_service_mesh_enabled": None,
        "portal_fqdn": U,
        "private_cluster_enabled": False,
        "private_cluster_public_fqdn_enabled": False,
        "private_dns_zone_id": U,
        "private_fqdn": U,
        "resource_group_name": rg,
        "role_based_access_control_enabled": True,
        "run_command_enabled": True,
        "service_mesh_profile": [],
        "service_principal": [],
        "sku_tier": "Standard",
        "storage_profile": UL,
        "support_plan": "KubernetesOfficial",
        "tags": dict(tags),
        "timeouts": None,
        "upgrade_override": [],
        "web_app_routing": [],
        "windows_profile": UL,
        "workload_autoscaler_profile": [],
        "workload_identity_enabled": True,
    })

    r.resource("azurerm_kubernetes_cluster_node_pool", "workers", 1, {
        "kubernetes_cluster_id": RA("azurerm_kubernetes_cluster.main", "id"),
        "mode": C("User"),
        "name": C("workers"),
        "node_count": R("var.workers_node_count"),
        "node_labels": C({"workload": "general"}),
        "os_disk_type": C("Managed"),
        "tags": R("local.tags"),
        "vm_size": C("Standard_D8s_v5"),
        "vnet_subnet_id": RA("azurerm_subnet.aks", "id"),
        "zones": C(["1", "2", "3"]),
    }, {
        "auto_scaling_enabled": False,
        "capacity_reservation_group_id": None,
        "eviction_policy": None,
        "fips_enabled": None,
        "gpu_instance": None,
        "host_encryption_enabled": None,
        "host_group_id": None,
        "id": U,
        "kubelet_config": [],
        "kubelet_disk_type": U,
        "kubernetes_cluster_id": U,
        "linux_os_config": [],
        "max_count": None,
        "max_pods": U,
        "min_count": None,
        "mode": "User",
        "name": "workers",
        "node_count": p["workers_node_count"],
        "node_labels": {"workload": "general"},
        "node_network_profile": [],
        "node_public_ip_enabled": False,
        "node_public_ip_prefix_id": None,
        "node_taints": None,
        "orchestrator_version": U,
        "os_disk_size_gb": U,
        "os_disk_type": "Managed",
        "os_sku": U,
        "os_type": "Linux",
        "pod_subnet_id": None,
        "priority": "Regular",
        "proximity_placement_group_id": None,
        "scale_down_mode": "Delete",
        "snapshot_id": None,
        "spot_max_price": -1,
        "tags": dict(tags),
        "temporary_name_for_rotation": None,
        "timeouts": None,
        "ultra_ssd_enabled": False,
        "upgrade_settings": [],
        "vm_size": "Standard_D8s_v5",
        "vnet_subnet_id": U,
        "windows_profile": [],
        "workload_runtime": U,
        "zones": ["1", "2", "3"],
    })

    # --- application gateway -------------------------------------------------
    r.resource("azurerm_public_ip", "appgw", 0, {
        "allocation_method": C("Static"),
        "location": rg_loc,
        "name": R("var.location"),
        "resource_group_name": rg_name,
        "sku": C("Standard"),
        "tags": R("local.tags"),
        "zones": C(["1", "2", "3"]),
    }, {
        "allocation_method": "Static",
        "ddos_protection_mode": "VirtualNetworkInherited",
        "ddos_protection_plan_id": None,
        "domain_name_label": None,
        "domain_name_label_scope": None,
        "edge_zone": None,
        "fqdn": U,
        "id": U,
        "idle_timeout_in_minutes": 4,
        "ip_address": U,
        "ip_tags": None,
        "ip_version": "IPv4",
        "location": loc,
        "name": f"pip-hf-appgw-{loc}",
        "public_ip_prefix_id": None,
        "resource_group_name": rg,
        "reverse_fqdn": None,
        "sku": "Standard",
        "sku_tier": "Regional",
        "tags": dict(tags),
        "timeouts": None,
        "zones": ["1", "2", "3"],
    })

    identity_id = (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/"
                   f"Microsoft.ManagedIdentity/userAssignedIdentities/id-hf-appgw-{loc}")
    secret_id = f"https://kv-hf-{loc}.vault.azure.net/secrets/hf-tls"
    r.variable("appgw_identity_id", identity_id, "User-assigned identity that reads the TLS certificate")
    r.resource("azurerm_application_gateway", "main", 0, {
        "backend_address_pool": [{"name": C("aks-ingress")}],
        "backend_http_settings": [exprs({
            "cookie_based_affinity": C("Disabled"),
            "name": C("https"),
            "pick_host_name_from_backend_address": C(False),
            "port": C(443),
            "probe_name": C("healthz"),
            "protocol": C("Https"),
            "request_timeout": C(30),
        })],
        "frontend_ip_configuration": [exprs({
            "name": C("public"),
            "public_ip_address_id": RA("azurerm_public_ip.appgw", "id"),
        })],
        "frontend_port": [exprs({"name": C("https"), "port": C(443)})],
        "gateway_ip_configuration": [exprs({
            "name": C("gateway"),
            "subnet_id": RA("azurerm_subnet.appgw", "id"),
        })],
        "http2_enabled": C(True),
        "http_listener": [exprs({
            "frontend_ip_configuration_name": C("public"),
            "frontend_port_name": C("https"),
            "name": C("https"),
            "protocol": C("Https"),
            "ssl_certificate_name": C("hf-tls"),
        })],
        "identity": [exprs({
            "identity_ids": R("var.appgw_identity_id"),
            "type": C("UserAssigned"),
        })],
        "location": rg_loc,
        "name": R("var.location"),
        "probe": [exprs({
            "interval": C(30),
            "match": [{"status_code": C(["200-399"])}],
            "name": C("healthz"),
            "path": C("/healthz"),
            "pick_host_name_from_backend_http_settings": C(True),
            "protocol": C("Https"),
            "timeout": C(30),
            "unhealthy_threshold": C(3),
        })],
        "request_routing_rule": [exprs({
            "backend_address_pool_name": C("aks-ingress"),
            "backend_http_settings_name": C("https"),
            "http_listener_name": C("https"),
            "name": C("https"),
            "priority": C(100),
            "rule_type": C("Basic"),
        })],
        "resource_group_name": rg_name,
        "sku": [exprs({"capacity": C(2), "name": C("Standard_v2"), "tier": C("Standard_v2")})],
        "ssl_certificate": [exprs({
            "key_vault_secret_id": R("var.location"),
            "name": C("hf-tls"),
        })],
        "ssl_policy": [exprs({
            "policy_name": C("AppGwSslPolicy20220101"),
            "policy_type": C("Predefined"),
        })],
        "tags": R("local.tags"),
        "zones": C(["1", "2", "3"]),
    }, {
        "authentication_certificate": [],
        "autoscale_configuration": [],
        "backend_address_pool": [{"fqdns": None, "id": U, "ip_addresses": None, "name": "aks-ingress"}],
        "backend_http_settings": [{
            "affinity_cookie_name": None,
            "authentication_certificate": [],
            "connection_draining": [],
            "cookie_based_affinity": "Disabled",
            "host_name": None,
            "id": U,
            "name": "https",
            "path": None,
            "pick_host_name_from_backend_address": False,
            "port": 443,
            "probe_id": U,
            "probe_name": "healthz",
            "protocol": "Https",
            "request_timeout": 30,
            "trusted_root_certificate_names": None,
        }],
        "custom_error_configuration": [],
        "fips_enabled": None,
        "firewall_policy_id": None,
        "force_firewall_policy_association": None,
        "frontend_ip_configuration": [{
            "id": U,
            "name": "public",
            "private_ip_address": U,
            "private_ip_address_allocation": "Dynamic",
            "private_link_configuration_id": U,
            "private_link_configuration_name": None,
            "public_ip_address_id": U,
            "subnet_id": None,
        }],
        "frontend_port": [{"id": U, "name": "https", "port": 443}],
        "gateway_ip_configuration": [{"id": U, "name": "gateway", "subnet_id": U}],
        "global": [],
        "http2_enabled": True,
        "http_listener": [{
            "custom_error_configuration": [],
            "firewall_policy_id": None,
            "frontend_ip_configuration_id": U,
            "frontend_ip_configuration_name": "public",
            "frontend_port_id": U,
            "frontend_port_name": "https",
            "host_name": None,
            "host_names": None,
            "id": U,
            "name": "https",
            "protocol": "Https",
            "require_sni": False,
            "ssl_certificate_id": U,
            "ssl_certificate_name": "hf-tls",
            "ssl_profile_id": U,
            "ssl_profile_name": None,
        }],
        "id": U,
        "identity": [{
            "identity_ids": [identity_id],
            "principal_id": U,
            "tenant_id": U,
            "type": "UserAssigned",
        }],
        "location": loc,
        "name": f"agw-hf-{loc}",
        "private_endpoint_connection": UL,
        "private_link_configuration": [],
        "probe": [{
            "host": None,
            "id": U,
            "interval": 30,
            "match": [{"body": None, "status_code": ["200-399"]}],
            "minimum_servers": 0,
            "name": "healthz",
            "path": "/healthz",
            "pick_host_name_from_backend_http_settings": True,
            "port": None,
            "protocol": "Https",
            "timeout": 30,
            "unhealthy_threshold": 3,
        }],
        "redirect_configuration": [],
        "request_routing_rule": [{
            "backend_address_pool_id": U,
            "backend_address_pool_name": "aks-ingress",
            "backend_http_settings_id": U,
            "backend_http_settings_name": "https",
            "http_listener_id": U,
            "http_listener_name": "https",
            "id": U,
            "name": "https",
            "priority": 100,
            "redirect_configuration_id": U,
            "redirect_configuration_name": None,
            "rewrite_rule_set_id": U,
            "rewrite_rule_set_name": None,
            "rule_type": "Basic",
            "url_path_map_id": U,
            "url_path_map_name": None,
        }],
        "resource_group_name": rg,
        "rewrite_rule_set": [],
        "sku": [{"capacity": 2, "name": "Standard_v2", "tier": "Standard_v2"}],
        "ssl_certificate": [{
            "data": S(None),
            "id": U,
            "key_vault_secret_id": secret_id,
            "name": "hf-tls",
            "password": S(None),
            "public_cert_data": U,
        }],
        "ssl_policy": [{
            "cipher_suites": None,
            "disabled_protocols": None,
            "min_protocol_version": None,
            "policy_name": "AppGwSslPolicy20220101",
            "policy_type": "Predefined",
        }],
        "ssl_profile": [],
        "tags": dict(tags),
        "timeouts": None,
        "trusted_client_certificate": [],
        "trusted_root_certificate": [],
        "url_path_map": [],
        "waf_configuration": [],
        "zones": ["1", "2", "3"],
    })

    # --- data -----------------------------------------------------------------
    r.resource("azurerm_redis_cache", "main", 1, {
        "capacity": C(1),
        "family": C("P"),
        "location": rg_loc,
        "minimum_tls_version": R("var.redis_minimum_tls_version"),
        "name": R("var.location"),
        "non_ssl_port_enabled": C(False),
        "public_network_access_enabled": C(False),
        "redis_version": C("6"),
        "resource_group_name": rg_name,
        "sku_name": C("Premium"),
        "tags": R("local.tags"),
        "zones": C(["1", "2", "3"]),
    }, {
        "access_keys_authentication_enabled": True,
        "capacity": 1,
        "family": "P",
        "hostname": U,
        "id": U,
        "identity": [],
        "location": loc,
        "minimum_tls_version": p["redis_tls"],
        "name": f"redis-hf-{loc}",
        "non_ssl_port_enabled": False,
        "patch_schedule": [],
        "port": U,
        "primary_access_key": S(U),
        "primary_connection_string": S(U),
        "private_static_ip_address": U,
        "public_network_access_enabled": False,
        "redis_configuration": UL,
        "redis_version": "6",
        "replicas_per_master": U,
        "replicas_per_primary": U,
        "resource_group_name": rg,
        "secondary_access_key": S(U),
        "secondary_connection_string": S(U),
        "shard_count": None,
        "sku_name": "Premium",
        "ssl_port": U,
        "subnet_id": None,
        "tags": dict(tags),
        "tenant_settings": None,
        "timeouts": None,
        "zones": ["1", "2", "3"],
    })

    r.resource("azurerm_key_vault", "main", 2, {
        "enable_rbac_authorization": C(True),
        "location": rg_loc,
        "name": R("var.location"),
        "network_acls": [exprs({"bypass": C("AzureServices"), "default_action": C("Deny")})],
        "purge_protection_enabled": C(True),
        "resource_group_name": rg_name,
        "sku_name": C("standard"),
        "soft_delete_retention_days": C(90),
        "tags": R("local.tags", "var.key_vault_omit_tags"),
        "tenant_id": R("var.tenant_id"),
    }, {
        "access_policy": UL,
        "contact": [],
        "enable_rbac_authorization": True,
        "enabled_for_deployment": None,
        "enabled_for_disk_encryption": None,
        "enabled_for_template_deployment": None,
        "id": U,
        "location": loc,
        "name": f"kv-hf-{loc}",
        "network_acls": [{
            "bypass": "AzureServices",
            "default_action": "Deny",
            "ip_rules": None,
            "virtual_network_subnet_ids": None,
        }],
        "public_network_access_enabled": True,
        "purge_protection_enabled": True,
        "resource_group_name": rg,
        "sku_name": "standard",
        "soft_delete_retention_days": 90,
        "tags": az_tags(p, omit=p["key_vault_omit_tags"]),
        "tenant_id": TENANT,
        "timeouts": None,
        "vault_uri": U,
    })

    zone = f"hf-{loc}.private.postgres.database.azure.com"
    r.resource("azurerm_private_dns_zone", "postgres", 0, {
        "name": R("var.location"),
        "resource_group_name": rg_name,
        "tags": R("local.tags"),
    }, {
        "id": U,
        "max_number_of_record_sets": U,
        "max_number_of_virtual_network_links": U,
        "max_number_of_virtual_network_links_with_registration": U,
        "name": zone,
        "number_of_record_sets": U,
        "resource_group_name": rg,
        "soa_record": UL,
        "tags": dict(tags),
        "timeouts": None,
    })
    r.resource("azurerm_private_dns_zone_virtual_network_link", "postgres", 0, {
        "name": R("var.location"),
        "private_dns_zone_name": RA("azurerm_private_dns_zone.postgres", "name"),
        "resource_group_name": rg_name,
        "tags": R("local.tags"),
        "virtual_network_id": RA("azurerm_virtual_network.main", "id"),
    }, {
        "id": U,
        "name": f"pdnslink-hf-{loc}",
        "private_dns_zone_name": zone,
        "registration_enabled": False,
        "resolution_policy": U,
        "resource_group_name": rg,
        "tags": dict(tags),
        "timeouts": None,
        "virtual_network_id": U,
    })

    replica = p["replica_of"] is not None
    r.resource("azurerm_postgresql_flexible_server", "main", 0, {
        "authentication": [exprs({
            "active_directory_auth_enabled": C(True),
            "password_auth_enabled": C(False),
            "tenant_id": R("var.tenant_id"),
        })],
        "backup_retention_days": C(7),
        "create_mode": R("var.postgres_source_server_id"),
        "delegated_subnet_id": RA("azurerm_subnet.postgres", "id"),
        "location": rg_loc,
        "name": R("var.location"),
        "private_dns_zone_id": RA("azurerm_private_dns_zone.postgres", "id"),
        "public_network_access_enabled": C(False),
        "resource_group_name": rg_name,
        "sku_name": C("GP_Standard_D4s_v3"),
        "source_server_id": R("var.postgres_source_server_id"),
        "storage_mb": C(131072),
        "tags": R("local.tags"),
        "version": C("16"),
        "zone": C("1"),
    }, {
        "administrator_login": None,
        "administrator_password": S(None),
        "authentication": [{
            "active_directory_auth_enabled": True,
            "password_auth_enabled": False,
            "tenant_id": TENANT,
        }],
        "auto_grow_enabled": False,
        "backup_retention_days": 7,
        "create_mode": "Replica" if replica else None,
        "customer_managed_key": [],
        "delegated_subnet_id": U,
        "fqdn": U,
        "geo_redundant_backup_enabled": False,
        "high_availability": [],
        "id": U,
        "identity": [],
        "location": loc,
        "maintenance_window": [],
        "name": f"psql-hf-{loc}",
        "point_in_time_restore_time_in_utc": None,
        "private_dns_zone_id": U,
        "public_network_access_enabled": False,
        "replication_role": U,
        "resource_group_name": rg,
        "sku_name": "GP_Standard_D4s_v3",
        "source_server_id": psql_id(p["replica_of"]) if replica else None,
        "storage_mb": 131072,
        "storage_tier": U,
        "tags": dict(tags),
        "timeouts": None,
        "version": "16",
        "zone": "1",
    })

    return r


# ---------------------------------------------------------------------------
# Document assembly
# ---------------------------------------------------------------------------

def planned_resource(address, inst, provider_name):
    out = {
        "address": address,
        "mode": "managed",
        "type": inst["type"],
        "name": inst["name"],
    }
    if inst["index"] is not None:
        out["index"] = inst["index"]
    out["provider_name"] = provider_name
    out["schema_version"] = inst["schema_version"]
    out["values"] = known_part(inst["values"])
    out["sensitive_values"] = sensitive_as_bool(inst["values"])
    return out


def resource_change(address, module_address, inst, provider_name):
    out = {"address": address}
    if module_address:
        out["module_address"] = module_address
    out["mode"] = "managed"
    out["type"] = inst["type"]
    out["name"] = inst["name"]
    if inst["index"] is not None:
        out["index"] = inst["index"]
    out["provider_name"] = provider_name
    out["change"] = {
        "actions": ["create"],
        "before": None,
        "after": known_part(inst["values"]),
        "after_unknown": unknown_as_bool(inst["values"]),
        "before_sensitive": False,
        "after_sensitive": sensitive_as_bool(inst["values"]),
    }
    return out


REF_RE = re.compile(r"^((?:aws|azurerm)_[a-z0-9_]+\.[a-z0-9_]+(?:\[\d+\])?)\.([a-z0-9_]+)$")


def relevant_attributes(parts):
    """Resource attributes the configuration references, per instance."""
    seen = set()
    for module_address, region in parts:
        prefix = f"{module_address}." if module_address else ""
        existing = {rel_address(i) for i in region.instances}

        def walk(e):
            if isinstance(e, dict):
                if "references" in e and isinstance(e["references"], list):
                    for ref_ in e["references"]:
                        m = REF_RE.match(ref_)
                        if m and m.group(1) in existing:
                            seen.add((prefix + m.group(1), m.group(2)))
                else:
                    for v in e.values():
                        walk(v)
            elif isinstance(e, list):
                for v in e:
                    walk(v)

        for cfg in region.configs:
            walk(cfg["expressions"])
    return [{"resource": res, "attribute": [attr]} for res, attr in sorted(seen)]


def config_resources(region: Region, provider_key: str):
    out = []
    for cfg in sorted(region.configs, key=lambda c: c["address"]):
        c = copy.deepcopy(cfg)
        c["provider_config_key"] = provider_key
        out.append(c)
    return out


def variable_decls(region: Region):
    return {k: region.variable_decls[k] for k in sorted(region.variable_decls)}


def provider_config_aws(entries):
    """entries: [(key, alias, region)]"""
    out = {}
    for key, alias, region in sorted(entries):
        pc = {"name": "aws", "full_name": AWS}
        if alias:
            pc["alias"] = alias
        pc["version_constraint"] = "~> 5.80"
        if region is not None:
            pc["expressions"] = {"region": C(region)}
        out[key] = pc
    return out


def provider_config_azurerm():
    return {"azurerm": {
        "name": "azurerm",
        "full_name": AZURERM,
        "version_constraint": "~> 4.20",
        "expressions": exprs({
            "features": [{
                "key_vault": [{"purge_soft_delete_on_destroy": C(False)}],
                "resource_group": [{"prevent_deletion_if_contains_resources": C(True)}],
            }],
            "subscription_id": C(SUBSCRIPTION),
        }),
    }}


def assemble(variables, parts, provider_config, root_config):
    """parts: [(module_address, Region, provider_name)] -> the plan document."""
    planned = []
    changes = []
    child_modules = {}
    for module_address, region, provider_name in parts:
        for inst in region.instances:
            rel = rel_address(inst)
            address = f"{module_address}.{rel}" if module_address else rel
            pr = planned_resource(address, inst, provider_name)
            if module_address:
                child_modules.setdefault(module_address, []).append(pr)
            else:
                planned.append(pr)
            changes.append(resource_change(address, module_address, inst, provider_name))
    root_module = {}
    if planned:
        root_module["resources"] = sorted(planned, key=lambda x: x["address"])
    if child_modules:
        root_module["child_modules"] = [
            {"resources": sorted(child_modules[a], key=lambda x: x["address"]), "address": a}
            for a in sorted(child_modules)
        ]
    doc = {
        "format_version": FORMAT_VERSION,
        "terraform_version": TERRAFORM_VERSION,
        "variables": {k: {"value": variables[k]} for k in sorted(variables)},
        "planned_values": {"root_module": root_module},
        "resource_changes": sorted(changes, key=lambda x: x["address"]),
        "configuration": {"provider_config": provider_config, "root_module": root_config},
        "relevant_attributes": relevant_attributes([(m, r) for m, r, _ in parts]),
        "timestamp": TIMESTAMP,
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    return doc


def single_region_doc(region: Region, provider_config):
    root_config = {
        "resources": config_resources(region, region.provider_key),
        "variables": variable_decls(region),
    }
    return assemble(dict(region.inputs), [("", region, region.provider_name)], provider_config, root_config)


def module_inputs_expr(region: Region, overrides: dict):
    out = {}
    for k in sorted(region.inputs):
        if k in overrides:
            if overrides[k] is not None:
                out[k] = overrides[k]
        elif region.inputs[k] is not None:
            out[k] = C(region.inputs[k])
    return out


def module_body(region: Region, provider_key: str):
    return {
        "resources": config_resources(region, provider_key),
        "variables": variable_decls(region),
    }


def pair_doc(primary: Region, secondary: Region, provider_config, keys, root_vars, overrides):
    """Root calling module.primary and module.secondary (same source)."""
    calls = {}
    for call, region, key in (("primary", primary, keys[0]), ("secondary", secondary, keys[1])):
        calls[call] = {
            "source": MODULE_SOURCE,
            "expressions": module_inputs_expr(region, overrides[call]),
            "module": module_body(region, key),
        }
    root_config = {
        "module_calls": calls,
        "variables": {k: root_vars[k][1] for k in sorted(root_vars)},
    }
    parts = []
    for call, region, key in (("primary", primary, keys[0]), ("secondary", secondary, keys[1])):
        # Resources keep the provider key of their module call.
        region_copy = copy.copy(region)
        region_copy.configs = [dict(c, provider_config_key=key) for c in region.configs]
        parts.append((f"module.{call}", region_copy, region.provider_name))
    return assemble({k: v[0] for k, v in root_vars.items()}, parts, provider_config, root_config)


def for_each_doc(regions: list[Region], provider_config, provider_key, each_inputs):
    """Root with one module call `region` and for_each over the region names."""
    body_region = regions[0]
    expressions = {}
    for k in sorted(body_region.inputs):
        if k == "region":
            expressions[k] = R("each.key")
        elif k in each_inputs:
            expressions[k] = R(f"each.value.{k}", "each.value")
    calls = {"region": {
        "source": MODULE_SOURCE,
        "expressions": expressions,
        "for_each_expression": R("var.regions"),
        "module": module_body(body_region, provider_key),
    }}
    regions_value = {}
    for r in regions:
        regions_value[r.name] = {k: r.inputs[k] for k in sorted(each_inputs) if r.inputs.get(k) is not None}
    root_config = {
        "module_calls": calls,
        "variables": {"regions": {"description": "Per-region inputs, keyed by region name"}},
    }
    parts = [(f'module.region["{r.name}"]', r, r.provider_name) for r in regions]
    return assemble({"regions": regions_value}, parts, provider_config, root_config)


# ---------------------------------------------------------------------------
# The example set
# ---------------------------------------------------------------------------

AWS_R1 = aws_spec("us-east-1", 0, "primary")
AWS_R2_SYM = aws_spec("us-west-2", 1, "secondary")
AWS_R2 = aws_spec(
    "us-west-2", 1, "secondary",
    private_cidrs=["10.1.10.0/24", "10.1.11.0/24", "10.1.13.0/24"],             # PL001
    instance_types=["m5.large"],                                                  # PL010
    scaling={"desired_size": 2, "max_size": 6, "min_size": 2},                   # PL011
    extra_ingress=[(22, ["0.0.0.0/0"], "SSH (temporary)")],                      # PL020
    vpc_extra_tags={"CostCenter": "plat"},                                        # PL030
    cluster_version="1.29",                                                       # PL040
    api_key_secret=False,                                                         # PL050
    health_check_path="/health",                                                  # PL060
)
AWS_R2_OVERLAP = aws_spec("us-west-2", 0, "secondary")

AZ_R1 = azure_spec("eastus", 10, None)
AZ_R2_SYM = azure_spec("westus2", 20, "eastus")
AZ_R2 = azure_spec(
    "westus2", 20, "eastus",
    postgres_prefix="10.20.3.0/24",            # PL001
    system_vm_size="Standard_D2s_v5",          # PL010
    workers_node_count=2,                      # PL011
    https_port="8443",                         # PL020
    key_vault_omit_tags=["Owner"],             # PL030
    kubernetes_version="1.29.7",               # PL040
    ssh_rule=True,                             # PL050
    redis_tls="1.0",                           # PL060
)

# The planted drifts: (rule, address, attribute, primary value, secondary value).
AWS_DRIFTS = [
    ("PL001", "aws_subnet.private[2]", "cidr_block", "10.0.12.0/24", "10.1.13.0/24"),
    ("PL010", "aws_eks_node_group.default", "instance_types", ["m5.xlarge"], ["m5.large"]),
    ("PL011", "aws_eks_node_group.default", "scaling_config[0].desired_size", 3, 2),
    ("PL011", "aws_eks_node_group.default", "scaling_config[0].min_size", 3, 2),
    ("PL020", "aws_security_group.app", "ingress", "443, 8080", "22, 443, 8080"),
    ("PL030", "aws_vpc.main", "tags.CostCenter", "platform", "plat"),
    ("PL040", "aws_eks_cluster.main", "version", "1.30", "1.29"),
    ("PL050", "aws_secretsmanager_secret.api_key", "", "present", "absent"),
    ("PL060", "aws_lb_target_group.app", "health_check[0].path", "/healthz", "/health"),
]
AZURE_DRIFTS = [
    ("PL001", "azurerm_subnet.postgres", "address_prefixes[0]", "10.10.2.0/24", "10.20.3.0/24"),
    ("PL010", "azurerm_kubernetes_cluster.main", "default_node_pool[0].vm_size", "Standard_D4s_v5",
     "Standard_D2s_v5"),
    ("PL011", "azurerm_kubernetes_cluster_node_pool.workers", "node_count", 3, 2),
    ("PL020", "azurerm_network_security_rule.https", "destination_port_range", "443", "8443"),
    ("PL030", "azurerm_key_vault.main", "tags.Owner", "sre", None),
    ("PL040", "azurerm_kubernetes_cluster.main", "kubernetes_version", "1.30.3", "1.29.7"),
    ("PL050", "azurerm_network_security_rule.ssh", "", "absent", "present"),
    ("PL060", "azurerm_redis_cache.main", "minimum_tls_version", "1.2", "1.0"),
]


def expected(drifts):
    return [{"rule": d[0], "address": d[1], "attribute": d[2]} for d in drifts]


def build_all():
    """Returns {relative path: document}."""
    aws1 = build_aws(AWS_R1)
    aws2s = build_aws(AWS_R2_SYM)
    aws2 = build_aws(AWS_R2)
    aws2o = build_aws(AWS_R2_OVERLAP)
    docs = {
        "aws/r1.json": single_region_doc(aws1, provider_config_aws([("aws", None, "us-east-1")])),
        "aws/r2-symmetrical.json": single_region_doc(aws2s, provider_config_aws([("aws", None, "us-west-2")])),
        "aws/r2.json": single_region_doc(aws2, provider_config_aws([("aws", None, "us-west-2")])),
        "aws/r2-overlapping.json": single_region_doc(aws2o, provider_config_aws([("aws", None, "us-west-2")])),
    }
    pass_password = {"db_master_password": R("var.db_master_password"), "region": R("var.primary_region")}
    docs["aws/pair.json"] = pair_doc(
        aws1, aws2,
        provider_config_aws([("aws", None, "us-east-1"), ("aws.west", "west", "us-west-2")]),
        ("aws", "aws.west"),
        {
            "primary_region": ("us-east-1", {"default": "us-east-1", "description": "Active region"}),
            "secondary_region": ("us-west-2", {"default": "us-west-2", "description": "Warm standby region"}),
            "db_master_password": (DB_PASSWORD_PLACEHOLDER,
                                   {"description": "Aurora master password", "sensitive": True}),
        },
        {"primary": pass_password,
         "secondary": {"db_master_password": None, "region": R("var.secondary_region")}},
    )
    aws_each = ["aurora_role", "certificate_arn", "private_subnet_cidrs", "public_subnet_cidrs", "vpc_cidr"]
    # One module body cannot give its for_each instances different provider
    # regions (aws v5), so this provider names no region (it would come from
    # the environment); each instance's region shows in its values.
    docs["aws/pair-for-each.json"] = for_each_doc(
        [aws1, aws2s], provider_config_aws([("aws", None, None)]), "aws", aws_each)
    # Shared inputs of the for_each module call are constants in the call.
    call = docs["aws/pair-for-each.json"]["configuration"]["root_module"]["module_calls"]["region"]
    for k in ("cluster_version", "health_check_path", "node_instance_types", "node_scaling"):
        call["expressions"][k] = C(aws1.inputs[k])
    call["expressions"]["db_master_password"] = R("each.value.aurora_role", "var.db_master_password")
    call["expressions"] = exprs(call["expressions"])
    fe = docs["aws/pair-for-each.json"]
    fe["variables"]["db_master_password"] = {"value": DB_PASSWORD_PLACEHOLDER}
    fe["variables"] = exprs(fe["variables"])
    fe["configuration"]["root_module"]["variables"]["db_master_password"] = {
        "description": "Aurora master password", "sensitive": True}
    fe["configuration"]["root_module"]["variables"] = exprs(fe["configuration"]["root_module"]["variables"])

    az1 = build_azure(AZ_R1)
    az2s = build_azure(AZ_R2_SYM)
    az2 = build_azure(AZ_R2)
    docs["azure/r1.json"] = single_region_doc(az1, provider_config_azurerm())
    docs["azure/r2-symmetrical.json"] = single_region_doc(az2s, provider_config_azurerm())
    docs["azure/r2.json"] = single_region_doc(az2, provider_config_azurerm())
    docs["azure/pair.json"] = pair_doc(
        az1, az2, provider_config_azurerm(), ("azurerm", "azurerm"),
        {
            "primary_location": ("eastus", {"default": "eastus", "description": "Active region"}),
            "secondary_location": ("westus2", {"default": "westus2", "description": "Warm standby region"}),
        },
        {"primary": {"location": R("var.primary_location")},
         "secondary": {"location": R("var.secondary_location")}},
    )
    docs["aws/expected.json"] = expected(AWS_DRIFTS)
    docs["azure/expected.json"] = expected(AZURE_DRIFTS)
    counts = {
        "aws": {"r1": aws1.count(), "r2-symmetrical": aws2s.count(), "r2": aws2.count(),
                "r2-overlapping": aws2o.count()},
        "azure": {"r1": az1.count(), "r2-symmetrical": az2s.count(), "r2": az2.count()},
    }
    return docs, counts


def write_all(docs):
    for rel, doc in sorted(docs.items()):
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = json.dumps(doc, indent=2, sort_keys=False) + "\n"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


# ---------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------

def leaves(v, path=""):
    """Flattens a JSON value into {terraform path: leaf}."""
    out = {}
    if isinstance(v, dict):
        if not v:
            out[path] = {}
        for k, x in v.items():
            out.update(leaves(x, f"{path}.{k}" if path else k))
    elif isinstance(v, list):
        if not v:
            out[path] = []
        for i, x in enumerate(v):
            out.update(leaves(x, f"{path}[{i}]"))
    else:
        out[path] = v
    return out


def region_view(doc, module_address=None):
    """{region-relative address: (after, after_unknown, after_sensitive)}."""
    out = {}
    for rc in doc["resource_changes"]:
        if module_address is None:
            if "module_address" in rc:
                continue
            key = rc["address"]
        else:
            if rc.get("module_address") != module_address:
                continue
            key = rc["address"][len(module_address) + 1:]
        ch = rc["change"]
        out[key] = (ch["after"], ch["after_unknown"], ch["after_sensitive"])
    return out


def neutral(text: str, regions, nets) -> str:
    for a, b in regions:
        text = text.replace(a, b)
    for a, b in nets:
        text = text.replace(a, b)
    return text


def diff_paths(a: dict, b: dict, regions_a, regions_b, nets_a, nets_b):
    """Region-neutral leaf differences between two region views."""
    diffs = set()
    for addr in sorted(set(a) | set(b)):
        if addr not in a or addr not in b:
            diffs.add((addr, ""))
            continue
        for part in range(3):
            la = leaves(json.loads(neutral(json.dumps(a[addr][part]), regions_a, nets_a)))
            lb = leaves(json.loads(neutral(json.dumps(b[addr][part]), regions_b, nets_b)))
            for path in set(la) | set(lb):
                if la.get(path, "<absent>") != lb.get(path, "<absent>"):
                    diffs.add((addr, path))
    return diffs


AWS_NEUTRAL = {
    "r1": ([("us-east-1", "<region>")], [("10.0.", "10.<net>.")]),
    "r2": ([("us-west-2", "<region>")], [("10.1.", "10.<net>.")]),
    "r2o": ([("us-west-2", "<region>")], [("10.0.", "10.<net>.")]),
}
AZ_NEUTRAL = {
    "r1": ([("eastus", "<region>")], [("10.10.", "10.<net>.")]),
    "r2": ([("westus2", "<region>")], [("10.20.", "10.<net>.")]),
}

# Differences a true mirror keeps: the standby's database role.
AWS_SECONDARY_ROLE = {("aws_rds_cluster.app", "master_username"), ("aws_rds_cluster.app", "master_password")}
AZ_SECONDARY_ROLE = {("azurerm_postgresql_flexible_server.main", "create_mode"),
                     ("azurerm_postgresql_flexible_server.main", "source_server_id")}


def covered(diff, drifts):
    addr, path = diff
    for _, d_addr, d_attr, *_ in drifts:
        if d_addr != addr:
            continue
        if d_attr == "" and path == "":
            return True
        # tags_all mirrors tags; PL030 reports tags.<Key>.
        for candidate in (path, path.replace("tags_all", "tags", 1)):
            if d_attr and (candidate == d_attr or candidate.startswith(d_attr + ".")
                           or candidate.startswith(d_attr + "[")):
                return True
    return False


def self_check(docs, counts):
    # Every output parses back to itself.
    for rel, doc in docs.items():
        assert json.loads(json.dumps(doc)) == doc, rel

    for name, n in counts["aws"].items():
        assert 25 <= n <= 40, ("aws", name, n)
    for name, n in counts["azure"].items():
        assert 15 <= n <= 30, ("azure", name, n)
    assert counts["aws"]["r2"] == counts["aws"]["r1"] - 1
    assert counts["azure"]["r2"] == counts["azure"]["r1"] + 1

    # planned_values agree with change.after.
    for rel, doc in docs.items():
        if not isinstance(doc, dict):
            continue
        pv = {}
        stack = [doc["planned_values"]["root_module"]]
        while stack:
            m = stack.pop()
            for res in m.get("resources", []):
                pv[res["address"]] = res
            stack.extend(m.get("child_modules", []))
        rcs = {rc["address"]: rc for rc in doc["resource_changes"]}
        assert set(pv) == set(rcs), rel
        for addr, rc in rcs.items():
            assert pv[addr]["values"] == rc["change"]["after"], (rel, addr)
            assert pv[addr]["sensitive_values"] == rc["change"]["after_sensitive"], (rel, addr)
        # Every resource has its configuration block.
        cfg_addrs = set()
        root = doc["configuration"]["root_module"]
        for c in root.get("resources", []):
            cfg_addrs.add(("", c["address"]))
        for call, mc in root.get("module_calls", {}).items():
            for c in mc["module"]["resources"]:
                cfg_addrs.add((call, c["address"]))
        for rc in doc["resource_changes"]:
            call, rel_addr = "", rc["address"]
            if "module_address" in rc:
                call = re.match(r"^module\.([a-z_]+)", rc["module_address"]).group(1)
                rel_addr = rc["address"][len(rc["module_address"]) + 1:]
            base = re.sub(r"\[\d+\]$", "", rel_addr)
            assert (call, base) in cfg_addrs, (rel, rc["address"])

    def view(rel, module=None):
        return region_view(docs[rel], module)

    # AWS: r2-symmetrical differs from r1 only by the secondary role.
    n1, n2, n2o = AWS_NEUTRAL["r1"], AWS_NEUTRAL["r2"], AWS_NEUTRAL["r2o"]
    d = diff_paths(view("aws/r1.json"), view("aws/r2-symmetrical.json"), n1[0], n2[0], n1[1], n2[1])
    assert d == AWS_SECONDARY_ROLE, sorted(d)
    # r2-overlapping: the same mirror with r1's ranges.
    d = diff_paths(view("aws/r1.json"), view("aws/r2-overlapping.json"), n1[0], n2o[0], n1[1], n2o[1])
    assert d == AWS_SECONDARY_ROLE, sorted(d)
    assert "10.0.0.0/16" in json.dumps(docs["aws/r2-overlapping.json"]["resource_changes"])
    # r2 = mirror + exactly the planted drifts.
    d = diff_paths(view("aws/r1.json"), view("aws/r2.json"), n1[0], n2[0], n1[1], n2[1]) - AWS_SECONDARY_ROLE
    uncovered = sorted(x for x in d if not covered(x, AWS_DRIFTS))
    assert not uncovered, uncovered
    for drift in AWS_DRIFTS:
        assert any(covered(x, [drift]) for x in d), drift
    d = diff_paths(view("aws/r2-symmetrical.json"), view("aws/r2.json"), n2[0], n2[0], n2[1], n2[1])
    assert all(covered(x, AWS_DRIFTS) for x in d), sorted(d)

    # AWS one-document pairs hold the same regions.
    assert view("aws/pair.json", "module.primary") == view("aws/r1.json")
    assert view("aws/pair.json", "module.secondary") == view("aws/r2.json")
    assert view("aws/pair-for-each.json", 'module.region["us-east-1"]') == view("aws/r1.json")
    assert view("aws/pair-for-each.json", 'module.region["us-west-2"]') == view("aws/r2-symmetrical.json")
    assert "expressions" not in docs["aws/pair-for-each.json"]["configuration"]["provider_config"]["aws"]
    cfg = docs["aws/pair.json"]["configuration"]
    assert cfg["provider_config"]["aws.west"]["alias"] == "west"
    assert {c["provider_config_key"] for c in
            cfg["root_module"]["module_calls"]["secondary"]["module"]["resources"]} == {"aws.west"}
    assert {c["provider_config_key"] for c in
            cfg["root_module"]["module_calls"]["primary"]["module"]["resources"]} == {"aws"}

    # Azure.
    a1, a2 = AZ_NEUTRAL["r1"], AZ_NEUTRAL["r2"]
    d = diff_paths(view("azure/r1.json"), view("azure/r2-symmetrical.json"), a1[0], a2[0], a1[1], a2[1])
    assert d == AZ_SECONDARY_ROLE, sorted(d)
    d = diff_paths(view("azure/r1.json"), view("azure/r2.json"), a1[0], a2[0], a1[1], a2[1]) - AZ_SECONDARY_ROLE
    uncovered = sorted(x for x in d if not covered(x, AZURE_DRIFTS))
    assert not uncovered, uncovered
    for drift in AZURE_DRIFTS:
        assert any(covered(x, [drift]) for x in d), drift
    assert view("azure/pair.json", "module.primary") == view("azure/r1.json")
    assert view("azure/pair.json", "module.secondary") == view("azure/r2.json")
    src = docs["azure/r2.json"]["resource_changes"]
    pg = next(rc for rc in src if rc["address"] == "azurerm_postgresql_flexible_server.main")
    assert pg["change"]["after"]["source_server_id"] == psql_id("eastus")

    # Identifiers and names embed the region; no other region leaks in.
    for rel, other in (("aws/r1.json", "us-west-2"), ("aws/r2-symmetrical.json", "us-east-1"),
                       ("aws/r2.json", "us-east-1"), ("aws/r2-overlapping.json", "us-east-1"),
                       ("azure/r1.json", "westus2")):
        assert other not in json.dumps(docs[rel]), rel
    # The Azure standby names the primary server it replicates from, and
    # nothing else of eastus.
    for rel in ("azure/r2-symmetrical.json", "azure/r2.json"):
        text = json.dumps(docs[rel]).replace(psql_id("eastus"), "")
        assert "eastus" not in text, rel


def main(argv):
    docs, counts = build_all()
    self_check(docs, counts)
    write_all(docs)
    # Byte-identical on rerun: a second build renders the same text.
    again, _ = build_all()
    for rel in docs:
        assert json.dumps(docs[rel], indent=2) == json.dumps(again[rel], indent=2), rel
    if "-q" not in argv:
        for rel in sorted(docs):
            print(f"wrote examples/plans/{rel}")
        print("resources per region:", json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
