-- Changes scheduled for renewal (R-SUB-19): kind `renewal`, the next term's
-- product (`offer_id`: the subscription's own, or an upgrade target,
-- R-SUB-17), its option (`P1Y/monthly`) and seats. A trial's conversion
-- keeps `offer_id` NULL (its paid offer is the catalog's). SQLite cannot
-- change a CHECK in place: the table is rebuilt.
CREATE TABLE scheduled_changes_next (
    subscription_id  BIGINT  NOT NULL REFERENCES subscriptions (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('trial_conversion', 'renewal')),
    offer_id         TEXT,
    option           TEXT    NOT NULL,
    seats            BIGINT  NOT NULL CHECK (seats > 0),
    scheduled_at     BIGINT  NOT NULL,
    PRIMARY KEY (subscription_id, kind),
    CHECK ((kind = 'renewal') = (offer_id IS NOT NULL))
);
INSERT INTO scheduled_changes_next (subscription_id, kind, option, seats, scheduled_at)
    SELECT subscription_id, kind, option, seats, scheduled_at FROM scheduled_changes;
DROP TABLE scheduled_changes;
ALTER TABLE scheduled_changes_next RENAME TO scheduled_changes;
