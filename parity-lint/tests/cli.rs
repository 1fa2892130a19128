//! The `parity-lint` binary as a user runs it: exit codes, formats,
//! configuration, and bad input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(rel: &str) -> String {
    root()
        .join("examples/plans")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// The binary, run in an empty directory so no stray `.parity.toml` is found.
fn lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("parity-lint").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("PARITY_LINT_LOG");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = lint(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `check` of the drifted AWS example pair, with `extra` flags.
fn check_aws(extra: &[&str]) -> Run {
    let (r1, r2) = (example("aws/r1.json"), example("aws/r2.json"));
    let mut args = vec!["check", r1.as_str(), r2.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}

fn json_findings(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.stdout))
}

/// Every finding `expected.json` lists is reported, and nothing else.
fn assert_expected(report: &Value, expected_file: &str) {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(example(expected_file)).unwrap()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    for e in &expected {
        let hit = findings.iter().any(|f| {
            f["rule"] == e["rule"]
                && f["address"] == e["address"]
                && f["attribute"]
                    .as_str()
                    .unwrap()
                    .starts_with(e["attribute"].as_str().unwrap())
        });
        assert!(hit, "missing expected finding {e}\nin {report:#}");
    }
    for f in findings {
        let wanted = expected.iter().any(|e| {
            f["rule"] == e["rule"]
                && f["address"] == e["address"]
                && f["attribute"]
                    .as_str()
                    .unwrap()
                    .starts_with(e["attribute"].as_str().unwrap())
        });
        assert!(wanted, "unexpected finding {f}");
    }
}

