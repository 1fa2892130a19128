//! What a provider implements. The tfplugin5/6 adapters turn every RPC
//! into calls on [`ProviderImpl`] and its resources; nothing here sees a
//! protobuf type.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::protocol::schema::Schema;
use crate::protocol::value::{AttributePath, Value};

/// Diagnostic severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic, optionally tied to an attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub attribute: Option<AttributePath>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }
    }
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }
    pub fn at(mut self, path: AttributePath) -> Diagnostic {
        self.attribute = Some(path);
        self
    }
}

/// Diagnostics of one call.
pub type Diagnostics = Vec<Diagnostic>;

/// The attribute path of each diagnostic (`""` when it has none), for tests.
#[cfg(test)]
pub(crate) fn attribute_paths(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            d.attribute
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect()
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// The result of planning a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub state: Value,
    pub requires_replace: Vec<AttributePath>,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

/// The result of applying, reading or importing: the new state (`Null`
/// when the object is gone) and private data.
#[derive(Debug, Clone, PartialEq)]
pub struct Stateful {
    pub state: Value,
    pub private: Vec<u8>,
    pub diagnostics: Diagnostics,
}

/// A managed resource type.
#[tonic::async_trait]
pub trait Resource: Send + Sync + 'static {
    fn schema(&self) -> Schema;
    /// Static checks of the configuration (values may be unknown).
    async fn validate(&self, config: &Value) -> Diagnostics;
    /// Migrates stored state written by an older schema version; the
    /// default accepts the current version only.
    fn upgrade(&self, version: i64, state: Value) -> Result<Value, Diagnostics> {
        let current = self.schema().version;
        if version == current {
            Ok(state)
        } else {
            Err(vec![Diagnostic::error(
                "Unsupported state version",
                format!("state was written with schema version {version}; this provider reads version {current}"),
            )])
        }
    }
    async fn read(&self, state: Value, private: Vec<u8>, cancel: CancellationToken) -> Stateful;
    /// `prior` is `Null` on create, `proposed` is `Null` on destroy.
    async fn plan(
        &self,
        prior: &Value,
        proposed: &Value,
        config: &Value,
        private: &[u8],
    ) -> Planned;
    async fn apply(
        &self,
        prior: Value,
        planned: Value,
        config: &Value,
        private: Vec<u8>,
        cancel: CancellationToken,
    ) -> Stateful;
    async fn import(&self, id: &str) -> Stateful;
}

/// The provider: its configuration and its resources.
#[tonic::async_trait]
pub trait ProviderImpl: Send + Sync + 'static {
    fn schema(&self) -> Schema;
    fn resources(&self) -> BTreeMap<String, Arc<dyn Resource>>;
    async fn validate_config(&self, config: &Value) -> Diagnostics;
    async fn configure(&self, config: &Value) -> Diagnostics;
}
