package kvstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"io"
	"strings"
)

// Value is a stored value with what was stored beside it. Read the bytes through it as
// an io.Reader, or all at once with Bytes.
type Value struct {
	r      io.Reader
	inline []byte // the whole value, when it was stored inline
	// Size is the value's length in bytes.
	Size int64
	// Metadata is the JSON text given at put time, or "" when there is none.
	Metadata string
	// Expiration is the absolute expiry in seconds since the epoch, or 0 for none.
	Expiration int64
}

// NewValue makes a Value of data held in memory (a remote namespace's, read over the REST
// API), with its metadata JSON text ("" for none) and expiry in seconds (0 for none).
func NewValue(data []byte, metadata string, expiration int64) *Value {
	return &Value{r: bytes.NewReader(data), inline: data, Size: int64(len(data)), Metadata: metadata, Expiration: expiration}
}

// Read reads the value's bytes.
func (v *Value) Read(p []byte) (int, error) { return v.r.Read(p) }

// Bytes returns the whole value. For a value not yet read it costs no copy when the
// value is small; call it instead of Read, not after.
func (v *Value) Bytes() ([]byte, error) {
	if v.inline != nil {
		return v.inline, nil
	}
	b := make([]byte, 0, v.Size)
	buf := make([]byte, 32<<10)
	for {
		n, err := v.r.Read(buf)
		b = append(b, buf[:n]...)
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// PutOptions are the optional parts of a put. A nil field was not given.
type PutOptions struct {
	// Expiration is an absolute expiry in seconds since the epoch.
	Expiration *int64
	// ExpirationTTL is a relative expiry in seconds; it wins over Expiration.
	ExpirationTTL *int64
	// Metadata is JSON text stored with the value; "" means none.
	Metadata string
}

// Get returns the live value for key in namespace ns, or nil for a missing or expired
// key (that is not an error).
func (s *Store) Get(ctx context.Context, ns, key string) (*Value, error) {
	if err := ValidateKey(key); err != nil {
		return nil, err
	}
	// One statement is a consistent snapshot: enough for a value stored inline.
	v, blob, err := s.getRow(ctx, nil, ns, key, s.nowMs())
	if err != nil || v == nil || !blob.Valid {
		return v, wrap("get", err)
	}
	// A chunked value: read the row again with its chunks in one snapshot, so that a
	// concurrent overwrite cannot mix two values.
	err = s.read(ctx, func(tx *sql.Tx) error {
		var err error
		v, blob, err = s.getRow(ctx, tx, ns, key, s.nowMs())
		if err != nil || v == nil || !blob.Valid {
			return err
		}
		chunks, err := s.readBlob(ctx, tx, blob.Int64)
		v.r = chunksReader(chunks)
		return err
	})
	if err != nil {
		return nil, wrap("get", err)
	}
	return v, nil
}

// getRow reads the entry row of a live key (in tx, or on its own when tx is nil); for an
// inline value the Value is complete, otherwise blob says where its bytes are.
func (s *Store) getRow(ctx context.Context, tx *sql.Tx, ns, key string, nowMs int64) (*Value, sql.NullInt64, error) {
	if tx == nil {
		for _, p := range s.pr {
			if v, blob, ok, err := p.getRow(ctx, ns, key, nowMs); ok {
				return v, blob, err
			}
		}
	}
	stmt := s.st.getRow
	if tx != nil {
		stmt = in(ctx, tx, stmt)
	}
	var row [5]any
	err := stmt.QueryRowContext(ctx, ns, []byte(key), nowMs).Scan(&row[0], &row[1], &row[2], &row[3], &row[4])
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sql.NullInt64{}, nil
	}
	if err != nil {
		return nil, sql.NullInt64{}, err
	}
	return rowValue(row[0], row[1], row[2], row[3], row[4])
}

// Put stores the bytes read from value (0 to MaxValueBytes) under key in namespace ns,
// replacing any previous entry, in one transaction. The stream is read before the
// transaction starts, so a slow stream never holds the database.
func (s *Store) Put(ctx context.Context, ns, key string, value io.Reader, opts PutOptions) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	exp, err := expiryMs(opts, s.nowMs())
	if err != nil {
		return err
	}
	if err := validateMetadata(opts.Metadata); err != nil {
		return err
	}
	data, err := readValue(value)
	if err != nil {
		return wrap("put: read value", err)
	}
	return wrap("put", s.write(ctx, func(tx *sql.Tx) error {
		if err := s.ensureNamespace(ctx, tx, ns, s.nowMs()); err != nil {
			return err
		}
		return s.putEntry(ctx, tx, ns, key, data, exp, opts.Metadata)
	}))
}

