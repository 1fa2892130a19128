//! The Terraform plugin protocol, knowing nothing of clouds or resources:
//! the go-plugin handshake, AutoMTLS, the side services go-plugin expects,
//! the `DynamicValue` codec, schemas, and the [`provider::ProviderImpl`]
//! contract that the tfplugin5/6 adapters will serve.

#[macro_use]
mod adapter;
pub mod core;
pub mod handshake;
pub mod plugin_services;
pub mod provider;
pub mod run;
pub mod schema;
pub mod server;
pub mod tfplugin5;
pub mod tfplugin6;
pub mod tls;
pub mod value;
