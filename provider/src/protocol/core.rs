//! The version-neutral half of the RPC handlers: decode values against
//! schemas, call the provider, encode the answers. The tfplugin5 and
//! tfplugin6 adapters only move fields between their messages and these
//! functions.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio_util::sync::CancellationToken;

use crate::protocol::provider::{has_errors, Diagnostic, Diagnostics, ProviderImpl, Resource};
use crate::protocol::schema::Schema;
use crate::protocol::value::{json, msgpack, Type, Value};

/// A `DynamicValue` of either protocol version.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dv {
    pub msgpack: Vec<u8>,
    pub json: Vec<u8>,
}

/// What a state-returning RPC answers.
#[derive(Debug, Default)]
pub struct StateOut {
    pub state: Option<Dv>,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

impl StateOut {
    fn failed(diagnostics: Diagnostics) -> StateOut {
        StateOut {
            diagnostics,
            ..Default::default()
        }
    }
}

/// What PlanResourceChange answers.
#[derive(Debug, Default)]
pub struct PlanOut {
    pub planned: Option<Dv>,
    pub requires_replace: Vec<crate::protocol::value::AttributePath>,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

/// A resource, its value type, and request values decoded against it.
type Found<'c, const N: usize> = (&'c Arc<dyn Resource>, Type, [Value; N]);

impl PlanOut {
    fn failed(diagnostics: Diagnostics) -> PlanOut {
        PlanOut {
            diagnostics,
            ..Default::default()
        }
    }
}

/// The provider behind both adapters.
pub struct Core {
    provider: Arc<dyn ProviderImpl>,
    resources: BTreeMap<String, (Arc<dyn Resource>, Schema)>,
    provider_schema: Schema,
    /// Cancelled by the Stop RPC; replaced by a fresh token afterwards so
    /// later operations run.
    stop: Mutex<CancellationToken>,
}

/// Decodes a `DynamicValue`: msgpack when present, else JSON.
pub fn decode(dv: Option<&Dv>, ty: &Type, what: &str) -> Result<Value, Diagnostic> {
    let Some(dv) = dv else { return Ok(Value::Null) };
    let result = if !dv.msgpack.is_empty() {
        msgpack::decode(&dv.msgpack, ty)
    } else if !dv.json.is_empty() {
        json::decode(&dv.json, ty)
    } else {
        return Ok(Value::Null);
    };
    result.map_err(|e| Diagnostic::error(format!("Invalid {what}"), e.to_string()))
}

/// Encodes a value as msgpack.
pub fn encode(v: &Value, ty: &Type, what: &str) -> Result<Dv, Diagnostic> {
    msgpack::encode(v, ty)
        .map(|msgpack| Dv {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|e| {
            Diagnostic::error(
                format!("Provider produced an invalid {what}"),
                e.to_string(),
            )
        })
}

/// An error diagnostic for an RPC this provider does not serve.
pub fn unsupported(what: &str) -> Diagnostics {
    vec![Diagnostic::error(
        format!("{what} is not supported by the highflame provider"),
        "This provider serves managed resources only (highflame_region_pair).",
    )]
}

impl Core {
    pub fn new(provider: Arc<dyn ProviderImpl>) -> Core {
        let resources = provider
            .resources()
            .into_iter()
            .map(|(name, r)| {
                let schema = r.schema();
                (name, (r, schema))
            })
            .collect();
        Core {
            provider_schema: provider.schema(),
            provider,
            resources,
            stop: Mutex::new(CancellationToken::new()),
        }
    }

    pub fn provider_schema(&self) -> &Schema {
        &self.provider_schema
    }

    pub fn resource_schemas(&self) -> impl Iterator<Item = (&String, &Schema)> {
        self.resources.iter().map(|(k, (_, s))| (k, s))
    }

    fn resource(&self, type_name: &str) -> Result<(&Arc<dyn Resource>, &Schema), Diagnostics> {
        self.resources
            .get(type_name)
            .map(|(r, s)| (r, s))
            .ok_or_else(|| {
                vec![Diagnostic::error(
                    "Unknown resource type",
                    format!("the highflame provider has no resource type `{type_name}`"),
                )]
            })
    }

    /// The resource, its value type, and `values` decoded against it.
    fn resource_with<const N: usize>(
        &self,
        type_name: &str,
        values: [(Option<&Dv>, &str); N],
    ) -> Result<Found<'_, N>, Diagnostics> {
        let (resource, schema) = self.resource(type_name)?;
        let ty = schema.block.value_type();
        let mut decoded = Vec::with_capacity(N);
        for (dv, what) in values {
            decoded.push(decode(dv, &ty, what).map_err(|d| vec![d])?);
        }
        let decoded: [Value; N] = decoded
            .try_into()
            .map_err(|_| vec![Diagnostic::error("Internal error", "decoded value count")])?;
        Ok((resource, ty, decoded))
    }

    /// The token in-flight work watches; Stop cancels it.
    fn cancel_token(&self) -> CancellationToken {
        self.stop.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Stop: cancels in-flight work, keeps serving.
    pub fn stop(&self) {
        if let Ok(mut token) = self.stop.lock() {
            token.cancel();
            *token = CancellationToken::new();
        }
    }

    pub async fn validate_provider_config(&self, config: Option<&Dv>) -> Diagnostics {
        match decode(
            config,
            &self.provider_schema.block.value_type(),
            "provider configuration",
        ) {
            Ok(v) => self.provider.validate_config(&v).await,
            Err(d) => vec![d],
        }
    }

    pub async fn configure(&self, config: Option<&Dv>) -> Diagnostics {
        match decode(
            config,
            &self.provider_schema.block.value_type(),
            "provider configuration",
        ) {
            Ok(v) => self.provider.configure(&v).await,
            Err(d) => vec![d],
        }
    }

    pub async fn validate_resource_config(
        &self,
        type_name: &str,
        config: Option<&Dv>,
    ) -> Diagnostics {
        match self.resource_with(type_name, [(config, "resource configuration")]) {
            Ok((resource, _, [config])) => resource.validate(&config).await,
            Err(diagnostics) => diagnostics,
        }
    }

    /// UpgradeResourceState: stored JSON of `version` → current state.
    pub fn upgrade_resource_state(
        &self,
        type_name: &str,
        version: i64,
        raw_json: &[u8],
    ) -> StateOut {
        let (resource, schema) = match self.resource(type_name) {
            Ok(r) => r,
            Err(diagnostics) => return StateOut::failed(diagnostics),
        };
        let ty = schema.block.value_type();
        let parsed = if raw_json.is_empty() {
            Ok(Value::Null)
        } else {
            json::decode_lenient(raw_json, &ty)
                .map_err(|e| vec![Diagnostic::error("Invalid stored state", e.to_string())])
        };
        let upgraded = parsed.and_then(|v| resource.upgrade(version, v));
        match upgraded.and_then(|v| encode(&v, &ty, "upgraded state").map_err(|d| vec![d])) {
            Ok(dv) => StateOut {
                state: Some(dv),
                ..Default::default()
            },
            Err(diagnostics) => StateOut::failed(diagnostics),
        }
    }

    pub async fn read_resource(
        &self,
        type_name: &str,
        current: Option<&Dv>,
        private: Vec<u8>,
    ) -> StateOut {
        match self.resource_with(type_name, [(current, "current state")]) {
            Ok((resource, ty, [state])) => {
                let out = resource.read(state, private, self.cancel_token()).await;
                finish_state(out, &ty)
            }
            Err(diagnostics) => StateOut::failed(diagnostics),
        }
    }

    pub async fn plan_resource_change(
        &self,
        type_name: &str,
        prior: Option<&Dv>,
        proposed: Option<&Dv>,
        config: Option<&Dv>,
        private: &[u8],
    ) -> PlanOut {
        let values = [
            (prior, "prior state"),
            (proposed, "proposed new state"),
            (config, "configuration"),
        ];
        let (resource, ty, [prior, proposed, config]) = match self.resource_with(type_name, values)
        {
            Ok(found) => found,
            Err(diagnostics) => return PlanOut::failed(diagnostics),
        };
        let planned = resource.plan(&prior, &proposed, &config, private).await;
        let mut diagnostics = planned.diagnostics;
        let dv = if has_errors(&diagnostics) {
            None
        } else {
            match encode(&planned.state, &ty, "planned state") {
                Ok(dv) => Some(dv),
                Err(d) => {
                    diagnostics.push(d);
                    None
                }
            }
        };
        PlanOut {
            planned: dv,
            requires_replace: planned.requires_replace,
            private: planned.private,
            diagnostics,
        }
    }

    pub async fn apply_resource_change(
        &self,
        type_name: &str,
        prior: Option<&Dv>,
        planned: Option<&Dv>,
        config: Option<&Dv>,
        private: Vec<u8>,
    ) -> StateOut {
        let values = [
            (prior, "prior state"),
            (planned, "planned state"),
            (config, "configuration"),
        ];
        let (resource, ty, [prior, planned, config]) = match self.resource_with(type_name, values) {
            Ok(found) => found,
            Err(diagnostics) => return StateOut::failed(diagnostics),
        };
        let out = resource
            .apply(prior, planned, &config, private, self.cancel_token())
            .await;
        finish_state(out, &ty)
    }

    pub async fn import_resource_state(&self, type_name: &str, id: &str) -> StateOut {
        let (resource, schema) = match self.resource(type_name) {
            Ok(r) => r,
            Err(diagnostics) => return StateOut::failed(diagnostics),
        };
        let out = resource.import(id).await;
        finish_state(out, &schema.block.value_type())
    }
}

/// Encodes a resource's answer; the state is returned even with error
/// diagnostics, so Terraform records what happened.
fn finish_state(out: crate::protocol::provider::Stateful, ty: &Type) -> StateOut {
    let mut diagnostics = out.diagnostics;
    let state = match encode(&out.state, ty, "new state") {
        Ok(dv) => Some(dv),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    StateOut {
        state,
        private: out.private,
        diagnostics,
    }
}
