# shellcheck shell=bash disable=SC2034  # globals used by the other parts
# Settings, process helpers, the state directory and granary.json.
# Sourced by scripts/stack.sh (which sets REPO, PY, log, die and runs load_settings).

# ----------------------------------------------------------------------------- settings
load_settings() {
    STATE="$(realpath -m -s "${GRANARY_STATE:-$REPO/.run}")"
    HTTP_PORT="${GRANARY_HTTP_PORT:-8080}"
    HTTPS_PORT="${GRANARY_HTTPS_PORT:-8443}"
    LISTEN="${GRANARY_LISTEN:-127.0.0.1}"
    WORKERS="${GRANARY_WORKERS:-2}"
    META_THREADS="${GRANARY_META_THREADS:-16}"
    UPLOAD_THREADS="${GRANARY_UPLOAD_THREADS:-8}"
    DIAGNOSTICS="${GRANARY_DIAGNOSTICS:-0}"
    BIN="$(realpath -m -s "${GRANARY_BIN:-$REPO/.build/release/granary}")"
    REGION="${GRANARY_REGION:-us-east-1}"
    META_MAX_BODY="${GRANARY_META_MAX_BODY:-10m}"
    UPLOAD_MAX_BODY="${GRANARY_UPLOAD_MAX_BODY:-2g}"
    UPLOAD_CONN_PER_CLIENT="${GRANARY_UPLOAD_CONN_PER_CLIENT:-$UPLOAD_THREADS}"
    SHUTDOWN_GRACE="${GRANARY_SHUTDOWN_GRACE:-20}"
    START_TIMEOUT="${GRANARY_START_TIMEOUT:-60}"
    DISPATCHERS="${GRANARY_DISPATCHERS:-1}"

    local knob
    for knob in HTTP_PORT HTTPS_PORT WORKERS META_THREADS UPLOAD_THREADS UPLOAD_CONN_PER_CLIENT \
                SHUTDOWN_GRACE START_TIMEOUT DISPATCHERS; do
        [[ "${!knob}" =~ ^[0-9]+$ ]] || die "$knob must be a number, got '${!knob}'"
    done
    ((WORKERS >= 1 && WORKERS <= 999)) || die "GRANARY_WORKERS must be 1..999"
    [[ "$DIAGNOSTICS" == 0 || "$DIAGNOSTICS" == 1 ]] || die "GRANARY_DIAGNOSTICS must be 0 or 1"

    # Address used to reach our own listeners.
    case "$LISTEN" in
        0.0.0.0 | '*') LOCAL_HOST=127.0.0.1 ;;
        '[::]') LOCAL_HOST='[::1]' ;;
        *) LOCAL_HOST="$LISTEN" ;;
    esac
    PUBLIC_ENDPOINT="${GRANARY_PUBLIC_ENDPOINT:-https://$LOCAL_HOST:$HTTPS_PORT}"

    MYSQL_DIR="$STATE/mysql"
    DATADIR="$MYSQL_DIR/data"
    BLOB_DIR="$STATE/blobs"
    LOG_DIR="$STATE/log"
    PID_DIR="$STATE/pid"
    CERT_DIR="$STATE/certs"
    NGINX_DIR="$STATE/nginx"
    CONFIG="$STATE/granary.json"
    BOOTSTRAP="$STATE/bootstrap.json"
    MASTER_KEY="$STATE/master.key"
    ENV_FILE="$STATE/env"

    # Unix socket paths must stay under 108 bytes (longest: .../sock/upload-999.sock). A longer
    # state path keeps its sockets in a private directory under /tmp, made by mktemp -d and named
    # in $STATE/socket-root (ensure_socket_root makes and checks it).
    if (( ${#STATE} + 24 <= 100 )); then
        SOCK_FALLBACK=0 SOCK_ROOT=""
        SOCK_DIR="$STATE/sock"
        MYSQL_SOCK="$MYSQL_DIR/mysqld.sock"
    else
        SOCK_FALLBACK=1 SOCK_ROOT="$(cat "$STATE/socket-root" 2>/dev/null || true)"
        SOCK_DIR="$SOCK_ROOT/sock"
        MYSQL_SOCK="$SOCK_ROOT/mysqld.sock"
    fi

    if [[ -n "${GRANARY_TLS_CERT:-}" || -n "${GRANARY_TLS_KEY:-}" ]]; then
        [[ -n "${GRANARY_TLS_CERT:-}" && -n "${GRANARY_TLS_KEY:-}" ]] ||
            die "set both GRANARY_TLS_CERT and GRANARY_TLS_KEY"
        TLS_CERT="$(realpath -m "$GRANARY_TLS_CERT")"
        TLS_KEY="$(realpath -m "$GRANARY_TLS_KEY")"
        CA_BUNDLE="${GRANARY_TLS_CA:+$(realpath -m "$GRANARY_TLS_CA")}"
    else
        TLS_CERT="$CERT_DIR/server.crt"
        TLS_KEY="$CERT_DIR/server.key"
        CA_BUNDLE="$CERT_DIR/ca.crt"
    fi
}

# ----------------------------------------------------------------------------- processes
# True if PID is alive (zombies count as dead).
pid_alive() {
    local pid="$1" state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/stat" ]] || return 1
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ "$state" != Z && "$state" != X ]]
}

