#!/usr/bin/env bash
# Test services for junggye: MariaDB, Redis and an S3-compatible server (s3s-fs).
#
# Two ways to use it:
#   source scripts/services.sh   # defines services_up / services_down / services_status
#   services_up                  # starts or finds the services, exports TEST_* into this shell
#   services_down                # stops only what these scripts started
#
#   bash scripts/services.sh up      # prints `export TEST_...=...` lines on stdout:
#   eval "$(bash scripts/services.sh up)"
#   bash scripts/services.sh down [mariadb|redis|s3s-fs ...]
#   bash scripts/services.sh status
#
# Exported: TEST_DATABASE_URL (server URL, no database: each test creates and drops its own),
# TEST_REDIS_URL, TEST_S3_ENDPOINT, TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY, TEST_S3_REGION,
# TEST_NGINX_BIN (installed, never started here: crates/app/tests/deployed/nginx.rs runs its own).
#
# Policy, per service: use what already answers on the standard port; otherwise install the
# Debian package if needed and start a private throwaway instance under .ci-services/ (gitignored).
# Only private instances are recorded and stopped by `down`: a system service we merely used is
# never touched.
#
# Switches (for testing the fallback paths and for unusual machines):
#   JUNGGYE_FORCE_PRIVATE_DB=1     ignore a MariaDB on :3306 and start a private one
#   JUNGGYE_FORCE_PRIVATE_REDIS=1  ignore a Redis on :6379 and start a private one
#   JUNGGYE_SERVICES_DIR=...       state directory (default: <repo>/.ci-services)
#
# Messages go to stderr so that stdout of `up` stays eval-able.

# Resolved at source/exec time; BASH_SOURCE works in both modes.
_SVC_SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
_SVC_ROOT="$(cd "$(dirname "$_SVC_SELF")/.." && pwd)"

# ---------------------------------------------------------------------------------------------
# Sourced API. The real work runs in a child `bash` so that its `set -euo pipefail` holds even
# when the caller invokes us inside `if`/`||` (where bash silently disables errexit) and so that
# an interactive shell that sourced us is never killed by a failing check.
# ---------------------------------------------------------------------------------------------

# services_up: start/find everything, then export TEST_* and SERVICES_STARTED (the names of the
# services this call started, for a later `services_down $SERVICES_STARTED`).
services_up() {
    local dir="${JUNGGYE_SERVICES_DIR:-$_SVC_ROOT/.ci-services}" rc=0
    bash "$_SVC_SELF" up >/dev/null || rc=$?
    # Read even on failure: whatever did start must still be stoppable by the caller's cleanup.
    SERVICES_STARTED="$(cat "$dir/state/last-up-started" 2>/dev/null || true)"
    export SERVICES_STARTED
    ((rc == 0)) || return "$rc"
    # shellcheck source=/dev/null
    . "$dir/env"
}

# services_down [name...]: stop the private instances (all of them, or only the named ones).
services_down() {
    bash "$_SVC_SELF" down "$@"
}

services_status() {
    bash "$_SVC_SELF" status
}

# When sourced, stop here: only the functions above are wanted.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    return 0
fi

# ---------------------------------------------------------------------------------------------
# Executed mode.
# ---------------------------------------------------------------------------------------------
set -euo pipefail

SVC_DIR="${JUNGGYE_SERVICES_DIR:-$_SVC_ROOT/.ci-services}"
STATE="$SVC_DIR/state"
ENV_FILE="$SVC_DIR/env"
# Private ports start here and move up if taken (another checkout on the same machine, say).
MARIADB_PRIVATE_PORT=3307
REDIS_PRIVATE_PORT=6380
S3_PORT=9100
S3_VERSION=0.14.1 # pinned: 0.15+ needs Rust 1.96 (docs/conventions.md, test services)
WAIT_SECONDS=60   # generous: a cold MariaDB on a busy 2-core CI box can be slow

log() { printf 'services: %s\n' "$*" >&2; }
die() {
    printf 'services: ERROR: %s\n' "$*" >&2
    exit 1
}

# Run a command as root: directly if we are root, else through passwordless sudo (GitHub runners).
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "need root (or passwordless sudo) to run: $*"
    fi
}

# apt install with one retry after `apt-get update`: a fresh machine may have empty or stale lists.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install $* by hand"
    log "installing Debian packages: $* (apt-get)"
    local t0=$SECONDS
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; then
        log "apt-get install failed; running apt-get update and retrying"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 ||
            die "apt-get install $* failed"
    fi
    log "installed $* in $((SECONDS - t0)) s"
}

