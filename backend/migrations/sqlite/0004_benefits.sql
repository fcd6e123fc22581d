-- Software Assurance and service benefits (SPEC §2). Times are UTC Unix milliseconds.

-- The Software Assurance licenses of a purchasing account ("Licenses and
-- services" tab); benefit amounts are computed from their total (R-SAB-07).
CREATE TABLE sa_licenses (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    purchasing_account_id  BIGINT  NOT NULL REFERENCES purchasing_accounts (id),
    product                TEXT    NOT NULL,
    quantity               BIGINT  NOT NULL CHECK (quantity >= 0)
);

-- One row per benefit a purchasing account holds. `remaining` can never go
-- below zero: the CHECK backs up the conditional UPDATEs of the use cases.
CREATE TABLE benefits (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    purchasing_account_id     BIGINT  NOT NULL REFERENCES purchasing_accounts (id),
    kind                      TEXT    NOT NULL,
    licenses                  BIGINT  NOT NULL,
    granted                   BIGINT  NOT NULL,
    used                      BIGINT  NOT NULL DEFAULT 0 CHECK (used >= 0),
    remaining                 BIGINT  NOT NULL CHECK (remaining >= 0),
    planning_from_conversion  BIGINT  NOT NULL DEFAULT 0 CHECK (planning_from_conversion >= 0),
    sa_id                     TEXT    NOT NULL,
    program_code              TEXT,
    access_code               TEXT,
    expires_at                BIGINT  NOT NULL,
    UNIQUE (purchasing_account_id, kind)
);

-- Benefits an account is eligible for but does not hold ("More benefits you can use").
CREATE TABLE benefit_eligibility (
    purchasing_account_id  BIGINT  NOT NULL REFERENCES purchasing_accounts (id),
    kind                   TEXT    NOT NULL,
    PRIMARY KEY (purchasing_account_id, kind)
);

-- Ledger of every change to a benefit's balance (R-SAB-07 export).
CREATE TABLE benefit_transactions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id     BIGINT  NOT NULL REFERENCES benefits (id),
    at             BIGINT  NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('grant', 'use', 'release', 'conversion', 'reversal', 'expiry')),
    amount         BIGINT  NOT NULL,
    balance_after  BIGINT  NOT NULL CHECK (balance_after >= 0),
    actor_user_id  BIGINT,
    note           TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX benefit_transactions_benefit ON benefit_transactions (benefit_id, id);

CREATE TABLE benefit_users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id  BIGINT  NOT NULL REFERENCES benefits (id),
    email       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    language    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (benefit_id, email)
);

-- R-SAB-10: a partner's permission to manage a customer's benefits.
CREATE TABLE benefit_delegations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_org_id   BIGINT  NOT NULL REFERENCES organizations (id),
    customer_org_id  BIGINT  NOT NULL REFERENCES organizations (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'removed')),
    requested_at     BIGINT  NOT NULL,
    decided_at       BIGINT,
    UNIQUE (partner_org_id, customer_org_id)
);
