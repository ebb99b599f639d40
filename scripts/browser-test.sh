#!/usr/bin/env bash
# Browser test: one whole trade walked through the chat playground (/playground) in headless
# Chromium driven by Playwright (tests/browser/walk.mjs): join → register a listing with a photo →
# browse → detail as the buyer → pay on the dev gateway → the seller's push → tracking number → purchase
# confirmation → sale confirmation → both review each other from the push. Screenshots of every
# step land in target/browser-screenshots/.
#
# Installs what is missing: Debian's chromium (and chromium-driver) when /usr/bin/chromium is
# absent, and tests/browser/node_modules (npm ci) when missing or older than the lock file.
# Builds the debug binary, runs it on a free port with a throwaway SQLite database and image dir,
# and stops it afterwards. Exits non-zero when anything fails.
#
# Usage: scripts/browser-test.sh
# Env:   CHROMIUM=/path/to/chromium    browser to drive (default /usr/bin/chromium; any Chrome or
#                                      Chromium that Playwright's CDP client speaks to works)
#        SCREENSHOT_DIR=DIR            where the screenshots go (default target/browser-screenshots)
#        KEEP_TMP=1                    keep the temp folder (database, images, server log)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
SCREENSHOT_DIR="${SCREENSHOT_DIR:-$ROOT/target/browser-screenshots}"
T0=$SECONDS

log() { echo "browser-test: $*" >&2; }

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root (or sudo) to run: $*"
        return 1
    fi
}

# ---- what the walk needs -------------------------------------------------------------------
if [[ ! -x "$CHROMIUM" ]]; then
    log "installing chromium and chromium-driver (Debian packages)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
    [[ -x "$CHROMIUM" ]] || {
        log "$CHROMIUM is still missing (not Debian? set CHROMIUM to a Chrome or Chromium binary)"
        exit 1
    }
fi
# A Korean font, or every screenshot shows boxes instead of Hangul.
if command -v fc-list >/dev/null 2>&1 && [[ -z "$(fc-list :lang=ko family 2>/dev/null)" ]]; then
    log "installing a Korean font (fonts-nanum)"
    font=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-nanum)
    as_root "${font[@]}" || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q && as_root "${font[@]}"; } ||
        log "could not install fonts-nanum: the screenshots will show boxes for Hangul"
fi
for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || {
        log "$tool is required"
        exit 1
    }
done
# npm ci writes node_modules/.package-lock.json: older than the lock file means out of date.
if [[ ! -f tests/browser/node_modules/.package-lock.json ||
    tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]]; then
    log "npm ci (tests/browser)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

log "building the app (debug)"
cargo build -q -p junggye --bin junggye
BIN="$ROOT/target/debug/junggye"

# ---- a throwaway server ----------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/junggye-browser.XXXXXX")"
SERVER_PID=""
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if ((rc != 0)) && [[ -f "$TMP/server.log" ]]; then
        log "server log (last 40 lines):"
        tail -n 40 "$TMP/server.log" >&2 || true
    fi
    if [[ "${KEEP_TMP:-}" == 1 ]]; then
        log "kept $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on now (the kernel picks it; tiny race until the app binds it).
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
BASE_URL="http://127.0.0.1:$PORT"

log "starting the app on $BASE_URL (data in $TMP)"
(
    cd "$TMP"
    # Nothing from the caller's environment or config/$APP_ENV.toml: the embedded default plus
    # these (the app reads config/ relative to APP_CONFIG_DIR, so point it at the repo's).
    exec env -u APP_ENV APP_CONFIG_DIR="$ROOT/config" \
        APP__SERVER__HOST=127.0.0.1 \
        APP__SERVER__PORT="$PORT" \
        APP__PUBLIC_BASE_URL="$BASE_URL" \
        APP__DATABASE__URL="sqlite://$TMP/junggye.db?mode=rwc" \
        APP__CACHE__REDIS_URL= \
        APP__IMAGES__BACKEND=local \
        APP__IMAGES__DIR="$TMP/images" \
        APP__KAKAO__SKILL_SECRET= \
        APP__KAKAO__SCENARIO_PATH="$ROOT/config/scenario.toml" \
        APP__KAKAOPAY__BACKEND=dev \
        APP__DEALS__ENABLED=false \
        APP__PLAYGROUND__ENABLED=true \
        APP__NOTIFY__BACKEND=stand-in \
        APP__LOG__FORMAT=json \
        "$BIN"
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

healthy() {
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "$BASE_URL/healthz"
}
ready=0
for _ in $(seq 150); do
    if healthy; then
        ready=1
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || {
        log "the app exited before it was ready"
        exit 1
    }
    sleep 0.2
done
((ready)) || {
    log "the app did not answer /healthz within about 30 s"
    exit 1
}
log "app ready after $((SECONDS - T0)) s"

# ---- the walk --------------------------------------------------------------------------------
rm -rf "$SCREENSHOT_DIR"
mkdir -p "$SCREENSHOT_DIR"
T1=$SECONDS
status=0
(cd tests/browser && BASE_URL="$BASE_URL" SCREENSHOT_DIR="$SCREENSHOT_DIR" CHROMIUM="$CHROMIUM" node walk.mjs) ||
    status=$?
if ((status == 0)); then
    log "walk passed in $((SECONDS - T1)) s ($((SECONDS - T0)) s total); screenshots in $SCREENSHOT_DIR"
else
    log "walk FAILED (exit $status); screenshots in $SCREENSHOT_DIR"
fi
exit "$status"
