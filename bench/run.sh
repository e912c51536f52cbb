#!/usr/bin/env bash
# Granary load figures, in one run on loopback (see bench/README.md):
#   1. a private stack (scripts/stack.sh up) in a temp state dir on free ports, diagnostics on;
#   2. a 1 KiB and a 1 MiB random blob uploaded through PUT /_diag/blobs;
#   3. a plain nginx serving the same blob files statically, tuned like the stack's nginx
#      (bench/static-nginx.conf.template, rendered by bench/render_static_conf.py);
#   4. a PyPI project and an npm package of 200 versions each, published over their protocols
#      with a token (bench/seed_formats.py: real wheels and tarballs), and pypiserver serving the
#      same 200 wheels from a directory on another free port (plus pypiserver under gunicorn when
#      gunicorn is installed);
#   5. wrk against: FastCGI trivial (/livez), FastCGI + one query (/healthz), X-Accel 1 KiB and
#      1 MiB (GET /_diag/blobs/<sha256>: catalog row, then nginx sends the file), a generic
#      package download with an authorization token (token, policies, lookups, then X-Accel),
#      the PyPI project page (HTML and JSON) and the npm packument (abbreviated and full) with a
#      token, pypiserver's page of the same files, nginx static 1 KiB and 1 MiB; every target
#      BENCH_RUNS times, rounds interleaved;
#   6. a Markdown table of req/s (MB/s of body for the 1 MiB rows), CPU per request, CPU used by
#      other processes meanwhile, the X-Accel/static 1 MiB ratio and the package-page ratios;
#   7. teardown on exit (trap), whatever happened.
#
#   bash bench/run.sh            # or: make bench
#
# Knobs (environment): BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_DURATION (10, seconds),
# BENCH_WARMUP (2, seconds per target, not reported), BENCH_RUNS (2), BENCH_OUT (also write the
# table to this file), BENCH_KEEP (1: keep the temp state dir), GRANARY_BIN, GRANARY_WORKERS,
# GRANARY_META_THREADS (passed through to scripts/stack.sh), BENCH_VERSIONS (200: versions of the
# PyPI project and of the npm package), BENCH_ONLY (space-separated row keys such as
# "livez pypi-html static-1m": measure only those rows, for work on one path), BENCH_LATENCY_KEYS
# (rows whose p50/p99 at BENCH_LATENCY_CONNECTIONS=64 connections follow the table; "" skips it).
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$REPO/bench"

THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-2}"
RUNS="${BENCH_RUNS:-2}"
VERSIONS="${BENCH_VERSIONS:-200}"

# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

STATIC_PID=""
PYPISERVER_PID=""
GUNICORN_PID=""

# ----------------------------------------------------------------------------- prerequisites
check_knobs() {
    local knob
    for knob in THREADS CONNECTIONS DURATION WARMUP RUNS VERSIONS; do
        [[ "${!knob}" =~ ^[0-9]+$ ]] || die "BENCH_$knob must be a number, got '${!knob}'"
    done
    ((THREADS >= 1 && CONNECTIONS >= THREADS && DURATION >= 1 && RUNS >= 1 && VERSIONS >= 1)) ||
        die "need BENCH_THREADS >= 1, BENCH_CONNECTIONS >= BENCH_THREADS, BENCH_DURATION >= 1, BENCH_RUNS >= 1, BENCH_VERSIONS >= 1"
}

ensure_tools() {
    ensure_base_tools
    command -v pypi-server >/dev/null || die "pypi-server is missing: pip install pypiserver (or run scripts/install-deps.sh)"
}

# bench/lib.sh's teardown stops these first.
stop_extras() {
    stop_pid "$PYPISERVER_PID" TERM
    stop_pid "$GUNICORN_PID" TERM
    stop_pid "$STATIC_PID" QUIT  # nginx: graceful stop
}

# ----------------------------------------------------------------------------- set-up
start_stack_and_ports() {
    start_stack
    STATIC_PORT="$(free_port)"
    PYPISERVER_PORT="$(free_port)"
    GUNICORN_PORT="$(free_port)"
    log "static nginx :$STATIC_PORT; pypiserver :$PYPISERVER_PORT"
}

