//! `DynamicValue.msgpack`: cty's msgpack encoding of a value against its
//! type. The wire facts are listed in the [parent module](super).

use std::collections::BTreeMap;

use rmp::encode as w;
use rmp::Marker;

use super::number::Repr;
use super::types::implied_type;
use super::{AttributePath, CodecError, Number, Step, Type, Value, MAX_DEPTH};

/// cty's encoding of a wholly unknown value: fixext1, type 0, one zero byte.
const UNKNOWN: [u8; 3] = [0xd4, 0x00, 0x00];
/// The extension type of a refined unknown (Terraform ≥ 1.6).
const REFINED_UNKNOWN_EXT: i8 = 12;
/// cty refuses refinement payloads larger than this.
const MAX_REFINEMENT_LEN: usize = 1024;

/// Reads `bytes` as a value of type `ty`. The whole input must be one value.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let mut reader = Reader {
        bytes,
        pos: 0,
        path: AttributePath::root(),
        depth: 0,
    };
    let value = reader.value(ty)?;
    if reader.pos != bytes.len() {
        return Err(reader.error(format!(
            "{} unexpected bytes after the value",
            bytes.len() - reader.pos
        )));
    }
    Ok(value)
}

/// Writes `v` as a value of type `ty`. Fails, naming the path, where the
/// value does not fit the type.
pub fn encode(v: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let mut writer = Writer {
        out: Vec::new(),
        path: AttributePath::root(),
        depth: 0,
    };
    writer.value(v, ty)?;
    Ok(writer.out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: AttributePath,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: impl Into<String>) -> CodecError {
        CodecError::new(&self.path, message)
    }

    fn peek(&self) -> Result<u8, CodecError> {
        self.bytes
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.error("unexpected end of msgpack data"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.error("unexpected end of msgpack data"));
        };
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, CodecError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut buf = [0u8; N];
        buf.copy_from_slice(self.take(N)?);
        Ok(buf)
    }

    fn len_u8(&mut self) -> Result<usize, CodecError> {
        Ok(usize::from(self.byte()?))
    }

    fn len_u16(&mut self) -> Result<usize, CodecError> {
        Ok(usize::from(u16::from_be_bytes(self.be()?)))
    }

    fn len_u32(&mut self) -> Result<usize, CodecError> {
        usize::try_from(u32::from_be_bytes(self.be()?))
            .map_err(|_| self.error("msgpack length too large"))
    }

    fn value(&mut self, ty: &Type) -> Result<Value, CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("value nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let result = self.value_inner(ty);
        self.depth -= 1;
        result
    }

    // Each kind is read by its own function so that a level of nesting
    // costs only the frames on its path (debug builds keep every local of
    // a function in its frame).
    fn value_inner(&mut self, ty: &Type) -> Result<Value, CodecError> {
        let marker = Marker::from_u8(self.peek()?);
        if is_ext(marker) {
            self.unknown()?;
            return Ok(Value::Unknown);
        }
        if marker == Marker::Null {
            self.pos += 1;
            return Ok(Value::Null);
        }
        match ty {
            Type::Dynamic => self.dynamic(),
            Type::Bool => self.bool(marker, ty),
            Type::Number => self.number(marker).map(Value::Number),
            Type::String => self.string(marker, ty),
            Type::List(element) => self.sequence(marker, ty, element).map(Value::List),
            Type::Set(element) => self.sequence(marker, ty, element).map(Value::Set),
            Type::Tuple(elements) => self.tuple(marker, ty, elements),
            Type::Map(element) => self.map(marker, ty, element),
            Type::Object(attributes) => self.object(marker, ty, attributes),
        }
    }

    fn bool(&mut self, marker: Marker, ty: &Type) -> Result<Value, CodecError> {
        match marker {
            Marker::True | Marker::False => {
                self.pos += 1;
                Ok(Value::Bool(marker == Marker::True))
            }
            _ => Err(self.mismatch(ty, marker)),
        }
    }

    fn string(&mut self, marker: Marker, ty: &Type) -> Result<Value, CodecError> {
        match self.text(marker)? {
            Some(s) => Ok(Value::String(s)),
            None => Err(self.mismatch(ty, marker)),
        }
    }

    fn sequence(
        &mut self,
        marker: Marker,
        ty: &Type,
        element: &Type,
    ) -> Result<Vec<Value>, CodecError> {
        let len = self
            .array_len(marker)
            .ok_or_else(|| self.mismatch(ty, marker))??;
        let mut items = Vec::with_capacity(len.min(self.remaining()));
        for i in 0..len {
            items.push(self.element(Step::ElementKeyInt(i as i64), element)?);
        }
        Ok(items)
    }

    fn tuple(&mut self, marker: Marker, ty: &Type, elements: &[Type]) -> Result<Value, CodecError> {
        let len = self
            .array_len(marker)
            .ok_or_else(|| self.mismatch(ty, marker))??;
        if len != elements.len() {
            return Err(self.error(format!(
                "expected a tuple of {} elements, found {len}",
                elements.len()
            )));
        }
        let mut items = Vec::with_capacity(len);
        for (i, element) in elements.iter().enumerate() {
            items.push(self.element(Step::ElementKeyInt(i as i64), element)?);
        }
        Ok(Value::Tuple(items))
    }

    fn map(&mut self, marker: Marker, ty: &Type, element: &Type) -> Result<Value, CodecError> {
        let len = self
            .map_len(marker)
            .ok_or_else(|| self.mismatch(ty, marker))??;
        let mut entries = BTreeMap::new();
        for _ in 0..len {
            let key = self.key("map keys")?;
            if entries.contains_key(&key) {
                return Err(self.error(format!("duplicate map key {key:?}")));
            }
            let v = self.element(Step::ElementKeyString(key.clone()), element)?;
            entries.insert(key, v);
        }
        Ok(Value::Map(entries))
    }

    fn object(
        &mut self,
        marker: Marker,
        ty: &Type,
        attributes: &BTreeMap<String, Type>,
    ) -> Result<Value, CodecError> {
        let len = self
            .map_len(marker)
            .ok_or_else(|| self.mismatch(ty, marker))??;
        let mut values = BTreeMap::new();
        for _ in 0..len {
            let name = self.key("attribute names")?;
            let Some(attribute_type) = attributes.get(&name) else {
                return Err(self.error(format!("unsupported attribute {name:?}")));
            };
            if values.contains_key(&name) {
                return Err(self.error(format!("duplicate attribute {name:?}")));
            }
            let v = self.element(Step::Attribute(name.clone()), attribute_type)?;
            values.insert(name, v);
        }
        if let Some(missing) = attributes.keys().find(|name| !values.contains_key(*name)) {
            return Err(self.error(format!(
                "missing attribute {missing:?} (an object of this type has {} attributes, found {len})",
                attributes.len()
            )));
        }
        Ok(Value::Object(values))
    }

    fn element(&mut self, step: Step, ty: &Type) -> Result<Value, CodecError> {
        self.path.push(step);
        let v = self.value(ty)?;
        self.path.pop();
        Ok(v)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn mismatch(&self, ty: &Type, marker: Marker) -> CodecError {
        self.error(format!(
            "expected {}, found {}",
            ty.friendly_name(),
            describe(marker)
        ))
    }

    /// A wholly or partly (refined) unknown value; refinements are dropped.
    fn unknown(&mut self) -> Result<(), CodecError> {
        let marker = Marker::from_u8(self.byte()?);
        let len = match marker {
            Marker::FixExt1 => 1,
            Marker::FixExt2 => 2,
            Marker::FixExt4 => 4,
            Marker::FixExt8 => 8,
            Marker::FixExt16 => 16,
            Marker::Ext8 => self.len_u8()?,
            Marker::Ext16 => self.len_u16()?,
            _ => self.len_u32()?,
        };
        let ext_type = self.byte()? as i8;
        if len > 1 && ext_type != REFINED_UNKNOWN_EXT {
            return Err(self.error(format!(
                "unsupported msgpack extension type {ext_type} of length {len} (an unknown value is type 0 or {REFINED_UNKNOWN_EXT})"
            )));
        }
        if len > MAX_REFINEMENT_LEN {
            return Err(self.error(format!(
                "unknown value refinements of {len} bytes exceed {MAX_REFINEMENT_LEN}"
            )));
        }
        self.take(len)?;
        Ok(())
    }

    /// `[<type JSON>, <value>]`, or nil.
    fn dynamic(&mut self) -> Result<Value, CodecError> {
        let marker = Marker::from_u8(self.peek()?);
        match self.array_len(marker) {
            Some(Ok(2)) => {}
            Some(Ok(n)) => {
                return Err(self.error(format!(
                "expected a dynamic value as a [type, value] array, found an array of {n} elements"
            )))
            }
            Some(Err(e)) => return Err(e),
            None => {
                return Err(self.error(format!(
                    "expected a dynamic value as a [type, value] array, found {}",
                    describe(marker)
                )))
            }
        }
        let type_marker = Marker::from_u8(self.peek()?);
        let type_json = self.raw_text(type_marker)?.ok_or_else(|| {
            self.error(format!(
                "expected the type of a dynamic value as JSON text, found {}",
                describe(type_marker)
            ))
        })?;
        let ty = Type::from_json(type_json)
            .map_err(|e| self.error(format!("dynamic value has an invalid type: {}", e.message)))?;
        self.value(&ty)
    }

    fn number(&mut self, marker: Marker) -> Result<Number, CodecError> {
        let n = match marker {
            Marker::FixPos(n) => {
                self.pos += 1;
                Number::from(i64::from(n))
            }
            Marker::FixNeg(n) => {
                self.pos += 1;
                Number::from(i64::from(n))
            }
            Marker::U8 | Marker::U16 | Marker::U32 | Marker::U64 => {
                self.pos += 1;
                let u = match marker {
                    Marker::U8 => u64::from(self.byte()?),
                    Marker::U16 => u64::from(u16::from_be_bytes(self.be()?)),
                    Marker::U32 => u64::from(u32::from_be_bytes(self.be()?)),
                    _ => u64::from_be_bytes(self.be()?),
                };
                Number::from(u)
            }
            Marker::I8 | Marker::I16 | Marker::I32 | Marker::I64 => {
                self.pos += 1;
                let i = match marker {
                    Marker::I8 => i64::from(i8::from_be_bytes(self.be()?)),
                    Marker::I16 => i64::from(i16::from_be_bytes(self.be()?)),
                    Marker::I32 => i64::from(i32::from_be_bytes(self.be()?)),
                    _ => i64::from_be_bytes(self.be()?),
                };
                Number::from(i)
            }
            Marker::F32 | Marker::F64 => {
                self.pos += 1;
                let f = if marker == Marker::F32 {
                    f64::from(f32::from_be_bytes(self.be()?))
                } else {
                    f64::from_be_bytes(self.be()?)
                };
                Number::from_f64(f).ok_or_else(|| self.error("NaN is not a valid number"))?
            }
            _ => {
                let Some(text) = self.text(marker)? else {
                    return Err(self.mismatch(&Type::Number, marker));
                };
                text.parse::<Number>()
                    .map_err(|e| self.error(e.to_string()))?
            }
        };
        Ok(n)
    }

    /// A str or bin as UTF-8 text; `None` (nothing consumed) for other kinds.
    fn text(&mut self, marker: Marker) -> Result<Option<String>, CodecError> {
        let start = self.pos;
        let Some(raw) = self.raw_text(marker)? else {
            return Ok(None);
        };
        match std::str::from_utf8(raw) {
            Ok(s) => Ok(Some(s.to_owned())),
            Err(e) => {
                self.pos = start;
                Err(self.error(format!("string is not valid UTF-8: {e}")))
            }
        }
    }

    /// The bytes of a str or bin; `None` (nothing consumed) for other kinds.
    fn raw_text(&mut self, marker: Marker) -> Result<Option<&'a [u8]>, CodecError> {
        let len = match marker {
            Marker::FixStr(n) => {
                self.pos += 1;
                usize::from(n)
            }
            Marker::Str8 | Marker::Bin8 => {
                self.pos += 1;
                self.len_u8()?
            }
            Marker::Str16 | Marker::Bin16 => {
                self.pos += 1;
                self.len_u16()?
            }
            Marker::Str32 | Marker::Bin32 => {
                self.pos += 1;
                self.len_u32()?
            }
            _ => return Ok(None),
        };
        self.take(len).map(Some)
    }

    /// A map key: a str (or bin) holding UTF-8.
    fn key(&mut self, what: &str) -> Result<String, CodecError> {
        let marker = Marker::from_u8(self.peek()?);
        self.text(marker)?.ok_or_else(|| {
            self.error(format!(
                "{what} must be strings, found {}",
                describe(marker)
            ))
        })
    }

    /// An array header's length; `None` (nothing consumed) if `marker` is
    /// not an array.
    fn array_len(&mut self, marker: Marker) -> Option<Result<usize, CodecError>> {
        let len = match marker {
            Marker::FixArray(n) => {
                self.pos += 1;
                Ok(usize::from(n))
            }
            Marker::Array16 => {
                self.pos += 1;
                self.len_u16()
            }
            Marker::Array32 => {
                self.pos += 1;
                self.len_u32()
            }
            _ => return None,
        };
        Some(len)
    }

    /// A map header's length; `None` (nothing consumed) if `marker` is not
    /// a map.
    fn map_len(&mut self, marker: Marker) -> Option<Result<usize, CodecError>> {
        let len = match marker {
            Marker::FixMap(n) => {
                self.pos += 1;
                Ok(usize::from(n))
            }
            Marker::Map16 => {
                self.pos += 1;
                self.len_u16()
            }
            Marker::Map32 => {
                self.pos += 1;
                self.len_u32()
            }
            _ => return None,
        };
        Some(len)
    }
}

