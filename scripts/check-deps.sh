#!/usr/bin/env bash
# Dependency-direction check (docs/conventions.md, crates and dependency direction).
#
# Domain crates (every package whose manifest lives under crates/domain/) must not reach the
# infrastructure: no ORM, SQL driver, web framework, Redis, HTTP client or S3 SDK, directly or
# transitively. We grep `cargo tree` rather than use `cargo tree -i X`, because the latter exits 0
# when X is simply absent from the graph and so cannot fail a build.
#
# Usage: scripts/check-deps.sh            # check all domain crates
#        scripts/check-deps.sh PKG...     # check the named packages instead (e.g. to see a failure)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Matched against the start of `cargo tree --prefix none` lines ("name vX.Y.Z ..."). Families are
# matched by prefix (sea-orm-macros, sqlx-mysql, actix-rt, aws-sdk-s3, ...) so that a crate cannot
# dodge the check by depending on a sub-crate directly. serde/serde_json stay allowed.
FORBIDDEN='^(sea-orm(-[a-z0-9-]+)?|sqlx(-[a-z0-9-]+)?|actix(-[a-z0-9-]+)?|redis|deadpool-redis|reqwest|rust-s3|hyper|aws-sdk-[a-z0-9-]+|aws-config) v'

# Package name from a manifest's [package] table (a virtual manifest has none: prints nothing).
package_name() {
    awk '
        /^[[:space:]]*\[/ { in_pkg = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/); next }
        in_pkg && /^[[:space:]]*name[[:space:]]*=/ {
            sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }' "$1"
}

if (($# > 0)); then
    packages=("$@")
else
    packages=()
    while IFS= read -r manifest; do
        name=$(package_name "$manifest")
        if [[ -n "$name" ]]; then packages+=("$name"); fi
    done < <(find crates/domain -name Cargo.toml -not -path '*/target/*' | sort)
    ((${#packages[@]} > 0)) || {
        echo "check-deps: ERROR: no packages found under crates/domain/" >&2
        exit 1
    }
fi

failed=0
for pkg in "${packages[@]}"; do
    # --all-features: an optional feature that drags in sea-orm is as much a leak as a plain dep.
    # -e normal: dev-dependencies (test adapters, mocks) and build scripts are not the domain's API.
    if ! tree=$(cargo tree -p "$pkg" -e normal --all-features --prefix none 2>&1); then
        printf '%s\n' "$tree" >&2
        echo "check-deps: ERROR: cargo tree failed for $pkg (see above: the workspace must resolve, and the package must be a workspace member)" >&2
        exit 1
    fi
    bad=$(printf '%s\n' "$tree" | grep -E "$FORBIDDEN" | sed 's/ (\*)$//' | sort -u || true)
    if [[ -z "$bad" ]]; then
        continue
    fi
    failed=1
    echo "check-deps: FAIL: $pkg depends on infrastructure crates:" >&2
    printf '%s\n' "$bad" | sed 's/^/  - /' >&2
    names=$(awk '{ print $1 }' <<<"$bad")
    while IFS= read -r line; do
        name=${line%% *}
        # sqlx-core, sea-orm-macros, ...: their path is sqlx's / sea-orm's, already shown.
        if grep -qxF "${name%-*}" <<<"$names" && [[ "$name" == *-* ]]; then continue; fi
        # "sea-orm v2.0.4" -> "sea-orm@2.0.4": the exact spec, since a graph may hold two versions.
        spec=$(awk '{ v = $2; sub(/^v/, "", v); print $1 "@" v }' <<<"$line")
        echo "  how $pkg reaches $spec (inverted tree):" >&2
        cargo tree -p "$pkg" -e normal --all-features -i "$spec" 2>&1 | head -n 30 | sed 's/^/      /' >&2
    done <<<"$bad"
done

if ((failed)); then
    echo "check-deps: dependency direction violated (domain crates must not depend on adapters' infrastructure; see docs/conventions.md)" >&2
    exit 1
fi
echo "check-deps: OK: ${#packages[@]} domain crate(s) clean (${packages[*]})"
