#!/usr/bin/env bash
# Granary at a million versions, next to a near-empty repository in the same run (bench/README.md,
# "Scale: 1M versions"):
#   1. a private stack (bench/lib.sh: scripts/stack.sh up on free ports, torn down on exit);
#   2. domain "near", repository "pkgs": bench-pkg in SCALE_VERSIONS (100) versions, PyPI and npm,
#      published the normal way (bench/seed_formats.py: twine-style and npm-style, with a token);
#   3. domain "scale": repository "pypi-1m" filled with SCALE_PACKAGES (10,000) PyPI packages of
#      SCALE_VERSIONS versions and repository "npm-1m" with SCALE_NPM_PACKAGES (10,000) npm
#      packages, in bulk inside MariaDB (bench/seed_scale.sql, BENCH ONLY; every seeded asset is
#      the real blob of the near-empty package's version of the same number);
#   4. the same requests on both sides: wrk --latency (GETs: the PyPI page as pip asks for it, the
#      abbreviated packument as npm asks for it, a wheel with Basic, a tarball with Bearer),
#      sequential timed calls (bench/scale_requests.py: ListPackages, a late ListPackages page,
#      ListPackageVersions over SigV4; twine upload, npm publish, and the pages right after them);
#   5. a Markdown table: p50/p99 per side and the 1M / near-empty ratios (also to $BENCH_OUT).
#
#   bash bench/scale.sh            # needs .build/release/granary (make build)
#
# Knobs: SCALE_PACKAGES (10000), SCALE_NPM_PACKAGES (10000), SCALE_VERSIONS (100), SCALE_CHUNK (500
# packages per seed statement), SCALE_CALLS (200 per API row and side), SCALE_WRITES (50 rounds of
# writes per side), BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (10 s), BENCH_RUNS
# (2 wrk runs per GET row and side, interleaved), SCALE_PARTS ("gets calls writes": which of the
# three kinds of rows to measure), BENCH_OUT, BENCH_KEEP, and the stack's own (GRANARY_BIN,
# GRANARY_WORKERS, GRANARY_META_THREADS, ...).
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$REPO/bench"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

PACKAGES="${SCALE_PACKAGES:-10000}"
NPM_PACKAGES="${SCALE_NPM_PACKAGES:-10000}"
VERSIONS="${SCALE_VERSIONS:-100}"
CHUNK="${SCALE_CHUNK:-500}"
CALLS="${SCALE_CALLS:-200}"
WRITES="${SCALE_WRITES:-50}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
DURATION="${BENCH_DURATION:-10}"
RUNS="${BENCH_RUNS:-2}"
PARTS=" ${SCALE_PARTS:-gets calls writes} "
CALLS_OTHER="-"
WRITES_OTHER="-"

check_knobs() {
    local knob
    for knob in PACKAGES NPM_PACKAGES VERSIONS CHUNK CALLS WRITES THREADS CONNECTIONS DURATION RUNS; do
        [[ "${!knob}" =~ ^[0-9]+$ ]] || die "$knob must be a number, got '${!knob}'"
    done
    ((PACKAGES >= 3 && PACKAGES <= 99999 && NPM_PACKAGES >= 1 && NPM_PACKAGES <= 99999)) ||
        die "SCALE_PACKAGES must be 3..99999 and SCALE_NPM_PACKAGES 1..99999 (five-digit names)"
    [[ "$PARTS" =~ ^(\ (gets|calls|writes))+\ $ ]] || die "SCALE_PARTS takes gets, calls and writes, got '${SCALE_PARTS:-}'"
    ((VERSIONS >= 1 && CHUNK >= 1 && CALLS >= 1 && WRITES >= 1 && THREADS >= 1 && CONNECTIONS >= THREADS && DURATION >= 1 && RUNS >= 1)) ||
        die "every count must be at least 1 (and BENCH_CONNECTIONS >= BENCH_THREADS)"
}

# The stack's MariaDB as its superuser (socket authentication as this OS user), database granary.
db() {
    local socket
    socket="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["database"]["socket"])' "$STATE/granary.json")"
    mariadb --no-defaults --socket="$socket" -u"$(id -un)" --batch --skip-column-names granary "$@"
}

# ----------------------------------------------------------------------------- set-up
NEAR_DOMAIN=near
BIG_DOMAIN=scale

