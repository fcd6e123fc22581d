-- R-API-03: a subscription's version, counted up by every write's row lock
-- (whatever it changes), so an `If-Match` can be checked under that lock.
ALTER TABLE subscriptions ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
