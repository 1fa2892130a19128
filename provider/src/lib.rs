//! terraform-provider-highflame: the Terraform plugin protocol layer and
//! the highflame resources.

pub mod protocol;