setup_near() {
    stack_aws create-domain --domain "$NEAR_DOMAIN" >/dev/null
    stack_aws create-repository --domain "$NEAR_DOMAIN" --repository pkgs >/dev/null
    stack_aws create-domain --domain "$BIG_DOMAIN" >/dev/null
    stack_aws create-repository --domain "$BIG_DOMAIN" --repository pypi-1m >/dev/null
    stack_aws create-repository --domain "$BIG_DOMAIN" --repository npm-1m >/dev/null
    NEAR_TOKEN="$(stack_aws get-authorization-token --domain "$NEAR_DOMAIN" --query authorizationToken --output text)"
    BIG_TOKEN="$(stack_aws get-authorization-token --domain "$BIG_DOMAIN" --query authorizationToken --output text)"
    ACCOUNT="$(stack_account)"
    local base="$STACK/d/$NEAR_DOMAIN-$ACCOUNT"
    python3 "$BENCH_DIR/seed_formats.py" wheels "$STATE/wheels" "$VERSIONS" || die "writing the wheels failed"
    python3 "$BENCH_DIR/seed_formats.py" pypi "$base/pypi/pkgs/" "$NEAR_TOKEN" "$STATE/wheels" 2>>"$STATE/seed.log" ||
        die "publishing the near-empty PyPI project failed: $(tail -n 3 "$STATE/seed.log")"
    python3 "$BENCH_DIR/seed_formats.py" npm "$base/npm/pkgs/" "$NEAR_TOKEN" "$VERSIONS" 2>>"$STATE/seed.log" ||
        die "publishing the near-empty npm package failed: $(tail -n 3 "$STATE/seed.log")"
}

repository_id() {
    db -e "SELECT r.repository_id FROM repositories r JOIN domains d ON d.domain_id = r.domain_id
           WHERE d.name = '$1' AND r.name = '$2'"
}

# One repository in bulk (bench/seed_scale.sql); prints what it holds and how long it took.
seed_repository() {
    local format="$1" repository="$2" packages="$3" near_id pool_id repo_id started seconds counts
    near_id="$(repository_id "$NEAR_DOMAIN" pkgs)"
    repo_id="$(repository_id "$BIG_DOMAIN" "$repository")"
    pool_id="$(db -e "SELECT package_id FROM packages WHERE repository_id = $near_id AND format = '$format' AND name = 'bench-pkg'")"
    [[ -n "$repo_id" && -n "$pool_id" ]] || die "no repository $BIG_DOMAIN/$repository or no near-empty $format package"
    started="$(date +%s.%N)"
    counts="$(
        {
            printf "SET @format = '%s', @repository_id = %s, @repository_name = '%s', @pool_package_id = %s,\n" \
                "$format" "$repo_id" "$repository" "$pool_id"
            printf "    @packages = %s, @versions = %s, @prefix = 'scale', @chunk = %s;\n" "$packages" "$VERSIONS" "$CHUNK"
            cat "$BENCH_DIR/seed_scale.sql"
        } | db 2>&1
    )" || die "seeding $repository failed: $counts"
    seconds="$(python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.0f}')" "$started")"
    read -r got_packages got_versions got_assets <<<"$counts"
    [[ "$got_packages" == "$packages" && "$got_versions" == $((packages * VERSIONS)) && "$got_assets" == "$got_versions" ]] ||
        die "seeded $repository holds '$counts', expected $packages packages of $VERSIONS versions with one asset each"
    SEED_LINES+=("$format: $repository seeded with $packages packages, $got_versions versions, $got_assets assets in ${seconds} s")
    log "${SEED_LINES[-1]}"
}

seed() {
    SEED_LINES=()
    seed_repository pypi pypi-1m "$PACKAGES"
    seed_repository npm npm-1m "$NPM_PACKAGES"
    # Fresh optimizer statistics, as InnoDB's background recalculation would have after such growth.
    db -e "ANALYZE TABLE packages, package_versions, package_version_assets, package_version_dependencies, package_dist_tags" >/dev/null
    SEED_LINES+=("database after the seed: $(db -e "SELECT CONCAT(ROUND(SUM(data_length + index_length) / 1048576), ' MiB in tables')
        FROM information_schema.tables WHERE table_schema = 'granary'"); InnoDB buffer pool $(db -e \
        "SELECT CONCAT(ROUND(@@innodb_buffer_pool_size / 1048576), ' MiB')")")
    # Workers notice a change made outside Granary within their counters' max age (1 s).
    sleep 2
}

# ----------------------------------------------------------------------------- GET rows
KEYS=()
LABELS=()
NEAR_URLS=()
BIG_URLS=()
HEADERS=()
add_get() {
    KEYS+=("$1") LABELS+=("$2") NEAR_URLS+=("$3") BIG_URLS+=("$4")
    shift 4
    local IFS=$'\n'
    HEADERS+=("$*")
}

