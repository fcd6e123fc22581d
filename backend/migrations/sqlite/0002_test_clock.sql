-- The demo test clock (issue 3): business time = real time + offset_ms.
-- One row, shared by every server process on this database. Production mode
-- never reads or writes it.
CREATE TABLE test_clock (
    id          BIGINT  PRIMARY KEY CHECK (id = 1),
    offset_ms   BIGINT  NOT NULL CHECK (offset_ms >= 0),
    updated_at  BIGINT  NOT NULL
);
INSERT INTO test_clock (id, offset_ms, updated_at) VALUES (1, 0, 0);
