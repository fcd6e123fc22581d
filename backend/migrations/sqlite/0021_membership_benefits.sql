-- Partner membership benefits (seed 003, R-MPN-01 … 07): the packages a
-- partner bought for itself, who of its users holds which benefit, the
-- keys it took (sealed with the deployment secret), its advisory-hours
-- requests, its marketing contact and the go-to-market benefits it
-- activated.
CREATE TABLE package_purchases (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id       BIGINT  NOT NULL REFERENCES organizations (id),
    order_id             BIGINT  NOT NULL UNIQUE REFERENCES orders (id),
    package_id           TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    amount               BIGINT  NOT NULL CHECK (amount > 0),
    currency             TEXT    NOT NULL,
    purchased_at         BIGINT  NOT NULL,
    bought_by            BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    refund_requested_at  BIGINT,
    cancelled_at         BIGINT
);
CREATE INDEX package_purchases_partner ON package_purchases (partner_org_id, id);

CREATE TABLE package_assignments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    package_purchase_id  BIGINT  NOT NULL REFERENCES package_purchases (id),
    benefit_id           TEXT    NOT NULL,
    user_id              BIGINT  NOT NULL REFERENCES users (id),
    alternate_email      TEXT,
    assigned_by          BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    assigned_at          BIGINT  NOT NULL,
    removed_at           BIGINT
);
CREATE INDEX package_assignments_benefit ON package_assignments (package_purchase_id, benefit_id);

-- A software benefit's key (software = 1: taking it ends the refund) or a
-- license-based cloud subscription's.
CREATE TABLE package_keys (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    package_purchase_id  BIGINT  NOT NULL REFERENCES package_purchases (id),
    benefit_id           TEXT    NOT NULL,
    software             BIGINT  NOT NULL CHECK (software IN (0, 1)),
    sealed               TEXT    NOT NULL,
    taken_by             BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    taken_at             BIGINT  NOT NULL,
    UNIQUE (package_purchase_id, benefit_id)
);

-- Open requests hold their hours.
CREATE TABLE advisory_requests (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    package_purchase_id  BIGINT  NOT NULL REFERENCES package_purchases (id),
    benefit_id           TEXT    NOT NULL,
    requested_by         BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    topic                TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    preferred_from       TEXT    NOT NULL,
    preferred_to         TEXT    NOT NULL,
    hours                BIGINT  NOT NULL CHECK (hours > 0),
    status               TEXT    NOT NULL,
    created_at           BIGINT  NOT NULL
);
CREATE INDEX advisory_requests_benefit ON advisory_requests (package_purchase_id, benefit_id);

CREATE TABLE marketing_contacts (
    partner_org_id   BIGINT  PRIMARY KEY REFERENCES organizations (id),
    user_id          BIGINT  NOT NULL REFERENCES users (id),
    alternate_email  TEXT    NOT NULL,
    phone            TEXT    NOT NULL,
    language         TEXT    NOT NULL,
    updated_by       BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE TABLE go_to_market_activations (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    package_purchase_id  BIGINT  NOT NULL REFERENCES package_purchases (id),
    benefit_id           TEXT    NOT NULL,
    activated_by         BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    activated_at         BIGINT  NOT NULL,
    UNIQUE (package_purchase_id, benefit_id)
);

-- A ledger entry (the package's charge on the partner's own invoice, its
-- refund) and a download link (its software) may belong to a package:
-- still exactly one owner each. SQLite rebuilds both tables with their rows
-- (a link's id kept: its sealed token is bound to it).
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
    package_purchase_id   BIGINT  REFERENCES package_purchases (id),
    CHECK ((subscription_id IS NOT NULL) + (software_purchase_id IS NOT NULL)
           + (package_purchase_id IS NOT NULL) = 1)
);
INSERT INTO ledger_new (id, invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency,
                        reason, seats, period_start, period_end, at, software_purchase_id)
    SELECT id, invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency,
           reason, seats, period_start, period_end, at, software_purchase_id FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_invoice ON ledger (invoice_id, id);
CREATE INDEX ledger_subscription ON ledger (subscription_id, id);
CREATE INDEX ledger_software ON ledger (software_purchase_id, id);
CREATE INDEX ledger_package ON ledger (package_purchase_id, id);

CREATE TABLE download_links_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_id          BIGINT  REFERENCES software_purchases (id),
    token_hash           TEXT    NOT NULL UNIQUE,
    sealed_token         TEXT    NOT NULL,
    version              TEXT    NOT NULL,
    language             TEXT    NOT NULL,
    file_type            TEXT    NOT NULL,
    created_by           BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at           BIGINT  NOT NULL,
    downloads            BIGINT  NOT NULL DEFAULT 0,
    revoked_at           BIGINT,
    benefit_id           BIGINT  REFERENCES benefits (id),
    product_id           TEXT    NOT NULL,
    package_purchase_id  BIGINT  REFERENCES package_purchases (id),
    CHECK ((purchase_id IS NOT NULL) + (benefit_id IS NOT NULL) + (package_purchase_id IS NOT NULL) = 1)
);
INSERT INTO download_links_new (id, purchase_id, token_hash, sealed_token, version, language, file_type,
                                created_by, created_at, downloads, revoked_at, benefit_id, product_id)
    SELECT id, purchase_id, token_hash, sealed_token, version, language, file_type,
           created_by, created_at, downloads, revoked_at, benefit_id, product_id FROM download_links;
DROP TABLE download_links;
ALTER TABLE download_links_new RENAME TO download_links;
CREATE INDEX download_links_purchase ON download_links (purchase_id, id);
CREATE INDEX download_links_benefit ON download_links (benefit_id, created_by, id);
CREATE INDEX download_links_package ON download_links (package_purchase_id, created_by, id);
