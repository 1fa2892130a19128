//! The provider's managed resources, one module each. A resource
//! implements [`crate::protocol::provider::Resource`] and never sees a
//! protobuf type.

pub mod region_pair;
pub mod support;
