-- Software bought through a partner (seed 002, R-SW-01 … 07): the cart's
-- software lines, what each order bought, its product keys (sealed with the
-- deployment secret: a dump alone does not reveal them) and its download
-- links (found by the SHA-256 of their token; the token itself sealed so
-- the page can show the link again).
CREATE TABLE software_cart_lines (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    product_id       TEXT    NOT NULL,
    quantity         BIGINT  NOT NULL CHECK (quantity > 0)
);
CREATE INDEX software_cart_lines_owner ON software_cart_lines (user_id, customer_org_id);

CREATE TABLE software_purchases (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id         BIGINT  NOT NULL REFERENCES orders (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    product_id       TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    license          TEXT    NOT NULL,
    quantity         BIGINT  NOT NULL CHECK (quantity > 0),
    amount           BIGINT  NOT NULL,
    currency         TEXT    NOT NULL,
    purchased_at     BIGINT  NOT NULL,
    cancelled_at     BIGINT,
    credit           BIGINT
);
CREATE INDEX software_purchases_customer ON software_purchases (customer_org_id, id);
CREATE INDEX software_purchases_order ON software_purchases (order_id);

CREATE TABLE software_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_id  BIGINT  NOT NULL REFERENCES software_purchases (id),
    sealed       TEXT    NOT NULL
);
CREATE INDEX software_keys_purchase ON software_keys (purchase_id);

CREATE TABLE download_links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_id   BIGINT  NOT NULL REFERENCES software_purchases (id),
    token_hash    TEXT    NOT NULL UNIQUE,
    sealed_token  TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    file_type     TEXT    NOT NULL,
    created_by    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT  NOT NULL,
    downloads     BIGINT  NOT NULL DEFAULT 0,
    revoked_at    BIGINT
);
CREATE INDEX download_links_purchase ON download_links (purchase_id, id);

-- R-SW-05: the partner's activity log: which of its users accessed software
-- keys or downloaded software, when, which product.
CREATE TABLE software_activity (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    user_id          BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('keys', 'download')),
    purchase_id      BIGINT  NOT NULL REFERENCES software_purchases (id),
    at               BIGINT  NOT NULL
);
CREATE INDEX software_activity_partner ON software_activity (partner_org_id, at);

-- A ledger entry bills a subscription or a software purchase, exactly one.
-- SQLite cannot drop a NOT NULL in place: the table is rebuilt with its rows.
CREATE TABLE ledger_new (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id            BIGINT  NOT NULL REFERENCES invoices (id),
    customer_org_id       BIGINT  NOT NULL REFERENCES organizations (id),
    partner_org_id        BIGINT  NOT NULL REFERENCES organizations (id),
    subscription_id       BIGINT  REFERENCES subscriptions (id),
    amount                BIGINT  NOT NULL,
    currency              TEXT    NOT NULL,
    reason                TEXT    NOT NULL,
    seats                 BIGINT  NOT NULL,
    period_start          BIGINT  NOT NULL,
    period_end            BIGINT  NOT NULL,
    at                    BIGINT  NOT NULL,
    software_purchase_id  BIGINT  REFERENCES software_purchases (id),
    CHECK ((subscription_id IS NULL) <> (software_purchase_id IS NULL))
);
INSERT INTO ledger_new (id, invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency,
                        reason, seats, period_start, period_end, at)
    SELECT id, invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency,
           reason, seats, period_start, period_end, at FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_invoice ON ledger (invoice_id, id);
CREATE INDEX ledger_subscription ON ledger (subscription_id, id);
CREATE INDEX ledger_software ON ledger (software_purchase_id, id);