fn is_ext(marker: Marker) -> bool {
    matches!(
        marker,
        Marker::FixExt1
            | Marker::FixExt2
            | Marker::FixExt4
            | Marker::FixExt8
            | Marker::FixExt16
            | Marker::Ext8
            | Marker::Ext16
            | Marker::Ext32
    )
}

/// What a marker announces, for messages.
fn describe(marker: Marker) -> String {
    match marker {
        Marker::Null => "msgpack nil".to_owned(),
        Marker::True | Marker::False => "msgpack bool".to_owned(),
        Marker::FixPos(_)
        | Marker::FixNeg(_)
        | Marker::U8
        | Marker::U16
        | Marker::U32
        | Marker::U64
        | Marker::I8
        | Marker::I16
        | Marker::I32
        | Marker::I64 => "msgpack integer".to_owned(),
        Marker::F32 | Marker::F64 => "msgpack float".to_owned(),
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
            "msgpack string".to_owned()
        }
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "msgpack binary".to_owned(),
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "msgpack array".to_owned(),
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "msgpack map".to_owned(),
        m if is_ext(m) => "msgpack extension".to_owned(),
        m => format!("invalid msgpack byte 0x{:02x}", m.to_u8()),
    }
}

struct Writer {
    out: Vec<u8>,
    path: AttributePath,
    depth: usize,
}

