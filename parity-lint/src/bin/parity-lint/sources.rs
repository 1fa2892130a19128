//! `--source-dir`: where each `resource "type" "name"` block is written.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Result};
use parity_lint::report::Location;

/// Maps `type.name` to the first `.tf` file and line that declares it.
/// Files are visited in sorted order so the choice is stable.
pub fn index(dir: &Path) -> Result<BTreeMap<String, Location>> {
    if !dir.is_dir() {
        bail!("{}: --source-dir is not a directory", dir.display());
    }
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut out = BTreeMap::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = file.strip_prefix(dir).unwrap_or(&file);
        let shown = Path::new(dir).join(shown);
        for (i, line) in text.lines().enumerate() {
            if let Some(key) = resource_header(line) {
                out.entry(key).or_insert_with(|| Location {
                    file: shown.to_string_lossy().into_owned(),
                    line: i as u32 + 1,
                });
            }
        }
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue; // .terraform, .git
        }
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "tf") {
            out.push(path);
        }
    }
}

/// `resource "aws_vpc" "main" {` → `aws_vpc.main`.
fn resource_header(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("resource")?;
    let mut parts = rest.split('"');
    let (_, rtype, _, name) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (!rtype.is_empty() && !name.is_empty()).then(|| format!("{rtype}.{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            resource_header(r#"  resource "aws_vpc" "main" {"#).as_deref(),
            Some("aws_vpc.main")
        );
        assert_eq!(resource_header(r#"data "aws_vpc" "main" {"#), None);
        assert_eq!(resource_header("resource_x = 1"), None);
    }
}
