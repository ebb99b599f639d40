#!/usr/bin/env bash
# Benchmark (not a test): /skill/deals on a warm cache against a bare actix handler that returns
# the very same bytes, in one run, with wrk. Reports requests/s and p99 latency for both.
#
# What it does:
#   1. builds the release binary and the bare_reply example;
#   2. serves the crawler's fixture pages (crates/adapters/crawler/tests/fixtures) as a local deal
#      board with python3;
#   3. starts the app on a throwaway SQLite database, its refresher pointed at that board, and
#      waits until /skill/deals answers with deals (the cache is warm);
#   4. saves that reply and starts bare_reply serving it;
#   5. runs wrk against both (same payload, connections and duration), alternating for 3 rounds,
#      and reports the medians.
#
# Usage: scripts/bench-deals.sh [--cache inproc|redis] [--duration 10s] [--connections 64]
#   --cache redis uses $BENCH_REDIS_URL (default redis://127.0.0.1:6379/15); Redis must be running.
# Needs: cargo, python3, curl, wrk (apt-get install -y wrk).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CACHE=inproc
DURATION=10s
CONNECTIONS=64
THREADS=2
while (($# > 0)); do
    case $1 in
        --cache) CACHE=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        *) echo "bench-deals: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $CACHE in inproc | redis) ;; *) echo "bench-deals: --cache inproc|redis" >&2; exit 2 ;; esac

for tool in cargo python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench-deals: $tool is required" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
    echo "bench-deals: installing wrk" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (release)" >&2
cargo build --release -p junggye --bin junggye --example bare_reply >&2
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
APP_BIN=$TARGET_DIR/release/junggye
BARE_BIN=$TARGET_DIR/release/examples/bare_reply

BOARD_PORT=$(free_port)
APP_PORT=$(free_port)
BARE_PORT=$(free_port)
FIXTURES=$ROOT/crates/adapters/crawler/tests/fixtures

echo "== fixture board on :$BOARD_PORT" >&2
python3 "$ROOT/scripts/bench/board.py" "$FIXTURES" "$BOARD_PORT" &
PIDS+=($!)

REDIS_URL=""
if [[ $CACHE == redis ]]; then
    REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/15}
fi

echo "== app on :$APP_PORT (cache: $CACHE)" >&2
mkdir -p "$WORK/data"
env APP_ENV=bench APP_CONFIG_DIR="$ROOT/config" \
    APP__SERVER__HOST=127.0.0.1 APP__SERVER__PORT="$APP_PORT" APP__SERVER__WORKERS="$THREADS" \
    APP__DATABASE__URL="sqlite://$WORK/data/bench.db?mode=rwc" \
    APP__CACHE__REDIS_URL="$REDIS_URL" \
    APP__DEALS__ENABLED=true \
    APP__DEALS__SOURCE_URL="http://127.0.0.1:$BOARD_PORT/bbs/qb_saleinfo" \
    APP__DEALS__REQUEST_GAP_MS=5 \
    APP__KAKAO__RATE_LIMIT_PER_MIN=1000000000 \
    APP__PLAYGROUND__ENABLED=false \
    APP__IMAGES__DIR="$WORK/data/images" \
    APP__LOG__FILTER=warn \
    "$APP_BIN" >"$WORK/app.log" 2>&1 &
PIDS+=($!)

PAYLOAD='{"intent":{"id":"i","name":"핫딜"},"userRequest":{"timezone":"Asia/Seoul","utterance":"핫딜","lang":"ko","block":{"id":"HOT_DEALS","name":"핫딜"},"user":{"id":"bench-user","type":"botUserKey","properties":{}}},"bot":{"id":"bench-bot","name":"중계나라"},"action":{"name":"deals","id":"a","params":{},"detailParams":{},"clientExtra":{}}}'
printf '%s' "$PAYLOAD" >"$WORK/payload.json"

echo "== waiting for a warm cache" >&2
for _ in $(seq 1 200); do
    if curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/payload.json" \
        "http://127.0.0.1:$APP_PORT/skill/deals" -o "$WORK/reply.json" 2>/dev/null &&
        grep -q '"commerceCard"' "$WORK/reply.json"; then
        break
    fi
    sleep 0.1
