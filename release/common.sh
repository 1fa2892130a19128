# shellcheck shell=bash
# Shared helpers for the release scripts. Sourced, never run.

# Provider identity (used by the scripts that source this file).
# shellcheck disable=SC2034
# The source address users write is "highflame/highflame",
# which Terraform expands to registry.terraform.io/highflame/highflame.
PROVIDER_TYPE="highflame"
PROVIDER_NAME="terraform-provider-${PROVIDER_TYPE}"
PROVIDER_HOST="registry.terraform.io"
PROVIDER_NAMESPACE="highflame"
PROVIDER_ADDR="${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}"

# Let `set -e` reach into command substitutions such as VERSION="$(...)".
shopt -s inherit_errexit

# Repository root (the directory above release/).
RELEASE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${RELEASE_DIR}/.." && pwd)"

die() {
  echo "error: $*" >&2
  exit 1
}

# Terraform's name for an OS, from `uname -s` (or $1).
tf_os() {
  case "${1:-$(uname -s)}" in
    Linux | linux) echo linux ;;
    Darwin | darwin) echo darwin ;;
    *) die "unsupported OS '${1:-$(uname -s)}' (supported: Linux, Darwin)" ;;
  esac
}

# Terraform's name for a CPU architecture, from `uname -m` (or $1).
tf_arch() {
  case "${1:-$(uname -m)}" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported architecture '${1:-$(uname -m)}' (supported: x86_64, aarch64/arm64)" ;;
  esac
}

# The provider package's version, read from the workspace with cargo metadata.
package_version() {
  command -v cargo >/dev/null || die "cargo not found; set VERSION="
  cargo metadata --no-deps --format-version 1 --manifest-path "${REPO_ROOT}/Cargo.toml" |
    python3 -c '
import json, sys
name = sys.argv[1]
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == name:
        print(p["version"])
        break
else:
    sys.exit("package %s not in the workspace" % name)
' "${PROVIDER_NAME}"
}

# Build the provider in release mode and print the binary's path.
cargo_provider_bin() {
  command -v cargo >/dev/null || die "cargo not found; set BIN= to package an existing binary"
  echo "building ${PROVIDER_NAME} (cargo build --release)" >&2
  cargo build --release --locked -p "${PROVIDER_NAME}" --manifest-path "${REPO_ROOT}/Cargo.toml" >&2 ||
    die "cargo build failed"
  local target_dir
  target_dir="$(cargo metadata --no-deps --format-version 1 --manifest-path "${REPO_ROOT}/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  echo "${target_dir}/release/${PROVIDER_NAME}"
}

# sha256 of a file, hex only (sha256sum on Linux, shasum on macOS).
sha256_of() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}
