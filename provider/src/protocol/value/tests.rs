//! Value helpers, and property tests of both codecs over generated
//! (type, value) pairs and hostile input.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::Union;

use super::{json, msgpack, AttributePath, Number, Type, Value, MAX_DEPTH};

#[test]
fn helpers() {
    let v = Value::object([
        ("name", Value::from("hf")),
        ("count", Value::from(3)),
        ("on", Value::from(true)),
        ("tags", Value::map([("Owner", Value::from("sre"))])),
        (
            "parity",
            Value::list([Value::object([(
                "ignore",
                Value::list([Value::Null, Value::object([("reason", Value::from("why"))])]),
            )])]),
        ),
        ("later", Value::Unknown),
    ]);
    assert_eq!(v.get("name").and_then(Value::as_str), Some("hf"));
    assert_eq!(v["count"].as_i64(), Some(3));
    assert_eq!(v["on"].as_bool(), Some(true));
    assert_eq!(v["tags"]["Owner"].as_str(), Some("sre"));
    assert_eq!(v["missing"], Value::Null);
    assert_eq!(v["parity"][0]["ignore"][1]["reason"].as_str(), Some("why"));
    assert_eq!(v["parity"][7], Value::Null);
    let path = AttributePath::new("parity")
        .index(0)
        .attr("ignore")
        .index(1)
        .attr("reason");
    assert_eq!(v.get_path(&path), Some(&Value::from("why")));
    assert_eq!(
        v.get_path(&AttributePath::new("tags").key("Owner"))
            .and_then(Value::as_str),
        Some("sre")
    );
    assert_eq!(v.get_path(&AttributePath::new("parity").index(-1)), None);
    assert_eq!(v.get_path(&AttributePath::root()), Some(&v));
    assert!(!v.is_known());
    assert!(v["name"].is_known());
    assert!(v["later"].is_unknown());
    assert!(v["missing"].is_null());
    assert!(Value::list([Value::Null]).is_known());
    assert!(!Value::map([("k", Value::list([Value::Unknown]))]).is_known());
    assert_eq!(Value::from(None::<&str>), Value::Null);
    assert_eq!(Value::from(Some(5)), Value::from(5));
    assert_eq!(Value::from(u64::MAX).as_i64(), None);
    assert_eq!(v["tags"].as_map().map(|m| m.len()), Some(1));
    assert_eq!(v["parity"].as_list().map(<[Value]>::len), Some(1));
}

/// The deepest values the codecs accept fit in 1 MiB of stack even in a
/// debug build (tokio's worker threads have 2 MiB), and one level more is
/// refused, not a crash.
#[test]
fn deepest_values_fit_in_a_small_stack() {
    /// A value nested `levels` deep (a bool is one level).
    fn nested(levels: usize) -> (Type, Value) {
        let mut ty = Type::Bool;
        let mut v = Value::from(true);
        for i in 1..levels {
            ty = if i % 2 == 0 {
                Type::list(ty)
            } else {
                Type::object([("a", ty)])
            };
            v = if i % 2 == 0 {
                Value::list([v])
            } else {
                Value::object([("a", v)])
            };
        }
        (ty, v)
    }
    let run = || {
        let (ty, v) = nested(MAX_DEPTH);
        let bytes = msgpack::encode(&v, &ty).unwrap();
        assert_eq!(msgpack::decode(&bytes, &ty).unwrap(), v);
        let text = json::encode(&v, &ty).unwrap();
        assert_eq!(json::decode(&text, &ty).unwrap(), v);

        // Through dynamic, where the input chooses the nesting; the
        // wrapper counts as a level.
        let (_, v) = nested(MAX_DEPTH - 1);
        let bytes = msgpack::encode(&v, &Type::Dynamic).unwrap();
        assert_eq!(msgpack::decode(&bytes, &Type::Dynamic).unwrap(), v);
        let text = json::encode(&v, &Type::Dynamic).unwrap();
        assert_eq!(json::decode(&text, &Type::Dynamic).unwrap(), v);

        // One level more is refused.
        let (ty, v) = nested(MAX_DEPTH);
        assert!(msgpack::encode(&Value::list([v.clone()]), &Type::list(ty.clone())).is_err());
        let mut wire = vec![0x91];
        wire.extend(msgpack::encode(&v, &ty).unwrap());
        assert!(msgpack::decode(&wire, &Type::list(ty.clone())).is_err());
        assert!(json::encode(&Value::list([v.clone()]), &Type::list(ty)).is_err());
        assert!(msgpack::encode(&v, &Type::Dynamic).is_err());
    };
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

/// What the value generator may produce.
#[derive(Clone, Copy, Debug)]
struct Gen {
    unknowns: bool,
    infinities: bool,
}

const MSGPACK: Gen = Gen {
    unknowns: true,
    infinities: true,
};
const JSON: Gen = Gen {
    unknowns: false,
    infinities: false,
};

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[a-z_][a-z0-9_]{0,8}", 1 => ".{0,4}"]
}

