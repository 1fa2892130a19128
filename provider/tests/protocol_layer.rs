//! The protocol layer on loopback: health, Shutdown, stdio, and AutoMTLS
//! (the pinned client certificate is required; any other is refused).

use std::sync::Arc;

use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use terraform_provider_highflame::protocol::plugin_services::{
    Empty, GrpcControllerClient, GrpcStdioClient,
};
use terraform_provider_highflame::protocol::server::start;
use terraform_provider_highflame::protocol::tls::generate_cert;
use tokio::net::TcpStream;
use tonic::service::Routes;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;

fn pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

#[tokio::test]
async fn health_stdio_and_shutdown_over_plain_tcp() {
    let server = start(Routes::default(), None).await.unwrap();
    assert!(server.cert_der.is_none());
    let url = format!("http://{}", server.addr);
    let channel = tonic::transport::Endpoint::from_shared(url)
        .unwrap()
        .connect()
        .await
        .unwrap();

    let status = HealthClient::new(channel.clone())
        .check(HealthCheckRequest {
            service: "plugin".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .status;
    assert_eq!(status, ServingStatus::Serving as i32);

    // The stdio stream stays open, carrying nothing, until shutdown.
    let mut stdio = GrpcStdioClient::new(channel.clone())
        .stream_stdio(Empty {})
        .await
        .unwrap()
        .into_inner();
    let pending =
        tokio::time::timeout(std::time::Duration::from_millis(200), stdio.message()).await;
    assert!(pending.is_err(), "stdio stream must stay open");

    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), server.wait())
        .await
        .expect("server stops after Shutdown")
        .unwrap();
}

/// Trusts exactly one server certificate (the one from the handshake line),
/// as go-plugin's client does.
#[derive(Debug)]
struct PinnedServer(Vec<u8>);

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.0.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "unexpected server certificate".into(),
            ))
        }
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            m,
            c,
            d,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            m,
            c,
            d,
            &rustls::crypto::ring::default_provider().signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

async fn tls_handshake(
    addr: std::net::SocketAddr,
    server_cert: &[u8],
    client: Option<(CertificateDer<'static>, PrivateKeyDer<'static>)>,
) -> std::io::Result<()> {
    let builder =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedServer(server_cert.to_vec())));
    let mut config = match client {
        Some((cert, key)) => builder.with_client_auth_cert(vec![cert], key).unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(addr).await?;
    let mut tls = connector
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await?;
    // TLS 1.3 reports a refused client certificate on the first read.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    tls.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await?;
    tls.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).await?;
    let mut buf = [0u8; 9];
    tls.read_exact(&mut buf).await?;
    assert_eq!(buf[3], 4, "the server answers with HTTP/2 SETTINGS");
    Ok(())
}

#[tokio::test]
async fn auto_mtls_accepts_only_the_pinned_client() {
    let (client_cert, client_key) = generate_cert().unwrap();
    let server = start(Routes::default(), Some(&pem(&client_cert)))
        .await
        .unwrap();
    let server_cert = server
        .cert_der
        .clone()
        .expect("a server certificate for the handshake line");

    tls_handshake(
        server.addr,
        &server_cert,
        Some((client_cert.clone(), client_key.clone_key())),
    )
    .await
    .expect("the pinned client connects");

    let err = tls_handshake(server.addr, &server_cert, None).await;
    assert!(err.is_err(), "a client without a certificate is refused");

    let (other_cert, other_key) = generate_cert().unwrap();
    let err = tls_handshake(server.addr, &server_cert, Some((other_cert, other_key))).await;
    assert!(err.is_err(), "another client certificate is refused");

    // The server survived the refused handshakes.
    tls_handshake(server.addr, &server_cert, Some((client_cert, client_key)))
        .await
        .expect("still serving");
    server.shutdown.notify_waiters();
    server.wait().await.unwrap();
}

#[tokio::test]
async fn bad_client_certificate_pem_is_an_error() {
    let err = start(Routes::default(), Some("not a certificate"))
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("PLUGIN_CLIENT_CERT"), "{err}");
}
