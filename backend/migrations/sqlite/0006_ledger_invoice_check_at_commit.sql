-- PostgreSQL's 0006 makes the ledger's invoice reference a check at commit
-- (row locks; see there). SQLite has one writer and no row locks: nothing to
-- change. This file keeps the two migration sequences numbered alike.
SELECT 1;
