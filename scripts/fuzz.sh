#!/usr/bin/env bash
# Property tests at fuzzing strength (not part of CI's time budget): the skill payload parser,
# the secure-image value parser, the crawler's page parser, the Event API's reply parser and both
# state machines, each at
# $CASES random cases (10,000 by default) instead of CI's 256-3,000. A failure prints the
# shrunk input; proptest also saves it under the test's proptest-regressions/ for the next run.
#
# Usage: scripts/fuzz.sh [CASES]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CASES=${1:-10000}
export PROPTEST_CASES=$CASES
# Shrinking a failure can take long at this size; the first failing case is reported anyway.
export PROPTEST_MAX_SHRINK_ITERS=${PROPTEST_MAX_SHRINK_ITERS:-2000}

# Property tests only: the payload and image parsers (kakao-protocol: request::tests, lenient,
# tests/properties.rs), the board parser (crawler/tests/parse_properties.rs), the listing and
# order state machines, the notification schedule, and the Event API's send and task answers
# (kakao-event: properties).
filter='binary(properties) | binary(parse_properties) | binary(state_properties)
    | binary(status_properties) | test(lenient::tests) | test(parsing_straight_from_bytes)
    | test(retry_delays_stay) | test(a_held_push_never) | test(batches_never_exceed)
    | (package(junggye-kakao-event) & test(/^properties::/))'
start=$SECONDS
cargo nextest run --release --no-fail-fast \
    -p junggye-kakao-protocol -p junggye-crawler -p junggye-orders -p junggye-products \
    -p junggye-notifications -p junggye-kakao-event -E "$filter"
echo "fuzz.sh: $CASES cases per property in $((SECONDS - start)) s"