// putEntry writes one entry inside tx, replacing any previous value (a trigger frees its
// chunks).
func (s *Store) putEntry(ctx context.Context, tx *sql.Tx, ns, key string, data *valueData, expMs int64, meta string) error {
	var inline []byte
	var blob sql.NullInt64
	if b, ok := data.inline(); ok {
		inline = b
	} else {
		id, err := writeBlob(ctx, tx, data)
		if err != nil {
			return err
		}
		blob = sql.NullInt64{Int64: id, Valid: true}
	}
	_, err := in(ctx, tx, s.st.upsertEntry).ExecContext(ctx, ns, []byte(key), sql.NullInt64{Int64: expMs, Valid: expMs != 0},
		sql.NullString{String: meta, Valid: meta != ""}, data.size, inline, blob)
	return err
}

// Delete removes key from namespace ns. Deleting a missing key is not an error.
func (s *Store) Delete(ctx context.Context, ns, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	return wrap("delete", s.write(ctx, func(tx *sql.Tx) error {
		return s.deleteEntry(ctx, tx, ns, key)
	}))
}

// deleteEntry removes one entry inside tx (a trigger frees its chunks).
func (s *Store) deleteEntry(ctx context.Context, tx *sql.Tx, ns, key string) error {
	_, err := in(ctx, tx, s.st.deleteEntry).ExecContext(ctx, ns, []byte(key))
	return err
}

// ListOptions selects one page of keys.
type ListOptions struct {
	// Prefix keeps only keys that start with it (byte-wise; % and _ are plain bytes).
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

// List returns one page of the live keys of namespace ns. The cursor is an opaque token
// that resumes strictly after the last key returned, so keys inserted or deleted between
// pages neither break nor repeat the walk.
func (s *Store) List(ctx context.Context, ns string, opts ListOptions) (ListResult, error) {
	if err := validateListLimit(opts.Limit); err != nil {
		return ListResult{}, err
	}
	if err := checkKeyLength(opts.Prefix); err != nil {
		return ListResult{}, err
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = MaxListLimit
	}
	start := []byte(opts.Prefix)
	if after, ok := decodeCursor(opts.Cursor); ok && after > opts.Prefix {
		// Strictly after the last key: the smallest key greater than it is after+"\x00".
		start = append([]byte(after), 0)
	}
	cond, args := liveKeys("", ns, start, opts.Prefix, s.nowMs())
	query := `SELECT key, metadata, expiration_ms FROM entries WHERE ` + cond
	query += ` ORDER BY key LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return ListResult{}, wrap("list", err)
	}
	defer rows.Close()
	res := ListResult{Keys: make([]ListKey, 0, min(limit, 64))}
	for rows.Next() {
		var key []byte
		var meta sql.NullString
		var exp sql.NullInt64
		if err := rows.Scan(&key, &meta, &exp); err != nil {
			return ListResult{}, wrap("list", err)
		}
		k := ListKey{Name: string(key), Metadata: meta.String}
		if exp.Valid {
			k.Expiration = exp.Int64 / 1000
		}
		res.Keys = append(res.Keys, k)
	}
	if err := rows.Err(); err != nil {
		return ListResult{}, wrap("list", err)
	}
	res.Complete = len(res.Keys) <= limit
	if !res.Complete {
		res.Keys = res.Keys[:limit]
		res.Cursor = encodeCursor(res.Keys[limit-1].Name)
	}
	return res, nil
}

// encodeCursor and decodeCursor make the opaque list token: the last key returned, in
// URL-safe base64 so that it can travel in a query string.
func encodeCursor(lastKey string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(lastKey))
}

// decodeCursor reads a cursor as workerd's local KV (Miniflare) does, with Node's
// lenient base64: either alphabet, padding or not, other characters skipped. What it
// decodes to is the key the walk resumes after, so a cursor that is not one of ours
// lists from wherever its bytes sort ("YQ==" after "a"; most garbage past every key),
// as there.
func decodeCursor(c string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; {
		case ch >= 'A' && ch <= 'Z', ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9':
			b.WriteByte(ch)
		case ch == '+' || ch == '-':
			b.WriteByte('-')
		case ch == '/' || ch == '_':
			b.WriteByte('_')
		}
	}
	clean := b.String()
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1] // a lone trailing character carries no whole byte
	}
	if clean == "" {
		return "", false
	}
	out, err := base64.RawURLEncoding.DecodeString(clean)
	if err != nil {
		return "", false
	}
	return string(out), true
}
