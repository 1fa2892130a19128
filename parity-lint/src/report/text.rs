//! The default format: findings grouped by resource, each group followed by
//! a unified diff of the resource's normalized attributes, then ignored
//! findings and a summary line.

use std::fmt::Write;

use crate::finding::{Finding, Report, Severity, Summary};

use super::{
    by_resource, count, diffs_by_address, printable, unified_diff, DiffLine, RenderOptions,
};

/// ANSI styles, or nothing when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    const RESET: &'static str = "\x1b[0m";

    fn wrap(&self, style: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("{style}{text}{}", Paint::RESET)
        } else {
            text.to_owned()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.wrap("\x1b[1m", text)
    }

    fn dim(&self, text: &str) -> String {
        self.wrap("\x1b[2m", text)
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        let style = match severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Note | Severity::Off => "\x1b[1;36m",
        };
        self.wrap(style, text)
    }

    fn diff(&self, kind: DiffLine, text: &str) -> String {
        let style = match kind {
            DiffLine::File => "\x1b[1m",
            DiffLine::Hunk => "\x1b[36m",
            DiffLine::Delete => "\x1b[31m",
            DiffLine::Insert => "\x1b[32m",
            DiffLine::Context => return text.to_owned(),
        };
        self.wrap(style, text)
    }
}

/// Renders the report for a terminal or a log.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let paint = Paint { on: opts.color };
    let (primary, secondary) = opts.labels(report);
    let (primary, secondary) = (printable(primary), printable(secondary));
    let mut out = String::new();

    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{} ({primary} vs {secondary})",
            paint.bold("No findings: the regions are symmetrical")
        );
    }

    let diffs = diffs_by_address(report);
    for (address, group) in by_resource(&report.findings) {
        resource_header(&mut out, &paint, group[0], opts);
        for finding in group {
            finding_lines(&mut out, &paint, finding);
        }
        if let Some(diff) = diffs.get(address) {
            let lines = unified_diff(diff, &primary, &secondary);
            if !lines.is_empty() {
                out.push('\n');
                for (kind, line) in &lines {
                    let _ = writeln!(out, "    {}", paint.diff(*kind, &printable(line)));
                }
            }
        }
        out.push('\n');
    }

    if !report.suppressed.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint.bold(&format!("Ignored ({}):", report.suppressed.len()))
        );
        for s in &report.suppressed {
            let f = &s.finding;
            let _ = writeln!(
                out,
                "  {} {} {}{}",
                paint.dim(f.severity.as_str()),
                f.rule.id,
                printable(&f.address),
                attribute_suffix(f)
            );
            let _ = writeln!(out, "    ignored: {}", printable(&s.reason));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "{}", summary_line(&report.summary));
    out
}

fn resource_header(out: &mut String, paint: &Paint, finding: &Finding, opts: &RenderOptions) {
    let _ = write!(out, "{}", paint.bold(&printable(&finding.address)));
    if let Some(loc) = opts.location_of(finding) {
        let _ = write!(
            out,
            "  {}",
            paint.dim(&format!("({}:{})", printable(&loc.file), loc.line))
        );
    }
    out.push('\n');
}

fn finding_lines(out: &mut String, paint: &Paint, f: &Finding) {
    // Pad before colouring so columns line up either way.
    let severity = format!("{:<7}", f.severity.as_str());
    let _ = writeln!(
        out,
        "  {} {} {}{}",
        paint.severity(f.severity, &severity),
        paint.bold(f.rule.id),
        f.rule.name,
        attribute_suffix(f)
    );
    for line in printable(&f.message).lines() {
        let _ = writeln!(out, "          {line}");
    }
    if !f.hint.is_empty() {
        let hint = printable(&f.hint).replace('\n', " ");
        let _ = writeln!(out, "          {}", paint.dim(&format!("hint: {hint}")));
    }
}

/// `  instance_types[0]`, or nothing for whole-resource findings.
fn attribute_suffix(f: &Finding) -> String {
    if f.attribute.is_empty() {
        String::new()
    } else {
        format!("  {}", printable(&f.attribute))
    }
}

