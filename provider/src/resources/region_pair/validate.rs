//! Static checks of a `highflame_region_pair` configuration. Every
//! diagnostic points at the attribute it is about; unknown values (not
//! yet computed) pass, and are checked again at plan time.

use std::collections::BTreeMap;

use parity_lint::config::{Config, ConfigError, IgnoreEntry};
use parity_lint::regions::{lookup, Cloud};

use super::{AWS_STACK_KEYS, AZURE_STACK_KEYS};
use crate::protocol::provider::Diagnostics;
use crate::protocol::value::{AttributePath, Value};
use crate::resources::support::{check_one_of, error_at, quoted_list};

pub const CLOUDS: &[&str] = &["aws", "azure"];
pub const ENFORCEMENTS: &[&str] = &["warn", "error", "off"];
pub const CIDR_MODES: &[&str] = &["mirrored", "identical"];
pub const CAPACITY_MODES: &[&str] = &["equal", "scaled-down"];

/// Checks a configuration (or a planned state: the same shape).
pub fn validate(config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if !matches!(config, Value::Object(_)) {
        return diags;
    }
    if config["name"].as_str().is_some_and(|n| n.trim().is_empty()) {
        diags.push(error_at(
            AttributePath::new("name"),
            "Empty name",
            "The pair needs a name.",
        ));
    }
    check_one_of(
        &config["cloud"],
        AttributePath::new("cloud"),
        "cloud",
        CLOUDS,
        &mut diags,
    );
    let cloud = match config["cloud"].as_str() {
        Some("aws") => Some(Cloud::Aws),
        Some("azure") => Some(Cloud::Azure),
        _ => None,
    };
    let primary = region(config, "primary_region", cloud, &mut diags);
    let secondary = region(config, "secondary_region", cloud, &mut diags);
    if let (Some(p), Some(s)) = (&primary, &secondary) {
        if p == s {
            diags.push(error_at(
                AttributePath::new("secondary_region"),
                "Regions must differ",
                format!(
                    "primary_region and secondary_region are both {p:?}; a pair needs two regions."
                ),
            ));
        }
    }
    let regions = primary.zip(secondary).filter(|(p, s)| p != s);
    stacks(&config["stacks"], cloud, regions.as_ref(), &mut diags);
    parity(&config["parity"], &mut diags);
    diags
}

fn cloud_name(c: Cloud) -> &'static str {
    match c {
        Cloud::Aws => "AWS",
        Cloud::Azure => "Azure",
    }
}

/// Checks a region attribute; returns its canonical name when it is a
/// known region of the pair's cloud (of either cloud when that is not
/// known).
fn region(
    config: &Value,
    name: &str,
    cloud: Option<Cloud>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let value = config[name].as_str()?;
    let path = AttributePath::new(name);
    let problem = match (lookup(value), cloud) {
        (None, Some(c)) => format!("{value:?} is not a known {} region.", cloud_name(c)),
        (None, None) => format!("{value:?} is not a known AWS or Azure region."),
        (Some((found, _)), Some(c)) if found != c => {
            let detail = format!(
                "{value:?} is an {} region, but cloud = {:?}.",
                cloud_name(found),
                cloud_name(c).to_lowercase()
            );
            diags.push(error_at(path, "Region of another cloud", detail));
            return None;
        }
        (Some((_, canonical)), _) => return Some(canonical),
    };
    diags.push(error_at(path, "Unknown region", problem));
    None
}

/// `stacks`: keyed by exactly the pair's two regions (any spelling of
/// them), each holding the attributes of the pair's cloud.
fn stacks(
    stacks: &Value,
    cloud: Option<Cloud>,
    regions: Option<&(String, String)>,
    diags: &mut Diagnostics,
) {
    let Value::Map(entries) = stacks else { return };
    let at = AttributePath::new("stacks");
    // canonical region → the key it was written as
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (key, stack) in entries {
        let path = at.clone().key(key);
        match lookup(key) {
            None => diags.push(error_at(
                path.clone(),
                "Unknown stack region",
                format!("{key:?} is not a known region; stacks are keyed by the pair's regions."),
            )),
            Some((_, canonical)) => {
                if let Some((p, s)) = regions {
                    if canonical != *p && canonical != *s {
                        diags.push(error_at(
                            path.clone(),
                            "Stack of a region outside the pair",
                            format!(
                                "{key:?} is neither primary_region ({p:?}) nor \
                                 secondary_region ({s:?}); \
                                 stacks needs exactly one entry per region of the pair."
                            ),
                        ));
                    }
                }
                if let Some(first) = seen.insert(canonical.clone(), key) {
                    diags.push(error_at(
                        path.clone(),
                        "Duplicate stack",
                        format!("{key:?} and {first:?} name the same region {canonical:?}."),
                    ));
                }
            }
        }
        stack_attributes(stack, &path, cloud, diags);
    }
    if let Some((p, s)) = regions {
        for (role, region) in [("primary_region", p), ("secondary_region", s)] {
            if !seen.contains_key(region) {
                diags.push(error_at(
                    at.clone(),
                    "Missing stack",
                    format!("stacks has no entry for {role} {region:?}; it needs one per region."),
                ));
            }
        }
    }
}

