//! Reading `terraform show -json` plan and state documents.
//!
//! Only what the rules need is materialized: each managed resource's
//! after-apply values with their unknown and sensitive markers, and the
//! `configuration` (for pairing and provider regions). `before`,
//! `prior_state` and everything else are skipped by the parser without
//! being built; `planned_values` and state `values` are kept as raw slices
//! and parsed only when a document has no `resource_changes`.

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::plan::shape;
use crate::plan::PlanError;
use crate::value::Val;

/// A managed resource as it will be after apply.
#[derive(Debug, Clone, PartialEq)]
pub struct DocResource<'a> {
    pub address: Cow<'a, str>,
    pub rtype: Cow<'a, str>,
    pub values: Val<'a>,
}

/// What kind of document it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Plan,
    State,
}

/// A parsed plan or state.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    pub kind: DocKind,
    pub format_version: Option<String>,
    pub terraform_version: Option<String>,
    pub resources: Vec<DocResource<'a>>,
    /// The `configuration` object, `Null` when absent.
    pub configuration: Val<'a>,
    /// The `variables` object (`{"region": {"value": ...}}`), `Null` when absent.
    pub variables: Val<'a>,
}

#[derive(Deserialize)]
struct RawDoc<'a> {
    #[serde(borrow)]
    format_version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    terraform_version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resource_changes: Option<Vec<RawChange<'a>>>,
    #[serde(borrow)]
    planned_values: Option<&'a RawValue>,
    #[serde(borrow)]
    values: Option<&'a RawValue>,
    #[serde(borrow)]
    configuration: Option<&'a RawValue>,
    #[serde(borrow)]
    variables: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawChange<'a> {
    #[serde(borrow)]
    address: Cow<'a, str>,
    #[serde(borrow, default)]
    mode: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    rtype: Cow<'a, str>,
    deposed: Option<IgnoredAny>,
    #[serde(borrow)]
    change: RawChangeBody<'a>,
}

#[derive(Deserialize)]
struct RawChangeBody<'a> {
    #[serde(borrow)]
    actions: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    after: Option<Val<'a>>,
    #[serde(borrow)]
    after_unknown: Option<Val<'a>>,
    #[serde(borrow)]
    after_sensitive: Option<Val<'a>>,
}

#[derive(Deserialize)]
struct RawValues<'a> {
    #[serde(borrow)]
    root_module: Option<RawModule<'a>>,
}

#[derive(Deserialize)]
struct RawModule<'a> {
    #[serde(borrow, default)]
    resources: Vec<RawStateResource<'a>>,
    #[serde(borrow, default)]
    child_modules: Vec<RawModule<'a>>,
}

#[derive(Deserialize)]
struct RawStateResource<'a> {
    #[serde(borrow)]
    address: Cow<'a, str>,
    #[serde(borrow, default)]
    mode: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    rtype: Cow<'a, str>,
    deposed_key: Option<IgnoredAny>,
    #[serde(borrow)]
    values: Option<Val<'a>>,
    #[serde(borrow)]
    sensitive_values: Option<Val<'a>>,
}

impl<'a> Document<'a> {
    /// Parses a document held in `bytes`; strings are borrowed from it.
    pub fn parse(bytes: &'a [u8]) -> Result<Document<'a>, PlanError> {
        let raw: RawDoc<'a> = serde_json::from_slice(bytes).map_err(|e| describe(bytes, e))?;
        if raw.format_version.is_none()
            && raw.resource_changes.is_none()
            && raw.planned_values.is_none()
            && raw.values.is_none()
        {
            return Err(PlanError::NotAPlan);
        }
        let configuration = parse_raw(raw.configuration, "$.configuration", bytes)?;
        let variables = parse_raw(raw.variables, "$.variables", bytes)?;
        let (kind, resources) = if let Some(changes) = raw.resource_changes {
            (DocKind::Plan, from_changes(changes))
        } else if let Some(pv) = raw.planned_values {
            (DocKind::Plan, from_values(pv, "$.planned_values", bytes)?)
        } else if let Some(values) = raw.values {
            (DocKind::State, from_values(values, "$.values", bytes)?)
        } else {
            (DocKind::State, Vec::new())
        };
        Ok(Document {
            kind,
            format_version: raw.format_version.map(Cow::into_owned),
            terraform_version: raw.terraform_version.map(Cow::into_owned),
            resources,
            configuration,
            variables,
        })
    }
}

/// Turns a serde error into one message: syntax errors keep serde's line
/// and column; shape errors are re-diagnosed on a generic tree to name the
/// JSON path.
fn describe(bytes: &[u8], e: serde_json::Error) -> PlanError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => PlanError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        },
        Category::Data => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(tree) => match shape::first_problem(&tree) {
                Some((path, message)) => PlanError::Shape { path, message },
                None => PlanError::Shape {
                    path: "$".into(),
                    message: strip_position(&e.to_string()),
                },
            },
            Err(e) => PlanError::Syntax {
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            },
        },
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn parse_raw<'a>(
    raw: Option<&'a RawValue>,
    path: &str,
    bytes: &[u8],
) -> Result<Val<'a>, PlanError> {
    match raw {
        None => Ok(Val::Null),
        Some(raw) => serde_json::from_str(raw.get()).map_err(|_| shape_error(bytes, path)),
    }
}

