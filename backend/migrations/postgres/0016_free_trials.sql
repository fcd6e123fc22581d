-- R-SUB-27: while an offer's automatic free trial runs, the day (days since
-- 1970-01-01, UTC) its paid term starts; NULL otherwise.
ALTER TABLE subscriptions ADD COLUMN paid_from BIGINT;
