package kvstore

import (
	"context"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func scratchStore(b *testing.B) *Store {
	s := New(filepath.Join(b.TempDir(), "s.sqlite"), Options{PurgeInterval: -1})
	if err := s.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.Put(context.Background(), "ns", "small", strings.NewReader(strings.Repeat("x", 100)), PutOptions{}); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkScratchGetHot(b *testing.B) {
	s := scratchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		v, err := s.Get(ctx, "ns", "small")
		if err != nil || v == nil {
			b.Fatal(err)
		}
		v.Bytes()
	}
}

func BenchmarkScratchRawHot(b *testing.B) {
	s := scratchStore(b)
	ctx := context.Background()
	c, err := s.db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	c.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, sqlGetRow)
		if err != nil {
			b.Fatal(err)
		}
		q := st.(driver.StmtQueryContext)
		dest := make([]driver.Value, 5)
		key := []byte("small")
		for b.Loop() {
			rows, err := q.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: "ns"}, {Ordinal: 2, Value: key}, {Ordinal: 3, Value: time.Now().UnixMilli()}})
			if err != nil {
				b.Fatal(err)
			}
			if err := rows.Next(dest); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
		return nil
	})
}

func BenchmarkScratchBareSQL(b *testing.B) {
	s := scratchStore(b)
	ctx := context.Background()
	s.db.Exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID`)
	s.db.Exec(`INSERT INTO kv VALUES ('small', ?)`, []byte(strings.Repeat("x", 100)))
	st, err := s.db.Prepare(`SELECT value FROM kv WHERE key = ?`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var v []byte
		if err := st.QueryRowContext(ctx, "small").Scan(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScratchRawBare(b *testing.B) {
	s := scratchStore(b)
	ctx := context.Background()
	s.db.Exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID`)
	s.db.Exec(`INSERT INTO kv VALUES ('small', ?)`, []byte(strings.Repeat("x", 100)))
	c, _ := s.db.Conn(ctx)
	defer c.Close()
	b.ReportAllocs()
	c.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, `SELECT value FROM kv WHERE key = ?`)
		if err != nil {
			b.Fatal(err)
		}
		q := st.(driver.StmtQueryContext)
		dest := make([]driver.Value, 1)
		for b.Loop() {
			rows, err := q.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: "small"}})
			if err != nil {
				b.Fatal(err)
			}
			if err := rows.Next(dest); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
		return nil
	})
}
