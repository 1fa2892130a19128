//! `gen-plans [--resources N] [--out DIR] [--seed S]`: writes `DIR/r1.json`
//! (us-east-1) and `DIR/r2.json` (us-west-2, the mirror with ~0.5% planted
//! drift), N resources each, and prints their sizes.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use parity_lint_bench::plan::{self, Layout, Region, DEFAULT_SEED, GROUPS, PRIMARY, SECONDARY};

#[derive(Parser)]
#[command(about = "Write a pair of synthetic steady-state terraform plans (r1.json, r2.json)")]
struct Args {
    /// Resources in each plan.
    #[arg(long, default_value_t = 50_000)]
    resources: usize,
    /// Output directory (created if missing).
    #[arg(long, default_value = "bench/out/plans")]
    out: PathBuf,
    /// Seed of every generated value.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let layout = Layout::new(args.resources, args.seed)?;
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let start = Instant::now();
    let write = |file: &str, region: &Region| -> Result<(PathBuf, u64)> {
        let path = args.out.join(file);
        let out = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        plan::write_plan(&mut BufWriter::with_capacity(1 << 20, out), &layout, region)
            .with_context(|| format!("writing {}", path.display()))?;
        let size = fs::metadata(&path)?.len();
        Ok((path, size))
    };
    // One thread per region: the machine has two cores.
    let written = std::thread::scope(|s| {
        let r2 = s.spawn(|| write("r2.json", &SECONDARY));
        let r1 = write("r1.json", &PRIMARY);
        [r1, r2.join().expect("r2 writer panicked")]
    });
    let drifted: usize = GROUPS
        .iter()
        .map(|g| {
            (0..layout.count(g.kind))
                .filter(|&k| layout.drifted(g.kind, k))
                .count()
        })
        .sum();
    for result in written {
        let (path, size) = result?;
        println!(
            "{}: {} bytes ({:.1} MiB, {} bytes/resource)",
            path.display(),
            size,
            size as f64 / (1024.0 * 1024.0),
            size / args.resources as u64
        );
    }
    println!(
        "{} resources per plan, {} with planted drift in r2; generated in {:.2} s",
        layout.total(),
        drifted,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
