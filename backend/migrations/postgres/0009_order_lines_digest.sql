-- What an order's idempotency key stands for (R-SUB-03): the fingerprint of
-- the reviewed cart (domain::lines_digest). A key sent again with another
-- customer or other lines is refused; orders placed before have none.
ALTER TABLE orders ADD COLUMN lines_digest TEXT NOT NULL DEFAULT '';
