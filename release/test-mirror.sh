#!/usr/bin/env bash
# End-to-end check of the packaging: build.sh twice (the zip must be
# byte-identical), the zip's contents, manifest and SHA256SUMS, an optional
# throwaway-key signature, mirror.sh's packed layout, then the real terraform
# CLI: `terraform init` from the filesystem mirror only, the installed plugin,
# the lock file's h1: hash (computed here independently and compared with
# `terraform providers lock -fs-mirror`), a read-only re-init from that lock
# file, and a refused init when the mirror holds a different package.
#
# terraform init does not start the plugin, so any executable can stand in.
#
# Environment:
#   BIN=path      the provider binary to package (the test suite passes the real one)
#   STANDIN=1     package a small shell script instead (no cargo needed; VERSION defaults to 0.1.0)
#                 (neither: build the provider with cargo)
#   VERSION=      the version to package and require (default: the package version)
#   TERRAFORM=    the terraform CLI (default: terraform on PATH)
#   KEEP=1        keep the temporary directory and print its path
# Exits non-zero on the first failure; needs no network.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TERRAFORM="${TERRAFORM:-terraform}"
command -v "${TERRAFORM}" >/dev/null || die "terraform CLI '${TERRAFORM}' not found (set TERRAFORM=)"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/hf-release-test.XXXXXX")"
cleanup() {
  if [[ -d "${TMP}/gnupg" ]] && command -v gpgconf >/dev/null; then
    GNUPGHOME="${TMP}/gnupg" gpgconf --kill all 2>/dev/null || true
  fi
  if [[ "${KEEP:-}" == 1 ]]; then
    echo "kept ${TMP}" >&2
  else
    rm -rf "${TMP}"
  fi
}
trap cleanup EXIT

if [[ -n "${BIN:-}" ]]; then
  [[ -f "${BIN}" && -x "${BIN}" ]] || die "BIN '${BIN}' is not an executable file"
  BIN="$(cd "$(dirname "${BIN}")" && pwd)/$(basename "${BIN}")"
elif [[ "${STANDIN:-}" == 1 ]]; then
  VERSION="${VERSION:-0.1.0}"
  BIN="${TMP}/standin"
  printf '#!/bin/sh\necho "stand-in for %s: not a real provider" >&2\nexit 1\n' "${PROVIDER_NAME}" >"${BIN}"
  chmod 0755 "${BIN}"
else
  BIN="$(cargo_provider_bin)"
fi
VERSION="${VERSION:-$(package_version)}"
PLATFORM="$(tf_os "$(uname -s)")_$(tf_arch "$(uname -m)")"
prefix="${PROVIDER_NAME}_${VERSION}"
zip_name="${prefix}_${PLATFORM}.zip"
echo "packaging ${BIN} as ${PROVIDER_ADDR} ${VERSION} for ${PLATFORM}"

# --- build, twice: reproducible ------------------------------------------
build() { # build DIST_DIR [BIN]
  env -u GPG_KEY_ID -u TARGET_OS -u TARGET_ARCH BIN="${2:-${BIN}}" VERSION="${VERSION}" DIST_DIR="$1" \
    "${RELEASE_DIR}/build.sh" >/dev/null 2>"${TMP}/build.log" || {
    cat "${TMP}/build.log" >&2
    fail "build.sh failed"
  }
}
build "${TMP}/dist-a"
build "${TMP}/dist-b"
for f in "${zip_name}" "${prefix}_SHA256SUMS" "${prefix}_manifest.json"; do
  [[ -f "${TMP}/dist-a/${f}" ]] || fail "build.sh did not write ${f}"
  cmp -s "${TMP}/dist-a/${f}" "${TMP}/dist-b/${f}" || fail "${f} differs between two builds of the same binary"
done
[[ ! -e "${TMP}/dist-a/${prefix}_SHA256SUMS.sig" ]] || fail "a signature was written without GPG_KEY_ID"
ok "two builds give the same zip (sha256 $(sha256_of "${TMP}/dist-a/${zip_name}"))"

# --- what the dist directory holds -----------------------------------------
python3 - "${TMP}/dist-a/${zip_name}" "${PROVIDER_NAME}_v${VERSION}" "${BIN}" <<'PY' || fail "zip contents"
import stat, sys, zipfile
path, entry, binary = sys.argv[1:4]
with zipfile.ZipFile(path) as z:
    infos = z.infolist()
    names = [i.filename for i in infos]
    if names != [entry]:
        sys.exit("zip holds %r, expected exactly [%r]" % (names, entry))
    info = infos[0]
    mode = info.external_attr >> 16
    if info.create_system != 3 or not stat.S_ISREG(mode) or stat.S_IMODE(mode) != 0o755:
        sys.exit("entry mode is %o (system %d), expected a regular file 0755" % (mode, info.create_system))
    with open(binary, "rb") as f:
        if z.read(entry) != f.read():
            sys.exit("zip entry differs from the binary")
