//! terraform-provider-highflame: the Terraform plugin protocol layer and
//! the highflame resources.

pub mod logging;
pub mod protocol;
pub mod provider_impl;
pub mod resources;