/// Writing into a `Vec` cannot fail; rmp's signatures are generic over
/// fallible writers.
fn infallible<T, E>(_: Result<T, E>) {}

impl Writer {
    fn error(&self, message: impl Into<String>) -> CodecError {
        CodecError::new(&self.path, message)
    }

    fn len(&self, n: usize) -> Result<u32, CodecError> {
        u32::try_from(n).map_err(|_| self.error(format!("{n} elements exceed msgpack's limit")))
    }

    fn str(&mut self, s: &str) -> Result<(), CodecError> {
        self.len(s.len())?;
        infallible(w::write_str(&mut self.out, s));
        Ok(())
    }

    fn value(&mut self, v: &Value, ty: &Type) -> Result<(), CodecError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("value nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let result = self.value_inner(v, ty);
        self.depth -= 1;
        result
    }

    // One function per kind, as in the reader, to keep nesting frames small.
    fn value_inner(&mut self, v: &Value, ty: &Type) -> Result<(), CodecError> {
        match (v, ty) {
            (Value::Unknown, _) => self.out.extend_from_slice(&UNKNOWN),
            (Value::Null, _) => infallible(w::write_nil(&mut self.out)),
            (_, Type::Dynamic) => self.dynamic(v)?,
            (Value::Bool(b), Type::Bool) => infallible(w::write_bool(&mut self.out, *b)),
            (Value::Number(n), Type::Number) => match n.repr() {
                Repr::Int(i) => infallible(w::write_sint(&mut self.out, *i)),
                Repr::Float(f) => infallible(w::write_f64(&mut self.out, *f)),
                Repr::Decimal(_) => self.str(&n.to_exact_string())?,
            },
            (Value::String(s), Type::String) => self.str(s)?,
            (Value::List(items), Type::List(element)) | (Value::Set(items), Type::Set(element)) => {
                self.sequence(items, element)?
            }
            (Value::Tuple(items), Type::Tuple(elements)) => self.tuple(items, elements)?,
            (Value::Map(entries), Type::Map(element)) => self.map(entries, element)?,
            (Value::Object(values), Type::Object(attributes)) => {
                self.object(values, ty, attributes)?
            }
            _ => return Err(self.mismatch(v, ty)),
        }
        Ok(())
    }

