//! Logs to stderr, which Terraform collects from its plugins: the level
//! comes from `TF_LOG_PROVIDER`, else `TF_LOG` (Terraform's own variables),
//! and nothing but errors is written when neither is set.

use tracing_subscriber::EnvFilter;

/// Maps Terraform's level names to a tracing filter.
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

pub fn init() {
    let value = std::env::var("TF_LOG_PROVIDER")
        .or_else(|_| std::env::var("TF_LOG"))
        .unwrap_or_default();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(level(&value)))
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    #[test]
    fn terraform_levels() {
        assert_eq!(super::level("debug"), "debug");
        assert_eq!(super::level("JSON"), "trace");
        assert_eq!(super::level(""), "error");
        assert_eq!(super::level("bogus"), "error");
    }
}
