//! A pull-request comment (also fit for a job summary).
//!
//! The first line is the hidden marker [`MARKER`], by which the GitHub
//! Action finds and updates its own earlier comment. Every piece of text
//! from the plan is escaped so it cannot break the tables or inject
//! markup, and the comment stays under GitHub's size limit by dropping
//! rows and diffs (with a note) when a report is huge.

use std::fmt::Write;

use crate::finding::{Finding, Report, Severity, Summary};

use super::{by_resource, count, diffs_by_address, printable, unified_diff, RenderOptions};

/// The hidden first line of every comment.
pub const MARKER: &str = "<!-- parity-lint -->";

/// GitHub rejects comment bodies over 65,536 characters; stay well below.
const MAX_LEN: usize = 60_000;
/// Where the findings table stops to leave room for the other sections.
const FINDINGS_BUDGET: usize = 45_000;
const HINTS_BUDGET: usize = 48_000;
const IGNORED_BUDGET: usize = 52_000;
/// Longest value shown in a table cell, in characters.
const MAX_VALUE: usize = 100;

/// Renders the report as a Markdown comment.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let (primary, secondary) = opts.labels(report);
    let mut out = String::new();
    let _ = writeln!(out, "{MARKER}");
    let _ = writeln!(out, "### parity-lint: {}", headline(&report.findings));
    out.push('\n');
    let _ = writeln!(
        out,
        "Compared {} (primary) with {} (secondary).",
        code(primary),
        code(secondary)
    );
    out.push('\n');
    summary_table(&mut out, &report.summary);

    if report.findings.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "No findings: the regions are symmetrical.");
    } else {
        findings_table(&mut out, report);
        hints(&mut out, &report.findings);
    }
    ignored(&mut out, report);
    diffs(&mut out, report, primary, secondary);
    out
}

/// `3 findings (2 errors, 1 warning)`, or `no drift`. Counted from the
/// findings themselves, so a report without a summary still reads right.
fn headline(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no drift".to_owned();
    }
    let n = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let mut parts = Vec::new();
    for (n, one, many) in [
        (n(Severity::Error), "error", "errors"),
        (n(Severity::Warning), "warning", "warnings"),
        (n(Severity::Note), "note", "notes"),
    ] {
        if n > 0 {
            parts.push(count(n, one, many));
        }
    }
    let total = count(findings.len(), "finding", "findings");
    if parts.is_empty() {
        total
    } else {
        format!("{total} ({})", parts.join(", "))
    }
}

fn summary_table(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "| errors | warnings | notes | not comparable | pairs compared | ignored |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        s.errors, s.warnings, s.notes, s.not_comparable, s.pairs, s.suppressed
    );
}

fn findings_table(out: &mut String, report: &Report) {
    out.push('\n');
    let _ = writeln!(out, "#### Findings");
    out.push('\n');
    let _ = writeln!(
        out,
        "| severity | rule | resource | attribute | primary | secondary |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (i, f) in report.findings.iter().enumerate() {
        let row = format!(
            "| {} | {} {} | {} | {} | {} | {} |\n",
            f.severity.as_str(),
            f.rule.id,
            f.rule.name,
            code(&f.address),
            attribute(f),
            value(&f.primary),
            value(&f.secondary),
        );
        if out.len() + row.len() > FINDINGS_BUDGET {
            omitted(out, report.findings.len() - i, "more findings");
            return;
        }
        out.push_str(&row);
    }
}

