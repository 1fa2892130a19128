//! The attribute tree the engine compares.
//!
//! `Val` borrows strings from the input buffer where it can, keeps objects as
//! key-sorted vectors (small and cache-friendly for the few keys a Terraform
//! resource has), and carries two markers that plain JSON cannot express:
//! a value that is unknown until apply, and a value Terraform marked
//! sensitive. Neither marker is ever compared or printed.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One node of a resource's attribute tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    /// Object entries sorted by key.
    Map(Vec<(Cow<'a, str>, Val<'a>)>),
    /// Known only after apply (`after_unknown`).
    Unknown,
    /// Marked sensitive by Terraform (`after_sensitive`, `sensitive_values`).
    Sensitive,
}

impl<'a> Val<'a> {
    /// The entry `key` of a map, if this is a map holding it.
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        match self {
            Val::Map(entries) => entries
                .binary_search_by(|(k, _)| k.as_ref().cmp(key))
                .ok()
                .map(|i| &entries[i].1),
            _ => None,
        }
    }

    /// Mutable access to the entry `key`, inserting `Null` when absent.
    /// Turns a non-map into an empty map first.
    pub fn entry_mut(&mut self, key: &str) -> &mut Val<'a> {
        if !matches!(self, Val::Map(_)) {
            *self = Val::Map(Vec::new());
        }
        let Val::Map(entries) = self else {
            unreachable!("made a map above")
        };
        let i = match entries.binary_search_by(|(k, _)| k.as_ref().cmp(key)) {
            Ok(i) => i,
            Err(i) => {
                entries.insert(i, (Cow::Owned(key.to_owned()), Val::Null));
                i
            }
        };
        &mut entries[i].1
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Val<'a>]> {
        match self {
            Val::List(items) => Some(items),
            _ => None,
        }
    }

    /// Unknown or sensitive: present but not comparable.
    pub fn is_opaque(&self) -> bool {
        matches!(self, Val::Unknown | Val::Sensitive)
    }

    /// The first nested block of a Terraform "list of one block" attribute
    /// (`scaling_config[0]`), or the value itself when it is a map.
    pub fn block(&self) -> Option<&Val<'a>> {
        match self {
            Val::List(items) => items.first(),
            Val::Map(_) => Some(self),
            _ => None,
        }
    }

    /// Copies every borrowed string, detaching the tree from its input.
    pub fn into_owned(self) -> Val<'static> {
        match self {
            Val::Null => Val::Null,
            Val::Bool(b) => Val::Bool(b),
            Val::Num(n) => Val::Num(n),
            Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
            Val::List(items) => Val::List(items.into_iter().map(Val::into_owned).collect()),
            Val::Map(entries) => Val::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
            Val::Unknown => Val::Unknown,
            Val::Sensitive => Val::Sensitive,
        }
    }

    /// Builds a map from unsorted entries (later duplicates win).
    pub fn map_from(mut entries: Vec<(Cow<'a, str>, Val<'a>)>) -> Val<'a> {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        Val::Map(entries)
    }

    /// JSON for reports. Opaque values render as the strings
    /// `"(known after apply)"` and `"(sensitive)"`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Num(n) => num_to_json(*n),
            Val::Str(s) => J::String(s.to_string()),
            Val::List(items) => J::Array(items.iter().map(Val::to_json).collect()),
            Val::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
            Val::Unknown => J::String("(known after apply)".into()),
            Val::Sensitive => J::String("(sensitive)".into()),
        }
    }

    /// Converts from a `serde_json::Value` (used by tests and by callers that
    /// build snapshots from live inventory).
    pub fn from_json(v: &serde_json::Value) -> Val<'static> {
        use serde_json::Value as J;
        match v {
            J::Null => Val::Null,
            J::Bool(b) => Val::Bool(*b),
            J::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Val::Str(Cow::Owned(s.clone())),
            J::Array(items) => Val::List(items.iter().map(Val::from_json).collect()),
            J::Object(map) => Val::map_from(
                map.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Val::from_json(v)))
                    .collect(),
            ),
        }
    }
}

