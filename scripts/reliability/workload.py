"""The load: concurrent clients doing what the portal's users do most —
partners changing seats and buying, customers converting training days
and inviting users (each invitation an email) — while the server may be
killed under them. Each client counts its answers; an order left
unanswered is sent again with its idempotency key, as a browser's retry."""

import random
import re
import threading
import time
from collections import Counter

from client import Client, Unanswered

PARTNER = "sales@contoso-partner.example"
CUSTOMER_ADMIN = "admin@twprecision.example"
USER_ADMIN = "useradmin@twprecision.example"
# The Taiwan customer's Taipei HQ purchasing account (training ↔ planning days).
TAIPEI_HQ = "100200300"


class Tally:
    """Answers by operation and status (and refusal code), shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.orders = {}  # idempotency key → the order ids answered for it
        self.invited = []  # emails whose invitation was answered 200
        self.unanswered = 0
        self.retried = 0
        self.server_errors = []

    def add(self, op, status, answer=None):
        code = ""
        if status == 422 and isinstance(answer, dict):
            fields = answer.get("Invalid") or []
            code = fields[0].get("code", "") if fields else ""
        elif status == 409 and isinstance(answer, dict):
            code = answer.get("Conflict") or ""
        with self.lock:
            self.counts[(op, status, code)] += 1
            if status >= 500:
                self.server_errors.append((op, status, str(answer)[:300]))

    def summary(self):
        by_op = Counter()
        refused = Counter()
        for (op, status, code), n in self.counts.items():
            by_op[op] += n
            if 400 <= status < 500:
                refused[f"{status} {code}".strip()] += n
        return {"by_operation": dict(by_op), "refused": dict(refused),
                "unanswered": self.unanswered, "retried": self.retried,
                "server_errors": len(self.server_errors)}


def setup(base):
    """Ids the clients need, looked up as the users would."""
    partner = Client(base).sign_in(PARTNER)
    status, customers = partner.page("/customers")
    customer = re.search(r'href="/customers/(\d+)"[^>]*>台灣精密工業', customers)
    customer_id = int(customer.group(1))
    status, subs = partner.call("list_subscriptions", {"customer_id": customer_id})
    assert status == 200, subs
    seatable = [s["id"] for s in subs if s["status"] == "active"]
    admin = Client(base).sign_in(CUSTOMER_ADMIN)
    status, inventory = admin.call_json("benefit_inventory", {"customer_id": None, "account_id": None})
    assert status == 200, inventory
    account = next(a["id"] for a in inventory["accounts"] if a["number"] == TAIPEI_HQ)
    return {"customer": customer_id, "subscriptions": seatable, "account": account}


class Worker(threading.Thread):
    def __init__(self, n, base, ids, tally, stop, seed):
        super().__init__(daemon=True)
        self.n, self.base, self.ids, self.tally, self.stop = n, base, ids, tally, stop
        self.rng = random.Random(seed * 1000 + n)
        self.partner = self.admin = self.useradmin = None

    def signed_in(self):
        while not self.stop.is_set():
            try:
                self.partner = Client(self.base).sign_in(PARTNER)
                self.admin = Client(self.base).sign_in(CUSTOMER_ADMIN)
                self.useradmin = Client(self.base).sign_in(USER_ADMIN)
                return
            except (Unanswered, RuntimeError):
                time.sleep(0.2)  # the server is restarting

    def run(self):
        self.signed_in()
        ops = [self.seat_change] * 5 + [self.order] * 2 + [self.conversion] * 2 + [self.invite]
        k = 0
        while not self.stop.is_set():
            k += 1
            try:
                self.rng.choice(ops)(k)
            except Unanswered:
                with self.tally.lock:
                    self.tally.unanswered += 1
                time.sleep(0.2)
                self.signed_in()  # sessions survive a restart; sign in anew anyway

    def seat_change(self, k):
        sub = self.rng.choice(self.ids["subscriptions"])
        status, pinned = self.partner.call("pin_preview", {"id": sub})
        self.tally.add("pin_preview", status, pinned)
        if status != 200:
            return
        seats = sum(a["seats"] for a in pinned["state"]["additions"])
        target = max(1, seats + self.rng.choice([-2, -1, 1, 2, 3]))
        form = {"form[subscription_id]": sub, "form[seats]": target,
                "form[pin]": pinned["pin"], "form[expected]": 0}
        status, answer = self.partner.call("change_seats", form)
        if status == 422 and "amount" in str(answer):
            # The figure the server plans now, as the page's preview shows it.
            amount = figure(answer)
            if amount is not None:
                form["form[expected]"] = amount
                status, answer = self.partner.call("change_seats", form)
        self.tally.add("change_seats", status, answer)

    def order(self, k):
        customer = self.ids["customer"]
        status, answer = self.partner.call("add_to_cart", {
            "form[customer_id]": customer, "form[offer_id]": "m365-business-basic",
            "form[term]": "P1M", "form[frequency]": "monthly", "form[seats]": 1 + k % 5})
        self.tally.add("add_to_cart", status, answer)
        if status != 200:
            return
        status, page = self.partner.page(f"/customers/{customer}/add-subscription")
        reviewed = re.search(r'name="form\[reviewed\]" value="([0-9a-f]+)"', page)
        if status != 200 or not reviewed:
            self.tally.add("review", status)
            return
        key = f"reliability-{self.n}-{k}-{self.rng.getrandbits(32)}"
        form = {"form[customer_id]": customer, "form[idempotency_key]": key,
                "form[reviewed]": reviewed.group(1), "form[attested]": "true",
                "form[reseller]": ""}
        for attempt in range(5):
            try:
                status, answer = self.partner.call("submit_order", form)
                break
            except Unanswered:
                with self.tally.lock:
                    self.tally.retried += 1
                time.sleep(0.5)
        else:
            raise Unanswered("submit_order")
        self.tally.add("submit_order", status, answer)
        if status == 200:
            with self.tally.lock:
                self.tally.orders.setdefault(key, set()).add(answer)

    def conversion(self, k):
        name = self.rng.choice(["convert_benefit", "reverse_benefit"])
        status, answer = self.admin.call(name, {"account_id": self.ids["account"], "days": 1})
        self.tally.add(name, status, answer)

    def invite(self, k):
        email = f"load-{self.n}-{k}-{self.rng.getrandbits(24)}@twprecision.example"
        status, answer = self.useradmin.call("invite_users", {
            "rows[0][email]": email, "rows[0][name]": "Load Test", "rows[0][language]": "en",
            "rows[0][country]": "TW", "rows[0][roles][]": "report_viewer"})
        self.tally.add("invite_users", status, answer)
        if status == 200:
            with self.tally.lock:
                self.tally.invited.append(email)


def figure(answer):
    """The minor units of the `amount` a refused commit names ("TWD 1,116.00")."""
    for field in answer.get("Invalid") or []:
        amount = dict(field.get("params") or []).get("amount")
        if amount:
            digits = re.sub(r"[^0-9-]", "", amount.split(" ", 1)[-1])
            return int(digits) if digits not in ("", "-") else None
    return None


def run(base, clients, seconds, seed, on_tick=None):
    """Runs `clients` workers for `seconds`; `on_tick(elapsed)` is called
    about every 100 ms (the kill schedule)."""
    tally = Tally()
    ids = setup(base)
    stop = threading.Event()
    workers = [Worker(n, base, ids, tally, stop, seed) for n in range(clients)]
    for w in workers:
        w.start()
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < seconds:
        if on_tick:
            on_tick(elapsed)
        time.sleep(0.1)
    stop.set()
    for w in workers:
        w.join(60)
    return tally, ids