/// One line per rule (and distinct hint) among the findings.
fn hints(out: &mut String, findings: &[Finding]) {
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::new();
    for f in findings {
        if !f.hint.is_empty() && seen.insert((f.rule.id, f.hint.as_str())) {
            lines.push(format!(
                "- **{} {}**: {}\n",
                f.rule.id,
                f.rule.name,
                text(&f.hint)
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    out.push('\n');
    let _ = writeln!(out, "#### How to fix");
    out.push('\n');
    for (i, line) in lines.iter().enumerate() {
        if out.len() + line.len() > HINTS_BUDGET {
            omitted(out, lines.len() - i, "more hints");
            return;
        }
        out.push_str(line);
    }
}

fn ignored(out: &mut String, report: &Report) {
    if report.suppressed.is_empty() {
        return;
    }
    out.push('\n');
    let _ = writeln!(out, "#### Ignored ({})", report.suppressed.len());
    out.push('\n');
    let _ = writeln!(out, "| rule | resource | attribute | reason |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (i, s) in report.suppressed.iter().enumerate() {
        let f = &s.finding;
        let row = format!(
            "| {} {} | {} | {} | {} |\n",
            f.rule.id,
            f.rule.name,
            code(&f.address),
            attribute(f),
            text(&s.reason)
        );
        if out.len() + row.len() > IGNORED_BUDGET {
            omitted(out, report.suppressed.len() - i, "more ignored findings");
            return;
        }
        out.push_str(&row);
    }
}

fn diffs(out: &mut String, report: &Report, primary: &str, secondary: &str) {
    let diff_of = diffs_by_address(report);
    let with_diff: Vec<_> = by_resource(&report.findings)
        .into_iter()
        .filter_map(|(address, _)| diff_of.get(address).map(|d| (address, *d)))
        .collect();
    for (i, (address, diff)) in with_diff.iter().enumerate() {
        let lines = unified_diff(diff, primary, secondary);
        if lines.is_empty() {
            continue;
        }
        let body: String = lines
            .iter()
            .map(|(_, l)| format!("{}\n", printable(l)))
            .collect();
        let fence = fence_for(&body, '`');
        let block = format!(
            "\n<details>\n<summary>Diff of <code>{}</code></summary>\n\n{fence}diff\n{body}{fence}\n\n</details>\n",
            html(address)
        );
        if out.len() + block.len() > MAX_LEN {
            omitted(out, with_diff.len() - i, "more diffs");
            return;
        }
        out.push_str(&block);
    }
}

fn omitted(out: &mut String, n: usize, what: &str) {
    let _ = writeln!(
        out,
        "\n_… {n} {what} not shown to keep this comment short; the json or sarif format has them all._"
    );
}

/// The attribute cell: code, or a dash for whole-resource findings.
fn attribute(f: &Finding) -> String {
    if f.attribute.is_empty() {
        "—".to_owned()
    } else {
        code(&f.attribute)
    }
}

/// A JSON value in a cell, shortened.
fn value(v: &serde_json::Value) -> String {
    let s = super::compact(v);
    if s.chars().count() > MAX_VALUE {
        let cut: String = s.chars().take(MAX_VALUE - 1).collect();
        code(&format!("{cut}…"))
    } else {
        code(&s)
    }
}

/// Plain text for a table cell or a list item: markup characters are
/// backslash-escaped, HTML is entity-escaped, line breaks become `<br>`.
fn text(s: &str) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => {
                out.push_str("<br>");
                while chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An inline code span that survives a table cell: the fence is longer
/// than any run of backticks inside, `|` is escaped (GFM splits cells on
/// it even in code), and line breaks become spaces.
fn code(s: &str) -> String {
    let s = printable(s);
    let s = s.replace(['\n', '\t'], " ").replace('|', "\\|");
    if s.is_empty() {
        return String::new();
    }
    let fence = fence_for(&s, '`');
    let fence = &fence[..fence.len() - 2]; // one longer than the longest run
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A run of `c` three longer than the longest run in `s` (at least three),
/// usable as a code-block fence; [`code`] trims it to one longer.
fn fence_for(s: &str, c: char) -> String {
    let mut longest = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    c.to_string().repeat(longest + 3)
}

/// Text inside an HTML element.
fn html(s: &str) -> String {
    printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::fixtures::{clean, drifted, finding, hostile};
    use crate::rules::pl060_attribute_drift::RULE as DRIFT;

    fn md(report: &Report) -> String {
        render(report, &RenderOptions::default())
    }

    #[test]
    fn comment_layout() {
        let out = md(&drifted());
        let hint10 = crate::rules::pl010_instance_size::RULE.hint;
        assert!(out.starts_with(
            "<!-- parity-lint -->\n### parity-lint: 3 findings (2 errors, 1 warning)\n"
        ));
        assert!(out.contains("Compared `us-east-1` (primary) with `us-west-2` (secondary)."));
        assert!(out.contains(
            "| errors | warnings | notes | not comparable | pairs compared | ignored |\n\
             |---:|---:|---:|---:|---:|---:|\n\
             | 2 | 1 | 0 | 3 | 12 | 1 |\n"
        ));
        assert!(out.contains(
            "| severity | rule | resource | attribute | primary | secondary |\n\
             |---|---|---|---|---|---|\n\
             | error | PL010 instance-size | `aws_eks_node_group.default` | `instance_types[0]` | `\"m5.xlarge\"` | `\"m5.large\"` |\n\
             | error | PL030 tags | `aws_eks_node_group.default` | `tags.Owner` | `\"sre\"` | `null` |\n\
             | warning | PL060 attribute-drift | `aws_vpc.main` | `enable_dns_hostnames` | `true` | `false` |\n"
        ));
        assert!(out.contains(&format!(
            "#### How to fix\n\n- **PL010 instance-size**: {}\n",
            text(hint10)
        )));
        assert!(out.contains(
            "#### Ignored (1)\n\n| rule | resource | attribute | reason |\n|---|---|---|---|\n\
             | PL010 instance-size | `aws_instance.bastion` | `instance_type` | bastion is sized per region |\n"
        ));
        assert!(out.contains(
            "<details>\n<summary>Diff of <code>aws_eks_node_group.default</code></summary>\n\n```diff\n\
             --- us-east-1\n+++ us-west-2\n@@ -1,4 +1,3 @@\n disk_size = 20\n"
        ));
        assert!(out.contains("-tags.Owner = \"sre\"\n```\n\n</details>\n"));
        assert_eq!(out.matches("<details>").count(), 1);
        assert!(out.ends_with("</details>\n"));
    }

    #[test]
    fn no_drift() {
        let out = md(&clean());
        assert!(out.starts_with("<!-- parity-lint -->\n### parity-lint: no drift\n"));
        assert!(out.contains("No findings: the regions are symmetrical."));
        assert!(!out.contains("#### Findings"));
        assert!(!out.contains("<details>"));
    }

    #[test]
    fn cells_escape_pipes_newlines_and_html() {
        let report = hostile();
        let out = md(&report);
        let row = out
            .lines()
            .find(|l| l.starts_with("| note |"))
            .expect("the finding row");
        // Seven unescaped pipes: six cells on one line.
        let bare = row.replace("\\|", "");
        assert_eq!(bare.matches('|').count(), 7, "{row}");
        assert!(
            row.contains(r#"`aws_security_group.web["a,b:c\|d"]`"#),
            "{row}"
        );
        assert!(
            row.contains(r#"| ``"50% <off> & \"on\" \| `tick`\nline2"`` | `"x\r\ny"` |"#),
            "{row}"
        );
        assert!(!row.contains('\n'));
        let hint = out.lines().find(|l| l.starts_with("- **PL050")).unwrap();
        assert_eq!(hint, r"- **PL050 missing**: fix: it, now<br>\`code\`");
    }

    #[test]
    fn text_and_code_escaping() {
        assert_eq!(text("a|b\r\nc <i>&"), r"a\|b<br>c &lt;i&gt;&amp;");
        assert_eq!(text("**x** [l](u)"), r"\*\*x\*\* \[l\](u)");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a|b\nc"), r"`a\|b c`");
        assert_eq!(code(""), "");
        assert_eq!(html("<b>&"), "&lt;b&gt;&amp;");
    }

    #[test]
    fn long_values_are_shortened() {
        let mut report = drifted();
        report.findings[0].primary = serde_json::Value::String("x".repeat(500));
        let out = md(&report);
        assert!(out.contains(&format!("`\"{}…`", "x".repeat(MAX_VALUE - 2))));
        assert!(!out.contains(&"x".repeat(MAX_VALUE)));
    }

    #[test]
    fn huge_reports_stay_under_the_comment_limit() {
        let mut report = drifted();
        report.findings = (0..5_000)
            .map(|i| {
                finding(
                    &DRIFT,
                    Severity::Warning,
                    &format!("aws_instance.n{i}"),
                    "ami",
                )
            })
            .collect();
        report.summary.warnings = 5_000;
        let out = md(&report);
        assert!(out.len() <= MAX_LEN, "{}", out.len());
        assert!(out.contains("more findings not shown"));
        assert!(out.contains("#### How to fix"));
        assert!(out.contains("#### Ignored (1)"));
    }

    #[test]
    fn diff_fences_outgrow_backticks_in_values() {
        let mut report = drifted();
        report.diffs[0].primary.push("user_data = \"```\"".into());
        let out = md(&report);
        assert!(out.contains("\n``````diff\n"), "{out}");
        assert!(out.contains("\n``````\n\n</details>"));
    }
}
