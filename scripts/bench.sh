#!/usr/bin/env bash
# Benchmark (not a test): the main skills and an admin list on 100,000 listings, against SQLite and
# against MariaDB + Redis, next to a bare actix handler returning a same-sized Kakao reply, in one
# run. Prints throughput, p50/p99 latency and the server's peak RSS as a markdown report
# (docs/benchmarks.md keeps the latest one).
#
# For each backend:
#   1. a fresh database (a SQLite file in a temp dir / the MariaDB database junggye_bench) seeded by
#      `junggye seed --demo --listings N` (the demo set plus N synthetic listings);
#   2. the release binary on it, skill log queue on (as in production: every call is logged and
#      written in batches), its deal refresher pointed at the crawler's fixture pages served
#      locally (python3), an admin account made with `junggye admin create`;
#   3. wrk against each target (warm-up, then one measured run), every request with another of
#      100 users and, where it applies, another listing id / keyword / page;
#   4. VmHWM (peak RSS) of the server from /proc after the last run.
# Then bare_reply (crates/app/examples) serves the deals reply's bytes and gets the same load.
#
# The per-user rate limit is raised for the run: 100 users at thousands of calls per second would
# otherwise mostly measure the limiter's polite refusal.
#
# Usage: scripts/bench.sh [--backend sqlite|mariadb|both] [--listings 100000] [--duration 10s]
#                         [--connections 64] [--workers 2]
#   MariaDB: $BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306, database junggye_bench is
#   created and dropped); Redis: $BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, flushed).
#   Both must be running (scripts/services.sh starts them: `source scripts/services.sh; services_up`).
# Needs: cargo, python3, curl, wrk (installed with apt-get when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BACKENDS=both
LISTINGS=100000
DURATION=10s
CONNECTIONS=64
WORKERS=2
while (($# > 0)); do
    case $1 in
        --backend) BACKENDS=$2; shift 2 ;;
        --listings) LISTINGS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --workers) WORKERS=$2; shift 2 ;;
        *) echo "bench: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $BACKENDS in
    sqlite) BACKENDS=(sqlite) ;;
    mariadb) BACKENDS=(mariadb) ;;
    both) BACKENDS=(sqlite mariadb) ;;
    *) echo "bench: --backend sqlite|mariadb|both" >&2; exit 2 ;;
esac

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
peak_rss_mib() { # pid
    awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"
}

echo "== building (release)" >&2
cargo build --release -p junggye --bin junggye --example bare_reply >&2
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
APP_BIN=$TARGET_DIR/release/junggye
BARE_BIN=$TARGET_DIR/release/examples/bare_reply

BOARD_PORT=$(free_port)
echo "== fixture deal board on :$BOARD_PORT" >&2
python3 "$ROOT/scripts/bench/board.py" "$ROOT/crates/adapters/crawler/tests/fixtures" "$BOARD_PORT" &
PIDS+=($!)

# Request bodies, one per line: wrk cycles through them (scripts/bench/cycle.lua).
python3 "$ROOT/scripts/bench/bodies.py" "$WORK" "$LISTINGS"

: >"$WORK/results"
measure() { # backend target url lua-args... -> a line in $WORK/results
    local backend=$1 target=$2 url=$3 out
    shift 3
    out=$WORK/$backend-${target//\//_}.txt
    wrk -t2 -c"$CONNECTIONS" -d3s -s "$ROOT/scripts/bench/cycle.lua" "$url" -- "$@" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/bench/cycle.lua" "$url" -- "$@" >"$out"
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        echo "bench: errors against $target on $backend:" >&2
        cat "$out" >&2
        exit 1
    fi
    awk -v backend="$backend" -v target="$target" '
        function ms(v,   u) { u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                             return (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
        /^Requests\/sec:/ {rps = $2}
        $1 == "50%" {p50 = ms($2)}
        $1 == "99%" {p99 = ms($2)}
        END {printf "%s|%s|%.0f|%.2f|%.2f\n", backend, target, rps, p50, p99}' "$out" |
        tee -a "$WORK/results" >&2
}

expect_reply() { # url body-file pattern what
    local reply
    reply=$(curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$2" "$1") || {
        echo "bench: $4 failed" >&2
        exit 1
    }
    grep -q "$3" <<<"$reply" || {
        echo "bench: $4 did not answer with $3: $reply" >&2
        exit 1
    }
}

: >"$WORK/rss"
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
    echo "$backend|seed|$seed_secs" >>"$WORK/rss"
    env "${app_env[@]}" JUNGGYE_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
        "$APP_BIN" admin create --username bench >&2

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
    # Each target answers with real content before it is measured.
    expect_reply "$base/skill/products/latest" "$WORK/latest.one" '"commerceCard"' latest
    expect_reply "$base/skill/products/search" "$WORK/search.one" '"commerceCard"' search
    expect_reply "$base/skill/products/detail" "$WORK/detail.one" '"basicCard"' detail
    token=$(curl -sf -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"bench\",\"password\":\"$ADMIN_PASSWORD\"}" "$base/admin/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    curl -sf -H "Authorization: Bearer $token" "$base/admin/products?page=0" | grep -q '"items"' || {
        echo "bench: admin product list failed" >&2
        exit 1
    }

    measure "$backend" /skill/products/latest "$base/skill/products/latest" "$WORK/latest.lines"
    measure "$backend" /skill/products/search "$base/skill/products/search" "$WORK/search.lines"
    measure "$backend" /skill/products/detail "$base/skill/products/detail" "$WORK/detail.lines"
    measure "$backend" /skill/deals "$base/skill/deals" "$WORK/deals.lines"
    measure "$backend" "GET /admin/products" "$base/admin/products" "$WORK/admin.lines" "$token"
    echo "$backend|rss|$(peak_rss_mib "$app_pid")" >>"$WORK/rss"
    echo "$backend|logged|$(python3 "$ROOT/scripts/bench/logged.py" "$base/metrics")" >>"$WORK/rss"
    cp "$WORK/deals-reply.json" "$WORK/bare-reply.json"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    if [[ $backend == mariadb ]]; then
        python3 "$ROOT/scripts/bench/mysql.py" "$MYSQL_BASE" drop junggye_bench
    fi
done

bare_port=$(free_port)
reply_bytes=$(wc -c <"$WORK/bare-reply.json")
echo "== bare actix handler on :$bare_port ($reply_bytes bytes)" >&2
"$BARE_BIN" "$bare_port" "$WORK/bare-reply.json" "$WORKERS" &
bare_pid=$!
PIDS+=("$bare_pid")
for _ in $(seq 1 100); do
    curl -sf -X POST --data-binary @"$WORK/deals.one" "http://127.0.0.1:$bare_port/" -o /dev/null && break
    sleep 0.05
done
measure bare "bare actix, same bytes as /skill/deals" "http://127.0.0.1:$bare_port/skill/deals" "$WORK/deals.lines"
echo "bare|rss|$(peak_rss_mib "$bare_pid")" >>"$WORK/rss"

python3 "$ROOT/scripts/bench/report.py" "$WORK/results" "$WORK/rss" \
    "$LISTINGS" "$CONNECTIONS" "$DURATION" "$WORKERS" "$reply_bytes"
