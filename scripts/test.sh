#!/usr/bin/env bash
# THE test command (README, docs/contract.md, run and test; `.ci/run` calls exactly this).
#
# Starts or finds MariaDB, Redis and s3s-fs (scripts/services.sh; installs them if absent), then
# runs the whole workspace suite against them with JUNGGYE_REQUIRE_SERVICES=1, so a service test
# FAILS instead of skipping when its TEST_* variable is missing. Every DB test runs on both
# MariaDB/MySQL and SQLite inside the suite, so one run covers both.
#
# Usage: scripts/test.sh [ARGS...]        ARGS go to the test runner, e.g.
#        scripts/test.sh -p junggye-members
#        scripts/test.sh -p junggye-mysql -E 'test(member)'     (nextest filter syntax)
# Env:   KEEP_SERVICES=1     leave the services this run started running (next run reuses them)
#        NEXTEST_PROFILE=X   nextest profile (default: ci, see .config/nextest.toml)
#        BROWSER_TEST=0|1    skip / force the playground browser walk (scripts/browser-test.sh),
#                            which runs last on a run without arguments
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Package selection args also apply to the doctest run; everything else (filters, runner flags)
# only makes sense to the main runner.
user_args=("$@")
pkg_args=()
narrowed=0
for ((i = 0; i < ${#user_args[@]}; i++)); do
    a=${user_args[i]}
    case $a in
        -p | --package | --exclude)
            ((i + 1 < ${#user_args[@]})) || {
                echo "test.sh: $a needs a value" >&2
                exit 2
            }
            pkg_args+=("$a" "${user_args[i + 1]}")
            [[ $a == --exclude ]] || narrowed=1
            i=$((i + 1))
            ;;
        -p?* | --package=*)
            pkg_args+=("$a")
            narrowed=1
            ;;
        --exclude=*) pkg_args+=("$a") ;;
    esac
done
# cargo lets --workspace win over -p, which would silently run everything: add it only when the
# caller did not pick packages.
scope=()
if ((!narrowed)); then scope=(--workspace); fi

# shellcheck source=scripts/services.sh
source "$ROOT/scripts/services.sh"

# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
    local rc=$?
    if [[ "${KEEP_SERVICES:-}" == 1 ]]; then
        echo "test.sh: KEEP_SERVICES=1, leaving services running (stop with: bash scripts/services.sh down)" >&2
    elif [[ -n "${SERVICES_STARTED:-}" ]]; then
        # Only what this run started; services found running (system ones, or kept from an
        # earlier KEEP_SERVICES=1 run) stay up.
        # shellcheck disable=SC2086 # a space-separated list of names, split on purpose
        services_down $SERVICES_STARTED || true
    fi
    exit "$rc"
}
trap cleanup EXIT
# Make Ctrl-C / a CI cancel run the EXIT trap too, so no server is left behind.
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
echo "test.sh: starting services" >&2
services_up
echo "test.sh: services ready in $((SECONDS - t0)) s" >&2
export JUNGGYE_REQUIRE_SERVICES=1

status=0
if cargo nextest --version >/dev/null 2>&1; then
    t1=$SECONDS
    cmd=(cargo nextest run --profile "${NEXTEST_PROFILE:-ci}" "${scope[@]}" --no-fail-fast "${user_args[@]}")
    echo "test.sh: ${cmd[*]}" >&2
    "${cmd[@]}" || status=$?
    echo "test.sh: nextest finished in $((SECONDS - t1)) s (exit $status)" >&2

    # nextest does not run doctests.
    t1=$SECONDS
    cmd=(cargo test --doc "${scope[@]}" "${pkg_args[@]}")
    echo "test.sh: ${cmd[*]}" >&2
    doc_status=0
    doc_log="$(mktemp)"
    "${cmd[@]}" 2>&1 | tee "$doc_log" || doc_status=$?
    # `-p <bin-only crate>` (e.g. the app) makes cargo refuse --doc outright; that is "no
    # doctests", not a failure. The workspace-wide run skips such crates by itself.
    if ((doc_status != 0)) && grep -q 'no library targets found in package' "$doc_log"; then
        echo "test.sh: selected package has no library target, so no doctests to run" >&2
        doc_status=0
    fi
    rm -f "$doc_log"
    echo "test.sh: doctests finished in $((SECONDS - t1)) s (exit $doc_status)" >&2
    if ((status == 0)); then status=$doc_status; fi
else
    # Without nextest, cargo test runs the doctests itself: no second pass needed.
    echo "test.sh: cargo-nextest not found, falling back to cargo test" >&2
    t1=$SECONDS
    cargo test "${scope[@]}" --no-fail-fast "${user_args[@]}" || status=$?
    echo "test.sh: cargo test finished in $((SECONDS - t1)) s (exit $status)" >&2
fi

# The browser walk through the playground (scripts/browser-test.sh; installs Chromium itself).
# Runs on a whole-suite run, or when BROWSER_TEST=1; BROWSER_TEST=0 skips it. Runs even after a
# failed suite, for its screenshots; the first failure decides the exit status.
if [[ "${BROWSER_TEST:-}" == 1 ]] || { ((${#user_args[@]} == 0)) && [[ "${BROWSER_TEST:-}" != 0 ]]; }; then
    t1=$SECONDS
    echo "test.sh: scripts/browser-test.sh" >&2
    browser_status=0
    bash "$ROOT/scripts/browser-test.sh" || browser_status=$?
    echo "test.sh: browser test finished in $((SECONDS - t1)) s (exit $browser_status)" >&2
    if ((status == 0)); then status=$browser_status; fi
else
    echo "test.sh: browser test skipped (arguments given; BROWSER_TEST=1 runs it)" >&2
fi

if ((status == 0)); then
    echo "test.sh: all tests passed ($((SECONDS - t0)) s total)" >&2
else
    echo "test.sh: FAILED (exit $status, $((SECONDS - t0)) s total)" >&2
fi
exit "$status"