fn shape_error(bytes: &[u8], fallback_path: &str) -> PlanError {
    let tree = serde_json::from_slice::<serde_json::Value>(bytes).ok();
    match tree.as_ref().and_then(shape::first_problem) {
        Some((path, message)) => PlanError::Shape { path, message },
        None => PlanError::Shape {
            path: fallback_path.to_owned(),
            message: "unexpected shape".into(),
        },
    }
}

fn from_changes(changes: Vec<RawChange<'_>>) -> Vec<DocResource<'_>> {
    let mut out = Vec::with_capacity(changes.len());
    for rc in changes {
        if rc.deposed.is_some() || rc.mode.as_deref().is_some_and(|m| m != "managed") {
            continue;
        }
        let gone = rc
            .change
            .actions
            .iter()
            .all(|a| a == "delete" || a == "forget");
        if gone && !rc.change.actions.is_empty() {
            continue;
        }
        let mut values = rc.change.after.unwrap_or(Val::Null);
        if let Some(unknown) = &rc.change.after_unknown {
            mark(&mut values, unknown, &Val::Unknown);
        }
        if let Some(sensitive) = &rc.change.after_sensitive {
            mark(&mut values, sensitive, &Val::Sensitive);
        }
        if matches!(values, Val::Null) {
            continue;
        }
        out.push(DocResource {
            address: rc.address,
            rtype: rc.rtype,
            values,
        });
    }
    out
}

fn from_values<'a>(
    raw: &'a RawValue,
    path: &str,
    bytes: &[u8],
) -> Result<Vec<DocResource<'a>>, PlanError> {
    let values: RawValues<'a> =
        serde_json::from_str(raw.get()).map_err(|_| shape_error(bytes, path))?;
    let mut out = Vec::new();
    if let Some(root) = values.root_module {
        collect(root, &mut out);
    }
    Ok(out)
}

fn collect<'a>(module: RawModule<'a>, out: &mut Vec<DocResource<'a>>) {
    for r in module.resources {
        if r.deposed_key.is_some() || r.mode.as_deref().is_some_and(|m| m != "managed") {
            continue;
        }
        let mut values = r.values.unwrap_or(Val::Null);
        if let Some(sensitive) = &r.sensitive_values {
            mark(&mut values, sensitive, &Val::Sensitive);
        }
        out.push(DocResource {
            address: r.address,
            rtype: r.rtype,
            values,
        });
    }
    for child in module.child_modules {
        collect(child, out);
    }
}

/// Applies an `after_unknown`/`after_sensitive`-style mirror tree: `true`
/// replaces the value (or subtree) with `marker`; maps and lists recurse.
pub(crate) fn mark<'a>(value: &mut Val<'a>, marks: &Val<'_>, marker: &Val<'static>) {
    match marks {
        Val::Bool(true) => *value = marker.clone(),
        Val::Map(entries) => {
            for (key, sub) in entries {
                if !has_true(sub) {
                    continue;
                }
                if !matches!(value, Val::Map(_)) && !matches!(value, Val::Null) {
                    continue;
                }
                mark(value.entry_mut(key), sub, marker);
            }
        }
        Val::List(items) => {
            if matches!(value, Val::Null) && items.iter().any(has_true) {
                *value = Val::List(Vec::new());
            }
            if let Val::List(values) = value {
                for (i, sub) in items.iter().enumerate() {
                    if !has_true(sub) {
                        continue;
                    }
                    while values.len() <= i {
                        values.push(Val::Null);
                    }
                    mark(&mut values[i], sub, marker);
                }
            }
        }
        _ => {}
    }
}

