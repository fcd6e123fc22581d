-- R-SW-08: a partner's support requests for a refund the cancel dialog
-- cannot give (the 60 days have passed, or the product is "support only"),
-- answered by the provider's operators; their attachments are kept here,
-- in the database, with their checked type, size and SHA-256.
CREATE TABLE support_requests (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    order_id         BIGINT  NOT NULL REFERENCES orders (id),
    filed_by         BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    issue_type       TEXT    NOT NULL,
    impact           TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    tenant           TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    amount           BIGINT  NOT NULL CHECK (amount > 0),
    currency         TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    contact_name     TEXT    NOT NULL,
    contact_email    TEXT    NOT NULL,
    contact_phone    TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    answer           TEXT,
    answered_by      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    answered_at      BIGINT,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX support_requests_partner ON support_requests (partner_org_id, id);

CREATE TABLE support_attachments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  BIGINT  NOT NULL REFERENCES support_requests (id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    size        BIGINT  NOT NULL,
    sha256      TEXT    NOT NULL,
    bytes       BLOB   NOT NULL
);
CREATE INDEX support_attachments_request ON support_attachments (request_id, id);

-- R-SW-03: "Show product key", the recorded action; the page shows a key
-- to its revealer for a while after, and so only reads when it loads.
CREATE TABLE key_reveals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purchase_id  BIGINT  NOT NULL REFERENCES software_purchases (id),
    revealed_at  BIGINT  NOT NULL
);
CREATE INDEX key_reveals_user ON key_reveals (user_id, purchase_id, revealed_at);