PY
ok "zip holds exactly ${PROVIDER_NAME}_v${VERSION}, mode 0755, same bytes as the binary"

manifest="$(cat "${TMP}/dist-a/${prefix}_manifest.json")"
[[ "${manifest}" == '{"version":1,"metadata":{"protocol_versions":["5.0","6.0"]}}' ]] ||
  fail "manifest is ${manifest}"
ok "manifest declares protocol versions 5.0 and 6.0"

while read -r sum name; do
  [[ "$(sha256_of "${TMP}/dist-a/${name}")" == "${sum}" ]] || fail "SHA256SUMS: ${name} does not verify"
done <"${TMP}/dist-a/${prefix}_SHA256SUMS"
sums_names="$(cut -d' ' -f3 "${TMP}/dist-a/${prefix}_SHA256SUMS" | tr '\n' ' ')"
[[ "${sums_names}" == "${zip_name} ${prefix}_manifest.json " ]] || fail "SHA256SUMS lists: ${sums_names}"
ok "SHA256SUMS verifies and lists the zip and the manifest"

# --- signing, with a throwaway key -----------------------------------------
if command -v gpg >/dev/null; then
  export GNUPGHOME="${TMP}/gnupg"
  mkdir -m 0700 "${GNUPGHOME}"
  gpg --batch --quiet --passphrase '' --quick-gen-key 'highflame release test <release-test@example.invalid>' \
    ed25519 sign never 2>/dev/null || fail "could not make a throwaway gpg key"
  key="$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')"
  GPG_KEY_ID="${key}" BIN="${BIN}" VERSION="${VERSION}" DIST_DIR="${TMP}/dist-signed" \
    "${RELEASE_DIR}/build.sh" >/dev/null 2>"${TMP}/build.log" || {
    cat "${TMP}/build.log" >&2
    fail "build.sh with GPG_KEY_ID failed"
  }
  gpg --batch --quiet --verify "${TMP}/dist-signed/${prefix}_SHA256SUMS.sig" \
    "${TMP}/dist-signed/${prefix}_SHA256SUMS" 2>/dev/null || fail "detached signature does not verify"
  cmp -s "${TMP}/dist-a/${zip_name}" "${TMP}/dist-signed/${zip_name}" || fail "signing changed the zip"
  unset GNUPGHOME
  ok "GPG_KEY_ID gives a detached signature that verifies"
else
  echo "skip: gpg not installed, signing not checked"
fi

# --- the filesystem mirror -------------------------------------------------
MIRROR="${TMP}/mirror"
DIST="${TMP}/dist-a" "${RELEASE_DIR}/mirror.sh" "${MIRROR}" >"${TMP}/snippet" 2>/dev/null || fail "mirror.sh failed"
layout="$(cd "${MIRROR}" && find . -type f | LC_ALL=C sort | tr '\n' ' ')"
[[ "${layout}" == "./${PROVIDER_ADDR}/${zip_name} ./terraformrc " ]] || fail "mirror layout: ${layout}"
cmp -s "${TMP}/dist-a/${zip_name}" "${MIRROR}/${PROVIDER_ADDR}/${zip_name}" || fail "mirrored zip differs"
grep -q 'provider_installation' "${TMP}/snippet" || fail "mirror.sh printed no CLI configuration"
ok "mirror (packed layout): ${PROVIDER_ADDR}/${zip_name}"

