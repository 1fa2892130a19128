//! The go-plugin handshake: how Terraform and the plugin agree to talk.
//!
//! Terraform starts the plugin with a magic cookie and the protocol
//! versions it speaks in the environment; the plugin answers with one line
//! on stdout: `CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT]`, where CERT is
//! the server certificate (DER, standard base64 without padding) when
//! Terraform asked for AutoMTLS.

use std::net::SocketAddr;

use base64::Engine;

/// Environment key of the cookie Terraform sets for its plugins.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// The value Terraform's provider plugins are launched with.
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// go-plugin's own protocol version.
pub const CORE_PROTOCOL_VERSION: u32 = 1;
/// Plugin protocol versions this provider serves, best first.
pub const SUPPORTED_VERSIONS: &[u32] = &[6, 5];
/// Forces one protocol version (tests run the suite under each).
pub const FORCE_VERSION_KEY: &str = "HIGHFLAME_PLUGIN_PROTOCOL";

/// Why the plugin cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    #[error("this binary is a Terraform plugin, not meant to be run directly: run `terraform` with a configuration that uses the highflame provider (the {MAGIC_COOKIE_KEY} environment variable is missing or wrong)")]
    NotLaunchedByTerraform,
    #[error("{FORCE_VERSION_KEY}={0} is not a protocol version this provider serves (5 or 6)")]
    BadForcedVersion(String),
    #[error("no common plugin protocol version: Terraform offers {offered:?}, this provider serves {supported:?}")]
    NoCommonVersion {
        offered: Vec<u32>,
        supported: Vec<u32>,
    },
}

/// Checks the cookie and picks the protocol version. `env` reads the
/// environment (a function so tests need not touch the process's).
pub fn negotiate(env: impl Fn(&str) -> Option<String>) -> Result<u32, HandshakeError> {
    if env(MAGIC_COOKIE_KEY).as_deref() != Some(MAGIC_COOKIE_VALUE) {
        return Err(HandshakeError::NotLaunchedByTerraform);
    }
    let mut supported: Vec<u32> = SUPPORTED_VERSIONS.to_vec();
    if let Some(forced) = env(FORCE_VERSION_KEY).filter(|v| !v.trim().is_empty()) {
        let v: u32 = forced
            .trim()
            .parse()
            .ok()
            .filter(|v| SUPPORTED_VERSIONS.contains(v))
            .ok_or_else(|| HandshakeError::BadForcedVersion(forced.clone()))?;
        supported = vec![v];
    }
    // Without the variable, go-plugin's clients expect the legacy version.
    let offered: Vec<u32> = match env("PLUGIN_PROTOCOL_VERSIONS") {
        Some(list) => list
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect(),
        None => vec![5],
    };
    supported
        .iter()
        .copied()
        .find(|v| offered.contains(v))
        .ok_or(HandshakeError::NoCommonVersion { offered, supported })
}

/// The line the plugin prints once it listens.
pub fn handshake_line(protocol: u32, addr: SocketAddr, server_cert_der: Option<&[u8]>) -> String {
    let mut line = format!("{CORE_PROTOCOL_VERSION}|{protocol}|tcp|{addr}|grpc");
    if let Some(der) = server_cert_der {
        line.push('|');
        line.push_str(&base64::engine::general_purpose::STANDARD_NO_PAD.encode(der));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn refuses_without_the_cookie() {
        assert_eq!(
            negotiate(env(&[])),
            Err(HandshakeError::NotLaunchedByTerraform)
        );
        assert_eq!(
            negotiate(env(&[(MAGIC_COOKIE_KEY, "nope")])),
            Err(HandshakeError::NotLaunchedByTerraform)
        );
    }

    #[test]
    fn picks_the_best_common_version() {
        let c = (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE);
        assert_eq!(
            negotiate(env(&[c, ("PLUGIN_PROTOCOL_VERSIONS", "5,6")])),
            Ok(6)
        );
        assert_eq!(
            negotiate(env(&[c, ("PLUGIN_PROTOCOL_VERSIONS", "5")])),
            Ok(5)
        );
        assert_eq!(negotiate(env(&[c])), Ok(5));
        assert!(matches!(
            negotiate(env(&[c, ("PLUGIN_PROTOCOL_VERSIONS", "4")])),
            Err(HandshakeError::NoCommonVersion { .. })
        ));
    }

    #[test]
    fn a_forced_version_must_be_offered() {
        let c = (MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE);
        let both = ("PLUGIN_PROTOCOL_VERSIONS", "5,6");
        assert_eq!(negotiate(env(&[c, both, (FORCE_VERSION_KEY, "5")])), Ok(5));
        assert_eq!(
            negotiate(env(&[c, both, (FORCE_VERSION_KEY, "7")])),
            Err(HandshakeError::BadForcedVersion("7".into()))
        );
        assert!(negotiate(env(&[
            c,
            ("PLUGIN_PROTOCOL_VERSIONS", "5"),
            (FORCE_VERSION_KEY, "6")
        ]))
        .is_err());
    }

    #[test]
    fn line_format() {
        let addr: SocketAddr = "127.0.0.1:4242".parse().unwrap();
        assert_eq!(handshake_line(6, addr, None), "1|6|tcp|127.0.0.1:4242|grpc");
        assert_eq!(
            handshake_line(5, addr, Some(&[0xfb, 0xff])),
            "1|5|tcp|127.0.0.1:4242|grpc|+/8"
        );
    }
}
