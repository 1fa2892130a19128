//! One document, two regions: which module instances are the pair.
//!
//! Explicit selectors (`.parity.toml` `primary`/`secondary`, or flags) win.
//! Otherwise, by convention, the pair is either two calls of one module
//! source (each a single instance), or one call whose `for_each` has
//! exactly two instances keyed by region names, looked for at the root
//! first and then one module level deeper at a time. Anything
//! else (no candidate, or several) is an error asking for selectors: a
//! guessed pair would produce confident nonsense.
//!
//! Order: for two calls, a call whose name contains "primary" comes first,
//! one containing "secondary" second, otherwise name order; for a
//! `for_each` pair, key order (the caller may swap by region).

use std::collections::BTreeMap;

use crate::address::module_steps;
use crate::plan::{Document, PlanError};
use crate::regions;
use crate::snapshot::{Resource, Snapshot};
use crate::value::Val;

/// The module instance addresses of the two regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub primary: String,
    pub secondary: String,
    /// How the pair was found, for messages.
    pub reason: String,
}

impl Selection {
    /// From user selectors; `module.` is optional.
    pub fn explicit(primary: &str, secondary: &str) -> Selection {
        let fix = |s: &str| {
            let s = s.trim().trim_end_matches('.');
            if s.starts_with("module.") {
                s.to_owned()
            } else {
                format!("module.{s}")
            }
        };
        Selection {
            primary: fix(primary),
            secondary: fix(secondary),
            reason: "selectors".into(),
        }
    }

    pub fn swapped(self) -> Selection {
        Selection {
            primary: self.secondary,
            secondary: self.primary,
            reason: self.reason,
        }
    }
}

/// Module instances directly under `prefix` (`""` for the root, else
/// `module.db.`) seen in resource addresses: call name → the instance
/// addresses (`module.x`, `module.x["k"]`, with `prefix` in front) and
/// their string keys.
fn instances_under(
    doc: &Document<'_>,
    prefix: &str,
) -> BTreeMap<String, Vec<(String, Option<String>)>> {
    let mut calls: BTreeMap<String, Vec<(String, Option<String>)>> = BTreeMap::new();
    for r in &doc.resources {
        let Some(rest) = r.address.strip_prefix(prefix) else {
            continue;
        };
        let (steps, _) = module_steps(rest);
        let Some(first) = steps.first() else { continue };
        let instance = match first.key {
            Some(k) => format!("{prefix}module.{}[{}]", first.name, k),
            None => format!("{prefix}module.{}", first.name),
        };
        let entry = calls.entry(first.name.to_owned()).or_default();
        if !entry.iter().any(|(i, _)| *i == instance) {
            entry.push((
                instance,
                first.key.map(|_| first.string_key().unwrap_or_default()),
            ));
        }
    }
    calls
}

