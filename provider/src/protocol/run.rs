//! The plugin's life: handshake, serve the negotiated protocol, stop on
//! the controller's Shutdown.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use tonic::service::Routes;

use crate::protocol::core::Core;
use crate::protocol::handshake::{handshake_line, negotiate};
use crate::protocol::provider::ProviderImpl;
use crate::protocol::server::start;
use crate::protocol::{tfplugin5, tfplugin6};

/// Runs `provider` as a Terraform plugin until Terraform shuts it down.
pub fn run(provider: Arc<dyn ProviderImpl>) -> ExitCode {
    let protocol = match negotiate(|k| std::env::var(k).ok()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let core = Arc::new(Core::new(provider));
        let routes = if protocol == 5 {
            Routes::new(
                magma_protocol::tfplugin5::provider_server::ProviderServer::new(
                    tfplugin5::ProviderV5 { core },
                ),
            )
        } else {
            Routes::new(
                magma_protocol::tfplugin6::provider_server::ProviderServer::new(
                    tfplugin6::ProviderV6 { core },
                ),
            )
        };
        let client_cert = std::env::var("PLUGIN_CLIENT_CERT")
            .ok()
            .filter(|c| !c.is_empty());
        let server = match start(routes, client_cert.as_deref()).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
        let line = handshake_line(protocol, server.addr, server.cert_der.as_deref());
        let mut stdout = std::io::stdout();
        if writeln!(stdout, "{line}")
            .and_then(|_| stdout.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
        tracing::info!(protocol, addr = %server.addr, "serving");
        // Terraform handles Ctrl-C itself and tells the plugin through Stop
        // and Shutdown; the signal reaches the plugin's process group too,
        // and must not kill it mid-apply.
        tokio::spawn(async {
            loop {
                if tokio::signal::ctrl_c().await.is_err() {
                    break;
                }
                tracing::debug!("ignoring SIGINT: Terraform stops the plugin over gRPC");
            }
        });
        match server.wait().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        }
    })
}
