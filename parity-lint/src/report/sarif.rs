//! SARIF 2.1.0, for code scanning (GitHub uploads it with `upload-sarif`).
//!
//! One run; the driver lists every rule with its documentation; each
//! finding is a result that always names the resource as a logical
//! location and, when `--source-dir` found its `resource` block, points at
//! that file and line. Ignored findings are results too, carrying an
//! external suppression with the `[[ignore]]` entry's reason.

use serde::Serialize;
use serde_json::{json, Value};

use crate::finding::{Finding, Report, Severity};
use crate::rules::{RuleInfo, RULES};

use super::{Location, RenderOptions};

/// The schema every SARIF 2.1.0 log names.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the fingerprint in `partialFingerprints`; the suffix changes
/// if the hashed fields ever do.
pub const FINGERPRINT_KEY: &str = "parityLint/v1";

/// SARIF's level for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Off => "none",
    }
}

// The log is written from borrowing structs, not built as a `Value`
// tree: a report of 50,000 findings renders several times faster so.

#[derive(Serialize)]
struct Log<'r> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'r>; 1],
}

#[derive(Serialize)]
struct Run<'r> {
    tool: Tool<'r>,
    results: Vec<SarifResult<'r>>,
    properties: RunProperties<'r>,
}

#[derive(Serialize)]
struct Tool<'r> {
    driver: Driver<'r>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'r> {
    name: &'static str,
    version: &'r str,
    information_uri: &'static str,
    rules: Vec<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'r> {
    primary_region: Option<&'r str>,
    secondary_region: Option<&'r str>,
    not_comparable: usize,
    pairs: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'r> {
    rule_id: &'r str,
    rule_index: usize,
    level: &'static str,
    message: Text<'r>,
    locations: [ResultLocation<'r>; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'r>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'r>; 1]>,
}

#[derive(Serialize)]
struct Text<'r> {
    text: &'r str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'r> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<Physical>,
    logical_locations: [Logical<'r>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'r> {
    fully_qualified_name: &'r str,
    kind: &'static str,
}

/// `partialFingerprints`; the key is [`FINGERPRINT_KEY`].
#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "parityLint/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'r> {
    attribute: &'r str,
    primary: &'r Value,
    secondary: &'r Value,
    resource_type: &'r str,
    primary_address: Option<&'r str>,
    secondary_address: Option<&'r str>,
    hint: &'r str,
}

#[derive(Serialize)]
struct Suppression<'r> {
    kind: &'static str,
    status: &'static str,
    justification: &'r str,
}

/// Renders the report as a SARIF 2.1.0 log, pretty-printed.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    // The driver lists the registry; a finding from a rule outside it
    // (none today) is appended so every `ruleIndex` stays valid.
    let mut rules: Vec<&RuleInfo> = RULES.to_vec();
    let all = report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding));
    for f in all {
        if !rules.iter().any(|r| r.id == f.rule.id) {
            rules.push(f.rule);
        }
    }

    let mut results: Vec<SarifResult<'_>> = report
        .findings
        .iter()
        .map(|f| result(f, &rules, opts))
        .collect();
    for s in &report.suppressed {
        let mut r = result(&s.finding, &rules, opts);
        r.suppressions = Some([Suppression {
            kind: "external",
            status: "accepted",
            justification: &s.reason,
        }]);
        results.push(r);
    }

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "parity-lint",
                    version: &opts.tool_version,
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.iter().map(|r| descriptor(r)).collect(),
                },
            },
            results,
            properties: RunProperties {
                primary_region: report.primary_region.as_deref(),
                secondary_region: report.secondary_region.as_deref(),
                not_comparable: report.summary.not_comparable,
                pairs: report.summary.pairs,
            },
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).expect("plain structs serialize");
    out.push('\n');
    out
}

/// A rule's `reportingDescriptor`.
fn descriptor(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": format!("{} Fix: {}", rule.summary, rule.hint) },
        "help": { "text": rule.explanation, "markdown": rule.explanation },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "tags": ["terraform", "multi-region", "parity"],
        },
    })
}

fn result<'r>(f: &'r Finding, rules: &[&RuleInfo], opts: &RenderOptions) -> SarifResult<'r> {
    SarifResult {
        rule_id: f.rule.id,
        rule_index: rules.iter().position(|r| r.id == f.rule.id).unwrap_or(0),
        level: level(f.severity),
        message: Text { text: &f.message },
        locations: [ResultLocation {
            physical_location: opts
                .location_of(f)
                .or(opts.fallback_location.as_ref())
                .map(physical),
            logical_locations: [Logical {
                fully_qualified_name: &f.address,
                kind: "resource",
            }],
        }],
        partial_fingerprints: Fingerprints { v1: fingerprint(f) },
        properties: ResultProperties {
            attribute: &f.attribute,
            primary: &f.primary,
            secondary: &f.secondary,
            resource_type: &f.resource_type,
            primary_address: f.primary_address.as_deref(),
            secondary_address: f.secondary_address.as_deref(),
            hint: &f.hint,
        },
        suppressions: None,
    }
}

