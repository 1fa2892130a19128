//! `DynamicValue.json` and `RawState.json`: cty's JSON encoding of a value
//! against its type. The wire facts are listed in the [parent
//! module](super).
//!
//! The JSON text is read by a small parser of its own so that numbers keep
//! their exact digits (`serde_json` without `arbitrary_precision` would
//! round them to f64).

use std::collections::BTreeMap;

use super::msgpack::article;
use super::number::Repr;
use super::types::{from_json_tree, implied_type};
use super::{AttributePath, CodecError, Number, Step, Type, Value, MAX_DEPTH};

/// Reads JSON `bytes` as a value of type `ty`. An object attribute the type
/// lacks is an error; one the JSON lacks is null.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let tree = parse(bytes)?;
    Converter::new(false).value(&tree, ty, &mut AttributePath::root())
}

/// Like [`decode`], but object attributes the type lacks are dropped: for
/// stored state written by an older schema (`UpgradeResourceState`).
pub fn decode_lenient(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let tree = parse(bytes)?;
    Converter::new(true).value(&tree, ty, &mut AttributePath::root())
}

/// Writes `v` as JSON of type `ty`. Unknown values and infinities have no
/// JSON form and are errors, as are values that do not fit the type.
pub fn encode(v: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let mut out = String::new();
    write_value(&mut out, v, ty, &mut AttributePath::root(), 0)?;
    Ok(out.into_bytes())
}

/// Parsed JSON, numbers as their source text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in source order, duplicates kept.
    Object(Vec<(String, Json)>),
}

impl Json {
    fn describe(&self) -> &'static str {
        match self {
            Json::Null => "JSON null",
            Json::Bool(_) => "JSON bool",
            Json::Number(_) => "JSON number",
            Json::String(_) => "JSON string",
            Json::Array(_) => "JSON array",
            Json::Object(_) => "JSON object",
        }
    }
}

struct Converter {
    lenient: bool,
    depth: usize,
}

impl Converter {
    fn new(lenient: bool) -> Converter {
        Converter { lenient, depth: 0 }
    }

