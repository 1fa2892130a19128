#!/usr/bin/env bash
# Package terraform-provider-highflame the way a Terraform registry expects:
#
#   release/dist/<version>/
#     terraform-provider-highflame_<version>_<os>_<arch>.zip   one file inside:
#                                                             terraform-provider-highflame_v<version> (0755)
#     terraform-provider-highflame_<version>_manifest.json     protocol versions 5.0 and 6.0
#     terraform-provider-highflame_<version>_SHA256SUMS        every zip in the directory + the manifest
#     terraform-provider-highflame_<version>_SHA256SUMS.sig    only when GPG_KEY_ID is set
#
# Environment:
#   BIN=path        package this binary instead of running `cargo build --release`
#   VERSION=x.y.z   override the version (default: the package version, from cargo metadata)
#   TARGET_OS=      Terraform OS name (linux|darwin); default from `uname -s`
#   TARGET_ARCH=    Terraform arch name (amd64|arm64); default from `uname -m`
#   DIST_DIR=dir    output directory (default: release/dist/<version>)
#   GPG_KEY_ID=id   sign the SHA256SUMS file with this key (binary detached signature)
#   SOURCE_DATE_EPOCH=n  timestamp stored in the zip (default: 2020-01-01T00:00:00)
#
# Building for a second platform into the same DIST_DIR adds its zip and
# rewrites SHA256SUMS (and the signature) over all zips there.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VERSION="${VERSION:-$(package_version)}"
[[ "${VERSION}" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
  die "VERSION '${VERSION}' is not a semantic version (x.y.z)"
OS="$(tf_os "${TARGET_OS:-$(uname -s)}")"
ARCH="$(tf_arch "${TARGET_ARCH:-$(uname -m)}")"
DIST_DIR="${DIST_DIR:-${RELEASE_DIR}/dist/${VERSION}}"

BIN="${BIN:-$(cargo_provider_bin)}"
[[ -f "${BIN}" ]] || die "provider binary '${BIN}' not found"

mkdir -p "${DIST_DIR}"
prefix="${PROVIDER_NAME}_${VERSION}"
zip_name="${prefix}_${OS}_${ARCH}.zip"
manifest="${prefix}_manifest.json"
sums="${prefix}_SHA256SUMS"

# The zip: one entry, the executable named terraform-provider-<type>_v<version>,
# Unix mode 0755, a fixed timestamp and fixed compression, so the same binary
# always gives the same bytes (and the same h1:/zh: hashes in lock files).
python3 - "${BIN}" "${PROVIDER_NAME}_v${VERSION}" "${DIST_DIR}/${zip_name}" "${SOURCE_DATE_EPOCH:-}" <<'PY'
import os, sys, time, zipfile

src, entry, dest, epoch = sys.argv[1:5]
if epoch:
    stamp = time.gmtime(max(int(epoch), 315532800))[:6]  # zip cannot store < 1980
else:
    stamp = (2020, 1, 1, 0, 0, 0)
info = zipfile.ZipInfo(entry, date_time=stamp)
info.create_system = 3                      # Unix, so external_attr carries the mode
info.external_attr = (0o100755 & 0xFFFF) << 16
info.compress_type = zipfile.ZIP_DEFLATED
with open(src, "rb") as f:
    data = f.read()
tmp = dest + ".tmp"
with zipfile.ZipFile(tmp, "w") as z:
    z.writestr(info, data, compresslevel=6)
os.replace(tmp, dest)
PY

printf '%s\n' '{"version":1,"metadata":{"protocol_versions":["5.0","6.0"]}}' >"${DIST_DIR}/${manifest}"

# SHA256SUMS over every platform zip of this version, plus the manifest.
(
  cd "${DIST_DIR}"
  shopt -s nullglob
  files=("${prefix}"_*_*.zip "${manifest}")
  : >"${sums}.tmp"
  while IFS= read -r f; do
    printf '%s  %s\n' "$(sha256_of "${f}")" "${f}" >>"${sums}.tmp"
  done < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort -u)
  mv "${sums}.tmp" "${sums}"
)

# A stale signature would not match the rewritten SHA256SUMS.
rm -f "${DIST_DIR}/${sums}.sig"
if [[ -n "${GPG_KEY_ID:-}" ]]; then
  gpg --batch --yes --local-user "${GPG_KEY_ID}" \
    --output "${DIST_DIR}/${sums}.sig" --detach-sign "${DIST_DIR}/${sums}"
fi

echo "${DIST_DIR}:" >&2
(cd "${DIST_DIR}" && ls -1 "${prefix}"_*) >&2
echo "${DIST_DIR}/${zip_name}"
