"""Prints scripts/bench.sh's markdown report from its result files.

Usage: report.py RESULTS RSS LISTINGS CONNECTIONS DURATION WORKERS REPLY_BYTES
RESULTS lines: backend|target|rps|p50_ms|p99_ms; RSS lines: backend|rss|MiB, backend|seed|seconds or backend|logged|percent of skill calls.
"""

import datetime
import os
import sys

results_file, rss_file, listings, connections, duration, workers, reply_bytes = sys.argv[1:8]
P99_TARGET_MS = 50.0
RSS_TARGET_MIB = 64.0
NAMES = {"sqlite": "SQLite, in-process cache", "mariadb": "MariaDB + Redis", "bare": "bare actix"}

results = [line.strip().split("|") for line in open(results_file, encoding="utf-8") if line.strip()]
extra = {}
for line in open(rss_file, encoding="utf-8"):
    if line.strip():
        backend, kind, value = line.strip().split("|")
        extra[(backend, kind)] = float(value)

date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
print(f"## Run of {date}: {int(listings):,} listings, {connections} connections, "
      f"{os.cpu_count()} cores\n")
print(f"wrk -t2 -c{connections} -d{duration} --latency after a 3 s warm-up; server with {workers} "
      f"actix workers; wrk on the same machine; skill log queue on. Bare handler reply: "
      f"{reply_bytes} bytes (the /skill/deals reply). No non-2xx replies, no socket errors.\n")
print("| backend | target | requests/s | p50 ms | p99 ms | p99 < 50 ms |")
print("|---|---|---:|---:|---:|:---:|")
for backend, target, rps, p50, p99 in results:
    ok = "yes" if float(p99) < P99_TARGET_MS else "**no**"
    print(f"| {NAMES.get(backend, backend)} | {target} | {float(rps):,.0f} | {p50} | {p99} | {ok} |")
print()
bare = next((float(r[2]) for r in results if r[0] == "bare"), None)
for backend in ("sqlite", "mariadb"):
    deals = next((float(r[2]) for r in results if r[0] == backend and r[1] == "/skill/deals"), None)
    rss = extra.get((backend, "rss"))
    seed = extra.get((backend, "seed"))
    logged = extra.get((backend, "logged"))
    if deals is None:
        continue
    parts = []
    if bare:
        ratio = deals / bare * 100
        parts.append(f"deals at {ratio:.0f} % of the bare handler's throughput "
                     f"({'meets' if ratio >= 50 else '**misses**'} the 50 % target)")
    if rss is not None:
        parts.append(f"peak RSS {rss:.1f} MiB ({'under' if rss < RSS_TARGET_MIB else '**over**'} 64 MiB)")
    if seed is not None:
        parts.append(f"seeding took {seed:.1f} s")
    if logged is not None:
        parts.append(f"the skill log kept {logged:.1f} % of the calls (the rest dropped and "
                     f"counted: over skill_log.max_bytes_per_sec or a full queue)")
    print(f"- {NAMES[backend]}: " + "; ".join(parts) + ".")
if ("bare", "rss") in extra:
    print(f"- bare actix handler: peak RSS {extra[('bare', 'rss')]:.1f} MiB.")
