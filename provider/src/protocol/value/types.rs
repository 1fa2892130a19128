//! Terraform (cty) types and their JSON encoding, the bytes that
//! `Schema.Attribute.type` carries and that name a dynamic value's type.
//!
//! The JSON encoding: `"bool"`, `"number"`, `"string"`, `"dynamic"`;
//! `["list",T]`, `["set",T]`, `["map",T]`; `["object",{"name":T,…}]`
//! (attributes in sorted order; a third element listing optional
//! attributes, which only type constraints carry, is accepted and
//! ignored); `["tuple",[T,…]]`.

use std::collections::BTreeMap;
use std::fmt;

use super::json::{self, Json};
use super::{AttributePath, CodecError, Step, Value};

/// A Terraform type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Number,
    String,
    /// Any type; a value of it carries its real type with it.
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
    Tuple(Vec<Type>),
}

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    pub fn object<K: Into<String>>(attributes: impl IntoIterator<Item = (K, Type)>) -> Type {
        Type::Object(attributes.into_iter().map(|(k, t)| (k.into(), t)).collect())
    }

    /// The cty JSON encoding of this type (`Schema.Attribute.type` is its
    /// bytes).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Reads the cty JSON encoding of a type.
    pub fn from_json(bytes: &[u8]) -> Result<Type, CodecError> {
        let tree = json::parse(bytes)?;
        from_json_tree(&tree).map_err(|message| CodecError::new(&AttributePath::root(), message))
    }

    /// A short name for messages, as cty words it: `string`, `list of
    /// string`, `object`, `tuple`, `dynamic`.
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Bool => "bool".to_owned(),
            Type::Number => "number".to_owned(),
            Type::String => "string".to_owned(),
            Type::Dynamic => "dynamic".to_owned(),
            Type::List(e) => format!("list of {}", e.friendly_name()),
            Type::Set(e) => format!("set of {}", e.friendly_name()),
            Type::Map(e) => format!("map of {}", e.friendly_name()),
            Type::Object(_) => "object".to_owned(),
            Type::Tuple(_) => "tuple".to_owned(),
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Type::Bool => out.push_str("\"bool\""),
            Type::Number => out.push_str("\"number\""),
            Type::String => out.push_str("\"string\""),
            Type::Dynamic => out.push_str("\"dynamic\""),
            Type::List(e) | Type::Set(e) | Type::Map(e) => {
                out.push_str(match self {
                    Type::List(_) => "[\"list\",",
                    Type::Set(_) => "[\"set\",",
                    _ => "[\"map\",",
                });
                e.write_json(out);
                out.push(']');
            }
            Type::Object(attributes) => {
                out.push_str("[\"object\",{");
                for (i, (name, t)) in attributes.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::write_string(out, name);
                    out.push(':');
                    t.write_json(out);
                }
                out.push_str("}]");
            }
            Type::Tuple(elements) => {
                out.push_str("[\"tuple\",[");
                for (i, t) in elements.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    t.write_json(out);
                }
                out.push_str("]]");
            }
        }
    }
}

impl fmt::Display for Type {
    /// Terraform's type constraint notation: `list(string)`,
    /// `object({a=number})`, `tuple([string, bool])`; `dynamic` for the
    /// dynamic pseudo-type.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Number => f.write_str("number"),
            Type::String => f.write_str("string"),
            Type::Dynamic => f.write_str("dynamic"),
            Type::List(e) => write!(f, "list({e})"),
            Type::Set(e) => write!(f, "set({e})"),
            Type::Map(e) => write!(f, "map({e})"),
            Type::Object(attributes) => {
                f.write_str("object({")?;
                for (i, (name, t)) in attributes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}={t}")?;
                }
                f.write_str("})")
            }
            Type::Tuple(elements) => {
                f.write_str("tuple([")?;
                for (i, t) in elements.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
        }
    }
}

