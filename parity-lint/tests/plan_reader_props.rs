//! Property tests: the plan reader and the engine behind it never panic on
//! truncated, mutated or oddly typed documents; they answer Ok or a
//! clear error.

use parity_lint::plan::{detect_region, find_pair, snapshot_of, Document};
use parity_lint::{check, Config};
use proptest::prelude::*;

const SAMPLE: &str = r#"{"format_version":"1.2","terraform_version":"1.11.4",
"resource_changes":[
 {"address":"module.primary.aws_vpc.main","module_address":"module.primary","mode":"managed","type":"aws_vpc","name":"main",
  "change":{"actions":["create"],"before":null,"after":{"cidr_block":"10.0.0.0/16","tags":{"Name":"hf-us-east-1"}},
  "after_unknown":{"id":true,"tags_all":true},"before_sensitive":false,"after_sensitive":{"tags":{}}}},
 {"address":"module.secondary.aws_vpc.main","module_address":"module.secondary","mode":"managed","type":"aws_vpc","name":"main",
  "change":{"actions":["create"],"before":null,"after":{"cidr_block":"10.1.0.0/16","tags":{"Name":"hf-us-west-2"}},
  "after_unknown":{"id":true,"tags_all":true},"before_sensitive":false,"after_sensitive":{"tags":{}}}},
 {"address":"module.secondary.aws_subnet.a[0]","module_address":"module.secondary","mode":"managed","type":"aws_subnet","name":"a","index":0,
  "change":{"actions":["create"],"before":null,"after":{"cidr_block":"10.1.1.0/24","availability_zone":"us-west-2a"},
  "after_unknown":{"id":true},"before_sensitive":false,"after_sensitive":{}}}],
"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"us-east-1"}}}},
 "root_module":{"module_calls":{"primary":{"source":"./region"},"secondary":{"source":"./region"}}}}}"#;

/// Parses, and when that works runs pairing, region detection and the
/// engine too: none of them may panic.
fn exercise(bytes: &[u8]) {
    let Ok(mut doc) = Document::parse(bytes) else {
        return;
    };
    let _ = find_pair(&doc);
    let snapshot = snapshot_of(&mut doc);
    let _ = detect_region(&doc, None, &snapshot);
    let mut other = snapshot.clone();
    other.region = None;
    let mut snapshot = snapshot;
    snapshot.region = None;
    let _ = check(snapshot, other, &Config::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn truncated_documents(cut in 0usize..SAMPLE.len()) {
        let bytes = &SAMPLE.as_bytes()[..cut];
        prop_assert!(Document::parse(bytes).is_err());
    }

    #[test]
    fn mutated_bytes(pos in 0usize..SAMPLE.len(), byte in any::<u8>()) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes[pos] = byte;
        exercise(&bytes);
    }

    #[test]
    fn spliced_values(pos in 0usize..SAMPLE.len(), insert in prop_oneof![
        Just("null"), Just("[]"), Just("{}"), Just("1e999"), Just("\"\\u0000\""), Just("true"),
        Just("[[[[[]]]]]"), Just("\"us-east-1a\""), Just("\"10.0.0.0/99\""), Just("-1"),
    ]) {
        let mut text = SAMPLE.to_owned();
        let pos = (0..=pos).rev().find(|p| text.is_char_boundary(*p)).unwrap_or(0);
        text.insert_str(pos, insert);
        exercise(text.as_bytes());
    }

    #[test]
    fn values_replaced_by_other_types(which in 0usize..40, replacement in prop_oneof![
        Just("null"), Just("1"), Just("\"x\""), Just("[]"), Just("{}"), Just("[1,\"a\",null]"), Just("{\"a\":{\"b\":[true]}}"),
    ]) {
        // Replace the value after the `which`-th colon.
        let colons: Vec<usize> = SAMPLE.match_indices(':').map(|(i, _)| i).collect();
        let at = colons[which % colons.len()] + 1;
        let rest = &SAMPLE[at..];
        let end = value_end(rest);
        let text = format!("{}{}{}", &SAMPLE[..at], replacement, &rest[end..]);
        exercise(text.as_bytes());
    }
}

/// Length of the JSON value at the start of `s` (strings, numbers,
/// literals, balanced brackets).
fn value_end(s: &str) -> usize {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' if depth == 0 => return i,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ',' if depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

#[test]
fn sample_is_valid() {
    let doc = Document::parse(SAMPLE.as_bytes()).unwrap();
    assert_eq!(doc.resources.len(), 3);
    assert_eq!(find_pair(&doc).unwrap().primary, "module.primary");
}
