//! `parse-baseline value|typed FILE...`: what `serde_json` alone needs to
//! parse the plans, the floor parity-lint's time is compared with.
//!
//! Each file is read whole into memory and parsed from the slice, one after
//! the other. `value` builds a full `serde_json::Value`; `typed` keeps only
//! `resource_changes[].{address,type,change.actions,change.after}` and lets
//! serde skip the rest. The parsed documents stay alive to the end and are
//! never dropped (a linter exits without freeing), so drop time is not
//! counted; the read buffers are freed once parsed, as a linter's would be.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};
use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    /// `serde_json::from_slice::<serde_json::Value>`
    Value,
    /// A serde struct with only what a linter reads.
    Typed,
}

#[derive(Parser)]
#[command(about = "Time serde_json parsing plan files fully into memory")]
struct Args {
    mode: Mode,
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct Plan {
    #[serde(default)]
    resource_changes: Vec<ResourceChange>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // kept alive to be measured, never read
struct ResourceChange {
    address: String,
    #[serde(rename = "type")]
    ty: String,
    change: Change,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Change {
    actions: Vec<String>,
    after: Value,
}

enum Parsed {
    Value(Value),
    Typed(Plan),
}

impl Parsed {
    fn resource_changes(&self) -> usize {
        match self {
            Parsed::Value(v) => v["resource_changes"].as_array().map_or(0, Vec::len),
            Parsed::Typed(p) => p.resource_changes.len(),
        }
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn main() -> Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let mut kept = Vec::with_capacity(args.files.len());
    let (mut read_total, mut parse_total, mut bytes_total) = (Duration::ZERO, Duration::ZERO, 0);
    for path in &args.files {
        let t0 = Instant::now();
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let t1 = Instant::now();
        let parsed = match args.mode {
            Mode::Value => Parsed::Value(serde_json::from_slice(&bytes)?),
            Mode::Typed => Parsed::Typed(serde_json::from_slice(&bytes)?),
        };
        let t2 = Instant::now();
        println!(
            "{}: {} bytes, read {:.3} s, parse {:.3} s ({:.0} MiB/s), {} resource_changes",
            path.display(),
            bytes.len(),
            secs(t1 - t0),
            secs(t2 - t1),
            bytes.len() as f64 / (1024.0 * 1024.0) / secs(t2 - t1),
            parsed.resource_changes(),
        );
        read_total += t1 - t0;
        parse_total += t2 - t1;
        bytes_total += bytes.len();
        kept.push(parsed);
    }
    println!(
        "total: {} bytes, read {:.3} s, parse {:.3} s, wall {:.3} s",
        bytes_total,
        secs(read_total),
        secs(parse_total),
        secs(start.elapsed())
    );
    // Exit without freeing the parsed documents, like a linter would.
    std::mem::forget(kept);
    Ok(())
}
