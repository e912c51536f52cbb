# shellcheck shell=bash
# `granary dispatch`: the event dispatcher processes (outbox → buses → rules → API destinations).
# Sourced by scripts/stack.sh (which sets REPO, PY, log, die and runs load_settings).
# GRANARY_DISPATCHERS (1) of them run; each claims work with SKIP LOCKED, so any number is safe.

dispatcher_pid() { instance_pid dispatcher "$1"; }

# Start dispatcher N (after stopping OLD_PID if given: two processes of one instance would share
# a metrics region, which is harmless, but a replacement need not overlap).
dispatcher_start() {
    local n="$1" old="${2:-}" pidf
    pidf="$(instance_pidfile dispatcher "$n")"
    if [[ -n "$old" ]]; then
        stop_pid "$old" $((SHUTDOWN_GRACE + 10)) "dispatcher $n (old)"
    fi
    rm -f "$pidf"
    spawn_ready "dispatcher $n" "$pidf" "$LOG_DIR/dispatcher-$n.log" "$PID_DIR/dispatcher-$n.fingerprint" \
        "$BIN" dispatch --config "$CONFIG" --instance "$n" --pid-file "$pidf"
    log "stack: dispatcher $n running (pid $SPAWNED_PID)"
}

# Starts missing dispatchers, replaces those of another binary or config, stops extra ones.
dispatchers_up() {
    local n
    instances_up dispatcher "$DISPATCHERS" dispatcher_start
    for n in $(instance_numbers dispatcher); do
        ((n >= DISPATCHERS)) && instance_stop dispatcher "$n"
    done
    return 0
}

dispatchers_restart() {
    local n
    FINGERPRINT="$(fingerprint)"
    for ((n = 0; n < DISPATCHERS; n++)); do
        dispatcher_start "$n" "$(dispatcher_pid "$n")"
    done
}

dispatchers_down() {
    local n
    for n in $(instance_numbers dispatcher); do
        instance_stop dispatcher "$n"
    done
}
