//! Planning and applying: defaults, the deterministic id, which changes
//! replace the pair, and the computed attributes apply fills in.

use std::time::SystemTime;

use super::id::{format_id, PairId};
use super::validate::validate;
use super::STATUS_UNKNOWN;
use crate::protocol::provider::{Diagnostic, Planned, Severity};
use crate::protocol::value::{AttributePath, Value};
use crate::resources::support::{rfc3339, set_attr};

/// Attributes only the provider sets.
const COMPUTED: [&str; 4] = ["id", "parity_status", "parity_findings", "checked_at"];

/// Attributes whose change replaces the pair (they make up its id).
pub const REPLACING: [&str; 4] = ["name", "cloud", "primary_region", "secondary_region"];

/// Plans a change. `prior` is `Null` on create, `proposed` is `Null` on
/// destroy.
pub fn plan(prior: &Value, proposed: &Value, config: &Value) -> Planned {
    let mut planned = Planned {
        state: Value::Null,
        requires_replace: Vec::new(),
        private: Vec::new(),
        diagnostics: Vec::new(),
    };
    if proposed.is_null() {
        return planned;
    }
    // Values unknown at validation time are known by now; warnings were
    // shown by validation already.
    planned.diagnostics = validate(config)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !planned.diagnostics.is_empty() {
        return planned;
    }
    let mut state = proposed.clone();
    apply_defaults(&mut state, config);
    if !prior.is_null() && same_settings(prior, &state) {
        // Nothing to do: the computed attributes keep their prior values
        // (the proposed state carries them).
        planned.state = state;
        return planned;
    }
    let id = id_of(&state);
    set_attr(&mut state, "id", id);
    let inventory_off = state["inventory"] == Value::Bool(false);
    if !inventory_off {
        planned.diagnostics.push(Diagnostic::warning(
            "Live inventory is not available in this provider version",
            "highflame_region_pair does not yet read the two regions' VPCs, EKS clusters and caches: \
             parity_status stays \"unknown\" and parity_findings empty. Run parity-lint on the \
             regions' plans meanwhile, and set `inventory = false` to silence this warning.",
        ).at(AttributePath::new("inventory")));
    }
    let (status, findings) = if inventory_off {
        (Value::from(STATUS_UNKNOWN), Value::List(Vec::new()))
    } else {
        (Value::Unknown, Value::Unknown)
    };
    set_attr(&mut state, "parity_status", status);
    set_attr(&mut state, "parity_findings", findings);
    set_attr(&mut state, "checked_at", Value::Unknown);
    if !prior.is_null() {
        planned.requires_replace = REPLACING
            .into_iter()
            .filter(|a| prior[*a] != state[*a])
            .map(AttributePath::new)
            .collect();
    }
    planned.state = state;
    planned
}

/// Optional attributes with provider defaults: set where the
/// configuration leaves them null, so removing one from the configuration
/// returns it to its default.
fn apply_defaults(state: &mut Value, config: &Value) {
    if config["inventory"].is_null() {
        set_attr(state, "inventory", Value::Bool(true));
    }
    if config["parity"]["enforcement"].is_null() {
        if let Value::Object(fields) = state {
            if let Some(parity @ Value::Object(_)) = fields.get_mut("parity") {
                set_attr(parity, "enforcement", "warn".into());
            }
        }
    }
}

/// Whether two states agree on everything the user sets.
fn same_settings(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let user = |(k, _): &(&String, &Value)| !COMPUTED.contains(&k.as_str());
            x.iter().filter(user).eq(y.iter().filter(user))
        }
        _ => a == b,
    }
}

/// The id when its four parts are known, else unknown.
fn id_of(state: &Value) -> Value {
    let part = |name: &str| state[name].as_str();
    match (
        part("cloud"),
        part("primary_region"),
        part("secondary_region"),
        part("name"),
    ) {
        (Some(c), Some(p), Some(s), Some(n)) => {
            let mut id = String::new();
            // Writing to a String cannot fail.
            let _ = format_id(&mut id, c, p, s, n);
            Value::String(id)
        }
        _ => Value::Unknown,
    }
}

/// The new state after apply: the planned one with the values left
/// unknown at plan time filled in.
pub fn complete(mut planned: Value, now: SystemTime) -> Value {
    let fill = |state: &Value, name: &str| state[name].is_unknown();
    if fill(&planned, "id") {
        let id = id_of(&planned);
        set_attr(&mut planned, "id", id);
    }
    if fill(&planned, "parity_status") {
        set_attr(&mut planned, "parity_status", STATUS_UNKNOWN.into());
    }
    if fill(&planned, "parity_findings") {
        set_attr(&mut planned, "parity_findings", Value::List(Vec::new()));
    }
    if fill(&planned, "checked_at") {
        set_attr(&mut planned, "checked_at", rfc3339(now).into());
    }
    planned
}

/// The state `terraform import` starts from: the id's four parts, default
/// settings, inventory on, nothing checked yet.
pub fn imported(id: &PairId) -> Value {
    Value::object([
        ("id", id.to_string().into()),
        ("name", id.name.as_str().into()),
        ("cloud", id.cloud.as_str().into()),
        ("primary_region", id.primary_region.as_str().into()),
        ("secondary_region", id.secondary_region.as_str().into()),
        ("stacks", Value::Null),
        ("inventory", Value::Bool(true)),
        ("tags", Value::Null),
        ("parity", Value::Null),
        ("parity_status", STATUS_UNKNOWN.into()),
        ("parity_findings", Value::List(Vec::new())),
        ("checked_at", Value::Null),
    ])
}