fn arb_type(dynamic: bool) -> BoxedStrategy<Type> {
    let leaf = if dynamic {
        prop_oneof![
            Just(Type::Bool),
            Just(Type::Number),
            Just(Type::String),
            Just(Type::Dynamic)
        ]
        .boxed()
    } else {
        prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String)].boxed()
    };
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            btree_map(arb_name(), inner.clone(), 0..4).prop_map(Type::Object),
            vec(inner, 0..4).prop_map(Type::Tuple),
        ]
    })
    .boxed()
}

fn arb_number(g: Gen) -> BoxedStrategy<Number> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    let finite = prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        (NORMAL | SUBNORMAL | ZERO | POSITIVE | NEGATIVE).prop_filter_map("NaN", Number::from_f64),
        "-?[0-9]{1,40}(\\.[0-9]{1,40})?(e-?[0-9]{1,3})?".prop_map(|s| s.parse::<Number>().unwrap()),
    ];
    if g.infinities {
        prop_oneof![
            20 => finite,
            1 => prop_oneof![Just(f64::INFINITY), Just(f64::NEG_INFINITY)].prop_filter_map("NaN", Number::from_f64),
        ]
        .boxed()
    } else {
        finite.boxed()
    }
}

/// Values of `ty`, nulls and (if allowed) unknowns at any level. A dynamic
/// value holds a value of a generated type without dynamic parts, so its
/// collections are uniform as Terraform's are.
fn arb_value(ty: &Type, g: Gen) -> BoxedStrategy<Value> {
    let concrete = match ty {
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Number => arb_number(g).prop_map(Value::Number).boxed(),
        Type::String => any::<String>().prop_map(Value::String).boxed(),
        Type::Dynamic => arb_type(false)
            .prop_flat_map(move |t| arb_value(&t, g))
            .boxed(),
        Type::List(e) => vec(arb_value(e, g), 0..4).prop_map(Value::List).boxed(),
        Type::Set(e) => vec(arb_value(e, g), 0..4).prop_map(Value::Set).boxed(),
        Type::Map(e) => btree_map(any::<String>(), arb_value(e, g), 0..4)
            .prop_map(Value::Map)
            .boxed(),
        Type::Object(attributes) => {
            let names: Vec<String> = attributes.keys().cloned().collect();
            let values: Vec<_> = attributes.values().map(|t| arb_value(t, g)).collect();
            values
                .prop_map(move |values| Value::Object(names.iter().cloned().zip(values).collect()))
                .boxed()
        }
        Type::Tuple(elements) => {
            let values: Vec<_> = elements.iter().map(|t| arb_value(t, g)).collect();
            values.prop_map(Value::Tuple).boxed()
        }
    };
    let mut options = vec![(1, Just(Value::Null).boxed()), (8, concrete)];
    if g.unknowns {
        options.push((1, Just(Value::Unknown).boxed()));
    }
    Union::new_weighted(options).boxed()
}

