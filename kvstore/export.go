package kvstore

import (
	"context"
	"database/sql"
)

// Entry is one live entry with its value, as Export yields it.
type Entry struct {
	Key   string
	Value []byte
	// Metadata is the stored JSON text, "" for none.
	Metadata string
	// Expiration is in seconds since the epoch, 0 for none.
	Expiration int64
}

// Export calls fn for every live entry of namespace ns whose key starts with prefix, in
// byte-wise key order, from one snapshot: writers carry on meanwhile and are not seen.
// One query walks the keys with their values' chunks, so a dump of many small values
// costs a row each. An error from fn stops the walk and is returned.
func (s *Store) Export(ctx context.Context, ns, prefix string, fn func(Entry) error) error {
	if err := checkKeyLength(prefix); err != nil {
		return err
	}
	cond, args := liveKeys("e", ns, []byte(prefix), prefix, s.nowMs())
	query := `SELECT e.key, e.metadata, e.expiration_ms, e.value, e.blob_id, c.data
		FROM entries e LEFT JOIN blob_chunks c ON c.blob_id = e.blob_id WHERE ` + cond
	query += ` ORDER BY e.key, c.seq`
	return wrap("export", s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur *Entry
		for rows.Next() {
			var key, inline, chunk []byte
			var meta sql.NullString
			var exp, blob sql.NullInt64
			if err := rows.Scan(&key, &meta, &exp, &inline, &blob, &chunk); err != nil {
				return err
			}
			if cur != nil && string(key) == cur.Key {
				// The next chunk of a large value.
				cur.Value = append(cur.Value, chunk...)
				continue
			}
			if cur != nil {
				if err := fn(*cur); err != nil {
					return err
				}
			}
			cur = &Entry{Key: string(key), Metadata: meta.String}
			if exp.Valid {
				cur.Expiration = exp.Int64 / 1000
			}
			if blob.Valid {
				cur.Value = chunk
			} else if inline != nil {
				cur.Value = inline
			} else {
				cur.Value = []byte{}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if cur != nil {
			return fn(*cur)
		}
		return nil
	}))
}

// CountKeys returns how many live keys of namespace ns start with prefix.
func (s *Store) CountKeys(ctx context.Context, ns, prefix string) (int, error) {
	cond, args := liveKeys("", ns, []byte(prefix), prefix, s.nowMs())
	query := `SELECT COUNT(*) FROM entries WHERE ` + cond
	var n int
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, wrap("count", err)
}

// UsedBytes is what namespace ns's live entries take: keys, values and metadata, as KV's
// storage quota counts them.
func (s *Store) UsedBytes(ctx context.Context, ns string) (int64, error) {
	cond, args := liveKeys("", ns, []byte{}, "", s.nowMs())
	query := `SELECT COALESCE(SUM(size + length(key) + COALESCE(length(metadata), 0)), 0) FROM entries WHERE ` + cond
	var n int64
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, wrap("used bytes", err)
}
