#!/usr/bin/env bash
# Granary's local stack: MariaDB (private datadir), `granary serve` worker processes and nginx,
# all started in the background from one state directory and stopped by pid.
#
#   scripts/stack.sh up | down | status | restart-workers | restart-db | env
#
# Knobs (environment): GRANARY_STATE (.run), GRANARY_HTTP_PORT (8080), GRANARY_HTTPS_PORT (8443),
# GRANARY_LISTEN (127.0.0.1), GRANARY_WORKERS (2), GRANARY_META_THREADS (16),
# GRANARY_UPLOAD_THREADS (8), GRANARY_DIAGNOSTICS (0), GRANARY_BIN (.build/release/granary),
# GRANARY_REGION (us-east-1), GRANARY_TLS_CERT + GRANARY_TLS_KEY (+ GRANARY_TLS_CA) for a real
# certificate, GRANARY_META_MAX_BODY (10m), GRANARY_UPLOAD_MAX_BODY (2g),
# GRANARY_UPLOAD_CONN_PER_CLIENT (= upload threads), GRANARY_PUBLIC_ENDPOINT,
# GRANARY_SHUTDOWN_GRACE (20), GRANARY_START_TIMEOUT (60), GRANARY_DISPATCHERS (1: event
# dispatcher processes, `granary dispatch`).
# Event delivery: GRANARY_EVENTS_ALLOW_NETWORKS (CIDRs of loopback/private networks webhooks may
# reach; none), GRANARY_EVENTS_RETRY_INITIAL (1 s) and GRANARY_EVENTS_RETRY_MAX (60 s) backoff,
# GRANARY_EVENTS_TIMEOUT (5 s per attempt), GRANARY_EVENTS_DELIVERY_THREADS (4),
# GRANARY_EVENTS_DELIVERED_RETENTION (86400 s), GRANARY_EVENTS_DEAD_RETENTION (14 days),
# GRANARY_EVENTS_BUS_RETENTION (7 days: the pull feed's reach).
# External connections: GRANARY_CONNECTION_<NAME>=URL (public:<name>, e.g. GRANARY_CONNECTION_PYPI=
# https://mirror.example/simple/, GRANARY_CONNECTION_NPMJS=https://npm.example/), and
# GRANARY_UPSTREAM_CA_BUNDLE, GRANARY_UPSTREAM_TTL (300 s), GRANARY_UPSTREAM_NEGATIVE_TTL (60 s),
# GRANARY_UPSTREAM_TIMEOUT (20 s), GRANARY_UPSTREAM_DOWNLOAD_TIMEOUT (600 s), and the guard on
# those fetches: GRANARY_UPSTREAM_ALLOW_NETWORKS (comma-separated CIDRs of loopback/private
# networks fetches may reach; none), GRANARY_UPSTREAM_MAX_BYTES (a file; = GRANARY_UPLOAD_MAX_BODY),
# GRANARY_UPSTREAM_MAX_INDEX_BYTES (an index document; 64m).
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
# Everything made here or by the processes started here (MariaDB, workers, nginx) is private:
# nginx's workers run as this user (scripts/lib/nginx.sh), so nobody else needs to read a thing.
umask 077

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Only the standard library is needed here; Debian's interpreter starts ~10x faster than a shim.
PY="$(command -v /usr/bin/python3 || command -v python3)"

