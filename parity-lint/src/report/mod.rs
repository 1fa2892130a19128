//! Output formats over one [`Report`]: one module per format, each a pure
//! function from the report (and [`RenderOptions`]) to a string.
//!
//! The engine decides *what* differs; these printers only decide how it
//! looks. None of them reads files, the environment or the clock, so the
//! same report always renders to the same bytes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use similar::{ChangeTag, TextDiff};

use crate::finding::{Finding, Report, ResourceDiff};

pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

/// An output format of `parity-lint check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Grouped by resource, with unified diffs; for terminals and logs.
    Text,
    /// The versioned machine-readable contract (`docs/json-format.md`).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// A pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, for CI test report viewers.
    Junit,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Markdown,
        Format::Github,
        Format::Junit,
    ];

    /// The name `--format` takes (`sarif`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Junit => "junit",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown format `{}`; expected one of ", self.0)?;
        for (i, format) in Format::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(format.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a format name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// Where a resource block is written in the `.tf` sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as it should appear in the output (relative paths stay relative).
    pub file: String,
    /// 1-based line of the `resource "type" "name"` header.
    pub line: u32,
}

/// What the printers need besides the report.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// ANSI colour in the text format (ignored by the others).
    pub color: bool,
    /// Source locations keyed by `<resource_type>.<name>`
    /// (`aws_eks_node_group.default`: no module prefix, no instance key);
    /// see [`location_key`].
    pub locations: BTreeMap<String, Location>,
    /// How the primary side is named in diffs and tables (a file name or a
    /// region). Empty means: the report's region, else `primary`.
    pub primary_label: String,
    /// Same for the secondary side.
    pub secondary_label: String,
    /// Version printed in SARIF's `tool.driver.version`.
    pub tool_version: String,
    /// Where SARIF results point when no source location is known (the
    /// input document): code-scanning uploads want a file on every result.
    pub fallback_location: Option<Location>,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            locations: BTreeMap::new(),
            primary_label: String::new(),
            secondary_label: String::new(),
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            fallback_location: None,
        }
    }
}

impl RenderOptions {
    /// The source location of the resource a finding is about, if known.
    pub fn location_of(&self, finding: &Finding) -> Option<&Location> {
        self.locations.get(&location_key(finding)?)
    }

    /// The labels of the two sides: the configured ones, else the report's
    /// regions, else `primary` / `secondary`.
    pub fn labels<'s>(&'s self, report: &'s Report) -> (&'s str, &'s str) {
        fn pick<'s>(label: &'s str, region: Option<&'s str>, fallback: &'static str) -> &'s str {
            if !label.is_empty() {
                label
            } else {
                region.filter(|r| !r.is_empty()).unwrap_or(fallback)
            }
        }
        (
            pick(
                &self.primary_label,
                report.primary_region.as_deref(),
                "primary",
            ),
            pick(
                &self.secondary_label,
                report.secondary_region.as_deref(),
                "secondary",
            ),
        )
    }
}

/// The key of [`RenderOptions::locations`] for a finding:
/// `finding.resource_type` + `.` + the resource name from `finding.address`,
/// with module steps and the instance key removed
/// (`module.net.aws_subnet.private["a"]` → `aws_subnet.private`).
///
/// `None` for data sources (only `resource` blocks are indexed) and for
/// addresses without a name.
pub fn location_key(finding: &Finding) -> Option<String> {
    let (_, start) = crate::address::module_steps(&finding.address);
    let rest = &finding.address[start..];
    if rest.starts_with("data.") {
        return None;
    }
    let type_and_name = crate::address::type_and_name(&finding.address);
    let name = type_and_name
        .strip_prefix(finding.resource_type.as_str())
        .and_then(|n| n.strip_prefix('.'))
        .or_else(|| type_and_name.split_once('.').map(|(_, n)| n))?;
    if name.is_empty() || finding.resource_type.is_empty() {
        return None;
    }
    Some(format!("{}.{name}", finding.resource_type))
}

