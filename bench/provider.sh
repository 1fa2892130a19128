#!/usr/bin/env bash
# Provider performance benchmark (DESIGN.md §6); see bench/README.md.
#
#   bench/provider.sh                 # RUNS=5 plan/apply runs per configuration, 50 handshakes
#   RUNS=9 bench/provider.sh          # more plan/apply runs
#   HANDSHAKES=200 bench/provider.sh  # more handshake runs (per case)
#   PROTOCOL=5 bench/provider.sh      # force plugin protocol 5 (default: negotiated, 6)
#   KEEP=1 bench/provider.sh          # keep bench/out/provider (workspaces, logs, dist, mirror)
#   TERRAFORM=path bench/provider.sh  # another terraform CLI
#
# It reports; it is not a test: a MISS still exits 0. It exits non-zero only
# when something could not be measured (a build failure, a terraform error).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

RUNS=${RUNS:-5}
HANDSHAKES=${HANDSHAKES:-50}
PROTOCOL=${PROTOCOL:-}
KEEP=${KEEP:-0}
TERRAFORM=${TERRAFORM:-terraform}
COUNT=100
# Targets (DESIGN.md §6).
TARGET_RATIO=1.2    # highflame / terraform_data wall, plan and apply, at most
TARGET_START_MS=20  # provider start to handshake line, median, under

out=$root/bench/out/provider
logs=$out/logs
bin=${CARGO_TARGET_DIR:-$root/target}/release/terraform-provider-highflame

cleanup() {
    local status=$?
    if [ "$status" != 0 ] && [ -d "$out" ]; then
        say "kept $out for inspection (the next run deletes it)"
    elif [ "$KEEP" != 1 ]; then
        rm -rf "$out"
    fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ "$HANDSHAKES" =~ ^[1-9][0-9]*$ ]] || die "HANDSHAKES must be a positive integer"
case "$PROTOCOL" in "" | 5 | 6) ;; *) die "PROTOCOL must be 5, 6 or empty" ;; esac
"$TERRAFORM" version >/dev/null 2>&1 || die "needs the terraform CLI (PATH or \$TERRAFORM)"
command -v python3 >/dev/null || die "needs python3"
command -v openssl >/dev/null || die "needs openssl"

rm -rf "$out"
mkdir -p "$logs"

# --- build, package, mirror ---------------------------------------------------
say "building terraform-provider-highflame (release)"
cargo build --release --quiet -p terraform-provider-highflame
say "packaging (release/build.sh) and laying out a mirror (release/mirror.sh)"
BIN=$bin DIST_DIR=$out/dist bash release/build.sh >"$logs/build.log" 2>&1 ||
    { cat "$logs/build.log" >&2; die "release/build.sh failed"; }
DIST=$out/dist bash release/mirror.sh "$out/mirror" >"$logs/mirror.log" 2>&1 ||
    { cat "$logs/mirror.log" >&2; die "release/mirror.sh failed"; }

export TF_CLI_CONFIG_FILE=$out/mirror/terraformrc
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
unset TF_LOG TF_LOG_PROVIDER TF_LOG_CORE TF_LOG_PATH TF_PLUGIN_CACHE_DIR TF_DATA_DIR
if [ -n "$PROTOCOL" ]; then
    export HIGHFLAME_PLUGIN_PROTOCOL=$PROTOCOL
else
    unset HIGHFLAME_PLUGIN_PROTOCOL
fi

# --- the two configurations -------------------------------------------------------
# (a) 100 highflame_region_pair, inventory off (no cloud call);
# (b) the same shape as the built-in terraform_data (no provider process).
hf=$out/highflame
td=$out/terraform_data
mkdir -p "$hf" "$td"
cat >"$hf/main.tf" <<EOF
terraform {
  required_providers {
    highflame = {
      source  = "highflame/highflame"
      version = "0.1.0"
    }
  }
}

provider "highflame" {}

resource "highflame_region_pair" "pair" {
  count = $COUNT

  name             = "pair-\${count.index}"
  cloud            = "aws"
  primary_region   = "us-east-1"
  secondary_region = "us-west-2"
  inventory        = false

  parity {
    enforcement = "warn"
    capacity    = "scaled-down"
  }

  tags = {
    Owner       = "sre"
    Environment = "prod"
    Index       = tostring(count.index)
  }
}
EOF
cat >"$td/main.tf" <<EOF
resource "terraform_data" "pair" {
  count = $COUNT

  input = {
    name             = "pair-\${count.index}"
    cloud            = "aws"
    primary_region   = "us-east-1"
    secondary_region = "us-west-2"
    tags = {
      Owner       = "sre"
      Environment = "prod"
      Index       = tostring(count.index)
    }
  }
}
EOF

# tf NAME DIR ARGS...: runs terraform in DIR; output to $logs/NAME.log; stops on failure.
tf() {
    local name=$1 dir=$2
    shift 2
    if ! (cd "$dir" && "$TERRAFORM" "$@") >"$logs/$name.log" 2>&1; then
        say "error: terraform $* in $dir failed; last lines of its output:"
        tail -n 20 "$logs/$name.log" >&2
        exit 1
    fi
}