# A generic package holding the 1 KiB blob, published with the aws CLI as the bootstrap admin, and
# a token for it: the row that prices token verification and policy evaluation on a download.
setup_generic() {
    local blob="$STATE/blob-1024" sha
    sha="$(sha256sum "$blob" | cut -d' ' -f1)"
    # shellcheck disable=SC1091
    GENERIC_TOKEN="$(
        . "$STATE/env"
        export AWS_ENDPOINT_URL_CODEARTIFACT="$STACK"
        aws codeartifact create-domain --domain bench >/dev/null
        aws codeartifact create-repository --domain bench --repository files >/dev/null
        aws codeartifact publish-package-version --domain bench --repository files --format generic --namespace bench \
            --package blob --package-version 1.0.0 --asset-content "$blob" --asset-name blob.bin --asset-sha256 "$sha" >/dev/null
        aws codeartifact publish-package-version --domain bench --repository files --format generic --namespace bench \
            --package blob --package-version 1.0.1 --asset-content "$STATE/blob-1048576" --asset-name blob.bin \
            --asset-sha256 "$(sha256sum "$STATE/blob-1048576" | cut -d' ' -f1)" >/dev/null
        aws codeartifact get-authorization-token --domain bench --query authorizationToken --output text
    )" || die "publishing the generic package failed"
    # shellcheck disable=SC1091
    GENERIC_URL="$STACK/d/bench-$(. "$STATE/env" && echo "$GRANARY_ACCOUNT")/generic/files/blob/1.0.0/blob.bin?namespace=bench"
    curl -fsS --max-time 10 -o "$STATE/check" -H "Authorization: Bearer $GENERIC_TOKEN" "$GENERIC_URL" ||
        die "token download of the generic package failed"
    cmp -s "$STATE/check" "$blob" || die "the generic download differs from the blob"
    GENERIC_1M_URL="${GENERIC_URL/\/1.0.0\//\/1.0.1\/}"
    curl -fsS --max-time 10 -o "$STATE/check" -H "Authorization: Bearer $GENERIC_TOKEN" "$GENERIC_1M_URL" ||
        die "token download of the 1 MiB generic asset failed"
    cmp -s "$STATE/check" "$STATE/blob-1048576" || die "the 1 MiB generic download differs from the blob"
    rm -f "$STATE/check"
}

# A PyPI project and an npm package of VERSIONS versions each, in a second repository of the same
# domain, published over their own protocols with the token (bench/seed_formats.py uploads real
# wheels twine-style and real tarballs npm-style), for the package-page rows.
setup_formats() {
    local account base
    # shellcheck disable=SC1091
    account="$(. "$STATE/env" && echo "$GRANARY_ACCOUNT")"
    (
        # shellcheck disable=SC1091
        . "$STATE/env"
        AWS_ENDPOINT_URL_CODEARTIFACT="$STACK" aws codeartifact create-repository --domain bench --repository pkgs >/dev/null
    ) || die "creating the repository pkgs failed"
    base="$STACK/d/bench-$account"
    WHEELS="$STATE/wheels"
    python3 "$BENCH_DIR/seed_formats.py" wheels "$WHEELS" "$VERSIONS" || die "writing the wheels failed"
    python3 "$BENCH_DIR/seed_formats.py" pypi "$base/pypi/pkgs/" "$GENERIC_TOKEN" "$WHEELS" 2>>"$STATE/seed.log" ||
        die "publishing the PyPI project failed: $(tail -n 3 "$STATE/seed.log")"
    python3 "$BENCH_DIR/seed_formats.py" npm "$base/npm/pkgs/" "$GENERIC_TOKEN" "$VERSIONS" 2>>"$STATE/seed.log" ||
        die "publishing the npm package failed: $(tail -n 3 "$STATE/seed.log")"
    python3 "$BENCH_DIR/seed_formats.py" maven "$base/maven/pkgs/" "$GENERIC_TOKEN" "$STATE/blob-1024" "$STATE/blob-1048576" \
        "$VERSIONS" 2>>"$STATE/seed.log" || die "deploying the Maven artifact failed: $(tail -n 3 "$STATE/seed.log")"
    python3 "$BENCH_DIR/seed_formats.py" nuget "$base/nuget/pkgs/" "$GENERIC_TOKEN" "$VERSIONS" 2>>"$STATE/seed.log" ||
        die "pushing the NuGet package failed: $(tail -n 3 "$STATE/seed.log")"
    PYPI_PAGE_URL="$base/pypi/pkgs/simple/bench-pkg/"
    PYPI_AUTH="Authorization: Basic $(printf 'aws:%s' "$GENERIC_TOKEN" | base64 -w0)"
    # The rendered HTML page is a file named by its sha256 (the ETag): the static nginx serves it
    # too, which prices the worker's part of a page request.
    PAGE_SHA="$(curl -fsS --max-time 10 -o "$STATE/page.html" -D - -H "$PYPI_AUTH" "$PYPI_PAGE_URL" |
        tr -d '\r' | sed -n 's/^[Ee][Tt]ag: "\([0-9a-f]\{64\}\)"$/\1/p')"
    [[ -n "$PAGE_SHA" ]] || die "the PyPI project page has no sha256 ETag"
    curl -fsS --max-time 10 -o "$STATE/check" "http://127.0.0.1:$STATIC_PORT/pages/${PAGE_SHA:0:2}/$PAGE_SHA" ||
        die "the static nginx does not serve the rendered page file"
    cmp -s "$STATE/check" "$STATE/page.html" || die "the rendered page file differs from the page the stack serves"
    rm -f "$STATE/check" "$STATE/page.html"
    NPM_URL="$base/npm/pkgs/bench-pkg"
    NPM_AUTH="Authorization: Bearer $GENERIC_TOKEN"
    # One file of each, as pip (Basic) and npm (Bearer) download it.
    PYPI_FILE_URL="$base/pypi/pkgs/files/bench-pkg/1.0.0/bench_pkg-1.0.0-py3-none-any.whl"
    NPM_TARBALL_URL="$base/npm/pkgs/bench-pkg/-/bench-pkg-1.0.0.tgz"
    # Maven as mvn and Gradle read it (Basic aws:TOKEN): the artifact's maven-metadata.xml and the
    # jars of 1.0.0 / 1.0.1, which hold the bytes of the 1 KiB / 1 MiB blobs.
    MAVEN_METADATA_URL="$base/maven/pkgs/com/bench/bench-lib/maven-metadata.xml"
    MAVEN_JAR_1K_URL="$base/maven/pkgs/com/bench/bench-lib/1.0.0/bench-lib-1.0.0.jar"
    MAVEN_JAR_1M_URL="$base/maven/pkgs/com/bench/bench-lib/1.0.1/bench-lib-1.0.1.jar"
    # NuGet as a v3 client restores (Basic aws:TOKEN): the flat container's version list and a .nupkg.
    NUGET_INDEX_URL="$base/nuget/pkgs/v3/flatcontainer/bench.pkg/index.json"
    NUGET_NUPKG_URL="$base/nuget/pkgs/v3/flatcontainer/bench.pkg/1.0.0/bench.pkg.1.0.0.nupkg"
    local size
    for size in 1024 1048576; do
        local url="$MAVEN_JAR_1K_URL"
        ((size == 1048576)) && url="$MAVEN_JAR_1M_URL"
        curl -fsS --max-time 10 -o "$STATE/check" -H "$PYPI_AUTH" "$url" || die "Maven download of $url failed"
        cmp -s "$STATE/check" "$STATE/blob-$size" || die "the Maven jar $url differs from the $size-byte blob"
    done
    rm -f "$STATE/check"
}

