package kvstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
)

// Entry is one stored value with what was stored beside it.
type Entry struct {
	Value []byte
	// Metadata is the JSON text given at put time, or "" when there is none.
	Metadata string
	// Expiration is the absolute expiry in seconds since the epoch, or 0 for none.
	Expiration int64
}

// PutOptions are the optional parts of a put.
type PutOptions struct {
	// Expiration is an absolute expiry in seconds since the epoch; 0 means none.
	Expiration int64
	// ExpirationTTL is a relative expiry in seconds; it wins over Expiration when both are set.
	ExpirationTTL int64
	// Metadata is JSON text stored with the value; "" means none.
	Metadata string
}

// Get returns the live entry for key in namespace ns. found is false for a missing or
// expired key; that is not an error.
func (s *Store) Get(ctx context.Context, ns, key string) (e Entry, found bool, err error) {
	var meta sql.NullString
	var exp sql.NullInt64
	err = s.db.QueryRowContext(ctx,
		`SELECT value, metadata, expiration_ms FROM entries
		 WHERE namespace_id = ? AND key = ? AND (expiration_ms IS NULL OR expiration_ms > ?)`,
		ns, []byte(key), s.nowMs()).Scan(&e.Value, &meta, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("kvstore: get: %w", err)
	}
	if e.Value == nil {
		e.Value = []byte{}
	}
	e.Metadata = meta.String
	if exp.Valid {
		e.Expiration = exp.Int64 / 1000
	}
	return e, true, nil
}

// Put stores the bytes read from value under key in namespace ns, replacing any previous
// entry, in one transaction.
func (s *Store) Put(ctx context.Context, ns, key string, value io.Reader, opts PutOptions) error {
	data, err := io.ReadAll(value)
	if err != nil {
		return fmt.Errorf("kvstore: put: read value: %w", err)
	}
	var exp sql.NullInt64
	switch {
	case opts.ExpirationTTL != 0:
		exp = sql.NullInt64{Int64: s.nowMs() + opts.ExpirationTTL*1000, Valid: true}
	case opts.Expiration != 0:
		exp = sql.NullInt64{Int64: opts.Expiration * 1000, Valid: true}
	}
	meta := sql.NullString{String: opts.Metadata, Valid: opts.Metadata != ""}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("kvstore: put: %w", err)
	}
	defer tx.Rollback()
	if err := s.ensureNamespace(ctx, tx, ns); err != nil {
		return fmt.Errorf("kvstore: put: %w", err)
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO entries(namespace_id, key, value, metadata, expiration_ms) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT(namespace_id, key) DO UPDATE SET
		   value = excluded.value, metadata = excluded.metadata, expiration_ms = excluded.expiration_ms`,
		ns, []byte(key), data, meta, exp)
	if err != nil {
		return fmt.Errorf("kvstore: put: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("kvstore: put: %w", err)
	}
	return nil
}

// Delete removes key from namespace ns. Deleting a missing key is not an error.
func (s *Store) Delete(ctx context.Context, ns, key string) error {
	if _, err := s.db.ExecContext(ctx,
		`DELETE FROM entries WHERE namespace_id = ? AND key = ?`, ns, []byte(key)); err != nil {
		return fmt.Errorf("kvstore: delete: %w", err)
	}
	return nil
}

// ListOptions selects one page of keys.
type ListOptions struct {
	// Prefix keeps only keys that start with it (byte-wise).
	Prefix string
	// Limit is the page size, 1 to 1000; 0 or less means 1000.
	Limit int
	// Cursor continues a previous listing; "" starts at the beginning.
	Cursor string
}

// ListKey is one key of a listing.
type ListKey struct {
	Name string
	// Expiration is in seconds since the epoch, 0 for none.
	Expiration int64
	// Metadata is the stored JSON text, "" for none.
	Metadata string
}

// ListResult is one page of keys in byte-wise UTF-8 order.
type ListResult struct {
	Keys []ListKey
	// Complete is true exactly when no key follows this page.
	Complete bool
	// Cursor continues the walk when Complete is false.
	Cursor string
}

// MaxListLimit is the largest page a list returns.
const MaxListLimit = 1000

// List returns one page of the live keys of namespace ns.
func (s *Store) List(ctx context.Context, ns string, opts ListOptions) (ListResult, error) {
	limit := opts.Limit
	if limit <= 0 || limit > MaxListLimit {
		limit = MaxListLimit
	}
	after := []byte{}
	if opts.Cursor != "" {
		// A cursor that does not decode restarts the walk, as Miniflare's does.
		if b, err := base64.StdEncoding.DecodeString(opts.Cursor); err == nil {
			after = b
		}
	}
	query := `SELECT key, metadata, expiration_ms FROM entries
		WHERE namespace_id = ? AND key > ? AND key >= ? AND (expiration_ms IS NULL OR expiration_ms > ?)`
	args := []any{ns, after, []byte(opts.Prefix), s.nowMs()}
	if upper := prefixUpperBound(opts.Prefix); opts.Prefix != "" && upper != "" {
		query += ` AND key < ?`
		args = append(args, []byte(upper))
	}
	query += ` ORDER BY key LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return ListResult{}, fmt.Errorf("kvstore: list: %w", err)
	}
	defer rows.Close()
	res := ListResult{Keys: []ListKey{}}
	for rows.Next() {
		var key []byte
		var meta sql.NullString
		var exp sql.NullInt64
		if err := rows.Scan(&key, &meta, &exp); err != nil {
			return ListResult{}, fmt.Errorf("kvstore: list: %w", err)
		}
		k := ListKey{Name: string(key), Metadata: meta.String}
		if exp.Valid {
			k.Expiration = exp.Int64 / 1000
		}
		res.Keys = append(res.Keys, k)
	}
	if err := rows.Err(); err != nil {
		return ListResult{}, fmt.Errorf("kvstore: list: %w", err)
	}
	res.Complete = len(res.Keys) <= limit
	if !res.Complete {
		res.Keys = res.Keys[:limit]
		res.Cursor = base64.StdEncoding.EncodeToString([]byte(res.Keys[limit-1].Name))
	}
	return res, nil
}
