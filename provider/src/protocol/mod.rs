//! The Terraform plugin protocol, knowing nothing of clouds or resources:
//! the go-plugin handshake, AutoMTLS, the side services go-plugin expects,
//! and the `DynamicValue` codec.

pub mod handshake;
pub mod plugin_services;
pub mod server;
pub mod tls;
pub mod value;
