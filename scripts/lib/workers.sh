# shellcheck shell=bash
# `granary` itself: migrate, bootstrap and the `serve` worker processes.
# Sourced by scripts/stack.sh (which sets REPO, PY, log, die and runs load_settings).

# ----------------------------------------------------------------------------- granary
require_bin() {
    [[ -x "$BIN" ]] || die "granary binary not found at $BIN (build it with 'make build' or set GRANARY_BIN)"
}

run_migrate() {
    if ! "$BIN" migrate --config "$CONFIG" >>"$LOG_DIR/migrate.log" 2>&1; then
        tail_log "$LOG_DIR/migrate.log"
        die "granary migrate failed"
    fi
}

run_bootstrap() {
    local out
    if ! out="$("$BIN" admin bootstrap --config "$CONFIG" 2>>"$LOG_DIR/bootstrap.log")"; then
        tail_log "$LOG_DIR/bootstrap.log"
        die "granary admin bootstrap failed"
    fi
    case "$(printf '%s' "$out" | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("created"))' 2>/dev/null)" in
        True)
            (
                umask 077
                printf '%s\n' "$out" >"$BOOTSTRAP.tmp"
                mv "$BOOTSTRAP.tmp" "$BOOTSTRAP"
            )
            log "stack: bootstrap account created; credentials saved in $BOOTSTRAP"
            ;;
        False)
            [[ -s "$BOOTSTRAP" ]] ||
                log "stack: warning: bootstrap account exists but $BOOTSTRAP is missing; create a new key with 'granary admin access-keys create'"
            ;;
        *)
            printf '%s\n' "$out" >>"$LOG_DIR/bootstrap.log"
            die "granary admin bootstrap printed no JSON with a \"created\" field (see $LOG_DIR/bootstrap.log)"
            ;;
    esac
}

worker_pid() { instance_pid worker "$1"; }

# What a running worker was started from: binary and config contents.
fingerprint() { cat "$BIN" "$CONFIG" | sha256sum | cut -c1-64; }

# Start instance N; if OLD_PID is given, replace that process (rolling restart).
worker_start() {
    local n="$1" old="${2:-}" pidf pid
    pidf="$(instance_pidfile worker "$n")"
    [[ -n "$old" ]] || rm -f "$pidf"
    spawn_ready "worker $n" "$pidf" "$LOG_DIR/worker-$n.log" "$PID_DIR/worker-$n.fingerprint" \
        "$BIN" serve --config "$CONFIG" --instance "$n" --pid-file "$pidf"
    pid=$SPAWNED_PID
    if [[ -n "$old" ]]; then
        stop_pid "$old" $((SHUTDOWN_GRACE + 10)) "worker $n (old)"
        log "stack: worker $n replaced (pid $old -> $pid)"
    else
        log "stack: worker $n running (pid $pid)"
    fi
}

worker_stop() { instance_stop worker "$1"; }

# Instance numbers that have a pid file.
worker_instances() { instance_numbers worker; }

workers_up() { instances_up worker "$WORKERS" worker_start; }

# Stops instances beyond GRANARY_WORKERS (after nginx stopped sending them requests).
workers_trim() {
    local n
    for n in $(worker_instances); do
        ((n >= WORKERS)) && worker_stop "$n"
    done
    return 0
}

# 0..GRANARY_WORKERS-1 plus any other instance that has a pid file.
worker_instances_all() {
    { seq 0 $((WORKERS - 1)); worker_instances; } | sort -nu
}

workers_restart() {
    local n pid
    FINGERPRINT="$(fingerprint)"
    for n in $(worker_instances_all); do
        pid="$(worker_pid "$n")"
        [[ -z "$pid" ]] && ((n >= WORKERS)) && continue
        worker_start "$n" "$pid"
    done
}
