//! Which region a snapshot describes.
//!
//! First the provider configuration the resources use (`region` as a
//! constant, or a root variable's value); failing that, a vote over
//! resource values: `region`, availability zones, ARNs and Azure `location`.

use std::collections::BTreeMap;

use crate::address::module_steps;
use crate::plan::Document;
use crate::regions;
use crate::snapshot::Snapshot;
use crate::value::Val;

/// Where a detected region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The module instance key (`module.region["us-east-1"]`).
    InstanceKey,
    ProviderConfig,
    ResourceValues,
}

impl std::fmt::Display for RegionSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RegionSource::InstanceKey => "module instance key",
            RegionSource::ProviderConfig => "provider configuration",
            RegionSource::ResourceValues => "resource values",
        })
    }
}

/// Detects the region of `snapshot`, which came from `doc` (restricted to
/// the module instance `module_prefix` in one-document mode).
pub fn detect_region(
    doc: &Document<'_>,
    module_prefix: Option<&str>,
    snapshot: &Snapshot<'_>,
) -> Option<(String, RegionSource)> {
    if let Some(region) = module_prefix.and_then(instance_key_region) {
        return Some((region, RegionSource::InstanceKey));
    }
    if let Some(region) = provider_region(doc, module_prefix) {
        return Some((region, RegionSource::ProviderConfig));
    }
    vote(snapshot).map(|r| (r, RegionSource::ResourceValues))
}

/// The region named by the last instance key of a module address.
fn instance_key_region(module: &str) -> Option<String> {
    let probe = format!("{module}.x.y");
    let (steps, _) = module_steps(&probe);
    let key = steps.last()?.string_key()?;
    regions::lookup(&key).map(|(_, r)| r)
}

/// The single region of the provider configurations used by resources in
/// the root module (or under the module call `module_prefix`).
fn provider_region(doc: &Document<'_>, module_prefix: Option<&str>) -> Option<String> {
    let config = &doc.configuration;
    let providers = config.get("provider_config")?;
    let mut root = config.get("root_module")?;
    if let Some(prefix) = module_prefix {
        let probe = format!("{prefix}.x.y");
        let (steps, _) = module_steps(&probe);
        for step in steps {
            root = root.get("module_calls")?.get(step.name)?.get("module")?;
        }
    }
    let mut keys = Vec::new();
    provider_keys(root, &mut keys);
    let mut found: Vec<String> = keys
        .iter()
        .filter_map(|k| providers.get(k))
        .filter_map(|p| region_expression(p, doc))
        .collect();
    found.sort();
    found.dedup();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn provider_keys(module: &Val<'_>, out: &mut Vec<String>) {
    if let Some(resources) = module.get("resources").and_then(Val::as_list) {
        for r in resources {
            if r.get("mode").and_then(Val::as_str) == Some("data") {
                continue;
            }
            if let Some(key) = r.get("provider_config_key").and_then(Val::as_str) {
                // Terraform ≤ 0.13 wrote "module.x:aws"; the part after the colon is the provider.
                let key = key.rsplit(':').next().unwrap_or(key);
                if !out.iter().any(|k| k == key) {
                    out.push(key.to_owned());
                }
            }
        }
    }
    if let Some(Val::Map(calls)) = module.get("module_calls") {
        for (_, call) in calls {
            if let Some(m) = call.get("module") {
                provider_keys(m, out);
            }
        }
    }
}

fn region_expression(provider: &Val<'_>, doc: &Document<'_>) -> Option<String> {
    let region = provider.get("expressions")?.get("region")?;
    if let Some(value) = region.get("constant_value").and_then(Val::as_str) {
        return regions::lookup(value).map(|(_, r)| r);
    }
    let reference = region.get("references")?.as_list()?.first()?.as_str()?;
    let var = reference.strip_prefix("var.")?;
    let value = doc.variables.get(var)?.get("value")?.as_str()?;
    regions::lookup(value).map(|(_, r)| r)
}

/// The region most resource values point at.
pub fn vote(snapshot: &Snapshot<'_>) -> Option<String> {
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |name: &str| {
        if let Some((_, canonical)) = regions::lookup(name) {
            *votes.entry(canonical).or_default() += 1;
        }
    };
    for r in &snapshot.resources {
        let v = &r.values;
        for key in ["region", "location"] {
            if let Some(s) = v.get(key).and_then(Val::as_str) {
                add(s);
            }
        }
        if let Some(zone) = v.get("availability_zone").and_then(Val::as_str) {
            if let Some(region) = regions::region_of_zone(zone) {
                add(region);
            }
        }
        for zone in v
            .get("availability_zones")
            .and_then(Val::as_list)
            .unwrap_or(&[])
        {
            if let Some(region) = zone.as_str().and_then(regions::region_of_zone) {
                add(region);
            }
        }
        if let Some(arn) = v.get("arn").and_then(Val::as_str) {
            if let Some(region) = arn.split(':').nth(3) {
                add(region);
            }
        }
    }
    let best = votes.values().copied().max()?;
    let mut winners = votes.into_iter().filter(|(_, n)| *n == best);
    let (region, _) = winners.next()?;
    // A tie says nothing.
    winners.next().is_none().then_some(region)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::snapshot_of;

    #[test]
    fn provider_constant_wins() {
        let bytes = br#"{"format_version":"1.2","resource_changes":[],
          "configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}},
          "root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","provider_config_key":"aws"}]}}}"#;
        let mut doc = Document::parse(bytes).unwrap();
        let snap = snapshot_of(&mut doc);
        assert_eq!(
            detect_region(&doc, None, &snap),
            Some(("eu-west-1".into(), RegionSource::ProviderConfig))
        );
    }

    #[test]
    fn variable_reference_resolves() {
        let bytes = br#"{"format_version":"1.2","variables":{"region":{"value":"us-west-2"}},
          "configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"references":["var.region"]}}}},
          "root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","provider_config_key":"aws"}]}}}"#;
        let doc = Document::parse(bytes).unwrap();
        assert_eq!(provider_region(&doc, None).as_deref(), Some("us-west-2"));
    }

    #[test]
    fn for_each_keys_name_regions() {
        assert_eq!(
            instance_key_region(r#"module.region["West US 2"]"#).as_deref(),
            Some("westus2")
        );
        assert_eq!(instance_key_region("module.primary"), None);
    }

    #[test]
    fn values_vote() {
        let mut s = Snapshot::new(None);
        s.push(
            "a.a",
            "aws_subnet",
            Val::from_json(&serde_json::json!({"availability_zone": "us-west-2a"})),
        );
        s.push(
            "a.b",
            "aws_subnet",
            Val::from_json(&serde_json::json!({"availability_zone": "us-west-2b"})),
        );
        s.push(
            "a.c",
            "azurerm_x",
            Val::from_json(&serde_json::json!({"location": "East US"})),
        );
        assert_eq!(vote(&s).as_deref(), Some("us-west-2"));
    }
}
