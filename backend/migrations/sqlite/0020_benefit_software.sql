-- R-SAB-11: the software of a download benefit has the keys, reveals and
-- links of software bought: a product key per benefit and product (sealed
-- with the deployment secret, like a purchase's), and download links and
-- key reveals that belong to a purchase or a benefit, exactly one, a link
-- naming the product it downloads (a benefit may offer several).
CREATE TABLE benefit_software_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id  BIGINT  NOT NULL REFERENCES benefits (id),
    product_id  TEXT    NOT NULL,
    sealed      TEXT    NOT NULL,
    UNIQUE (benefit_id, product_id)
);

-- SQLite cannot drop a NOT NULL in place: the table is rebuilt with its rows
-- (their ids kept: a sealed token is bound to its link's id).
CREATE TABLE download_links_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    purchase_id   BIGINT  REFERENCES software_purchases (id),
    token_hash    TEXT    NOT NULL UNIQUE,
    sealed_token  TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    file_type     TEXT    NOT NULL,
    created_by    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT  NOT NULL,
    downloads     BIGINT  NOT NULL DEFAULT 0,
    revoked_at    BIGINT,
    benefit_id    BIGINT  REFERENCES benefits (id),
    product_id    TEXT    NOT NULL,
    CHECK ((purchase_id IS NULL) <> (benefit_id IS NULL))
);
INSERT INTO download_links_new (id, purchase_id, token_hash, sealed_token, version, language, file_type,
                                created_by, created_at, downloads, revoked_at, product_id)
    SELECT l.id, l.purchase_id, l.token_hash, l.sealed_token, l.version, l.language, l.file_type,
           l.created_by, l.created_at, l.downloads, l.revoked_at, p.product_id
    FROM download_links l JOIN software_purchases p ON p.id = l.purchase_id;
DROP TABLE download_links;
ALTER TABLE download_links_new RENAME TO download_links;
CREATE INDEX download_links_purchase ON download_links (purchase_id, id);
CREATE INDEX download_links_benefit ON download_links (benefit_id, created_by, id);

-- "Show product key" is recorded for a benefit's key as for a purchase's:
-- a reveal names a purchase, or a benefit and its product. SQLite rebuilds
-- the table with its rows, as above.
CREATE TABLE key_reveals_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purchase_id  BIGINT  REFERENCES software_purchases (id),
    revealed_at  BIGINT  NOT NULL,
    benefit_id   BIGINT  REFERENCES benefits (id),
    product_id   TEXT,
    CHECK ((purchase_id IS NULL) <> (benefit_id IS NULL)),
    CHECK ((benefit_id IS NULL) = (product_id IS NULL))
);
INSERT INTO key_reveals_new (id, user_id, purchase_id, revealed_at)
    SELECT id, user_id, purchase_id, revealed_at FROM key_reveals;
DROP TABLE key_reveals;
ALTER TABLE key_reveals_new RENAME TO key_reveals;
CREATE INDEX key_reveals_user ON key_reveals (user_id, purchase_id, revealed_at);
CREATE INDEX key_reveals_benefit ON key_reveals (user_id, benefit_id, revealed_at);
