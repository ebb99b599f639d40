"""The FastAPI peer of scripts/bench.sh: junggye's /skill/products/latest written the usual Python way.

Run: uvicorn --app-dir scripts/bench peer:app --workers 2 (bench.sh does, from target/bench-venv)
Env: BENCH_PEER_DB: the SQLite file the junggye run used (opened read-only);
     BENCH_PEER_BASE_URL: the public base URL photo links start with (junggye's public_base_url).

POST /skill/products/latest answers what junggye's skill answers, built the same way: the
SkillPayload parsed into pydantic models (user id, clientExtra.cursor), the latest 10 listings
on sale or reserved, newest first by id, after the cursor when given, with seller nickname,
profile picture and first photo, read in ONE SQL query, then a carousel of 10 commerceCards
(price, thumbnail, title, "[예약중] category · date", seller profile, 상세보기 button) with
더보기 / 카테고리 / 메인메뉴 quick replies, about the same bytes as junggye's reply.

Tuned as a careful FastAPI service would be, so the comparison is with a good peer, not a
straw man: uvicorn[standard] (uvloop, httptools), no access log, one sqlite3 connection per
worker process opened at startup, the reply handed to JSONResponse as built (FastAPI's
jsonable_encoder walk skipped), and an `async def` handler: the query takes well under a
millisecond, so running it on the event loop is cheaper than a hop to the thread pool.
"""

import contextlib
import datetime
import os
import sqlite3

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel

DB_FILE = os.environ["BENCH_PEER_DB"]
BASE_URL = os.environ.get("BENCH_PEER_BASE_URL", "http://127.0.0.1").rstrip("/")
NO_PHOTO_URL = "https://t1.kakaocdn.net/openbuilder/sample/lj3JUcmrzC53YIjNDkqbWK.jpg"
KST = datetime.timezone(datetime.timedelta(hours=9))
PAGE = 10
CATEGORY_LABELS = {
    "fashion": "패션/잡화", "appliances": "생활가전", "furniture": "가구/인테리어",
    "beauty": "뷰티/미용", "tickets": "티켓/교환권", "digital": "디지털기기", "books": "도서",
    "hobby": "취미/게임/음반", "sports": "스포츠/레저", "etc": "기타",
}

# One statement. The page is picked from `products` alone in a subquery: SQLite walks
# idx_products_status_id newest first and stops at 11 rows only when `products` is the only
# table of that SELECT; joined directly, it sorted every listing on sale (junggye's
# docs/benchmarks.md: 87 ms against 0.1 ms on 100,000 listings). The 11th row only says whether
# there is a next page.
LATEST = """
SELECT p.id, p.name, p.price, p.category, p.status, p.created_at, m.nickname, m.profile_image,
       (SELECT i.storage_key FROM product_images i
         WHERE i.product_id = p.id AND i.deleted_at IS NULL
         ORDER BY i.position LIMIT 1) AS photo
FROM (SELECT id, seller_id, name, price, category, status, created_at FROM products
       WHERE status IN ('on_sale', 'reserved') AND id < ?
       ORDER BY id DESC LIMIT ?) AS p
JOIN members m ON m.id = p.seller_id
ORDER BY p.id DESC
"""

db: sqlite3.Connection


@contextlib.asynccontextmanager
async def lifespan(_app):
    # Each uvicorn worker is its own process and runs this once: one connection per worker.
    global db
    db = sqlite3.connect(f"file:{DB_FILE}?mode=ro", uri=True, check_same_thread=False)
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        raise RuntimeError(f"peer: {DB_FILE} is in {mode} mode, expected wal")
    yield
    db.close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


class User(BaseModel):
    id: str | None = None


class UserRequest(BaseModel):
    user: User | None = None


class Action(BaseModel):
    clientExtra: dict | None = None


class SkillPayload(BaseModel):
    userRequest: UserRequest | None = None
    action: Action | None = None


def cursor_of(payload: SkillPayload) -> int | None:
    extra = (payload.action.clientExtra if payload.action else None) or {}
    try:
        cursor = int(extra.get("cursor"))
    except (TypeError, ValueError):
        return None
    return cursor if cursor > 0 else None


def fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def photo_url(key: str) -> str:
    return f"{BASE_URL}/images/{key}"


def card(row) -> dict:
    product_id, name, price, category, status, created_at, nickname, profile_image, photo = row
    date = (datetime.datetime.fromisoformat(created_at).replace(tzinfo=datetime.timezone.utc)
            .astimezone(KST).strftime("%Y-%m-%d"))
    label = "[예약중] " if status == "reserved" else ""
    profile = {"nickname": fit(nickname, 15)}
    if profile_image:
        profile["imageUrl"] = photo_url(profile_image)
    return {
        "title": fit(name, 30),
        "description": fit(f"{label}{CATEGORY_LABELS.get(category, category)} · {date}", 40),
        "price": price,
        "currency": "won",
        "thumbnails": [{"imageUrl": photo_url(photo) if photo else NO_PHOTO_URL,
                        "fixedRatio": True}],
        "profile": profile,
        "buttons": [{"label": "상세보기", "action": "block", "blockId": "PRODUCT_DETAIL",
                     "extra": {"product_id": product_id}}],
    }


@app.post("/skill/products/latest")
async def latest(payload: SkillPayload) -> JSONResponse:
    cursor = cursor_of(payload)
    rows = db.execute(LATEST, (cursor or 2**63 - 1, PAGE + 1)).fetchall()
    page, more = rows[:PAGE], len(rows) > PAGE
    if page:
        outputs = [{"carousel": {"type": "commerceCard", "items": [card(r) for r in page]}}]
    else:
        outputs = [{"simpleText": {"text": "아직 등록된 상품이 없습니다."}}]
    replies = []
    if more:
        replies.append({"label": "더보기", "action": "block", "blockId": "PRODUCTS_LATEST",
                        "extra": {"cursor": str(page[-1][0])}})
    replies.append({"label": "카테고리", "action": "block", "blockId": "PRODUCT_CATEGORIES",
                    "extra": {"purpose": "browse"}})
    replies.append({"label": "메인메뉴", "action": "block", "blockId": "HOME"})
    return JSONResponse({"version": "2.0",
                         "template": {"outputs": outputs, "quickReplies": replies}})