    fn mismatch(&self, v: &Value, ty: &Type) -> CodecError {
        self.error(format!(
            "expected {}, the value is {}",
            ty.friendly_name(),
            article(v.kind())
        ))
    }

    /// `[<implied type JSON>, <value>]`.
    fn dynamic(&mut self, v: &Value) -> Result<(), CodecError> {
        let actual = implied_type(v, &mut self.path)?;
        infallible(w::write_array_len(&mut self.out, 2));
        infallible(w::write_bin(&mut self.out, actual.to_json().as_bytes()));
        self.value(v, &actual)
    }

    fn sequence(&mut self, items: &[Value], element: &Type) -> Result<(), CodecError> {
        let len = self.len(items.len())?;
        infallible(w::write_array_len(&mut self.out, len));
        for (i, item) in items.iter().enumerate() {
            self.element(Step::ElementKeyInt(i as i64), item, element)?;
        }
        Ok(())
    }

    fn tuple(&mut self, items: &[Value], elements: &[Type]) -> Result<(), CodecError> {
        if items.len() != elements.len() {
            return Err(self.error(format!(
                "expected a tuple of {} elements, the value has {}",
                elements.len(),
                items.len()
            )));
        }
        let len = self.len(items.len())?;
        infallible(w::write_array_len(&mut self.out, len));
        for (i, (item, element)) in items.iter().zip(elements).enumerate() {
            self.element(Step::ElementKeyInt(i as i64), item, element)?;
        }
        Ok(())
    }