# Find a binary on PATH or in the sbin directories (not on a normal user's PATH everywhere).
find_bin() {
    local name=$1 d
    if command -v "$name" 2>/dev/null; then return 0; fi
    for d in /usr/sbin /usr/local/sbin /sbin "${CARGO_HOME:-$HOME/.cargo}/bin"; do
        if [[ -x "$d/$name" ]]; then
            echo "$d/$name"
            return 0
        fi
    done
    return 1
}

# Is anything listening on 127.0.0.1:$1? Pure bash, so it works before any client is installed.
port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# First port >= $1 that nothing listens on.
free_port() {
    local p=$1
    while port_open "$p"; do
        p=$((p + 1))
        ((p < $1 + 100)) || die "no free port in $1..$((p - 1))"
    done
    echo "$p"
}

# Is the recorded pid alive and still the program we started (guards against pid reuse)?
pid_is() {
    local pid=$1 prog=$2
    [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$prog"
}

# Recorded state of a private instance: <name>.pid and <name>.port under $STATE.
state_get() { cat "$STATE/$1" 2>/dev/null || true; }
state_set() { printf '%s\n' "$2" >"$STATE/$1"; }

# wait_for PID CMD...: until CMD succeeds, at most $WAIT_SECONDS. Gives up at once if PID (the
# server we just started; "" when unknown) has exited, rather than sitting out the timeout.
wait_for() {
    local pid=$1 deadline=$((SECONDS + WAIT_SECONDS))
    shift
    until "$@" >/dev/null 2>&1; do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            log "process $pid exited during startup"
            return 1
        fi
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Names of the services this `up` launched, kept on disk as soon as each is launched (before it
# is known to be healthy) so that a caller's cleanup stops it even if a later step fails.
STARTED=()
mark_started() {
    STARTED+=("$1")
    printf '%s\n' "${STARTED[*]}" >"$STATE/last-up-started"
}

# ---------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------
mariadb_client() { find_bin mariadb || find_bin mysql; }

# Root with an empty password over TCP, exactly as the tests will connect.
mariadb_answers() {
    local port=$1 client
    client=$(mariadb_client) || return 1
    "$client" --no-defaults --connect-timeout=3 -h 127.0.0.1 -P "$port" -u root -e 'select 1' >/dev/null 2>&1
}

mariadb_ensure_test_db() {
    local port=$1 client
    client=$(mariadb_client)
    "$client" --no-defaults -h 127.0.0.1 -P "$port" -u root -e 'CREATE DATABASE IF NOT EXISTS test' ||
        die "MariaDB on port $port answers but CREATE DATABASE test failed"
}

# MariaDB recipe of docs/conventions.md: a private datadir, root over TCP with an empty password.
mariadb_start_private() {
    local mariadbd install_db dir data port sock user_args=() t0=$SECONDS
    mariadbd=$(find_bin mariadbd) || die "mariadbd not found even after installing mariadb-server"
    install_db=$(find_bin mariadb-install-db) || die "mariadb-install-db not found"

    dir="$SVC_DIR/mariadb"
    # mariadbd refuses to run as root; as root we hand it to the `mysql` user, which must be able
    # to reach the datadir. A checkout under /root (mode 700) is not reachable, so use /tmp then.
    if [[ $EUID -eq 0 ]]; then
        user_args=(--user=mysql)
        mkdir -p "$dir"
        if ! runuser -u mysql -- test -x "$dir" 2>/dev/null; then
            dir="${TMPDIR:-/tmp}/junggye-mariadb-$(printf '%s' "$SVC_DIR" | md5sum | cut -c1-8)"
            log "mariadb: $SVC_DIR is not reachable by user mysql; using $dir"
        fi
    fi
    data="$dir/data"
    port=$(free_port "$MARIADB_PRIVATE_PORT")
    sock="$dir/mysqld.sock"
    # Unix socket paths are limited to 107 bytes.
    if ((${#sock} > 100)); then sock="${TMPDIR:-/tmp}/junggye-mariadb-$port.sock"; fi

    # A datadir left over from a crashed run is fine to reuse, but a half-initialised one is not:
    # start from scratch whenever the server is not running (it is throwaway by design).
    rm -rf "$data"
    mkdir -p "$data"
    if [[ $EUID -eq 0 ]]; then chown -R mysql:mysql "$dir"; fi
    "$install_db" --no-defaults --datadir="$data" "${user_args[@]}" \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
        {
            tail -n 20 "$dir/install.log" >&2
            die "mariadb-install-db failed (log: $dir/install.log)"
        }

    # --no-defaults ignores /etc/mysql, so spell out what matters:
    # utf8mb4 like Debian's packaged config and MySQL 8 (production); Korean text must round-trip.
    # The durability settings are off because the data is throwaway and fsyncs slow tests down.
    setsid "$mariadbd" --no-defaults "${user_args[@]}" \
        --datadir="$data" --socket="$sock" --pid-file="$dir/mysqld.pid" \
        --log-error="$dir/error.log" \
        --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --max-connections=500 \
        --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
        --sync-binlog=0 \
        </dev/null >>"$dir/stdout.log" 2>&1 &
    local pid=$!
    state_set mariadb.pid "$pid"
    state_set mariadb.port "$port"
    state_set mariadb.dir "$dir"
    mark_started mariadb

    if ! wait_for "$pid" mariadb_answers "$port"; then
        tail -n 30 "$dir/error.log" >&2 2>/dev/null || true
        die "private MariaDB did not come up on 127.0.0.1:$port (waited at most ${WAIT_SECONDS} s; log: $dir/error.log)"
    fi
    MARIADB_HOW="started private instance (pid $pid, datadir $data) in $((SECONDS - t0)) s"
    MARIADB_PORT=$port
}

mariadb_up() {
    MARIADB_PORT=""
    MARIADB_HOW=""
    # Without a client we cannot even check the standard port. If nothing listens there we will
    # need the server too, and mariadb-server brings the client: one apt run instead of two.
    if ! mariadb_client >/dev/null; then
        if [[ "${JUNGGYE_FORCE_PRIVATE_DB:-}" != 1 ]] && port_open 3306; then
            apt_install mariadb-client
        else
            apt_install mariadb-server
        fi
    fi

    if [[ "${JUNGGYE_FORCE_PRIVATE_DB:-}" != 1 ]] && mariadb_answers 3306; then
        MARIADB_PORT=3306
        MARIADB_HOW="found on the standard port, root with empty password; not ours, never stopped"
    else
        local pid port
        pid=$(state_get mariadb.pid)
        port=$(state_get mariadb.port)
        if pid_is "$pid" mariadbd && [[ -n "$port" ]] && mariadb_answers "$port"; then
            MARIADB_PORT=$port
            MARIADB_HOW="reusing private instance started earlier (pid $pid)"
        else
            if [[ "${JUNGGYE_FORCE_PRIVATE_DB:-}" == 1 ]]; then
                log "mariadb: JUNGGYE_FORCE_PRIVATE_DB=1, starting a private instance"
            else
                log "mariadb: nothing usable on 127.0.0.1:3306 (root, empty password), starting a private instance"
            fi
            # A stale process of ours (alive but not answering) must not hold the datadir.
            if pid_is "$pid" mariadbd; then stop_pid mariadb "$pid" mariadbd; fi
            if ! find_bin mariadbd >/dev/null || ! find_bin mariadb-install-db >/dev/null; then
                apt_install mariadb-server
            fi
            mariadb_start_private
        fi
    fi
    mariadb_ensure_test_db "$MARIADB_PORT"
    log "mariadb  -> mysql://root@127.0.0.1:$MARIADB_PORT ($MARIADB_HOW)"
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------
redis_answers() {
    local port=$1 cli reply
    if cli=$(find_bin redis-cli); then
        reply=$(timeout 3 "$cli" -h 127.0.0.1 -p "$port" ping 2>/dev/null) || return 1
    else
        # No client yet (fresh machine): speak RESP by hand rather than installing just to ask.
        reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'PING\r\n' >&3 && head -c 7 <&3" 2>/dev/null) || return 1
    fi
    [[ "$reply" == *PONG* ]]
}

redis_start_private() {
    local server dir port t0=$SECONDS
    server=$(find_bin redis-server) || die "redis-server not found even after installing it"
    dir="$SVC_DIR/redis"
    mkdir -p "$dir"
    port=$(free_port "$REDIS_PRIVATE_PORT")
    rm -f "$dir/redis.pid"
    # No persistence: test data is throwaway and an RDB save could stall a test.
    "$server" --bind 127.0.0.1 --port "$port" --dir "$dir" \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        --save '' --appendonly no </dev/null >&2 ||
        die "redis-server failed to start (log: $dir/redis.log)"
    if ! wait_for "" redis_answers "$port"; then
        # Alive but mute: record it anyway so that `down` can stop it.
        if [[ -s "$dir/redis.pid" ]]; then
            state_set redis.pid "$(cat "$dir/redis.pid")"
            mark_started redis
        fi
        tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
        die "private Redis did not come up on 127.0.0.1:$port (waited at most ${WAIT_SECONDS} s; log: $dir/redis.log)"
    fi
    # --daemonize forks, so the pid comes from its pidfile (written before it accepts clients,
    # which is why it is read only now).
    local pid
    pid=$(cat "$dir/redis.pid")
    state_set redis.pid "$pid"
    state_set redis.port "$port"
    mark_started redis
    REDIS_HOW="started private instance (pid $pid, dir $dir) in $((SECONDS - t0)) s"
    REDIS_PORT=$port
}

redis_up() {
    REDIS_PORT=""
    REDIS_HOW=""
    if [[ "${JUNGGYE_FORCE_PRIVATE_REDIS:-}" != 1 ]] && redis_answers 6379; then
        REDIS_PORT=6379
        REDIS_HOW="found on the standard port; not ours, never stopped"
    else
        local pid port
        pid=$(state_get redis.pid)
        port=$(state_get redis.port)
        if pid_is "$pid" redis-server && [[ -n "$port" ]] && redis_answers "$port"; then
            REDIS_PORT=$port
            REDIS_HOW="reusing private instance started earlier (pid $pid)"
        else
            if [[ "${JUNGGYE_FORCE_PRIVATE_REDIS:-}" == 1 ]]; then
                log "redis: JUNGGYE_FORCE_PRIVATE_REDIS=1, starting a private instance"
            else
                log "redis: nothing answers PING on 127.0.0.1:6379, starting a private instance"
            fi
            if pid_is "$pid" redis-server; then stop_pid redis "$pid" redis-server; fi
            if ! find_bin redis-server >/dev/null || ! find_bin redis-cli >/dev/null; then
                apt_install redis-server
            fi
            redis_start_private
        fi
    fi
    log "redis    -> redis://127.0.0.1:$REDIS_PORT ($REDIS_HOW)"
}

# ---------------------------------------------------------------------------------------------
# S3 (s3s-fs)
# ---------------------------------------------------------------------------------------------

# Any HTTP answer counts (s3s-fs replies 403 to an unsigned GET /): it means the server is up.
http_answers() {
    local port=$1 line
    if command -v curl >/dev/null 2>&1; then
        curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$port/"
    else
        line=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port &&
            printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n 1 <&3" 2>/dev/null) || return 1
        [[ "$line" == HTTP/* ]]
    fi
}

s3_install() {
    local bin
    if bin=$(find_bin s3s-fs); then
        echo "$bin"
        return 0
    fi
    command -v cargo >/dev/null 2>&1 || die "s3s-fs is missing and cargo is not on PATH to install it"
    log "s3s-fs not found: running cargo install s3s-fs --version $S3_VERSION (about 2 min, once per machine)"
    local t0=$SECONDS
    # Run from / so no project .cargo/config or toolchain file can change how it builds.
    (cd / && cargo install s3s-fs --version "$S3_VERSION" --features binary --locked) >&2 ||
        die "cargo install s3s-fs failed"
    log "installed s3s-fs $S3_VERSION in $((SECONDS - t0)) s"
    find_bin s3s-fs || die "s3s-fs installed but not found on PATH or in ${CARGO_HOME:-$HOME/.cargo}/bin"
}

s3_up() {
    S3_HOW=""
    local pid port secret bin
    pid=$(state_get s3s-fs.pid)
    port=$(state_get s3s-fs.port)
    secret=$(state_get s3s-fs.secret)
    if pid_is "$pid" s3s-fs && [[ -n "$port" && -n "$secret" ]] && http_answers "$port"; then
        S3_HOW="reusing instance started earlier (pid $pid)"
    else
        if pid_is "$pid" s3s-fs; then stop_pid s3s-fs "$pid" s3s-fs; fi
        bin=$(s3_install)
        local t0=$SECONDS dir="$SVC_DIR/s3data"
        # Fresh per start: buckets from an earlier run must not make tests pass by accident.
        rm -rf "$dir"
        mkdir -p "$dir"
        port=$(free_port "$S3_PORT")
        # A per-run random secret proves the tests really read TEST_S3_SECRET_KEY (s3s-fs checks
        # SigV4 signatures, so a hard-coded key in a test would get 403).
        secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
        (
            umask 077
            state_set s3s-fs.secret "$secret"
        )
        setsid "$bin" --host 127.0.0.1 --port "$port" \
            --access-key junggye-test --secret-key "$secret" "$dir" \
            </dev/null >"$SVC_DIR/s3s-fs.log" 2>&1 &
        pid=$!
        state_set s3s-fs.pid "$pid"
        state_set s3s-fs.port "$port"
        mark_started s3s-fs
        if ! wait_for "$pid" http_answers "$port"; then
            tail -n 20 "$SVC_DIR/s3s-fs.log" >&2 2>/dev/null || true
            die "s3s-fs did not come up on 127.0.0.1:$port (waited at most ${WAIT_SECONDS} s; log: $SVC_DIR/s3s-fs.log)"
        fi
        S3_HOW="started (pid $pid, data $dir) in $((SECONDS - t0)) s"
    fi
    S3_PORT_USED=$port
    S3_SECRET=$secret
    log "s3s-fs   -> http://127.0.0.1:$port ($S3_HOW)"
}

# ---------------------------------------------------------------------------------------------
# nginx (only the binary: the deploy test starts a private one with deploy/nginx.conf)
# ---------------------------------------------------------------------------------------------
ensure_nginx() {
    if ! NGINX_BIN=$(find_bin nginx); then
        # Debian's policy-rc.d keeps the packaged service from starting in containers; on a
        # systemd host the package may start a system nginx on port 80, which the test ignores.
        apt_install nginx
        NGINX_BIN=$(find_bin nginx) || die "nginx not found even after installing it"
    fi
    log "nginx    -> $NGINX_BIN ($("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //'))"
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

# Stop one recorded pid, politely then firmly.
stop_pid() {
    local name=$1 pid=$2 prog=$3 i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        pid_is "$pid" "$prog" || break
        sleep 0.1
    done
    if pid_is "$pid" "$prog"; then
        log "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

cmd_up() {
    mkdir -p "$STATE"
    : >"$STATE/last-up-started"
    local t0=$SECONDS
    mariadb_up
    redis_up
    s3_up
    ensure_nginx

    # Written atomically: a concurrent reader never sees half a file.
    local tmp="$ENV_FILE.$$"
    (
        umask 077 # the file holds the S3 secret
        {
            printf 'export TEST_DATABASE_URL=%q\n' "mysql://root@127.0.0.1:$MARIADB_PORT"
            printf 'export TEST_REDIS_URL=%q\n' "redis://127.0.0.1:$REDIS_PORT"
            printf 'export TEST_S3_ENDPOINT=%q\n' "http://127.0.0.1:$S3_PORT_USED"
            printf 'export TEST_S3_ACCESS_KEY=%q\n' junggye-test
            printf 'export TEST_S3_SECRET_KEY=%q\n' "$S3_SECRET"
            printf 'export TEST_S3_REGION=%q\n' us-east-1
            printf 'export TEST_NGINX_BIN=%q\n' "$NGINX_BIN"
        } >"$tmp"
    )
    mv "$tmp" "$ENV_FILE"
    log "ready in $((SECONDS - t0)) s; env in ${ENV_FILE#"$_SVC_ROOT"/}"
    cat "$ENV_FILE"
}

cmd_down() {
    local names=("$@") name pid prog
    if ((${#names[@]} == 0)); then names=(mariadb redis s3s-fs); fi
    for name in "${names[@]}"; do
        case $name in
            mariadb) prog=mariadbd ;;
            redis) prog=redis-server ;;
            s3s-fs) prog=s3s-fs ;;
            *) die "unknown service '$name' (expected mariadb, redis or s3s-fs)" ;;
        esac
        pid=$(state_get "$name.pid")
        if pid_is "$pid" "$prog"; then
            stop_pid "$name" "$pid" "$prog"
            log "stopped $name (pid $pid)"
        fi
        # A datadir outside our state dir (the /tmp fallback) would otherwise pile up in /tmp.
        local dir
        dir=$(state_get "$name.dir")
        if [[ -n "$dir" && "$dir" != "$SVC_DIR"/* ]] && ! pid_is "$pid" "$prog"; then rm -rf "$dir"; fi
        rm -f "$STATE/$name.pid" "$STATE/$name.port" "$STATE/$name.secret" "$STATE/$name.dir"
    done
    # The env file may now point at stopped servers; drop it rather than leave a trap.
    rm -f "$ENV_FILE"
}

cmd_status() {
    local name prog pid
    for name in mariadb redis s3s-fs; do
        case $name in
            mariadb) prog=mariadbd ;;
            redis) prog=redis-server ;;
            s3s-fs) prog=s3s-fs ;;
        esac
        pid=$(state_get "$name.pid")
        if pid_is "$pid" "$prog"; then
            log "$name: private instance running (pid $pid, port $(state_get "$name.port"))"
        else
            log "$name: no private instance of ours running"
        fi
    done
}

case "${1:-}" in
    up) cmd_up ;;
    down)
        shift
        cmd_down "$@"
        ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 up|down [mariadb|redis|s3s-fs ...]|status   (or: source $0; services_up)" >&2
        exit 2
        ;;
esac
