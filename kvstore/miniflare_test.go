package kvstore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestMiniflareStem: the file names wrangler 4.86 gave these namespaces' SQLite files
// (wrangler-reference.md 5.3, each matched on disk).
func TestMiniflareStem(t *testing.T) {
	for id, want := range map[string]string{
		"abc123":  "aef91bdfb405bfb5b9f6b37bb22913ea371a31a917d25e6fa469a45d2cfad734",
		"prev-id": "d1775aa326279ac9a28f79de9eac4173a3fecdee8ff5e0ca926f5c95d1309939",
		"K":       "dac79453500844ac73e02529f72e3019374ca4533072e8f7fa7fc6f506b5c386",
	} {
		if got := miniflareStem(id); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
	for in, want := range map[string]string{"abc": "abc", "a:b": "a_b", "..": "__", "con": "_", " x ": "_x_"} {
		if got := miniflareDir(in); got != want {
			t.Errorf("miniflareDir(%q) = %q, want %q", in, got, want)
		}
	}
}

// writeMiniflare lays out Miniflare's state for namespace id as wrangler-reference.md 5
// describes it: the SQLite file of _mf_entries rows and one blob file a value.
func writeMiniflare(t *testing.T, kvDir, id string, rows [][4]any, blobs map[string][]byte) {
	t.Helper()
	file, dir := MiniflarePaths(kvDir, id)
	os.MkdirAll(filepath.Dir(file), 0o755)
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE _mf_entries (key TEXT PRIMARY KEY, blob_id TEXT NOT NULL, expiration INTEGER, metadata TEXT)`); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := db.Exec(`INSERT INTO _mf_entries VALUES (?, ?, ?, ?)`, r[0], r[1], r[2], r[3]); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(dir, 0o755)
	for name, data := range blobs {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
}

// TestReadMiniflare: entries come back in key order with their bytes, metadata and
// expiry in seconds; a namespace without state is ErrNoMiniflareState.
func TestReadMiniflare(t *testing.T) {
	kvDir := t.TempDir()
	writeMiniflare(t, kvDir, "ns:1", [][4]any{
		{"b", "blob-b", nil, `{"m":1}`},
		{"a", "blob-a", int64(1900000000123), nil},
	}, map[string][]byte{"blob-a": {0, 255}, "blob-b": []byte("text")})
	var got []Entry
	err := ReadMiniflare(context.Background(), kvDir, "ns:1", func(e Entry) error { got = append(got, e); return nil })
	if err != nil || len(got) != 2 {
		t.Fatal(got, err)
	}
	if got[0].Key != "a" || string(got[0].Value) != "\x00\xff" || got[0].Expiration != 1900000000 || got[0].Metadata != "" {
		t.Fatalf("a: %+v", got[0])
	}
	if got[1].Key != "b" || string(got[1].Value) != "text" || got[1].Metadata != `{"m":1}` || got[1].Expiration != 0 {
		t.Fatalf("b: %+v", got[1])
	}
	if err := ReadMiniflare(context.Background(), kvDir, "other", func(Entry) error { return nil }); err != ErrNoMiniflareState {
		t.Fatalf("no state: %v", err)
	}
}
