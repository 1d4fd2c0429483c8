package kvstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync"
)

// pointReader reads single entry rows through one connection kept for it, with the
// getRow statement prepared on the driver itself: a KV get is the hottest query, and
// database/sql's share of it (finding a pooled connection and its copy of the
// statement, converting the arguments, a Rows, Scan's conversions) was a fifth of its
// cost and 17 of its 39 allocations. A get that finds every point reader in use takes
// the pool's way instead, so concurrent gets still run side by side.
type pointReader struct {
	mu   sync.Mutex
	conn *sql.Conn
	stmt driver.StmtQueryContext
	// args and dest are the statement's arguments and row, used under mu.
	args [3]driver.NamedValue
	dest [5]driver.Value
}

// pointReaders are a store's point readers: one per core, as many as can read at once.
type pointReaders []*pointReader

// openPointReaders opens n point readers, each on a connection of its own from db.
func openPointReaders(ctx context.Context, db *sql.DB, n int) (pointReaders, error) {
	var ps pointReaders
	for range n {
		p, err := openPointReader(ctx, db)
		if err != nil {
			ps.close()
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// close closes them all.
func (ps pointReaders) close() {
	for _, p := range ps {
		p.close()
	}
}

// openPointReader takes a connection from db's pool for good and prepares getRow on it.
func openPointReader(ctx context.Context, db *sql.DB) (*pointReader, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	p := &pointReader{conn: conn}
	err = conn.Raw(func(dc any) error {
		cp, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return errors.New("the SQLite driver cannot prepare with a context")
		}
		st, err := cp.PrepareContext(ctx, sqlGetRow)
		if err != nil {
			return err
		}
		if p.stmt, ok = st.(driver.StmtQueryContext); !ok {
			st.Close()
			return errors.New("the SQLite driver cannot query with a context")
		}
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	for i := range p.args {
		p.args[i].Ordinal = i + 1
	}
	return p, nil
}

// close finalizes the statement and gives the connection back to the pool.
func (p *pointReader) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conn.Raw(func(any) error { return p.stmt.(driver.Stmt).Close() })
	p.conn.Close()
}

// getRow is Store.getRow outside a transaction; ok is false when the connection was
// in use (the caller then goes through the pool).
func (p *pointReader) getRow(ctx context.Context, ns, key string, nowMs int64) (v *Value, blob sql.NullInt64, ok bool, err error) {
	if !p.mu.TryLock() {
		return nil, blob, false, nil
	}
	defer p.mu.Unlock()
	p.args[0].Value, p.args[1].Value, p.args[2].Value = ns, []byte(key), nowMs
	err = p.conn.Raw(func(any) error {
		rows, err := p.stmt.QueryContext(ctx, p.args[:])
		if err != nil {
			return err
		}
		defer rows.Close()
		if err := rows.Next(p.dest[:]); err != nil {
			return err
		}
		v, blob, err = rowValue(p.dest[0], p.dest[1], p.dest[2], p.dest[3], p.dest[4])
		return err
	})
	p.args[1].Value = nil
	clear(p.dest[:]) // the value's bytes are the caller's now
	if err == io.EOF {
		return nil, blob, true, nil
	}
	return v, blob, true, err
}

// rowValue is the Value of a getRow row (size, value, blob_id, metadata, expiration_ms)
// as the driver gives its columns; for an inline value the Value is complete, otherwise
// blob says where its bytes are.
func rowValue(size, value, blobID, metadata, expirationMs any) (*Value, sql.NullInt64, error) {
	var blob sql.NullInt64
	n, ok := size.(int64)
	if !ok {
		return nil, blob, errors.New("kvstore: an entry's size is not an integer")
	}
	v := &Value{Size: n}
	switch m := metadata.(type) {
	case string:
		v.Metadata = m
	case []byte:
		v.Metadata = string(m)
	}
	if exp, ok := expirationMs.(int64); ok {
		v.Expiration = exp / 1000
	}
	if id, ok := blobID.(int64); ok {
		blob = sql.NullInt64{Int64: id, Valid: true}
		return v, blob, nil
	}
	var inline []byte
	switch b := value.(type) {
	case []byte:
		inline = b
	case string:
		inline = []byte(b)
	}
	if inline == nil {
		inline = []byte{}
	}
	v.inline = inline
	v.r = chunksReader([][]byte{inline})
	return v, blob, nil
}
