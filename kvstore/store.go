package kvstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a KV database on one SQLite file. Create it with New, then Open it.
// All methods are safe for concurrent use.
type Store struct {
	path string
	now  func() time.Time
	db   *sql.DB
}

// Options configures a Store.
type Options struct {
	// Now is the clock used for expiry. Nil means time.Now.
	Now func() time.Time
}

// New returns a Store for the SQLite file at path. It does no I/O; call Open.
func New(path string, opts Options) *Store {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Store{path: path, now: now}
}

// Path returns the file the store reads and writes.
func (s *Store) Path() string { return s.path }

// Open creates the file and its directory if needed, switches it to WAL mode and applies
// pending schema migrations.
func (s *Store) Open(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("kvstore: create state directory: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.path)+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("kvstore: open %s: %w", s.path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return fmt.Errorf("kvstore: migrate %s: %w", s.path, err)
	}
	s.db = db
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// migrate applies every embedded migration newer than the database's user_version, each in
// its own transaction, in file-name order.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// nowMs returns the store clock in milliseconds since the epoch.
func (s *Store) nowMs() int64 { return s.now().UnixMilli() }

// ensureNamespace registers namespace id (titled with its id) unless it exists, as
// wrangler's local mode creates a namespace on first use.
func (s *Store) ensureNamespace(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO namespaces(id, title, created_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		id, id, s.nowMs())
	return err
}

// prefixUpperBound returns the smallest byte string greater than every string that starts
// with prefix, or "" when there is none (prefix is all 0xFF bytes).
func prefixUpperBound(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xFF {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}
