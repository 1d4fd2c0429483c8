-- Namespace registry: the ids bindings refer to, and a human title (unique).
CREATE TABLE namespaces (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);

-- One row per live key. Keys are BLOBs so that comparison is byte-wise (memcmp) on the
-- UTF-8 bytes and keys may contain NUL. Expiration is absolute milliseconds since the epoch.
CREATE TABLE entries (
    namespace_id  TEXT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
    key           BLOB NOT NULL,
    value         BLOB NOT NULL,
    metadata      TEXT,
    expiration_ms INTEGER,
    PRIMARY KEY (namespace_id, key)
);

CREATE INDEX entries_expiration ON entries(expiration_ms) WHERE expiration_ms IS NOT NULL;
