//! The `highflame` provider: its configuration (`aws` and `azure`
//! blocks) and its resources.
//!
//! ```hcl
//! provider "highflame" {
//!   aws {
//!     profile   = "prod"
//!     endpoints = { ec2 = "http://127.0.0.1:5000" }
//!   }
//!   azure {
//!     subscription_id = "00000000-0000-0000-0000-000000000000"
//!   }
//! }
//! ```
//!
//! Every block and attribute is optional; [`settings`] lists the
//! environment variables each one falls back to. Credentials are kept in
//! memory only: never in state, never in logs.

pub mod settings;

use std::collections::BTreeMap;
use std::sync::Arc;

use parity_lint::regions::{lookup, Cloud};

use crate::protocol::provider::{has_errors, Diagnostics, ProviderImpl, Resource};
use crate::protocol::schema::{Attribute, Block, NestedBlock, Nesting, Schema};
use crate::protocol::value::{AttributePath, Type, Value};
use crate::resources::region_pair::RegionPair;
use crate::resources::support::{error_at, http_url_problem, is_guid, quoted_list, warning_at};
use settings::{ProviderSettings, SettingsCell, AWS_ENDPOINT_SERVICES};

/// The provider. Resources share its settings, which `configure` fills.
#[derive(Debug, Default)]
pub struct HighflameProvider {
    settings: Arc<SettingsCell>,
}

impl HighflameProvider {
    pub fn new() -> HighflameProvider {
        HighflameProvider::default()
    }

    /// The settings of the last successful `configure`, if any.
    pub fn settings(&self) -> Option<Arc<ProviderSettings>> {
        self.settings.get()
    }
}

/// The provider configuration schema.
pub fn schema() -> Schema {
    let string = || Type::String;
    let aws = Block {
        description: "AWS access. Unset attributes fall back to the AWS SDK's environment \
                      and shared config (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_<SERVICE>, …)."
            .to_owned(),
        attributes: vec![
            Attribute::optional(
                "region",
                string(),
                "Region of global APIs (STS); AWS_REGION.",
            ),
            Attribute::optional("profile", string(), "Shared config profile; AWS_PROFILE."),
            Attribute::optional(
                "assume_role_arn",
                string(),
                "IAM role assumed for every call (arn:aws:iam::<account>:role/<name>).",
            ),
            Attribute::optional(
                "endpoints",
                Type::map(string()),
                &format!(
                    "Endpoint URL per service ({}); AWS_ENDPOINT_URL_<SERVICE> works too.",
                    AWS_ENDPOINT_SERVICES.join(", ")
                ),
            ),
            Attribute::optional("max_retries", Type::Number, "Retries per API call (≥ 0)."),
        ],
        blocks: vec![],
    };
    let azure =
        Block {
            description: "Azure access. Unset attributes fall back to the ARM_* environment \
                      variables as the azurerm provider reads them."
                .to_owned(),
            attributes: vec![
            Attribute::optional("subscription_id", string(), "Subscription; ARM_SUBSCRIPTION_ID."),
            Attribute::optional("tenant_id", string(), "Tenant; ARM_TENANT_ID."),
            Attribute::optional("client_id", string(), "Service principal; ARM_CLIENT_ID."),
            Attribute::optional(
                "client_secret",
                string(),
                "Service principal secret; ARM_CLIENT_SECRET. Never stored or logged.",
            )
            .sensitive(),
            Attribute::optional(
                "arm_endpoint",
                string(),
                "Azure Resource Manager endpoint; default https://management.azure.com.",
            ),
            Attribute::optional(
                "authority_host",
                string(),
                "Token endpoint; AZURE_AUTHORITY_HOST, default https://login.microsoftonline.com.",
            ),
        ],
            blocks: vec![],
        };
    let single = |name: &str, block: Block| NestedBlock {
        name: name.to_owned(),
        nesting: Nesting::Single,
        block,
        min_items: 0,
        max_items: 0,
    };
    Schema {
        version: 0,
        block: Block {
            description:
                "highflame-dr: region pair parity and the DR runbook. Every setting is optional; \
                          the environment alone is enough."
                    .to_owned(),
            attributes: vec![],
            blocks: vec![single("aws", aws), single("azure", azure)],
        },
    }
}