/// Renders `report` in `format`.
pub fn render(format: Format, report: &Report, opts: &RenderOptions) -> String {
    match format {
        Format::Text => text::render(report, opts),
        Format::Json => json::render(report, opts),
        Format::Sarif => sarif::render(report, opts),
        Format::Markdown => markdown::render(report, opts),
        Format::Github => github::render(report, opts),
        Format::Junit => junit::render(report, opts),
    }
}

/// `1 error`, `2 errors`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A JSON value on one line, as tables and annotations show it.
pub(crate) fn compact(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Replaces control characters (other than tab and newline; `\r\n` becomes
/// `\n`) so that text taken from a plan cannot move the cursor or recolour
/// a terminal.
pub(crate) fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("\r\n", "\n")
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    char::REPLACEMENT_CHARACTER
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// Findings grouped by address, groups in order of first appearance (the
/// engine sorts by address, so normally one run per resource).
pub(crate) fn by_resource(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let i = *index.entry(f.address.as_str()).or_insert_with(|| {
            groups.push((f.address.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(f);
    }
    groups
}

/// The report's diffs by address ([`Report::diff_for`] is a linear scan;
/// a large report renders thousands of groups).
pub(crate) fn diffs_by_address(report: &Report) -> HashMap<&str, &ResourceDiff> {
    let mut map = HashMap::with_capacity(report.diffs.len());
    for d in &report.diffs {
        map.entry(d.address.as_str()).or_insert(d);
    }
    map
}

/// The kind of one line of a unified diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiffLine {
    /// `--- label` / `+++ label`.
    File,
    /// `@@ -1,3 +1,3 @@`.
    Hunk,
    Context,
    Delete,
    Insert,
}

/// A unified diff (context 2) of the normalized attribute lines of one
/// resource, primary first. Each line is returned without its newline.
/// Empty when both sides hold the same lines.
pub(crate) fn unified_diff(
    diff: &ResourceDiff,
    primary_label: &str,
    secondary_label: &str,
) -> Vec<(DiffLine, String)> {
    let join = |lines: &[String]| {
        let mut text = String::new();
        for line in lines {
            // A line holds one `path = value`; a stray newline would split it.
            text.push_str(&line.replace(['\r', '\n'], " "));
            text.push('\n');
        }
        text
    };
    let old = join(&diff.primary);
    let new = join(&diff.secondary);
    let text_diff = TextDiff::from_lines(&old, &new);
    let mut udiff = text_diff.unified_diff();
    udiff.context_radius(2);
    let mut out = Vec::new();
    for hunk in udiff.iter_hunks() {
        if out.is_empty() {
            out.push((DiffLine::File, format!("--- {primary_label}")));
            out.push((DiffLine::File, format!("+++ {secondary_label}")));
        }
        out.push((DiffLine::Hunk, hunk.header().to_string()));
        for change in hunk.iter_changes() {
            let (kind, sign) = match change.tag() {
                ChangeTag::Equal => (DiffLine::Context, ' '),
                ChangeTag::Delete => (DiffLine::Delete, '-'),
                ChangeTag::Insert => (DiffLine::Insert, '+'),
            };
            let value = change.to_string_lossy();
            out.push((kind, format!("{sign}{}", value.trim_end_matches('\n'))));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Reports built by hand for the printers' tests.

    use serde_json::json;

    use crate::finding::{Finding, Report, ResourceDiff, Severity, Summary, Suppressed};
    use crate::rules::{
        pl010_instance_size, pl030_tags, pl050_missing, pl060_attribute_drift, RuleInfo,
    };

    pub fn finding(
        rule: &'static RuleInfo,
        severity: Severity,
        address: &str,
        attribute: &str,
    ) -> Finding {
        let resource_type = crate::address::type_and_name(address)
            .split('.')
            .next()
            .unwrap_or_default()
            .to_owned();
        Finding {
            rule,
            severity,
            address: address.to_owned(),
            resource_type,
            primary_address: Some(format!("module.primary.{address}")),
            secondary_address: Some(format!("module.secondary.{address}")),
            attribute: attribute.to_owned(),
            primary: json!("m5.xlarge"),
            secondary: json!("m5.large"),
            message: format!("`{attribute}` differs"),
            hint: rule.hint.to_owned(),
        }
    }

    /// Two errors and a warning on two resources, one ignored finding,
    /// one diff.
    pub fn drifted() -> Report {
        let mut size = finding(
            &pl010_instance_size::RULE,
            Severity::Error,
            "aws_eks_node_group.default",
            "instance_types[0]",
        );
        size.message = r#"size `instance_types[0]` differs: "m5.xlarge" in us-east-1, "m5.large" in us-west-2"#.into();
        let mut tags = finding(
            &pl030_tags::RULE,
            Severity::Error,
            "aws_eks_node_group.default",
            "tags.Owner",
        );
        tags.primary = json!("sre");
        tags.secondary = serde_json::Value::Null;
        tags.message = "tag `Owner` is missing in us-west-2".into();
        let mut drift = finding(
            &pl060_attribute_drift::RULE,
            Severity::Warning,
            "aws_vpc.main",
            "enable_dns_hostnames",
        );
        drift.primary = json!(true);
        drift.secondary = json!(false);
        drift.message =
            "`enable_dns_hostnames` differs: true in us-east-1, false in us-west-2".into();
        let mut ignored = finding(
            &pl010_instance_size::RULE,
            Severity::Error,
            "aws_instance.bastion",
            "instance_type",
        );
        ignored.message = "size `instance_type` differs".into();
        Report {
            primary_region: Some("us-east-1".into()),
            secondary_region: Some("us-west-2".into()),
            findings: vec![size, tags, drift],
            suppressed: vec![Suppressed {
                finding: ignored,
                reason: "bastion is sized per region".into(),
            }],
            diffs: vec![ResourceDiff {
                address: "aws_eks_node_group.default".into(),
                primary: vec![
                    "disk_size = 20".into(),
                    r#"instance_types[0] = "m5.xlarge""#.into(),
                    r#"node_group_name = "hf-<region>-default""#.into(),
                    r#"tags.Owner = "sre""#.into(),
                ],
                secondary: vec![
                    "disk_size = 20".into(),
                    r#"instance_types[0] = "m5.large""#.into(),
                    r#"node_group_name = "hf-<region>-default""#.into(),
                ],
            }],
            summary: Summary {
                errors: 2,
                warnings: 1,
                notes: 0,
                not_comparable: 3,
                pairs: 12,
                suppressed: 1,
            },
        }
    }

    /// One finding whose every text field holds characters each format
    /// must escape.
    pub fn hostile() -> Report {
        let mut f = finding(
            &pl050_missing::RULE,
            Severity::Note,
            r#"aws_security_group.web["a,b:c|d"]"#,
            "description",
        );
        f.primary = json!("50% <off> & \"on\" | `tick`\nline2");
        f.secondary = json!("x\r\ny");
        f.message =
            "100% broken: a,b\r\nnext line | pipe <b>bold</b> & 'q' \u{1b}[31mred ]]>".into();
        f.hint = "fix: it, now\n`code`".into();
        Report {
            primary_region: Some("us-east-1".into()),
            secondary_region: None,
            findings: vec![f],
            summary: Summary {
                notes: 1,
                pairs: 1,
                ..Summary::default()
            },
            ..Report::default()
        }
    }

    /// No findings at all.
    pub fn clean() -> Report {
        Report {
            primary_region: Some("us-east-1".into()),
            secondary_region: Some("us-west-2".into()),
            summary: Summary {
                pairs: 40,
                not_comparable: 2,
                ..Summary::default()
            },
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::finding::Severity;
    use crate::rules::pl010_instance_size::RULE;

    #[test]
    fn formats_round_trip_their_names() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `yaml`; expected one of text, json, sarif, markdown, github, junit"
        );
    }

    #[test]
    fn location_keys_drop_modules_and_instance_keys() {
        let key = |address: &str, rtype: &str| {
            let mut f = finding(&RULE, Severity::Error, address, "x");
            f.resource_type = rtype.to_owned();
            location_key(&f)
        };
        assert_eq!(
            key("aws_vpc.main", "aws_vpc").as_deref(),
            Some("aws_vpc.main")
        );
        assert_eq!(
            key(
                r#"module.net["a.b"].aws_subnet.private["us-east-1a"]"#,
                "aws_subnet"
            )
            .as_deref(),
            Some("aws_subnet.private")
        );
        assert_eq!(
            key("aws_subnet.private[2]", "aws_subnet").as_deref(),
            Some("aws_subnet.private")
        );
        assert_eq!(key("data.aws_vpc.main", "aws_vpc"), None);
        assert_eq!(key("aws_vpc", "aws_vpc"), None);
    }

    #[test]
    fn options_look_locations_up_and_label_sides() {
        let report = drifted();
        let mut opts = RenderOptions::default();
        assert_eq!(opts.labels(&report), ("us-east-1", "us-west-2"));
        assert_eq!(opts.labels(&Report::default()), ("primary", "secondary"));
        opts.primary_label = "r1.json".into();
        assert_eq!(opts.labels(&report), ("r1.json", "us-west-2"));
        opts.locations.insert(
            "aws_eks_node_group.default".into(),
            Location {
                file: "eks.tf".into(),
                line: 7,
            },
        );
        let loc = opts.location_of(&report.findings[0]).expect("indexed");
        assert_eq!((loc.file.as_str(), loc.line), ("eks.tf", 7));
        assert!(opts.location_of(&report.findings[2]).is_none());
    }

    #[test]
    fn diff_has_labels_hunks_and_two_lines_of_context() {
        let report = drifted();
        let lines = unified_diff(&report.diffs[0], "us-east-1", "us-west-2");
        let text: Vec<_> = lines.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            text,
            [
                "--- us-east-1",
                "+++ us-west-2",
                "@@ -1,4 +1,3 @@",
                " disk_size = 20",
                r#"-instance_types[0] = "m5.xlarge""#,
                r#"+instance_types[0] = "m5.large""#,
                r#" node_group_name = "hf-<region>-default""#,
                r#"-tags.Owner = "sre""#,
            ]
        );
        let same = ResourceDiff {
            address: "x.y".into(),
            primary: vec!["a = 1".into()],
            secondary: vec!["a = 1".into()],
        };
        assert!(unified_diff(&same, "a", "b").is_empty());
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let mut report = drifted();
        let moved = report.findings.remove(0);
        report.findings.push(moved);
        let groups = by_resource(&report.findings);
        let shape: Vec<_> = groups.iter().map(|(a, fs)| (*a, fs.len())).collect();
        assert_eq!(
            shape,
            [("aws_eks_node_group.default", 2), ("aws_vpc.main", 1)]
        );
        assert_eq!(groups[0].1[1].rule.id, "PL010");
        let diffs = diffs_by_address(&report);
        assert!(diffs.contains_key("aws_eks_node_group.default"));
        assert!(!diffs.contains_key("aws_vpc.main"));
    }

    #[test]
    fn printable_replaces_escape_sequences() {
        assert_eq!(
            printable("a\u{1b}[2Jb\tc\r\nd\re"),
            "a\u{fffd}[2Jb\tc\nd\u{fffd}e"
        );
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_format_renders_every_fixture() {
        let opts = RenderOptions::default();
        for report in [drifted(), hostile(), clean(), Report::default()] {
            for format in Format::ALL {
                let out = render(format, &report, &opts);
                assert!(
                    out.ends_with('\n'),
                    "{format} output ends without a newline"
                );
            }
        }
    }
}
