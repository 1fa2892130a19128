#!/usr/bin/env bash
# parity-lint performance benchmark (DESIGN.md §6); see bench/README.md.
#
#   bench/parity-lint.sh                    # 50,000 resources per plan
#   RESOURCES=2000 bench/parity-lint.sh     # quick run
#   CHECKOV=1 bench/parity-lint.sh          # also checkov on a 10,000-resource plan
#   KEEP=1 bench/parity-lint.sh             # keep bench/out/plans-*, logs
#   PARITY_LINT=path bench/parity-lint.sh   # measure that binary, build only the bench
#
# It reports; it is not a test: a MISS still exits 0. It exits non-zero only
# when something could not be measured (a build failure, a crash).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

RESOURCES=${RESOURCES:-50000}
CHECKOV=${CHECKOV:-0}
KEEP=${KEEP:-0}
CHECKOV_RESOURCES=10000
# Targets (DESIGN.md §6).
TARGET_TIME=1.5     # parity-lint wall / typed serde_json parse wall, at most
TARGET_RSS=3        # parity-lint peak RSS / total input size, at most
TARGET_CHECKOV=200  # checkov wall / parity-lint wall (10k), at least

out=bench/out
logs=$out/logs
bin=${CARGO_TARGET_DIR:-$root/target}/release

