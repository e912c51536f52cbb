#!/usr/bin/env bash
# Event delivery figures (bench/README.md, "Events"), in one run on loopback:
#   1. a private stack (bench/lib.sh) whose dispatcher may reach 127.0.0.1;
#   2. a plain nginx as the webhook receiver (answers 204 at once, logs each request's arrival
#      time in ms and its X-Granary-Event-Id): it never is the bottleneck;
#   3. bench/events_bench.py: a rule and an API destination made with boto3, then
#      a. latency: EVENTS_LATENCY_COUNT package versions published one after another (the real
#         PublishPackageVersion path, outbox included); for each, the time from the publish call
#         returning (its commit came before) to the receiver's log line: p50, p99, max;
#      b. throughput: EVENTS_COUNT events put with PutEvents (10 per call, from 4 threads) and
#         EVENTS_PUBLISH_COUNT package versions published from 4 threads; events delivered per
#         second from the first call to the last arrival;
#   4. a Markdown table (also to $BENCH_OUT); teardown on exit.
#
#   bash bench/events.sh            # or: make bench-events
#
# Knobs: EVENTS_LATENCY_COUNT (200), EVENTS_COUNT (5000), EVENTS_PUBLISH_COUNT (1000), BENCH_OUT,
# BENCH_KEEP, and the stack's own (GRANARY_BIN, GRANARY_WORKERS, GRANARY_DISPATCHERS,
# GRANARY_EVENTS_DELIVERY_THREADS, ...).
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$REPO/bench"
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

RECEIVER_PID=""

stop_extras() {
    [[ -n "$RECEIVER_PID" ]] && stop_pid "$RECEIVER_PID" QUIT
    return 0
}

start_receiver() {
    local dir="$STATE/receiver"
    RECEIVER_PORT="$(free_port)"
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<CONF
user $(id -un);
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    log_format arrival '\$msec \$http_x_granary_event_id \$status';
    access_log $dir/arrivals.log arrival;
    server {
        listen 127.0.0.1:$RECEIVER_PORT;
        location / { client_body_buffer_size 64k; return 204; }
    }
}
CONF
    nginx -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/nginx.out" 2>&1 &
    RECEIVER_PID=$!
    for _ in $(seq 50); do
        curl -fsS -o /dev/null -X POST "http://127.0.0.1:$RECEIVER_PORT/" 2>/dev/null && break
        sleep 0.1
    done
    RECEIVER_LOG="$dir/arrivals.log"
}

main() {
    ensure_base_tools
    install_traps
    export GRANARY_EVENTS_ALLOW_NETWORKS="127.0.0.1/32"
    start_stack
    start_receiver
    log "receiver nginx on :$RECEIVER_PORT"
    # shellcheck disable=SC1091
    (. "$STATE/env" && python3 "$BENCH_DIR/events_bench.py" "$STACK" "http://127.0.0.1:$RECEIVER_PORT/hook" "$RECEIVER_LOG" \
        "$(machine_line)") | tee "${BENCH_OUT:-/dev/null}"
}

main "$@"
