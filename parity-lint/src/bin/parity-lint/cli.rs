//! Flags and subcommands.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use parity_lint::report::{self, Format, Location, RenderOptions};
use parity_lint::rules::{self, RULES};
use parity_lint::{Config, Severity};

use crate::{inputs, output, sources};

#[derive(Debug, Parser)]
#[command(
    name = "parity-lint",
    version,
    about = "Checks that two regions' Terraform plans are symmetrical",
    long_about = "Checks that the Terraform plans (or states) of a primary and a secondary region are symmetrical: \
CIDR layouts, sizes, capacity, network rules, tags, versions, and every other attribute, after taking region names out.\n\n\
Exit codes: 0 = no finding at or above --fail-on, 1 = findings, 2 = bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compare two regions (two documents, or one document calling the region module twice).
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation (e.g. `parity-lint explain PL020`).
    Explain {
        /// Rule id (`PL020`) or name (`network-rules`).
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// `terraform show -json` output (plan or state), or a binary plan file: R1 and R2, or one document with both regions.
    #[arg(required = true, num_args = 1..=2, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Configuration file (default: ./.parity.toml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = parse_format)]
    format: Format,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Region of the primary document (overrides detection).
    #[arg(long, value_name = "REGION")]
    pub primary_region: Option<String>,
    /// Region of the secondary document (overrides detection).
    #[arg(long, value_name = "REGION")]
    pub secondary_region: Option<String>,
    /// Module instance of the primary region in one-document mode (e.g. `module.primary`).
    #[arg(long, value_name = "MODULE", requires = "secondary")]
    pub primary: Option<String>,
    /// Module instance of the secondary region in one-document mode.
    #[arg(long, value_name = "MODULE", requires = "primary")]
    pub secondary: Option<String>,
    /// Directory of .tf sources: findings point at their `resource` blocks (SARIF, github).
    #[arg(long, value_name = "DIR")]
    source_dir: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>()
        .map_err(|_| "expected one of text, json, sarif, markdown, github, junit".to_owned())
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format } => {
            print!("{}", list_rules(format));
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                println!("{}", r.explanation.trim_end());
                println!("\nDefault severity: {}. Fix hint: {}", r.severity, r.hint);
                Ok(ExitCode::SUCCESS)
            }
            None => bail!("unknown rule `{rule}`; `parity-lint rules` lists them"),
        },
    }
}

fn list_rules(format: RulesFormat) -> String {
    match format {
        RulesFormat::Text => {
            let mut out = String::new();
            for r in RULES {
                out.push_str(&format!(
                    "{:<6} {:<16} {:<8} {}\n",
                    r.id,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                ));
            }
            out
        }
        RulesFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "name": r.name, "severity": r.severity.as_str(),
                        "summary": r.summary, "hint": r.hint,
                    })
                })
                .collect();
            format!("{}\n", serde_json::Value::Array(list))
        }
    }
}

fn load_config(path: Option<&PathBuf>) -> Result<Config> {
    let (path, required) = match path {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(".parity.toml"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default())
        }
        Err(e) => bail!("{}: cannot read configuration: {e}", path.display()),
    };
    Config::from_toml(&text).with_context(|| format!("{}", path.display()))
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let config = load_config(args.config.as_ref())?;
    let mut pair = inputs::load(&args, &config)?;
    let report = parity_lint::check_in_place(&mut pair.primary, &mut pair.secondary, &config)
        .map_err(|e| anyhow::anyhow!("{}: {e}", pair.files))?;
    let locations = match &args.source_dir {
        Some(dir) => sources::index(dir)?,
        None => Default::default(),
    };
    let to_terminal = args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let options = RenderOptions {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        locations,
        primary_label: pair.primary_label.clone(),
        secondary_label: pair.secondary_label.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        fallback_location: args.plans.first().map(|p| Location {
            file: p.display().to_string(),
            line: 1,
        }),
    };
    let rendered = report::render(args.format, &report, &options);
    output::write(args.output.as_deref(), rendered.as_bytes())?;
    let failing = match args.fail_on {
        FailOn::Never => false,
        FailOn::Warning => report.max_severity() >= Some(Severity::Warning),
        FailOn::Error => report.max_severity() >= Some(Severity::Error),
    };
    // The trees can be hundreds of MiB: leave freeing them to the OS.
    std::mem::forget(report);
    std::mem::forget(pair);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
