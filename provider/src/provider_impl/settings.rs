//! The provider configuration as the cloud clients will read it.
//!
//! Every setting is optional: an unset one falls back to the environment
//! when the clients are built (not here), so the environment alone is
//! enough to run the provider:
//!
//! | setting | environment fallback |
//! |---|---|
//! | `aws.region` | `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` |
//! | `aws.profile` | `AWS_PROFILE` (credentials from the AWS SDK default chain) |
//! | `aws.endpoints.<service>` | `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` |
//! | `aws.max_retries` | `AWS_MAX_ATTEMPTS` (attempts = retries + 1) |
//! | `azure.subscription_id` | `ARM_SUBSCRIPTION_ID` |
//! | `azure.tenant_id` | `ARM_TENANT_ID` |
//! | `azure.client_id` | `ARM_CLIENT_ID` |
//! | `azure.client_secret` | `ARM_CLIENT_SECRET` |
//! | `azure.arm_endpoint` | default `https://management.azure.com` |
//! | `azure.authority_host` | `AZURE_AUTHORITY_HOST`, default `https://login.microsoftonline.com` |

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use crate::protocol::value::Value;

/// Services whose endpoint `aws.endpoints` may override.
pub const AWS_ENDPOINT_SERVICES: &[&str] = &[
    "cloudwatch",
    "ec2",
    "eks",
    "elasticache",
    "globalaccelerator",
    "rds",
    "route53",
    "sts",
];

/// A secret string. `Debug` prints `<redacted>`, and there is no
/// `Display`: reading it takes an explicit [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for the one call that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The `aws` block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub assume_role_arn: Option<String>,
    /// Service name (one of [`AWS_ENDPOINT_SERVICES`]) → endpoint URL.
    pub endpoints: BTreeMap<String, String>,
    pub max_retries: Option<u32>,
}

/// The `azure` block. `client_secret` is redacted from `Debug`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AzureSettings {
    pub subscription_id: Option<String>,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub arm_endpoint: Option<String>,
    pub authority_host: Option<String>,
}

/// The whole provider configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderSettings {
    pub aws: AwsSettings,
    pub azure: AzureSettings,
    /// Attributes whose values were unknown when Terraform configured the
    /// provider (`aws.region`, …); they are treated as unset.
    pub unknown: Vec<String>,
}

impl ProviderSettings {
    /// Reads a provider configuration decoded against
    /// [`super::schema`]. Unknown values are recorded in `unknown` and
    /// left unset; invalid ones are the business of validation.
    pub fn from_config(config: &Value) -> ProviderSettings {
        let mut unknown = Vec::new();
        let aws = &config["aws"];
        let azure = &config["azure"];
        let mut s = |block: &str, v: &Value, name: &str| -> Option<String> {
            let value = &v[name];
            if value.is_unknown() {
                unknown.push(format!("{block}.{name}"));
            }
            value.as_str().map(str::to_owned)
        };
        let region = s("aws", aws, "region");
        let profile = s("aws", aws, "profile");
        let assume_role_arn = s("aws", aws, "assume_role_arn");
        let subscription_id = s("azure", azure, "subscription_id");
        let tenant_id = s("azure", azure, "tenant_id");
        let client_id = s("azure", azure, "client_id");
        let client_secret = s("azure", azure, "client_secret").map(Secret);
        let arm_endpoint = s("azure", azure, "arm_endpoint");
        let authority_host = s("azure", azure, "authority_host");

        let mut endpoints = BTreeMap::new();
        match &aws["endpoints"] {
            Value::Map(m) => {
                for (service, url) in m {
                    match url {
                        Value::String(u) => {
                            endpoints.insert(service.clone(), u.clone());
                        }
                        Value::Unknown => unknown.push(format!("aws.endpoints[{service:?}]")),
                        _ => {}
                    }
                }
            }
            Value::Unknown => unknown.push("aws.endpoints".to_owned()),
            _ => {}
        }
        let retries = &aws["max_retries"];
        if retries.is_unknown() {
            unknown.push("aws.max_retries".to_owned());
        }
        let max_retries = retries.as_i64().and_then(|n| u32::try_from(n).ok());
        for (name, block) in [("aws", aws), ("azure", azure)] {
            if block.is_unknown() {
                unknown.push(name.to_owned());
            }
        }

        ProviderSettings {
            aws: AwsSettings {
                region,
                profile,
                assume_role_arn,
                endpoints,
                max_retries,
            },
            azure: AzureSettings {
                subscription_id,
                tenant_id,
                client_id,
                client_secret,
                arm_endpoint,
                authority_host,
            },
            unknown,
        }
    }
}

/// The configured settings, shared by the provider (which writes them
/// once, in `ConfigureProvider`) and the resources (which read them when
/// they build cloud clients).
#[derive(Debug, Default)]
pub struct SettingsCell(RwLock<Option<Arc<ProviderSettings>>>);

impl SettingsCell {
    pub fn set(&self, settings: ProviderSettings) {
        let mut guard = self.0.write().unwrap_or_else(|e| e.into_inner());
        *guard = Some(Arc::new(settings));
    }

    /// The settings, or `None` before `ConfigureProvider`.
    pub fn get(&self) -> Option<Arc<ProviderSettings>> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