say "terraform init (not timed)"
tf init-highflame "$hf" init -input=false -no-color
tf init-terraform_data "$td" init -input=false -no-color

# reset DIR: a fresh, empty state. Cheaper than `terraform destroy`, and the
# provider's delete only forgets anyway (no cloud object exists).
reset() { rm -f "$1"/terraform.tfstate "$1"/terraform.tfstate.backup "$1"/tfplan; }

declare -A samples=() # "config phase" -> space-separated wall seconds

# timed KEY NAME DIR ARGS...: runs terraform and appends its wall time to samples[KEY].
timed() {
    local key=$1 name=$2 dir=$3
    shift 3
    local t0 t1
    t0=$EPOCHREALTIME
    tf "$name" "$dir" "$@"
    t1=$EPOCHREALTIME
    samples[$key]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') "
}

# cycle CONFIG DIR TAG [record]: one plan + apply from an empty state.
cycle() {
    local config=$1 dir=$2 tag=$3 record=${4:-}
    reset "$dir"
    if [ -n "$record" ]; then
        timed "$config plan" "plan-$config-$tag" "$dir" plan -input=false -refresh=true -no-color -out=tfplan
        timed "$config apply" "apply-$config-$tag" "$dir" apply -input=false -no-color tfplan
    else
        tf "plan-$config-$tag" "$dir" plan -input=false -refresh=true -no-color -out=tfplan
        tf "apply-$config-$tag" "$dir" apply -input=false -no-color tfplan
    fi
}

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
    say "warning: load average is $load: other work is running and the timings will be noisy"
fi

# One untimed cycle each first: page cache, the plugin binary's first exec.
say "warm-up cycle (not timed)"
cycle highflame "$hf" warmup
cycle terraform_data "$td" warmup
if ! grep -q "Resources: $COUNT added" "$logs/apply-highflame-warmup.log" ||
    ! grep -q "Resources: $COUNT added" "$logs/apply-terraform_data-warmup.log"; then
    die "a warm-up apply did not add $COUNT resources (see $logs)"
fi

# How often terraform starts the plugin per command (informational, untimed).
say "counting provider starts per command (TF_LOG=debug, not timed)"
reset "$hf"
(cd "$hf" && TF_LOG=debug "$TERRAFORM" plan -input=false -no-color -out=tfplan) >"$logs/debug-plan.log" 2>&1 ||
    die "debug plan failed (see $logs/debug-plan.log)"
(cd "$hf" && TF_LOG=debug "$TERRAFORM" apply -input=false -no-color tfplan) >"$logs/debug-apply.log" 2>&1 ||
    die "debug apply failed (see $logs/debug-apply.log)"
starts_plan=$(grep -c 'provider: plugin started' "$logs/debug-plan.log" || true)
starts_apply=$(grep -c 'provider: plugin started' "$logs/debug-apply.log" || true)
negotiated=$(grep -o 'using plugin: version=[0-9]*' "$logs/debug-plan.log" | head -n 1 | grep -o '[0-9]*$' || true)

say "measuring plan and apply, $RUNS runs per configuration, alternating"
for ((i = 1; i <= RUNS; i++)); do
    if ((i % 2)); then
        cycle highflame "$hf" "$i" record
        cycle terraform_data "$td" "$i" record
    else
        cycle terraform_data "$td" "$i" record
        cycle highflame "$hf" "$i" record
    fi
    say "  run $i/$RUNS done"
done

# --- provider start -> handshake line ---------------------------------------------
say "generating a P-521 client certificate (as go-plugin's AutoMTLS does)"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-521 -nodes -subj /CN=localhost \
    -days 1 -keyout "$out/client-key.pem" -out "$out/client-cert.pem" >"$logs/openssl.log" 2>&1 ||
    { cat "$logs/openssl.log" >&2; die "openssl failed"; }

say "measuring provider start -> handshake line (and -> first TLS handshake), $HANDSHAKES runs per case"
handshake=$(python3 - "$bin" "$HANDSHAKES" "$out/client-cert.pem" "$out/client-key.pem" <<'PY'
import math, os, socket, ssl, statistics, subprocess, sys, time

binary, runs, cert_path, key_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(cert_path) as f:
    cert = f.read()
base = {k: v for k, v in os.environ.items()
        if k not in ("PLUGIN_CLIENT_CERT", "HIGHFLAME_PLUGIN_PROTOCOL") and not k.startswith("TF_LOG")}
base["TF_PLUGIN_MAGIC_COOKIE"] = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
base["PLUGIN_PROTOCOL_VERSIONS"] = "5,6"

# The client side of AutoMTLS, as far as the TLS handshake goes (what
# Terraform's dial waits for before its first RPC).
tls_client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
tls_client.check_hostname = False
tls_client.verify_mode = ssl.CERT_NONE  # the server certificate is in the line; not checked here
tls_client.load_cert_chain(cert_path, key_path)
tls_client.set_alpn_protocols(["h2"])

def once(env, fields, tls=False):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary], env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = p.stdout.readline()
        t1 = time.perf_counter()
        parts = line.decode().strip().split("|")
        if len(parts) != fields or parts[0] != "1" or parts[2] != "tcp" or parts[4] != "grpc":
            sys.exit(f"unexpected handshake line: {line!r}")
        if tls:
            host, port = parts[3].rsplit(":", 1)
            with socket.create_connection((host, int(port))) as raw:
                with tls_client.wrap_socket(raw) as conn:
                    if conn.selected_alpn_protocol() != "h2":
                        sys.exit("the provider did not negotiate h2")
            t1 = time.perf_counter()
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
    return (t1 - t0) * 1000

