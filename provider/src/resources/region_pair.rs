//! `highflame_region_pair`: two regions of one cloud that must stay
//! symmetrical, and the parity engine's verdict on them.
//!
//! ```hcl
//! resource "highflame_region_pair" "main" {
//!   name             = "highflame-prod"
//!   cloud            = "aws"
//!   primary_region   = "us-east-1"
//!   secondary_region = "us-west-2"
//!   stacks = {
//!     "us-east-1" = { vpc_id = "vpc-1", eks_cluster_name = "hf-use1" }
//!     "us-west-2" = { vpc_id = "vpc-2", eks_cluster_name = "hf-usw2" }
//!   }
//!   parity {
//!     enforcement = "warn"
//!     capacity    = "scaled-down"
//!   }
//! }
//! ```
//!
//! The id is `<cloud>/<primary>/<secondary>/<name>`, known
//! at plan time, and is also the import id. Changing any of those four
//! replaces the resource; anything else updates in place. Destroying it
//! only forgets it: nothing in either region is touched.
//!
//! `inventory = false` turns off every cloud call: reads return the state
//! unchanged, `parity_status` is `"unknown"` and `parity_findings` empty.
//! Offline tests and the benchmarks use it.

mod id;
mod plan;
mod validate;

use std::sync::Arc;
use std::time::SystemTime;

use tokio_util::sync::CancellationToken;

use crate::protocol::provider::{Diagnostic, Diagnostics, Planned, Resource, Stateful};
use crate::protocol::schema::{Attribute, Block, NestedBlock, Nesting, Schema};
use crate::protocol::value::{Type, Value};
use crate::provider_impl::settings::{ProviderSettings, SettingsCell};

pub use id::PairId;
pub use validate::validate;

/// The resource type name.
pub const TYPE_NAME: &str = "highflame_region_pair";

/// `stacks` attributes of an AWS pair.
pub const AWS_STACK_KEYS: &[&str] = &[
    "vpc_id",
    "eks_cluster_name",
    "elasticache_replication_group_id",
];
/// `stacks` attributes of an Azure pair.
pub const AZURE_STACK_KEYS: &[&str] = &[
    "resource_group_name",
    "virtual_network_name",
    "aks_cluster_name",
    "redis_name",
];

/// `parity_status` values.
pub const STATUS_SYMMETRICAL: &str = "symmetrical";
pub const STATUS_DRIFTED: &str = "drifted";
pub const STATUS_UNKNOWN: &str = "unknown";

/// The `highflame_region_pair` resource.
#[derive(Debug, Default)]
pub struct RegionPair {
    settings: Arc<SettingsCell>,
}

impl RegionPair {
    /// A resource reading the provider's settings from `settings`.
    pub fn new(settings: Arc<SettingsCell>) -> RegionPair {
        RegionPair { settings }
    }

    /// The provider settings, once the provider is configured.
    pub fn settings(&self) -> Option<Arc<ProviderSettings>> {
        self.settings.get()
    }
}

/// The type of one `parity_findings` element. `primary` and `secondary`
/// are the normalized values, JSON-encoded.
pub fn finding_type() -> Type {
    Type::Object(
        [
            "rule",
            "severity",
            "address",
            "attribute",
            "primary",
            "secondary",
            "message",
        ]
        .into_iter()
        .map(|k| (k.to_owned(), Type::String))
        .collect(),
    )
}

