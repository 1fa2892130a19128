//! `terraform-provider-highflame`: started by Terraform, never by hand.

use std::process::ExitCode;
use std::sync::Arc;

use terraform_provider_highflame::logging;
use terraform_provider_highflame::protocol::run::run;
use terraform_provider_highflame::provider_impl::HighflameProvider;

fn main() -> ExitCode {
    logging::init();
    run(Arc::new(HighflameProvider::new()))
}
