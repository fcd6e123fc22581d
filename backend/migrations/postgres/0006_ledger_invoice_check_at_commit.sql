-- The ledger's reference to its invoice is checked at commit, after the
-- change's own update of the invoice total. Checked at the insert, it took a
-- share lock on an invoice row that concurrent changes of the same customer
-- were updating, and PostgreSQL recorded each such pair of lockers as a
-- multixact: slower than the update it waited for. The check itself is the
-- same; only its moment moves (still inside the transaction).
ALTER TABLE ledger ALTER CONSTRAINT ledger_invoice_id_fkey DEFERRABLE INITIALLY DEFERRED;
