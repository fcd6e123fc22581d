-- Subscriptions, orders, the ledger and invoices (SPEC §5, §6).
-- Money in minor units (BIGINT) with a currency code; times in UTC Unix
-- milliseconds; days (period bounds) as days since 1970-01-01; flags 0/1.

-- Which offers a customer sees (R-SUB-01).
ALTER TABLE organizations ADD COLUMN segment TEXT NOT NULL DEFAULT 'commercial';

-- A partner user's cart for one customer (R-SUB-03).
CREATE TABLE cart_lines (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    offer_id         TEXT    NOT NULL,
    term             TEXT    NOT NULL,
    frequency        TEXT    NOT NULL,
    seats            BIGINT  NOT NULL CHECK (seats > 0)
);
CREATE INDEX cart_lines_owner ON cart_lines (user_id, customer_org_id);

-- One row per submitted cart; the key makes a resubmission a no-op (R-SUB-03).
CREATE TABLE orders (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_org_id       BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id        BIGINT  NOT NULL REFERENCES organizations (id),
    idempotency_key       TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    reseller              TEXT,
    additional_resellers  TEXT    NOT NULL DEFAULT '',
    placed_by             BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    placed_at             BIGINT  NOT NULL,
    UNIQUE (partner_org_id, idempotency_key)
);
CREATE INDEX orders_customer ON orders (customer_org_id, placed_at);

CREATE TABLE subscriptions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    offer_id         TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled', 'expired', 'deleted')),
    trial            BIGINT  NOT NULL DEFAULT 0,
    marketplace      BIGINT  NOT NULL DEFAULT 0,
    term             TEXT    NOT NULL,
    frequency        TEXT    NOT NULL,
    term_started_at  BIGINT  NOT NULL,
    seat_price       BIGINT  NOT NULL,
    currency         TEXT    NOT NULL,
    auto_renew       BIGINT  NOT NULL DEFAULT 1,
    update_count     BIGINT  NOT NULL DEFAULT 0,
    -- The first day not yet billed; the billing job charges when it is reached.
    billed_until     BIGINT  NOT NULL,
    reseller         TEXT,
    promotion        TEXT,
    order_id         BIGINT  REFERENCES orders (id),
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_org_id, id);
CREATE INDEX subscriptions_partner ON subscriptions (partner_org_id, customer_org_id);
CREATE INDEX subscriptions_due ON subscriptions (status, billed_until);

CREATE TABLE order_lines (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id         BIGINT  NOT NULL REFERENCES orders (id),
    offer_id         TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    term             TEXT    NOT NULL,
    frequency        TEXT    NOT NULL,
    seats            BIGINT  NOT NULL,
    status           TEXT    NOT NULL,
    subscription_id  BIGINT  REFERENCES subscriptions (id),
    amount           BIGINT  NOT NULL,
    currency         TEXT    NOT NULL
);
CREATE INDEX order_lines_order ON order_lines (order_id);

-- Seats added together (purchase, increase, renewal): the unit of the
-- 168-hour reduction windows and of refunds (R-SUB-09, R-SUB-10). A
-- subscription's seat count is the sum of its open additions.
CREATE TABLE seat_additions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id  BIGINT  NOT NULL REFERENCES subscriptions (id),
    seats            BIGINT  NOT NULL CHECK (seats >= 0),
    added_at         BIGINT  NOT NULL,
    charged          BIGINT  NOT NULL CHECK (charged >= 0),
    covered_until    BIGINT  NOT NULL,
    reason           TEXT    NOT NULL,
    -- A renewal closes the previous term's additions.
    closed           BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX seat_additions_live ON seat_additions (subscription_id, closed);

-- One invoice per customer, partner (who bills it), month and currency; its
-- total is kept in the same transaction as each ledger entry (R-BIL-01).
CREATE TABLE invoices (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    month            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    total            BIGINT  NOT NULL,
    UNIQUE (customer_org_id, partner_org_id, month, currency)
);

-- Every charge, refund and credit (R-BIL-01). Refunds are negative.
CREATE TABLE ledger (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id       BIGINT  NOT NULL REFERENCES invoices (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    subscription_id  BIGINT  NOT NULL REFERENCES subscriptions (id),
    amount           BIGINT  NOT NULL,
    currency         TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    seats            BIGINT  NOT NULL,
    period_start     BIGINT  NOT NULL,
    period_end       BIGINT  NOT NULL,
    at               BIGINT  NOT NULL
);
CREATE INDEX ledger_invoice ON ledger (invoice_id, id);
CREATE INDEX ledger_subscription ON ledger (subscription_id, id);
