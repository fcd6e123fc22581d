-- R-API-01: an organization's API tokens. Only the secret's SHA-256 is
-- kept; `shown` is its first characters, to tell tokens apart. `roles` are
-- role codes, comma-separated: a subset of the creator's when created, and
-- the token acts only with those its creator still holds. Removing the
-- creator removes their tokens.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT  NOT NULL REFERENCES organizations (id),
    created_by    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    shown         TEXT    NOT NULL,
    secret_hash   TEXT    NOT NULL UNIQUE,
    roles         TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, id);

-- R-API-02: one row per (organization, method, path, Idempotency-Key): the
-- body's fingerprint, and once the first request has answered, its status
-- and body. `started_at` is the running request's lease: a row that never
-- got its answer (the process died) may be taken over once it is old.
CREATE TABLE api_idempotency (
    org_id       BIGINT  NOT NULL REFERENCES organizations (id),
    method       TEXT    NOT NULL,
    path         TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    status       BIGINT,
    body         TEXT,
    created_at   BIGINT  NOT NULL,
    started_at   BIGINT  NOT NULL,
    PRIMARY KEY (org_id, method, path, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);
