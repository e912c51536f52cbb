# shellcheck shell=bash
# MariaDB with a private datadir, socket only.
# Sourced by scripts/stack.sh (which sets REPO, PY, log, die and runs load_settings).

# ----------------------------------------------------------------------------- MariaDB
# The datadir's superuser authenticates by unix socket as the OS user that created it.
DB_ADMIN="$(id -un)"
# mariadbd sets its own umask from these (default 0660 files): files and directories ours only.
export UMASK=0600 UMASK_DIR=0700
mysql_admin() { mariadb-admin --no-defaults --socket="$MYSQL_SOCK" -u"$DB_ADMIN" "$@"; }
mysql_root_sql() { mariadb --no-defaults --socket="$MYSQL_SOCK" -u"$DB_ADMIN" --batch; }

mysql_pid() {
    local pid
    pid="$(read_pid "$PID_DIR/mariadbd.pid")"
    pid_matches "$pid" "--datadir=$DATADIR" && printf '%s' "$pid"
    return 0
}

mysql_init_datadir() {
    [[ -d "$DATADIR/mysql" ]] && return 0
    log "stack: initialising MariaDB datadir $DATADIR"
    rm -rf "$DATADIR"
    local user_opt=()
    ((EUID == 0)) && user_opt=(--user=root)
    if ! mariadb-install-db --no-defaults --datadir="$DATADIR" "${user_opt[@]}" \
        --auth-root-authentication-method=socket --auth-root-socket-user="$DB_ADMIN" \
        --skip-test-db --skip-name-resolve \
        >>"$LOG_DIR/mariadb-install.log" 2>&1; then
        tail_log "$LOG_DIR/mariadb-install.log"
        rm -rf "$DATADIR"
        die "mariadb-install-db failed"
    fi
}

mysql_start() {
    [[ -n "$(mysql_pid)" ]] && return 0
    # Workers (one more for a rolling restart's overlap), each dispatcher's routing and delivery
    # threads, and room for the CLI and tests.
    local max_conn=$(((WORKERS + 1) * (META_THREADS + UPLOAD_THREADS) + DISPATCHERS * (${GRANARY_EVENTS_DELIVERY_THREADS:-4} + 1) + 20))
    ((max_conn < 151)) && max_conn=151
    local user_opt=()
    ((EUID == 0)) && user_opt=(--user=root)
    rm -f "$MYSQL_SOCK" "$PID_DIR/mariadbd.pid"
    spawn "$LOG_DIR/mariadbd.out" mariadbd --no-defaults "${user_opt[@]}" \
        --datadir="$DATADIR" --socket="$MYSQL_SOCK" --skip-networking \
        --pid-file="$PID_DIR/mariadbd.pid" --log-error="$LOG_DIR/mariadb.log" \
        --skip-name-resolve --max-connections="$max_conn" --innodb-print-all-deadlocks=ON \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_bin
    local pid=$SPAWNED_PID i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if ! pid_alive "$pid"; then
            tail_log "$LOG_DIR/mariadb.log"
            die "mariadbd exited during start-up"
        fi
        if [[ -S "$MYSQL_SOCK" ]] && mysql_admin --connect-timeout=2 ping >/dev/null 2>&1; then
            # mariadbd makes its socket 0777 (its directory has kept others out meanwhile).
            chmod 600 "$MYSQL_SOCK"
            log "stack: mariadbd running (pid $pid)"
            return 0
        fi
        sleep 0.1
    done
    tail_log "$LOG_DIR/mariadb.log"
    die "mariadbd did not answer within ${START_TIMEOUT}s"
}

mysql_stop() {
    local pid
    pid="$(mysql_pid)"
    if [[ -n "$pid" ]]; then
        mysql_admin --connect-timeout=5 shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
        stop_pid "$pid" 60 mariadbd
        log "stack: mariadbd stopped"
    fi
    rm -f "$PID_DIR/mariadbd.pid"
}

mysql_ensure_app_user() {
    local pw="${DB_PASSWORD:-}"
    [[ -n "$pw" ]] || pw="$(json_get "$CONFIG" database.password)"
    [[ "$pw" =~ ^[0-9a-f]+$ ]] || die "unexpected database password format in $CONFIG"
    mysql_root_sql <<EOF
CREATE DATABASE IF NOT EXISTS granary CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'granary'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'granary'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON granary.* TO 'granary'@'localhost';
GRANT ALL PRIVILEGES ON \`granary\\_%\`.* TO 'granary'@'localhost';
EOF
}