    fn map(&mut self, entries: &BTreeMap<String, Value>, element: &Type) -> Result<(), CodecError> {
        let len = self.len(entries.len())?;
        infallible(w::write_map_len(&mut self.out, len));
        for (key, item) in entries {
            self.str(key)?;
            self.element(Step::ElementKeyString(key.clone()), item, element)?;
        }
        Ok(())
    }

    fn object(
        &mut self,
        values: &BTreeMap<String, Value>,
        ty: &Type,
        attributes: &BTreeMap<String, Type>,
    ) -> Result<(), CodecError> {
        if let Some(extra) = values.keys().find(|name| !attributes.contains_key(*name)) {
            return Err(self.error(format!(
                "attribute {extra:?} is not in the object type {ty}"
            )));
        }
        let len = self.len(attributes.len())?;
        infallible(w::write_map_len(&mut self.out, len));
        for (name, attribute_type) in attributes {
            self.str(name)?;
            let item = values.get(name).unwrap_or(&Value::Null);
            self.element(Step::Attribute(name.clone()), item, attribute_type)?;
        }
        Ok(())
    }

    fn element(&mut self, step: Step, v: &Value, ty: &Type) -> Result<(), CodecError> {
        self.path.push(step);
        self.value(v, ty)?;
        self.path.pop();
        Ok(())
    }
}