fn stack_attributes(
    stack: &Value,
    path: &AttributePath,
    cloud: Option<Cloud>,
    diags: &mut Diagnostics,
) {
    let attrs = match stack {
        Value::Map(attrs) => attrs,
        Value::Null => {
            diags.push(error_at(
                path.clone(),
                "Empty stack",
                "A stack is an object of stack attributes, not null.",
            ));
            return;
        }
        _ => return,
    };
    for (name, value) in attrs {
        let at = path.clone().key(name);
        let is_aws = AWS_STACK_KEYS.contains(&name.as_str());
        let is_azure = AZURE_STACK_KEYS.contains(&name.as_str());
        let wrong_cloud = |other: &str, this: &str, keys: &[&str]| {
            format!(
                "{name:?} is an {other} stack attribute, but cloud = {:?}; {this} stacks take {}.",
                this.to_lowercase(),
                keys.join(", ")
            )
        };
        let problem = match cloud {
            _ if !is_aws && !is_azure => Some((
                "Unknown stack attribute",
                format!(
                    "{name:?} is not a stack attribute. AWS stacks take {}; Azure stacks take {}.",
                    AWS_STACK_KEYS.join(", "),
                    AZURE_STACK_KEYS.join(", ")
                ),
            )),
            Some(Cloud::Aws) if !is_aws => Some((
                "Stack attribute of another cloud",
                wrong_cloud("Azure", "AWS", AWS_STACK_KEYS),
            )),
            Some(Cloud::Azure) if !is_azure => Some((
                "Stack attribute of another cloud",
                wrong_cloud("AWS", "Azure", AZURE_STACK_KEYS),
            )),
            _ => match value.as_str() {
                Some(v) if v.trim().is_empty() => Some((
                    "Empty stack attribute",
                    format!("{name} must not be empty."),
                )),
                Some(v) if name == "vpc_id" && !v.starts_with("vpc-") => {
                    Some(("Invalid VPC id", format!("{v:?} is not a VPC id (vpc-…).")))
                }
                _ => None,
            },
        };
        if let Some((summary, detail)) = problem {
            diags.push(error_at(at, summary, detail));
        }
    }
    // Every Azure resource is addressed through its resource group.
    let names_azure_resource = AZURE_STACK_KEYS[1..].iter().any(|k| attrs.contains_key(*k));
    if cloud == Some(Cloud::Azure)
        && names_azure_resource
        && !attrs.contains_key("resource_group_name")
    {
        diags.push(error_at(
            path.clone(),
            "Missing resource_group_name",
            "An Azure stack needs resource_group_name to locate its network, cluster and cache.",
        ));
    }
}

fn parity(parity: &Value, diags: &mut Diagnostics) {
    if !matches!(parity, Value::Object(_)) {
        return;
    }
    let at = AttributePath::new("parity");
    for (name, what, allowed) in [
        ("enforcement", "enforcement", ENFORCEMENTS),
        ("cidr", "cidr mode", CIDR_MODES),
        ("capacity", "capacity mode", CAPACITY_MODES),
    ] {
        check_one_of(&parity[name], at.clone().attr(name), what, allowed, diags);
    }
    if parity["cidr"].as_str() == Some("identical")
        && parity["require_disjoint"] == Value::Bool(true)
    {
        diags.push(error_at(
            at.clone().attr("require_disjoint"),
            "Contradictory parity modes",
            "cidr = \"identical\" and require_disjoint = true contradict each other: \
             identical networks always overlap.",
        ));
    }
    for list in ["required_tags", "regional_tag_keys"] {
        let Value::List(keys) = &parity[list] else {
            continue;
        };
        for (i, key) in keys.iter().enumerate() {
            if key.as_str().is_some_and(|k| k.trim().is_empty()) {
                diags.push(error_at(
                    at.clone().attr(list).index(i as i64),
                    "Empty tag key",
                    format!("{list} cannot hold an empty key."),
                ));
            }
        }
    }
    if let Value::List(entries) = &parity["ignore"] {
        for (i, entry) in entries.iter().enumerate() {
            ignore_entry(entry, at.clone().attr("ignore").index(i as i64), diags);
        }
    }
}

/// One `ignore` block: the same rules as a `.parity.toml` `[[ignore]]`.
fn ignore_entry(entry: &Value, path: AttributePath, diags: &mut Diagnostics) {
    if !matches!(entry, Value::Object(_)) {
        return;
    }
    if entry["reason"]
        .as_str()
        .is_some_and(|r| r.trim().is_empty())
    {
        diags.push(error_at(
            path.clone().attr("reason"),
            "Empty reason",
            "Every ignore needs a reason; it is printed with the suppressed finding.",
        ));
    }
    let [address, rule, attribute] = ["address", "rule", "attribute"].map(|k| &entry[k]);
    if address.is_null() && rule.is_null() && attribute.is_null() {
        diags.push(error_at(
            path.clone(),
            "Ignore matches everything",
            format!(
                "An ignore sets at least one of {}.",
                quoted_list(&["address", "rule", "attribute"])
            ),
        ));
    }
    if let Some(rule) = rule.as_str() {
        if parity_lint::rules::find(rule).is_none() {
            let ids: Vec<&str> = parity_lint::rules::RULES.iter().map(|r| r.id).collect();
            diags.push(error_at(
                path.clone().attr("rule"),
                "Unknown rule",
                format!(
                    "{rule:?} is not a parity rule; rules are {} (or their names).",
                    ids.join(", ")
                ),
            ));
        }
    }
    if let Some(glob) = address.as_str() {
        // parity-lint owns the glob dialect; ask it.
        let probe = Config {
            ignore: vec![IgnoreEntry {
                address: Some(glob.to_owned()),
                rule: None,
                attribute: None,
                reason: "-".to_owned(),
            }],
            ..Config::default()
        };
        if let Err(ConfigError::BadGlob { source, .. }) = probe.validate() {
            diags.push(error_at(
                path.attr("address"),
                "Invalid address glob",
                format!("{glob:?}: {source}"),
            ));
        }
    }
}