define_gets() {
    local near="$STACK/d/$NEAR_DOMAIN-$ACCOUNT" big="$STACK/d/$BIG_DOMAIN-$ACCOUNT" mid
    mid="scale-$(printf '%05d' $((PACKAGES / 2)))"
    BIG_PYPI_PACKAGE="$mid"
    BIG_NPM_PACKAGE="scale-$(printf '%05d' $(((NPM_PACKAGES + 1) / 2)))"
    NEAR_BASIC="Authorization: Basic $(printf 'aws:%s' "$NEAR_TOKEN" | base64 -w0)"
    BIG_BASIC="Authorization: Basic $(printf 'aws:%s' "$BIG_TOKEN" | base64 -w0)"
    local gz="Accept-Encoding: gzip, deflate" abbreviated="Accept: application/vnd.npm.install-v1+json" last="1.0.$((VERSIONS - 1))"
    # Each GET is defined with the near-empty side's headers; the big side's token replaces it.
    add_get pypi-page "PyPI project page as pip asks for it ($VERSIONS versions; Basic, gzip)" \
        "$near/pypi/pkgs/simple/bench-pkg/" "$big/pypi/pypi-1m/simple/$BIG_PYPI_PACKAGE/" "$NEAR_BASIC" "$gz"
    add_get npm-packument "npm packument as npm install asks for it ($VERSIONS versions; Bearer, abbreviated, gzip)" \
        "$near/npm/pkgs/bench-pkg" "$big/npm/npm-1m/$BIG_NPM_PACKAGE" "Authorization: Bearer $NEAR_TOKEN" "$abbreviated" "$gz"
    add_get pypi-file "PyPI wheel download (Basic)" \
        "$near/pypi/pkgs/files/bench-pkg/$last/bench_pkg-$last-py3-none-any.whl" \
        "$big/pypi/pypi-1m/files/$BIG_PYPI_PACKAGE/$last/${BIG_PYPI_PACKAGE//-/_}-$last-py3-none-any.whl" "$NEAR_BASIC"
    add_get npm-tarball "npm tarball download (Bearer)" \
        "$near/npm/pkgs/bench-pkg/-/bench-pkg-$last.tgz" "$big/npm/npm-1m/$BIG_NPM_PACKAGE/-/$BIG_NPM_PACKAGE-$last.tgz" \
        "Authorization: Bearer $NEAR_TOKEN"
}

big_headers() {
    local headers="$1"
    headers="${headers//$NEAR_BASIC/$BIG_BASIC}"
    printf '%s' "${headers//Bearer $NEAR_TOKEN/Bearer $BIG_TOKEN}"
}

# Every GET answers 200 on both sides, the big one with the same shape (its page lists
# VERSIONS files, its packument VERSIONS versions).
check_gets() {
    local i side url headers args line
    for i in "${!KEYS[@]}"; do
        for side in near big; do
            if [[ "$side" == near ]]; then url="${NEAR_URLS[$i]}" headers="${HEADERS[$i]}"; else url="${BIG_URLS[$i]}" headers="$(big_headers "${HEADERS[$i]}")"; fi
            args=()
            while IFS= read -r line; do [[ -n "$line" ]] && args+=(-H "$line"); done <<<"$headers"
            curl -fsS --compressed --max-time 60 -o "$STATE/check" "${args[@]}" "$url" || die "GET $url ($side) failed"
            case "${KEYS[$i]}" in
            pypi-page) [[ "$(grep -o '<a ' "$STATE/check" | wc -l)" == "$VERSIONS" ]] || die "$url does not link $VERSIONS files" ;;
            npm-packument)
                python3 -c 'import json, sys; sys.exit(len(json.load(open(sys.argv[1]))["versions"]) != int(sys.argv[2]))' \
                    "$STATE/check" "$VERSIONS" || die "$url does not list $VERSIONS versions" ;;
            esac
        done
    done
    rm -f "$STATE/check"
}

# Pids whose process trees are the bench (bench/othercpu.py): the stack and this script.
bench_pids() {
    local f
    for f in "$STATE/pid/nginx.pid" "$STATE/pid/mariadbd.pid" "$STATE"/pid/worker-*.pid; do
        cat "$f" 2>/dev/null || true
    done
    printf '%s\n' "$$"
}

# Run a command with its output into OUT; print the % of all CPUs that processes outside the
# bench used meanwhile.
other_cpu_during() {
    local out="$1" pids
    shift
    mapfile -t pids < <(bench_pids)
    python3 "$BENCH_DIR/othercpu.py" snap "$STATE/other0.json" "${pids[@]}"
    "$@" >"$out" || return 1
    python3 "$BENCH_DIR/othercpu.py" snap "$STATE/other1.json" "${pids[@]}"
    python3 "$BENCH_DIR/othercpu.py" diff "$STATE/other0.json" "$STATE/other1.json" | cut -d' ' -f1
}

