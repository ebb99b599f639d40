"""Prints scripts/bench.sh's markdown report from its result files.

Usage: report.py RESULTS EXTRA LISTINGS CONNECTIONS DURATION WARMUP WORKERS
RESULTS lines: backend|target|rps|p50_ms|p99_ms|peak_rss_mib, backend one of sqlite, mariadb,
peer (the FastAPI peer) or bare (target: the skill whose reply bytes it served).
EXTRA lines: backend|kind|value, kinds: rss-start (MiB at the end of startup), seed (seconds),
logged (percent of skill calls the skill log kept), bytes-{skill} (reply size), orders (count).
"""

import datetime
import os
import sys

results_file, extra_file, listings, connections, duration, warmup, workers = sys.argv[1:8]
NAMES = {
    "sqlite": "SQLite, in-process cache",
    "mariadb": "MariaDB + Redis",
    "peer": "FastAPI + uvicorn peer (SQLite)",
    "bare": "bare actix",
}
LATEST, SEARCH, DETAIL, HOME = ("/skill/products/latest", "/skill/products/search",
                                "/skill/products/detail", "/skill/home")
# The targets.
PEER_TARGETS = [(LATEST, 2.0), (DETAIL, 2.0), (SEARCH, 1.5)]  # SQLite, times the peer's latest
HOME_OF_BARE = 0.5  # SQLite home, share of the bare handler serving the same bytes
P99_MS = 10.0  # every skill on SQLite
RSS_MIB = 48.0  # SQLite server
EVENT = "/skill/events/notification"
EVENT_P99_MS = 50.0  # the event block's skill, both backends (notifications issue)
MARIADB_RPS = [(LATEST, 4940), (SEARCH, 4772), (DETAIL, 5086)]  # twice the previous run

rows = []
for line in open(results_file, encoding="utf-8"):
    if line.strip():
        backend, target, rps, p50, p99, rss = line.strip().split("|")
        rows.append({"backend": backend, "target": target, "rps": float(rps), "p50": float(p50),
                     "p99": float(p99), "rss": float(rss)})
extra = {}
for line in open(extra_file, encoding="utf-8"):
    if line.strip():
        backend, kind, value = line.strip().split("|")
        extra[(backend, kind)] = float(value)


def find(backend, target):
    return next((r for r in rows if r["backend"] == backend and r["target"] == target), None)


peer = find("peer", LATEST)
bare_deals = find("bare", "/skill/deals")


def bare_for(target):
    """The bare run serving this skill's reply bytes, else the one serving the deals reply."""
    return find("bare", target) or bare_deals


def times(value, of):
    return f"{value / of:.2f}×" if of else "—"


def server_peak(backend):
    """Peak RSS of the server over startup and every target (each target's peak is its own)."""
    peaks = [r["rss"] for r in rows if r["backend"] == backend]
    if (backend, "rss-start") in extra:
        peaks.append(extra[(backend, "rss-start")])
    return max(peaks) if peaks else None


date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
print(f"## Run of {date}: {int(listings):,} listings, {connections} connections, "
      f"{os.cpu_count()} cores\n")
print(f"wrk -t2 -c{connections} -d{duration} --latency after a {warmup} warm-up; every server "
      f"with {workers} workers (actix workers; uvicorn worker processes for the peer); wrk on the "
      f"same machine; junggye's skill log queue on. No non-2xx replies, no socket errors. "
      f"× peer: requests/s over the FastAPI peer's /skill/products/latest; × bare: over the bare "
      f"actix handler serving the same bytes as /skill/home for home, the /skill/deals reply "
      f"otherwise. Peak RSS: the server's VmHWM over that target's warm-up and run (reset "
      f"before it through /proc/PID/clear_refs; the peer's is the sum of its processes).\n")