fn has_true(marks: &Val<'_>) -> bool {
    match marks {
        Val::Bool(b) => *b,
        Val::Map(entries) => entries.iter().any(|(_, v)| has_true(v)),
        Val::List(items) => items.iter().any(has_true),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_resources_carry_markers() {
        let doc = br#"{"format_version":"1.2","resource_changes":[
          {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main",
           "change":{"actions":["create"],"before":{"x":1},"after":{"cidr_block":"10.0.0.0/16","tags":{"A":"b"}},
                     "after_unknown":{"id":true,"tags":{}},"after_sensitive":{"secret":true}}},
          {"address":"data.aws_ami.x","mode":"data","type":"aws_ami","change":{"actions":["read"],"after":{}}},
          {"address":"aws_instance.old","mode":"managed","type":"aws_instance","change":{"actions":["delete"],"after":null}},
          {"address":"aws_instance.new","mode":"managed","type":"aws_instance","change":{"actions":["create"],"after":null,"after_unknown":{"ami":true}}}
        ]}"#;
        let d = Document::parse(doc).unwrap();
        assert_eq!(d.kind, DocKind::Plan);
        assert_eq!(d.resources.len(), 2);
        let vpc = &d.resources[0].values;
        assert_eq!(vpc.get("id"), Some(&Val::Unknown));
        assert_eq!(vpc.get("secret"), Some(&Val::Sensitive));
        assert_eq!(
            vpc.get("cidr_block").and_then(Val::as_str),
            Some("10.0.0.0/16")
        );
        assert_eq!(d.resources[1].values.get("ami"), Some(&Val::Unknown));
    }

    #[test]
    fn states_walk_child_modules() {
        let doc = br#"{"format_version":"1.0","values":{"root_module":{"resources":[
            {"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","values":{"cidr_block":"10.0.0.0/16"},"sensitive_values":{}}],
          "child_modules":[{"address":"module.m","resources":[
            {"address":"module.m.aws_vpc.b","mode":"managed","type":"aws_vpc","values":{"p":"x"},"sensitive_values":{"p":true}}]}]}}}"#;
        let d = Document::parse(doc).unwrap();
        assert_eq!(d.kind, DocKind::State);
        assert_eq!(d.resources[1].address, "module.m.aws_vpc.b");
        assert_eq!(d.resources[1].values.get("p"), Some(&Val::Sensitive));
    }

    #[test]
    fn empty_state_is_a_document() {
        let d = Document::parse(br#"{"format_version":"1.0"}"#).unwrap();
        assert!(d.resources.is_empty());
    }

    #[test]
    fn errors_name_position_or_path() {
        let e = Document::parse(b"{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n")
            .unwrap_err();
        assert!(matches!(e, PlanError::Syntax { line: 4, .. }), "{e:?}");
        let e = Document::parse(
            br#"{"resource_changes":[{"address":"a.b","type":"t","change":{"actions":"create"}}]}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("$.resource_changes[0].change.actions"),
            "{e}"
        );
        assert!(matches!(
            Document::parse(b"[1,2]"),
            Err(PlanError::Shape { .. })
        ));
        assert!(matches!(
            Document::parse(br#"{"name":"x"}"#),
            Err(PlanError::NotAPlan)
        ));
    }

    #[test]
    fn unknown_inside_lists_extends_them() {
        let mut v: Val = serde_json::from_str(r#"{"l":[{"a":1}]}"#).unwrap();
        let marks: Val = serde_json::from_str(r#"{"l":[{"b":true},true]}"#).unwrap();
        mark(&mut v, &marks, &Val::Unknown);
        assert_eq!(
            v.to_json().to_string(),
            r#"{"l":[{"a":1,"b":"(known after apply)"},"(known after apply)"]}"#
        );
    }
}
