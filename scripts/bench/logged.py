"""Prints the share of skill calls the skill log kept, in percent, from the app's /metrics.

Usage: logged.py METRICS_URL
Calls: junggye_http_requests_total of /skill routes; lost: junggye_skill_logs_dropped_total
(queue full, over skill_log.max_bytes_per_sec, or a failed write). Entries still queued count
as kept.
"""

import re
import sys
import urllib.request

text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
calls = dropped = 0.0
for line in text.splitlines():
    if line.startswith("junggye_http_requests_total{") and re.search(r'route="/skill', line):
        calls += float(line.rsplit(" ", 1)[1])
    elif line.startswith("junggye_skill_logs_dropped_total "):
        dropped = float(line.rsplit(" ", 1)[1])
if calls == 0:
    sys.exit("logged.py: no skill calls in the metrics")
print(f"{(calls - dropped) / calls * 100:.1f}")