# Run terraform with only the mirror's CLI configuration: no plugin cache, no
# data-dir relocation, no extra arguments, no update check.
tf() { # tf DIR ARGS...
  local dir="$1"
  shift
  (cd "${dir}" && env -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_CLI_ARGS -u TF_CLI_ARGS_init \
    -u TF_CLI_ARGS_providers_lock -u TF_LOG -u TF_LOG_PATH \
    TF_CLI_CONFIG_FILE="${MIRROR}/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    "${TERRAFORM}" "$@" -no-color)
}
workdir() { # workdir NAME: a root module requiring the provider
  mkdir -p "${TMP}/$1"
  cat >"${TMP}/$1/main.tf" <<HCL
terraform {
  required_providers {
    highflame = {
      source  = "highflame/highflame"
      version = "${VERSION}"
    }
  }
}
HCL
  echo "${TMP}/$1"
}

# --- terraform init from the mirror ----------------------------------------
W="$(workdir init)"
tf "${W}" init -input=false >"${TMP}/init.log" 2>&1 || {
  cat "${TMP}/init.log" >&2
  fail "terraform init from the mirror failed"
}
installed="${W}/.terraform/providers/${PROVIDER_ADDR}/${VERSION}/${PLATFORM}/${PROVIDER_NAME}_v${VERSION}"
[[ -f "${installed}" && -x "${installed}" ]] || fail "not installed as an executable at ${installed}"
cmp -s "${installed}" "${BIN}" || fail "installed plugin differs from the binary"
ok "terraform init installed ${installed#"${W}/"}"

# The h1: hash, computed here from the zip's contents (Terraform's "h1"
# scheme: sha256 over the sorted lines "<sha256 hex>  <name>\n" of the files).
expected_h1="$(python3 - "${MIRROR}/${PROVIDER_ADDR}/${zip_name}" <<'PY'
import base64, hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = sorted(i.filename for i in z.infolist() if not i.is_dir())
    summary = "".join("%s  %s\n" % (hashlib.sha256(z.read(n)).hexdigest(), n) for n in names)
print("h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode())
PY
)"
lock_hashes() { # the hashes recorded for the provider in a lock file, sorted
  python3 - "$1" "${PROVIDER_ADDR}" "${VERSION}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r'provider "%s" \{(.*?)\n\}' % re.escape(sys.argv[2]), text, re.S)
if not m:
    sys.exit("no provider block for %s" % sys.argv[2])
body = m.group(1)
if not re.search(r'^\s*version\s*=\s*"%s"' % re.escape(sys.argv[3]), body, re.M):
    sys.exit("lock file does not select version %s" % sys.argv[3])
for h in sorted(re.findall(r'"((?:h1|zh):[^"]+)"', body)):
    print(h)
PY
}
init_hashes="$(lock_hashes "${W}/.terraform.lock.hcl")" || fail "lock file written by init"
[[ "${init_hashes}" == "${expected_h1}" ]] ||
  fail "init's lock file has hashes [${init_hashes}], expected [${expected_h1}]"
ok "init's lock file records ${expected_h1}"

# --- terraform providers lock -fs-mirror agrees ----------------------------
L="$(workdir lock)"
tf "${L}" providers lock -fs-mirror="${MIRROR}" -platform="${PLATFORM}" >"${TMP}/lock.log" 2>&1 || {
  cat "${TMP}/lock.log" >&2
  fail "terraform providers lock -fs-mirror failed"
}
lock_cmd_hashes="$(lock_hashes "${L}/.terraform.lock.hcl")" || fail "lock file written by providers lock"
[[ "${lock_cmd_hashes}" == "${init_hashes}" ]] ||
  fail "providers lock recorded [${lock_cmd_hashes}], init recorded [${init_hashes}]"
ok "terraform providers lock -fs-mirror records the same hash"

# --- a fresh init from that lock file, read-only ---------------------------
R="$(workdir readonly)"
cp "${W}/.terraform.lock.hcl" "${R}/"
tf "${R}" init -input=false -lockfile=readonly >"${TMP}/readonly.log" 2>&1 || {
  cat "${TMP}/readonly.log" >&2
  fail "terraform init -lockfile=readonly from the recorded lock file failed"
}
cmp -s "${W}/.terraform.lock.hcl" "${R}/.terraform.lock.hcl" || fail "read-only init changed the lock file"
ok "init -lockfile=readonly accepts the recorded lock file"

# --- a different package under the same version is refused -----------------
other="${TMP}/other-binary"
{
  cat "${BIN}"
  printf '\n# not the locked package\n'
} >"${other}"
chmod 0755 "${other}"
build "${TMP}/dist-other" "${other}"
rm -rf "${MIRROR}"
DIST="${TMP}/dist-other" "${RELEASE_DIR}/mirror.sh" "${MIRROR}" >/dev/null 2>&1 || fail "mirror.sh failed"
T="$(workdir tampered)"
cp "${W}/.terraform.lock.hcl" "${T}/"
if tf "${T}" init -input=false >"${TMP}/tampered.log" 2>&1; then
  fail "terraform init accepted a package that does not match the lock file"
fi
tr -s '\n ' '  ' <"${TMP}/tampered.log" | grep -q "doesn't match any of the checksums" || {
  cat "${TMP}/tampered.log" >&2
  fail "init failed, but not on the checksum"
}
ok "init refuses a different package under the locked version"

echo "PASS: ${PROVIDER_ADDR} ${VERSION} installs offline from the filesystem mirror"
