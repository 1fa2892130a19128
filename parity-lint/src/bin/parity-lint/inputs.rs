//! Reading the plan files into two region snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};
use parity_lint::plan::{detect_region, find_pair, snapshot_of, split, Document, Selection};
use parity_lint::{regions, Config, Snapshot};
use tracing::{info, warn};

use crate::cli::CheckArgs;

/// The two snapshots and how to name them.
pub struct LoadedPair {
    pub primary: Snapshot<'static>,
    pub secondary: Snapshot<'static>,
    pub primary_label: String,
    pub secondary_label: String,
    /// The input files, for error messages.
    pub files: String,
}

/// Reads a file; a binary plan (a zip) goes through `terraform show -json`.
/// The bytes are leaked: snapshots borrow from them until the process exits.
fn read(path: &Path) -> Result<&'static [u8]> {
    let bytes = std::fs::read(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    let bytes = if bytes.starts_with(b"PK\x03\x04") {
        show_json(path)?
    } else {
        bytes
    };
    Ok(Box::leak(bytes.into_boxed_slice()))
}

fn terraform_binary() -> PathBuf {
    std::env::var_os("TERRAFORM").map_or_else(|| PathBuf::from("terraform"), PathBuf::from)
}

fn show_json(path: &Path) -> Result<Vec<u8>> {
    let terraform = terraform_binary();
    info!(
        "{}: binary plan file, running `{} show -json`",
        path.display(),
        terraform.display()
    );
    let out = Command::new(&terraform)
        .arg("show")
        .arg("-json")
        .arg(path)
        .output()
        .map_err(|e| {
            anyhow!(
                "{}: is a binary plan file; reading it needs `terraform show -json`, but `{}` could not be run ({e}); install terraform or set $TERRAFORM, or pass the output of `terraform show -json`",
                path.display(),
                terraform.display()
            )
        })?;
    if !out.status.success() {
        bail!(
            "{}: `terraform show -json` failed ({}): {}",
            path.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn parse(path: &Path, bytes: &'static [u8]) -> Result<Document<'static>> {
    Document::parse(bytes).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// Reads and parses both files on two threads.
fn load_documents(paths: &[PathBuf]) -> Result<Vec<Document<'static>>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| scope.spawn(move || read(p).and_then(|bytes| parse(p, bytes))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a reader thread panicked")))
            })
            .collect()
    })
}

fn explicit_region(
    flag: &Option<String>,
    key: &Option<String>,
    what: &str,
) -> Result<Option<String>> {
    let Some(name) = flag.as_ref().or(key.as_ref()) else {
        return Ok(None);
    };
    match regions::lookup(name) {
        Some((_, canonical)) => Ok(Some(canonical)),
        None => bail!("{what}: `{name}` is not a known AWS or Azure region"),
    }
}

pub fn load(args: &CheckArgs, config: &Config) -> Result<LoadedPair> {
    let primary_region = explicit_region(
        &args.primary_region,
        &config.primary_region,
        "--primary-region",
    )?;
    let secondary_region = explicit_region(
        &args.secondary_region,
        &config.secondary_region,
        "--secondary-region",
    )?;
    let mut docs = load_documents(&args.plans)?;
    let names: Vec<String> = args.plans.iter().map(|p| p.display().to_string()).collect();

    let (mut primary, mut secondary, p_label, s_label, detected) = if docs.len() == 2 {
        let mut second = docs.pop().context("two documents")?;
        let mut first = docs.pop().context("two documents")?;
        let (p, s) = (snapshot_of(&mut first), snapshot_of(&mut second));
        let detected = [
            detect_region(&first, None, &p),
            detect_region(&second, None, &s),
        ];
        (p, s, names[0].clone(), names[1].clone(), detected)
    } else {
        let mut doc = docs.pop().context("one document")?;
        let file = &names[0];
        let selection = match (
            &args.primary,
            &args.secondary,
            &config.primary,
            &config.secondary,
        ) {
            (Some(p), Some(s), _, _) | (None, None, Some(p), Some(s)) => Selection::explicit(p, s),
            (None, None, Some(_), None) | (None, None, None, Some(_)) => {
                bail!("configuration sets only one of `primary` and `secondary`; set both")
            }
            _ => find_pair(&doc).map_err(|e| anyhow!("{file}: {e}"))?,
        };
        info!(
            "{file}: region pair {} + {} ({})",
            selection.primary, selection.secondary, selection.reason
        );
        let (p, s) = split(&mut doc, &selection).map_err(|e| anyhow!("{file}: {e}"))?;
        let mut detected = [
            detect_region(&doc, Some(&selection.primary), &p),
            detect_region(&doc, Some(&selection.secondary), &s),
        ];
        let (mut p, mut s, mut selection) = (p, s, selection);
        // A for_each pair is ordered by key; an explicit primary region reorders it.
        let wants_swap = primary_region.is_some()
            && detected[1].as_ref().map(|d| &d.0) == primary_region.as_ref()
            && detected[0].as_ref().map(|d| &d.0) != primary_region.as_ref();
        if wants_swap {
            std::mem::swap(&mut p, &mut s);
            detected.swap(0, 1);
            selection = selection.swapped();
        }
        (
            p,
            s,
            format!("{file} ({})", selection.primary),
            format!("{file} ({})", selection.secondary),
            detected,
        )
    };

    for (snap, explicit, found, label) in [
        (&mut primary, &primary_region, &detected[0], &p_label),
        (&mut secondary, &secondary_region, &detected[1], &s_label),
    ] {
        snap.region = match (explicit, found) {
            (Some(r), _) => Some(r.clone()),
            (None, Some((r, source))) => {
                info!("{label}: region {r} (from {source})");
                Some(r.clone())
            }
            (None, None) => {
                warn!("{label}: region not detected; region names will not be normalized (use --primary-region/--secondary-region)");
                None
            }
        };
    }
    if let (Some(p), Some(s)) = (&primary.region, &secondary.region) {
        if p == s {
            bail!(
                "{p_label} and {s_label} are both region `{p}`: a pair needs two different regions (pass --primary-region/--secondary-region if detection is wrong)"
            );
        }
    }
    let with_region = |label: &str, snap: &Snapshot<'_>| match &snap.region {
        Some(r) => format!("{r} ({label})"),
        None => label.to_owned(),
    };
    Ok(LoadedPair {
        primary_label: with_region(&p_label, &primary),
        secondary_label: with_region(&s_label, &secondary),
        primary,
        secondary,
        files: names.join(" + "),
    })
}
