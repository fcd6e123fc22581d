-- Changes scheduled for the end of a subscription's term (R-SUB-19, 26):
-- one of a kind per subscription. `trial_conversion`: the paid option
-- (`P1Y/monthly`) and seats a trial converts to at its end.
CREATE TABLE scheduled_changes (
    subscription_id  BIGINT  NOT NULL REFERENCES subscriptions (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('trial_conversion')),
    option           TEXT    NOT NULL,
    seats            BIGINT  NOT NULL CHECK (seats > 0),
    scheduled_at     BIGINT  NOT NULL,
    PRIMARY KEY (subscription_id, kind)
);