/// Finds the pair by convention at the shallowest module level that has a
/// candidate (the root first; then inside each single-instance call).
pub fn find_pair(doc: &Document<'_>) -> Result<Selection, PlanError> {
    let root = doc.configuration.get("root_module");
    let mut level: Vec<(String, Option<&Val<'_>>)> = vec![(String::new(), root)];
    while !level.is_empty() {
        let mut candidates = Vec::new();
        let mut next = Vec::new();
        for (prefix, module) in &level {
            let instances = instances_under(doc, prefix);
            candidates.extend(candidates_at(prefix, *module, &instances));
            for (name, list) in &instances {
                if let [(instance, None)] = list.as_slice() {
                    let child = module
                        .and_then(|m| m.get("module_calls"))
                        .and_then(|c| c.get(name))
                        .and_then(|c| c.get("module"));
                    next.push((format!("{instance}."), child));
                }
            }
        }
        match candidates.len() {
            0 => level = next,
            1 => return Ok(candidates.remove(0)),
            _ => {
                return Err(PlanError::Pairing(format!(
                    "several candidate region pairs in one document ({}); choose one with `primary` and `secondary` in .parity.toml (or --primary/--secondary)",
                    candidates
                        .iter()
                        .map(|c| format!("{} + {}", c.primary, c.secondary))
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
        }
    }
    Err(PlanError::Pairing(
        "cannot find the region pair in one document: expected two calls of one module source, or one module with for_each over two region keys; set `primary` and `secondary` in .parity.toml (or --primary/--secondary)".into(),
    ))
}

/// Candidates among the calls of one module.
fn candidates_at(
    prefix: &str,
    module: Option<&Val<'_>>,
    instances: &BTreeMap<String, Vec<(String, Option<String>)>>,
) -> Vec<Selection> {
    let mut candidates = Vec::new();
    let module_calls = module.and_then(|m| m.get("module_calls"));
    // Two calls of one source, one instance each.
    let mut by_source: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    if let Some(Val::Map(calls)) = module_calls {
        for (name, call) in calls {
            let single = instances
                .get(name.as_ref())
                .is_some_and(|i| i.len() == 1 && i[0].1.is_none());
            if let (true, Some(source)) = (single, call.get("source").and_then(Val::as_str)) {
                by_source.entry(source.to_owned()).or_default().push(name);
            }
        }
    }
    for (source, names) in &by_source {
        if let [a, b] = names.as_slice() {
            let (first, second) = order(a, b);
            candidates.push(Selection {
                primary: format!("{prefix}module.{first}"),
                secondary: format!("{prefix}module.{second}"),
                reason: format!("two calls of module source `{source}`"),
            });
        }
    }
    // One call with two instances keyed by region names.
    for (name, list) in instances {
        if let [(ia, Some(ka)), (ib, Some(kb))] = list.as_slice() {
            if regions::lookup(ka).is_some() && regions::lookup(kb).is_some() {
                let (first, second) = if ka <= kb { (ia, ib) } else { (ib, ia) };
                candidates.push(Selection {
                    primary: first.clone(),
                    secondary: second.clone(),
                    reason: format!("module `{name}` with for_each over two regions"),
                });
            }
        }
    }
    candidates
}

fn order<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    let rank = |n: &str| {
        let n = n.to_ascii_lowercase();
        if n.contains("primary") {
            0
        } else if n.contains("secondary") {
            2
        } else {
            1
        }
    };
    if (rank(a), a) <= (rank(b), b) {
        (a, b)
    } else {
        (b, a)
    }
}

/// Splits the document's resources into the two regions' snapshots; keys
/// are addresses relative to each module instance. Resources outside both
/// instances (shared root resources) are left out.
pub fn split<'a>(
    doc: &mut Document<'a>,
    sel: &Selection,
) -> Result<(Snapshot<'a>, Snapshot<'a>), PlanError> {
    if sel.primary == sel.secondary {
        return Err(PlanError::Pairing(format!(
            "primary and secondary select the same module instance `{}`",
            sel.primary
        )));
    }
    let mut primary = Snapshot::new(None);
    let mut secondary = Snapshot::new(None);
    let p_prefix = format!("{}.", sel.primary);
    let s_prefix = format!("{}.", sel.secondary);
    for r in std::mem::take(&mut doc.resources) {
        let (target, prefix) = if r.address.starts_with(&p_prefix) {
            (&mut primary, &p_prefix)
        } else if r.address.starts_with(&s_prefix) {
            (&mut secondary, &s_prefix)
        } else {
            continue;
        };
        target.resources.push(Resource {
            key: r.address[prefix.len()..].to_owned(),
            address: r.address.into_owned(),
            rtype: r.rtype,
            values: r.values,
        });
    }
    for (side, snap) in [(&sel.primary, &primary), (&sel.secondary, &secondary)] {
        if snap.resources.is_empty() {
            return Err(PlanError::Pairing(format!(
                "no managed resources under `{side}` in this document"
            )));
        }
    }
    Ok((primary, secondary))
}
