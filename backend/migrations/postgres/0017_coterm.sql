-- R-SUB-19: a co-termed term's renewal day (days since 1970-01-01, UTC),
-- before its natural end; NULL for a whole term. A change scheduled for
-- renewal keeps the co-term date it chose the same way.
ALTER TABLE subscriptions ADD COLUMN term_end BIGINT;
ALTER TABLE scheduled_changes ADD COLUMN coterm_end BIGINT;