# Wait until URL answers 200 while PID lives.
wait_http() {
    local url="$1" pid="$2" what="$3" i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || die "$what exited during start-up (see $STATE/$what.log)"
        curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null && return 0
        sleep 0.2
    done
    die "$what does not answer $url"
}

# pypiserver serving the same wheel files from their directory, as pip installs it (its default
# server, whichever bottle's "auto" picks; no authentication: -a . -P .), and, when gunicorn is
# installed, the same app under gunicorn with one sync worker per CPU (pypiserver's README
# suggests gunicorn for production). Both run from this script, so their CPU counts as the bench's.
start_pypiservers() {
    pypi-server run -i 127.0.0.1 -p "$PYPISERVER_PORT" -a . -P . --disable-fallback "$WHEELS" \
        </dev/null >>"$STATE/pypiserver.log" 2>&1 &
    PYPISERVER_PID=$!
    PYPISERVER_URL="http://127.0.0.1:$PYPISERVER_PORT/simple/bench-pkg/"
    wait_http "$PYPISERVER_URL" "$PYPISERVER_PID" pypiserver
    python3 "$BENCH_DIR/seed_formats.py" check-pypiserver "$PYPISERVER_URL" "$VERSIONS" 2>>"$STATE/seed.log" ||
        die "pypiserver's page is not the expected one: $(tail -n 1 "$STATE/seed.log")"
    PYPISERVER_SERVER="$(curl -fsS -o /dev/null -D - --max-time 10 "$PYPISERVER_URL" | tr -d '\r' | sed -n 's/^[Ss]erver: //p')"
    GUNICORN_URL=""
    if python3 -c 'import gunicorn' 2>/dev/null && command -v gunicorn >/dev/null; then
        local extra=()
        gunicorn --help 2>/dev/null | grep -q -- --no-control-socket && extra=(--no-control-socket)
        gunicorn "${extra[@]}" -w "$(nproc)" -b "127.0.0.1:$GUNICORN_PORT" \
            "pypiserver:app(roots=['$WHEELS'], authenticate=[], password_file='.', disable_fallback=True)" \
            </dev/null >>"$STATE/gunicorn.log" 2>&1 &
        GUNICORN_PID=$!
        GUNICORN_URL="http://127.0.0.1:$GUNICORN_PORT/simple/bench-pkg/"
        wait_http "$GUNICORN_URL" "$GUNICORN_PID" gunicorn
        python3 "$BENCH_DIR/seed_formats.py" check-pypiserver "$GUNICORN_URL" "$VERSIONS" "pypiserver under gunicorn" 2>>"$STATE/seed.log" ||
            die "pypiserver under gunicorn does not serve the expected page"
    fi
}

# Body bytes of one GET.
body_size() {
    local url="$1" line args=()
    shift
    for line in "$@"; do args+=(-H "$line"); done
    curl -fsS -o /dev/null --max-time 30 -w '%{size_download}' "${args[@]}" "$url" || die "GET $url failed"
}