/// "a string", "an object".
pub(super) fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn unhex(text: &str) -> Vec<u8> {
        text.split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).unwrap())
            .collect()
    }

    fn num(text: &str) -> Value {
        Value::Number(text.parse().unwrap())
    }

    #[test]
    fn known_encodings() {
        let obj_a = Type::object([("a", Type::String)]);
        let cases: Vec<(Value, Type, &str)> = vec![
            (
                Value::object([("a", Value::from("x"))]),
                obj_a.clone(),
                "81 a1 61 a1 78",
            ),
            (Value::Unknown, Type::String, "d4 00 00"),
            (Value::Unknown, Type::Dynamic, "d4 00 00"),
            (Value::Null, obj_a.clone(), "c0"),
            (Value::Null, Type::Dynamic, "c0"),
            (Value::from(true), Type::Bool, "c3"),
            (Value::from(false), Type::Bool, "c2"),
            (Value::from(5), Type::Number, "05"),
            (Value::from(-1), Type::Number, "ff"),
            (Value::from(-33), Type::Number, "d0 df"),
            (Value::from(300), Type::Number, "cd 01 2c"),
            (Value::from(70000), Type::Number, "ce 00 01 11 70"),
            (
                Value::from(1i64 << 40),
                Type::Number,
                "cf 00 00 01 00 00 00 00 00",
            ),
            (
                Value::from(i64::MIN),
                Type::Number,
                "d3 80 00 00 00 00 00 00 00",
            ),
            (num("1.5"), Type::Number, "cb 3f f8 00 00 00 00 00 00"),
            (num("0.1"), Type::Number, "a3 30 2e 31"),
            (
                num("18446744073709551615"),
                Type::Number,
                "b4 31 38 34 34 36 37 34 34 30 37 33 37 30 39 35 35 31 36 31 35",
            ),
            (
                Value::object([("a", Value::Null)]),
                obj_a.clone(),
                "81 a1 61 c0",
            ),
            // A missing attribute is written as null.
            (Value::object::<&str>([]), obj_a, "81 a1 61 c0"),
            (
                Value::list([Value::from("a"), Value::Unknown]),
                Type::list(Type::String),
                "92 a1 61 d4 00 00",
            ),
            (
                Value::map([("k", Value::from(1))]),
                Type::map(Type::Number),
                "81 a1 6b 01",
            ),
            (
                Value::from("hi"),
                Type::Dynamic,
                "92 c4 08 22 73 74 72 69 6e 67 22 a2 68 69",
            ),
            (
                Value::list([Value::from(1)]),
                Type::Dynamic,
                "92 c4 11 5b 22 6c 69 73 74 22 2c 22 6e 75 6d 62 65 72 22 5d 91 01",
            ),
        ];
        for (v, ty, expected) in cases {
            let bytes = encode(&v, &ty).unwrap();
            assert_eq!(hex(&bytes), expected, "{v:?} as {ty}");
            let back = decode(&bytes, &ty).unwrap();
            let expected_back = match (&v, &ty) {
                (Value::Object(m), Type::Object(attrs)) => Value::Object(
                    attrs
                        .keys()
                        .map(|k| (k.clone(), m.get(k).cloned().unwrap_or_default()))
                        .collect(),
                ),
                _ => v.clone(),
            };
            assert_eq!(back, expected_back, "{}", hex(&bytes));
        }
    }

    #[test]
    fn objects_are_written_in_sorted_attribute_order() {
        let ty = Type::object([
            ("zeta", Type::Bool),
            ("alpha", Type::Bool),
            ("mid", Type::Bool),
        ]);
        let v = Value::object([
            ("mid", Value::from(true)),
            ("zeta", Value::from(false)),
            ("alpha", Value::Null),
        ]);
        let bytes = encode(&v, &ty).unwrap();
        assert_eq!(
            hex(&bytes),
            "83 a5 61 6c 70 68 61 c0 a3 6d 69 64 c3 a4 7a 65 74 61 c2"
        );
    }

    #[test]
    fn numbers_decode_from_every_wire_form() {
        let cases = [
            ("05", "5"),
            ("ff", "-1"),
            ("cc ff", "255"),
            ("cd 01 2c", "300"),
            ("ce 00 01 11 70", "70000"),
            ("cf 00 00 00 00 00 00 00 07", "7"),
            ("cf ff ff ff ff ff ff ff ff", "18446744073709551615"),
            ("d0 80", "-128"),
            ("d1 80 00", "-32768"),
            ("d2 80 00 00 00", "-2147483648"),
            ("d3 ff ff ff ff ff ff ff fe", "-2"),
            ("ca 3f c0 00 00", "1.5"),
            ("cb 3f f8 00 00 00 00 00 00", "1.5"),
            ("cb 40 45 00 00 00 00 00 00", "42"),
            ("cb 7f f0 00 00 00 00 00 00", "Inf"),
            ("a3 30 2e 31", "0.1"),
            ("a2 34 32", "42"),
            ("c4 03 31 65 33", "1000"),
            ("d9 03 2d 31 35", "-15"),
        ];
        for (wire, expected) in cases {
            let v = decode(&unhex(wire), &Type::Number).unwrap();
            assert_eq!(v, num(expected), "{wire}");
        }
        // A float that is a whole number is an integer again on re-encode,
        // as cty writes it.
        let v = decode(&unhex("cb 40 45 00 00 00 00 00 00"), &Type::Number).unwrap();
        assert_eq!(v.as_i64(), Some(42));
        assert_eq!(hex(&encode(&v, &Type::Number).unwrap()), "2a");
        // Big and precise decimals survive exactly.
        let big = "123456789012345678901234567890.000000000000000000001";
        let v = decode(&encode(&num(big), &Type::Number).unwrap(), &Type::Number).unwrap();
        assert_eq!(v, num(big));
        assert_eq!(v.as_number().unwrap().to_string(), big);
    }

    #[test]
    fn number_errors() {
        let err = decode(&unhex("cb 7f f8 00 00 00 00 00 00"), &Type::Number).unwrap_err();
        assert!(err.message.contains("NaN"), "{err}");
        let err = decode(&unhex("a3 61 62 63"), &Type::Number).unwrap_err();
        assert!(err.message.contains("invalid number"), "{err}");
        let err = decode(&unhex("c3"), &Type::Number).unwrap_err();
        assert_eq!(err.to_string(), "expected number, found msgpack bool");
    }

    #[test]
    fn unknowns_in_every_extension_form() {
        for wire in [
            "d4 00 00",
            "d4 05 ff",
            "c7 00 00",
            "c7 01 03 00",
            // Refined unknown: {1: false} (known not to be null).
            "c7 03 0c 81 01 c2",
            // Refined unknown string with prefix "ab": {1: false, 2: "ab"}.
            "c7 07 0c 82 01 c2 02 a2 61 62",
            "d5 0c 81 01",
        ] {
            for ty in [Type::String, Type::Dynamic, Type::list(Type::Number)] {
                assert_eq!(
                    decode(&unhex(wire), &ty).unwrap(),
                    Value::Unknown,
                    "{wire} as {ty}"
                );
            }
        }
        let err = decode(&unhex("d5 05 00 00"), &Type::String).unwrap_err();
        assert!(
            err.message.contains("unsupported msgpack extension type 5"),
            "{err}"
        );
        let mut oversize = unhex("c8 04 01 0c");
        oversize.extend(std::iter::repeat_n(0u8, 1025));
        assert!(decode(&oversize, &Type::String).is_err());
    }

    #[test]
    fn dynamic_values_carry_their_type() {
        let ty = Type::object([("d", Type::Dynamic)]);
        let inner = Value::object([("n", Value::from(1)), ("s", Value::Null)]);
        let v = Value::object([("d", inner.clone())]);
        let bytes = encode(&v, &ty).unwrap();
        // The type JSON written is the implied one, as bin.
        let type_json = br#"["object",{"n":"number","s":"dynamic"}]"#;
        assert_eq!(&bytes[..4], &[0x81, 0xa1, b'd', 0x92]);
        assert_eq!(&bytes[4..6], &[0xc4, type_json.len() as u8]);
        assert_eq!(&bytes[6..6 + type_json.len()], type_json);
        assert_eq!(decode(&bytes, &ty).unwrap(), v);

        // The type may come as a str too, and name any type.
        let mut wire = vec![0x92, 0xa8];
        wire.extend_from_slice(br#""string""#);
        wire.extend_from_slice(&[0xa1, b'x']);
        assert_eq!(decode(&wire, &Type::Dynamic).unwrap(), Value::from("x"));

        // A dynamic value whose type is itself "dynamic" nests.
        let mut wire = vec![0x92, 0xc4, 9];
        wire.extend_from_slice(br#""dynamic""#);
        wire.extend_from_slice(&[0x92, 0xc4, 6]);
        wire.extend_from_slice(br#""bool""#);
        wire.push(0xc3);
        assert_eq!(decode(&wire, &Type::Dynamic).unwrap(), Value::from(true));

        let err = decode(&unhex("a1 78"), &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("[type, value]"), "{err}");
        let err = decode(&unhex("93 c4 00 c0 c0"), &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("3 elements"), "{err}");
        let mut wire = vec![0x92, 0xc4, 6];
        wire.extend_from_slice(br#""blob""#);
        wire.push(0xc0);
        let err = decode(&wire, &Type::Dynamic).unwrap_err();
        assert!(err.message.contains("invalid type"), "{err}");

        // Elements of one collection must share a type.
        let mixed = Value::list([Value::from(1), Value::from("x")]);
        let err = encode(&mixed, &Type::Dynamic).unwrap_err();
        assert_eq!(err.path, AttributePath::root().index(1));
    }

    fn parity_type() -> Type {
        let ignore = Type::object([
            ("address", Type::String),
            ("reason", Type::String),
            ("rule", Type::String),
        ]);
        Type::object([
            ("name", Type::String),
            ("tags", Type::map(Type::String)),
            (
                "parity",
                Type::list(Type::object([
                    ("cidr", Type::String),
                    ("ignore", Type::list(ignore)),
                ])),
            ),
        ])
    }

    #[test]
    fn type_mismatches_name_the_path() {
        let ty = parity_type();
        let ignore = |reason: Value| {
            Value::object([
                ("address", Value::from("a")),
                ("reason", reason),
                ("rule", Value::from("PL010")),
            ])
        };
        let v = Value::object([
            ("name", Value::from("x")),
            ("tags", Value::map([("Owner", Value::from("sre"))])),
            (
                "parity",
                Value::list([Value::object([
                    ("cidr", Value::from("mirrored")),
                    (
                        "ignore",
                        Value::list([ignore(Value::from("ok")), ignore(Value::from(7))]),
                    ),
                ])]),
            ),
        ]);
        let err = encode(&v, &ty).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parity[0].ignore[1].reason: expected string, the value is a number"
        );
        assert_eq!(
            err.path,
            AttributePath::new("parity")
                .index(0)
                .attr("ignore")
                .index(1)
                .attr("reason")
        );

        // The same mistake on the wire.
        let mut good = v.clone();
        if let Value::Object(m) = &mut good {
            m.insert(
                "parity".into(),
                Value::list([Value::object([
                    ("cidr", Value::Null),
                    ("ignore", Value::list([ignore(Value::from("ok"))])),
                ])]),
            );
        }
        let mut bytes = encode(&good, &ty).unwrap();
        let at = bytes
            .windows(4)
            .position(|w| w == [0xa2, b'o', b'k', 0xa4])
            .unwrap();
        bytes[at] = 0x07; // the str header of "ok" becomes the integer 7
        let err = decode(&bytes, &ty).unwrap_err();
        assert_eq!(
            err.path,
            AttributePath::new("parity")
                .index(0)
                .attr("ignore")
                .index(0)
                .attr("reason")
        );
        assert_eq!(err.message, "expected string, found msgpack integer");

        let err = encode(
            &Value::object([("tags", Value::object([("a", Value::from("b"))]))]),
            &ty,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "tags: expected map of string, the value is an object"
        );
        let err = encode(&Value::object([("nmae", Value::from("x"))]), &ty).unwrap_err();
        assert!(
            err.message.contains("\"nmae\" is not in the object type"),
            "{err}"
        );
        let err = encode(&Value::Tuple(vec![Value::Null]), &Type::Tuple(vec![])).unwrap_err();
        assert!(err.message.contains("tuple of 0 elements"), "{err}");
    }

    #[test]
    fn structural_errors() {
        let ty = Type::object([("a", Type::String), ("b", Type::String)]);
        let err = decode(&unhex("81 a1 61 a1 78"), &ty).unwrap_err();
        assert!(err.message.starts_with("missing attribute \"b\""), "{err}");
        let err = decode(&unhex("82 a1 61 a1 78 a1 63 c0"), &ty).unwrap_err();
        assert_eq!(err.message, "unsupported attribute \"c\"");
        let err = decode(&unhex("82 a1 61 a1 78 a1 61 c0"), &ty).unwrap_err();
        assert_eq!(err.message, "duplicate attribute \"a\"");
        let err = decode(&unhex("81 01 c0"), &ty).unwrap_err();
        assert_eq!(
            err.message,
            "attribute names must be strings, found msgpack integer"
        );
        let err = decode(&unhex("81 a1 61 a1"), &ty).unwrap_err();
        assert_eq!(err.to_string(), "a: unexpected end of msgpack data");
        let err = decode(&unhex("c0 c0"), &ty).unwrap_err();
        assert_eq!(err.message, "1 unexpected bytes after the value");
        let err = decode(&unhex("82 a1 6b 01 a1 6b 02"), &Type::map(Type::Number)).unwrap_err();
        assert_eq!(err.message, "duplicate map key \"k\"");
        let err = decode(&unhex("92 01 02"), &Type::Tuple(vec![Type::Number])).unwrap_err();
        assert_eq!(err.message, "expected a tuple of 1 elements, found 2");
        let err = decode(&unhex("a2 ff fe"), &Type::String).unwrap_err();
        assert!(err.message.contains("UTF-8"), "{err}");
        let err = decode(&unhex("c1"), &Type::String).unwrap_err();
        assert_eq!(
            err.message,
            "expected string, found invalid msgpack byte 0xc1"
        );
        let err = decode(&[], &Type::String).unwrap_err();
        assert_eq!(err.message, "unexpected end of msgpack data");
        // A huge announced length fails on the data, without allocating it.
        let err = decode(&unhex("dd ff ff ff ff"), &Type::list(Type::Bool)).unwrap_err();
        assert_eq!(err.to_string(), "[0]: unexpected end of msgpack data");
    }

    #[test]
    fn nesting_is_bounded() {
        let mut wire = vec![0x91; MAX_DEPTH];
        wire.push(0xc3);
        let ty = (0..MAX_DEPTH).fold(Type::Bool, |ty, _| Type::list(ty));
        assert!(decode(&wire, &ty).unwrap_err().message.contains("nested"));
        // Through dynamic types, whose nesting the input chooses.
        let mut wire = Vec::new();
        for _ in 0..10_000 {
            wire.extend_from_slice(&[0x92, 0xc4, 9]);
            wire.extend_from_slice(br#""dynamic""#);
        }
        wire.push(0xc3);
        assert!(decode(&wire, &Type::Dynamic)
            .unwrap_err()
            .message
            .contains("nested"));
    }
}
