-- Foundation schema (SPEC §1, R-AUD-01, R-NOT-01). Times are UTC Unix milliseconds.
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('customer', 'partner', 'provider')),
    country     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT  NOT NULL REFERENCES organizations (id),
    number      TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE purchasing_accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id  BIGINT  NOT NULL REFERENCES agreements (id),
    number        TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    admin_email   TEXT    NOT NULL,
    UNIQUE (agreement_id, number)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         BIGINT  NOT NULL REFERENCES organizations (id),
    email          TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    language       TEXT    NOT NULL,
    country        TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE user_roles (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT   NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE invitations (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id                 BIGINT  NOT NULL REFERENCES organizations (id),
    purchasing_account_id  BIGINT  REFERENCES purchasing_accounts (id),
    email                  TEXT    NOT NULL,
    name                   TEXT    NOT NULL,
    language               TEXT    NOT NULL,
    country                TEXT    NOT NULL,
    roles                  TEXT    NOT NULL,
    token_hash             TEXT    NOT NULL UNIQUE,
    invited_by             BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    sent_at                BIGINT  NOT NULL,
    used_at                BIGINT,
    superseded_at          BIGINT
);
CREATE INDEX invitations_email ON invitations (email);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);

CREATE TABLE domains (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    purchasing_account_id  BIGINT  NOT NULL REFERENCES purchasing_accounts (id),
    name                   TEXT    NOT NULL,
    created_at             BIGINT  NOT NULL,
    UNIQUE (purchasing_account_id, name)
);

CREATE TABLE relationships (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'ended')),
    requested_at     BIGINT  NOT NULL,
    decided_at       BIGINT,
    UNIQUE (partner_org_id, customer_org_id)
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           BIGINT  NOT NULL,
    actor_user_id BIGINT,
    actor_org_id BIGINT,
    org_id       BIGINT,
    action       TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  BIGINT  NOT NULL,
    to_email    TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    sent_at     BIGINT,
    attempts    BIGINT  NOT NULL DEFAULT 0,
    last_error  TEXT
);

CREATE TABLE rate_limit_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket  TEXT    NOT NULL,
    at      BIGINT  NOT NULL
);
CREATE INDEX rate_limit_events_bucket ON rate_limit_events (bucket, at);
