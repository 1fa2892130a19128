//! Protocol 6 (tfplugin6): the shared template plus the RPCs named only here.

use magma_protocol::tfplugin6 as pb;

crate::protocol::adapter::conversions!(pb);

crate::protocol::adapter::provider_server!(pb, ProviderV6, {
    async fn get_provider_schema(
        &self,
        _: tonic::Request<pb::get_provider_schema::Request>,
    ) -> Resp<pb::get_provider_schema::Response> {
        ok(schema_response(&self.core))
    }

    async fn validate_provider_config(
        &self,
        req: tonic::Request<pb::validate_provider_config::Request>,
    ) -> Resp<pb::validate_provider_config::Response> {
        let diags = self
            .core
            .validate_provider_config(dv_in(&req.into_inner().config).as_ref())
            .await;
        ok(pb::validate_provider_config::Response {
            diagnostics: diags_out(diags),
        })
    }

    async fn validate_resource_config(
        &self,
        req: tonic::Request<pb::validate_resource_config::Request>,
    ) -> Resp<pb::validate_resource_config::Response> {
        let req = req.into_inner();
        let diags = self
            .core
            .validate_resource_config(&req.type_name, dv_in(&req.config).as_ref())
            .await;
        ok(pb::validate_resource_config::Response {
            diagnostics: diags_out(diags),
        })
    }

    async fn validate_data_resource_config(
        &self,
        _: tonic::Request<pb::validate_data_resource_config::Request>,
    ) -> Resp<pb::validate_data_resource_config::Response> {
        ok(pb::validate_data_resource_config::Response {
            diagnostics: unsupported("Data sources"),
        })
    }

    async fn configure_provider(
        &self,
        req: tonic::Request<pb::configure_provider::Request>,
    ) -> Resp<pb::configure_provider::Response> {
        let diags = self
            .core
            .configure(dv_in(&req.into_inner().config).as_ref())
            .await;
        ok(pb::configure_provider::Response {
            diagnostics: diags_out(diags),
        })
    }

    async fn stop_provider(
        &self,
        _: tonic::Request<pb::stop_provider::Request>,
    ) -> Resp<pb::stop_provider::Response> {
        self.core.stop();
        ok(pb::stop_provider::Response::default())
    }

    async fn validate_state_store_config(
        &self,
        _: tonic::Request<pb::validate_state_store::Request>,
    ) -> Resp<pb::validate_state_store::Response> {
        ok(pb::validate_state_store::Response {
            diagnostics: unsupported("State stores"),
        })
    }

    async fn configure_state_store(
        &self,
        _: tonic::Request<pb::configure_state_store::Request>,
    ) -> Resp<pb::configure_state_store::Response> {
        ok(pb::configure_state_store::Response {
            diagnostics: unsupported("State stores"),
            ..Default::default()
        })
    }

    type ReadStateBytesStream = EventStream<pb::read_state_bytes::Response>;

    async fn read_state_bytes(
        &self,
        _: tonic::Request<pb::read_state_bytes::Request>,
    ) -> Resp<Self::ReadStateBytesStream> {
        let chunk = pb::read_state_bytes::Response {
            diagnostics: unsupported("State stores"),
            ..Default::default()
        };
        ok(Box::pin(futures::stream::iter([Ok(chunk)])))
    }

    async fn write_state_bytes(
        &self,
        _: tonic::Request<tonic::Streaming<pb::write_state_bytes::RequestChunk>>,
    ) -> Resp<pb::write_state_bytes::Response> {
        ok(pb::write_state_bytes::Response {
            diagnostics: unsupported("State stores"),
        })
    }

    async fn lock_state(
        &self,
        _: tonic::Request<pb::lock_state::Request>,
    ) -> Resp<pb::lock_state::Response> {
        ok(pb::lock_state::Response {
            diagnostics: unsupported("State stores"),
            ..Default::default()
        })
    }

    async fn unlock_state(
        &self,
        _: tonic::Request<pb::unlock_state::Request>,
    ) -> Resp<pb::unlock_state::Response> {
        ok(pb::unlock_state::Response {
            diagnostics: unsupported("State stores"),
        })
    }

    async fn get_states(
        &self,
        _: tonic::Request<pb::get_states::Request>,
    ) -> Resp<pb::get_states::Response> {
        ok(pb::get_states::Response {
            diagnostics: unsupported("State stores"),
            ..Default::default()
        })
    }

    async fn delete_state(
        &self,
        _: tonic::Request<pb::delete_state::Request>,
    ) -> Resp<pb::delete_state::Response> {
        ok(pb::delete_state::Response {
            diagnostics: unsupported("State stores"),
        })
    }
});
