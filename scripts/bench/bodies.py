"""Writes the request files scripts/bench.sh feeds to wrk (scripts/bench/cycle.lua).

Usage: bodies.py OUT_DIR LISTINGS
For each skill target, OUT_DIR/{target}.lines holds 1,000 requests, one per line (100 users,
varied listing ids, keywords, statuses and cursors), and OUT_DIR/{target}.one a single body for
checking the reply first. For the admin lists, OUT_DIR/admin-{list}.lines holds 1,000 paths.
"""

import json
import random
import sys
import urllib.parse

OUT, LISTINGS = sys.argv[1], int(sys.argv[2])
# Kakao users who never joined: most of the bot's traffic (browsing needs no account).
USERS = [f"bench-user-{n:03}" for n in range(100)]
# Members made by `junggye seed --demo --listings N`: the demo set and the synthetic listings'
# sellers (demo-bulk-*, about N/8 on-sale listings each).
DEMO_MEMBERS = ["demo-seller-1", "demo-seller-2", "demo-seller-3", "demo-buyer-1", "demo-buyer-2"]
BULK_SELLERS = [f"demo-bulk-{n}" for n in range(1, 9)]
MEMBERS = DEMO_MEMBERS + BULK_SELLERS
# Search words: names the synthetic listings are made of (hits: hundreds to thousands of
# listings each on 100,000) and words no listing holds (misses).
KEYWORDS = [
    "아이폰", "자전거", "의자", "캠핑", "에어팟", "원피스", "책상", "닌텐도", "갤럭시", "맥북",
    "티켓", "다이슨", "전집", "향수", "레고",
    "노트북", "유모차", "카메라",
]
# The statuses of the 판매내역 picker (junggye's MINE_STATUSES).
MINE_STATUSES = ["on_sale", "reserved", "hidden", "pending", "sold"]
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


def some_cursor():
    return str(rng.randint(11, LISTINGS))


def latest(user):
    # Mostly the first page, as people browse; some deeper pages through the cursor.
    if rng.random() < 0.7:
        return payload(user, "latest")
    return payload(user, "latest", extra={"cursor": some_cursor()})


def search(user):
    return payload(user, "search", params={"keyword": rng.choice(KEYWORDS)})


def detail(user):
    # The demo set comes first; the synthetic listings follow it.
    return payload(user, "detail", extra={"product_id": rng.randint(1, LISTINGS)})


def deals(user):
    return payload(user, "deals")


def home(user):
    # One member lookup per call: a quarter of the callers are members (greeted by nickname),
    # the rest get the guest menu after a lookup that finds no one.
    if rng.random() < 0.25:
        user = rng.choice(MEMBERS)
    return payload(user, "home")


def event(_user):
    # What Kakao sends for each recipient of a push: a member, no block parameters, the
    # notification id in the user's properties (made up here: most ids are not the caller's,
    # which costs the same lookup as one that is).
    body = payload(rng.choice(MEMBERS), "event")
    body["userRequest"]["user"]["properties"]["notification_id"] = str(rng.randint(1, 1000))
    return body


def mine(_user):
    # Only members have listings. Mostly a bulk seller's on-sale page (a full carousel), some
    # deeper through the cursor; some demo members in any status (short or empty pages).
    if rng.random() < 0.8:
        extra = {"status": "on_sale"}
        if rng.random() < 0.3:
            extra["cursor"] = some_cursor()
        return payload(rng.choice(BULK_SELLERS), "mine", extra=extra)
    return payload(rng.choice(DEMO_MEMBERS), "mine", extra={"status": rng.choice(MINE_STATUSES)})


def notices(user):
    # The first page (pinned first) mostly; the demo set has one page, so page 1 is empty.
    return payload(user, "notices", extra={"page": 0 if rng.random() < 0.9 else 1})


def admin_products():
    return f"/admin/products?page={rng.randint(0, 20)}&size=20"


def admin_members():
    # Part of a nickname or user key, percent-encoded (a raw UTF-8 path is refused with 400).
    query = rng.choice(["", "", "&status=active", "&q=demo", "&q=" + urllib.parse.quote("주민")])
    return f"/admin/members?page=0&size=20{query}"


def admin_orders():
    query = rng.choice(["", "", "&status=completed"])
    return f"/admin/orders?page={rng.randint(0, 5)}&size=20{query}"


# The first body of each target, checked for real content before the target is measured.
FIRST = {
    "latest": payload(USERS[0], "latest"),
    "search": payload(USERS[0], "search", params={"keyword": "아이폰"}),
    "detail": payload(USERS[0], "detail", extra={"product_id": 1}),
    "deals": payload(USERS[0], "deals"),
    "home": payload("demo-seller-1", "home"),
    "mine": payload("demo-bulk-1", "mine", extra={"status": "on_sale"}),
    "notices": payload(USERS[0], "notices"),
    "event": payload("demo-seller-1", "event"),
}
SKILLS = {
    "latest": latest,
    "search": search,
    "detail": detail,
    "deals": deals,
    "home": home,
    "mine": mine,
    "notices": notices,
    "event": event,
}
for name, make in SKILLS.items():
    lines = [json.dumps(make(USERS[n % len(USERS)]), ensure_ascii=False) for n in range(1000)]
    with open(f"{OUT}/{name}.lines", "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    with open(f"{OUT}/{name}.one", "w", encoding="utf-8") as out:
        out.write(json.dumps(FIRST[name], ensure_ascii=False))
for name, make in {"products": admin_products, "members": admin_members,
                   "orders": admin_orders}.items():
    with open(f"{OUT}/admin-{name}.lines", "w", encoding="utf-8") as out:
        out.write("\n".join(make() for _ in range(1000)) + "\n")
