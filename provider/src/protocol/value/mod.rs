//! Terraform values and the `DynamicValue` codec.
//!
//! A [`Value`] is an untyped tree; a [`Type`] (from the schema) says how to
//! read and write it. [`msgpack`] is what Terraform sends and expects in
//! `DynamicValue.msgpack`; [`json`] reads `DynamicValue.json` and the
//! `RawState.json` of stored state.
//!
//! # Wire facts this relies on (cty's encodings, which Terraform and
//! terraform-plugin-go both implement)
//!
//! **msgpack** (cty `msgpack` package):
//! * null is `nil` (`c0`) at any type.
//! * unknown is any msgpack extension value. cty writes a wholly unknown
//!   value as fixext1, type 0, data 0: `d4 00 00`; Terraform ≥ 1.6 writes a
//!   *refined* unknown (known not-null, string prefix, number or length
//!   bounds) as extension type 12 whose payload is a msgpack map. Decoding
//!   accepts any extension of length ≤ 1, and type 12 of any length up to
//!   1 KiB (cty refuses other long extensions, and larger refinements);
//!   refinements are dropped, so every unknown is re-encoded as `d4 00 00`.
//! * bool is `c2`/`c3`; string is a msgpack str (bin also accepted).
//! * number: an integer when the value is exactly an `int64` (compact
//!   encoding, so `300` is `cd 01 2c`), else a float64 (`cb …`) when it is
//!   exactly one (±∞ included), else the decimal text as a str. Decoding
//!   accepts every int/uint width, float32/float64, and str/bin text. See
//!   [`Number`] for how the exact value is kept.
//! * list, set, tuple: an array; map: a map keyed by str; object: a map
//!   keyed by attribute name holding every attribute of the type, in sorted
//!   order. Decoding refuses unknown and missing attributes, as cty does.
//! * a value whose schema type is `dynamic` is the 2-array
//!   `[<type JSON>, <value encoded against that type>]`, the type JSON as
//!   msgpack bin (str accepted); a null or wholly unknown dynamic value is
//!   plain `nil` / extension with no wrapper.
//!
//! **JSON** (cty `json` package; `RawState.json`):
//! * values are plain JSON against the type; `null` is null; there are no
//!   unknowns (encoding one is an error).
//! * an object lacking an attribute reads it as null; an attribute the type
//!   lacks is an error ([`json::decode`]) or dropped
//!   ([`json::decode_lenient`], for state written by an older schema).
//! * primitives are converted as cty does: a number or bool where a string
//!   is expected reads as its text, a string where a number or bool is
//!   expected is parsed.
//! * a dynamic value is `{"value": <value>, "type": <type JSON>}`.
//! * numbers are written as exact decimal text, so big and precise values
//!   survive.
//!
//! # What the untyped tree loses
//!
//! A [`Value`] does not carry its type, so a value written where the schema
//! says `dynamic` gets the type it implies: `Object` → object, `Map` → map,
//! `List` → list of the elements' common type (nulls and unknowns yield to
//! it; an empty list is `list(dynamic)`). A null or unknown of a concrete
//! type inside a dynamic value is written as a null/unknown of `dynamic`.
//! Set elements keep their wire order and are not de-duplicated; Terraform
//! treats them as a set.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Index;

pub mod json;
pub mod msgpack;
mod number;
mod path;
pub mod types;

#[cfg(test)]
mod tests;

pub use number::{InvalidNumber, Number};
pub use path::{AttributePath, Step};
pub use types::Type;

/// Values nested deeper than this are refused by both codecs, so hostile
/// input cannot exhaust the stack (serde_json's limit too). Terraform
/// schemas nest a handful of levels.
pub(crate) const MAX_DEPTH: usize = 128;

/// A Terraform value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    #[default]
    Null,
    /// Not known until apply.
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    /// Elements in wire order; Terraform treats them as a set.
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// Attribute name → value. The codecs write every attribute of the
    /// type, taking a missing one as null.
    Object(BTreeMap<String, Value>),
    Tuple(Vec<Value>),
}

static NULL: Value = Value::Null;

impl Value {
    /// An object value from attribute pairs.
    pub fn object<K: Into<String>>(attributes: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(attributes.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A map value from key/value pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        Value::List(items.into_iter().collect())
    }

    pub fn set(items: impl IntoIterator<Item = Value>) -> Value {
        Value::Set(items.into_iter().collect())
    }

    /// An object's attribute or a map's element; `None` for anything else
    /// or a missing name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(m) | Value::Map(m) => m.get(name),
            _ => None,
        }
    }

    /// The part of this value at `path`, if there is one.
    pub fn get_path(&self, path: &AttributePath) -> Option<&Value> {
        path.steps()
            .iter()
            .try_fold(self, |v, step| match (step, v) {
                (
                    Step::Attribute(name) | Step::ElementKeyString(name),
                    Value::Object(m) | Value::Map(m),
                ) => m.get(name),
                (
                    Step::ElementKeyInt(i),
                    Value::List(items) | Value::Set(items) | Value::Tuple(items),
                ) => usize::try_from(*i).ok().and_then(|i| items.get(i)),
                _ => None,
            })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `i64`, when it is a whole number in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The elements of a list, set or tuple.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of a map or the attributes of an object.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this value itself is unknown (see [`Value::is_known`] for
    /// the deep check).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// Whether the value is wholly known: no unknown anywhere inside it.
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
                items.iter().all(Value::is_known)
            }
            Value::Map(m) | Value::Object(m) => m.values().all(Value::is_known),
            _ => true,
        }
    }

    /// The kind of value, for messages: `null`, `unknown`, `bool`,
    /// `number`, `string`, `list`, `set`, `map`, `object`, `tuple`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
            Value::Tuple(_) => "tuple",
        }
    }
}

/// `value["name"]`: an attribute or map element, null when absent.
impl Index<&str> for Value {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

/// `value[i]`: a list, set or tuple element, null when absent.
impl Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_list()
            .and_then(|items| items.get(i))
            .unwrap_or(&NULL)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Number(Number::from(i))
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Number(Number::from(i))
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Number(Number::from(i))
    }
}

impl From<u64> for Value {
    fn from(i: u64) -> Value {
        Value::Number(Number::from(i))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

/// `None` is null.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// A value that does not fit its type, or bytes that are not a value of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CodecError {
    /// Where in the value the problem is (empty: the value itself).
    pub path: AttributePath,
    /// What was expected and what was found.
    pub message: String,
}

impl CodecError {
    pub(crate) fn new(path: &AttributePath, message: impl Into<String>) -> CodecError {
        CodecError {
            path: path.clone(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}