fn arb_pair(g: Gen) -> impl Strategy<Value = (Type, Value)> {
    arb_type(true).prop_flat_map(move |t| (Just(t.clone()), arb_value(&t, g)))
}

/// A few schema-like types for the hostile-input properties.
fn fixed_types() -> Vec<Type> {
    vec![
        Type::String,
        Type::Number,
        Type::Dynamic,
        Type::list(Type::map(Type::Number)),
        Type::object([
            ("name", Type::String),
            ("tags", Type::map(Type::String)),
            ("extra", Type::Dynamic),
            (
                "parity",
                Type::list(Type::object([
                    ("cidr", Type::String),
                    (
                        "ignore",
                        Type::set(Type::Tuple(vec![Type::String, Type::Bool])),
                    ),
                ])),
            ),
        ]),
    ]
}

proptest! {
    #[test]
    fn msgpack_round_trips((ty, v) in arb_pair(MSGPACK)) {
        let bytes = msgpack::encode(&v, &ty).unwrap();
        let back = msgpack::decode(&bytes, &ty).unwrap();
        prop_assert_eq!(&back, &v);
        // The encoding is canonical: the decoded value writes the same bytes.
        prop_assert_eq!(msgpack::encode(&back, &ty).unwrap(), bytes);
    }

    #[test]
    fn json_round_trips((ty, v) in arb_pair(JSON)) {
        let bytes = json::encode(&v, &ty).unwrap();
        // Valid JSON (serde_json refuses numbers beyond f64, which JSON allows).
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            prop_assert!(e.to_string().contains("number out of range"), "{}", e);
        }
        let back = json::decode(&bytes, &ty).unwrap();
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(json::decode_lenient(&bytes, &ty).unwrap(), v);
    }

    #[test]
    fn types_round_trip_as_json(ty in arb_type(true)) {
        prop_assert_eq!(Type::from_json(ty.to_json().as_bytes()).unwrap(), ty);
    }

    #[test]
    fn numbers_round_trip_as_text(n in arb_number(MSGPACK)) {
        prop_assert_eq!(n.to_exact_string().parse::<Number>().unwrap(), n);
    }

    #[test]
    fn msgpack_decode_never_panics(bytes in vec(any::<u8>(), 0..256), which in any::<Index>()) {
        let types = fixed_types();
        let _ = msgpack::decode(&bytes, which.get(&types));
    }

    #[test]
    fn msgpack_decode_survives_corrupted_values(
        (ty, v) in arb_pair(MSGPACK),
        edits in vec((any::<Index>(), any::<u8>()), 1..4),
        cut in any::<Index>(),
    ) {
        let mut bytes = msgpack::encode(&v, &ty).unwrap();
        // msgpack is self-delimiting: no strict prefix of a value is one.
        let len = cut.index(bytes.len());
        prop_assert!(msgpack::decode(&bytes[..len], &ty).is_err());
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = msgpack::decode(&bytes, &ty);
    }

    #[test]
    fn json_decode_never_panics(bytes in vec(any::<u8>(), 0..256), text in ".{0,64}", which in any::<Index>()) {
        let types = fixed_types();
        let ty = which.get(&types);
        let _ = json::decode(&bytes, ty);
        let _ = json::decode_lenient(text.as_bytes(), ty);
        let _ = Type::from_json(text.as_bytes());
    }

    #[test]
    fn json_decode_survives_corrupted_values(
        (ty, v) in arb_pair(JSON),
        edits in vec((any::<Index>(), prop::sample::select(b"{}[]\",:0-.e\\ nt".to_vec())), 1..4),
    ) {
        let mut bytes = json::encode(&v, &ty).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = json::decode(&bytes, &ty);
    }
}
