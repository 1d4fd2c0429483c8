package kvstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a KV database on one SQLite file (WAL mode). Create it with New, then Open
// it. All methods are safe for concurrent use, and several processes may open the same
// file at once: writers wait for each other (busy timeout) instead of failing.
type Store struct {
	path  string
	now   func() time.Time
	purge time.Duration
	db    *sql.DB
	st    *statements
	pr    pointReaders
	// wmu queues this process's writers in Go: SQLite lets one write at a time, and its
	// busy handler waits by sleeping (up to 100 ms a try), which would give concurrent
	// puts long tail latencies. Other processes still meet the busy timeout.
	wmu sync.Mutex

	stop   chan struct{}
	wg     sync.WaitGroup
	closed atomic.Bool
}

// Options configures a Store.
type Options struct {
	// Now is the clock used for expiry. Nil means time.Now.
	Now func() time.Time
	// PurgeInterval is how often expired entries are deleted in the background; 0 means
	// one minute, a negative value turns the background purge off (reads still never
	// see expired entries).
	PurgeInterval time.Duration
}

// New returns a Store for the SQLite file at path. It does no I/O; call Open.
func New(path string, opts Options) *Store {
	s := &Store{path: path, now: opts.Now, purge: opts.PurgeInterval}
	if s.now == nil {
		s.now = time.Now
	}
	if s.purge == 0 {
		s.purge = time.Minute
	}
	return s
}

// Path returns the file the store reads and writes.
func (s *Store) Path() string { return s.path }

// MemoryPath is the path of a store kept in memory only: nothing is written to disk and
// the state goes with Close (`goflare dev --persist-to :memory:`, for tests).
const MemoryPath = ":memory:"

// Open creates the file and its directory if needed, switches it to WAL mode, applies
// pending schema migrations and starts the background purge of expired entries. A
// store at MemoryPath lives in memory, shared by its connections.
func (s *Store) Open(ctx context.Context) error {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Set("_txlock", "immediate")          // writers take the lock up front: no deadlocked upgrades
	q.Add("_pragma", "cache_size(-16384)") // 16 MiB of page cache per connection
	var dsn string
	if s.path == MemoryPath {
		// SQLite's memdb VFS: one database in memory that every connection of the pool
		// opens by name, alive while one of them is open.
		b := make([]byte, 8)
		rand.Read(b)
		q.Set("vfs", "memdb")
		dsn = "file:/goflare-" + hex.EncodeToString(b) + "?" + q.Encode()
	} else {
		if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
			return fmt.Errorf("kvstore: create state directory: %w", err)
		}
		q.Add("_pragma", "journal_mode(WAL)")
		// WAL + NORMAL: a committed write survives the process being killed at any moment;
		// only an OS crash or power loss can lose the last commits (no fsync per commit).
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "mmap_size(1073741824)") // read pages through a memory map, not read()
		dsn = "file:" + filepath.ToSlash(s.path) + "?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("kvstore: open %s: %w", s.path, err)
	}
	if err := migrate(ctx, db, s.now().UnixMilli()); err != nil {
		db.Close()
		return fmt.Errorf("kvstore: migrate %s: %w", s.path, err)
	}
	// A few connections serve a 2-core machine: reads run side by side in WAL mode and
	// writes go one at a time anyway; more would only multiply page caches. The point
	// readers (one a core) keep theirs beside them.
	readers := goruntime.GOMAXPROCS(0)
	db.SetMaxOpenConns(maxConns + readers)
	db.SetMaxIdleConns(maxConns + readers)
	st, err := prepare(ctx, db)
	if err != nil {
		db.Close()
		return fmt.Errorf("kvstore: prepare statements: %w", err)
	}
	pr, err := openPointReaders(ctx, db, readers)
	if err != nil {
		st.close()
		db.Close()
		return fmt.Errorf("kvstore: prepare statements: %w", err)
	}
	s.db, s.st, s.pr = db, st, pr
	if s.purge > 0 {
		s.stop = make(chan struct{})
		s.wg.Add(1)
		go s.purgeLoop()
	}
	return nil
}

// Close stops the background purge and closes the database. Calls still running on
// other goroutines finish or fail with an error; calls after Close fail. Closing twice
// is harmless.
func (s *Store) Close() error {
	if s.db == nil || !s.closed.CompareAndSwap(false, true) {
		return nil
	}
	if s.stop != nil {
		close(s.stop)
		s.wg.Wait()
	}
	s.pr.close()
	s.st.close()
	return s.db.Close()
}

// purgeLoop deletes expired entries every s.purge until Close.
func (s *Store) purgeLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.purge)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.PurgeExpired(context.Background())
		}
	}
}

// migrate applies every embedded migration newer than the database's user_version, each
// in its own transaction, in file-name order, and records it in the migrations table.
func migrate(ctx context.Context, db *sql.DB, nowMs int64) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for {
		done, err := migrateOne(ctx, db, names, nowMs)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next pending migration; done is true when none is left.
func migrateOne(ctx context.Context, db *sql.DB, names []string, nowMs int64) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil) // immediate: two processes opening at once take turns
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, err
	}
	if version >= len(names) {
		return true, nil
	}
	body, err := migrations.ReadFile(names[version])
	if err != nil {
		return false, err
	}
	if version == 0 {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)`); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, fmt.Errorf("%s: %w", names[version], err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations(version, name, applied_ms) VALUES (?, ?, ?)`,
		version+1, strings.TrimPrefix(names[version], "migrations/"), nowMs); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// nowMs returns the store clock in milliseconds since the epoch.
func (s *Store) nowMs() int64 { return s.now().UnixMilli() }

// maxConns is the size of the connection pool, besides the point readers'.
const maxConns = 4

// write runs fn in one write transaction: commit on success, rollback on error.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// read runs fn in one read transaction: a consistent snapshot that blocks no writer.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// wrap adds the operation to an error that is not already an *Error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := AsError(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("kvstore: %s: %w", op, err)
}

// liveKeys is the WHERE condition, with its arguments, that selects the live keys of
// namespace ns from start on that begin with prefix; table names the entries table in
// the query ("" when it is the only one).
func liveKeys(table, ns string, start []byte, prefix string, nowMs int64) (string, []any) {
	c := func(col string) string {
		if table == "" {
			return col
		}
		return table + "." + col
	}
	cond := c("namespace_id") + " = ? AND " + c("key") + " >= ? AND (" + c("expiration_ms") + " IS NULL OR " + c("expiration_ms") + " > ?)"
	args := []any{ns, start, nowMs}
	if upper := prefixUpperBound(prefix); prefix != "" && upper != "" {
		cond += " AND " + c("key") + " < ?"
		args = append(args, []byte(upper))
	}
	return cond, args
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