# Upload SIZE random bytes; prints the sha256 the worker reports.
upload_blob() {
    local size="$1" file="$STATE/blob-$1" out sha
    head -c "$size" /dev/urandom >"$file"
    out="$(curl -fsS --max-time 30 -X PUT -H 'Content-Type: application/octet-stream' \
        --data-binary "@$file" "$STACK/_diag/blobs")" || die "upload of $size bytes failed"
    sha="$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sha256"])')" ||
        die "upload answer has no sha256: $out"
    [[ "$sha" == "$(sha256sum "$file" | cut -c1-64)" ]] || die "worker reported sha256 $sha for $file"
    printf '%s' "$sha"
}

start_static_nginx() {
    local prefix="$STATE/static"
    mkdir -p "$prefix/tmp"
    python3 "$BENCH_DIR/render_static_conf.py" "$STATE/nginx/nginx.conf" \
        "$BENCH_DIR/static-nginx.conf.template" "$prefix/nginx.conf" \
        "PREFIX=$prefix" "LISTEN=127.0.0.1:$STATIC_PORT" "BLOB_DIR=$STATE/blobs" \
        "USER=$(id -un) $(id -gn)" || die "could not render the static nginx conf"
    nginx -t -q -p "$prefix/" -c "$prefix/nginx.conf" || die "nginx rejected $prefix/nginx.conf"
    nginx -p "$prefix/" -c "$prefix/nginx.conf" -g 'daemon off;' </dev/null >>"$prefix/nginx.out" 2>&1 &
    STATIC_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        [[ "$(cat "$prefix/nginx.pid" 2>/dev/null)" == "$STATIC_PID" ]] && return 0
        kill -0 "$STATIC_PID" 2>/dev/null || die "static nginx exited during start-up (see $prefix/error.log)"
        sleep 0.1
    done
    die "static nginx wrote no pid file"
}

# The same bytes must come back from the X-Accel path and from the static nginx.
verify_downloads() {
    local size sha path
    for size in 1024 1048576; do
        sha="${SHA[$size]}"
        path="${sha:0:2}/${sha:2:2}/$sha"
        curl -fsS --max-time 10 -o "$STATE/check" "$STACK/_diag/blobs/$sha" || die "X-Accel GET of $sha failed"
        cmp -s "$STATE/check" "$STATE/blob-$size" || die "X-Accel GET of $sha returned other bytes"
        curl -fsS --max-time 10 -o "$STATE/check" "http://127.0.0.1:$STATIC_PORT/blobs/$path" ||
            die "static GET of /blobs/$path failed"
        cmp -s "$STATE/check" "$STATE/blob-$size" || die "static GET of /blobs/$path returned other bytes"
    done
    rm -f "$STATE/check"
}

# ----------------------------------------------------------------------------- measuring
# Parallel arrays, one entry per target: key, label, request headers (if any), URL, body size.
KEYS=()
NAMES=()
HEADERS=()
URLS=()
SIZES=()
# Arguments: key, label, URL, body size, then any request headers (stored newline-separated).
add_target() {
    if [[ -n "${BENCH_ONLY:-}" && " $BENCH_ONLY " != *" $1 "* ]]; then
        return 0
    fi
    KEYS+=("$1") NAMES+=("$2") URLS+=("$3") SIZES+=("$4")
    shift 4
    local IFS=$'\n'
    HEADERS+=("$*")
}

kib() { awk -v b="$1" 'BEGIN { printf "%.0f KiB", b / 1024 }'; }