# True if PID is alive and its command line contains NEEDLE (guards against pid reuse).
pid_matches() {
    local pid="$1" needle="$2"
    pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}

read_pid() {
    if [[ -s "$1" ]]; then tr -dc '0-9' <"$1" 2>/dev/null || true; fi
}

# Send TERM (or SIG), wait up to TIMEOUT seconds, then KILL.
stop_pid() {
    local pid="$1" timeout="$2" what="$3" sig="${4:-TERM}" i
    pid_alive "$pid" || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 10; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    log "stack: $what (pid $pid) did not stop within ${timeout}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    die "$what (pid $pid) survived SIGKILL"
}

tail_log() {
    local file="$1"
    [[ -f "$file" ]] || return 0
    log "---- last lines of $file"
    tail -n 30 "$file" >&2 || true
    log "----"
}

# Start a command detached from this script: own session, no inherited stdio or lock fd.
spawn() {
    local logfile="$1"
    shift
    setsid nohup "$@" </dev/null >>"$logfile" 2>&1 9>&- &
    SPAWNED_PID=$!
}

# Spawns `granary …` (the rest of the arguments) logging to LOGFILE and waits until it wrote
# its pid into PIDFILE (it does once it is ready), then records the fingerprint it runs with in
# FINGERPRINT_FILE. WHAT names it in messages. Sets SPAWNED_PID; dies if it exits or is silent.
spawn_ready() {
    local what="$1" pidf="$2" logf="$3" fpf="$4" pid i
    shift 4
    spawn "$logf" "$@"
    pid=$SPAWNED_PID
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if [[ "$(read_pid "$pidf")" == "$pid" ]]; then
            FINGERPRINT="${FINGERPRINT:-$(fingerprint)}"
            printf '%s\n' "$FINGERPRINT" >"$fpf"
            return 0
        fi
        if ! pid_alive "$pid"; then
            tail_log "$logf"
            die "$what exited during start-up"
        fi
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    tail_log "$logf"
    die "$what wrote no pid file within ${START_TIMEOUT}s"
}

# ----------------------------------------------------------------------------- instances
# Numbered processes of one kind (worker, dispatcher), each known by its pid file
# $PID_DIR/KIND-N.pid and the fingerprint of what it was started from.
instance_pidfile() { printf '%s' "$PID_DIR/$1-$2.pid"; }

# The pid of KIND N if that process is alive and was started with its pid file.
instance_pid() {
    local pidf pid
    pidf="$(instance_pidfile "$1" "$2")"
    pid="$(read_pid "$pidf")"
    pid_matches "$pid" "--pid-file $pidf" && printf '%s' "$pid"
    return 0
}

instance_stop() {
    local kind="$1" n="$2" pid
    pid="$(instance_pid "$kind" "$n")"
    if [[ -n "$pid" ]]; then
        stop_pid "$pid" $((SHUTDOWN_GRACE + 10)) "$kind $n"
        log "stack: $kind $n stopped"
    fi
    rm -f "$(instance_pidfile "$kind" "$n")" "$PID_DIR/$kind-$n.fingerprint"
}

# Instance numbers of KIND that have a pid file.
instance_numbers() {
    local f
    for f in "$PID_DIR/$1"-*.pid; do
        [[ -e "$f" ]] || continue
        f="${f##*/$1-}"
        printf '%s\n' "${f%.pid}"
    done | sort -n
}

