-- R-SAB-11: the software of a download benefit has the keys and links of
-- software bought: a product key per benefit and product (sealed with the
-- deployment secret, like a purchase's), and download links that belong to
-- a purchase or a benefit, exactly one, each naming the product it
-- downloads (a benefit may offer several).
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