cleanup() {
    if [ "$KEEP" != 1 ]; then
        # The venv is kept: it is reused by the next CHECKOV=1 run.
        rm -rf "$out"/plans-* "$logs"
    fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

ensure_gnu_time() {
    [ -x /usr/bin/time ] && return
    say "installing GNU time (Debian package 'time')"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq time >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
}

ensure_checkov() {
    local venv=$out/venv
    [ -x "$venv/bin/checkov" ] && return
    say "installing checkov into $venv (takes a few minutes)"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null && apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check checkov
}

declare -A wall rss code

# measure NAME CMD...: runs CMD under GNU time; records wall seconds, peak
# RSS (MiB) and exit status; output goes to $logs/NAME.log.
measure() {
    local name=$1
    shift
    local status=0
    /usr/bin/time -f '%e %M' -o "$logs/$name.time" "$@" >"$logs/$name.log" 2>&1 || status=$?
    # On a non-zero exit GNU time writes "Command exited ..." first.
    local w kb
    read -r w kb < <(tail -n 1 "$logs/$name.time")
    wall[$name]=$w
    rss[$name]=$((kb / 1024))
    code[$name]=$status
    printf '  %-26s %9.2f s %9d MiB   exit %d\n' "$name" "$w" "${rss[$name]}" "$status" >&2
}

# fail_unless_ok NAME CODES...: stops the run when NAME exited otherwise.
fail_unless_ok() {
    local name=$1
    shift
    local c
    for c in "$@"; do
        [ "${code[$name]}" = "$c" ] && return
    done
    say "error: $name exited with status ${code[$name]}; last lines of its output:"
    tail -n 20 "$logs/$name.log" >&2
    exit 1
}

gen() { # gen N: writes $out/plans-N/{r1,r2}.json
    local dir=$out/plans-$1
    say "generating two plans of $1 resources in $dir"
    "$bin/gen-plans" --resources "$1" --out "$dir" >&2
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
verdict() { # verdict VALUE le|ge TARGET
    awk -v v="$1" -v op="$2" -v t="$3" \
        'BEGIN { ok = (op == "le") ? (v <= t) : (v >= t); print (ok ? "PASS" : "MISS") }'
}

ensure_gnu_time
mkdir -p "$logs"

if [ -n "${PARITY_LINT:-}" ]; then
    say "building parity-lint-bench (release); measuring $PARITY_LINT"
    cargo build --release --quiet -p parity-lint-bench
    parity_lint=$PARITY_LINT
else
    say "building (release)"
    cargo build --release --quiet -p parity-lint -p parity-lint-bench
    parity_lint=$bin/parity-lint
fi

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
    say "warning: load average is $load: other work is running and the timings will be noisy"
fi

gen "$RESOURCES"
plans=$out/plans-$RESOURCES
r1=$plans/r1.json
r2=$plans/r2.json
size1=$(stat -c %s "$r1")
size2=$(stat -c %s "$r2")
input_mib=$(mib $((size1 + size2)))

say "measuring ($RESOURCES resources per plan)"
measure parity-lint "$parity_lint" check "$r1" "$r2" \
    --format json --output /dev/null --fail-on never
fail_unless_ok parity-lint 0 1
measure parse-value "$bin/parse-baseline" value "$r1" "$r2"
fail_unless_ok parse-value 0
measure parse-typed "$bin/parse-baseline" typed "$r1" "$r2"
fail_unless_ok parse-typed 0

if [ "$CHECKOV" = 1 ]; then
    ensure_checkov
    [ "$RESOURCES" = "$CHECKOV_RESOURCES" ] || gen "$CHECKOV_RESOURCES"
    small=$out/plans-$CHECKOV_RESOURCES
    say "measuring checkov and parity-lint ($CHECKOV_RESOURCES resources)"
    # checkov exits 1 when checks fail, which they do on this plan.
    # --skip-download: no calls to Prisma Cloud (only registries are reachable here).
    measure checkov "$out/venv/bin/checkov" -f "$small/r1.json" \
        --framework terraform_plan --quiet --compact --skip-download
    if [ "${code[checkov]}" != 0 ] && [ "${code[checkov]}" != 1 ]; then
        say "warning: checkov exited with status ${code[checkov]}; last lines of its output:"
        tail -n 5 "$logs/checkov.log" >&2
    fi
    measure parity-lint-10k "$parity_lint" check "$small/r1.json" "$small/r2.json" \
        --format json --output /dev/null --fail-on never
    fail_unless_ok parity-lint-10k 0 1
fi

row() { printf '%-40s %10s %14s\n' "$@"; }
echo
echo "parity-lint benchmark: $RESOURCES resources per plan, $(nproc) cores, load average $load at start"
echo
row "input" "" "MiB"
row "  r1.json (us-east-1)" "" "$(mib "$size1")"
row "  r2.json (us-west-2)" "" "$(mib "$size2")"
row "  total" "" "$input_mib"
echo
row "measurement" "wall s" "peak RSS MiB"
row "parity-lint check ($RESOURCES pair)" "${wall[parity-lint]}" "${rss[parity-lint]}"
row "serde_json Value parse (both)" "${wall[parse-value]}" "${rss[parse-value]}"
row "serde_json typed parse (both)" "${wall[parse-typed]}" "${rss[parse-typed]}"
if [ "$CHECKOV" = 1 ]; then
    row "checkov (10k, r1 only)" "${wall[checkov]}" "${rss[checkov]}"
    row "parity-lint check (10k pair)" "${wall[parity-lint-10k]}" "${rss[parity-lint-10k]}"
fi
echo

time_ratio=$(ratio "${wall[parity-lint]}" "${wall[parse-typed]}")
rss_ratio=$(ratio "${rss[parity-lint]}" "$input_mib")
target_row() { printf '%-40s %10s %10s   %s\n' "$@"; }
target_row "target" "measured" "target" "result"
target_row "parity-lint / typed parse (wall)" "${time_ratio}x" "<= ${TARGET_TIME}x" \
    "$(verdict "$time_ratio" le "$TARGET_TIME")"
target_row "parity-lint peak RSS / input size" "${rss_ratio}x" "<= ${TARGET_RSS}x" \
    "$(verdict "$rss_ratio" le "$TARGET_RSS")"
if [ "$CHECKOV" = 1 ]; then
    checkov_ratio=$(ratio "${wall[checkov]}" "${wall[parity-lint-10k]}")
    target_row "checkov 10k / parity-lint 10k (wall)" "${checkov_ratio}x" ">= ${TARGET_CHECKOV}x" \
        "$(verdict "$checkov_ratio" ge "$TARGET_CHECKOV")"
else
    target_row "checkov 10k / parity-lint 10k (wall)" "-" ">= ${TARGET_CHECKOV}x" "not run (CHECKOV=1)"
fi
echo "(for reference: Value parse / typed parse $(ratio "${wall[parse-value]}" "${wall[parse-typed]}")x," \
    "Value parse peak RSS / input size $(ratio "${rss[parse-value]}" "$input_mib")x)"

# A linter that checks two plans cannot be much faster than parsing what it
# reads; if it is, the binary is likely still a stub.
if awk -v p="${wall[parity-lint]}" -v t="${wall[parse-typed]}" 'BEGIN { exit !(p < t / 4) }'; then
    echo "warning: parity-lint took under a quarter of the typed parse: is it a stub? The ratios above mean nothing then."
fi
if [ "$KEEP" = 1 ]; then
    echo "kept: $plans, $logs"
fi