measure_gets() {
    local r i side url headers result other rps p50 p99 errors
    mkdir -p "$STATE/wrk"
    for ((r = 1; r <= RUNS; r++)); do
        for i in "${!KEYS[@]}"; do
            for side in small big; do
                if [[ "$side" == small ]]; then url="${NEAR_URLS[$i]}" headers="${HEADERS[$i]}"; else url="${BIG_URLS[$i]}" headers="$(big_headers "${HEADERS[$i]}")"; fi
                other="$(other_cpu_during "$STATE/wrk/$r-$i-$side.result" \
                    wrk_latency "$url" "$headers" "$STATE/wrk/$r-$i-$side.txt" "$THREADS" "$CONNECTIONS" "$DURATION")"
                result="$(cat "$STATE/wrk/$r-$i-$side.result")"
                read -r rps p50 p99 errors <<<"$result"
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${KEYS[$i]}" "${LABELS[$i]}" "$side" "$p50" "$p99" "$rps" "$errors" "$other" \
                    >>"$STATE/gets.tsv"
                log "run $r/$RUNS ${KEYS[$i]} ($side): $rps req/s, p50 $p50, p99 $p99, $errors errors, other CPU $other%"
            done
        done
    done
}

write_config() {
    (
        # shellcheck disable=SC1091
        . "$STATE/env"
        export STACK ACCOUNT VERSIONS PACKAGES NEAR_DOMAIN NEAR_TOKEN BIG_DOMAIN BIG_TOKEN BIG_PYPI_PACKAGE BIG_NPM_PACKAGE
        python3 - "$STATE/scale.json" <<'EOF'
import json, os, sys
e = os.environ
def side(domain, token, pypi_repo, npm_repo, pypi_package, npm_package, packages):
    return {"domain": domain, "owner": e["ACCOUNT"], "token": token, "pypi_repo": pypi_repo, "npm_repo": npm_repo,
            "pypi_package": pypi_package, "npm_package": npm_package, "versions": int(e["VERSIONS"]), "packages": packages}
json.dump({"stack": e["STACK"], "region": e["AWS_DEFAULT_REGION"], "access_key": e["AWS_ACCESS_KEY_ID"],
           "secret_key": e["AWS_SECRET_ACCESS_KEY"],
           "sides": {"small": side(e["NEAR_DOMAIN"], e["NEAR_TOKEN"], "pkgs", "pkgs", "bench-pkg", "bench-pkg", 2),
                     "big": side(e["BIG_DOMAIN"], e["BIG_TOKEN"], "pypi-1m", "npm-1m", e["BIG_PYPI_PACKAGE"], e["BIG_NPM_PACKAGE"],
                                 int(e["PACKAGES"]))}}, open(sys.argv[1], "w"))
EOF
    )
}

measure_sequential() {
    write_config
    if [[ "$PARTS" == *" calls "* ]]; then
        CALLS_OTHER="$(other_cpu_during /dev/null python3 "$BENCH_DIR/scale_requests.py" calls "$STATE/scale.json" "$CALLS" "$STATE/seq.tsv")"
    fi
    if [[ "$PARTS" == *" writes "* ]]; then
        WRITES_OTHER="$(other_cpu_during /dev/null python3 "$BENCH_DIR/scale_requests.py" writes "$STATE/scale.json" "$WRITES" "$STATE/seq.tsv")"
    fi
    log "API calls: other CPU $CALLS_OTHER%; writes: other CPU $WRITES_OTHER%"
}

report() {
    {
        echo "machine: $(machine_line)"
        echo "stack: ${GRANARY_WORKERS:-2} worker processes × ${GRANARY_META_THREADS:-16} metadata threads; plain HTTP on 127.0.0.1"
        printf -- '- %s\n' "${SEED_LINES[@]}"
        echo
        python3 "$BENCH_DIR/scale_report.py" "$STATE/gets.tsv" "$STATE/seq.tsv" \
            "wrk --latency -t$THREADS -c$CONNECTIONS -d${DURATION}s, $RUNS runs per side (interleaved), mean of the runs" \
            "$CALLS sequential calls per side (interleaved); other CPU $CALLS_OTHER%" \
            "$WRITES sequential rounds per side (interleaved); other CPU $WRITES_OTHER%"
    } | tee "${BENCH_OUT:-/dev/null}"
}

main() {
    check_knobs
    ensure_base_tools
    python3 -c 'import botocore' 2>/dev/null || die "the Python module botocore is missing: pip install botocore (the aws CLI's)"
    command -v mariadb >/dev/null || die "the mariadb client is missing (run scripts/install-deps.sh)"
    install_traps
    start_stack
    setup_near
    seed
    define_gets
    check_gets
    : >"$STATE/gets.tsv"
    : >"$STATE/seq.tsv"
    if [[ "$PARTS" == *" gets "* ]]; then measure_gets; fi
    measure_sequential
    report
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
