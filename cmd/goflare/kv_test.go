package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/devserver"
	"github.com/goflare/goflare/kvstore"
)

// kvRun runs a goflare command line in-process in dir and returns stdout, stderr, code.
func kvRun(t testing.TB, std streams, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	std.stdout, std.stderr = &out, &errb
	if std.stdin == nil {
		std.stdin = strings.NewReader("")
	}
	code := runStreams(context.Background(), args, std)
	return out.String(), errb.String(), code
}

// openState opens the state a kv command run in dir uses by default.
func openState(t testing.TB, dir string) *kvstore.Store {
	t.Helper()
	s := kvstore.New(devserver.KVDatabasePath(filepath.Join(dir, ".wrangler", "state")), kvstore.Options{})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func exportAll(t testing.TB, s *kvstore.Store, ns string) []kvstore.Entry {
	t.Helper()
	var out []kvstore.Entry
	if err := s.Export(context.Background(), ns, "", func(e kvstore.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKVExportThenBulkPutReproducesANamespace: 20,000 entries with binary, text, empty
// and chunked values, metadata of every JSON type and expirations go through
// `kv export` and `kv bulk put` into an empty namespace and come out identical.
func TestKVExportThenBulkPutReproducesANamespace(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := openState(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().Unix()
	const n = 20000
	entries := make([]kvstore.PutEntry, n)
	for i := range entries {
		var value []byte
		switch i % 7 {
		case 0: // random bytes, almost never valid UTF-8
			value = make([]byte, 1+rng.IntN(64))
			for j := range value {
				value[j] = byte(rng.UintN(256))
			}
		case 1:
			value = []byte(fmt.Sprintf("text %d: héllo ☃ \"quoted\" \\ \n\t\x01 <&>", i))
		case 2:
			value = []byte{}
		case 3:
			value = []byte("\xff\xfe" + strings.Repeat("x", i%50))
		default:
			value = []byte(fmt.Sprintf("value-%d", i))
		}
		if i%5000 == 17 { // a few values stored in several chunks
			value = make([]byte, 600<<10)
			for j := range value {
				value[j] = byte(rng.UintN(256))
			}
		}
		e := kvstore.PutEntry{Key: fmt.Sprintf("key:%05d:%s", i, []string{"a", "ü", "k e y", "\"q\""}[i%4]), Value: bytes.NewReader(value)}
		switch i % 6 {
		case 0:
			e.Metadata = fmt.Sprintf(`{"i":%d,"tags":["a","b"],"nested":{"ok":true,"n":null}}`, i)
		case 1:
			e.Metadata = `"a string"`
		case 2:
			e.Metadata = fmt.Sprintf("%d.5", i)
		}
		if i%4 == 0 {
			exp := now + 3600 + int64(i)
			e.Expiration = &exp
		}
		entries[i] = e
	}
	if err := s.PutBulk(context.Background(), "source", entries, nil); err != nil {
		t.Fatal(err)
	}

	dump, errs, code := kvRun(t, streams{}, "kv", "export", "--namespace-id", "source")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	if err := os.WriteFile("dump.json", []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := kvRun(t, streams{}, "kv", "bulk", "put", "dump.json", "--namespace-id", "copy"); code != 0 {
		t.Fatalf("bulk put: exit %d\n%s%s", code, out, errs)
	}

	src, cp := exportAll(t, s, "source"), exportAll(t, s, "copy")
	if len(src) != n || len(cp) != n {
		t.Fatalf("source has %d entries, copy %d; want %d", len(src), len(cp), n)
	}
	for i := range src {
		if !reflect.DeepEqual(src[i], cp[i]) {
			t.Fatalf("entry %d differs:\nsource %+.200v\ncopy   %+.200v", i, src[i], cp[i])
		}
	}
	again, _, _ := kvRun(t, streams{}, "kv", "export", "--namespace-id", "copy")
	if again != dump {
		t.Fatal("exporting the copy gives other text than exporting the source")
	}
}

// TestKVProgressBar: bulk work over 1,000 items draws a bar on a terminal, and only there.
func TestKVProgressBar(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name string, n int) {
		var b strings.Builder
		b.WriteString("[")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"key":"k%d","value":"v"}`, i)
		}
		b.WriteString("]")
		os.WriteFile(name, []byte(b.String()), 0o644)
	}
	write("big.json", 1500)
	write("small.json", 1000)
	tty := streams{stderrTTY: true}

	_, errs, code := kvRun(t, tty, "kv", "bulk", "put", "big.json", "--namespace-id", "ns")
	if code != 0 || !strings.Contains(errs, "\r") || !strings.HasSuffix(errs, "100% (1500/1500)\n") {
		t.Fatalf("bulk put of 1,500 on a terminal: exit %d, stderr %q", code, errs)
	}
	if _, errs, _ := kvRun(t, streams{}, "kv", "bulk", "put", "big.json", "--namespace-id", "ns"); errs != "" {
		t.Fatalf("no terminal, yet stderr %q", errs)
	}
	// kv key list follows the cursor past the first page of 1,000 (wrangler stops there).
	if out, _, _ := kvRun(t, streams{}, "kv", "key", "list", "--namespace-id", "ns"); strings.Count(out, `"name": `) != 1500 {
		t.Fatalf("kv key list printed %d keys, want 1500", strings.Count(out, `"name": `))
	}
	if _, errs, _ := kvRun(t, tty, "kv", "bulk", "put", "small.json", "--namespace-id", "ns"); errs != "" {
		t.Fatalf("1,000 items drew a bar: %q", errs)
	}
	_, errs, _ = kvRun(t, tty, "kv", "export", "--namespace-id", "ns")
	if !strings.HasSuffix(errs, "100% (1500/1500)\n") {
		t.Fatalf("export on a terminal: stderr %q", errs)
	}
	var keys strings.Builder
	keys.WriteString(`["k0"`)
	for i := 1; i < 1500; i++ {
		fmt.Fprintf(&keys, `,"k%d"`, i)
	}
	os.WriteFile("keys.json", []byte(keys.String()+"]"), 0o644)
	_, errs, _ = kvRun(t, tty, "kv", "bulk", "delete", "keys.json", "--namespace-id", "ns", "--force")
	if !strings.HasSuffix(errs, "100% (1500/1500)\n") {
		t.Fatalf("bulk delete on a terminal: stderr %.300q", errs)
	}
}

// TestKVPromptsOnATerminal: at a terminal, deletes ask and "n" keeps the data.
func TestKVPromptsOnATerminal(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	kvRun(t, streams{}, "kv", "key", "put", "k", "v", "--namespace-id", "ns")
	os.WriteFile("keys.json", []byte(`["k"]`), 0o644)
	out, _, code := kvRun(t, streams{stdinTTY: true, stdin: strings.NewReader("n\n")}, "kv", "bulk", "delete", "keys.json", "--namespace-id", "ns")
	want := "? Are you sure you want to delete all the keys read from \"keys.json\" from kv-namespace id: \"ns\"? (Y/n) Not deleting keys read from \"keys.json\".\n"
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	out, _, _ = kvRun(t, streams{stdinTTY: true, stdin: strings.NewReader("no\n")}, "kv", "namespace", "delete", "--namespace-id", "ns")
	if !strings.HasSuffix(out, "? Ok to proceed? (Y/n) Not deleting.\n") {
		t.Fatalf("namespace delete: %q", out)
	}
	if out, _, _ := kvRun(t, streams{}, "kv", "key", "get", "k", "--namespace-id", "ns"); out != "v" {
		t.Fatalf("the key is gone: %q", out)
	}
	kvRun(t, streams{stdinTTY: true, stdin: strings.NewReader("\n")}, "kv", "bulk", "delete", "keys.json", "--namespace-id", "ns")
	if out, _, _ := kvRun(t, streams{}, "kv", "key", "get", "k", "--namespace-id", "ns"); out != "Value not found\n" {
		t.Fatalf("Enter (yes) did not delete: %q", out)
	}
}

// TestKVImportMiniflare: `goflare kv import-miniflare` copies the state wrangler dev kept
// for each binding (laid out as kvstore.MiniflarePaths says, the schema of
// wrangler-reference.md 5.2) into goflare's: bytes, metadata and expiry, an expired entry
// left out, a binding wrangler never wrote named as such.
func TestKVImportMiniflare(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"w\"\nmain = \"index.js\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"mf-ns\"\n[[kv_namespaces]]\nbinding = \"EMPTY\"\n"), 0o644)
	kvDir := filepath.Join(dir, ".wrangler", "state", "v3", "kv")
	file, blobs := kvstore.MiniflarePaths(kvDir, "mf-ns")
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.MkdirAll(blobs, 0o755)
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`CREATE TABLE _mf_entries (key TEXT PRIMARY KEY, blob_id TEXT NOT NULL, expiration INTEGER, metadata TEXT)`)
	later := time.Now().Add(time.Hour).UnixMilli()
	for _, r := range [][4]any{{"bin", "b1", nil, nil}, {"meta", "b2", later, `{"a":1}`}, {"gone", "b3", int64(1000), nil}} {
		if _, err := db.Exec(`INSERT INTO _mf_entries VALUES (?, ?, ?, ?)`, r[0], r[1], r[2], r[3]); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	os.WriteFile(filepath.Join(blobs, "b1"), []byte{0, 255, 1}, 0o644)
	os.WriteFile(filepath.Join(blobs, "b2"), []byte("m"), 0o644)
	os.WriteFile(filepath.Join(blobs, "b3"), []byte("x"), 0o644)

	out, errs, code := kvRun(t, streams{}, "kv", "import-miniflare", "--cwd", dir)
	want := "Namespace \"mf-ns\": imported 2 keys (1 expired or expiring within 60 seconds left out).\n" +
		"Namespace \"EMPTY\": nothing to import (wrangler dev never wrote to it).\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	st := openState(t, dir)
	v, _ := st.Get(context.Background(), "mf-ns", "bin")
	if b, _ := v.Bytes(); string(b) != "\x00\xff\x01" {
		t.Fatalf("bin: %q", b)
	}
	v, _ = st.Get(context.Background(), "mf-ns", "meta")
	if v.Metadata != `{"a":1}` || v.Expiration != later/1000 {
		t.Fatalf("meta: %+v", v)
	}
	if v, _ := st.Get(context.Background(), "mf-ns", "gone"); v != nil {
		t.Fatal("an expired entry was imported")
	}
}