    fn value(
        &mut self,
        json: &Json,
        ty: &Type,
        path: &mut AttributePath,
    ) -> Result<Value, CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(CodecError::new(
                path,
                format!("value nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        let result = self.value_inner(json, ty, path);
        self.depth -= 1;
        result
    }

    // One function per kind, so that a level of nesting costs only the
    // frames on its path.
    fn value_inner(
        &mut self,
        json: &Json,
        ty: &Type,
        path: &mut AttributePath,
    ) -> Result<Value, CodecError> {
        match (ty, json) {
            (_, Json::Null) => Ok(Value::Null),
            (Type::Dynamic, _) => self.dynamic(json, path),
            (Type::Bool | Type::Number | Type::String, _) => primitive(json, ty, path),
            (Type::List(element), Json::Array(items)) => {
                self.sequence(items, element, path).map(Value::List)
            }
            (Type::Set(element), Json::Array(items)) => {
                self.sequence(items, element, path).map(Value::Set)
            }
            (Type::Tuple(elements), Json::Array(items)) => self.tuple(items, elements, path),
            (Type::Map(element), Json::Object(members)) => self.map(members, element, path),
            (Type::Object(attributes), Json::Object(members)) => {
                self.object(members, attributes, path)
            }
            _ => Err(mismatch(json, ty, path)),
        }
    }

    fn sequence(
        &mut self,
        items: &[Json],
        element: &Type,
        path: &mut AttributePath,
    ) -> Result<Vec<Value>, CodecError> {
        let mut values = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            path.push(Step::ElementKeyInt(i as i64));
            values.push(self.value(item, element, path)?);
            path.pop();
        }
        Ok(values)
    }

    fn tuple(
        &mut self,
        items: &[Json],
        elements: &[Type],
        path: &mut AttributePath,
    ) -> Result<Value, CodecError> {
        if items.len() != elements.len() {
            return Err(CodecError::new(
                path,
                format!(
                    "expected a tuple of {} elements, found {}",
                    elements.len(),
                    items.len()
                ),
            ));
        }
        let mut values = Vec::with_capacity(items.len());
        for (i, (item, element)) in items.iter().zip(elements).enumerate() {
            path.push(Step::ElementKeyInt(i as i64));
            values.push(self.value(item, element, path)?);
            path.pop();
        }
        Ok(Value::Tuple(values))
    }

    fn map(
        &mut self,
        members: &[(String, Json)],
        element: &Type,
        path: &mut AttributePath,
    ) -> Result<Value, CodecError> {
        let mut entries = BTreeMap::new();
        for (key, item) in members {
            if entries.contains_key(key) {
                return Err(CodecError::new(path, format!("duplicate map key {key:?}")));
            }
            path.push(Step::ElementKeyString(key.clone()));
            let v = self.value(item, element, path)?;
            path.pop();
            entries.insert(key.clone(), v);
        }
        Ok(Value::Map(entries))
    }

    fn object(
        &mut self,
        members: &[(String, Json)],
        attributes: &BTreeMap<String, Type>,
        path: &mut AttributePath,
    ) -> Result<Value, CodecError> {
        let mut values = BTreeMap::new();
        for (name, item) in members {
            let Some(attribute_type) = attributes.get(name) else {
                if self.lenient {
                    continue;
                }
                return Err(CodecError::new(
                    path,
                    format!("unsupported attribute {name:?}"),
                ));
            };
            if values.contains_key(name) {
                return Err(CodecError::new(
                    path,
                    format!("duplicate attribute {name:?}"),
                ));
            }
            path.push(Step::Attribute(name.clone()));
            let v = self.value(item, attribute_type, path)?;
            path.pop();
            values.insert(name.clone(), v);
        }
        for name in attributes.keys() {
            values.entry(name.clone()).or_insert(Value::Null);
        }
        Ok(Value::Object(values))
    }

    /// `{"value": …, "type": …}` in either order.
    fn dynamic(&mut self, json: &Json, path: &mut AttributePath) -> Result<Value, CodecError> {
        let Json::Object(members) = json else {
            return Err(CodecError::new(
                path,
                format!(
                    "expected a dynamic value as {{\"value\", \"type\"}}, found {}",
                    json.describe()
                ),
            ));
        };
        let mut ty = None;
        let mut value = None;
        for (key, member) in members {
            let slot = match key.as_str() {
                "type" => &mut ty,
                "value" => &mut value,
                other => {
                    return Err(CodecError::new(
                        path,
                        format!("invalid key {other:?} in a dynamic value"),
                    ))
                }
            };
            if slot.replace(member).is_some() {
                return Err(CodecError::new(
                    path,
                    format!("duplicate key {key:?} in a dynamic value"),
                ));
            }
        }
        let ty = ty.ok_or_else(|| CodecError::new(path, "dynamic value has no \"type\""))?;
        let value = value.ok_or_else(|| CodecError::new(path, "dynamic value has no \"value\""))?;
        let ty = from_json_tree(ty)
            .map_err(|message| CodecError::new(path, format!("dynamic value has an {message}")))?;
        self.value(value, &ty, path)
    }
}

fn mismatch(json: &Json, ty: &Type, path: &AttributePath) -> CodecError {
    CodecError::new(
        path,
        format!("expected {}, found {}", ty.friendly_name(), json.describe()),
    )
}

/// A bool, number or string, converting between them as cty does.
fn primitive(json: &Json, ty: &Type, path: &AttributePath) -> Result<Value, CodecError> {
    Ok(match (ty, json) {
        (Type::Bool, Json::Bool(b)) => Value::Bool(*b),
        (Type::Bool, Json::String(s)) => match s.as_str() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => {
                return Err(CodecError::new(
                    path,
                    format!("expected bool, found the string {s:?}"),
                ))
            }
        },
        (Type::Number, Json::Number(text) | Json::String(text)) => Value::Number(
            text.parse::<Number>()
                .map_err(|e| CodecError::new(path, e.to_string()))?,
        ),
        (Type::String, Json::String(s)) => Value::String(s.clone()),
        (Type::String, Json::Number(text)) => Value::String(text.clone()),
        (Type::String, Json::Bool(b)) => Value::String(b.to_string()),
        _ => return Err(mismatch(json, ty, path)),
    })
}