#[test]
fn readme_example_reports_drift_for_every_rule() {
    let r = check_aws(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for id in [
        "PL001", "PL010", "PL011", "PL020", "PL030", "PL040", "PL050", "PL060",
    ] {
        assert!(r.stdout.contains(id), "{id} missing from:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("aws_eks_node_group.default"));
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    // The unified diff of normalized attributes.
    assert!(
        r.stdout.contains("-instance_types[0] = \"m5.xlarge\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("+instance_types[0] = \"m5.large\""),
        "{}",
        r.stdout
    );
}

#[test]
fn aws_and_azure_pairs_give_exactly_the_planted_findings() {
    for (r1, r2, expected) in [
        ("aws/r1.json", "aws/r2.json", "aws/expected.json"),
        ("azure/r1.json", "azure/r2.json", "azure/expected.json"),
    ] {
        let r = run(&["check", &example(r1), &example(r2), "--format", "json"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_expected(&json_findings(&r), expected);
    }
}

#[test]
fn one_document_pairs_find_the_same_drift() {
    for (doc, expected) in [
        ("aws/pair.json", "aws/expected.json"),
        ("azure/pair.json", "azure/expected.json"),
    ] {
        let r = run(&["check", &example(doc), "--format", "json"]);
        assert_eq!(r.code, 1, "{doc}: {}", r.stderr);
        let report = json_findings(&r);
        assert_expected(&report, expected);
        let f = &report["findings"][0];
        assert!(
            f["primary_address"]
                .as_str()
                .unwrap()
                .starts_with("module.primary."),
            "{f}"
        );
    }
    let r = run(&["check", &example("aws/pair-for-each.json")]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn symmetrical_pairs_pass() {
    for (r1, r2) in [
        ("aws/r1.json", "aws/r2-symmetrical.json"),
        ("azure/r1.json", "azure/r2-symmetrical.json"),
    ] {
        let r = run(&["check", &example(r1), &example(r2), "--format", "json"]);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let report = json_findings(&r);
        assert_eq!(report["summary"]["errors"], 0);
        assert!(report["summary"]["pairs"].as_u64().unwrap() >= 20);
        assert!(
            report["summary"]["not_comparable"].as_u64().unwrap() > 0,
            "computed ids are not comparable"
        );
    }
}

#[test]
fn json_contract_version_1() {
    let r = check_aws(&["--format", "json"]);
    let v = json_findings(&r);
    assert_eq!(v["version"], 1);
    for key in ["errors", "warnings", "not_comparable", "pairs"] {
        assert!(v["summary"][key].is_u64(), "summary.{key}");
    }
    assert_eq!(v["summary"]["errors"], 8);
    assert_eq!(v["summary"]["warnings"], 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PL010")
        .unwrap();
    assert_eq!(f["name"], "instance-size");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["address"], "aws_eks_node_group.default");
    assert_eq!(f["primary_address"], "aws_eks_node_group.default");
    assert_eq!(f["secondary_address"], "aws_eks_node_group.default");
    assert_eq!(f["attribute"], "instance_types[0]");
    assert_eq!(f["primary"], "m5.xlarge");
    assert_eq!(f["secondary"], "m5.large");
    assert!(f["message"].as_str().unwrap().contains("m5.large"));
    assert!(!f["hint"].as_str().unwrap().is_empty());
    let missing = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PL050")
        .unwrap();
    assert!(missing["secondary_address"].is_null());
}

#[test]
fn every_format_renders() {
    let base = [example("aws/r1.json"), example("aws/r2.json")];
    for format in ["text", "json", "sarif", "markdown", "github", "junit"] {
        let r = run(&["check", &base[0], &base[1], "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        match format {
            "sarif" => {
                let v: Value = serde_json::from_str(&r.stdout).unwrap();
                assert_eq!(v["version"], "2.1.0");
                assert_eq!(v["runs"][0]["tool"]["driver"]["name"], "parity-lint");
                assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 9);
            }
            "markdown" => assert!(r.stdout.starts_with("<!-- parity-lint -->"), "{}", r.stdout),
            "github" => assert!(
                r.stdout
                    .lines()
                    .any(|l| l.starts_with("::error ") || l.starts_with("::error::")),
                "{}",
                r.stdout
            ),
            "junit" => assert!(
                r.stdout.contains("<testsuite") && r.stdout.contains("<failure"),
                "{}",
                r.stdout
            ),
            _ => {}
        }
    }
    let r = run(&["check", &base[0], &base[1], "--format", "yaml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn fail_on_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    // Only the PL060 warning remains.
    std::fs::write(
        dir.path().join(".parity.toml"),
        "[severity]\nPL001 = \"off\"\nPL010 = \"off\"\nPL011 = \"off\"\nPL020 = \"off\"\nPL030 = \"off\"\nPL040 = \"off\"\nPL050 = \"off\"\n",
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "check".to_owned(),
            example("aws/r1.json"),
            example("aws/r2.json"),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let code = |extra: &[&str]| {
        let a = args(extra);
        run_in(
            dir.path(),
            &a.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .code
    };
    assert_eq!(code(&[]), 0, "a warning does not fail --fail-on error");
    assert_eq!(code(&["--fail-on", "warning"]), 1);
    assert_eq!(code(&["--fail-on", "never"]), 0);
    let r = check_aws(&["--fail-on", "never"]);
    assert_eq!(r.code, 0);
}

#[test]
fn configuration_modes_and_ignores() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("p.toml");
    std::fs::write(
        &cfg,
        "capacity = \"scaled-down\"\n[[ignore]]\naddress = \"aws_secretsmanager_secret.*\"\nreason = \"created by the secrets pipeline per region\"\n",
    )
    .unwrap();
    let r = check_aws(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        !r.stdout.contains("PL011"),
        "scaled-down accepts the smaller standby:\n{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("created by the secrets pipeline per region"),
        "ignore reason printed:\n{}",
        r.stdout
    );

    std::fs::write(&cfg, "require_disjoint = true\n").unwrap();
    let r = run(&[
        "check",
        &example("aws/r1.json"),
        &example("aws/r2-overlapping.json"),
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let v = json_findings(&r);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "PL002"),
        "{v:#}"
    );
    let r = run(&[
        "check",
        &example("aws/r1.json"),
        &example("aws/r2-overlapping.json"),
    ]);
    assert_eq!(
        r.code, 0,
        "overlap is fine without require_disjoint:\n{}",
        r.stdout
    );
    // The annotated example configuration is valid as shipped.
    let annotated = root().join("examples/parity.toml");
    let r = check_aws(&["--config", annotated.to_str().unwrap()]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

#[test]
fn bad_configuration_exits_2_naming_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".parity.toml"),
        "cidr = \"mirrored\"\nrequire_disjunct = true\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["check", &example("aws/r1.json"), &example("aws/r2.json")],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("require_disjunct")
            && r.stderr.contains("line 2")
            && r.stderr.contains(".parity.toml"),
        "{}",
        r.stderr
    );
    std::fs::write(
        dir.path().join(".parity.toml"),
        "[[ignore]]\nrule = \"PL010\"\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["check", &example("aws/r1.json"), &example("aws/r2.json")],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("reason"), "{}", r.stderr);
    let r = check_aws(&["--config", "/nonexistent/p.toml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.sarif");
    std::fs::write(&out, "old").unwrap();
    let r = check_aws(&["--format", "sarif", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
    let r = check_aws(&["--output", "/nonexistent-dir/x.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/nonexistent-dir/x.txt"), "{}", r.stderr);
}

#[test]
fn sarif_points_into_sources() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("eks.tf"),
        "locals {}\n\nresource \"aws_eks_node_group\" \"default\" {\n  cluster_name = \"x\"\n}\n",
    )
    .unwrap();
    let r = check_aws(&[
        "--format",
        "sarif",
        "--source-dir",
        dir.path().to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let result = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["ruleId"] == "PL010")
        .unwrap()
        .clone();
    let loc = &result["locations"][0]["physicalLocation"];
    assert!(
        loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("eks.tf"),
        "{result:#}"
    );
    assert_eq!(loc["region"]["startLine"], 3);

    // Without a source location, results point at the primary document.
    let r = check_aws(&["--format", "sarif"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    for result in v["runs"][0]["results"].as_array().unwrap() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("examples/plans/aws/r1.json"), "{uri}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn bad_input_exits_2_with_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = example("aws/r1.json");
    let truncated = {
        let text = std::fs::read_to_string(example("aws/r2.json")).unwrap();
        write(d, "truncated.json", &text[..text.len() / 2])
    };
    let cases: Vec<(String, Vec<&str>)> = vec![
        (truncated.clone(), vec!["truncated.json", "line", "column"]),
        (write(d, "list.json", "[1, 2, 3]"), vec!["list.json", "not a Terraform plan or state", "$"]),
        (write(d, "other.json", "{\"name\": \"package.json\"}"), vec!["other.json", "not a Terraform plan or state"]),
        (
            write(d, "types.json", "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_vpc.a\",\"type\":\"aws_vpc\",\"change\":{\"actions\":[\"create\"],\"after\":{}}},{\"address\":7,\"type\":\"aws_vpc\",\"change\":{}}]}"),
            vec!["types.json", "$.resource_changes[1].address"],
        ),
        (
            write(d, "cidr.json", &std::fs::read_to_string(example("aws/r2.json")).unwrap().replace("10.1.13.0/24", "10.1.13.0/33")),
            vec!["aws_subnet.private[2]", "cidr_block", "10.1.13.0/33"],
        ),
        (d.join("missing.json").to_string_lossy().into_owned(), vec!["missing.json", "cannot read"]),
        (d.to_string_lossy().into_owned(), vec!["cannot read"]),
    ];
    for (file, needles) in cases {
        let r = run(&["check", &good, &file]);
        assert_eq!(r.code, 2, "{file}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert_eq!(
            r.stderr.trim().lines().count(),
            1,
            "one message: {}",
            r.stderr
        );
        for n in needles {
            assert!(
                r.stderr.contains(n),
                "{file}: expected `{n}` in: {}",
                r.stderr
            );
        }
    }
}

#[test]
fn same_region_twice_and_unknown_regions_are_rejected() {
    let r = run(&["check", &example("aws/r1.json"), &example("aws/r1.json")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("us-east-1") && r.stderr.contains("two different regions"),
        "{}",
        r.stderr
    );
    let r = check_aws(&["--primary-region", "mars-1"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("mars-1"), "{}", r.stderr);
    let r = check_aws(&[
        "--primary-region",
        "us-west-2",
        "--secondary-region",
        "us-west-2",
    ]);
    assert_eq!(r.code, 2);
}

#[test]
fn rules_and_explain() {
    let r = run(&["rules"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.lines().count(), 9);
    assert!(r.stdout.contains("PL020") && r.stdout.contains("network-rules"));
    let r = run(&["rules", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 9);
    let r = run(&["explain", "PL020"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("## Why it breaks failover"),
        "{}",
        r.stdout
    );
    let r = run(&["explain", "PL999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("PL999"));
    let r = run(&["check"]);
    assert_eq!(r.code, 2, "usage error");
    let r = run(&["check", "a", "b", "c"]);
    assert_eq!(r.code, 2, "at most two documents");
}

/// A real binary plan file, made by the real `terraform` with the built-in
/// `terraform_data` resource (no provider download needed).
#[test]
fn binary_plan_files_go_through_terraform_show() {
    let terraform = std::env::var("TERRAFORM").unwrap_or_else(|_| "terraform".into());
    let probe = std::process::Command::new(&terraform)
        .arg("version")
        .output();
    assert!(
        probe.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs the terraform CLI: put it on PATH or set $TERRAFORM (tried `{terraform}`)"
    );
    let dir = tempfile::tempdir().unwrap();
    let plan_dir = |name: &str, region: &str, size: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("main.tf"),
            format!("resource \"terraform_data\" \"node\" {{\n  input = {{ region = \"{region}\", instance_type = \"{size}\", name = \"hf-{region}\" }}\n}}\n"),
        )
        .unwrap();
        let tf = |args: &[&str]| {
            let out = std::process::Command::new(&terraform)
                .args(args)
                .current_dir(&d)
                .env("TF_IN_AUTOMATION", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "terraform {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        tf(&["init", "-input=false", "-no-color"]);
        tf(&["plan", "-input=false", "-no-color", "-out=tfplan"]);
        d
    };
    let r1 = plan_dir("r1", "us-east-1", "m5.large");
    let r2 = plan_dir("r2", "us-west-2", "m5.xlarge");
    // `terraform show` needs the working directory the plan was made in.
    let out = lint(&r1)
        .args([
            "check",
            "tfplan",
            "tfplan",
            "--primary-region",
            "us-east-1",
            "--secondary-region",
            "us-west-2",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = lint(&r1)
        .args([
            "check",
            "tfplan",
            r2.join("tfplan").to_str().unwrap(),
            "--primary-region",
            "us-east-1",
            "--secondary-region",
            "us-west-2",
            "--format",
            "json",
            "--fail-on",
            "warning",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["attribute"] == "input.instance_type"),
        "{v:#}"
    );

    // Without terraform: a clear message, exit 2.
    let out = lint(&r1)
        .env("TERRAFORM", "/nonexistent/terraform")
        .args(["check", "tfplan", "tfplan"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("binary plan file") && err.contains("terraform"),
        "{err}"
    );
}