define_targets() {
    local static="http://127.0.0.1:$STATIC_PORT/blobs"
    local s1="${SHA[1024]}" s2="${SHA[1048576]}"
    add_target livez "FastCGI trivial (\`/livez\`)" "$STACK/livez" 0
    add_target healthz "FastCGI + one DB query (\`/healthz\`, SELECT 1)" "$STACK/healthz" 0
    add_target xaccel-1k "X-Accel-Redirect 1 KiB (worker: catalog SELECT; nginx: file)" "$STACK/_diag/blobs/$s1" 1024
    add_target xaccel-1m "X-Accel-Redirect 1 MiB (worker: catalog SELECT; nginx: file)" "$STACK/_diag/blobs/$s2" 1048576
    add_target generic-1k "Generic download 1 KiB with a token (token check + policy evaluation + X-Accel)" \
        "$GENERIC_URL" 1024 "Authorization: Bearer $GENERIC_TOKEN"
    add_target generic-1m "Generic download 1 MiB with a token (as generic-1k; nginx sends the file)" \
        "$GENERIC_1M_URL" 1048576 "Authorization: Bearer $GENERIC_TOKEN"
    # GetPackageVersionAsset as the aws CLI sends it: SigV4-signed by botocore once (dated ahead,
    # bench/sign_request.py) and replayed; verified in full by the worker each time.
    local api="$STACK/v1/package/version/asset?domain=bench&repository=files&format=generic&namespace=bench&package=blob&asset=blob.bin&version="
    local -a signed
    mapfile -t signed < <(. "$STATE/env" && python3 "$BENCH_DIR/sign_request.py" "${api}1.0.0")
    add_target api-asset-1k "GetPackageVersionAsset 1 KiB (SigV4, as the aws CLI signs it)" "${api}1.0.0" 1024 "${signed[@]}"
    mapfile -t signed < <(. "$STATE/env" && python3 "$BENCH_DIR/sign_request.py" "${api}1.0.1")
    add_target api-asset-1m "GetPackageVersionAsset 1 MiB (SigV4, as the aws CLI signs it)" "${api}1.0.1" 1048576 "${signed[@]}"
    local json="Accept: application/vnd.pypi.simple.v1+json" abbreviated="Accept: application/vnd.npm.install-v1+json"
    local full="Accept: application/json" size
    size="$(body_size "$PYPI_FILE_URL" "$PYPI_AUTH")"
    add_target pypi-file "PyPI wheel download as pip asks (Basic token; $(kib "$size"))" "$PYPI_FILE_URL" "$size" "$PYPI_AUTH"
    size="$(body_size "$NPM_TARBALL_URL" "$NPM_AUTH")"
    add_target npm-tarball "npm tarball download as npm asks (Bearer token; $(kib "$size"))" "$NPM_TARBALL_URL" "$size" "$NPM_AUTH"
    add_target maven-jar-1k "Maven jar download 1 KiB as mvn asks (Basic token)" "$MAVEN_JAR_1K_URL" 1024 "$PYPI_AUTH"
    add_target maven-jar-1m "Maven jar download 1 MiB as mvn asks (Basic token; nginx sends the file)" "$MAVEN_JAR_1M_URL" 1048576 "$PYPI_AUTH"
    size="$(body_size "$MAVEN_METADATA_URL" "$PYPI_AUTH")"
    add_target maven-metadata "Maven maven-metadata.xml ($VERSIONS versions, Basic token; $(kib "$size"))" "$MAVEN_METADATA_URL" "$size" "$PYPI_AUTH"
    size="$(body_size "$NUGET_INDEX_URL" "$PYPI_AUTH")"
    add_target nuget-index "NuGet flat container index.json ($VERSIONS versions, Basic token; $(kib "$size"))" "$NUGET_INDEX_URL" "$size" "$PYPI_AUTH"
    size="$(body_size "$NUGET_NUPKG_URL" "$PYPI_AUTH")"
    add_target nuget-nupkg "NuGet .nupkg download as a v3 client asks (Basic token; $(kib "$size"))" "$NUGET_NUPKG_URL" "$size" "$PYPI_AUTH"
    size="$(body_size "$PYPI_PAGE_URL" "$PYPI_AUTH")"
    add_target pypi-html "PyPI project page ($VERSIONS versions, token; HTML, $(kib "$size"))" "$PYPI_PAGE_URL" "$size" "$PYPI_AUTH"
    size="$(body_size "$PYPI_PAGE_URL" "$PYPI_AUTH" "$json")"
    add_target pypi-json "PyPI project page JSON ($VERSIONS versions, token; PEP 691, $(kib "$size"))" "$PYPI_PAGE_URL" "$size" \
        "$PYPI_AUTH" "$json"
    size="$(body_size "$NPM_URL" "$NPM_AUTH" "$abbreviated")"
    add_target npm-abbrev "npm packument abbreviated ($VERSIONS versions, token; $(kib "$size"))" "$NPM_URL" "$size" \
        "$NPM_AUTH" "$abbreviated"
    size="$(body_size "$NPM_URL" "$NPM_AUTH" "$full")"
    add_target npm-full "npm packument full ($VERSIONS versions, token; $(kib "$size"))" "$NPM_URL" "$size" "$NPM_AUTH" "$full"
    # What the clients actually receive: pip (python-requests) and npm ask for gzip, and get the
    # page's gzip twin.
    local gz="Accept-Encoding: gzip, deflate"
    size="$(body_size "$PYPI_PAGE_URL" "$PYPI_AUTH" "$gz")"
    add_target pypi-html-gzip "PyPI project page as pip asks for it (token; HTML gzip, $(kib "$size") sent)" "$PYPI_PAGE_URL" "$size" \
        "$PYPI_AUTH" "$gz"
    size="$(body_size "$NPM_URL" "$NPM_AUTH" "$abbreviated" "$gz")"
    add_target npm-abbrev-gzip "npm packument abbreviated as npm asks for it (token; gzip, $(kib "$size") sent)" "$NPM_URL" "$size" \
        "$NPM_AUTH" "$abbreviated" "$gz"
    size="$(body_size "$PYPISERVER_URL")"
    add_target pypiserver "pypiserver project page (same $VERSIONS files; default server: ${PYPISERVER_SERVER:-?}; no auth; $(kib "$size"))" \
        "$PYPISERVER_URL" "$size"
    if [[ -n "$GUNICORN_URL" ]]; then
        size="$(body_size "$GUNICORN_URL")"
        add_target pypiserver-gunicorn "pypiserver project page under gunicorn -w $(nproc) (optional production server; no auth; $(kib "$size"))" \
            "$GUNICORN_URL" "$size"
    fi
    add_target static-1k "nginx static 1 KiB (same file)" "$static/${s1:0:2}/${s1:2:2}/$s1" 1024
    add_target static-1m "nginx static 1 MiB (same file)" "$static/${s2:0:2}/${s2:2:2}/$s2" 1048576
    local page="http://127.0.0.1:$STATIC_PORT/pages/${PAGE_SHA:0:2}/$PAGE_SHA"
    size="$(body_size "$page")"
    add_target static-page "nginx static, the rendered PyPI page file (HTML, $(kib "$size"))" "$page" "$size"
}

