//! Serving gRPC to Terraform: listener, TLS, go-plugin side services.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_stream::StreamExt;
use tonic::service::Routes;

use crate::protocol::plugin_services::{Controller, GrpcControllerServer, GrpcStdioServer, Stdio};
use crate::protocol::tls::{parse_client_cert, ServerTls, TlsError};

/// Why serving failed to start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1: {0}")]
    Listen(std::io::Error),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("gRPC server: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("the server task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Small gRPC frames must leave at once: with Nagle's algorithm every
/// call waits ~40 ms for the peer's delayed ACK. (`serve_with_incoming`
/// bypasses tonic's own `tcp_nodelay` setting.)
fn no_delay(tcp: &tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!("TCP_NODELAY not set: {e}");
    }
}

/// A running plugin server.
pub struct PluginServer {
    pub addr: SocketAddr,
    /// The server certificate (DER) when AutoMTLS is on.
    pub cert_der: Option<Vec<u8>>,
    /// Notified by the controller's `Shutdown` (or by the owner) to stop.
    pub shutdown: Arc<Notify>,
    task: JoinHandle<Result<(), tonic::transport::Error>>,
}

impl PluginServer {
    /// Waits until the server has stopped.
    pub async fn wait(self) -> Result<(), ServeError> {
        Ok(self.task.await??)
    }
}

/// Starts serving `routes` (the provider services) plus the go-plugin
/// health, controller and stdio services on a fresh loopback port. With
/// `client_cert_pem` (from `PLUGIN_CLIENT_CERT`), only that client may
/// connect, over TLS.
pub async fn start(
    routes: Routes,
    client_cert_pem: Option<&str>,
) -> Result<PluginServer, ServeError> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(ServeError::Listen)?;
    let addr = listener.local_addr().map_err(ServeError::Listen)?;
    let shutdown = Arc::new(Notify::new());

    let (health_reporter, health) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;
    let routes = routes
        .add_service(health)
        .add_service(GrpcControllerServer::new(Controller {
            shutdown: shutdown.clone(),
        }))
        .add_service(GrpcStdioServer::new(Stdio {
            shutdown: shutdown.clone(),
        }));
    let server = tonic::transport::Server::builder().add_routes(routes);
    let stop = {
        let shutdown = shutdown.clone();
        async move { shutdown.notified().await }
    };

    let tls = client_cert_pem
        .map(|pem| parse_client_cert(pem).and_then(ServerTls::new))
        .transpose()?;
    let cert_der = tls.as_ref().map(|t| t.cert_der.clone());
    let task = match tls {
        None => {
            let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener)
                .map(|conn| conn.inspect(no_delay));
            tokio::spawn(server.serve_with_incoming_shutdown(incoming, stop))
        }
        Some(tls) => {
            let acceptor = TlsAcceptor::from(tls.config);
            let incoming =
                futures::stream::unfold((listener, acceptor), |(listener, acceptor)| async move {
                    loop {
                        let (tcp, peer) = match listener.accept().await {
                            Ok(c) => c,
                            Err(e) => return Some((Err(e), (listener, acceptor))),
                        };
                        no_delay(&tcp);
                        match acceptor.accept(tcp).await {
                            Ok(stream) => return Some((Ok(stream), (listener, acceptor))),
                            // A client that fails the handshake is refused; the server goes on.
                            Err(e) => tracing::warn!("TLS handshake with {peer} refused: {e}"),
                        }
                    }
                });
            tokio::spawn(server.serve_with_incoming_shutdown(incoming, stop))
        }
    };
    Ok(PluginServer {
        addr,
        cert_der,
        shutdown,
        task,
    })
}
