-- Transfers of subscriptions between partners (R-SUB-28). A request is
-- sent by the target partner to the source partner for one customer;
-- `pending` past 30 days reads as expired (never stored). Each line is one
-- subscription moved: the old one (cancelled), the new one under the
-- target, the source's credit and the target's charge in minor units.
CREATE TABLE transfer_requests (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_org_id        BIGINT  NOT NULL REFERENCES organizations (id),
    source_partner_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    target_partner_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    notify_email           TEXT    NOT NULL,
    status                 TEXT    NOT NULL CHECK (status IN ('pending', 'completed', 'declined')),
    requested_by           BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    requested_at           BIGINT  NOT NULL,
    decided_at             BIGINT,
    CHECK (source_partner_org_id <> target_partner_org_id)
);
CREATE INDEX transfer_requests_source ON transfer_requests (source_partner_org_id, requested_at);
CREATE INDEX transfer_requests_target ON transfer_requests (target_partner_org_id, requested_at);

CREATE TABLE transfer_lines (
    request_id           BIGINT  NOT NULL REFERENCES transfer_requests (id),
    old_subscription_id  BIGINT  NOT NULL UNIQUE REFERENCES subscriptions (id),
    new_subscription_id  BIGINT  NOT NULL REFERENCES subscriptions (id),
    seats                BIGINT  NOT NULL CHECK (seats > 0),
    credit               BIGINT  NOT NULL CHECK (credit >= 0),
    charge               BIGINT  NOT NULL CHECK (charge >= 0),
    currency             TEXT    NOT NULL,
    PRIMARY KEY (request_id, old_subscription_id)
);