# Pids whose process trees are the bench itself, labelled for the CPU split (bench/othercpu.py):
# the stack's nginx, its workers and MariaDB, the static nginx and pypiservers, then this script
# (wrk and whatever else it started: "client").
bench_roots() {
    local f
    printf 'nginx=%s\n' "$(cat "$STATE/pid/nginx.pid" 2>/dev/null)"
    printf 'mariadb=%s\n' "$(cat "$STATE/pid/mariadbd.pid" 2>/dev/null)"
    for f in "$STATE"/pid/worker-*.pid; do
        printf 'workers=%s\n' "$(cat "$f" 2>/dev/null)"
    done
    printf 'static-nginx=%s\n' "$STATIC_PID"
    printf 'pypiserver=%s\n' "$PYPISERVER_PID" "$GUNICORN_PID"
    printf 'client=%s\n' "$$"
}

# wrk once; prints "REQ_PER_SEC ERRORS OTHER_CPU CPU_US_PER_REQUEST SPLIT" (errors: non-2xx/3xx +
# socket errors; other CPU: % of all CPUs that processes outside the bench used meanwhile; CPU per
# request: what wrk and every server process of the bench used, divided by the requests; SPLIT: the
# same per label of bench_roots, "workers=12,nginx=30,…" µs; bench/othercpu.py).
run_wrk() {
    local url="$1" seconds="$2" out="$3" headers="${4:-}" roots other cpu_seconds extra=() line
    while IFS= read -r line; do
        [[ -n "$line" ]] && extra+=(-H "$line")
    done <<<"$headers"
    mapfile -t roots < <(bench_roots)
    python3 "$BENCH_DIR/othercpu.py" snap "$out.snap0" "${roots[@]}"
    timeout $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" "${extra[@]}" "$url" >"$out" 2>&1 ||
        die "wrk failed on $url: $(tail -n 3 "$out")"
    python3 "$BENCH_DIR/othercpu.py" snap "$out.snap1" "${roots[@]}"
    read -r other cpu_seconds split < <(python3 "$BENCH_DIR/othercpu.py" diff "$out.snap0" "$out.snap1")
    python3 - "$out" "$other" "$cpu_seconds" "$split" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
other, cpu_seconds = sys.argv[2], float(sys.argv[3])
rps = re.search(r"Requests/sec:\s+([0-9.]+)", text)
total = re.search(r"(\d+) requests in", text)
if not rps or not total:
    sys.exit("no Requests/sec in wrk output")
errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", text))
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if sock:
    errors += sum(int(n) for n in sock.groups())
requests = max(int(total.group(1)), 1)
split = ",".join(
    f"{label}={float(seconds) * 1e6 / requests:.0f}"
    for label, _, seconds in (part.partition("=") for part in sys.argv[4].split(",") if "=" in part))
print(f"{float(rps.group(1)):.1f} {errors} {other} {cpu_seconds * 1e6 / requests:.0f} {split or '-'}")
EOF
    rm -f "$out.snap0" "$out.snap1"
}

# Other processes eating CPU skew every figure (and the ratio): say so before measuring.
warn_if_busy() {
    local roots busy
    mapfile -t roots < <(bench_roots)
    python3 "$BENCH_DIR/othercpu.py" snap "$STATE/idle0.json" "${roots[@]}"
    sleep 2
    python3 "$BENCH_DIR/othercpu.py" snap "$STATE/idle1.json" "${roots[@]}"
    busy="$(python3 "$BENCH_DIR/othercpu.py" diff "$STATE/idle0.json" "$STATE/idle1.json" | cut -d' ' -f1)"
    rm -f "$STATE/idle0.json" "$STATE/idle1.json"
    if ((busy > 10)); then
        log "warning: other processes use $busy% of all CPUs right now; figures will be low and noisy"
    fi
}

