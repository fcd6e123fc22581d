"""What must hold after any load, faults included. Each check returns a
list of problems (empty: it holds), worked out from the stored rows by
rules independent of the server's code: sums, counts and matches."""


def ledger_equals_invoices(db):
    """R-BIL-01: every invoice's total is the sum of its ledger entries."""
    return [f"invoice {i}: total {t}, ledger {s}" for i, t, s in db.rows(
        "SELECT i.id, i.total, (SELECT COALESCE(SUM(l.amount), 0) FROM ledger l WHERE l.invoice_id = i.id) "
        "FROM invoices i") if int(t) != int(s)]


def additions_are_billed_and_audited(db):
    """Every seat addition made by a change has its ledger entry, and every
    ledger entry of a seat change its audit entry, subscription by
    subscription; every subscription has one purchase, charged once."""
    def count(table, where):
        return f"(SELECT COUNT(*) FROM {table} x WHERE {where})"

    increases = count("seat_additions", "x.subscription_id = s.id AND x.reason = 'increase'")
    increases_charged = count("ledger", "x.subscription_id = s.id AND x.reason = 'increase'")
    changes_charged = count("ledger", "x.subscription_id = s.id AND x.reason IN ('increase', 'decrease')")
    changes_audited = count("audit_log", "x.entity = 'subscription' AND x.entity_id = CAST(s.id AS TEXT) "
                                         "AND x.action = 'subscription.seats'")
    purchases = count("seat_additions", "x.subscription_id = s.id AND x.reason = 'purchase'")
    purchases_charged = count("ledger", "x.subscription_id = s.id AND x.reason = 'purchase'")
    problems = []
    for sub, inc, inc_l, chg_l, chg_a, bought, bought_l in db.rows(
            f"SELECT s.id, {increases}, {increases_charged}, {changes_charged}, {changes_audited}, "
            f"{purchases}, {purchases_charged} FROM subscriptions s"):
        if inc != inc_l:
            problems.append(f"subscription {sub}: {inc} seat increases, {inc_l} ledger entries")
        if chg_l != chg_a:
            problems.append(f"subscription {sub}: {chg_l} seat-change ledger entries, {chg_a} audit entries")
        if not bought == bought_l == "1":
            problems.append(f"subscription {sub}: {bought} purchases, {bought_l} purchase entries")
    return problems


def no_order_twice(db, answered):
    """Each order made its lines' subscriptions once; each idempotency key
    made one order, and every answer for a key named that order."""
    problems = [f"order {o}: {lines} lines, {subs} subscriptions" for o, lines, subs in db.rows(
        "SELECT o.id, (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id), "
        "(SELECT COUNT(*) FROM subscriptions s WHERE s.order_id = o.id) FROM orders o") if lines != subs]
    stored = dict(db.rows("SELECT idempotency_key, CAST(id AS TEXT) FROM orders"))
    for key, ids in answered.items():
        if len(ids) != 1 or str(next(iter(ids))) != stored.get(key):
            problems.append(f"key {key}: answered {sorted(ids)}, stored {stored.get(key)}")
    return problems


def no_balance_negative(db):
    """No benefit balance, seat count or charge below zero."""
    problems = [f"benefit {b}: remaining {r}" for b, r in db.rows(
        "SELECT id, remaining FROM benefits WHERE remaining < 0 OR used < 0")]
    problems += [f"addition {a}: {s} seats, charged {c}" for a, s, c in db.rows(
        "SELECT id, seats, charged FROM seat_additions WHERE seats < 0 OR charged < 0")]
    problems += [f"benefit transaction {t}: balance {b}" for t, b in db.rows(
        "SELECT id, balance_after FROM benefit_transactions WHERE balance_after < 0")]
    return problems


def emails_delivered_once_or_more(db, delivered, leased_ok):
    """Every committed email of the load (its invitations, `load-…`)
    reached the SMTP server at least once, and none reached it that the
    database does not hold (a rolled-back change's email); none is left
    pending (with `leased_ok`, but those leased to a killed process)."""
    committed = {r[0] for r in db.rows("SELECT to_email FROM outbox WHERE to_email LIKE 'load-%'")}
    # An email claimed by a process that was killed is sent again once its
    # lease expires (minutes later): with `leased_ok`, pending but not lost.
    leased = {r[0] for r in db.rows("SELECT to_email FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL "
                                    "AND lease_until IS NOT NULL")} if leased_ok else set()
    pending = db.scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL "
                        + ("AND lease_until IS NULL" if leased_ok else ""))
    got = {e for e in delivered if e.startswith("load-")}
    problems = [f"committed, never delivered: {e}" for e in sorted(committed - got - leased)]
    problems += [f"delivered, never committed: {e}" for e in sorted(got - committed)]
    if pending != "0":
        problems.append(f"{pending} emails still pending")
    return problems


def check_all(db, answered_orders, delivered, leased_ok):
    return {
        "ledger = invoices": ledger_equals_invoices(db),
        "seat additions billed and audited": additions_are_billed_and_audited(db),
        "no order twice": no_order_twice(db, answered_orders),
        "no balance negative": no_balance_negative(db),
        "emails delivered once or more, none rolled back": emails_delivered_once_or_more(db, delivered, leased_ok),
    }
