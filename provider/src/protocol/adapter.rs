//! One template for the tfplugin5 and tfplugin6 servers.
//!
//! The two protocol versions share most messages field for field; the
//! macro below is expanded once per version with that version's generated
//! module, and each version adds the RPCs whose names differ. Every RPC
//! answers: what this provider does not offer (data sources, functions,
//! ephemeral and list resources, actions, state stores) answers with an
//! error diagnostic, never a gRPC failure.

/// Conversions between a version's messages and the neutral core types.
macro_rules! conversions {
    ($pb:ident) => {
        use crate::protocol::core::Dv;
        use crate::protocol::provider::{Diagnostic, Severity};
        use crate::protocol::schema::{Block, Nesting, Schema};
        use crate::protocol::value::{AttributePath, Step};

        pub(crate) fn dv_in(dv: &Option<$pb::DynamicValue>) -> Option<Dv> {
            dv.as_ref().map(|d| Dv {
                msgpack: d.msgpack.clone(),
                json: d.json.clone(),
            })
        }

        pub(crate) fn dv_out(dv: Option<Dv>) -> Option<$pb::DynamicValue> {
            dv.map(|d| $pb::DynamicValue {
                msgpack: d.msgpack,
                json: d.json,
            })
        }

        pub(crate) fn path_out(path: &AttributePath) -> $pb::AttributePath {
            use $pb::attribute_path::step::Selector;
            $pb::AttributePath {
                steps: path
                    .steps
                    .iter()
                    .map(|s| $pb::attribute_path::Step {
                        selector: Some(match s {
                            Step::Attribute(n) => Selector::AttributeName(n.clone()),
                            Step::ElementKeyString(k) => Selector::ElementKeyString(k.clone()),
                            Step::ElementKeyInt(i) => Selector::ElementKeyInt(*i),
                        }),
                    })
                    .collect(),
            }
        }

        pub(crate) fn diags_out(diags: Vec<Diagnostic>) -> Vec<$pb::Diagnostic> {
            diags
                .into_iter()
                .map(|d| $pb::Diagnostic {
                    severity: match d.severity {
                        Severity::Error => $pb::diagnostic::Severity::Error as i32,
                        Severity::Warning => $pb::diagnostic::Severity::Warning as i32,
                    },
                    summary: d.summary,
                    detail: d.detail,
                    attribute: d.attribute.as_ref().map(path_out),
                })
                .collect()
        }

        fn block_out(b: &Block) -> $pb::schema::Block {
            use $pb::schema::nested_block::NestingMode;
            $pb::schema::Block {
                attributes: b
                    .attributes
                    .iter()
                    .map(|a| $pb::schema::Attribute {
                        name: a.name.clone(),
                        r#type: a.ty.to_json().into_bytes(),
                        description: a.description.clone(),
                        required: a.required,
                        optional: a.optional,
                        computed: a.computed,
                        sensitive: a.sensitive,
                        ..Default::default()
                    })
                    .collect(),
                block_types: b
                    .blocks
                    .iter()
                    .map(|n| $pb::schema::NestedBlock {
                        type_name: n.name.clone(),
                        block: Some(block_out(&n.block)),
                        nesting: match n.nesting {
                            Nesting::Single => NestingMode::Single,
                            Nesting::List => NestingMode::List,
                            Nesting::Set => NestingMode::Set,
                        } as i32,
                        min_items: n.min_items,
                        max_items: n.max_items,
                    })
                    .collect(),
                description: b.description.clone(),
                ..Default::default()
            }
        }

        pub(crate) fn schema_out(s: &Schema) -> $pb::Schema {
            $pb::Schema {
                version: s.version,
                block: Some(block_out(&s.block)),
            }
        }

        /// The GetProviderSchema (GetSchema in protocol 5) answer.
        fn schema_response(
            core: &crate::protocol::core::Core,
        ) -> $pb::get_provider_schema::Response {
            $pb::get_provider_schema::Response {
                provider: Some(schema_out(core.provider_schema())),
                resource_schemas: core
                    .resource_schemas()
                    .map(|(name, s)| (name.clone(), schema_out(s)))
                    .collect(),
                server_capabilities: server_capabilities(),
                ..Default::default()
            }
        }

        fn unsupported(what: &str) -> Vec<$pb::Diagnostic> {
            diags_out(crate::protocol::core::unsupported(what))
        }

        fn server_capabilities() -> Option<$pb::ServerCapabilities> {
            Some($pb::ServerCapabilities {
                plan_destroy: true,
                // Terraform may reuse its cached schema instead of asking each process.
                get_provider_schema_optional: true,
                ..Default::default()
            })
        }

        type Resp<T> = std::result::Result<tonic::Response<T>, tonic::Status>;

        // tonic's handler signatures fix the error type (a large `Status`).
        #[allow(clippy::result_large_err)]
        fn ok<T>(t: T) -> Resp<T> {
            Ok(tonic::Response::new(t))
        }
    };
}