measure() {
    local i r result rps errs busy cost
    mkdir -p "$STATE/wrk"
    RESULTS="$STATE/results.tsv"
    : >"$RESULTS"
    warn_if_busy
    if ((WARMUP > 0)); then
        log "warm-up: ${WARMUP}s per target"
        for i in "${!NAMES[@]}"; do
            run_wrk "${URLS[$i]}" "$WARMUP" "$STATE/wrk/warmup-$i.txt" "${HEADERS[$i]}" >/dev/null
        done
    fi
    for ((r = 1; r <= RUNS; r++)); do
        for i in "${!NAMES[@]}"; do
            result="$(run_wrk "${URLS[$i]}" "$DURATION" "$STATE/wrk/run$r-$i.txt" "${HEADERS[$i]}")"
            read -r rps errs busy cost split <<<"$result"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${KEYS[$i]}" "${NAMES[$i]}" "${SIZES[$i]}" "$r" \
                "$rps" "$errs" "$busy" "$cost" "$split" >>"$RESULTS"
            log "run $r/$RUNS  ${NAMES[$i]}: $rps req/s, $errs errors, ${cost} µs CPU/request, other processes $busy% CPU"
        done
    done
}

# ----------------------------------------------------------------------------- report
# Markdown: one row per target with every run's req/s, MB/s of body for the 1 MiB rows, CPU per
# request, errors and the CPU that other processes used meanwhile; then the X-Accel/static ratios.
report() {
    {
        echo "machine: $(machine_line)"
        echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s per run, plain HTTP on 127.0.0.1, ${RUNS} runs per row (rounds interleaved);" \
            "stack: ${GRANARY_WORKERS:-2} worker processes × ${GRANARY_META_THREADS:-16} metadata threads"
        echo "package pages: $VERSIONS versions each; $(python3 --version 2>&1), pypiserver $(pypi-server --version 2>/dev/null | tail -n 1)$(
            [[ -n "$GUNICORN_URL" ]] && printf ', gunicorn %s' "$(python3 -c 'import gunicorn; print(gunicorn.__version__)')")"
        echo
        python3 - "$RESULTS" "$RUNS" <<'EOF'
import collections, sys
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    key, name, size, run, rps, errs, other, cost, split = line.rstrip("\n").split("\t")
    row = rows.setdefault(key, {"name": name, "size": int(size), "rps": [], "errs": 0, "other": [], "cost": [], "split": {}})
    row["rps"].append(float(rps))
    row["errs"] += int(errs)
    row["other"].append(int(other))
    row["cost"].append(int(cost))
    for label, _, us in (part.partition("=") for part in split.split(",") if "=" in part):
        row["split"].setdefault(label, []).append(int(us))
runs = int(sys.argv[2])
label = " / ".join(f"run {r}" for r in range(1, runs + 1))
def fmt(v):
    return f"{v / 1000:.1f}k" if v >= 10000 else f"{v:.0f}"
def cells(values, f=str):
    return " / ".join(f(v) for v in values)
# Where a request's CPU goes: the stack's workers, its nginx and MariaDB, the static nginx (its own
# rows) and the client (wrk), mean over the runs.
SPLIT = [("workers", "workers"), ("nginx", "nginx"), ("mariadb", "MariaDB"), ("static-nginx", "static nginx"), ("client", "wrk")]
def split_cell(row):
    parts = [f"{name} {sum(row['split'][label]) / len(row['split'][label]):.0f}" for label, name in SPLIT
             if sum(row["split"].get(label, [0])) > 0]
    return " · ".join(parts) or "–"
print(f"| path | req/s ({label}) | MB/s of body | CPU µs per request | of which (µs) | errors | other CPU % |")
print("|---|---|---|---|---|---|---|")
for row in rows.values():
    mbs = cells(row["rps"], lambda v: f"{v * row['size'] / 1e6:.0f}") if row["size"] >= 1 << 20 else "–"
    print(f"| {row['name']} | {cells(row['rps'], fmt)} | {mbs} | {cells(row['cost'])} | {split_cell(row)} | {row['errs']} | {cells(row['other'])} |")
if "xaccel-1m" in rows and "static-1m" in rows:
    xa, st = rows["xaccel-1m"], rows["static-1m"]
    per_run = cells([a / b for a, b in zip(xa["rps"], st["rps"])], lambda v: f"{v:.2f}")
    cost = sum(st["cost"]) / sum(xa["cost"])
    print()
    print(f"X-Accel 1 MiB / nginx static 1 MiB, req/s: **{sum(xa['rps']) / sum(st['rps']):.2f}**"
          f" (sum of runs; per run: {per_run}; target >= 0.85)")
    print(f"same, from CPU per request (static / X-Accel; what the req/s ratio tends to when the CPUs are saturated"
          f" and nothing else runs): {cost:.2f}")

def ratio(a, b, label, target=None):
    if a not in rows or b not in rows:
        return
    x, y = rows[a], rows[b]
    per = cells([p / q for p, q in zip(x["rps"], y["rps"])], lambda v: f"{v:.2f}")
    by_cost = sum(y["cost"]) / sum(x["cost"])
    goal = f"; target >= {target}" if target is not None else ""
    print(f"{label}, req/s: **{sum(x['rps']) / sum(y['rps']):.2f}** (sum of runs; per run: {per}{goal});"
          f" from CPU per request: {by_cost:.2f}")

print()
ratio("pypi-html", "livez", "PyPI project page (HTML, token) / FastCGI trivial", 0.5)
ratio("pypi-json", "livez", "PyPI project page (JSON, token) / FastCGI trivial")
ratio("npm-abbrev", "livez", "npm packument abbreviated (token) / FastCGI trivial", 0.5)
ratio("npm-full", "livez", "npm packument full (token) / FastCGI trivial", 0.5)
ratio("pypi-html-gzip", "livez", "PyPI project page as pip asks for it (gzip) / FastCGI trivial")
ratio("npm-abbrev-gzip", "livez", "npm packument abbreviated as npm asks for it (gzip) / FastCGI trivial")
ratio("generic-1k", "livez", "Generic download 1 KiB (Bearer token) / FastCGI trivial", 0.8)
ratio("pypi-file", "livez", "PyPI wheel download (Basic token) / FastCGI trivial", 0.8)
ratio("npm-tarball", "livez", "npm tarball download (Bearer token) / FastCGI trivial", 0.8)
ratio("api-asset-1k", "livez", "GetPackageVersionAsset 1 KiB (SigV4) / FastCGI trivial", 0.8)
ratio("maven-jar-1k", "livez", "Maven jar download 1 KiB (Basic token) / FastCGI trivial", 0.8)
ratio("maven-metadata", "livez", "Maven maven-metadata.xml (Basic token) / FastCGI trivial", 0.5)
ratio("nuget-index", "livez", "NuGet flat container index.json (Basic token) / FastCGI trivial", 0.5)
ratio("nuget-nupkg", "livez", "NuGet .nupkg download (Basic token) / FastCGI trivial", 0.8)
ratio("maven-jar-1m", "static-1m", "Maven jar download 1 MiB (Basic token) / nginx static 1 MiB", 0.85)
ratio("generic-1m", "static-1m", "Generic download 1 MiB (Bearer token) / nginx static 1 MiB", 0.85)
ratio("api-asset-1m", "static-1m", "GetPackageVersionAsset 1 MiB (SigV4) / nginx static 1 MiB", 0.85)
ratio("pypi-html", "pypiserver", "Granary PyPI project page / pypiserver (default server), same files", 20)
ratio("pypi-html", "pypiserver-gunicorn", "Granary PyPI project page / pypiserver under gunicorn, same files")
ratio("pypi-html", "static-page", "Granary PyPI project page (token) / nginx static of the same rendered file")
print()
print("CPU µs per request: CPU time of wrk + every server process of the bench (nginx, workers, MariaDB) / requests;")
print("of which: the same per process group (workers, the stack's nginx, MariaDB, the static nginx, wrk), mean of the runs.")
print("other CPU %: share of all CPUs used meanwhile by processes outside the bench; anything above a few % skews req/s.")
EOF
        if [[ -s "$STATE/seed.log" ]]; then
            echo
            echo "set-up (bench/seed_formats.py):"
            sed 's/^/- /' "$STATE/seed.log"
        fi
    } | tee "${BENCH_OUT:-/dev/null}"
}