fn write_value(
    out: &mut String,
    v: &Value,
    ty: &Type,
    path: &mut AttributePath,
    depth: usize,
) -> Result<(), CodecError> {
    if depth >= MAX_DEPTH {
        return Err(CodecError::new(
            path,
            format!("value nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    let element = |out: &mut String, step: Step, v: &Value, ty: &Type, path: &mut AttributePath| {
        path.push(step);
        write_value(out, v, ty, path, depth + 1)?;
        path.pop();
        Ok::<_, CodecError>(())
    };
    match (v, ty) {
        (Value::Unknown, _) => {
            return Err(CodecError::new(path, "an unknown value has no JSON form"))
        }
        (Value::Null, _) => out.push_str("null"),
        (_, Type::Dynamic) => {
            let actual = implied_type(v, path)?;
            out.push_str("{\"value\":");
            write_value(out, v, &actual, path, depth + 1)?;
            out.push_str(",\"type\":");
            out.push_str(&actual.to_json());
            out.push('}');
        }
        (Value::Bool(b), Type::Bool) => out.push_str(if *b { "true" } else { "false" }),
        (Value::Number(n), Type::Number) => {
            if matches!(n.repr(), Repr::Float(f) if f.is_infinite()) {
                return Err(CodecError::new(path, "an infinite number has no JSON form"));
            }
            out.push_str(&n.to_exact_string());
        }
        (Value::String(s), Type::String) => write_string(out, s),
        (Value::List(items), Type::List(element_type))
        | (Value::Set(items), Type::Set(element_type)) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                element(out, Step::ElementKeyInt(i as i64), item, element_type, path)?;
            }
            out.push(']');
        }
        (Value::Tuple(items), Type::Tuple(elements)) => {
            if items.len() != elements.len() {
                return Err(CodecError::new(
                    path,
                    format!(
                        "expected a tuple of {} elements, the value has {}",
                        elements.len(),
                        items.len()
                    ),
                ));
            }
            out.push('[');
            for (i, (item, element_type)) in items.iter().zip(elements).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                element(out, Step::ElementKeyInt(i as i64), item, element_type, path)?;
            }
            out.push(']');
        }
        (Value::Map(entries), Type::Map(element_type)) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                element(
                    out,
                    Step::ElementKeyString(key.clone()),
                    item,
                    element_type,
                    path,
                )?;
            }
            out.push('}');
        }
        (Value::Object(values), Type::Object(attributes)) => {
            if let Some(extra) = values.keys().find(|name| !attributes.contains_key(*name)) {
                return Err(CodecError::new(
                    path,
                    format!("attribute {extra:?} is not in the object type {ty}"),
                ));
            }
            out.push('{');
            for (i, (name, attribute_type)) in attributes.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                let item = values.get(name).unwrap_or(&Value::Null);
                element(
                    out,
                    Step::Attribute(name.clone()),
                    item,
                    attribute_type,
                    path,
                )?;
            }
            out.push('}');
        }
        _ => {
            return Err(CodecError::new(
                path,
                format!(
                    "expected {}, the value is {}",
                    ty.friendly_name(),
                    article(v.kind())
                ),
            ))
        }
    }
    Ok(())
}