fn num_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for Val<'_> {
    /// Compact HCL-like rendering used in messages and diffs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Null => f.write_str("null"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Num(n) => write!(f, "{}", num_to_json(*n)),
            Val::Str(s) => write!(f, "{}", serde_json::Value::String(s.to_string())),
            Val::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Val::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
            Val::Unknown => f.write_str("(known after apply)"),
            Val::Sensitive => f.write_str("(sensitive)"),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Val<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValVisitor(std::marker::PhantomData))
    }
}

struct ValVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ValVisitor<'a> {
    type Value = Val<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Val<'a>, E> {
        Ok(Val::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Val<'a>, E> {
        Ok(Val::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Val<'a>, E> {
        Ok(Val::Num(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Val<'a>, E> {
        Ok(Val::Num(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Val<'a>, E> {
        Ok(Val::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Val<'a>, E> {
        Ok(Val::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Val<'a>, E> {
        Ok(Val::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Val<'a>, E> {
        Ok(Val::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Val<'a>, E> {
        Ok(Val::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Val<'a>, D::Error> {
        Val::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Val<'a>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Val::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Val<'a>, A::Error> {
        let mut entries: Vec<(Cow<'a, str>, Val<'a>)> = Vec::new();
        let mut sorted = true;
        while let Some(key) = map.next_key::<Cow<'a, str>>()? {
            let value = map.next_value()?;
            if let Some(last) = entries.last() {
                sorted &= last.0 < key;
            }
            entries.push((key, value));
        }
        Ok(if sorted {
            Val::Map(entries)
        } else {
            Val::map_from(entries)
        })
    }
}

/// Flattens a tree into `(path, leaf)` pairs in order, with paths written
/// the way Terraform writes them: `scaling_config[0].desired_size`,
/// `tags.Name`. Empty lists and maps are leaves.
pub fn flatten<'v, 'a>(val: &'v Val<'a>, out: &mut Vec<(String, &'v Val<'a>)>) {
    fn walk<'v, 'a>(val: &'v Val<'a>, path: &mut String, out: &mut Vec<(String, &'v Val<'a>)>) {
        match val {
            Val::List(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path, out);
                    path.truncate(len);
                }
            }
            Val::Map(entries) if !entries.is_empty() => {
                for (k, v) in entries {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    push_key(path, k);
                    walk(v, path, out);
                    path.truncate(len);
                }
            }
            _ => out.push((path.clone(), val)),
        }
    }
    let mut path = String::new();
    walk(val, &mut path, out);
}

/// `prefix` + map key, in the path notation of [`flatten`] (`tags.Owner`,
/// `tags["kubernetes.io/role"]`).
pub fn key_path(prefix: &str, key: &str) -> String {
    let mut path = prefix.to_owned();
    if !path.is_empty() {
        path.push('.');
    }
    push_key(&mut path, key);
    path
}

/// Appends a map key to a path, quoting keys that are not plain identifiers
/// (`tags["kubernetes.io/role"]`).
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        path.push_str(key);
    } else {
        if path.ends_with('.') {
            path.pop();
        }
        path.push('[');
        path.push_str(&serde_json::Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Val<'_> {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn borrows_plain_strings_and_sorts_keys() {
        let v = parse(r#"{"b":"x","a":[1,2.5,null,true]}"#);
        let Val::Map(entries) = &v else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0, "a");
        assert!(matches!(v.get("b"), Some(Val::Str(Cow::Borrowed("x")))));
    }

    #[test]
    fn flatten_writes_terraform_paths() {
        let v = parse(r#"{"tags":{"Name":"x","kubernetes.io/role":"y"},"sc":[{"d":1}],"e":[]}"#);
        let mut out = Vec::new();
        flatten(&v, &mut out);
        let paths: Vec<_> = out.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec!["e", "sc[0].d", "tags.Name", "tags[\"kubernetes.io/role\"]"]
        );
    }

    #[test]
    fn entry_mut_inserts_sorted() {
        let mut v = parse(r#"{"a":1,"c":3}"#);
        *v.entry_mut("b") = Val::Unknown;
        assert_eq!(
            v.to_json().to_string(),
            r#"{"a":1,"b":"(known after apply)","c":3}"#
        );
    }

    #[test]
    fn display_is_compact() {
        let v = parse(r#"{"a":[1,"x"],"b":null}"#);
        assert_eq!(v.to_string(), r#"{a = [1, "x"], b = null}"#);
    }
}