# Starts instances 0..COUNT-1 of KIND that are missing with START_FN N, and replaces those
# started from another binary or config with START_FN N OLD_PID.
instances_up() {
    local kind="$1" count="$2" start_fn="$3" n pid
    FINGERPRINT="$(fingerprint)"
    for ((n = 0; n < count; n++)); do
        pid="$(instance_pid "$kind" "$n")"
        if [[ -z "$pid" ]]; then
            "$start_fn" "$n"
        elif [[ "$(cat "$PID_DIR/$kind-$n.fingerprint" 2>/dev/null)" != "$FINGERPRINT" ]]; then
            log "stack: binary or config changed: replacing $kind $n"
            "$start_fn" "$n" "$pid"
        fi
    done
    return 0
}

# ----------------------------------------------------------------------------- state dir
# The state directory is 0700 and nothing below it is readable by others (umask 077 in stack.sh;
# the workers create theirs 0600/0700). A state directory from an older version is fixed here.
ensure_dirs() {
    mkdir -p "$STATE"
    chmod 700 "$STATE"
    mkdir -p "$MYSQL_DIR" "$BLOB_DIR/sha256" "$BLOB_DIR/tmp" "$LOG_DIR" "$PID_DIR" "$CERT_DIR" \
        "$NGINX_DIR/tmp"
    ensure_socket_root
    mkdir -p "$SOCK_DIR" "$(dirname "$MYSQL_SOCK")"
    make_private "$STATE" ${SOCK_ROOT:+"$SOCK_ROOT"}
}

# Takes group and other bits off everything below the given directories that has any (a walk
# that finds nothing to change on every `up` after the first).
make_private() {
    # (A file that a running worker removes meanwhile makes find fail: not a reason to stop.)
    find "$@" -perm /077 ! -type l -exec chmod go-rwx {} + 2>/dev/null || true
}

# The fallback socket directory: reused only if it is a real directory of ours, mode 0700 (a
# name in /tmp could have been made by anyone); made afresh by mktemp -d when there is none.
ensure_socket_root() {
    ((SOCK_FALLBACK)) || return 0
    if [[ -n "$SOCK_ROOT" && ( -e "$SOCK_ROOT" || -L "$SOCK_ROOT" ) ]]; then
        check_socket_root "$SOCK_ROOT"
        return 0
    fi
    SOCK_ROOT="$(mktemp -d /tmp/granary-XXXXXXXXXX)" || die "mktemp -d failed in /tmp"
    printf '%s\n' "$SOCK_ROOT" >"$STATE/socket-root.tmp"
    mv "$STATE/socket-root.tmp" "$STATE/socket-root"
    SOCK_DIR="$SOCK_ROOT/sock"
    MYSQL_SOCK="$SOCK_ROOT/mysqld.sock"
    log "stack: state path too long for unix sockets: sockets in $SOCK_ROOT"
}

