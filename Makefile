# The whole test suite: `make test`. It needs a Rust toolchain and, for the
# binary-plan test, the terraform CLI on PATH (or $TERRAFORM).
.PHONY: test lint fmt bench

test:
	cargo test --workspace --locked

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

fmt:
	cargo fmt --all

bench:
	bench/parity-lint.sh
