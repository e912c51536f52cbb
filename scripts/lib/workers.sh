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

worker_pidfile() { printf '%s' "$PID_DIR/worker-$1.pid"; }

worker_pid() {
    local pidf pid
    pidf="$(worker_pidfile "$1")"
    pid="$(read_pid "$pidf")"
    pid_matches "$pid" "--pid-file $pidf" && printf '%s' "$pid"
    return 0
}

# What a running worker was started from: binary and config contents.
fingerprint() { cat "$BIN" "$CONFIG" | sha256sum | cut -c1-64; }

# Start instance N; if OLD_PID is given, replace that process (rolling restart).
worker_start() {
    local n="$1" old="${2:-}" pidf logf pid i
    pidf="$(worker_pidfile "$n")"
    logf="$LOG_DIR/worker-$n.log"
    [[ -n "$old" ]] || rm -f "$pidf"
    spawn "$logf" "$BIN" serve --config "$CONFIG" --instance "$n" --pid-file "$pidf"
    pid=$SPAWNED_PID
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if [[ "$(read_pid "$pidf")" == "$pid" ]]; then
            FINGERPRINT="${FINGERPRINT:-$(fingerprint)}"
            printf '%s\n' "$FINGERPRINT" >"$PID_DIR/worker-$n.fingerprint"
            break
        fi
        if ! pid_alive "$pid"; then
            tail_log "$logf"
            die "worker $n exited during start-up"
        fi
        sleep 0.1
    done
    if [[ "$(read_pid "$pidf")" != "$pid" ]]; then
        kill -KILL "$pid" 2>/dev/null || true
        tail_log "$logf"
        die "worker $n wrote no pid file within ${START_TIMEOUT}s"
    fi
    if [[ -n "$old" ]]; then
        stop_pid "$old" $((SHUTDOWN_GRACE + 10)) "worker $n (old)"
        log "stack: worker $n replaced (pid $old -> $pid)"
    else
        log "stack: worker $n running (pid $pid)"
    fi
}

worker_stop() {
    local n="$1" pid
    pid="$(worker_pid "$n")"
    if [[ -n "$pid" ]]; then
        stop_pid "$pid" $((SHUTDOWN_GRACE + 10)) "worker $n"
        log "stack: worker $n stopped"
    fi
    rm -f "$(worker_pidfile "$n")" "$PID_DIR/worker-$n.fingerprint"
}

# Instance numbers that have a pid file.
worker_instances() {
    local f
    for f in "$PID_DIR"/worker-*.pid; do
        [[ -e "$f" ]] || continue
        f="${f##*/worker-}"
        printf '%s\n' "${f%.pid}"
    done | sort -n
}

workers_up() {
    local n pid
    FINGERPRINT="$(fingerprint)"
    for ((n = 0; n < WORKERS; n++)); do
        pid="$(worker_pid "$n")"
        if [[ -z "$pid" ]]; then
            worker_start "$n"
        elif [[ "$(cat "$PID_DIR/worker-$n.fingerprint" 2>/dev/null)" != "$FINGERPRINT" ]]; then
            log "stack: binary or config changed: replacing worker $n"
            worker_start "$n" "$pid"
        fi
    done
    return 0
}

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
