#!/usr/bin/env bash
# Benchmark (not a test): the skills and the admin lists on 100,000 listings, against SQLite and
# against MariaDB + Redis, next to a FastAPI + uvicorn peer of /skill/products/latest and a bare
# actix handler, in one run. Prints throughput, p50/p99 latency, ratios to the peer and to the
# bare handler, the server's peak RSS, and each target of the issue as met / missed, as a
# markdown report (docs/benchmarks.md keeps the latest one).
#
# For each backend:
#   1. a fresh database (a SQLite file in a temp dir / the MariaDB database junggye_bench) seeded by
#      `junggye seed --demo --listings N` (the demo set plus N synthetic listings), plus completed
#      orders written by scripts/bench/orders.py (the seed makes none) for the admin order list;
#   2. the release binary on it, skill log queue on (as in production: every call is logged and
#      written in batches), its deal refresher pointed at the crawler's fixture pages served
#      locally (python3), an admin account made with `junggye admin create`;
#   3. each target first answers one request with real content, then wrk loads it (warm-up, then
#      one measured run), every request with another of 100 users and, where it applies, another
#      listing id / keyword / status / cursor / page (scripts/bench/bodies.py);
#   4. the server's peak RSS per target: VmHWM from /proc, reset before the target through
#      /proc/PID/clear_refs so each figure is that target's own.
# SQLite only: then junggye stops and the FastAPI peer (scripts/bench/peer.py, 2 uvicorn worker
# processes like junggye's 2 actix workers) serves /skill/products/latest from the same database
# file, read-only, under the same latest request mix. Its packages are pinned in
# scripts/bench/requirements.txt and installed with pip into target/bench-venv (kept between runs).
# Last, bare_reply (crates/app/examples) serves the deals reply's bytes, then the home reply's
# bytes, under the same loads: what actix alone costs for a reply of that size.
#
# The per-user rate limit is raised for the run: 100 users at thousands of calls per second would
# otherwise mostly measure the limiter's polite refusal.
#
# Usage: scripts/bench.sh [--only sqlite|mariadb|both] [--quick] [--listings 100000]
#                         [--duration 10s] [--warmup 3s] [--connections 64] [--workers 2]
#   --only (or --backend): which backends; the peer runs with SQLite.
#   --quick: a smoke test, not a measurement: 3,000 listings, 1 s warm-up, 3 s runs (options
#   after it still apply).
#   MariaDB: $BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306, database junggye_bench is
#   created and dropped); Redis: $BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, flushed).
#   Both must be running (scripts/services.sh starts them: `source scripts/services.sh; services_up`).
# Needs: cargo, python3 (with venv), curl, wrk (installed with apt-get when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BACKENDS=both
LISTINGS=100000
DURATION=10s
WARMUP=3s
CONNECTIONS=64
WORKERS=2
while (($# > 0)); do
    case $1 in
        --only | --backend) BACKENDS=$2; shift 2 ;;
        --quick) LISTINGS=3000; DURATION=3s; WARMUP=1s; shift ;;
        --listings) LISTINGS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --workers) WORKERS=$2; shift 2 ;;
        *) echo "bench: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $BACKENDS in
    sqlite) BACKENDS=(sqlite) ;;
    mariadb) BACKENDS=(mariadb) ;;
    both) BACKENDS=(sqlite mariadb) ;;
    *) echo "bench: --only sqlite|mariadb|both" >&2; exit 2 ;;
esac
# Completed orders for the admin order list: enough for its pages, a small share of the listings.
ORDERS=$((LISTINGS / 10 < 2000 ? LISTINGS / 10 : 2000))

for tool in cargo python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
fi

MYSQL_BASE=${BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/15}
ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
proc_tree() { # pid -> the pid and its descendants (uvicorn's workers are its children)
    local child
    echo "$1"
    for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do proc_tree "$child"; done
}
reset_peak_rss() { # pid: VmHWM restarts from the current RSS (Linux >= 4.0), per process
    local pid
    for pid in $(proc_tree "$1"); do echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true; done
}
peak_rss_mib() { # pid -> VmHWM of the process tree in MiB (summed: the peer is 3 processes)
    local pid
    for pid in $(proc_tree "$1"); do cat "/proc/$pid/status"; done |
        awk '/^VmHWM:/ {kb += $2} END {printf "%.1f", kb / 1024}'
}
wait_for() { # url body-file: until a POST gets any reply
    for _ in $(seq 1 300); do
        curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$2" "$1" \
            -o /dev/null 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench: $1 never answered" >&2
    exit 1
}