/// The server: `$name` implements `$pb::provider_server::Provider` with
/// the shared RPCs plus `$($specific)*`.
macro_rules! provider_server {
    ($pb:ident, $name:ident, { $($specific:tt)* }) => {
        /// A tfplugin server over the version-neutral core.
        pub struct $name {
            pub core: std::sync::Arc<crate::protocol::core::Core>,
        }

        type EventStream<T> = std::pin::Pin<
            Box<dyn futures::Stream<Item = std::result::Result<T, tonic::Status>> + Send>,
        >;

        #[tonic::async_trait]
        impl $pb::provider_server::Provider for $name {
            async fn get_metadata(&self, _: tonic::Request<$pb::get_metadata::Request>) -> Resp<$pb::get_metadata::Response> {
                ok($pb::get_metadata::Response {
                    server_capabilities: server_capabilities(),
                    resources: self
                        .core
                        .resource_schemas()
                        .map(|(name, _)| $pb::get_metadata::ResourceMetadata { type_name: name.clone() })
                        .collect(),
                    ..Default::default()
                })
            }

            async fn upgrade_resource_state(&self, req: tonic::Request<$pb::upgrade_resource_state::Request>) -> Resp<$pb::upgrade_resource_state::Response> {
                let req = req.into_inner();
                let raw = req.raw_state.map(|r| r.json).unwrap_or_default();
                let out = self.core.upgrade_resource_state(&req.type_name, req.version, &raw);
                ok($pb::upgrade_resource_state::Response {
                    upgraded_state: dv_out(out.state),
                    diagnostics: diags_out(out.diagnostics),
                })
            }

            async fn get_resource_identity_schemas(&self, _: tonic::Request<$pb::get_resource_identity_schemas::Request>) -> Resp<$pb::get_resource_identity_schemas::Response> {
                // No resource declares an identity: an empty answer is the complete one.
                ok($pb::get_resource_identity_schemas::Response::default())
            }

            async fn upgrade_resource_identity(&self, _: tonic::Request<$pb::upgrade_resource_identity::Request>) -> Resp<$pb::upgrade_resource_identity::Response> {
                ok($pb::upgrade_resource_identity::Response {
                    diagnostics: unsupported("Resource identity"),
                    ..Default::default()
                })
            }

            async fn read_resource(&self, req: tonic::Request<$pb::read_resource::Request>) -> Resp<$pb::read_resource::Response> {
                let req = req.into_inner();
                let out = self
                    .core
                    .read_resource(&req.type_name, dv_in(&req.current_state).as_ref(), req.private)
                    .await;
                ok($pb::read_resource::Response {
                    new_state: dv_out(out.state),
                    private: out.private,
                    diagnostics: diags_out(out.diagnostics),
                    ..Default::default()
                })
            }

            async fn plan_resource_change(&self, req: tonic::Request<$pb::plan_resource_change::Request>) -> Resp<$pb::plan_resource_change::Response> {
                let req = req.into_inner();
                let out = self
                    .core
                    .plan_resource_change(
                        &req.type_name,
                        dv_in(&req.prior_state).as_ref(),
                        dv_in(&req.proposed_new_state).as_ref(),
                        dv_in(&req.config).as_ref(),
                        &req.prior_private,
                    )
                    .await;
                ok($pb::plan_resource_change::Response {
                    planned_state: dv_out(out.planned),
                    requires_replace: out.requires_replace.iter().map(path_out).collect(),
                    planned_private: out.private,
                    diagnostics: diags_out(out.diagnostics),
                    ..Default::default()
                })
            }

            async fn apply_resource_change(&self, req: tonic::Request<$pb::apply_resource_change::Request>) -> Resp<$pb::apply_resource_change::Response> {
                let req = req.into_inner();
                let out = self
                    .core
                    .apply_resource_change(
                        &req.type_name,
                        dv_in(&req.prior_state).as_ref(),
                        dv_in(&req.planned_state).as_ref(),
                        dv_in(&req.config).as_ref(),
                        req.planned_private,
                    )
                    .await;
                ok($pb::apply_resource_change::Response {
                    new_state: dv_out(out.state),
                    private: out.private,
                    diagnostics: diags_out(out.diagnostics),
                    ..Default::default()
                })
            }

            async fn import_resource_state(&self, req: tonic::Request<$pb::import_resource_state::Request>) -> Resp<$pb::import_resource_state::Response> {
                let req = req.into_inner();
                let out = self.core.import_resource_state(&req.type_name, &req.id).await;
                let imported = out
                    .state
                    .map(|state| $pb::import_resource_state::ImportedResource {
                        type_name: req.type_name.clone(),
                        state: dv_out(Some(state)),
                        private: out.private,
                        ..Default::default()
                    })
                    .into_iter()
                    .collect();
                ok($pb::import_resource_state::Response {
                    imported_resources: imported,
                    diagnostics: diags_out(out.diagnostics),
                    ..Default::default()
                })
            }

            async fn move_resource_state(&self, _: tonic::Request<$pb::move_resource_state::Request>) -> Resp<$pb::move_resource_state::Response> {
                ok($pb::move_resource_state::Response {
                    diagnostics: unsupported("Moving state from another resource type"),
                    ..Default::default()
                })
            }

            async fn read_data_source(&self, _: tonic::Request<$pb::read_data_source::Request>) -> Resp<$pb::read_data_source::Response> {
                ok($pb::read_data_source::Response {
                    diagnostics: unsupported("Data sources"),
                    ..Default::default()
                })
            }

            async fn generate_resource_config(&self, _: tonic::Request<$pb::generate_resource_config::Request>) -> Resp<$pb::generate_resource_config::Response> {
                ok($pb::generate_resource_config::Response {
                    diagnostics: unsupported("Configuration generation"),
                    ..Default::default()
                })
            }

            async fn validate_ephemeral_resource_config(&self, _: tonic::Request<$pb::validate_ephemeral_resource_config::Request>) -> Resp<$pb::validate_ephemeral_resource_config::Response> {
                ok($pb::validate_ephemeral_resource_config::Response {
                    diagnostics: unsupported("Ephemeral resources"),
                })
            }

            async fn open_ephemeral_resource(&self, _: tonic::Request<$pb::open_ephemeral_resource::Request>) -> Resp<$pb::open_ephemeral_resource::Response> {
                ok($pb::open_ephemeral_resource::Response {
                    diagnostics: unsupported("Ephemeral resources"),
                    ..Default::default()
                })
            }

            async fn renew_ephemeral_resource(&self, _: tonic::Request<$pb::renew_ephemeral_resource::Request>) -> Resp<$pb::renew_ephemeral_resource::Response> {
                ok($pb::renew_ephemeral_resource::Response {
                    diagnostics: unsupported("Ephemeral resources"),
                    ..Default::default()
                })
            }

            async fn close_ephemeral_resource(&self, _: tonic::Request<$pb::close_ephemeral_resource::Request>) -> Resp<$pb::close_ephemeral_resource::Response> {
                ok($pb::close_ephemeral_resource::Response {
                    diagnostics: unsupported("Ephemeral resources"),
                })
            }

            type ListResourceStream = EventStream<$pb::list_resource::Event>;

            async fn list_resource(&self, _: tonic::Request<$pb::list_resource::Request>) -> Resp<Self::ListResourceStream> {
                let event = $pb::list_resource::Event {
                    diagnostic: unsupported("List resources"),
                    ..Default::default()
                };
                ok(Box::pin(futures::stream::iter([Ok(event)])))
            }

            async fn validate_list_resource_config(&self, _: tonic::Request<$pb::validate_list_resource_config::Request>) -> Resp<$pb::validate_list_resource_config::Response> {
                ok($pb::validate_list_resource_config::Response {
                    diagnostics: unsupported("List resources"),
                })
            }

            async fn get_functions(&self, _: tonic::Request<$pb::get_functions::Request>) -> Resp<$pb::get_functions::Response> {
                // No functions: an empty answer is the complete one.
                ok($pb::get_functions::Response::default())
            }

            async fn call_function(&self, req: tonic::Request<$pb::call_function::Request>) -> Resp<$pb::call_function::Response> {
                ok($pb::call_function::Response {
                    error: Some($pb::FunctionError {
                        text: format!("the highflame provider has no function `{}`", req.into_inner().name),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
            }

            async fn plan_action(&self, _: tonic::Request<$pb::plan_action::Request>) -> Resp<$pb::plan_action::Response> {
                ok($pb::plan_action::Response {
                    diagnostics: unsupported("Actions"),
                    ..Default::default()
                })
            }

            type InvokeActionStream = EventStream<$pb::invoke_action::Event>;

            async fn invoke_action(&self, _: tonic::Request<$pb::invoke_action::Request>) -> Resp<Self::InvokeActionStream> {
                let event = $pb::invoke_action::Event {
                    r#type: Some($pb::invoke_action::event::Type::Completed(
                        $pb::invoke_action::event::Completed {
                            diagnostics: unsupported("Actions"),
                        },
                    )),
                };
                ok(Box::pin(futures::stream::iter([Ok(event)])))
            }

            async fn validate_action_config(&self, _: tonic::Request<$pb::validate_action_config::Request>) -> Resp<$pb::validate_action_config::Response> {
                ok($pb::validate_action_config::Response {
                    diagnostics: unsupported("Actions"),
                })
            }

            $($specific)*
        }
    };
}

pub(crate) use {conversions, provider_server};