fn physical(loc: &Location) -> Physical {
    Physical {
        artifact_location: Artifact {
            uri: file_uri(&loc.file),
        },
        region: Region {
            start_line: loc.line.max(1),
        },
    }
}

/// A file path as a URI reference: relative paths stay relative (code
/// scanning resolves them against the repository root), absolute ones
/// become `file:` URIs; anything outside the unreserved set is
/// percent-encoded.
pub fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let mut out = String::new();
    let bytes = rest.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if rest.starts_with('/') {
        out.push_str("file://");
    } else if drive {
        out.push_str("file:///");
    }
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable hash of rule, address and attribute: the same finding keeps
/// its fingerprint across runs, machines and releases (FNV-1a, 64 bits).
pub fn fingerprint(f: &Finding) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [f.rule.id, f.address.as_str(), f.attribute.as_str()] {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{clean, drifted, hostile};

    fn parsed(report: &Report, opts: &RenderOptions) -> Value {
        serde_json::from_str(&render(report, opts)).expect("valid JSON")
    }

    fn located() -> RenderOptions {
        let mut opts = RenderOptions {
            tool_version: "9.9.9".into(),
            ..RenderOptions::default()
        };
        opts.locations.insert(
            "aws_eks_node_group.default".into(),
            Location {
                file: "./infra/eks nodes.tf".into(),
                line: 12,
            },
        );
        opts
    }

    #[test]
    fn log_driver_and_rules() {
        let v = parsed(&drifted(), &located());
        assert_eq!(v["$schema"], SCHEMA_URI);
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"].as_array().unwrap().len(), 1);
        let driver = &v["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "parity-lint");
        assert_eq!(driver["version"], "9.9.9");
        assert_eq!(
            driver["informationUri"],
            "https://github.com/highflame/highflame-dr"
        );
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        for (r, info) in rules.iter().zip(RULES) {
            assert_eq!(r["id"], info.id);
            assert_eq!(r["name"], info.name);
            assert_eq!(r["shortDescription"]["text"], info.summary);
            assert_eq!(r["help"]["markdown"], info.explanation);
            assert_eq!(r["help"]["text"], info.explanation);
            assert_eq!(r["defaultConfiguration"]["level"], level(info.severity));
            assert!(r["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .contains(info.hint));
        }
    }

    #[test]
    fn results_carry_level_locations_fingerprints_and_values() {
        let report = drifted();
        let v = parsed(&report, &located());
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        let first = &results[0];
        assert_eq!(first["ruleId"], "PL010");
        let index = first["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "PL010"
        );
        assert_eq!(first["level"], "error");
        assert_eq!(
            first["message"]["text"],
            report.findings[0].message.as_str()
        );
        let loc = &first["locations"][0];
        assert_eq!(
            loc["physicalLocation"],
            json!({"artifactLocation": {"uri": "infra/eks%20nodes.tf"}, "region": {"startLine": 12}})
        );
        assert_eq!(
            loc["logicalLocations"],
            json!([{"fullyQualifiedName": "aws_eks_node_group.default", "kind": "resource"}])
        );
        assert_eq!(first["properties"]["primary"], "m5.xlarge");
        assert_eq!(first["properties"]["secondary"], "m5.large");
        assert_eq!(first["properties"]["attribute"], "instance_types[0]");
        assert_eq!(
            first["partialFingerprints"][FINGERPRINT_KEY],
            fingerprint(&report.findings[0]).as_str()
        );
        // No source location known: logical location only.
        let vpc = &results[2]["locations"][0];
        assert!(vpc.get("physicalLocation").is_none());
        assert_eq!(
            vpc["logicalLocations"][0]["fullyQualifiedName"],
            "aws_vpc.main"
        );
        assert_eq!(results[2]["level"], "warning");
        assert!(results[..3].iter().all(|r| r.get("suppressions").is_none()));
    }

    #[test]
    fn ignored_findings_are_suppressed_results() {
        let v = parsed(&drifted(), &RenderOptions::default());
        let last = &v["runs"][0]["results"][3];
        assert_eq!(last["ruleId"], "PL010");
        assert_eq!(
            last["suppressions"],
            json!([{"kind": "external", "status": "accepted", "justification": "bastion is sized per region"}])
        );
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let report = drifted();
        let prints: Vec<_> = report.findings.iter().map(fingerprint).collect();
        assert_eq!(prints[0].len(), 16);
        assert_ne!(prints[0], prints[1]);
        assert_ne!(prints[1], prints[2]);
        // Pinned: a change here re-opens every alert in code scanning.
        assert_eq!(prints[0], fingerprint(&drifted().findings[0]));
        let mut moved = report.findings[0].clone();
        moved.message = "other words".into();
        moved.primary = json!("x");
        assert_eq!(fingerprint(&moved), prints[0]);
        let mut a = report.findings[0].clone();
        a.address = "ab".into();
        a.attribute = "c".into();
        let mut b = a.clone();
        b.address = "a".into();
        b.attribute = "bc".into();
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn fingerprint_value_is_pinned() {
        let f = &drifted().findings[0];
        assert_eq!(fingerprint(f), PINNED);
    }

    const PINNED: &str = "0443d71a9accb308";

    #[test]
    fn uris() {
        assert_eq!(file_uri("main.tf"), "main.tf");
        assert_eq!(file_uri("./a/./b c#d.tf"), "a/./b%20c%23d.tf");
        assert_eq!(file_uri("/abs/x.tf"), "file:///abs/x.tf");
        assert_eq!(file_uri(r"C:\repo\x.tf"), "file:///C:/repo/x.tf");
        assert_eq!(file_uri("a:b.tf"), "a%3Ab.tf");
        assert_eq!(file_uri("é.tf"), "%C3%A9.tf");
    }

    #[test]
    fn escapes_survive_json() {
        let report = hostile();
        let v = parsed(&report, &RenderOptions::default());
        let r = &v["runs"][0]["results"][0];
        assert_eq!(r["message"]["text"], report.findings[0].message.as_str());
        assert_eq!(r["level"], "note");
        assert_eq!(v["runs"][0]["properties"]["secondaryRegion"], Value::Null);
    }

    /// The serde-sarif package (a dev-dependency pinned to this version)
    /// ships the official OASIS SARIF 2.1.0 JSON schema as `src/schema.json`.
    /// The schema is not copied into this repository: the test reads it
    /// from cargo's download of that package, or from the file named by
    /// `PARITY_LINT_SARIF_SCHEMA`.
    const SERDE_SARIF_VERSION: &str = "0.8.0";

    fn official_schema() -> Value {
        let path = std::env::var_os("PARITY_LINT_SARIF_SCHEMA")
            .map(std::path::PathBuf::from)
            .or_else(schema_in_cargo_registry)
            .unwrap_or_else(|| {
                panic!(
                    "serde-sarif-{SERDE_SARIF_VERSION}/src/schema.json not found under $CARGO_HOME/registry/src; \
                     set PARITY_LINT_SARIF_SCHEMA to the SARIF 2.1.0 schema file"
                )
            });
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        assert_eq!(
            schema["$id"], "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json",
            "{} is not the SARIF 2.1.0 schema",
            path.display()
        );
        schema
    }

    fn schema_in_cargo_registry() -> Option<std::path::PathBuf> {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo"))
            })?;
        let mut registries: Vec<_> = std::fs::read_dir(cargo_home.join("registry").join("src"))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        registries.sort();
        registries
            .into_iter()
            .map(|r| {
                r.join(format!("serde-sarif-{SERDE_SARIF_VERSION}"))
                    .join("src")
                    .join("schema.json")
            })
            .find(|p| p.is_file())
    }

    /// The schema as published carries an invalid regular expression (a
    /// stray `]` in the `language` patterns of `run` and `toolComponent`),
    /// which a strict validator rejects while compiling the schema.
    /// parity-lint never writes `language`; the pattern is replaced by the
    /// one evidently intended. Returns how many were replaced.
    fn patch_known_erratum(schema: &mut Value) -> usize {
        const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
        match schema {
            Value::Object(map) => {
                let mut n = 0;
                for (key, v) in map.iter_mut() {
                    if key == "pattern" && v == BAD {
                        *v = json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                        n += 1;
                    } else {
                        n += patch_known_erratum(v);
                    }
                }
                n
            }
            Value::Array(items) => items.iter_mut().map(patch_known_erratum).sum(),
            _ => 0,
        }
    }

    fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
        validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    #[test]
    fn output_validates_against_the_official_schema() {
        let mut schema = official_schema();
        patch_known_erratum(&mut schema);
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles");
        for report in [drifted(), hostile(), clean(), Report::default()] {
            for opts in [RenderOptions::default(), located()] {
                let out = render(&report, &opts);
                let log: Value = serde_json::from_str(&out).unwrap();
                let errors = schema_errors(&validator, &log);
                assert!(errors.is_empty(), "{errors:#?}\n{out}");
                // The typed model generated from the same schema reads it too.
                let typed: serde_sarif::sarif::Sarif =
                    serde_json::from_str(&out).expect("serde-sarif reads it");
                assert_eq!(typed.runs.len(), 1);
            }
        }
        // The check has teeth: a wrong level, a missing message and a
        // misspelt property each fail it.
        let mut bad: Value = serde_json::from_str(&render(&drifted(), &located())).unwrap();
        bad["runs"][0]["results"][0]["level"] = json!("fatal");
        bad["runs"][0]["results"][1]
            .as_object_mut()
            .unwrap()
            .remove("message");
        bad["runs"][0]["results"][2]["ruleID"] = json!("PL060");
        assert_eq!(
            schema_errors(&validator, &bad).len(),
            3,
            "{:#?}",
            schema_errors(&validator, &bad)
        );
    }

    #[test]
    fn empty_report_has_rules_and_no_results() {
        let v = parsed(&clean(), &RenderOptions::default());
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .len(),
            RULES.len()
        );
    }
}
