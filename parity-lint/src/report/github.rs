//! GitHub Actions workflow commands: one annotation per finding
//! (`::error file=F,line=L,title=PL010 instance-size::message`), then a
//! plain summary line for the log.
//!
//! Ignored findings are not annotated. Every value is escaped the way the
//! runner decodes it, so text from a plan can neither end the command
//! early nor start a new one.

use std::fmt::Write;

use crate::finding::{Finding, Report, Severity};

use super::{printable, text::summary_line, RenderOptions};

/// The command for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note | Severity::Off => "notice",
    }
}

/// Renders one workflow command per finding and a summary line.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}", annotation(f, opts));
    }
    let _ = writeln!(out, "parity-lint: {}", summary_line(&report.summary));
    out
}

fn annotation(f: &Finding, opts: &RenderOptions) -> String {
    let mut props = Vec::new();
    if let Some(loc) = opts.location_of(f) {
        props.push(format!("file={}", escape_property(&loc.file)));
        props.push(format!("line={}", loc.line.max(1)));
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("{} {}", f.rule.id, f.rule.name))
    ));
    let mut message = format!("{}: {}", f.address, f.message);
    if !f.hint.is_empty() {
        message.push_str("\nHint: ");
        message.push_str(&f.hint);
    }
    // The log viewer renders ANSI sequences; plan text gets none.
    let message = printable(&message);
    format!(
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value: as [`escape_data`], plus `:` and `,`, which
/// end a property.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{clean, drifted, hostile};
    use crate::report::Location;

    #[test]
    fn one_command_per_finding() {
        let mut opts = RenderOptions::default();
        opts.locations.insert(
            "aws_eks_node_group.default".into(),
            Location {
                file: "infra/eks.tf".into(),
                line: 12,
            },
        );
        let out = render(&drifted(), &opts);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        let hint10 = escape_data(crate::rules::pl010_instance_size::RULE.hint);
        assert_eq!(
            lines[0],
            format!(
                "::error file=infra/eks.tf,line=12,title=PL010 instance-size::aws_eks_node_group.default: \
                 size `instance_types[0]` differs: \"m5.xlarge\" in us-east-1, \"m5.large\" in us-west-2%0AHint: {hint10}"
            )
        );
        assert!(lines[1].starts_with("::error file=infra/eks.tf,line=12,title=PL030 tags::"));
        assert!(lines[2].starts_with("::warning title=PL060 attribute-drift::aws_vpc.main: "));
        assert_eq!(
            lines[3],
            "parity-lint: 2 errors, 1 warning, 0 notes, 3 not comparable, 12 pairs compared, 1 suppressed"
        );
        assert!(
            !out.contains("bastion"),
            "ignored findings are not annotated"
        );
    }

    #[test]
    fn notes_are_notices_and_values_are_escaped() {
        let mut opts = RenderOptions::default();
        opts.locations.insert(
            "aws_security_group.web".into(),
            Location {
                file: "a,b:c%.tf".into(),
                line: 0,
            },
        );
        let out = render(&hostile(), &opts);
        let first = out.lines().next().unwrap();
        assert!(
            first.starts_with("::notice file=a%2Cb%3Ac%25.tf,line=1,title=PL050 missing::"),
            "{first}"
        );
        assert!(first.contains("100%25 broken: a,b%0Anext line"), "{first}");
        assert!(!first.contains('\u{1b}'));
        assert!(first.ends_with("%0AHint: fix: it, now%0A`code`"), "{first}");
        assert_eq!(
            out.lines().count(),
            2,
            "a newline in a message never starts a new command"
        );
    }

    #[test]
    fn escaping_rules() {
        assert_eq!(escape_data("50%\r\n::x"), "50%25%0D%0A::x");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn clean_report_prints_only_the_summary() {
        let out = render(&clean(), &RenderOptions::default());
        assert_eq!(
            out,
            "parity-lint: 0 errors, 0 warnings, 0 notes, 2 not comparable, 40 pairs compared, 0 suppressed\n"
        );
    }
}
