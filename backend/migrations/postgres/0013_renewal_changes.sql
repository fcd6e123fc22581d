-- Changes scheduled for renewal (R-SUB-19): kind `renewal`, the next term's
-- product (`offer_id`: the subscription's own, or an upgrade target,
-- R-SUB-17), its option (`P1Y/monthly`) and seats. A trial's conversion
-- keeps `offer_id` NULL (its paid offer is the catalog's).
ALTER TABLE scheduled_changes DROP CONSTRAINT scheduled_changes_kind_check;
ALTER TABLE scheduled_changes ADD COLUMN offer_id TEXT;
ALTER TABLE scheduled_changes ADD CONSTRAINT scheduled_changes_kind_check
    CHECK (kind IN ('trial_conversion', 'renewal'));
ALTER TABLE scheduled_changes ADD CONSTRAINT scheduled_changes_offer_check
    CHECK ((kind = 'renewal') = (offer_id IS NOT NULL));
