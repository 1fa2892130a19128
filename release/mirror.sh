#!/usr/bin/env bash
# Lay out a Terraform filesystem mirror (packed layout) from release/dist:
#
#   DIR/registry.terraform.io/highflame/highflame/terraform-provider-highflame_<version>_<os>_<arch>.zip
#   DIR/terraformrc        a CLI configuration that installs highflame/highflame from DIR only
#
# and print the provider_installation snippet. Then
#   TF_CLI_CONFIG_FILE=DIR/terraformrc terraform init
# installs the provider offline, without dev_overrides, and writes a lock file.
#
# Usage: release/mirror.sh DIR
# Environment:
#   DIST=dir        the dist directory to read (default: release/dist/<version>)
#   VERSION=x.y.z   which version's dist directory (default: the package version)
#
# Every zip is checked against the dist directory's SHA256SUMS before it is copied.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
mkdir -p "$1"
MIRROR="$(cd "$1" && pwd)"
case "${MIRROR}" in
  *\"* | *\\* | *\$\{* | *%\{*) die "mirror path '${MIRROR}' has a character sequence HCL would interpret" ;;
esac

if [[ -z "${DIST:-}" ]]; then
  VERSION="${VERSION:-$(package_version)}"
  DIST="${RELEASE_DIR}/dist/${VERSION}"
fi
[[ -d "${DIST}" ]] || die "dist directory '${DIST}' not found (run release/build.sh first)"

shopt -s nullglob
sums_files=("${DIST}/${PROVIDER_NAME}"_*_SHA256SUMS)
[[ ${#sums_files[@]} -eq 1 ]] || die "expected one ${PROVIDER_NAME}_<version>_SHA256SUMS in '${DIST}', found ${#sums_files[@]}"
sums="${sums_files[0]}"
sums_name="$(basename "${sums}")"

pkg_dir="${MIRROR}/${PROVIDER_ADDR}"
mkdir -p "${pkg_dir}"
count=0
while read -r sum name; do
  [[ "${name}" == "${PROVIDER_NAME}"_*_*_*.zip ]] || continue
  [[ -f "${DIST}/${name}" ]] || die "${name} is listed in ${sums_name} but missing from ${DIST}"
  [[ "$(sha256_of "${DIST}/${name}")" == "${sum}" ]] || die "${name}: checksum does not match ${sums_name}"
  cp "${DIST}/${name}" "${pkg_dir}/${name}"
  echo "${pkg_dir}/${name}" >&2
  count=$((count + 1))
done <"${sums}"
[[ ${count} -gt 0 ]] || die "no provider zips listed in ${sums}"

snippet="provider_installation {
  filesystem_mirror {
    path    = \"${MIRROR}\"
    include = [\"${PROVIDER_ADDR}\"]
  }
  direct {
    exclude = [\"${PROVIDER_ADDR}\"]
  }
}"
printf '%s\n' "# Terraform CLI configuration: install ${PROVIDER_ADDR} from the" \
  "# filesystem mirror at ${MIRROR}; every other provider from its registry." \
  "${snippet}" >"${MIRROR}/terraformrc"

cat <<MSG
# Add to ~/.terraformrc, or use the generated file:
#   export TF_CLI_CONFIG_FILE=${MIRROR}/terraformrc
${snippet}
MSG