check_socket_root() {
    local dir="$1" owner mode
    [[ "$dir" == /* ]] || die "$STATE/socket-root names '$dir', not an absolute path"
    [[ ! -L "$dir" ]] || die "socket directory $dir is a symbolic link: refusing it (remove it and $STATE/socket-root)"
    [[ -d "$dir" ]] || die "socket directory $dir is not a directory: refusing it"
    read -r owner mode < <(stat -c '%u %a' "$dir")
    [[ "$owner" == "$EUID" ]] || die "socket directory $dir belongs to uid $owner, not $EUID: refusing it"
    [[ "$mode" == 700 ]] || die "socket directory $dir has mode $mode, not 700: refusing it"
}

lock_state() {
    [[ -d "$STATE" || "$1" != down ]] || exit 0
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    flock -w 300 9 || die "another stack.sh holds $STATE/.lock"
}

ensure_master_key() {
    [[ -s "$MASTER_KEY" ]] && return 0
    (
        umask 077
        head -c 32 /dev/urandom >"$MASTER_KEY.tmp"
        mv "$MASTER_KEY.tmp" "$MASTER_KEY"
    )
    log "stack: created $MASTER_KEY"
}

ensure_certs() {
    if [[ -n "${GRANARY_TLS_CERT:-}" ]]; then
        [[ -r "$TLS_CERT" && -r "$TLS_KEY" ]] || die "cannot read $TLS_CERT / $TLS_KEY"
        return 0
    fi
    [[ -s "$CERT_DIR/server.crt" && -s "$CERT_DIR/server.key" && -s "$CERT_DIR/ca.crt" ]] && return 0
    log "stack: creating a local CA and a server certificate for 127.0.0.1/localhost"
    local d="$CERT_DIR"
    (
        umask 077
        openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
            -keyout "$d/ca.key" -out "$d/ca.crt" -days 3650 -subj "/CN=Granary local CA" \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -addext "subjectKeyIdentifier=hash" 2>/dev/null
        openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
            -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=localhost" 2>/dev/null
        cat >"$d/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
        openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
            -CAcreateserial -out "$d/server.crt" -days 825 -extfile "$d/server.ext" 2>/dev/null
        rm -f "$d/server.csr" "$d/server.ext" "$d/ca.srl"
    ) || die "openssl failed to create certificates in $d"
}

# ----------------------------------------------------------------------------- config
json_get() { # FILE DOTTED.KEY... -> one line per key ('' if missing)
    "$PY" - "$@" <<'EOF'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    doc = {}
for path in sys.argv[2:]:
    v = doc
    try:
        for k in path.split("."):
            v = v[k]
    except (KeyError, TypeError):
        v = None
    print("" if v is None else v)
EOF
}

# Sets BS_KEY, BS_SECRET, BS_ACCOUNT from bootstrap.json (empty when it is missing).
load_bootstrap() {
    BS_KEY="" BS_SECRET="" BS_ACCOUNT=""
    [[ -s "$BOOTSTRAP" ]] || return 0
    { read -r BS_KEY; read -r BS_SECRET; read -r BS_ACCOUNT; } < <(json_get "$BOOTSTRAP" accessKeyId secretAccessKey accountId)
}

db_password() {
    local pw=""
    [[ -f "$CONFIG" ]] && pw="$(json_get "$CONFIG" database.password)"
    [[ -n "$pw" ]] || pw="$(openssl rand -hex 24)"
    printf '%s' "$pw"
}

write_config() {
    local pw
    pw="$(db_password)"
    DB_PASSWORD="$pw"
    (
        umask 077
        C_REGION="$REGION" C_STATE="$STATE" C_BLOBS="$BLOB_DIR" C_SQL="$REPO/sql" C_SOCKS="$SOCK_DIR" \
        C_KEY="$MASTER_KEY" C_DBSOCK="$MYSQL_SOCK" C_DBPW="$pw" C_META="$META_THREADS" \
        C_UPLOAD="$UPLOAD_THREADS" C_DIAG="$DIAGNOSTICS" C_PUBLIC="$PUBLIC_ENDPOINT" \
        C_GRACE="$SHUTDOWN_GRACE" C_UPLOAD_MAX="$UPLOAD_MAX_BODY" "$PY" - "$CONFIG.tmp" <<'EOF'
import json, os, re, sys
e = os.environ
cfg = {
    "region": e["C_REGION"],
    "stateDir": e["C_STATE"],
    "blobDir": e["C_BLOBS"],
    "sqlDir": e["C_SQL"],
    "socketDir": e["C_SOCKS"],
    "masterKeyFile": e["C_KEY"],
    "database": {"socket": e["C_DBSOCK"], "host": None, "port": 3306,
                 "name": "granary", "user": "granary", "password": e["C_DBPW"]},
    "metaThreads": int(e["C_META"]),
    "uploadThreads": int(e["C_UPLOAD"]),
    "diagnostics": e["C_DIAG"] == "1",
    "publicEndpoint": e["C_PUBLIC"],
    "shutdownGraceSeconds": int(e["C_GRACE"]),
}
# External connections: GRANARY_CONNECTION_<NAME>=URL points CodeArtifact's connection
# public:<name> (upper case, "_" for "-": GRANARY_CONNECTION_PYPI, _NPMJS, _MAVEN_CENTRAL, …) at a
# registry of the site's choosing; unset ones go to the public registries.
upstream = {"connections": {"public:" + k[len("GRANARY_CONNECTION_"):].lower().replace("_", "-"): v
                            for k, v in sorted(e.items()) if k.startswith("GRANARY_CONNECTION_") and v}}
for key, env in (("caBundle", "GRANARY_UPSTREAM_CA_BUNDLE"), ("metadataTTLSeconds", "GRANARY_UPSTREAM_TTL"),
                 ("negativeTTLSeconds", "GRANARY_UPSTREAM_NEGATIVE_TTL"), ("metadataTimeoutSeconds", "GRANARY_UPSTREAM_TIMEOUT"),
                 ("downloadTimeoutSeconds", "GRANARY_UPSTREAM_DOWNLOAD_TIMEOUT")):
    if e.get(env):
        upstream[key] = e[env] if key == "caBundle" else float(e[env])
# The guard on what Granary fetches for users: special-purpose networks (loopback, private, …)
# the operator allows (comma-separated CIDRs; none by default), and size caps in nginx's size
# syntax (a package file: the upload limit by default; an index document: 64m).
def size(env, text):
    m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)\s*", text)
    if not m or int(m.group(1)) == 0:
        sys.exit(f"stack: error: {env} must be a size like 512m or 2g, got '{text}'")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]
networks = [n.strip() for n in e.get("GRANARY_UPSTREAM_ALLOW_NETWORKS", "").split(",") if n.strip()]
if networks:
    upstream["allowNetworks"] = networks
upstream["maxFileBytes"] = size("GRANARY_UPSTREAM_MAX_BYTES", e.get("GRANARY_UPSTREAM_MAX_BYTES") or e["C_UPLOAD_MAX"])
upstream["maxIndexBytes"] = size("GRANARY_UPSTREAM_MAX_INDEX_BYTES", e.get("GRANARY_UPSTREAM_MAX_INDEX_BYTES") or "64m")
cfg["upstream"] = upstream
# Event delivery (granary dispatch): webhooks are fetches on a user's behalf, guarded like
# upstreams with a list of their own (GRANARY_EVENTS_ALLOW_NETWORKS; none by default), retried
# from GRANARY_EVENTS_RETRY_INITIAL (1 s) doubling up to GRANARY_EVENTS_RETRY_MAX (60 s).
events = {}
for key, env in (("retryInitialSeconds", "GRANARY_EVENTS_RETRY_INITIAL"), ("retryMaximumSeconds", "GRANARY_EVENTS_RETRY_MAX"),
                 ("timeoutSeconds", "GRANARY_EVENTS_TIMEOUT"), ("deliveredRetentionSeconds", "GRANARY_EVENTS_DELIVERED_RETENTION"),
                 ("deadLetterRetentionSeconds", "GRANARY_EVENTS_DEAD_RETENTION"), ("busRetentionSeconds", "GRANARY_EVENTS_BUS_RETENTION")):
    if e.get(env):
        events[key] = float(e[env])
if e.get("GRANARY_EVENTS_DELIVERY_THREADS"):
    events["deliveryThreads"] = int(e["GRANARY_EVENTS_DELIVERY_THREADS"])
networks = [n.strip() for n in e.get("GRANARY_EVENTS_ALLOW_NETWORKS", "").split(",") if n.strip()]
if networks:
    events["allowNetworks"] = networks
cfg["events"] = events
# Maven: GRANARY_MAVEN_SNAPSHOT_BUILDS keeps that many of a SNAPSHOT version's newest timestamped
# builds (older ones are removed as a new one is deployed); unset or 0 keeps them all.
if e.get("GRANARY_MAVEN_SNAPSHOT_BUILDS"):
    if not e["GRANARY_MAVEN_SNAPSHOT_BUILDS"].isdigit():
        sys.exit(f"stack: error: GRANARY_MAVEN_SNAPSHOT_BUILDS must be a number of builds, got '{e['GRANARY_MAVEN_SNAPSHOT_BUILDS']}'")
    cfg["maven"] = {"snapshotBuildsKept": int(e["GRANARY_MAVEN_SNAPSHOT_BUILDS"])}
with open(sys.argv[1], "w") as f:
    json.dump(cfg, f, indent=2)
    f.write("\n")
EOF
    )
    if cmp -s "$CONFIG.tmp" "$CONFIG" 2>/dev/null; then
        rm -f "$CONFIG.tmp"
    else
        mv "$CONFIG.tmp" "$CONFIG"
    fi
}
