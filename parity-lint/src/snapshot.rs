//! Region snapshots: what the engine compares.
//!
//! A snapshot is one region's resources, each with the address it has in its
//! source document and the address relative to the region root (the key the
//! two regions are paired on). Builders: the plan reader in [`crate::plan`]
//! and, in the provider, live cloud inventory.

use std::borrow::Cow;

use crate::value::Val;

/// One managed resource as the region will have it after apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource<'a> {
    /// Full address in the source document (`module.primary.aws_vpc.main`).
    pub address: String,
    /// Address relative to the region root (`aws_vpc.main`).
    pub key: String,
    /// Terraform resource type (`aws_vpc`).
    pub rtype: Cow<'a, str>,
    /// Attribute tree with unknown and sensitive markers applied.
    pub values: Val<'a>,
}

/// One region's resources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot<'a> {
    /// Region name (`us-east-1`, `eastus`), when known.
    pub region: Option<String>,
    pub resources: Vec<Resource<'a>>,
}

impl<'a> Snapshot<'a> {
    pub fn new(region: Option<String>) -> Self {
        Snapshot {
            region,
            resources: Vec::new(),
        }
    }

    /// Adds a resource whose region-relative key equals its address.
    pub fn push(
        &mut self,
        address: impl Into<String>,
        rtype: impl Into<Cow<'a, str>>,
        values: Val<'a>,
    ) {
        let address = address.into();
        self.resources.push(Resource {
            key: address.clone(),
            address,
            rtype: rtype.into(),
            values,
        });
    }
}