log() { printf '%s\n' "$*" >&2; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/common.sh
. "$REPO/scripts/lib/common.sh"
# shellcheck source=lib/mariadb.sh
. "$REPO/scripts/lib/mariadb.sh"
# shellcheck source=lib/workers.sh
. "$REPO/scripts/lib/workers.sh"
# shellcheck source=lib/nginx.sh
. "$REPO/scripts/lib/nginx.sh"
# shellcheck source=lib/dispatch.sh
. "$REPO/scripts/lib/dispatch.sh"

# ----------------------------------------------------------------------------- env + info
write_env() {
    (
        umask 077
        {
            echo "# Granary local stack ($STATE); source this file."
            printf 'export GRANARY_ENDPOINT=%q\n' "http://$LOCAL_HOST:$HTTP_PORT"
            printf 'export GRANARY_ENDPOINT_TLS=%q\n' "https://$LOCAL_HOST:$HTTPS_PORT"
            printf 'export GRANARY_CA_BUNDLE=%q\n' "$CA_BUNDLE"
            printf 'export AWS_ACCESS_KEY_ID=%q\n' "$BS_KEY"
            printf 'export AWS_SECRET_ACCESS_KEY=%q\n' "$BS_SECRET"
            printf 'export AWS_DEFAULT_REGION=%q\n' "$REGION"
            printf 'export GRANARY_ACCOUNT=%q\n' "$BS_ACCOUNT"
            # The aws CLI and boto3 then talk to this stack with no extra flags.
            printf 'export AWS_ENDPOINT_URL_CODEARTIFACT=%q\n' "https://$LOCAL_HOST:$HTTPS_PORT"
            printf 'export AWS_ENDPOINT_URL_EVENTBRIDGE=%q\n' "https://$LOCAL_HOST:$HTTPS_PORT"
            [[ -n "$CA_BUNDLE" ]] && printf 'export AWS_CA_BUNDLE=%q\n' "$CA_BUNDLE"
            printf 'export GRANARY_CONFIG=%q\n' "$CONFIG"
            # The admin CLI, whole: the binary finds its config through GRANARY_CONFIG, which
            # works whatever the position of the subcommand's own flags.
            printf 'export GRANARY_CLI=%q\n' "env GRANARY_CONFIG=$CONFIG $BIN"
        } >"$ENV_FILE.tmp"
        mv "$ENV_FILE.tmp" "$ENV_FILE"
    )
}

print_info() {
    cat <<EOF
Granary is running (state: $STATE)
  HTTP          http://$LOCAL_HOST:$HTTP_PORT
  HTTPS         https://$LOCAL_HOST:$HTTPS_PORT   (CA bundle: ${CA_BUNDLE:-system})
  account       ${BS_ACCOUNT:-?}
  access key    ${BS_KEY:-?}
  secret key    ${BS_SECRET:-?}
  region        $REGION
  try           curl --cacert ${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt} https://$LOCAL_HOST:$HTTPS_PORT/healthz
  shell         source $ENV_FILE   # then: \$GRANARY_CLI admin accounts list
  logs          $LOG_DIR/
EOF
}

# ----------------------------------------------------------------------------- commands
cmd_up() {
    require_bin
    ensure_dirs
    ensure_master_key
    ensure_certs
    write_config
    mysql_init_datadir
    mysql_start
    mysql_ensure_app_user
    run_migrate
    run_bootstrap
    workers_up
    nginx_up
    workers_trim
    dispatchers_up
    load_bootstrap
    write_env
    print_info
}

cmd_down() {
    local n
    [[ -d "$STATE" ]] || return 0
    dispatchers_down
    nginx_stop
    for n in $(worker_instances); do
        worker_stop "$n"
    done
    mysql_stop
}

status_line() { # NAME PID
    if [[ -n "$2" ]]; then
        printf '%-10s running (pid %s)\n' "$1" "$2"
    else
        printf '%-10s stopped\n' "$1"
        STATUS_RC=3
    fi
}

cmd_status() {
    local n
    STATUS_RC=0
    status_line mariadbd "$(mysql_pid)"
    for n in $(worker_instances_all); do
        status_line "worker-$n" "$(worker_pid "$n")"
    done
    status_line nginx "$(nginx_pid)"
    for ((n = 0; n < DISPATCHERS; n++)); do
        status_line "dispatch-$n" "$(dispatcher_pid "$n")"
    done
    return "$STATUS_RC"
}

cmd_restart_workers() {
    require_bin
    [[ -f "$CONFIG" ]] || die "no $CONFIG: run 'scripts/stack.sh up' first"
    workers_restart
    dispatchers_restart
}

cmd_restart_db() {
    [[ -d "$DATADIR/mysql" ]] || die "no MariaDB datadir in $DATADIR: run 'scripts/stack.sh up' first"
    mysql_stop
    mysql_start
}

cmd_env() {
    [[ -f "$CONFIG" ]] || die "no $CONFIG: run 'scripts/stack.sh up' first"
    load_bootstrap
    write_env
    print_info
}

main() {
    local cmd="${1:-}"
    load_settings
    case "$cmd" in
        up | down | restart-workers | restart-db | env) lock_state "$cmd" ;;
        status) ;;
        *)
            echo "usage: $0 up|down|status|restart-workers|restart-db|env" >&2
            exit 2
            ;;
    esac
    case "$cmd" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        restart-workers) cmd_restart_workers ;;
        restart-db) cmd_restart_db ;;
        env) cmd_env ;;
    esac
}

main "$@"