done
grep -q '"commerceCard"' "$WORK/reply.json" 2>/dev/null || {
    echo "bench-deals: the cache never warmed; app log:" >&2
    cat "$WORK/app.log" >&2
    exit 1
}
REPLY_BYTES=$(wc -c <"$WORK/reply.json")

echo "== bare actix handler on :$BARE_PORT ($REPLY_BYTES bytes)" >&2
"$BARE_BIN" "$BARE_PORT" "$WORK/reply.json" "$THREADS" &
PIDS+=($!)
for _ in $(seq 1 100); do
    curl -sf -X POST --data-binary @"$WORK/payload.json" "http://127.0.0.1:$BARE_PORT/skill/deals" \
        -o "$WORK/bare.json" 2>/dev/null && break
    sleep 0.05
done
cmp -s "$WORK/reply.json" "$WORK/bare.json" || { echo "bench-deals: bare reply differs" >&2; exit 1; }

cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/payload.json", "rb")
wrk.body = f:read("*a")
f:close()
EOF

measure() { # name url round -> "rps p99_ms" (full wrk output kept in $WORK/name-round.txt)
    local name=$1 url=$2 round=$3 out
    out=$WORK/$name-$round.txt
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/post.lua" "$url" >"$out"
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        echo "bench-deals: errors against $name:" >&2
        cat "$out" >&2
        exit 1
    fi
    awk '/^Requests\/sec:/ {rps = $2}
         $1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                      ms = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v}
         END {printf "%s %.2f\n", rps, ms}' "$out"
}

APP_URL="http://127.0.0.1:$APP_PORT/skill/deals"
BARE_URL="http://127.0.0.1:$BARE_PORT/skill/deals"
ROUNDS=3
echo "== wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per round, $ROUNDS alternating rounds" >&2
# Warm-up, then alternate app and bare so that noise from other processes on the machine
# (builds, other services) falls on both alike; the medians are reported.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$WORK/post.lua" "$APP_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$WORK/post.lua" "$BARE_URL" >/dev/null
: >"$WORK/app.rounds"
: >"$WORK/bare.rounds"
for round in $(seq 1 "$ROUNDS"); do
    measure app "$APP_URL" "$round" >>"$WORK/app.rounds"
    measure bare "$BARE_URL" "$round" >>"$WORK/bare.rounds"
done
# The reply after the load, to show the app was still serving deals, not an error or a limit.
curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/payload.json" \
    "$APP_URL" | grep -q '"commerceCard"' ||
    { echo "bench-deals: after the run /skill/deals no longer serves deals" >&2; exit 1; }

median() { # column file
    sort -g -k"$1","$1" "$2" | awk -v c="$1" '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}'
}
rounds() { # column file
    awk -v c="$1" '{printf "%s%s", (NR > 1 ? " / " : ""), $c}' "$2"
}
APP_RPS=$(median 1 "$WORK/app.rounds")
APP_P99=$(median 2 "$WORK/app.rounds")
BARE_RPS=$(median 1 "$WORK/bare.rounds")
BARE_P99=$(median 2 "$WORK/bare.rounds")
RATIO=$(python3 -c "print(f'{float(\"$APP_RPS\") / float(\"$BARE_RPS\") * 100:.0f}')")
cat <<EOF

## /skill/deals vs a bare actix handler ($(date -u +%Y-%m-%d), $(nproc) cores, cache: $CACHE)

wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS alternating rounds (medians; every round
below), POST of a Kakao SkillPayload; reply $REPLY_BYTES bytes (5 commerceCards); app and bare server
each with $THREADS actix workers; wrk on the same machine. No non-2xx replies, no socket errors.

| target | requests/s (median) | p99 ms (median) | requests/s per round | p99 ms per round |
|---|---:|---:|---|---|
| /skill/deals (warm $CACHE cache) | $APP_RPS | $APP_P99 | $(rounds 1 "$WORK/app.rounds") | $(rounds 2 "$WORK/app.rounds") |
| bare actix handler, same bytes | $BARE_RPS | $BARE_P99 | $(rounds 1 "$WORK/bare.rounds") | $(rounds 2 "$WORK/bare.rounds") |

The app reaches $RATIO % of the bare handler's throughput.
EOF