/// `2 errors, 1 warning, 0 notes, 3 not comparable, 12 pairs compared, 1 suppressed`.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{}, {}, {}, {} not comparable, {} compared, {} suppressed",
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.notes, "note", "notes"),
        s.not_comparable,
        count(s.pairs, "pair", "pairs"),
        s.suppressed
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{clean, drifted, hostile};
    use crate::report::Location;

    fn plain(report: &Report) -> String {
        render(report, &RenderOptions::default())
    }

    #[test]
    fn groups_by_resource_with_diff_ignored_and_summary() {
        let out = plain(&drifted());
        let expected = r#"aws_eks_node_group.default
  error   PL010 instance-size  instance_types[0]
          size `instance_types[0]` differs: "m5.xlarge" in us-east-1, "m5.large" in us-west-2
          hint: Pass the size from one shared variable to both region instances of the module
  error   PL030 tags  tags.Owner
          tag `Owner` is missing in us-west-2
          hint: HINT30

    --- us-east-1
    +++ us-west-2
    @@ -1,4 +1,3 @@
     disk_size = 20
    -instance_types[0] = "m5.xlarge"
    +instance_types[0] = "m5.large"
     node_group_name = "hf-<region>-default"
    -tags.Owner = "sre"

aws_vpc.main
  warning PL060 attribute-drift  enable_dns_hostnames
          `enable_dns_hostnames` differs: true in us-east-1, false in us-west-2
          hint: HINT60

Ignored (1):
  error PL010 aws_instance.bastion  instance_type
    ignored: bastion is sized per region

2 errors, 1 warning, 0 notes, 3 not comparable, 12 pairs compared, 1 suppressed
"#
        .replace("HINT30", crate::rules::pl030_tags::RULE.hint)
        .replace("HINT60", crate::rules::pl060_attribute_drift::RULE.hint);
        assert_eq!(out, expected);
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn colour_only_when_asked() {
        let opts = RenderOptions {
            color: true,
            ..RenderOptions::default()
        };
        let out = render(&drifted(), &opts);
        assert!(out.contains("\x1b[1;31merror  \x1b[0m"), "{out}");
        assert!(out.contains("\x1b[1;33mwarning\x1b[0m"));
        assert!(out.contains("\x1b[31m-instance_types[0] = \"m5.xlarge\"\x1b[0m"));
        assert!(out.contains("\x1b[32m+instance_types[0] = \"m5.large\"\x1b[0m"));
        assert!(out.contains("\x1b[36m@@ -1,4 +1,3 @@\x1b[0m"));
        let stripped = strip_ansi(&out);
        assert_eq!(stripped, plain(&drifted()));
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn empty_report_says_symmetrical() {
        let out = plain(&clean());
        assert_eq!(
            out,
            "No findings: the regions are symmetrical (us-east-1 vs us-west-2)\n\
             0 errors, 0 warnings, 0 notes, 2 not comparable, 40 pairs compared, 0 suppressed\n"
        );
    }

    #[test]
    fn locations_follow_the_header() {
        let mut opts = RenderOptions::default();
        opts.locations.insert(
            "aws_vpc.main".into(),
            Location {
                file: "net/vpc.tf".into(),
                line: 3,
            },
        );
        let out = render(&drifted(), &opts);
        assert!(out.contains("\naws_vpc.main  (net/vpc.tf:3)\n"), "{out}");
    }

    #[test]
    fn plan_text_cannot_inject_terminal_escapes() {
        let out = render(
            &hostile(),
            &RenderOptions {
                color: false,
                ..RenderOptions::default()
            },
        );
        assert!(!out.contains('\x1b'));
        assert!(!out.contains('\r'));
        assert!(out.contains("          next line | pipe"));
        assert!(out.contains("hint: fix: it, now `code`"));
        assert!(out.contains("\u{fffd}[31mred"));
    }

    #[test]
    fn labels_name_the_diff_sides() {
        let opts = RenderOptions {
            primary_label: "r1.json".into(),
            secondary_label: "r2.json".into(),
            ..RenderOptions::default()
        };
        let out = render(&drifted(), &opts);
        assert!(out.contains("    --- r1.json\n    +++ r2.json\n"));
    }
}
