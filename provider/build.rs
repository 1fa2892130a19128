//! Generates the go-plugin side services (controller, stdio) from Rust
//! descriptions: their messages are hand-written in
//! `src/protocol/plugin_services.rs`, so no `.proto` file is needed.

use tonic_build::manual::{Builder, Method, Service};

fn main() {
    let codec = "tonic::codec::ProstCodec";
    let controller = Service::builder()
        .name("GRPCController")
        .package("plugin")
        .method(
            Method::builder()
                .name("shutdown")
                .route_name("Shutdown")
                .input_type("crate::protocol::plugin_services::Empty")
                .output_type("crate::protocol::plugin_services::Empty")
                .codec_path(codec)
                .build(),
        )
        .build();
    let stdio = Service::builder()
        .name("GRPCStdio")
        .package("plugin")
        .method(
            Method::builder()
                .name("stream_stdio")
                .route_name("StreamStdio")
                .input_type("crate::protocol::plugin_services::Empty")
                .output_type("crate::protocol::plugin_services::StdioData")
                .codec_path(codec)
                .server_streaming()
                .build(),
        )
        .build();
    Builder::new()
        .build_transport(false)
        .compile(&[controller, stdio]);
}
