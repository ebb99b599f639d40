#!/usr/bin/env bash
# Benchmark (not a test): keyword-alert matching at 0, 1,000 and 100,000 stored keywords, on
# SQLite and (when TEST_DATABASE_URL names a MariaDB/MySQL server) on MariaDB. Prints a markdown
# table: the candidate lookup alone and the whole listing_added, with their ratio to the fewest
# keywords (docs/benchmarks.md keeps the latest run). See crates/app/examples/alert_matching.rs.
#
# Usage: scripts/bench-alerts.sh [ROUNDS]   (default 50 rounds over 10 listing names per size)
#   TEST_DATABASE_URL=mysql://root@127.0.0.1:3306 adds MariaDB (a junggye_t_… database is
#   created and dropped).
# Needs: cargo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

cargo build --release -p junggye --example alert_matching
"${CARGO_TARGET_DIR:-target}/release/examples/alert_matching" "${1:-50}"