def case(env, fields, tls=False):
    once(env, fields, tls)  # warm-up
    ms = sorted(once(env, fields, tls) for _ in range(runs))
    p95 = ms[max(0, math.ceil(0.95 * len(ms)) - 1)]
    return statistics.median(ms), p95, ms[0], ms[-1]

mtls_env = dict(base, PLUGIN_CLIENT_CERT=cert)
plain = case(base, 5)
mtls = case(mtls_env, 6)
ready = case(mtls_env, 6, tls=True)
for name, r in (("plain", plain), ("mtls", mtls), ("ready", ready)):
    print(name, *(f"{v:.2f}" for v in r))
PY
) || die "handshake measurement failed"
read -r _ hs_med hs_p95 hs_min hs_max < <(grep '^plain ' <<<"$handshake")
read -r _ mt_med mt_p95 mt_min mt_max < <(grep '^mtls ' <<<"$handshake")
read -r _ rd_med rd_p95 rd_min rd_max < <(grep '^ready ' <<<"$handshake")

# --- report --------------------------------------------------------------------------
# stats "SAMPLES": median and min
stats() {
    tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.3f %.3f\n", m, v[1] }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
verdict() { # verdict VALUE le|lt TARGET
    awk -v v="$1" -v op="$2" -v t="$3" \
        'BEGIN { ok = (op == "le") ? (v <= t) : (v < t); print (ok ? "PASS" : "MISS") }'
}

declare -A med=() min=()
for key in "highflame plan" "highflame apply" "terraform_data plan" "terraform_data apply"; do
    read -r "med[$key]" "min[$key]" < <(stats "${samples[$key]}")
done

size_mib=$(awk -v b="$(stat -c %s "$bin")" 'BEGIN { printf "%.1f", b / 1048576 }')
row() { printf '%-34s %10s %10s   %s\n' "$@"; }
echo
echo "provider benchmark: $COUNT resources, $RUNS runs per configuration, $(nproc) cores, load average $load at start"
echo "$("$TERRAFORM" version | head -n 1), plugin protocol ${negotiated:-?}${PROTOCOL:+ (forced)}, provider binary $size_mib MiB"
echo "terraform starts the provider ${starts_plan:-?}x per plan, ${starts_apply:-?}x per apply"
echo
row "phase (wall s)" "median" "min" "samples"
for key in "highflame plan" "terraform_data plan" "highflame apply" "terraform_data apply"; do
    row "$key" "${med[$key]}" "${min[$key]}" "${samples[$key]% }"
done
echo
row "provider start -> handshake (ms)" "median" "p95" "min / max"
row "plain (no PLUGIN_CLIENT_CERT)" "$hs_med" "$hs_p95" "$hs_min / $hs_max"
row "AutoMTLS (PLUGIN_CLIENT_CERT)" "$mt_med" "$mt_p95" "$mt_min / $mt_max"
row "AutoMTLS, to first TLS handshake" "$rd_med" "$rd_p95" "$rd_min / $rd_max"
echo

plan_med=$(ratio "${med[highflame plan]}" "${med[terraform_data plan]}")
plan_min=$(ratio "${min[highflame plan]}" "${min[terraform_data plan]}")
apply_med=$(ratio "${med[highflame apply]}" "${med[terraform_data apply]}")
apply_min=$(ratio "${min[highflame apply]}" "${min[terraform_data apply]}")
target_row() { printf '%-44s %10s %10s   %s\n' "$@"; }
target_row "target" "measured" "target" "result"
target_row "plan: highflame / terraform_data (median)" "${plan_med}x" "<= ${TARGET_RATIO}x" \
    "$(verdict "$plan_med" le "$TARGET_RATIO")"
target_row "apply: highflame / terraform_data (median)" "${apply_med}x" "<= ${TARGET_RATIO}x" \
    "$(verdict "$apply_med" le "$TARGET_RATIO")"
target_row "start -> handshake, plain (median)" "${hs_med} ms" "< ${TARGET_START_MS} ms" \
    "$(verdict "$hs_med" lt "$TARGET_START_MS")"
target_row "start -> handshake, AutoMTLS (median)" "${mt_med} ms" "< ${TARGET_START_MS} ms" \
    "$(verdict "$mt_med" lt "$TARGET_START_MS")"
echo "(ratios of the minimums: plan ${plan_min}x, apply ${apply_min}x; handshake p95: plain $hs_p95 ms, AutoMTLS $mt_p95 ms;"
echo " not a target: start to a completed first TLS handshake, which Terraform waits for before its first RPC, median $rd_med ms)"
if [ "$KEEP" = 1 ]; then
    echo "kept: $out"
fi
