//! Logs to stderr, which Terraform collects from its plugins, as go-plugin's
//! JSON log lines (`@level`, `@message`, `@module`, `@timestamp`), so
//! Terraform files each line at its own level. The level comes from
//! `TF_LOG_PROVIDER`, else `TF_LOG` (Terraform's own variables); without
//! either only errors are written.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

/// Maps Terraform's level names to a tracing level name.
fn level(value: &str) -> &'static str {
    match value.trim().to_ascii_uppercase().as_str() {
        "TRACE" | "JSON" => "trace",
        "DEBUG" => "debug",
        "INFO" => "info",
        "WARN" => "warn",
        "OFF" => "off",
        _ => "error",
    }
}

/// The level applies to this provider's own crates; libraries (TLS, HTTP/2)
/// stay at warnings, or a trace log drowns in handshake dumps.
fn filter(level: &str) -> EnvFilter {
    EnvFilter::new(format!(
        "warn,terraform_provider_highflame={level},parity_lint={level}"
    ))
}

/// One event as a go-plugin (hclog) JSON line.
struct HclogJson;

#[derive(Default)]
struct Fields {
    message: String,
    extra: serde_json::Map<String, serde_json::Value>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_owned();
        } else {
            self.extra.insert(field.name().to_owned(), value.into());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.extra.insert(field.name().to_owned(), text.into());
        }
    }
}

fn hclog_level(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

impl<S, N> FormatEvent<S, N> for HclogJson
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let mut line = fields.extra;
        line.insert(
            "@level".into(),
            hclog_level(event.metadata().level()).into(),
        );
        line.insert("@message".into(), fields.message.into());
        line.insert("@module".into(), event.metadata().target().into());
        line.insert(
            "@timestamp".into(),
            timestamp(std::time::SystemTime::now()).into(),
        );
        writeln!(writer, "{}", serde_json::Value::Object(line))
    }
}

/// hclog's layout: RFC 3339 with exactly six fractional digits; a line
/// whose timestamp does not parse is shown as raw text at DEBUG.
fn timestamp(now: std::time::SystemTime) -> String {
    let micros = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_micros())
        .unwrap_or(0);
    let seconds = crate::resources::support::rfc3339(now);
    match seconds.strip_suffix('Z') {
        Some(base) => format!("{base}.{micros:06}Z"),
        None => seconds,
    }
}

pub fn init() {
    let value = std::env::var("TF_LOG_PROVIDER")
        .or_else(|_| std::env::var("TF_LOG"))
        .unwrap_or_default();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(level(&value)))
        .with_writer(std::io::stderr)
        .event_format(HclogJson)
        .try_init();
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_have_six_fractional_digits() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_micros(1_700_000_000_000_042);
        assert_eq!(super::timestamp(t), "2023-11-14T22:13:20.000042Z");
    }

    #[test]
    fn terraform_levels() {
        assert_eq!(super::level("debug"), "debug");
        assert_eq!(super::level("JSON"), "trace");
        assert_eq!(super::level(""), "error");
        assert_eq!(super::level("bogus"), "error");
    }
}
