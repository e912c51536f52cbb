# shellcheck shell=bash
# nginx: render the template, check, start as a detached child, reload, stop.
# Sourced by scripts/stack.sh (which sets REPO, PY, log, die and runs load_settings).

# ----------------------------------------------------------------------------- nginx
nginx_pid() {
    local pid
    pid="$(read_pid "$PID_DIR/nginx.pid")"
    pid_matches "$pid" "$NGINX_DIR/nginx.conf" && printf '%s' "$pid"
    return 0
}

render_nginx() {
    local out="$1" tpl meta="" upload="" n user_line https_line params
    tpl="$(<"$REPO/nginx/granary.conf.template")"
    for ((n = 0; n < WORKERS; n++)); do
        meta+="        server unix:$SOCK_DIR/meta-$n.sock max_fails=0;"$'\n'
        upload+="        server unix:$SOCK_DIR/upload-$n.sock max_fails=0;"$'\n'
    done
    # nginx's workers run as the Granary user, the one that runs this script: the state directory
    # is 0700 and its blobs, pages and worker sockets 0600, so nobody else can read or connect.
    if ((EUID == 0)); then
        user_line="user $(id -un) $(id -gn);"
    else
        user_line="# user: not started as root, so nginx's workers run as $(id -un), like Granary's"
    fi
    https_line="        listen $LISTEN:$HTTPS_PORT ssl http2;"
    tpl="${tpl//@@META_SERVERS@@/"${meta%$'\n'}"}"
    tpl="${tpl//@@UPLOAD_SERVERS@@/"${upload%$'\n'}"}"
    tpl="${tpl//@@LISTEN_HTTP@@/"        listen $LISTEN:$HTTP_PORT;"}"
    tpl="${tpl//@@LISTEN_HTTPS@@/"$https_line"}"
    tpl="${tpl//@@USER_DIRECTIVE@@/"$user_line"}"
    tpl="${tpl//@@PID_DIR@@/"$PID_DIR"}"
    tpl="${tpl//@@LOG_DIR@@/"$LOG_DIR"}"
    tpl="${tpl//@@NGINX_DIR@@/"$NGINX_DIR"}"
    tpl="${tpl//@@BLOB_DIR@@/"$BLOB_DIR"}"
    tpl="${tpl//@@TLS_CERT@@/"$TLS_CERT"}"
    tpl="${tpl//@@TLS_KEY@@/"$TLS_KEY"}"
    tpl="${tpl//@@META_MAX_BODY@@/"$META_MAX_BODY"}"
    tpl="${tpl//@@UPLOAD_MAX_BODY@@/"$UPLOAD_MAX_BODY"}"
    tpl="${tpl//@@UPLOAD_CONN_PER_CLIENT@@/"$UPLOAD_CONN_PER_CLIENT"}"
    params="$(grep -v '^#' "$REPO/nginx/fastcgi_params" | sed 's/^/            /')"
    tpl="${tpl//@@FASTCGI_PARAMS@@/"$params"}"
    if [[ "$tpl" =~ @@[A-Z_]+@@ ]]; then
        die "nginx template has an unknown placeholder: ${BASH_REMATCH[0]}"
    fi
    printf '%s\n' "$tpl" >"$out"
}

nginx_check() {
    local conf="$1" out
    if ! out="$(nginx -t -q -p "$NGINX_DIR/" -c "$conf" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "nginx rejected $conf"
    fi
}

nginx_up() {
    local conf="$NGINX_DIR/nginx.conf" pid changed=0 i
    render_nginx "$conf.new"
    if cmp -s "$conf.new" "$conf" 2>/dev/null; then
        rm -f "$conf.new"
    else
        nginx_check "$conf.new"
        mv "$conf.new" "$conf"
        changed=1
    fi
    pid="$(nginx_pid)"
    if [[ -n "$pid" ]]; then
        if ((changed)); then
            kill -HUP "$pid"
            log "stack: nginx configuration changed: reloaded (pid $pid)"
        fi
        return 0
    fi
    nginx_check "$conf"
    rm -f "$PID_DIR/nginx.pid"
    spawn "$LOG_DIR/nginx.out" nginx -p "$NGINX_DIR/" -c "$conf" -g 'daemon off;'
    pid=$SPAWNED_PID
    # nginx writes its pid file after binding its listeners.
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if [[ "$(read_pid "$PID_DIR/nginx.pid")" == "$pid" ]]; then
            log "stack: nginx running (pid $pid)"
            return 0
        fi
        if ! pid_alive "$pid"; then
            tail_log "$LOG_DIR/nginx.out"
            tail_log "$LOG_DIR/nginx-error.log"
            die "nginx exited during start-up"
        fi
        sleep 0.1
    done
    die "nginx wrote no pid file within ${START_TIMEOUT}s"
}

nginx_stop() {
    local pid
    pid="$(nginx_pid)"
    if [[ -n "$pid" ]]; then
        stop_pid "$pid" 15 nginx QUIT
        log "stack: nginx stopped"
    fi
    rm -f "$PID_DIR/nginx.pid"
}
