-- Namespace registry: the ids bindings refer to, and a human title (unique).
CREATE TABLE namespaces (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);

-- One row per key. Keys are BLOBs so that comparison is byte-wise (memcmp) on the UTF-8
-- bytes and keys may hold any character, NUL included. expiration_ms is absolute
-- milliseconds since the epoch (NULL: never). A value of at most 1,024 bytes is stored
-- inline in `value`; a larger one lives in blob_chunks under `blob_id`, so rows stay small
-- and listing or reading small values never touches large ones.
CREATE TABLE entries (
    namespace_id  TEXT    NOT NULL,
    key           BLOB    NOT NULL,
    expiration_ms INTEGER,
    metadata      TEXT,
    size          INTEGER NOT NULL,
    value         BLOB,
    blob_id       INTEGER,
    PRIMARY KEY (namespace_id, key)
) WITHOUT ROWID;

CREATE INDEX entries_expiration ON entries(expiration_ms) WHERE expiration_ms IS NOT NULL;

-- The bytes of large values, in order, 256 KiB a row.
CREATE TABLE blob_chunks (
    blob_id INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    data    BLOB    NOT NULL,
    PRIMARY KEY (blob_id, seq)
);

-- A value's chunks go with the entry that owns them: when it is overwritten, deleted,
-- expired or its namespace removed, in the same transaction.
CREATE TRIGGER entries_free_blob_on_update AFTER UPDATE OF blob_id ON entries
WHEN OLD.blob_id IS NOT NULL AND OLD.blob_id IS NOT NEW.blob_id
BEGIN
    DELETE FROM blob_chunks WHERE blob_id = OLD.blob_id;
END;

CREATE TRIGGER entries_free_blob_on_delete AFTER DELETE ON entries
WHEN OLD.blob_id IS NOT NULL
BEGIN
    DELETE FROM blob_chunks WHERE blob_id = OLD.blob_id;
END;
