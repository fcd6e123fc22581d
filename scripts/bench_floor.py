"""The floor under the subscriptions page: the data itself.

Runs the statements that `/customers/{id}/subscriptions` reads (the same SQL
as backend/src: the session and its user, the relationship check, the list
and its seat counts, the test clock, the customer's name and agreements)
from Python's sqlite3 module on one core, and prints the CPU time per page:
once for the list's two queries only, once for all of them.

    python3 scripts/bench_floor.py <database file> <session token> <customer id> [pages]
"""

import hashlib
import sqlite3
import sys
import time

COLUMNS = ", ".join(
    "s." + c
    for c in (
        "id customer_org_id partner_org_id name offer_id status trial marketplace term "
        "frequency term_started_at seat_price currency auto_renew billed_until reseller "
        "promotion base_subscription_id paid_from term_end processing processing_until "
        "update_count version"
    ).split()
)
LIST = (
    f"SELECT {COLUMNS}, p.name AS partner_name FROM subscriptions s "
    "JOIN organizations p ON p.id = s.partner_org_id WHERE s.customer_org_id = ? "
    "AND (? = 0 OR s.partner_org_id = ?) AND s.status <> 'deleted' ORDER BY s.name, s.id"
)
SEATS = (
    "SELECT a.subscription_id, CAST(SUM(a.seats) AS BIGINT) AS seats FROM seat_additions a "
    "JOIN subscriptions s ON s.id = a.subscription_id WHERE s.customer_org_id = ? "
    "AND a.closed = 0 GROUP BY a.subscription_id"
)
SESSION = (
    "SELECT u.id, u.email, u.name, u.language, u.country, o.id, o.name, o.kind "
    "FROM sessions s JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = u.org_id "
    "WHERE s.token_hash = ? AND s.expires_at > ?"
)
ROLES = "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role"
ACCEPTED = (
    "SELECT COUNT(*) FROM relationships WHERE partner_org_id = ? AND customer_org_id = ? "
    "AND status = 'accepted'"
)
CLOCK = "SELECT offset_ms FROM test_clock WHERE id = 1"
CUSTOMER = "SELECT name, country FROM organizations WHERE id = ?"
AGREEMENTS = (
    "SELECT a.id, a.number, a.created_at, pa.id, pa.number, pa.name, pa.admin_email "
    "FROM agreements a LEFT JOIN purchasing_accounts pa ON pa.agreement_id = a.id "
    "WHERE a.org_id = ? ORDER BY a.number, pa.number"
)


def list_only(db, partner, customer):
    rows = db.execute(LIST, (customer, partner, partner)).fetchall()
    seats = db.execute(SEATS, (customer,)).fetchall()
    return len(rows) + len(seats)


def whole_page(db, token_hash, customer):
    now = int(time.time() * 1000)
    user = db.execute(SESSION, (token_hash, now)).fetchone()
    db.execute(ROLES, (user[0],)).fetchall()
    partner = user[5]
    db.execute(ACCEPTED, (partner, customer)).fetchone()
    db.execute(CLOCK).fetchone()
    db.execute(CUSTOMER, (customer,)).fetchone()
    db.execute(AGREEMENTS, (customer,)).fetchall()
    return list_only(db, partner, customer)


def cpu_ms_per_page(run, pages):
    run()  # statements prepared, pages in the cache
    start = time.process_time()
    for _ in range(pages):
        run()
    return (time.process_time() - start) * 1000 / pages


def main():
    path, token, customer = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pages = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    partner = db.execute(SESSION, (token_hash, int(time.time() * 1000))).fetchone()[5]
    rows = db.execute(LIST, (customer, partner, partner)).fetchall()
    two = cpu_ms_per_page(lambda: list_only(db, partner, customer), pages)
    page = cpu_ms_per_page(lambda: whole_page(db, token_hash, customer), pages)
    print(f"raw queries (Python sqlite3, one core, {len(rows)} rows): "
          f"list {two:.2f} ms CPU per page, all the page's queries {page:.2f} ms")


if __name__ == "__main__":
    main()
