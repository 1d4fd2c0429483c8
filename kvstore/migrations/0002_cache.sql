-- The Cache API's responses (caches.default and caches.open(name)), by cache and URL:
-- kept beside the KV state so that they outlive a restart, as workerd's local cache does.
-- header is the response's header block (one "Name: value" line each).
CREATE TABLE cache_entries (
    cache       TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    status_text TEXT    NOT NULL,
    header      BLOB    NOT NULL,
    body        BLOB    NOT NULL,
    stored_ms   INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    PRIMARY KEY (cache, url)
) WITHOUT ROWID;