print("| backend | target | requests/s | p50 ms | p99 ms | × peer latest | × bare | peak RSS MiB |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    if r["backend"] == "bare":
        target = f"same bytes as {r['target']}"
    else:
        target = r["target"]
    bare = bare_for(r["target"])
    by_peer = times(r["rps"], peer["rps"]) if peer and r["backend"] in ("sqlite", "peer") else "—"
    by_bare = times(r["rps"], bare["rps"]) if bare and r is not bare else "—"
    print(f"| {NAMES.get(r['backend'], r['backend'])} | {target} | {r['rps']:,.0f} | "
          f"{r['p50']:.2f} | {r['p99']:.2f} | {by_peer} | {by_bare} | {r['rss']:.1f} |")
print()

for backend in ("sqlite", "mariadb"):
    if not any(r["backend"] == backend for r in rows):
        continue
    parts = [f"server peak RSS {server_peak(backend):.1f} MiB "
             f"(after startup {extra.get((backend, 'rss-start'), 0):.1f} MiB)"]
    if (backend, "seed") in extra:
        parts.append(f"seeding took {extra[(backend, 'seed')]:.1f} s")
    if (backend, "orders") in extra:
        parts.append(f"{extra[(backend, 'orders')]:,.0f} completed orders added for the admin "
                     f"order list")
    if (backend, "logged") in extra:
        parts.append(f"the skill log kept {extra[(backend, 'logged')]:.1f} % of the calls (the "
                     f"rest dropped and counted: over skill_log.max_bytes_per_sec or a full queue)")
    print(f"- {NAMES[backend]}: " + "; ".join(parts) + ".")
sizes = [f"{label} {extra[key]:,.0f}" for label, key in [
    ("junggye latest", ("sqlite", "bytes-latest")), ("peer latest", ("peer", "bytes-latest")),
    ("home", ("sqlite", "bytes-home")), ("deals", ("sqlite", "bytes-deals")),
    ("MariaDB home", ("mariadb", "bytes-home")), ("MariaDB deals", ("mariadb", "bytes-deals")),
] if key in extra]
if sizes:
    print("- Reply bytes (latest: first page; home: a member's menu): " + ", ".join(sizes) + ".")
print()

# The verdicts: each target as met / missed, with the numbers it was judged on.
verdicts = []


def verdict(ok, what, numbers):
    verdicts.append(f"- {what}: {'met' if ok else '**missed**'} ({numbers})")


def unmeasured(what):
    verdicts.append(f"- {what}: not measured in this run")


for target, factor in PEER_TARGETS:
    what = f"SQLite {target.rsplit('/', 1)[1]} ≥ {factor:g}× the FastAPI peer's latest"
    mine = find("sqlite", target)
    if mine and peer:
        verdict(mine["rps"] >= factor * peer["rps"], what,
                f"{mine['rps']:,.0f} vs {peer['rps']:,.0f} requests/s: "
                f"{mine['rps'] / peer['rps']:.2f}×")
    else:
        unmeasured(what)
home, bare_home = find("sqlite", HOME), find("bare", HOME)
what = f"SQLite home ≥ {HOME_OF_BARE * 100:.0f} % of the bare handler (same bytes)"
if home and bare_home:
    verdict(home["rps"] >= HOME_OF_BARE * bare_home["rps"], what,
            f"{home['rps']:,.0f} vs {bare_home['rps']:,.0f} requests/s: "
            f"{home['rps'] / bare_home['rps'] * 100:.0f} %")
else:
    unmeasured(what)
skills = [r for r in rows if r["backend"] == "sqlite" and r["target"].startswith("/skill/")]
what = f"Every skill's p99 ≤ {P99_MS:g} ms on SQLite"
if skills:
    over = [f"{r['target']} {r['p99']:.2f} ms" for r in skills if r["p99"] > P99_MS]
    worst = max(skills, key=lambda r: r["p99"])
    verdict(not over, what, ("over: " + ", ".join(over)) if over else
            f"highest {worst['target']} {worst['p99']:.2f} ms")
else:
    unmeasured(what)
what = f"SQLite server peak RSS ≤ {RSS_MIB:g} MiB"
if skills:
    peak = server_peak("sqlite")
    verdict(peak <= RSS_MIB, what, f"{peak:.1f} MiB")
else:
    unmeasured(what)
for target, floor in MARIADB_RPS:
    what = f"MariaDB + Redis {target.rsplit('/', 1)[1]} ≥ {floor:,} requests/s"
    mine = find("mariadb", target)
    if mine:
        verdict(mine["rps"] >= floor, what, f"{mine['rps']:,.0f} requests/s")
    else:
        unmeasured(what)
for backend in ("sqlite", "mariadb"):
    what = f"{NAMES[backend]}: the event block's skill p99 < {EVENT_P99_MS:g} ms"
    mine = find(backend, EVENT)
    if mine:
        verdict(mine["p99"] < EVENT_P99_MS, what,
                f"p99 {mine['p99']:.2f} ms, p50 {mine['p50']:.2f} ms, {mine['rps']:,.0f} requests/s")
    else:
        unmeasured(what)
print("Targets:\n")
print("\n".join(verdicts))
