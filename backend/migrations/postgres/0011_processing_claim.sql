-- R-SUB-21: the billing job's claim on a subscription whose renewal or
-- billing-period charge it is processing (`processing`: what, until
-- `processing_until`, a lease in real time that expires if the process
-- holding it crashed). Auto-renew and suspend/reactivate wait for it.
ALTER TABLE subscriptions ADD COLUMN processing TEXT;
ALTER TABLE subscriptions ADD COLUMN processing_until BIGINT;