/// A type from parsed JSON; the error says what is wrong.
pub(super) fn from_json_tree(tree: &Json) -> Result<Type, String> {
    match tree {
        Json::String(name) => match name.as_str() {
            "bool" => Ok(Type::Bool),
            "number" => Ok(Type::Number),
            "string" => Ok(Type::String),
            "dynamic" => Ok(Type::Dynamic),
            other => Err(format!("invalid type: unknown primitive type {other:?}")),
        },
        Json::Array(items) => {
            let Some(Json::String(kind)) = items.first() else {
                return Err("invalid type: a complex type is [\"<kind>\", …]".to_owned());
            };
            let arity_ok = match kind.as_str() {
                "object" => items.len() == 2 || items.len() == 3,
                _ => items.len() == 2,
            };
            if !arity_ok {
                return Err(format!(
                    "invalid type: wrong number of elements in a {kind} type"
                ));
            }
            let spec = &items[1];
            match kind.as_str() {
                "list" => Ok(Type::List(Box::new(from_json_tree(spec)?))),
                "set" => Ok(Type::Set(Box::new(from_json_tree(spec)?))),
                "map" => Ok(Type::Map(Box::new(from_json_tree(spec)?))),
                "object" => {
                    let Json::Object(members) = spec else {
                        return Err(
                            "invalid type: object attributes must be a JSON object".to_owned()
                        );
                    };
                    let mut attributes = BTreeMap::new();
                    for (name, t) in members {
                        if attributes
                            .insert(name.clone(), from_json_tree(t)?)
                            .is_some()
                        {
                            return Err(format!(
                                "invalid type: duplicate object attribute {name:?}"
                            ));
                        }
                    }
                    // The optional third element names optional attributes
                    // of a type constraint; a value type has none to keep.
                    if let Some(optional) = items.get(2) {
                        let names_ok = matches!(optional, Json::Array(names)
                            if names.iter().all(|n| matches!(n, Json::String(s) if attributes.contains_key(s))));
                        if !names_ok {
                            return Err("invalid type: optional attributes must be a list of attribute names".to_owned());
                        }
                    }
                    Ok(Type::Object(attributes))
                }
                "tuple" => {
                    let Json::Array(elements) = spec else {
                        return Err("invalid type: tuple elements must be a JSON array".to_owned());
                    };
                    elements
                        .iter()
                        .map(from_json_tree)
                        .collect::<Result<_, _>>()
                        .map(Type::Tuple)
                }
                other => Err(format!("invalid type: unknown type kind {other:?}")),
            }
        }
        _ => Err("invalid type: expected a type name or [\"<kind>\", …]".to_owned()),
    }
}

/// The type a value implies, for writing it where the schema says
/// `dynamic` (the wire then carries the type). Nulls and unknowns imply
/// `dynamic`; a collection's element type is the common type of its
/// elements, where `dynamic` yields to any other type.
pub(super) fn implied_type(value: &Value, path: &mut AttributePath) -> Result<Type, CodecError> {
    Ok(match value {
        Value::Null | Value::Unknown => Type::Dynamic,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(items) => Type::List(Box::new(common_type(indexed(items), path)?)),
        Value::Set(items) => Type::Set(Box::new(common_type(indexed(items), path)?)),
        Value::Map(items) => {
            let keyed = items
                .iter()
                .map(|(k, v)| (Step::ElementKeyString(k.clone()), v));
            Type::Map(Box::new(common_type(keyed, path)?))
        }
        Value::Tuple(items) => {
            let mut elements = Vec::with_capacity(items.len());
            for (step, item) in indexed(items) {
                path.push(step);
                elements.push(implied_type(item, path)?);
                path.pop();
            }
            Type::Tuple(elements)
        }
        Value::Object(attributes) => {
            let mut types = BTreeMap::new();
            for (name, item) in attributes {
                path.push(Step::Attribute(name.clone()));
                types.insert(name.clone(), implied_type(item, path)?);
                path.pop();
            }
            Type::Object(types)
        }
    })
}

fn indexed(items: &[Value]) -> impl Iterator<Item = (Step, &Value)> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| (Step::ElementKeyInt(i as i64), v))
}

/// The element type of a collection: the common implied type of its
/// elements (`dynamic` when it is empty or holds only nulls/unknowns).
fn common_type<'a>(
    items: impl IntoIterator<Item = (Step, &'a Value)>,
    path: &mut AttributePath,
) -> Result<Type, CodecError> {
    let mut element = Type::Dynamic;
    for (step, item) in items {
        path.push(step);
        let t = implied_type(item, path)?;
        element = unify(&element, &t).ok_or_else(|| {
            CodecError::new(
                path,
                format!(
                    "elements of a collection must have one type; found {} after {}",
                    t.friendly_name(),
                    element.friendly_name()
                ),
            )
        })?;
        path.pop();
    }
    Ok(element)
}

