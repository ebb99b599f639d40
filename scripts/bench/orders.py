"""Adds completed orders to a seeded benchmark database, so the admin order list has pages.

Usage: orders.py sqlite DB_FILE COUNT
       orders.py mysql mysql://USER[:PASSWORD]@HOST[:PORT] DATABASE COUNT
`junggye seed` makes no orders (an order comes from a Kakao Pay checkout), so this writes them as
the checkout would have left them: the COUNT oldest synthetic listings (sellers demo-bulk-*)
bought by demo-buyer-1 through the dev gateway, each with its approved payment, order status
`completed`, the listing `sold` to that buyer. Times are the listing's own creation time. Run it
after seeding and before the app starts (it writes behind the app's back).
"""

import os
import random
import shutil
import subprocess
import sys
import urllib.parse

# OrderNo: 24 characters of the RFC 4648 base32 alphabet (junggye_orders::OrderNo::parse).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
rng = random.Random(11)

PICK = """
    SELECT p.id, p.seller_id, p.price, p.name, p.created_at, b.id
    FROM products p JOIN members b ON b.user_key = 'demo-buyer-1'
    WHERE p.status = 'on_sale'
      AND p.seller_id IN (SELECT id FROM members WHERE user_key LIKE 'demo-bulk-%')
    ORDER BY p.id LIMIT {count}
"""
# The listings just bought: every ordered listing is sold to its buyer.
SOLD = """
    UPDATE products SET status = 'sold', version = version + 1,
        buyer_id = (SELECT o.buyer_id FROM orders o WHERE o.product_id = products.id)
    WHERE id IN (SELECT product_id FROM orders WHERE status = 'completed')
"""
ORDER_COLUMNS = ("order_no, product_id, buyer_id, seller_id, amount, item_name, status, "
                 "tracking_number, paid_at, shipped_at, buyer_confirmed_at, seller_confirmed_at, "
                 "completed_at, created_at, updated_at")
PAYMENT_COLUMNS = ("order_id, backend, tid, aid, cid, amount, tax_free_amount, status, "
                   "payment_method_type, approved_at, created_at, updated_at")


def order_no():
    return "".join(rng.choice(ALPHABET) for _ in range(24))


def order_row(listing):
    product_id, seller_id, price, name, at, buyer_id = listing
    tracking = f"{rng.randrange(10**11, 10**12)}"
    return (order_no(), product_id, buyer_id, seller_id, price, name, "completed", tracking,
            at, at, at, at, at, at, at)


def payment_row(order_id, amount, at):
    return (order_id, "dev", f"T{order_id:019}", f"A{order_id:019}", "TC0ONETIME", amount, 0,
            "approved", "MONEY", at, at, at)


def sqlite(path, count):
    import sqlite3

    db = sqlite3.connect(path)
    with db:
        listings = db.execute(PICK.format(count=count)).fetchall()
        for listing in listings:
            row = order_row(listing)
            cur = db.execute(f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES "
                             f"({', '.join('?' * len(row))})", row)
            db.execute(f"INSERT INTO payments ({PAYMENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       payment_row(cur.lastrowid, row[4], row[8]))
        db.execute(SOLD)
    db.close()
    return len(listings)


def mysql(base, database, count):
    url = urllib.parse.urlparse(base)
    client = shutil.which("mariadb") or shutil.which("mysql")
    if not client:
        sys.exit("orders.py: needs the mariadb or mysql client")
    args = [client, "-h", url.hostname or "127.0.0.1", "-P", str(url.port or 3306),
            "-u", urllib.parse.unquote(url.username or "root"), "--batch", "--skip-column-names",
            database]
    env = dict(os.environ)
    if url.password:
        env["MYSQL_PWD"] = urllib.parse.unquote(url.password)

    def run(sql):
        return subprocess.run(args, input=sql, text=True, capture_output=True, check=True,
                              env=env).stdout

    listings = [line.split("\t") for line in run(PICK.format(count=count) + ";").splitlines()]
    if not listings:
        return 0

    def quote(value):
        return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"

    # One transaction: the orders, then each payment found through its order's number.
    orders = [order_row((int(p), int(s), int(price), name, at, int(b)))
              for p, s, price, name, at, b in listings]
    values = ",\n".join("(" + ", ".join(quote(v) for v in row) + ")" for row in orders)
    run(f"""
        START TRANSACTION;
        INSERT INTO orders ({ORDER_COLUMNS}) VALUES {values};
        INSERT INTO payments ({PAYMENT_COLUMNS})
            SELECT id, 'dev', CONCAT('T', LPAD(id, 19, '0')), CONCAT('A', LPAD(id, 19, '0')),
                   'TC0ONETIME', amount, 0, 'approved', 'MONEY', paid_at, created_at, updated_at
            FROM orders WHERE status = 'completed'
              AND id NOT IN (SELECT order_id FROM payments);
        {SOLD};
        COMMIT;
    """)
    return len(orders)


if sys.argv[1] == "sqlite":
    made = sqlite(sys.argv[2], int(sys.argv[3]))
elif sys.argv[1] == "mysql":
    made = mysql(sys.argv[2], sys.argv[3], int(sys.argv[4]))
else:
    sys.exit("orders.py: sqlite DB_FILE COUNT | mysql URL DATABASE COUNT")
print(f"orders.py: {made} completed orders", file=sys.stderr)
