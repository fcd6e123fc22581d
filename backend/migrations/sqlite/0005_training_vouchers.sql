-- R-SAB-11: training days of the Training Vouchers benefit assigned to a
-- named person. Assigning takes the days from the benefit's remaining
-- balance, revoking (revoked_at set) gives them back. Times are UTC Unix
-- milliseconds.
CREATE TABLE training_voucher_assignments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id   BIGINT  NOT NULL REFERENCES benefits (id),
    email        TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    days         BIGINT  NOT NULL CHECK (days > 0),
    assigned_at  BIGINT  NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX training_voucher_assignments_benefit ON training_voucher_assignments (benefit_id, id);
