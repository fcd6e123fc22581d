-- The deployment's signing key when BC_SECRET is not set (backend/src/secret.rs):
-- generated once, on first start, and shared by every server process.
CREATE TABLE deployment_secret (
    id          BIGINT  PRIMARY KEY CHECK (id = 1),
    secret      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
