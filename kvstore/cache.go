package kvstore

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// CachedResponse is one response the Cache API stored.
type CachedResponse struct {
	Status     int
	StatusText string
	// Header is the response's header block, as the caller wrote it.
	Header  []byte
	Body    []byte
	Stored  time.Time
	Expires time.Time
}

// PutCached stores a response under (cache, url), replacing what was there.
func (s *Store) PutCached(ctx context.Context, cache, url string, r *CachedResponse) error {
	return wrap("cache put", s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO cache_entries
			(cache, url, status, status_text, header, body, stored_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			cache, url, r.Status, r.StatusText, r.Header, r.Body, r.Stored.UnixMilli(), r.Expires.UnixMilli())
		return err
	}))
}

// GetCached returns the response under (cache, url) that has not expired at now, or nil.
func (s *Store) GetCached(ctx context.Context, cache, url string, now time.Time) (*CachedResponse, error) {
	var r CachedResponse
	var stored, expires int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT status, status_text, header, body, stored_ms, expires_ms
			FROM cache_entries WHERE cache = ? AND url = ? AND expires_ms > ?`, cache, url, now.UnixMilli()).
			Scan(&r.Status, &r.StatusText, &r.Header, &r.Body, &stored, &expires)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("cache get", err)
	}
	r.Stored, r.Expires = time.UnixMilli(stored), time.UnixMilli(expires)
	return &r, nil
}

// DeleteCached removes the response under (cache, url), reporting whether there was one
// that had not expired.
func (s *Store) DeleteCached(ctx context.Context, cache, url string, now time.Time) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM cache_entries WHERE cache = ? AND url = ? AND expires_ms > ?`, cache, url, now.UnixMilli())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM cache_entries WHERE cache = ? AND url = ?`, cache, url)
		}
		return err
	})
	return n > 0, wrap("cache delete", err)
}
