-- One row per rate-limit bucket, taken (upserted) first by every attempt
-- that counts in it: on PostgreSQL the row lock makes concurrent attempts
-- count one after another, so parallel requests cannot all pass on the same
-- old count. `touched_at` lets old buckets be pruned.
CREATE TABLE rate_limit_buckets (
    bucket      TEXT    PRIMARY KEY,
    touched_at  BIGINT  NOT NULL
);

-- At most one provider organization: `server create-admin` creates it on an
-- empty database, and two runs at once must not create two.
CREATE UNIQUE INDEX organizations_one_provider ON organizations (kind) WHERE kind = 'provider';