# p50 / p99 latency at BENCH_LATENCY_CONNECTIONS (64) connections for the rows in
# BENCH_LATENCY_KEYS (the pages and downloads clients wait on), after the table; one run each.
latency() {
    local keys="${BENCH_LATENCY_KEYS-pypi-html-gzip npm-abbrev-gzip maven-metadata nuget-index pypi-file npm-tarball maven-jar-1m generic-1k generic-1m api-asset-1m xaccel-1m static-1m}"
    local connections="${BENCH_LATENCY_CONNECTIONS:-64}" i result rps p50 p99 errors
    [[ -n "$keys" ]] || return 0
    echo
    echo "Latency at $connections connections (wrk --latency -t$THREADS -c$connections -d${DURATION}s, one run each):"
    echo
    echo "| path | req/s | p50 | p99 | errors |"
    echo "|---|---|---|---|---|"
    for i in "${!KEYS[@]}"; do
        [[ " $keys " == *" ${KEYS[$i]} "* ]] || continue
        result="$(wrk_latency "${URLS[$i]}" "${HEADERS[$i]}" "$STATE/wrk/latency-$i.txt" "$THREADS" "$connections" "$DURATION")"
        read -r rps p50 p99 errors <<<"$result"
        printf '| %s | %s | %s | %s | %s |\n' "${NAMES[$i]}" "$rps" "$p50" "$p99" "$errors"
    done
}

main() {
    check_knobs
    ensure_tools
    install_traps
    start_stack_and_ports
    declare -gA SHA
    SHA[1024]="$(upload_blob 1024)"
    SHA[1048576]="$(upload_blob 1048576)"
    start_static_nginx
    verify_downloads
    setup_generic
    setup_formats
    start_pypiservers
    define_targets
    measure
    report
    latency | tee -a "${BENCH_OUT:-/dev/null}"
}

# Sourcing this file (for poking at a stack by hand) defines the functions without running.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