/// Static checks of a provider configuration; unknown values pass.
pub fn validate_config(config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    validate_aws(&config["aws"], &mut diags);
    validate_azure(&config["azure"], &mut diags);
    diags
}

fn validate_aws(aws: &Value, diags: &mut Diagnostics) {
    let at = AttributePath::new("aws");
    if let Some(region) = aws["region"].as_str() {
        if !matches!(lookup(region), Some((Cloud::Aws, _))) {
            diags.push(warning_at(
                at.clone().attr("region"),
                "Unknown AWS region",
                format!("{region:?} is not a region this provider knows; calls go to it anyway."),
            ));
        }
    }
    if let Some(problem) = aws["assume_role_arn"].as_str().and_then(role_arn_problem) {
        diags.push(error_at(
            at.clone().attr("assume_role_arn"),
            "Invalid role ARN",
            problem,
        ));
    }
    if let Value::Map(endpoints) = &aws["endpoints"] {
        for (service, url) in endpoints {
            let path = at.clone().attr("endpoints").key(service);
            if !AWS_ENDPOINT_SERVICES.contains(&service.as_str()) {
                diags.push(error_at(
                    path.clone(),
                    "Unknown endpoint service",
                    format!(
                        "{service:?} is not a service this provider calls; use one of {}.",
                        quoted_list(AWS_ENDPOINT_SERVICES)
                    ),
                ));
            }
            if let Some(problem) = url.as_str().and_then(http_url_problem) {
                diags.push(error_at(path, "Invalid endpoint URL", problem));
            }
        }
    }
    let retries = &aws["max_retries"];
    let whole = retries.as_i64().is_some_and(|n| u32::try_from(n).is_ok());
    if matches!(retries, Value::Number(_)) && !whole {
        diags.push(error_at(
            at.attr("max_retries"),
            "Invalid max_retries",
            "max_retries must be a whole number, 0 or more.",
        ));
    }
}

fn validate_azure(azure: &Value, diags: &mut Diagnostics) {
    let at = AttributePath::new("azure");
    for name in ["subscription_id", "client_id"] {
        if let Some(id) = azure[name].as_str() {
            if !is_guid(id) {
                diags.push(error_at(
                    at.clone().attr(name),
                    format!("Invalid {name}"),
                    format!("{id:?} is not a GUID (00000000-0000-0000-0000-000000000000)."),
                ));
            }
        }
    }
    for name in ["arm_endpoint", "authority_host"] {
        if let Some(problem) = azure[name].as_str().and_then(http_url_problem) {
            diags.push(error_at(
                at.clone().attr(name),
                format!("Invalid {name}"),
                problem,
            ));
        }
    }
}

/// Why `arn` is not an IAM role ARN (`arn:<partition>:iam::<account>:role/<name>`).
fn role_arn_problem(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty());
    (!ok).then(|| format!("{arn:?} is not an IAM role ARN (arn:aws:iam::123456789012:role/name)."))
}

#[tonic::async_trait]
impl ProviderImpl for HighflameProvider {
    fn schema(&self) -> Schema {
        schema()
    }

    fn resources(&self) -> BTreeMap<String, Arc<dyn Resource>> {
        let mut out: BTreeMap<String, Arc<dyn Resource>> = BTreeMap::new();
        out.insert(
            crate::resources::region_pair::TYPE_NAME.to_owned(),
            Arc::new(RegionPair::new(self.settings.clone())),
        );
        out
    }

    async fn validate_config(&self, config: &Value) -> Diagnostics {
        validate_config(config)
    }

