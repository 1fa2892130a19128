use std::time::{Duration, UNIX_EPOCH};

use super::plan::{complete, plan};
use super::*;
use crate::protocol::provider::has_errors;
use crate::protocol::value::Step;
use crate::resources::support::set_attr;

fn string(s: &str) -> Value {
    Value::from(s)
}

/// `v[name]`, as a function for brevity in chains.
fn attr<'v>(v: &'v Value, name: &str) -> &'v Value {
    &v[name]
}

fn map(pairs: &[(&str, Value)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn list(items: &[Value]) -> Value {
    Value::List(items.to_vec())
}

fn aws_stacks() -> Value {
    map(&[
        (
            "us-east-1",
            map(&[
                ("vpc_id", string("vpc-1")),
                ("eks_cluster_name", string("hf-use1")),
            ]),
        ),
        (
            "us-west-2",
            map(&[
                ("vpc_id", string("vpc-2")),
                ("eks_cluster_name", string("hf-usw2")),
            ]),
        ),
    ])
}

fn ignore(address: Value, rule: Value, attribute: Value, reason: &str) -> Value {
    Value::object([
        ("address", address),
        ("rule", rule),
        ("attribute", attribute),
        ("reason", string(reason)),
    ])
}

fn parity_block(fields: &[(&str, Value)]) -> Value {
    let mut p = Value::object([
        ("enforcement", Value::Null),
        ("cidr", Value::Null),
        ("require_disjoint", Value::Null),
        ("capacity", Value::Null),
        ("required_tags", Value::Null),
        ("regional_tag_keys", Value::Null),
        ("ignore", list(&[])),
    ]);
    for (k, v) in fields {
        set_attr(&mut p, k, v.clone());
    }
    p
}

/// A configuration as Terraform sends it: every attribute present,
/// computed ones null.
fn config(fields: &[(&str, Value)]) -> Value {
    let mut c = Value::object([
        ("id", Value::Null),
        ("name", string("highflame-prod")),
        ("cloud", string("aws")),
        ("primary_region", string("us-east-1")),
        ("secondary_region", string("us-west-2")),
        ("stacks", Value::Null),
        ("inventory", Value::Null),
        ("tags", Value::Null),
        ("parity", Value::Null),
        ("parity_status", Value::Null),
        ("parity_findings", Value::Null),
        ("checked_at", Value::Null),
    ]);
    for (k, v) in fields {
        set_attr(&mut c, k, v.clone());
    }
    c
}

/// Terraform's proposed new state: the configuration, with computed
/// values taken from the prior state where the configuration has none
/// (unknown on create).
fn proposed(prior: &Value, config: &Value) -> Value {
    let mut p = config.clone();
    let from_prior = |name: &str| {
        if prior.is_null() {
            Value::Unknown
        } else {
            attr(prior, name).clone()
        }
    };
    for name in ["id", "parity_status", "parity_findings", "checked_at"] {
        set_attr(&mut p, name, from_prior(name));
    }
    if attr(config, "inventory").is_null() {
        set_attr(&mut p, "inventory", from_prior("inventory"));
    }
    let parity = attr(config, "parity");
    if matches!(parity, Value::Object(_)) && attr(parity, "enforcement").is_null() {
        let mut block = parity.clone();
        let prior_enforcement = match attr(prior, "parity") {
            Value::Object(_) => attr(attr(prior, "parity"), "enforcement").clone(),
            _ => Value::Unknown,
        };
        set_attr(&mut block, "enforcement", prior_enforcement);
        set_attr(&mut p, "parity", block);
    }
    p
}

use crate::protocol::provider::attribute_paths as paths;

fn created(c: &Value) -> Value {
    let p = plan(&Value::Null, &proposed(&Value::Null, c), c);
    assert!(
        !crate::protocol::provider::has_errors(&p.diagnostics),
        "{:?}",
        p.diagnostics
    );
    complete(p.state, UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

// ---- schema ----

#[test]
fn schema_matches_the_design_contract() {
    let s = schema();
    let b = &s.block;
    for (name, required, optional, computed) in [
        ("id", false, false, true),
        ("name", true, false, false),
        ("cloud", true, false, false),
        ("primary_region", true, false, false),
        ("secondary_region", true, false, false),
        ("stacks", false, true, false),
        ("inventory", false, true, true),
        ("tags", false, true, false),
        ("parity_status", false, false, true),
        ("parity_findings", false, false, true),
        ("checked_at", false, false, true),
    ] {
        let a = b.attribute(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(
            (a.required, a.optional, a.computed),
            (required, optional, computed),
            "{name}"
        );
    }
    let stacks = &b.attribute("stacks").unwrap().ty;
    assert_eq!(
        stacks,
        &Type::Map(Box::new(Type::Map(Box::new(Type::String))))
    );
    let parity = &b.blocks[0];
    assert_eq!(
        (parity.name.as_str(), parity.nesting),
        ("parity", Nesting::Single)
    );
    let enforcement = parity.block.attribute("enforcement").unwrap();
    assert!(enforcement.optional && enforcement.computed);
    let ignore = &parity.block.blocks[0];
    assert_eq!(
        (ignore.name.as_str(), ignore.nesting),
        ("ignore", Nesting::List)
    );
    assert!(ignore.block.attribute("reason").unwrap().required);
    let Type::Object(fields) = b.value_type() else {
        panic!()
    };
    assert_eq!(
        fields["parity_findings"],
        Type::List(Box::new(finding_type()))
    );
    assert_eq!(fields.len(), 12);
}

// ---- validation ----

#[test]
fn valid_configurations_pass() {
    let aws = config(&[
        ("stacks", aws_stacks()),
        ("tags", map(&[("Owner", string("sre"))])),
        (
            "parity",
            parity_block(&[
                ("enforcement", string("error")),
                ("cidr", string("mirrored")),
                ("require_disjoint", Value::Bool(true)),
                ("capacity", string("scaled-down")),
                ("required_tags", list(&[string("Owner")])),
                (
                    "ignore",
                    list(&[ignore(
                        string("aws_instance.bastion"),
                        string("PL010"),
                        Value::Null,
                        "per region",
                    )]),
                ),
            ]),
        ),
    ]);
    assert_eq!(validate(&aws), vec![]);
    let azure = config(&[
        ("cloud", string("azure")),
        ("primary_region", string("East US")),
        ("secondary_region", string("westus2")),
        (
            "stacks",
            map(&[
                (
                    "eastus",
                    map(&[
                        ("resource_group_name", string("hf-eus")),
                        ("aks_cluster_name", string("a")),
                    ]),
                ),
                (
                    "westus2",
                    map(&[
                        ("resource_group_name", string("hf-wus2")),
                        ("redis_name", string("r")),
                    ]),
                ),
            ]),
        ),
    ]);
    assert_eq!(validate(&azure), vec![]);
}

#[test]
fn regions_must_be_known_of_the_cloud_and_distinct() {
    let d = validate(&config(&[("primary_region", string("us-east-9"))]));
    assert_eq!(paths(&d), ["primary_region"]);
    assert_eq!(d[0].detail, "\"us-east-9\" is not a known AWS region.");

    let d = validate(&config(&[("secondary_region", string("westeurope"))]));
    assert_eq!(paths(&d), ["secondary_region"]);
    assert!(
        d[0].detail.contains("Azure region, but cloud = \"aws\""),
        "{}",
        d[0].detail
    );

    let d = validate(&config(&[("secondary_region", string("us-east-1"))]));
    assert_eq!(paths(&d), ["secondary_region"]);
    assert_eq!(d[0].summary, "Regions must differ");

    // Azure spellings of one region are one region.
    let d = validate(&config(&[
        ("cloud", string("azure")),
        ("primary_region", string("West US 2")),
        ("secondary_region", string("westus2")),
    ]));
    assert_eq!(paths(&d), ["secondary_region"]);
}

#[test]
fn cloud_must_be_aws_or_azure() {
    let d = validate(&config(&[("cloud", string("gcp"))]));
    assert_eq!(paths(&d), ["cloud"]);
    assert_eq!(d[0].detail, r#""gcp" is not one of "aws", "azure"."#);
    // Regions are still checked, against both clouds.
    let d = validate(&config(&[
        ("cloud", string("gcp")),
        ("primary_region", string("mars-1")),
    ]));
    assert_eq!(paths(&d), ["cloud", "primary_region"]);
}

#[test]
fn stacks_are_keyed_by_exactly_the_two_regions() {
    let d = validate(&config(&[(
        "stacks",
        map(&[
            ("us-east-1", map(&[("vpc_id", string("vpc-1"))])),
            ("eu-west-1", map(&[("vpc_id", string("vpc-2"))])),
        ]),
    )]));
    assert_eq!(paths(&d), [r#"stacks["eu-west-1"]"#, "stacks"]);
    assert!(
        d[1].detail.contains("secondary_region \"us-west-2\""),
        "{}",
        d[1].detail
    );
    assert_eq!(
        d[0].attribute.as_ref().unwrap().steps,
        vec![
            Step::Attribute("stacks".into()),
            Step::ElementKeyString("eu-west-1".into())
        ]
    );

    let d = validate(&config(&[(
        "stacks",
        map(&[
            ("nowhere", map(&[])),
            ("us-east-1", map(&[])),
            ("us-west-2", map(&[])),
        ]),
    )]));
    assert_eq!(paths(&d), [r#"stacks["nowhere"]"#]);
}

#[test]
fn stack_attributes_must_match_the_cloud() {
    let d = validate(&config(&[(
        "stacks",
        map(&[
            (
                "us-east-1",
                map(&[
                    ("vpc_id", string("vpc-1")),
                    ("resource_group_name", string("rg")),
                    ("vnet", string("x")),
                ]),
            ),
            (
                "us-west-2",
                map(&[
                    ("vpc_id", string("subnet-2")),
                    ("eks_cluster_name", string(" ")),
                ]),
            ),
        ]),
    )]));
    assert_eq!(
        paths(&d),
        [
            r#"stacks["us-east-1"]["resource_group_name"]"#,
            r#"stacks["us-east-1"]["vnet"]"#,
            r#"stacks["us-west-2"]["eks_cluster_name"]"#,
            r#"stacks["us-west-2"]["vpc_id"]"#,
        ]
    );
    assert_eq!(d[0].summary, "Stack attribute of another cloud");
    assert_eq!(d[1].summary, "Unknown stack attribute");

    let azure = config(&[
        ("cloud", string("azure")),
        ("primary_region", string("eastus")),
        ("secondary_region", string("westus")),
        (
            "stacks",
            map(&[
                ("eastus", map(&[("vpc_id", string("vpc-1"))])),
                ("westus", map(&[("aks_cluster_name", string("aks"))])),
            ]),
        ),
    ]);
    assert_eq!(
        paths(&validate(&azure)),
        [r#"stacks["eastus"]["vpc_id"]"#, r#"stacks["westus"]"#]
    );
}

#[test]
fn parity_enums_and_ignores() {
    let c = config(&[(
        "parity",
        parity_block(&[
            ("enforcement", string("loud")),
            ("cidr", string("identical")),
            ("require_disjoint", Value::Bool(true)),
            ("capacity", string("half")),
            ("required_tags", list(&[string("Owner"), string("")])),
            (
                "ignore",
                list(&[
                    ignore(Value::Null, string("PL999"), Value::Null, "legacy"),
                    ignore(string("aws_instance.*"), Value::Null, Value::Null, "  "),
                    ignore(Value::Null, Value::Null, Value::Null, "everything"),
                    ignore(string("aws_{vpc"), Value::Null, Value::Null, "bad glob"),
                    ignore(
                        Value::Null,
                        string("instance-size"),
                        string("tags"),
                        "names work",
                    ),
                ]),
            ),
        ]),
    )]);
    let d = validate(&c);
    assert_eq!(
        paths(&d),
        [
            "parity.enforcement",
            "parity.capacity",
            "parity.require_disjoint",
            "parity.required_tags[1]",
            "parity.ignore[0].rule",
            "parity.ignore[1].reason",
            "parity.ignore[2]",
            "parity.ignore[3].address",
        ]
    );
    assert!(d
        .iter()
        .all(|d| d.severity == crate::protocol::provider::Severity::Error));
    assert_eq!(
        d[0].detail,
        r#""loud" is not one of "warn", "error", "off"."#
    );
    assert_eq!(
        d[5].attribute.as_ref().unwrap().steps,
        vec![
            Step::Attribute("parity".into()),
            Step::Attribute("ignore".into()),
            Step::ElementKeyInt(1),
            Step::Attribute("reason".into()),
        ]
    );
}

#[test]
fn unknown_values_are_never_errors() {
    let mut c = config(&[]);
    for name in [
        "name",
        "cloud",
        "primary_region",
        "secondary_region",
        "stacks",
        "tags",
        "parity",
    ] {
        set_attr(&mut c, name, Value::Unknown);
    }
    assert_eq!(validate(&c), vec![]);
    assert_eq!(validate(&Value::Unknown), vec![]);

    // Unknown regions: stack keys cannot be matched yet, attributes still are.
    let c = config(&[
        ("secondary_region", Value::Unknown),
        (
            "stacks",
            map(&[
                ("us-east-1", map(&[("vpc_id", Value::Unknown)])),
                ("us-west-2", Value::Unknown),
                ("eu-west-1", map(&[("bogus", string("x"))])),
            ]),
        ),
        (
            "parity",
            parity_block(&[
                ("enforcement", Value::Unknown),
                (
                    "ignore",
                    list(&[ignore(Value::Unknown, Value::Unknown, Value::Null, "r")]),
                ),
                ("required_tags", Value::Unknown),
            ]),
        ),
    ]);
    assert_eq!(paths(&validate(&c)), [r#"stacks["eu-west-1"]["bogus"]"#]);
}

// ---- plan ----

#[test]
fn create_plans_a_known_id_and_unknown_results() {
    let c = config(&[("parity", parity_block(&[]))]);
    let p = plan(&Value::Null, &proposed(&Value::Null, &c), &c);
    assert!(
        !crate::protocol::provider::has_errors(&p.diagnostics) && p.requires_replace.is_empty()
    );
    let s = &p.state;
    assert_eq!(
        attr(s, "id"),
        &string("aws/us-east-1/us-west-2/highflame-prod")
    );
    assert_eq!(attr(s, "inventory"), &Value::Bool(true));
    assert_eq!(attr(attr(s, "parity"), "enforcement"), &string("warn"));
    for computed in ["parity_status", "parity_findings", "checked_at"] {
        assert_eq!(attr(s, computed), &Value::Unknown, "{computed}");
    }
    // Configured values pass through untouched.
    assert_eq!(attr(s, "primary_region"), attr(&c, "primary_region"));
}

#[test]
fn create_without_inventory_knows_the_results_except_the_time() {
    let c = config(&[("inventory", Value::Bool(false))]);
    let p = plan(&Value::Null, &proposed(&Value::Null, &c), &c);
    let s = &p.state;
    assert_eq!(attr(s, "parity_status"), &string("unknown"));
    assert_eq!(attr(s, "parity_findings"), &list(&[]));
    assert_eq!(attr(s, "checked_at"), &Value::Unknown);
    assert_eq!(
        attr(s, "parity"),
        &Value::Null,
        "an absent block stays absent"
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn inventory_on_warns_that_it_is_not_available_yet() {
    let c = config(&[]);
    let p = plan(&Value::Null, &proposed(&Value::Null, &c), &c);
    assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
    let d = &p.diagnostics[0];
    assert_eq!(d.severity, crate::protocol::provider::Severity::Warning);
    assert!(d.summary.contains("Live inventory"));
    assert_eq!(
        d.attribute.as_ref().map(|a| a.to_string()).as_deref(),
        Some("inventory")
    );
}

#[test]
fn id_is_unknown_until_its_parts_are_known() {
    let c = config(&[("name", Value::Unknown)]);
    let p = plan(&Value::Null, &proposed(&Value::Null, &c), &c);
    assert_eq!(attr(&p.state, "id"), &Value::Unknown);
}

#[test]
fn identity_changes_require_replacement() {
    let prior = created(&config(&[("inventory", Value::Bool(false))]));
    let c = config(&[
        ("inventory", Value::Bool(false)),
        ("primary_region", string("us-east-2")),
        ("name", string("hf-2")),
    ]);
    let p = plan(&prior, &proposed(&prior, &c), &c);
    let replaced: Vec<String> = p.requires_replace.iter().map(ToString::to_string).collect();
    assert_eq!(replaced, ["name", "primary_region"]);
    assert_eq!(
        attr(&p.state, "id"),
        &string("aws/us-east-2/us-west-2/hf-2")
    );
    assert_eq!(attr(&p.state, "checked_at"), &Value::Unknown);
}

#[test]
fn other_changes_update_in_place() {
    let prior = created(&config(&[("inventory", Value::Bool(false))]));
    let c = config(&[
        ("inventory", Value::Bool(false)),
        ("tags", map(&[("Owner", string("sre"))])),
        (
            "parity",
            parity_block(&[("capacity", string("scaled-down"))]),
        ),
    ]);
    let p = plan(&prior, &proposed(&prior, &c), &c);
    assert!(p.requires_replace.is_empty());
    assert_eq!(attr(&p.state, "id"), attr(&prior, "id"));
    assert_eq!(attr(&p.state, "parity_status"), &string("unknown"));
    assert_eq!(attr(&p.state, "checked_at"), &Value::Unknown);
}

#[test]
fn no_change_plans_the_prior_state() {
    for inventory in [Value::Null, Value::Bool(false)] {
        let c = config(&[
            ("inventory", inventory),
            ("stacks", aws_stacks()),
            ("parity", parity_block(&[("cidr", string("mirrored"))])),
        ]);
        let prior = created(&c);
        let p = plan(&prior, &proposed(&prior, &c), &c);
        assert_eq!(p.state, prior);
        assert!(p.requires_replace.is_empty());
    }
}

#[test]
fn removing_a_defaulted_setting_restores_the_default() {
    let was = config(&[
        ("inventory", Value::Bool(false)),
        ("parity", parity_block(&[("enforcement", string("error"))])),
    ]);
    let prior = created(&was);
    let now = config(&[("parity", parity_block(&[]))]);
    let p = plan(&prior, &proposed(&prior, &now), &now);
    assert_eq!(attr(&p.state, "inventory"), &Value::Bool(true));
    assert_eq!(
        attr(attr(&p.state, "parity"), "enforcement"),
        &string("warn")
    );
    assert_eq!(attr(&p.state, "parity_status"), &Value::Unknown);
}

#[test]
fn plan_checks_values_that_were_unknown_at_validation() {
    let c = config(&[("primary_region", string("us-east-9"))]);
    let p = plan(&Value::Null, &proposed(&Value::Null, &c), &c);
    assert!(has_errors(&p.diagnostics));
    assert_eq!(paths(&p.diagnostics), ["primary_region"]);
}

#[test]
fn destroy_plans_null() {
    let prior = created(&config(&[]));
    let p = plan(&prior, &Value::Null, &Value::Null);
    assert_eq!(p.state, Value::Null);
    assert!(p.diagnostics.is_empty());
}

// ---- apply, read ----

#[tokio::test]
async fn apply_fills_the_computed_values() {
    let r = RegionPair::default();
    let c = config(&[("inventory", Value::Bool(false))]);
    let planned = r
        .plan(&Value::Null, &proposed(&Value::Null, &c), &c, &[])
        .await;
    let out = r
        .apply(
            Value::Null,
            planned.state,
            &c,
            Vec::new(),
            CancellationToken::new(),
        )
        .await;
    assert!(out.diagnostics.is_empty());
    let s = &out.state;
    assert_eq!(
        attr(s, "id"),
        &string("aws/us-east-1/us-west-2/highflame-prod")
    );
    assert_eq!(attr(s, "parity_status"), &string("unknown"));
    assert_eq!(attr(s, "parity_findings"), &list(&[]));
    let Value::String(checked_at) = attr(s, "checked_at") else {
        panic!("{s:?}")
    };
    assert_eq!(checked_at.len(), "2024-01-01T00:00:00Z".len());
    assert!(
        checked_at.ends_with('Z') && checked_at.as_bytes()[10] == b'T',
        "{checked_at}"
    );
}

#[test]
fn complete_uses_the_given_time() {
    let s = created(&config(&[]));
    assert_eq!(attr(&s, "checked_at"), &string("2023-11-14T22:13:20Z"));
    assert_eq!(attr(&s, "parity_status"), &string("unknown"));
}

#[tokio::test]
async fn delete_only_forgets_and_read_keeps_the_state() {
    let r = RegionPair::default();
    let prior = created(&config(&[("inventory", Value::Bool(false))]));
    let out = r
        .apply(
            prior.clone(),
            Value::Null,
            &Value::Null,
            b"p".to_vec(),
            CancellationToken::new(),
        )
        .await;
    assert_eq!(out.state, Value::Null);
    assert!(out.diagnostics.is_empty());

    let read = r
        .read(prior.clone(), b"p".to_vec(), CancellationToken::new())
        .await;
    assert_eq!(read.state, prior);
    assert_eq!(read.private, b"p");
    assert!(read.diagnostics.is_empty());
}

// ---- import ----

#[tokio::test]
async fn import_builds_the_state_from_the_id() {
    let r = RegionPair::default();
    let out = r.import("azure/eastus/westus2/hf/prod").await;
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let s = &out.state;
    assert_eq!(attr(s, "id"), &string("azure/eastus/westus2/hf/prod"));
    assert_eq!(attr(s, "cloud"), &string("azure"));
    assert_eq!(attr(s, "primary_region"), &string("eastus"));
    assert_eq!(attr(s, "secondary_region"), &string("westus2"));
    assert_eq!(attr(s, "name"), &string("hf/prod"));
    assert_eq!(attr(s, "inventory"), &Value::Bool(true));
    assert_eq!(attr(s, "parity"), &Value::Null);
    let Type::Object(fields) = schema().block.value_type() else {
        panic!()
    };
    let Value::Object(state) = s else { panic!() };
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        state.keys().collect::<Vec<_>>()
    );

    // A configuration matching the import plans no change.
    let c = config(&[
        ("cloud", string("azure")),
        ("primary_region", string("eastus")),
        ("secondary_region", string("westus2")),
        ("name", string("hf/prod")),
    ]);
    let p = plan(s, &proposed(s, &c), &c);
    assert_eq!(&p.state, s);
}

#[tokio::test]
async fn malformed_import_ids_name_the_format() {
    let r = RegionPair::default();
    for (id, why) in [
        ("highflame-prod", "fewer than four parts"),
        ("aws/us-east-1/us-west-2", "fewer than four parts"),
        ("aws/us-east-1//x", "empty"),
        ("gcp/us-east-1/us-west-2/x", "aws or azure"),
        ("aws/eastus/us-west-2/x", "not a known aws region"),
        ("azure/eastus/East US/x", "must differ"),
    ] {
        let out = r.import(id).await;
        assert_eq!(out.state, Value::Null, "{id}");
        assert_eq!(out.diagnostics.len(), 1, "{id}");
        let d = &out.diagnostics[0];
        assert_eq!(d.summary, "Invalid import ID");
        assert!(d.detail.contains(why), "{id}: {}", d.detail);
        assert!(
            d.detail.contains("<cloud>/<primary>/<secondary>/<name>"),
            "{}",
            d.detail
        );
    }
}

#[test]
fn pair_id_round_trips() {
    let id = PairId::parse("aws/us-east-1/us-west-2/highflame-prod").unwrap();
    assert_eq!(id.to_string(), "aws/us-east-1/us-west-2/highflame-prod");
    assert_eq!(id.name, "highflame-prod");
}

// ---- the wire ----

/// Every state this resource produces round-trips through the msgpack
/// codec against its schema type, as Terraform will see it.
#[tokio::test]
async fn states_fit_the_schema_type() {
    use crate::protocol::value::msgpack;
    let ty = schema().block.value_type();
    let c = config(&[
        ("stacks", aws_stacks()),
        ("tags", map(&[("Owner", string("sre"))])),
        (
            "parity",
            parity_block(&[(
                "ignore",
                list(&[ignore(
                    Value::Null,
                    string("PL010"),
                    Value::Null,
                    "sized per region",
                )]),
            )]),
        ),
    ]);
    let planned = plan(&Value::Null, &proposed(&Value::Null, &c), &c).state;
    let applied = created(&c);
    let imported = RegionPair::default()
        .import("aws/us-east-1/us-west-2/x")
        .await
        .state;
    for (what, v) in [
        ("planned", planned),
        ("applied", applied),
        ("imported", imported),
    ] {
        let bytes = msgpack::encode(&v, &ty).unwrap_or_else(|e| panic!("{what}: {e}"));
        let back = msgpack::decode(&bytes, &ty).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(back, v, "{what}");
    }
    // The configuration decodes too (the shape Terraform sends).
    let bytes = msgpack::encode(&c, &ty).unwrap();
    assert_eq!(msgpack::decode(&bytes, &ty).unwrap(), c);
}
