"""Writes the request files scripts/bench.sh feeds to wrk (scripts/bench/cycle.lua).

Usage: bodies.py OUT_DIR LISTINGS
For each target, OUT_DIR/{target}.lines holds one request per line (100 users, varied listing
ids, keywords and pages) and OUT_DIR/{target}.one a single body for checking the reply first.
"""

import json
import random
import sys

OUT, LISTINGS = sys.argv[1], int(sys.argv[2])
USERS = [f"bench-user-{n:03}" for n in range(100)]
# Words the synthetic listings are named from (junggye seed --listings); both hit and miss.
KEYWORDS = ["아이폰", "자전거", "의자", "노트북", "캠핑", "에어팟", "원피스", "책상", "닌텐도", "유모차"]
ROUTES = {
    "latest": "latest",
    "search": "search",
    "detail": "detail",
    "deals": "deals",
}
rng = random.Random(7)


def payload(user, action, params=None, extra=None):
    return {
        "intent": {"id": "bench", "name": "bench"},
        "userRequest": {
            "timezone": "Asia/Seoul",
            "utterance": action,
            "lang": "ko",
            "block": {"id": action.upper(), "name": action},
            "user": {"id": user, "type": "botUserKey", "properties": {}},
        },
        "bot": {"id": "bench-bot", "name": "중계나라"},
        "action": {
            "name": action,
            "id": "bench",
            "params": params or {},
            "detailParams": {},
            "clientExtra": extra or {},
        },
    }


def latest(user):
    # Mostly the first page, as people browse; some deeper pages through the cursor.
    if rng.random() < 0.7:
        return payload(user, "latest")
    return payload(user, "latest", extra={"cursor": str(rng.randint(11, LISTINGS))})


def search(user):
    return payload(user, "search", params={"keyword": rng.choice(KEYWORDS)})


def detail(user):
    # The demo set comes first; the synthetic listings follow it.
    return payload(user, "detail", extra={"product_id": rng.randint(1, LISTINGS)})


def deals(user):
    return payload(user, "deals")


def admin():
    return f"/admin/products?page={rng.randint(0, 20)}&size=20"


for name, make in {"latest": latest, "search": search, "detail": detail, "deals": deals}.items():
    lines = [json.dumps(make(USERS[n % len(USERS)]), ensure_ascii=False) for n in range(1000)]
    with open(f"{OUT}/{name}.lines", "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    with open(f"{OUT}/{name}.one", "w", encoding="utf-8") as out:
        first = make(USERS[0])
        if name == "detail":
            first["action"]["clientExtra"]["product_id"] = 1
        if name == "latest":
            first["action"]["clientExtra"] = {}
        if name == "search":
            first["action"]["params"]["keyword"] = "아이폰"
        out.write(json.dumps(first, ensure_ascii=False))
with open(f"{OUT}/admin.lines", "w", encoding="utf-8") as out:
    out.write("\n".join(admin() for _ in range(1000)) + "\n")
