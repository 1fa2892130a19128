//! JUnit XML, for CI test-report viewers (GitLab, Jenkins, Azure DevOps).
//!
//! One suite, `parity-lint`. Each finding is a failing test case (its
//! `type` is the severity, so warnings and notes can be told apart), each
//! ignored finding a skipped one with the reason, and each rule without an
//! active finding one passing case, so a clean run still shows what was
//! checked.

use std::fmt::Write;

use crate::finding::{Finding, Report};
use crate::rules::RULES;

use super::{compact, RenderOptions};

/// Renders the report as a JUnit XML document.
pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let (primary, secondary) = opts.labels(report);
    let passing: Vec<_> = RULES
        .iter()
        .filter(|r| !report.findings.iter().any(|f| f.rule.id == r.id))
        .collect();
    let failures = report.findings.len();
    let skipped = report.suppressed.len();
    let tests = failures + skipped + passing.len();
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}""#);

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, r#"<testsuites name="parity-lint" {counts}>"#);
    let _ = writeln!(out, r#"  <testsuite name="parity-lint" {counts}>"#);
    out.push_str("    <properties>\n");
    let properties = [
        ("primary", primary.to_owned()),
        ("secondary", secondary.to_owned()),
        ("pairs", report.summary.pairs.to_string()),
        ("not_comparable", report.summary.not_comparable.to_string()),
    ];
    for (name, value) in properties {
        let _ = writeln!(
            out,
            r#"      <property name="{name}" value="{}"/>"#,
            attr(&value)
        );
    }
    out.push_str("    </properties>\n");

    for f in &report.findings {
        let _ = writeln!(out, "    {}>", testcase(f));
        let _ = writeln!(
            out,
            r#"      <failure message="{}" type="{}">{}</failure>"#,
            attr(&f.message),
            f.severity.as_str(),
            text(&details(f, primary, secondary))
        );
        out.push_str("    </testcase>\n");
    }
    for s in &report.suppressed {
        let _ = writeln!(out, "    {}>", testcase(&s.finding));
        let _ = writeln!(
            out,
            r#"      <skipped message="{}"/>"#,
            attr(&format!("ignored: {}", s.reason))
        );
        out.push_str("    </testcase>\n");
    }
    for rule in passing {
        let _ = writeln!(
            out,
            r#"    <testcase classname="{}" name="{}"/>"#,
            attr(rule.id),
            attr(rule.name)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// The opening tag, without its `>`.
fn testcase(f: &Finding) -> String {
    let name = if f.attribute.is_empty() {
        f.address.clone()
    } else {
        format!("{} {}", f.address, f.attribute)
    };
    format!(
        r#"<testcase classname="{}" name="{}""#,
        attr(f.rule.id),
        attr(&name)
    )
}

/// The failure's body: everything a reader needs without the other formats.
fn details(f: &Finding, primary: &str, secondary: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {} ({})", f.rule.id, f.rule.name, f.severity);
    let _ = writeln!(s, "resource: {}", f.address);
    if !f.attribute.is_empty() {
        let _ = writeln!(s, "attribute: {}", f.attribute);
    }
    let _ = writeln!(s, "{primary}: {}", compact(&f.primary));
    let _ = writeln!(s, "{secondary}: {}", compact(&f.secondary));
    let _ = writeln!(s, "{}", f.message);
    if !f.hint.is_empty() {
        let _ = write!(s, "hint: {}", f.hint);
    }
    s
}

/// Characters XML 1.0 cannot hold at all, even as references, become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => char::REPLACEMENT_CHARACTER,
        c => c,
    }
}

/// An attribute value: markup and quotes escaped, and whitespace written
/// as references so attribute normalization keeps it.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Element text: markup escaped; CR written as a reference so it survives
/// line-end normalization.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{clean, drifted, hostile};

    fn parse(xml: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"))
    }

    #[test]
    fn suite_counts_and_cases() {
        let xml = render(&drifted(), &RenderOptions::default());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        let doc = parse(&xml);
        let suites: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(suites.len(), 1);
        let suite = suites[0];
        assert_eq!(suite.attribute("name"), Some("parity-lint"));
        // 3 findings + 1 ignored + 6 rules without a finding.
        assert_eq!(suite.attribute("tests"), Some("10"));
        assert_eq!(suite.attribute("failures"), Some("3"));
        assert_eq!(suite.attribute("skipped"), Some("1"));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 10);

        let first = cases[0];
        assert_eq!(first.attribute("classname"), Some("PL010"));
        assert_eq!(
            first.attribute("name"),
            Some("aws_eks_node_group.default instance_types[0]")
        );
        let failure = first
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(failure.attribute("type"), Some("error"));
        assert_eq!(
            failure.attribute("message"),
            Some(drifted().findings[0].message.as_str())
        );
        let body = failure.text().unwrap();
        assert!(
            body.contains("us-east-1: \"m5.xlarge\"\nus-west-2: \"m5.large\"\n"),
            "{body}"
        );
        assert!(body.contains("hint: Pass the size"));

        let warning = cases[2]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(warning.attribute("type"), Some("warning"));

        let ignored = cases[3];
        assert_eq!(
            ignored.attribute("name"),
            Some("aws_instance.bastion instance_type")
        );
        let skipped = ignored
            .children()
            .find(|n| n.has_tag_name("skipped"))
            .unwrap();
        assert_eq!(
            skipped.attribute("message"),
            Some("ignored: bastion is sized per region")
        );

        let passing: Vec<_> = cases[4..]
            .iter()
            .map(|c| {
                (
                    c.attribute("classname").unwrap(),
                    c.attribute("name").unwrap(),
                )
            })
            .collect();
        assert_eq!(passing[0], ("PL001", "cidr-layout"));
        assert!(!passing
            .iter()
            .any(|(id, _)| ["PL010", "PL030", "PL060"].contains(id)));
        assert!(passing.iter().any(|(id, _)| *id == "PL050"));
        assert!(cases[4..]
            .iter()
            .all(|c| c.children().all(|n| !n.is_element())));
    }

    #[test]
    fn clean_report_passes_every_rule() {
        let xml = render(&clean(), &RenderOptions::default());
        let doc = parse(&xml);
        let suite = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        assert_eq!(
            suite.attribute("tests"),
            Some(RULES.len().to_string().as_str())
        );
        assert_eq!(suite.attribute("failures"), Some("0"));
        let props: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("property"))
            .map(|p| (p.attribute("name").unwrap(), p.attribute("value").unwrap()))
            .collect();
        assert_eq!(
            props,
            [
                ("primary", "us-east-1"),
                ("secondary", "us-west-2"),
                ("pairs", "40"),
                ("not_comparable", "2")
            ]
        );
    }

    #[test]
    fn hostile_text_round_trips() {
        let report = hostile();
        let xml = render(&report, &RenderOptions::default());
        let doc = parse(&xml);
        let case = doc
            .descendants()
            .find(|n| n.has_tag_name("testcase"))
            .unwrap();
        assert_eq!(
            case.attribute("name"),
            Some(r#"aws_security_group.web["a,b:c|d"] description"#)
        );
        let failure = case.first_element_child().unwrap();
        assert_eq!(failure.attribute("type"), Some("note"));
        // Everything but the ESC (not an XML character) comes back intact,
        // CR and LF included.
        let expected = report.findings[0].message.replace('\u{1b}', "\u{fffd}");
        assert_eq!(failure.attribute("message"), Some(expected.as_str()));
        assert!(failure
            .text()
            .unwrap()
            .contains("hint: fix: it, now\n`code`"));
        assert!(!xml.contains("]]>"));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            attr("a&b<c>\"d'\te\nf\r"),
            "a&amp;b&lt;c&gt;&quot;d&apos;&#9;e&#10;f&#13;"
        );
        assert_eq!(
            text("a&b<c>]]>\r\n\u{0}\u{FFFF}"),
            "a&amp;b&lt;c&gt;]]&gt;&#13;\n\u{fffd}\u{fffd}"
        );
    }
}
