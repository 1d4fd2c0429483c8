package kvstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Miniflare's local KV state, as wrangler dev 3/4 keep it under <persist>/v3/kv
// (wrangler-reference.md 5): one SQLite file a namespace, named after a workerd Durable
// Object id derived from the namespace id, and the values in blob files of a directory
// named after the id.

// miniflareStem is the file stem of namespace id's SQLite file (wrangler-reference.md 5.3).
func miniflareStem(id string) string {
	k := sha256.Sum256([]byte("miniflare-KVNamespaceObject"))
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte(id))
	a := m.Sum(nil)[:16]
	m2 := hmac.New(sha256.New, k[:])
	m2.Write(a)
	b := m2.Sum(nil)[:16]
	return hex.EncodeToString(append(append([]byte{}, a...), b...))
}

var (
	dotSegment  = regexp.MustCompile(`(^|/)(\.+)(/|$)`)
	illegalPath = regexp.MustCompile(`[?<>*"'^/\\:|\x00-\x1f\x80-\x9f]`)
	reserved    = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$`)
)

// miniflareDir is Miniflare's sanitisePath of a namespace id: the name of the directory
// holding its blobs (wrangler-reference.md 5.4).
func miniflareDir(id string) string {
	s := dotSegment.ReplaceAllStringFunc(id, func(m string) string {
		return strings.ReplaceAll(m, ".", "_")
	})
	s = illegalPath.ReplaceAllString(s, "_")
	if reserved.MatchString(s) {
		s = "_"
	}
	if n := len(s) - len(strings.TrimLeft(s, " /")); n > 0 {
		s = strings.Repeat("_", n) + s[n:]
	}
	if n := len(s) - len(strings.TrimRight(s, " /")); n > 0 {
		s = s[:len(s)-n] + strings.Repeat("_", n)
	}
	if len(s) > 255 {
		s = s[:255]
	}
	return s
}

// MiniflarePaths are where Miniflare keeps namespace id under kvDir (<persist>/v3/kv): its
// SQLite file of _mf_entries, and the directory of its values' blob files.
func MiniflarePaths(kvDir, id string) (dbFile, blobDir string) {
	return filepath.Join(kvDir, "miniflare-KVNamespaceObject", miniflareStem(id)+".sqlite"),
		filepath.Join(kvDir, miniflareDir(id), "blobs")
}

// ErrNoMiniflareState is ReadMiniflare's answer for a namespace wrangler dev never wrote.
var ErrNoMiniflareState = errors.New("no Miniflare state for this namespace")

// ReadMiniflare calls fn for each entry of namespace id in the Miniflare state under kvDir
// (<persist>/v3/kv), in key order; Expiration is in seconds. An entry whose blob file is
// missing is an error naming it.
func ReadMiniflare(ctx context.Context, kvDir, id string, fn func(Entry) error) error {
	path, blobs := MiniflarePaths(kvDir, id)
	if _, err := os.Stat(path); err != nil {
		return ErrNoMiniflareState
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT key, blob_id, expiration, metadata FROM _mf_entries ORDER BY key`)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, blob string
		var exp sql.NullInt64
		var meta sql.NullString
		if err := rows.Scan(&key, &blob, &exp, &meta); err != nil {
			return err
		}
		data, err := os.ReadFile(filepath.Join(blobs, filepath.Base(blob)))
		if err != nil {
			return fmt.Errorf("the value of key %q: %w", key, err)
		}
		e := Entry{Key: key, Value: data, Metadata: meta.String}
		if exp.Valid {
			e.Expiration = exp.Int64 / 1000
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
