//! The provider as a user meets it: packaged by `release/build.sh`,
//! installed by `terraform init` from a filesystem mirror (no
//! dev_overrides), and driven through plan, apply, import and destroy by
//! the real `terraform`, once under plugin protocol 5 and once under 6.
//!
//! Inventory is off here (`inventory = false`): live AWS parity against
//! moto is the next increment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_terraform-provider-highflame");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn terraform_binary() -> String {
    let terraform = std::env::var("TERRAFORM").unwrap_or_else(|_| "terraform".into());
    let ok = Command::new(&terraform)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "these tests need the terraform CLI: put it on PATH or set $TERRAFORM (tried `{terraform}`)"
    );
    terraform
}

/// Packages the test binary and lays out a mirror; returns the CLI config.
fn install_mirror(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    let mirror = dir.join("mirror");
    let run = |script: &str, args: &[&Path]| {
        let out = Command::new("bash")
            .arg(repo().join("release").join(script))
            .args(args)
            .env("BIN", BIN)
            .env("DIST_DIR", &dist)
            .env("DIST", &dist)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run("build.sh", &[]);
    run("mirror.sh", &[&mirror]);
    mirror.join("terraformrc")
}

struct Workspace {
    dir: PathBuf,
    terraform: String,
    cli_config: PathBuf,
    protocol: &'static str,
}

impl Workspace {
    fn tf(&self, args: &[&str]) -> Output {
        Command::new(&self.terraform)
            .args(args)
            .current_dir(&self.dir)
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("HIGHFLAME_PLUGIN_PROTOCOL", self.protocol)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .output()
            .unwrap()
    }

    /// Runs and expects `code`; returns stdout + stderr.
    fn expect(&self, args: &[&str], code: i32) -> String {
        let out = self.tf(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            out.status.code(),
            Some(code),
            "protocol {}: terraform {args:?}:\n{text}",
            self.protocol
        );
        text
    }

    fn write(&self, body: &str) {
        let config = format!(
            "terraform {{\n  required_providers {{\n    highflame = {{\n      source  = \"highflame/highflame\"\n      version = \"0.1.0\"\n    }}\n  }}\n}}\n\nprovider \"highflame\" {{}}\n\n{body}"
        );
        std::fs::write(self.dir.join("main.tf"), config).unwrap();
    }

    fn state(&self) -> serde_json::Value {
        let text = self.expect(&["show", "-json"], 0);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("show -json: {e}: {text}"))
    }
}

fn pair(tags: &str) -> String {
    format!(
        r#"resource "highflame_region_pair" "main" {{
  name             = "highflame-prod"
  cloud            = "aws"
  primary_region   = "us-east-1"
  secondary_region = "us-west-2"
  inventory        = false

  parity {{
    enforcement = "warn"
    capacity    = "scaled-down"
  }}

  tags = {{ {tags} }}
}}
"#
    )
}

fn lifecycle(protocol: &'static str) {
    let terraform = terraform_binary();
    let tmp = tempfile::tempdir().unwrap();
    let cli_config = install_mirror(tmp.path());
    let dir = tmp.path().join("work");
    std::fs::create_dir(&dir).unwrap();
    let ws = Workspace {
        dir,
        terraform,
        cli_config,
        protocol,
    };
    ws.write(&pair("Owner = \"sre\""));

    let init = ws.expect(&["init", "-input=false", "-no-color"], 0);
    assert!(init.contains("highflame/highflame"), "{init}");
    let lock = std::fs::read_to_string(ws.dir.join(".terraform.lock.hcl")).unwrap();
    assert!(
        lock.contains("registry.terraform.io/highflame/highflame") && lock.contains("h1:"),
        "{lock}"
    );

    // Provider logs reach Terraform's log at their own level (hclog JSON lines).
    let logged = Command::new(&ws.terraform)
        .args(["validate", "-no-color"])
        .current_dir(&ws.dir)
        .env("TF_CLI_CONFIG_FILE", &ws.cli_config)
        .env("HIGHFLAME_PLUGIN_PROTOCOL", protocol)
        .env("TF_LOG_PROVIDER", "INFO")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&logged.stderr);
    assert!(
        log.lines().any(
            |l| l.contains("[INFO]  provider.terraform-provider-highflame")
                && l.contains("serving")
        ),
        "{log}"
    );

    // Plan shows a create; apply records the pair; a second plan is empty.
    let plan = ws.expect(
        &["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        2,
    );
    assert!(
        plan.contains("highflame_region_pair.main will be created"),
        "{plan}"
    );
    ws.expect(&["apply", "-input=false", "-no-color", "-auto-approve"], 0);
    ws.expect(
        &["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        0,
    );
    let state = ws.state();
    let values = &state["values"]["root_module"]["resources"][0]["values"];
    assert_eq!(values["id"], "aws/us-east-1/us-west-2/highflame-prod");
    assert_eq!(values["parity_status"], "unknown");
    assert!(
        values["checked_at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z')),
        "{values}"
    );

    // An in-place update.
    ws.write(&pair("Owner = \"platform\""));
    let plan = ws.expect(
        &["plan", "-input=false", "-no-color", "-detailed-exitcode"],
        2,
    );
    assert!(plan.contains("updated in-place"), "{plan}");
    ws.expect(&["apply", "-input=false", "-no-color", "-auto-approve"], 0);

    // Import after forgetting it.
    ws.expect(
        &["state", "rm", "-no-color", "highflame_region_pair.main"],
        0,
    );
    let bad = ws.expect(
        &[
            "import",
            "-input=false",
            "-no-color",
            "highflame_region_pair.main",
            "not-an-id",
        ],
        1,
    );
    assert!(
        bad.contains("<cloud>/<primary>/<secondary>/<name>"),
        "{bad}"
    );
    ws.expect(
        &[
            "import",
            "-input=false",
            "-no-color",
            "highflame_region_pair.main",
            "aws/us-east-1/us-west-2/highflame-prod",
        ],
        0,
    );
    let state = ws.state();
    assert_eq!(
        state["values"]["root_module"]["resources"][0]["values"]["name"],
        "highflame-prod"
    );

    // Destroy only forgets.
    ws.expect(
        &["destroy", "-input=false", "-no-color", "-auto-approve"],
        0,
    );
    let state = ws.state();
    assert!(
        state["values"].is_null() || state["values"]["root_module"]["resources"].is_null(),
        "{state}"
    );

    // With inventory on (the default), the plan says it is not available yet.
    ws.write(&pair("Owner = \"sre\"").replace("  inventory        = false\n", ""));
    let plan = ws.expect(&["plan", "-input=false", "-no-color"], 0);
    assert!(plan.contains("Live inventory is not available"), "{plan}");

    // Validation: an unknown region is an error naming the attribute.
    ws.write(&pair("Owner = \"sre\"").replace("us-west-2", "mars-1"));
    let err = ws.expect(&["plan", "-input=false", "-no-color"], 1);
    assert!(
        err.contains("mars-1") && err.contains("secondary_region"),
        "{err}"
    );
}

#[test]
fn lifecycle_under_protocol_5() {
    lifecycle("5");
}

#[test]
fn lifecycle_under_protocol_6() {
    lifecycle("6");
}

#[test]
fn refuses_to_run_outside_terraform() {
    let out = Command::new(BIN)
        .env_remove("TF_PLUGIN_MAGIC_COOKIE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Terraform plugin") && err.contains("TF_PLUGIN_MAGIC_COOKIE"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no handshake line");
}
