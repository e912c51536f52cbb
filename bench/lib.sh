# shellcheck shell=bash
# What the bench scripts share (sourced by bench/run.sh and bench/scale.sh, which set REPO and
# BENCH_DIR first): logging, free ports, the private stack's start and teardown, wrk.
#
# A script that starts processes of its own defines `stop_extras` (called first on teardown).

STATE=""
STACK_STARTED=0

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# wrk, installed with apt when missing (as root), and the tools every bench script uses.
ensure_base_tools() {
    if ! command -v wrk >/dev/null; then
        ((EUID == 0)) || die "wrk is missing: apt-get install wrk"
        log "installing wrk"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || {
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
        }
    fi
    local tool
    for tool in wrk nginx curl python3 timeout aws; do
        command -v "$tool" >/dev/null || die "$tool is missing (run scripts/install-deps.sh)"
    done
    python3 -c 'import requests' 2>/dev/null || die "the Python module requests is missing: pip install requests"
    local bin="${GRANARY_BIN:-$REPO/.build/release/granary}"
    [[ -x "$bin" ]] || die "no granary binary at $bin: build it first (make build)"
}

# A TCP port nobody listens on now, distinct from the ones already handed out.
PORTS_TAKEN=" "
free_port() {
    local port i
    for ((i = 0; i < 50; i++)); do
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        if [[ "$PORTS_TAKEN" != *" $port "* ]]; then
            PORTS_TAKEN+="$port "
            printf '%s' "$port"
            return 0
        fi
    done
    die "could not find a free port"
}

# Stop one process this script started: SIGNAL, then up to 10 s, then KILL.
stop_pid() {
    local pid="$1" signal="$2" i
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -"$signal" "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# On exit (trap), whatever happened: the script's own processes, the stack, the state dir (kept
# after a failure, not after Ctrl-C/TERM, or with BENCH_KEEP=1).
teardown() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    declare -F stop_extras >/dev/null && stop_extras
    if ((STACK_STARTED)); then
        GRANARY_STATE="$STATE" "$REPO/scripts/stack.sh" down >>"$STATE/stack.log" 2>&1 ||
            log "scripts/stack.sh down failed (see $STATE/stack.log)"
    fi
    if [[ -n "$STATE" && -d "$STATE" ]]; then
        if [[ "${BENCH_KEEP:-0}" == 1 ]] || ((rc != 0 && rc != 130 && rc != 143)); then
            log "state kept in $STATE"
        else
            # The stack may have put its sockets under /tmp/granary-<hash> (long state paths only).
            [[ -s "$STATE/socket-root" ]] && rm -rf -- "$(cat "$STATE/socket-root")"
            rm -rf -- "$STATE"
        fi
    fi
    exit "$rc"
}

install_traps() {
    trap teardown EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# A private stack (scripts/stack.sh up) in a fresh /tmp/gbench.XXXXXX, on free ports, 127.0.0.1
# only, diagnostics on; sets STATE, HTTP_PORT, HTTPS_PORT and STACK (its plain-HTTP base URL).
start_stack() {
    STATE="$(mktemp -d /tmp/gbench.XXXXXX)"
    HTTP_PORT="$(free_port)"
    HTTPS_PORT="$(free_port)"
    log "state $STATE; stack http :$HTTP_PORT https :$HTTPS_PORT"
    STACK_STARTED=1
    if ! GRANARY_STATE="$STATE" GRANARY_HTTP_PORT="$HTTP_PORT" GRANARY_HTTPS_PORT="$HTTPS_PORT" \
        GRANARY_LISTEN=127.0.0.1 GRANARY_DIAGNOSTICS=1 \
        "$REPO/scripts/stack.sh" up >"$STATE/stack.log" 2>&1; then
        tail -n 30 "$STATE/stack.log" >&2
        die "scripts/stack.sh up failed"
    fi
    STACK="http://127.0.0.1:$HTTP_PORT"
    curl -fsS -o /dev/null --max-time 5 "$STACK/healthz" || die "stack /healthz does not answer 200"
}

# The aws CLI as the stack's bootstrap admin, over plain HTTP.
stack_aws() {
    (
        # shellcheck disable=SC1091
        . "$STATE/env"
        AWS_ENDPOINT_URL_CODEARTIFACT="$STACK" aws codeartifact "$@"
    )
}

stack_account() {
    # shellcheck disable=SC1091
    (. "$STATE/env" && echo "$GRANARY_ACCOUNT")
}

machine_line() {
    local cpu mem
    cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
    mem="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    printf '%s; nproc %s; %s RAM; kernel %s; %s; %s; %s' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$mem" \
        "$(uname -r)" "${cpu:-unknown CPU}" "$(nginx -v 2>&1 | sed 's/^nginx version: //')" \
        "$(mariadbd --version 2>/dev/null | awk '{ print "MariaDB " $3 }')"
}

# wrk --latency once on URL (request headers newline-separated in HEADERS) into OUT; prints
# "REQ_PER_SEC P50 P99 ERRORS" (wrk's own units, e.g. 1.23ms; errors: non-2xx/3xx + socket).
wrk_latency() {
    local url="$1" headers="$2" out="$3" threads="$4" connections="$5" seconds="$6" extra=() line
    while IFS= read -r line; do
        [[ -n "$line" ]] && extra+=(-H "$line")
    done <<<"$headers"
    timeout $((seconds + 30)) wrk --latency -t"$threads" -c"$connections" -d"${seconds}s" "${extra[@]}" "$url" >"$out" 2>&1 ||
        die "wrk --latency failed on $url: $(tail -n 3 "$out")"
    python3 - "$out" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([0-9.]+)", text)
p50 = re.search(r"^\s*50%\s+(\S+)", text, re.M)
p99 = re.search(r"^\s*99%\s+(\S+)", text, re.M)
if not (rps and p50 and p99):
    sys.exit("no latency distribution in wrk output")
errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", text))
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors += sum(int(n) for n in sock.groups()) if sock else 0
print(f"{float(rps.group(1)):.0f} {p50.group(1)} {p99.group(1)} {errors}")
EOF
}