/// The most specific type both conform to, where `dynamic` (from nulls
/// and unknowns) yields to anything.
fn unify(a: &Type, b: &Type) -> Option<Type> {
    Some(match (a, b) {
        (Type::Dynamic, t) | (t, Type::Dynamic) => t.clone(),
        (Type::List(x), Type::List(y)) => Type::List(Box::new(unify(x, y)?)),
        (Type::Set(x), Type::Set(y)) => Type::Set(Box::new(unify(x, y)?)),
        (Type::Map(x), Type::Map(y)) => Type::Map(Box::new(unify(x, y)?)),
        (Type::Object(x), Type::Object(y)) => {
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return None;
            }
            let mut attributes = BTreeMap::new();
            for ((name, tx), ty) in x.iter().zip(y.values()) {
                attributes.insert(name.clone(), unify(tx, ty)?);
            }
            Type::Object(attributes)
        }
        (Type::Tuple(x), Type::Tuple(y)) if x.len() == y.len() => Type::Tuple(
            x.iter()
                .zip(y)
                .map(|(tx, ty)| unify(tx, ty))
                .collect::<Option<_>>()?,
        ),
        (x, y) if x == y => x.clone(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_encoding_matches_cty() {
        let cases: Vec<(Type, &str)> = vec![
            (Type::String, r#""string""#),
            (Type::Dynamic, r#""dynamic""#),
            (Type::list(Type::String), r#"["list","string"]"#),
            (Type::set(Type::Bool), r#"["set","bool"]"#),
            (Type::map(Type::Number), r#"["map","number"]"#),
            (
                Type::object([("b", Type::String), ("a", Type::Number)]),
                r#"["object",{"a":"number","b":"string"}]"#,
            ),
            (
                Type::Tuple(vec![Type::String, Type::list(Type::Dynamic)]),
                r#"["tuple",["string",["list","dynamic"]]]"#,
            ),
            (Type::Object(BTreeMap::new()), r#"["object",{}]"#),
        ];
        for (t, text) in cases {
            assert_eq!(t.to_json(), text);
            assert_eq!(Type::from_json(text.as_bytes()).unwrap(), t);
        }
    }

    #[test]
    fn accepts_optional_attribute_lists_and_whitespace() {
        let t = Type::from_json(br#" [ "object" , { "a" : "string" , "b":"number" } , ["b"] ] "#)
            .unwrap();
        assert_eq!(t, Type::object([("a", Type::String), ("b", Type::Number)]));
    }

    #[test]
    fn rejects_bad_types() {
        for text in [
            r#""strin""#,
            r#"["list"]"#,
            r#"["list","string","x"]"#,
            r#"["object",["a"]]"#,
            r#"["object",{"a":"string","a":"number"}]"#,
            r#"["object",{"a":"string"},["z"]]"#,
            r#"["tuple","string"]"#,
            r#"["thing","string"]"#,
            r#"42"#,
            r#""string" x"#,
            "",
        ] {
            assert!(Type::from_json(text.as_bytes()).is_err(), "{text}");
        }
    }

    #[test]
    fn display_and_friendly_names() {
        let t = Type::object([
            ("a", Type::list(Type::String)),
            ("b", Type::Tuple(vec![Type::Bool, Type::Number])),
        ]);
        assert_eq!(
            t.to_string(),
            "object({a=list(string), b=tuple([bool, number])})"
        );
        assert_eq!(
            Type::map(Type::set(Type::String)).friendly_name(),
            "map of set of string"
        );
    }

    #[test]
    fn implied_types_unify_nulls_and_unknowns() {
        let v = Value::List(vec![
            Value::object([("a", Value::Null), ("b", Value::from(1))]),
            Value::object([("a", Value::from("x")), ("b", Value::Unknown)]),
        ]);
        let t = implied_type(&v, &mut AttributePath::root()).unwrap();
        assert_eq!(
            t,
            Type::list(Type::object([("a", Type::String), ("b", Type::Number)]))
        );
        let mixed = Value::Map(
            [
                ("k".to_owned(), Value::from(1)),
                ("l".to_owned(), Value::from("x")),
            ]
            .into(),
        );
        let err = implied_type(&mixed, &mut AttributePath::root()).unwrap_err();
        assert_eq!(err.path, AttributePath::root().key("l"));
    }
}