    async fn configure(&self, config: &Value) -> Diagnostics {
        // Terraform validated this configuration already, but values that
        // were unknown then are known now.
        let diags: Diagnostics = validate_config(config)
            .into_iter()
            .filter(|d| d.severity == crate::protocol::provider::Severity::Error)
            .collect();
        if has_errors(&diags) {
            return diags;
        }
        let settings = ProviderSettings::from_config(config);
        tracing::debug!(?settings, "provider configured");
        self.settings.set(settings);
        diags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::value::{Number, Step};

    fn string(s: &str) -> Value {
        Value::from(s)
    }
    use crate::resources::support::set_attr;

    fn config(aws: Value, azure: Value) -> Value {
        Value::object([("aws", aws), ("azure", azure)])
    }

    fn aws_block(fields: &[(&str, Value)]) -> Value {
        let mut v = Value::object([
            ("region", Value::Null),
            ("profile", Value::Null),
            ("assume_role_arn", Value::Null),
            ("endpoints", Value::Null),
            ("max_retries", Value::Null),
        ]);
        for (k, x) in fields {
            set_attr(&mut v, k, x.clone());
        }
        v
    }

    fn azure_block(fields: &[(&str, Value)]) -> Value {
        let mut v = Value::object([
            ("subscription_id", Value::Null),
            ("tenant_id", Value::Null),
            ("client_id", Value::Null),
            ("client_secret", Value::Null),
            ("arm_endpoint", Value::Null),
            ("authority_host", Value::Null),
        ]);
        for (k, x) in fields {
            set_attr(&mut v, k, x.clone());
        }
        v
    }

    fn endpoints(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn number(n: f64) -> Value {
        Value::Number(Number::from_f64(n).unwrap())
    }

    use crate::protocol::provider::attribute_paths as paths;

    #[test]
    fn schema_blocks_are_single_and_all_optional() {
        let s = schema();
        assert_eq!(s.block.blocks.len(), 2);
        for b in &s.block.blocks {
            assert_eq!(b.nesting, Nesting::Single);
            assert!(b
                .block
                .attributes
                .iter()
                .all(|a| a.optional && !a.required && !a.computed));
        }
        let azure = &s.block.blocks[1].block;
        assert!(azure
            .attribute("client_secret")
            .is_some_and(|a| a.sensitive));
        assert_eq!(
            s.block.value_type(),
            Type::Object(
                [
                    ("aws".to_owned(), s.block.blocks[0].block.value_type()),
                    ("azure".to_owned(), s.block.blocks[1].block.value_type()),
                ]
                .into()
            )
        );
    }

    #[test]
    fn empty_configuration_is_valid() {
        assert!(validate_config(&Value::Null).is_empty());
        assert!(validate_config(&config(Value::Null, Value::Null)).is_empty());
    }

    #[test]
    fn unknown_endpoint_service_is_an_error_at_its_key() {
        let c = config(
            aws_block(&[(
                "endpoints",
                endpoints(&[
                    ("ec2", string("http://127.0.0.1:5000")),
                    ("foo", string("http://x")),
                ]),
            )]),
            Value::Null,
        );
        let diags = validate_config(&c);
        assert_eq!(paths(&diags), [r#"aws.endpoints["foo"]"#]);
        assert_eq!(
            diags[0].attribute.as_ref().unwrap().steps,
            vec![
                Step::Attribute("aws".into()),
                Step::Attribute("endpoints".into()),
                Step::ElementKeyString("foo".into()),
            ]
        );
        assert!(has_errors(&diags));
    }

    #[test]
    fn endpoint_urls_must_be_http() {
        let c = config(
            aws_block(&[(
                "endpoints",
                endpoints(&[
                    ("eks", string("127.0.0.1:5000")),
                    ("rds", Value::Unknown),
                    ("sts", string("https://sts.amazonaws.com")),
                ]),
            )]),
            Value::Null,
        );
        assert_eq!(paths(&validate_config(&c)), [r#"aws.endpoints["eks"]"#]);
    }

    #[test]
    fn max_retries_must_be_a_whole_non_negative_number() {
        for (n, ok) in [(0.0, true), (5.0, true), (-1.0, false), (2.5, false)] {
            let diags = validate_config(&config(
                aws_block(&[("max_retries", number(n))]),
                Value::Null,
            ));
            assert_eq!(diags.is_empty(), ok, "{n}: {diags:?}");
            if !ok {
                assert_eq!(paths(&diags), ["aws.max_retries"]);
            }
        }
        let unknown = config(aws_block(&[("max_retries", Value::Unknown)]), Value::Null);
        assert!(validate_config(&unknown).is_empty());
    }

    #[test]
    fn role_arn_and_region() {
        let c = config(
            aws_block(&[
                (
                    "assume_role_arn",
                    string("arn:aws:iam::123456789012:user/bob"),
                ),
                ("region", string("eastus")),
            ]),
            Value::Null,
        );
        let diags = validate_config(&c);
        assert_eq!(paths(&diags), ["aws.region", "aws.assume_role_arn"]);
        assert!(!has_errors(&diags[..1]), "an unknown region is a warning");
        assert_eq!(
            role_arn_problem("arn:aws:iam::123456789012:role/highflame"),
            None
        );
        assert_eq!(
            role_arn_problem("arn:aws-us-gov:iam::123456789012:role/a/b"),
            None
        );
    }

    #[test]
    fn azure_ids_and_urls() {
        let c = config(
            Value::Null,
            azure_block(&[
                ("subscription_id", string("not-a-guid")),
                ("client_id", string("00000000-0000-0000-0000-000000000000")),
                ("tenant_id", string("contoso.onmicrosoft.com")),
                ("arm_endpoint", string("management.azure.com")),
                ("authority_host", string("http://127.0.0.1:8443")),
            ]),
        );
        assert_eq!(
            paths(&validate_config(&c)),
            ["azure.subscription_id", "azure.arm_endpoint"]
        );
    }

    #[tokio::test]
    async fn configure_stores_settings_and_redacts_the_secret() {
        let p = HighflameProvider::new();
        assert!(p.settings().is_none());
        let c = config(
            aws_block(&[
                ("profile", string("prod")),
                (
                    "endpoints",
                    endpoints(&[("ec2", string("http://127.0.0.1:5000"))]),
                ),
                ("max_retries", number(3.0)),
                ("region", Value::Unknown),
            ]),
            azure_block(&[
                ("client_id", string("00000000-0000-0000-0000-000000000001")),
                ("client_secret", string("hunter2-very-secret")),
            ]),
        );
        assert!(p.configure(&c).await.is_empty());
        let s = p.settings().expect("configured");
        assert_eq!(s.aws.profile.as_deref(), Some("prod"));
        assert_eq!(s.aws.region, None);
        assert_eq!(s.aws.max_retries, Some(3));
        assert_eq!(s.aws.endpoints["ec2"], "http://127.0.0.1:5000");
        assert_eq!(s.unknown, ["aws.region"]);
        assert_eq!(
            s.azure.client_secret.as_ref().map(settings::Secret::expose),
            Some("hunter2-very-secret")
        );
        let debug = format!("{s:?} {:?} {p:?}", s.azure);
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }

    #[tokio::test]
    async fn configure_rejects_invalid_settings() {
        let p = HighflameProvider::new();
        let c = config(aws_block(&[("max_retries", number(-2.0))]), Value::Null);
        let diags = p.configure(&c).await;
        assert!(has_errors(&diags));
        assert!(p.settings().is_none());
    }

    #[test]
    fn resources_share_the_settings() {
        let p = HighflameProvider::new();
        let resources = p.resources();
        assert_eq!(
            resources.keys().collect::<Vec<_>>(),
            ["highflame_region_pair"]
        );
    }
}
