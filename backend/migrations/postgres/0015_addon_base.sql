-- Add-ons tied to their base subscription (R-SUB-13): `base_subscription_id`
-- names the base an add-on was bought for (NULL for a base, and for add-ons
-- bought through the cart); `suspended_with_base` marks an add-on that the
-- base's suspension suspended, so that reactivating the base restores exactly
-- those.
ALTER TABLE subscriptions ADD COLUMN base_subscription_id BIGINT REFERENCES subscriptions (id);
ALTER TABLE subscriptions ADD COLUMN suspended_with_base INTEGER NOT NULL DEFAULT 0;
CREATE INDEX subscriptions_base ON subscriptions (base_subscription_id);
