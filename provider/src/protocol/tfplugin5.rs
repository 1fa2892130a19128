//! Protocol 5 (tfplugin5): the shared template plus the RPCs named only here.

use magma_protocol::tfplugin5 as pb;

crate::protocol::adapter::conversions!(pb);

crate::protocol::adapter::provider_server!(pb, ProviderV5, {
    async fn get_schema(
        &self,
        _: tonic::Request<pb::get_provider_schema::Request>,
    ) -> Resp<pb::get_provider_schema::Response> {
        ok(schema_response(&self.core))
    }

    async fn prepare_provider_config(
        &self,
        req: tonic::Request<pb::prepare_provider_config::Request>,
    ) -> Resp<pb::prepare_provider_config::Response> {
        let req = req.into_inner();
        let diags = self
            .core
            .validate_provider_config(dv_in(&req.config).as_ref())
            .await;
        // Protocol 5 uses the returned configuration from here on: hand it back unchanged.
        ok(pb::prepare_provider_config::Response {
            prepared_config: req.config,
            diagnostics: diags_out(diags),
        })
    }

    async fn validate_resource_type_config(
        &self,
        req: tonic::Request<pb::validate_resource_type_config::Request>,
    ) -> Resp<pb::validate_resource_type_config::Response> {
        let req = req.into_inner();
        let diags = self
            .core
            .validate_resource_config(&req.type_name, dv_in(&req.config).as_ref())
            .await;
        ok(pb::validate_resource_type_config::Response {
            diagnostics: diags_out(diags),
        })
    }

    async fn validate_data_source_config(
        &self,
        _: tonic::Request<pb::validate_data_source_config::Request>,
    ) -> Resp<pb::validate_data_source_config::Response> {
        ok(pb::validate_data_source_config::Response {
            diagnostics: unsupported("Data sources"),
        })
    }

    async fn configure(
        &self,
        req: tonic::Request<pb::configure::Request>,
    ) -> Resp<pb::configure::Response> {
        let diags = self
            .core
            .configure(dv_in(&req.into_inner().config).as_ref())
            .await;
        ok(pb::configure::Response {
            diagnostics: diags_out(diags),
        })
    }

    async fn stop(&self, _: tonic::Request<pb::stop::Request>) -> Resp<pb::stop::Response> {
        self.core.stop();
        ok(pb::stop::Response::default())
    }
});