echo "== building (release)" >&2
cargo build --release -p junggye --bin junggye --example bare_reply >&2
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
APP_BIN=$TARGET_DIR/release/junggye
BARE_BIN=$TARGET_DIR/release/examples/bare_reply

# The peer's venv: made once, reinstalled only when requirements.txt changes (a copy of the one
# it was installed from is kept inside), so runs after the first need no network.
VENV=$TARGET_DIR/bench-venv
if [[ " ${BACKENDS[*]} " == *" sqlite "* ]] &&
    ! cmp -s "$ROOT/scripts/bench/requirements.txt" "$VENV/requirements.txt" 2>/dev/null; then
    echo "== FastAPI peer: installing into $VENV" >&2
    [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        -r "$ROOT/scripts/bench/requirements.txt" >&2
    cp "$ROOT/scripts/bench/requirements.txt" "$VENV/requirements.txt"
fi

BOARD_PORT=$(free_port)
echo "== fixture deal board on :$BOARD_PORT" >&2
python3 "$ROOT/scripts/bench/board.py" "$ROOT/crates/adapters/crawler/tests/fixtures" "$BOARD_PORT" &
PIDS+=($!)

# Request bodies, one per line: wrk cycles through them (scripts/bench/cycle.lua).
python3 "$ROOT/scripts/bench/bodies.py" "$WORK" "$LISTINGS"

# $WORK/results: backend|target|rps|p50|p99|rss lines; $WORK/extra: backend|kind|value lines
# (see scripts/bench/report.py).
: >"$WORK/results"
: >"$WORK/extra"
measure() { # backend target url server-pid lua-args... -> a line in $WORK/results
    local backend=$1 target=$2 url=$3 pid=$4 out rss
    shift 4
    out=$WORK/$backend-${target//[\/ ]/_}.txt
    reset_peak_rss "$pid"
    wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/scripts/bench/cycle.lua" "$url" -- "$@" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/bench/cycle.lua" "$url" -- "$@" >"$out"
    rss=$(peak_rss_mib "$pid")
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        echo "bench: errors against $target on $backend:" >&2
        cat "$out" >&2
        exit 1
    fi
    awk -v backend="$backend" -v target="$target" -v rss="$rss" '
        function ms(v,   u) { u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                             return (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
        /^Requests\/sec:/ {rps = $2}
        $1 == "50%" {p50 = ms($2)}
        $1 == "99%" {p99 = ms($2)}
        END {printf "%s|%s|%.0f|%.2f|%.2f|%s\n", backend, target, rps, p50, p99, rss}' "$out" |
        tee -a "$WORK/results" >&2
}

expect_reply() { # backend name url pattern: the name's .one body answers with the pattern
    local reply=$WORK/$1-$2-reply.json
    curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/$2.one" "$3" \
        -o "$reply" || {
        echo "bench: $2 failed on $1" >&2
        exit 1
    }
    grep -q "$4" "$reply" || {
        echo "bench: $2 on $1 did not answer with $4: $(head -c 2000 "$reply")" >&2
        exit 1
    }
    echo "$1|bytes-$2|$(wc -c <"$reply")" >>"$WORK/extra"
}
expect_admin() { # base token path pattern what
    curl -sf -H "Authorization: Bearer $2" "$1$3" | grep -q "$4" || {
        echo "bench: $5 failed or came back empty" >&2
        exit 1
    }
}

for backend in "${BACKENDS[@]}"; do
    data=$WORK/$backend
    mkdir -p "$data"
    case $backend in
        sqlite)
            db_url="sqlite://$data/bench.db?mode=rwc"
            cache_url=""
            ;;
        mariadb)
            python3 "$ROOT/scripts/bench/mysql.py" "$MYSQL_BASE" recreate junggye_bench
            db_url="$MYSQL_BASE/junggye_bench"
            cache_url=$REDIS_URL
            python3 - "$cache_url" <<'EOF'
import socket, sys, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
db = (url.path or "/0").strip("/") or "0"
s = socket.create_connection((url.hostname, url.port or 6379), timeout=5)
s.sendall(f"*2\r\n$6\r\nSELECT\r\n${len(db)}\r\n{db}\r\n*1\r\n$7\r\nFLUSHDB\r\n".encode())
reply = b""
while reply.count(b"\r\n") < 2:
    chunk = s.recv(64)
    if not chunk:
        break
    reply += chunk
if reply != b"+OK\r\n+OK\r\n":
    sys.exit(f"bench: could not flush Redis db {db}: {reply!r}")
EOF
            ;;
    esac
    port=$(free_port)
    app_env=(
        APP_ENV=bench APP_CONFIG_DIR="$ROOT/config"
        APP__SERVER__HOST=127.0.0.1 APP__SERVER__PORT="$port" APP__SERVER__WORKERS="$WORKERS"
        APP__DATABASE__URL="$db_url" APP__CACHE__REDIS_URL="$cache_url"
        APP__IMAGES__DIR="$data/images" APP__PUBLIC_BASE_URL="http://127.0.0.1:$port"
        APP__DEALS__ENABLED=true APP__DEALS__REQUEST_GAP_MS=5
        APP__DEALS__SOURCE_URL="http://127.0.0.1:$BOARD_PORT/bbs/qb_saleinfo"
        APP__KAKAO__RATE_LIMIT_PER_MIN=1000000000 APP__PLAYGROUND__ENABLED=false
        APP__ADMIN__JWT_SECRET="$JWT_SECRET" APP__LOG__FILTER=warn
    )

    echo "== $backend: seeding $LISTINGS listings" >&2
    t0=$(date +%s.%N)
    env "${app_env[@]}" "$APP_BIN" seed --demo --listings "$LISTINGS" >&2
    seed_secs=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
    echo "$backend|seed|$seed_secs" >>"$WORK/extra"
    env "${app_env[@]}" JUNGGYE_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
        "$APP_BIN" admin create --username bench >&2
    # Written before the app starts: nothing of it is cached yet.
    case $backend in
        sqlite) python3 "$ROOT/scripts/bench/orders.py" sqlite "$data/bench.db" "$ORDERS" ;;
        mariadb) python3 "$ROOT/scripts/bench/orders.py" mysql "$MYSQL_BASE" junggye_bench "$ORDERS" ;;
    esac
    echo "$backend|orders|$ORDERS" >>"$WORK/extra"

    echo "== $backend: app on :$port" >&2
    env "${app_env[@]}" "$APP_BIN" >"$WORK/$backend-app.log" 2>&1 &
    app_pid=$!
    PIDS+=("$app_pid")
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        if curl -sf -X POST -H 'Content-Type: application/json' \
            --data-binary @"$WORK/deals.one" "$base/skill/deals" -o "$WORK/deals-reply.json" 2>/dev/null &&
            grep -q '"commerceCard"' "$WORK/deals-reply.json"; then
            break
        fi
        sleep 0.1
    done
    grep -q '"commerceCard"' "$WORK/deals-reply.json" 2>/dev/null || {
        echo "bench: the deal cache never warmed; app log:" >&2
        cat "$WORK/$backend-app.log" >&2
        exit 1
    }
    echo "$backend|rss-start|$(peak_rss_mib "$app_pid")" >>"$WORK/extra"
    # Each target answers with real content before it is measured.
    expect_reply "$backend" latest "$base/skill/products/latest" '"commerceCard"'
    expect_reply "$backend" search "$base/skill/products/search" '"commerceCard"'
    expect_reply "$backend" detail "$base/skill/products/detail" '"basicCard"'
    expect_reply "$backend" home "$base/skill/home" '님, 중계나라에'
    expect_reply "$backend" mine "$base/skill/products/mine" '"commerceCard"'
    expect_reply "$backend" notices "$base/skill/notices" '"listCard"'
    expect_reply "$backend" deals "$base/skill/deals" '"commerceCard"'
    expect_reply "$backend" event "$base/skill/events/notification" '새 알림이 없어요'
    token=$(curl -sf -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"bench\",\"password\":\"$ADMIN_PASSWORD\"}" "$base/admin/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    expect_admin "$base" "$token" "/admin/products?page=0" '"name"' "admin product list"
    expect_admin "$base" "$token" "/admin/members?page=0" '"nickname"' "admin member list"
    expect_admin "$base" "$token" "/admin/orders?page=0" '"order_no"' "admin order list"

    measure "$backend" /skill/products/latest "$base/skill/products/latest" "$app_pid" "$WORK/latest.lines"
    measure "$backend" /skill/products/search "$base/skill/products/search" "$app_pid" "$WORK/search.lines"
    measure "$backend" /skill/products/detail "$base/skill/products/detail" "$app_pid" "$WORK/detail.lines"
    measure "$backend" /skill/home "$base/skill/home" "$app_pid" "$WORK/home.lines"
    measure "$backend" /skill/products/mine "$base/skill/products/mine" "$app_pid" "$WORK/mine.lines"
    measure "$backend" /skill/notices "$base/skill/notices" "$app_pid" "$WORK/notices.lines"
    measure "$backend" /skill/deals "$base/skill/deals" "$app_pid" "$WORK/deals.lines"
    measure "$backend" /skill/events/notification "$base/skill/events/notification" "$app_pid" "$WORK/event.lines"
    # The admin lists take the path from each line and the bearer token (scripts/bench/cycle.lua).
    measure "$backend" "GET /admin/products" "$base" "$app_pid" "$WORK/admin-products.lines" "$token"
    measure "$backend" "GET /admin/members" "$base" "$app_pid" "$WORK/admin-members.lines" "$token"
    measure "$backend" "GET /admin/orders" "$base" "$app_pid" "$WORK/admin-orders.lines" "$token"
    echo "$backend|logged|$(python3 "$ROOT/scripts/bench/logged.py" "$base/metrics")" >>"$WORK/extra"
    cp "$WORK/$backend-deals-reply.json" "$WORK/bare-deals.json"
    cp "$WORK/$backend-home-reply.json" "$WORK/bare-home.json"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true

    if [[ $backend == sqlite ]]; then
        # The peer alone on the machine, on the file junggye just served (its WAL checkpointed
        # when junggye closed it): the same rows, the same page cache. No bytecode written:
        # scripts/bench stays free of __pycache__.
        peer_port=$(free_port)
        echo "== FastAPI peer on :$peer_port ($WORKERS uvicorn workers)" >&2
        PYTHONDONTWRITEBYTECODE=1 BENCH_PEER_DB="$data/bench.db" BENCH_PEER_BASE_URL="$base" \
            "$VENV/bin/uvicorn" --app-dir "$ROOT/scripts/bench" peer:app \
            --host 127.0.0.1 --port "$peer_port" --workers "$WORKERS" \
            --loop uvloop --http httptools --no-access-log --log-level warning \
            >"$WORK/peer.log" 2>&1 &
        peer_pid=$!
        PIDS+=("$peer_pid")
        peer_url="http://127.0.0.1:$peer_port/skill/products/latest"
        wait_for "$peer_url" "$WORK/latest.one"
        expect_reply peer latest "$peer_url" '"commerceCard"'
        measure peer /skill/products/latest "$peer_url" "$peer_pid" "$WORK/latest.lines"
        kill "$peer_pid"
        wait "$peer_pid" 2>/dev/null || true
    fi
    if [[ $backend == mariadb ]]; then
        python3 "$ROOT/scripts/bench/mysql.py" "$MYSQL_BASE" drop junggye_bench
    fi
done

# The bare handler, once per reply size: the deals reply (the reference of every other skill)
# and the home reply (the issue compares home with a bare handler sending the same bytes).
for skill in deals home; do
    bare_port=$(free_port)
    echo "== bare actix handler on :$bare_port ($(wc -c <"$WORK/bare-$skill.json") bytes, as /skill/$skill)" >&2
    "$BARE_BIN" "$bare_port" "$WORK/bare-$skill.json" "$WORKERS" &
    bare_pid=$!
    PIDS+=("$bare_pid")
    wait_for "http://127.0.0.1:$bare_port/" "$WORK/$skill.one"
    measure bare "/skill/$skill" "http://127.0.0.1:$bare_port/skill/$skill" "$bare_pid" "$WORK/$skill.lines"
    kill "$bare_pid"
    wait "$bare_pid" 2>/dev/null || true
done

python3 "$ROOT/scripts/bench/report.py" "$WORK/results" "$WORK/extra" \
    "$LISTINGS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$WORKERS"