/// The resource schema: the contract users write against (DESIGN §4).
pub fn schema() -> Schema {
    let string = || Type::String;
    let ignore = Block {
        description: "A finding to suppress, matched on address, rule and attribute; \
                      the reason is printed with it."
            .to_owned(),
        attributes: vec![
            Attribute::optional("address", string(), "Glob on the region-relative address."),
            Attribute::optional("rule", string(), "Rule id (PL010) or name (instance-size)."),
            Attribute::optional(
                "attribute",
                string(),
                "Attribute path, or a prefix of one (tags covers tags.Owner).",
            ),
            Attribute::required(
                "reason",
                string(),
                "Why the difference is intended; not empty.",
            ),
        ],
        blocks: vec![],
    };
    let parity = Block {
        description: "Rule modes, as in .parity.toml, and what findings do to the plan.".to_owned(),
        attributes: vec![
            Attribute::optional_computed(
                "enforcement",
                string(),
                "warn (default: findings are warnings), error (findings fail the plan) or off.",
            ),
            Attribute::optional(
                "cidr",
                string(),
                "mirrored (default: same layout) or identical (equal CIDRs).",
            ),
            Attribute::optional(
                "require_disjoint",
                Type::Bool,
                "The two regions' networks must not overlap.",
            ),
            Attribute::optional(
                "capacity",
                string(),
                "equal (default) or scaled-down (secondary ≤ primary and ≥ 1: warm standby).",
            ),
            Attribute::optional(
                "required_tags",
                Type::list(string()),
                "Tag keys every resource must carry.",
            ),
            Attribute::optional(
                "regional_tag_keys",
                Type::list(string()),
                "Tag keys whose values may differ per region.",
            ),
        ],
        blocks: vec![NestedBlock {
            name: "ignore".to_owned(),
            nesting: Nesting::List,
            block: ignore,
            min_items: 0,
            max_items: 0,
        }],
    };
    let attributes = vec![
        Attribute::computed("id", string(), "<cloud>/<primary>/<secondary>/<name>."),
        Attribute::required("name", string(), "Name of the pair."),
        Attribute::required("cloud", string(), "aws or azure."),
        Attribute::required("primary_region", string(), "The active region (R1)."),
        Attribute::required(
            "secondary_region",
            string(),
            "The standby region (R2); must differ from the primary.",
        ),
        Attribute::optional(
            "stacks",
            Type::map(Type::map(string())),
            "What to inventory, keyed by exactly the two regions. AWS: vpc_id, \
             eks_cluster_name, elasticache_replication_group_id. Azure: \
             resource_group_name, virtual_network_name, aks_cluster_name, redis_name.",
        ),
        Attribute::optional_computed(
            "inventory",
            Type::Bool,
            "Inventory both regions on refresh (default true). With false no cloud \
             call is made and parity_status is unknown.",
        ),
        Attribute::optional("tags", Type::map(string()), "Tags describing the pair."),
        Attribute::computed(
            "parity_status",
            string(),
            "symmetrical, drifted or unknown.",
        ),
        Attribute::computed(
            "parity_findings",
            Type::list(finding_type()),
            "The last inventory's findings: rule, severity, address, attribute, \
             primary and secondary (JSON-encoded values), message.",
        ),
        Attribute::computed(
            "checked_at",
            string(),
            "When parity was last checked (RFC 3339).",
        ),
    ];
    Schema {
        version: 0,
        block: Block {
            description: "Two regions of one cloud that must stay symmetrical. Each refresh \
                          inventories both regions and records the parity findings."
                .to_owned(),
            attributes,
            blocks: vec![NestedBlock {
                name: "parity".to_owned(),
                nesting: Nesting::Single,
                block: parity,
                min_items: 0,
                max_items: 0,
            }],
        },
    }
}

#[tonic::async_trait]
impl Resource for RegionPair {
    fn schema(&self) -> Schema {
        schema()
    }

    async fn validate(&self, config: &Value) -> Diagnostics {
        validate(config)
    }

    async fn read(&self, state: Value, private: Vec<u8>, _cancel: CancellationToken) -> Stateful {
        // Live inventory is not wired yet; with `inventory = false` this is
        // the final behaviour: the state as stored.
        Stateful {
            state,
            private,
            diagnostics: Vec::new(),
        }
    }

    async fn plan(
        &self,
        prior: &Value,
        proposed: &Value,
        config: &Value,
        private: &[u8],
    ) -> Planned {
        let mut planned = plan::plan(prior, proposed, config);
        planned.private = private.to_vec();
        planned
    }

    async fn apply(
        &self,
        _prior: Value,
        planned: Value,
        _config: &Value,
        private: Vec<u8>,
        _cancel: CancellationToken,
    ) -> Stateful {
        if planned.is_null() {
            // Delete only forgets.
            return Stateful {
                state: Value::Null,
                private: Vec::new(),
                diagnostics: Vec::new(),
            };
        }
        Stateful {
            state: plan::complete(planned, SystemTime::now()),
            private,
            diagnostics: Vec::new(),
        }
    }

    async fn import(&self, id: &str) -> Stateful {
        match PairId::parse(id) {
            Ok(pair) => Stateful {
                state: plan::imported(&pair),
                private: Vec::new(),
                diagnostics: Vec::new(),
            },
            Err(problem) => Stateful {
                state: Value::Null,
                private: Vec::new(),
                diagnostics: vec![Diagnostic::error("Invalid import ID", problem)],
            },
        }
    }
}

#[cfg(test)]
mod tests;