/// Appends `s` as a JSON string literal.
pub(super) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// JSON nesting the parser accepts: a type of [`MAX_DEPTH`] levels takes up
/// to two JSON levels per level (`["object",{…}]`).
const MAX_JSON_DEPTH: usize = 2 * MAX_DEPTH + 2;

/// Parses JSON text (RFC 8259), keeping numbers as text. Nesting is bounded
/// by [`MAX_JSON_DEPTH`]; lone surrogate escapes become U+FFFD, as Go reads
/// them.
pub(super) fn parse(bytes: &[u8]) -> Result<Json, CodecError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        CodecError::new(
            &AttributePath::root(),
            format!("invalid JSON: not UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    parser.whitespace();
    let json = parser.value()?;
    parser.whitespace();
    if parser.pos != text.len() {
        return Err(parser.error("unexpected data after the value"));
    }
    Ok(json)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> CodecError {
        CodecError::new(
            &AttributePath::root(),
            format!("invalid JSON at byte {}: {what}", self.pos),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, literal: &str) -> Result<(), CodecError> {
        if self.text[self.pos..].starts_with(literal) {
            self.pos += literal.len();
            Ok(())
        } else {
            Err(self.error(&format!("expected `{literal}`")))
        }
    }

    fn value(&mut self) -> Result<Json, CodecError> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'n') => self.expect("null").map(|()| Json::Null),
            Some(b't') => self.expect("true").map(|()| Json::Bool(true)),
            Some(b'f') => self.expect("false").map(|()| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Number),
            Some(b'[') => self.nested(Parser::array),
            Some(b'{') => self.nested(Parser::object),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Json, CodecError>) -> Result<Json, CodecError> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_JSON_DEPTH} levels deep")));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn array(&mut self) -> Result<Json, CodecError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.whitespace();
            items.push(self.value()?);
            self.whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Json, CodecError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.whitespace();
            self.expect(":")?;
            self.whitespace();
            members.push((key, self.value()?));
            self.whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, CodecError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, escape or control
            // character; those are ASCII, so the run ends on a char boundary.
            let rest = &self.text.as_bytes()[self.pos..];
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            out.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{08}'),
                        b'f' => out.push('\u{0c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    /// The character of `\uXXXX` (after the `\u`), joining a surrogate
    /// pair written as two escapes.
    fn unicode_escape(&mut self) -> Result<char, CodecError> {
        let first = self.hex4()?;
        if (0xd800..0xdc00).contains(&first) && self.text[self.pos..].starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xdc00..0xe000).contains(&second) {
                let c = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return Ok(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Result<u32, CodecError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as text.
    fn number(&mut self) -> Result<String, CodecError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number: no digits after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number: no digits in the exponent"));
            }
        }
        Ok(self.text[start..self.pos].to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Value {
        Value::Number(text.parse().unwrap())
    }

    fn text(v: &Value, ty: &Type) -> String {
        String::from_utf8(encode(v, ty).unwrap()).unwrap()
    }

    #[test]
    fn encodes_like_cty() {
        let ty = Type::object([("a", Type::String)]);
        assert_eq!(
            text(&Value::object([("a", Value::from("x"))]), &ty),
            r#"{"a":"x"}"#
        );
        assert_eq!(text(&Value::object::<&str>([]), &ty), r#"{"a":null}"#);
        assert_eq!(text(&Value::Null, &ty), "null");
        assert_eq!(
            text(&Value::from("hi"), &Type::Dynamic),
            r#"{"value":"hi","type":"string"}"#
        );
        assert_eq!(
            text(
                &Value::list([Value::from(1), num("0.1"), num("1e-400")]),
                &Type::list(Type::Number)
            ),
            "[1,0.1,1e-400]"
        );
        assert_eq!(
            text(&Value::from("a\"\\\n\u{1}é"), &Type::String),
            r#""a\"\\\n\u0001é""#
        );
        assert_eq!(
            text(
                &Value::map([("b", Value::from(true)), ("a", Value::Null)]),
                &Type::map(Type::Bool)
            ),
            r#"{"a":null,"b":true}"#
        );
        // A float64 is written exactly, so Terraform reads the same value.
        assert_eq!(
            text(
                &Value::Number(Number::from_f64(0.1).unwrap()),
                &Type::Number
            ),
            "0.1000000000000000055511151231257827021181583404541015625"
        );
    }

    #[test]
    fn encode_errors() {
        let ty = Type::object([("a", Type::list(Type::String))]);
        let err = encode(&Value::object([("a", Value::list([Value::Unknown]))]), &ty).unwrap_err();
        assert_eq!(err.to_string(), "a[0]: an unknown value has no JSON form");
        let inf = Value::Number(Number::from_f64(f64::INFINITY).unwrap());
        assert!(encode(&inf, &Type::Number).is_err());
        let err = encode(&Value::from(1), &Type::String).unwrap_err();
        assert_eq!(err.message, "expected string, the value is a number");
    }

    #[test]
    fn decodes_state_json() {
        let ty = Type::object([
            ("id", Type::String),
            ("count", Type::Number),
            ("enabled", Type::Bool),
            ("tags", Type::map(Type::String)),
            ("zones", Type::set(Type::String)),
            ("pair", Type::Tuple(vec![Type::String, Type::Number])),
            ("extra", Type::Dynamic),
            ("absent", Type::String),
        ]);
        let json = br#"{
            "id": "hf-1", "count": 123456789012345678901234567890, "enabled": true,
            "tags": {"Owner": "sre"}, "zones": ["a", "b"], "pair": ["x", 2.5],
            "extra": {"type": ["list", "number"], "value": [1, 2]}
        }"#;
        let v = decode(json, &ty).unwrap();
        assert_eq!(v["id"], Value::from("hf-1"));
        assert_eq!(v["count"], num("123456789012345678901234567890"));
        assert_eq!(v["enabled"], Value::from(true));
        assert_eq!(v["tags"], Value::map([("Owner", Value::from("sre"))]));
        assert_eq!(v["zones"], Value::set([Value::from("a"), Value::from("b")]));
        assert_eq!(v["pair"], Value::Tuple(vec![Value::from("x"), num("2.5")]));
        assert_eq!(v["extra"], Value::list([Value::from(1), Value::from(2)]));
        assert_eq!(v.get("absent"), Some(&Value::Null));
        // Round trip through our own encoder.
        assert_eq!(decode(&encode(&v, &ty).unwrap(), &ty).unwrap(), v);
    }

    #[test]
    fn converts_primitives_as_cty_does() {
        assert_eq!(decode(b"12", &Type::String).unwrap(), Value::from("12"));
        assert_eq!(decode(b"1.50", &Type::String).unwrap(), Value::from("1.50"));
        assert_eq!(decode(b"true", &Type::String).unwrap(), Value::from("true"));
        assert_eq!(decode(br#""12.5""#, &Type::Number).unwrap(), num("12.5"));
        assert_eq!(
            decode(br#""false""#, &Type::Bool).unwrap(),
            Value::from(false)
        );
        assert_eq!(decode(br#""1""#, &Type::Bool).unwrap(), Value::from(true));
        let err = decode(br#""yes""#, &Type::Bool).unwrap_err();
        assert_eq!(err.message, "expected bool, found the string \"yes\"");
        let err = decode(br#""ten""#, &Type::Number).unwrap_err();
        assert!(err.message.contains("invalid number"), "{err}");
        // Integers, floats and decimals keep their exact values.
        assert_eq!(decode(b"-7", &Type::Number).unwrap(), Value::from(-7));
        assert_eq!(decode(b"1e3", &Type::Number).unwrap(), Value::from(1000));
        assert_eq!(
            decode(b"0.25", &Type::Number).unwrap(),
            Value::Number(Number::from_f64(0.25).unwrap())
        );
        assert_ne!(
            decode(b"0.1", &Type::Number).unwrap(),
            Value::Number(Number::from_f64(0.1).unwrap())
        );
    }

    #[test]
    fn lenient_decoding_drops_unknown_attributes() {
        let ty = Type::object([("a", Type::String)]);
        let json = br#"{"a": "x", "removed": {"deep": [1]}}"#;
        let err = decode(json, &ty).unwrap_err();
        assert_eq!(err.message, "unsupported attribute \"removed\"");
        assert_eq!(
            decode_lenient(json, &ty).unwrap(),
            Value::object([("a", Value::from("x"))])
        );
    }

    #[test]
    fn errors_name_the_path() {
        let ty = Type::object([(
            "parity",
            Type::list(Type::object([("ignore", Type::map(Type::Number))])),
        )]);
        let err = decode(
            br#"{"parity": [{"ignore": {"k": 1}}, {"ignore": {"k": [2]}}]}"#,
            &ty,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"parity[1].ignore["k"]: expected number, found JSON array"#
        );
        let err = decode(br#"{"parity": [{"ignore": {"k": 1, "k": 2}}]}"#, &ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"parity[0].ignore: duplicate map key "k""#
        );
        let err = decode(br#"["a"]"#, &Type::Tuple(vec![Type::String, Type::String])).unwrap_err();
        assert_eq!(err.message, "expected a tuple of 2 elements, found 1");
        let err = decode(br#"{"value": 1}"#, &Type::Dynamic).unwrap_err();
        assert_eq!(err.message, "dynamic value has no \"type\"");
        let err = decode(br#"{"value": 1, "type": "number", "x": 0}"#, &Type::Dynamic).unwrap_err();
        assert_eq!(err.message, "invalid key \"x\" in a dynamic value");
    }

    #[test]
    fn parser_follows_rfc_8259() {
        assert_eq!(
            parse(br#" {"a" : [1, -0.5e+2, "\u00e9\ud83d\ude00\/", true, null, {}], "b": []} "#)
                .unwrap(),
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number("1".into()),
                        Json::Number("-0.5e+2".into()),
                        Json::String("é😀/".into()),
                        Json::Bool(true),
                        Json::Null,
                        Json::Object(vec![]),
                    ])
                ),
                ("b".into(), Json::Array(vec![])),
            ])
        );
        assert_eq!(
            parse(br#""\ud800x""#).unwrap(),
            Json::String("\u{fffd}x".into())
        );
        for bad in [
            "",
            "nul",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "\"a",
            "\"\\x\"",
            "\"\u{1}\"",
            "[1] 2",
            "{1:2}",
            "\"\\u12g4\"",
            "+1",
            ".5",
            "NaN",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(parse(&[b'"', 0xff, b'"'])
            .unwrap_err()
            .message
            .contains("UTF-8"));
        let deep = "[".repeat(MAX_JSON_DEPTH + 1) + &"]".repeat(MAX_JSON_DEPTH + 1);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .message
            .contains("nested"));
        let ok = "[".repeat(MAX_JSON_DEPTH) + &"]".repeat(MAX_JSON_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
        // Values are held to MAX_DEPTH levels, like msgpack.
        let mut ty = Type::Bool;
        for _ in 0..MAX_DEPTH {
            ty = Type::list(ty);
        }
        let deep = "[".repeat(MAX_DEPTH) + "true" + &"]".repeat(MAX_DEPTH);
        assert!(decode(deep.as_bytes(), &ty)
            .unwrap_err()
            .message
            .contains("nested"));
    }

    #[test]
    fn our_json_is_json() {
        let v = Value::map([
            ("k\u{7f}\"", Value::from("\u{0}\u{1f}\u{2028}")),
            ("n", Value::Null),
        ]);
        let bytes = encode(&v, &Type::map(Type::String)).unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            parsed["k\u{7f}\""],
            serde_json::json!("\u{0}\u{1f}\u{2028}")
        );
    }
}
