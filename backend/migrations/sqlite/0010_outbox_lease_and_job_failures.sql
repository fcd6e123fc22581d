-- Outbox delivery at least once (R-NOT-01): a claim is a lease that expires
-- (`lease_until`), so an email whose sender crashed is claimed again; a
-- failed attempt waits until `next_attempt_at`; a message that cannot be
-- delivered, or failed too often, is a dead letter (`dead_at`, with the
-- reason in `last_error`). `sent_at` is now set only once the relay took it.
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN dead_at BIGINT;
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;

-- Items a background job skipped because processing them failed: one row per
-- job and item, counted across runs, resolved once a run processes it.
CREATE TABLE job_failures (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    job              TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    error            TEXT    NOT NULL,
    failures         BIGINT  NOT NULL,
    first_failed_at  BIGINT  NOT NULL,
    last_failed_at   BIGINT  NOT NULL,
    resolved_at      BIGINT,
    UNIQUE (job, subject)
);
CREATE INDEX job_failures_open ON job_failures (last_failed_at) WHERE resolved_at IS NULL;
