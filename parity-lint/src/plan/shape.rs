//! Finds where a JSON document stops looking like a plan or state.
//!
//! Runs only after the fast typed parse failed, to turn "invalid type" into
//! a JSON path the user can look up.

use serde_json::Value;

type Problem = (String, String);

/// The first place (JSON path, message) where `doc` breaks the plan/state
/// shape, or `None` when the shape is fine.
pub fn first_problem(doc: &Value) -> Option<Problem> {
    document(doc).err()
}

fn document(doc: &Value) -> Result<(), Problem> {
    let root = object(doc, "$")?;
    for key in ["format_version", "terraform_version"] {
        if let Some(v) = root.get(key) {
            if !v.is_string() {
                return Err((
                    format!("$.{key}"),
                    format!("expected a string, found {}", kind(v)),
                ));
            }
        }
    }
    if let Some(changes) = root.get("resource_changes") {
        let items = array(changes, "$.resource_changes")?;
        for (i, rc) in items.iter().enumerate() {
            let path = format!("$.resource_changes[{i}]");
            resource_change(rc, &path)?;
        }
    }
    for key in ["planned_values", "values"] {
        if let Some(values) = root.get(key) {
            values_tree(values, &format!("$.{key}"))?;
        }
    }
    for key in ["configuration", "variables"] {
        if let Some(v) = root.get(key) {
            if !v.is_object() {
                return Err((
                    format!("$.{key}"),
                    format!("expected an object, found {}", kind(v)),
                ));
            }
        }
    }
    Ok(())
}

fn resource_change(rc: &Value, path: &str) -> Result<(), Problem> {
    let obj = object(rc, path)?;
    for key in ["address", "type"] {
        required_string(obj, key, path)?;
    }
    if let Some(mode) = obj.get("mode") {
        if !mode.is_string() {
            return Err((
                format!("{path}.mode"),
                format!("expected a string, found {}", kind(mode)),
            ));
        }
    }
    let change_path = format!("{path}.change");
    let Some(change) = obj.get("change") else {
        return Err((change_path, "missing".into()));
    };
    let change = object(change, &change_path)?;
    let actions_path = format!("{change_path}.actions");
    let Some(actions) = change.get("actions") else {
        return Err((actions_path, "missing".into()));
    };
    let actions = array(actions, &actions_path)?;
    for (i, a) in actions.iter().enumerate() {
        if !a.is_string() {
            return Err((
                format!("{actions_path}[{i}]"),
                format!("expected a string, found {}", kind(a)),
            ));
        }
    }
    Ok(())
}

fn values_tree(values: &Value, path: &str) -> Result<(), Problem> {
    let obj = object(values, path)?;
    match obj.get("root_module") {
        None | Some(Value::Null) => Ok(()),
        Some(root) => module(root, &format!("{path}.root_module")),
    }
}

fn module(m: &Value, path: &str) -> Result<(), Problem> {
    let obj = object(m, path)?;
    if let Some(resources) = obj.get("resources") {
        let rpath = format!("{path}.resources");
        for (i, r) in array(resources, &rpath)?.iter().enumerate() {
            let p = format!("{rpath}[{i}]");
            let robj = object(r, &p)?;
            for key in ["address", "type"] {
                required_string(robj, key, &p)?;
            }
            if let Some(v) = robj.get("values") {
                if !(v.is_object() || v.is_null()) {
                    return Err((
                        format!("{p}.values"),
                        format!("expected an object, found {}", kind(v)),
                    ));
                }
            }
        }
    }
    if let Some(children) = obj.get("child_modules") {
        let cpath = format!("{path}.child_modules");
        for (i, c) in array(children, &cpath)?.iter().enumerate() {
            module(c, &format!("{cpath}[{i}]"))?;
        }
    }
    Ok(())
}

fn required_string(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<(), Problem> {
    match obj.get(key) {
        Some(Value::String(_)) => Ok(()),
        Some(v) => Err((
            format!("{path}.{key}"),
            format!("expected a string, found {}", kind(v)),
        )),
        None => Err((format!("{path}.{key}"), "missing".into())),
    }
}

fn object<'v>(v: &'v Value, path: &str) -> Result<&'v serde_json::Map<String, Value>, Problem> {
    v.as_object().ok_or_else(|| {
        (
            path.to_owned(),
            format!("expected an object, found {}", kind(v)),
        )
    })
}

fn array<'v>(v: &'v Value, path: &str) -> Result<&'v Vec<Value>, Problem> {
    v.as_array().ok_or_else(|| {
        (
            path.to_owned(),
            format!("expected an array, found {}", kind(v)),
        )
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
