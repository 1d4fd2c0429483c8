package kvstore

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv("KVSTORE_HELPER") != "" {
		helperMain()
	}
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if benchDB.dir != "" {
			os.RemoveAll(benchDB.dir)
		}
		os.Exit(code)
	}))
}

// clock is a test clock the store reads; set moves it (safe while the store's purge
// goroutine reads it).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTemp opens a store on a fresh file with a controllable clock.
func openTemp(t testing.TB) (*Store, *clock) {
	t.Helper()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	s := New(filepath.Join(t.TempDir(), "v3", "kv", "goflare.sqlite"), Options{Now: c.now, PurgeInterval: -1})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

func i64(v int64) *int64 { return &v }

func put(t testing.TB, s *Store, ns, key, value string, opts PutOptions) {
	t.Helper()
	if err := s.Put(context.Background(), ns, key, strings.NewReader(value), opts); err != nil {
		t.Fatalf("put %q: %v", key, err)
	}
}

func getString(t testing.TB, s *Store, ns, key string) (string, bool) {
	t.Helper()
	v, err := s.Get(context.Background(), ns, key)
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	if v == nil {
		return "", false
	}
	b, err := v.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// wantError checks err is an *Error with this status and exact message.
func wantError(t *testing.T, err error, status int, msg string) {
	t.Helper()
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("err = %v, want %d %q", err, status, msg)
	}
	if e.Status != status || e.Message != msg {
		t.Fatalf("err = %d %q\nwant  %d %q", e.Status, e.Message, status, msg)
	}
}

func TestPutGetDelete(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if _, found := getString(t, s, "ns", "missing"); found {
		t.Fatal("missing key found")
	}
	put(t, s, "ns", "k", "v1", PutOptions{Metadata: `{"a":1}`})
	put(t, s, "ns", "k", "v2", PutOptions{})
	v, _ := s.Get(ctx, "ns", "k")
	if b, _ := v.Bytes(); string(b) != "v2" || v.Metadata != "" || v.Size != 2 {
		t.Fatalf("after overwrite: %q %+v", b, v)
	}
	if _, found := getString(t, s, "other", "k"); found {
		t.Fatal("namespaces are not isolated")
	}
	put(t, s, "ns", "empty", "", PutOptions{})
	if got, found := getString(t, s, "ns", "empty"); !found || got != "" {
		t.Fatalf("empty value: %q %v", got, found)
	}
	for _, k := range []string{"a\x00b", "%", "_", "é😀", strings.Repeat("é", 256)} {
		put(t, s, "ns", k, "value of "+k, PutOptions{})
		if got, _ := getString(t, s, "ns", k); got != "value of "+k {
			t.Errorf("key %q: got %q", k, got)
		}
	}
	if err := s.Delete(ctx, "ns", "k"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "ns", "k"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if _, found := getString(t, s, "ns", "k"); found {
		t.Fatal("deleted key still found")
	}
}

func TestKeyLimits(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	cases := []struct {
		key    string
		status int
		msg    string
	}{
		{"", 400, "Key names must not be empty"},
		{".", 400, `Illegal key name ".". Please use a different name.`},
		{"..", 400, `Illegal key name "..". Please use a different name.`},
		{strings.Repeat("a", 513), 414, "UTF-8 encoded length of 513 exceeds key length limit of 512."},
		{strings.Repeat("é", 257), 414, "UTF-8 encoded length of 514 exceeds key length limit of 512."},
	}
	for _, c := range cases {
		wantError(t, s.Put(ctx, "ns", c.key, strings.NewReader("v"), PutOptions{}), c.status, c.msg)
		_, err := s.Get(ctx, "ns", c.key)
		wantError(t, err, c.status, c.msg)
		wantError(t, s.Delete(ctx, "ns", c.key), c.status, c.msg)
	}
	for _, ok := range []string{strings.Repeat("a", 512), strings.Repeat("é", 256), "...", "a.b"} {
		put(t, s, "ns", ok, "fine", PutOptions{})
	}
}

// oneByteReader hides the length of its data, as a network stream does.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestValueAndMetadataLimits(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	exact := bytes.Repeat([]byte{'x'}, MaxValueBytes)
	if err := s.Put(ctx, "ns", "big", oneByteReader{bytes.NewReader(exact)}, PutOptions{}); err != nil {
		t.Fatalf("25 MiB exactly, streamed: %v", err)
	}
	v, _ := s.Get(ctx, "ns", "big")
	got, _ := io.ReadAll(v)
	if !bytes.Equal(got, exact) || v.Size != MaxValueBytes {
		t.Fatalf("25 MiB value read back wrong (%d bytes)", len(got))
	}
	over := io.MultiReader(oneByteReader{bytes.NewReader(exact)}, strings.NewReader("!"))
	wantError(t, s.Put(ctx, "ns", "big", over, PutOptions{}), 413, "Value length of 26214401 exceeds limit of 26214400.")
	wantError(t, s.Put(ctx, "ns", "big", bytes.NewReader(append(exact, '!')), PutOptions{}), 413,
		"Value length of 26214401 exceeds limit of 26214400.")
	if v, _ := s.Get(ctx, "ns", "big"); v == nil || v.Size != MaxValueBytes {
		t.Fatal("a refused put changed the stored value")
	}

	put(t, s, "ns", "m", "v", PutOptions{Metadata: `"` + strings.Repeat("m", 1022) + `"`})
	wantError(t, s.Put(ctx, "ns", "m", strings.NewReader("v"), PutOptions{Metadata: `"` + strings.Repeat("m", 1023) + `"`}),
		413, "Metadata length of 1025 exceeds limit of 1024.")
}

func TestExpirationRules(t *testing.T) {
	s, c := openTemp(t)
	ctx := context.Background()
	now := c.now().Unix()
	cases := []struct {
		opts   PutOptions
		status int
		msg    string
	}{
		{PutOptions{ExpirationTTL: i64(0)}, 400, "Invalid expiration_ttl of 0. Please specify integer greater than 0."},
		{PutOptions{ExpirationTTL: i64(-5)}, 400, "Invalid expiration_ttl of -5. Please specify integer greater than 0."},
		{PutOptions{ExpirationTTL: i64(59)}, 400, "Invalid expiration_ttl of 59. Expiration TTL must be at least 60."},
		{PutOptions{Expiration: i64(now)}, 400, "Invalid expiration of 1700000000. Please specify integer greater than the current number of seconds since the UNIX epoch."},
		{PutOptions{Expiration: i64(now + 59)}, 400, "Invalid expiration of 1700000059. Expiration times must be at least 60 seconds in the future."},
		// The TTL is checked first, and wins when both are given.
		{PutOptions{ExpirationTTL: i64(10), Expiration: i64(now + 3600)}, 400, "Invalid expiration_ttl of 10. Expiration TTL must be at least 60."},
	}
	for _, cs := range cases {
		wantError(t, s.Put(ctx, "ns", "k", strings.NewReader("v"), cs.opts), cs.status, cs.msg)
	}
	put(t, s, "ns", "ttl", "v", PutOptions{ExpirationTTL: i64(60), Expiration: i64(now + 3600)})
	put(t, s, "ns", "abs", "v", PutOptions{Expiration: i64(now + 60)})
	if v, _ := s.Get(ctx, "ns", "ttl"); v.Expiration != now+60 {
		t.Fatalf("ttl expiration = %d, want now+60 (TTL wins)", v.Expiration)
	}
	res, _ := s.List(ctx, "ns", ListOptions{})
	if len(res.Keys) != 2 || res.Keys[0].Expiration != now+60 || res.Keys[1].Expiration != now+60 {
		t.Fatalf("list = %+v", res.Keys)
	}
	c.add(60 * time.Second) // expiry equals now: gone everywhere
	if _, found := getString(t, s, "ns", "ttl"); found {
		t.Fatal("get sees a key whose expiry equals now")
	}
	if res, _ := s.List(ctx, "ns", ListOptions{}); len(res.Keys) != 0 {
		t.Fatalf("list sees expired keys: %+v", res.Keys)
	}
	if m, _ := s.GetMany(ctx, "ns", []string{"abs"}, GetManyText); m["abs"] != nil {
		t.Fatal("bulk get sees an expired key")
	}
	if n, err := s.PurgeExpired(ctx); err != nil || n != 2 {
		t.Fatalf("purge = %d, %v", n, err)
	}
	if err := ValidateCacheTTL(29); err == nil || err.Error() != "400 Invalid cache_ttl of 29. Cache TTL must be at least 30." {
		t.Fatalf("cache ttl 29: %v", err)
	}
	if err := ValidateCacheTTL(30); err != nil {
		t.Fatal(err)
	}
}

func names(keys []ListKey) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.Name)
	}
	return out
}

func TestListOrderAndPrefixes(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	// The reference's ordering set (wrangler-reference.md 4.4), inserted shuffled.
	want := []string{"B", "a", "a/b", "a0", "b", "z", "\x7f", "é", "Ā", "😀"}
	for _, i := range []int{5, 9, 0, 3, 7, 1, 8, 2, 6, 4} {
		put(t, s, "ord", want[i], "v", PutOptions{})
	}
	res, err := s.List(ctx, "ord", ListOptions{})
	if err != nil || strings.Join(names(res.Keys), "|") != strings.Join(want, "|") || !res.Complete || res.Cursor != "" {
		t.Fatalf("order = %q complete=%v cursor=%q err=%v", names(res.Keys), res.Complete, res.Cursor, err)
	}
	for _, k := range []string{"a%b", "a_b", "axb", "a%", "a", "a\x00", "a\x00z"} {
		put(t, s, "pfx", k, "v", PutOptions{Metadata: `{"k":1}`})
	}
	cases := map[string]string{"a%": "a%|a%b", "a_": "a_b", "a\x00": "a\x00|a\x00z", "": "a|a\x00|a\x00z|a%|a%b|a_b|axb", "b": ""}
	for prefix, wantKeys := range cases {
		res, err := s.List(ctx, "pfx", ListOptions{Prefix: prefix})
		if err != nil || strings.Join(names(res.Keys), "|") != wantKeys {
			t.Errorf("prefix %q = %q, want %q (%v)", prefix, names(res.Keys), wantKeys, err)
		}
	}
	if res, _ := s.List(ctx, "pfx", ListOptions{Prefix: "a_"}); res.Keys[0].Metadata != `{"k":1}` {
		t.Errorf("list metadata = %q", res.Keys[0].Metadata)
	}
	_, err = s.List(ctx, "pfx", ListOptions{Limit: 1001})
	wantError(t, err, 400, "Invalid key_count_limit of 1001. Please specify an integer less than 1000.")
	_, err = s.List(ctx, "pfx", ListOptions{Prefix: strings.Repeat("p", 513)})
	wantError(t, err, 414, "UTF-8 encoded length of 513 exceeds key length limit of 512.")
	for _, limit := range []int{0, -1, 1000} {
		if res, err := s.List(ctx, "pfx", ListOptions{Limit: limit}); err != nil || len(res.Keys) != 7 {
			t.Errorf("limit %d: %d keys, %v", limit, len(res.Keys), err)
		}
	}
	// A cursor not of ours resumes after the bytes it decodes to, as workerd's local KV
	// does: "YQ==" (standard base64 of "a") after "a", garbage past every key.
	if res, _ := s.List(ctx, "pfx", ListOptions{Cursor: "!!!not a cursor"}); len(res.Keys) != 0 || !res.Complete {
		t.Errorf("a garbage cursor: %d keys, complete %v", len(res.Keys), res.Complete)
	}
	if res, _ := s.List(ctx, "pfx", ListOptions{Cursor: "YQ=="}); len(res.Keys) == 0 || res.Keys[0].Name <= "a" {
		t.Errorf("cursor YQ==: %v", names(res.Keys))
	}
}

func TestListWalkSurvivesChanges(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	for _, k := range []string{"k1", "k2", "k3", "k4", "k5", "k6"} {
		put(t, s, "ns", k, "v", PutOptions{})
	}
	page, _ := s.List(ctx, "ns", ListOptions{Limit: 2}) // k1 k2
	seen := names(page.Keys)
	// Between pages: delete the last key returned and the next one, insert one before the
	// cursor (not seen) and two after it (seen).
	s.Delete(ctx, "ns", "k2")
	s.Delete(ctx, "ns", "k3")
	put(t, s, "ns", "k0", "v", PutOptions{})
	put(t, s, "ns", "k25", "v", PutOptions{})
	put(t, s, "ns", "k9", "v", PutOptions{})
	for !page.Complete {
		page, _ = s.List(ctx, "ns", ListOptions{Limit: 2, Cursor: page.Cursor})
		seen = append(seen, names(page.Keys)...)
	}
	if got := strings.Join(seen, " "); got != "k1 k2 k25 k4 k5 k6 k9" {
		t.Fatalf("walk = %s", got)
	}
	// list_complete is true exactly when no key follows: a page that ends on the last key.
	res, _ := s.List(ctx, "ns", ListOptions{Limit: 7})
	if !res.Complete || len(res.Keys) != 7 {
		t.Fatalf("limit = number of keys: complete=%v n=%d", res.Complete, len(res.Keys))
	}
	res, _ = s.List(ctx, "ns", ListOptions{Limit: 6})
	if res.Complete {
		t.Fatal("one key follows, yet complete")
	}
}

func TestGetMany(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	put(t, s, "ns", "a", `{"x":1}`, PutOptions{Metadata: `{"m":true}`})
	put(t, s, "ns", "b", `"str"`, PutOptions{})
	put(t, s, "ns", "t", "not json", PutOptions{})
	m, err := s.GetMany(ctx, "ns", []string{"a", "b", "a", "missing"}, GetManyJSON)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 3 || m["missing"] != nil {
		t.Fatalf("bulk = %v (duplicates collapse, missing is nil)", m)
	}
	if b, _ := m["a"].Bytes(); string(b) != `{"x":1}` || m["a"].Metadata != `{"m":true}` {
		t.Fatalf("a = %q %q", b, m["a"].Metadata)
	}
	_, err = s.GetMany(ctx, "ns", []string{"a", "t"}, GetManyJSON)
	wantError(t, err, 400, "At least one of the requested keys corresponds to a non-json value")
	if _, err := s.GetMany(ctx, "ns", []string{"t"}, GetManyText); err != nil {
		t.Fatal(err)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "k"
	}
	_, err = s.GetMany(ctx, "ns", many, GetManyText)
	wantError(t, err, 400, "You can request a maximum of 100 keys")
	if _, err := s.GetMany(ctx, "ns", many[:100], GetManyText); err != nil {
		t.Fatalf("100 keys: %v", err)
	}
	_, err = s.GetMany(ctx, "ns", nil, GetManyText)
	wantError(t, err, 400, "You must request a minimum of 1 key")
	_, err = s.GetMany(ctx, "ns", []string{"a"}, "arrayBuffer")
	wantError(t, err, 400, `"arrayBuffer" is not a valid type. Use "json" or "text"`)
	_, err = s.GetMany(ctx, "ns", []string{"a", ""}, GetManyText)
	wantError(t, err, 400, "Key names must not be empty")
	_, err = s.GetMany(ctx, "ns", []string{"."}, GetManyText)
	wantError(t, err, 400, `Illegal key name ".". Please use a different name.`)

	half := strings.Repeat("h", MaxValueBytes/2+1)
	put(t, s, "ns", "h1", half, PutOptions{})
	put(t, s, "ns", "h2", half, PutOptions{})
	_, err = s.GetMany(ctx, "ns", []string{"h1", "h2"}, GetManyText)
	wantError(t, err, 413, "Total size of request exceeds the limit of 25MB")
}

func TestPutManyAndDeleteManyAreAllOrNothing(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	put(t, s, "ns", "keep", "old", PutOptions{})
	entries := []PutEntry{
		{Key: "keep", Value: strings.NewReader("new")},
		{Key: "x", Value: strings.NewReader("1")},
		{Key: "", Value: strings.NewReader("bad")},
	}
	wantError(t, s.PutMany(ctx, "ns", entries), 400, "Key names must not be empty")
	if got, _ := getString(t, s, "ns", "keep"); got != "old" {
		t.Fatal("a failed PutMany wrote something")
	}
	if _, found := getString(t, s, "ns", "x"); found {
		t.Fatal("a failed PutMany wrote something")
	}
	entries = []PutEntry{{Key: "keep", Value: strings.NewReader("new")}, {Key: "x", Value: strings.NewReader("1")}}
	if err := s.PutMany(ctx, "ns", entries); err != nil {
		t.Fatal(err)
	}
	if got, _ := getString(t, s, "ns", "keep"); got != "new" {
		t.Fatalf("keep = %q", got)
	}
	wantError(t, s.DeleteMany(ctx, "ns", []string{"keep", ".."}), 400, `Illegal key name "..". Please use a different name.`)
	if _, found := getString(t, s, "ns", "keep"); !found {
		t.Fatal("a failed DeleteMany deleted something")
	}
	if err := s.DeleteMany(ctx, "ns", []string{"keep", "x", "never"}); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.List(ctx, "ns", ListOptions{}); len(res.Keys) != 0 {
		t.Fatalf("left: %v", names(res.Keys))
	}
	tooMany := make([]PutEntry, MaxBulkWrite+1)
	wantError(t, s.PutMany(ctx, "ns", tooMany), 400, "You can write a maximum of 10000 keys at once (got 10001)")
	wantError(t, s.DeleteMany(ctx, "ns", make([]string, MaxBulkWrite+1)), 400, "You can delete a maximum of 10000 keys at once (got 10001)")
}

func TestLargeValuesAreChunkedAndFreed(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	big := make([]byte, 3*chunkSize+17)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := s.Put(ctx, "ns", "big", bytes.NewReader(big), PutOptions{}); err != nil {
		t.Fatal(err)
	}
	v, _ := s.Get(ctx, "ns", "big")
	if got, _ := io.ReadAll(v); !bytes.Equal(got, big) {
		t.Fatal("chunked value read back wrong")
	}
	chunks := func() (n int) {
		s.db.QueryRow(`SELECT COUNT(*) FROM blob_chunks`).Scan(&n)
		return n
	}
	if n := chunks(); n != 4 {
		t.Fatalf("chunks = %d, want 4", n)
	}
	put(t, s, "ns", "big", "small now", PutOptions{})
	if n := chunks(); n != 0 {
		t.Fatalf("overwriting left %d chunks", n)
	}
	s.Put(ctx, "ns", "big2", bytes.NewReader(big), PutOptions{})
	s.Delete(ctx, "ns", "big2")
	if n := chunks(); n != 0 {
		t.Fatalf("delete left %d chunks", n)
	}
}

func TestNamespaces(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	b, err := s.CreateNamespace(ctx, "beta")
	if err != nil || len(b.ID) != 32 {
		t.Fatalf("create = %+v, %v", b, err)
	}
	a, _ := s.CreateNamespace(ctx, "alpha")
	_, err = s.CreateNamespace(ctx, "alpha")
	if e, ok := AsError(err); !ok || e.Code != 10014 || e.Message != `A KV namespace with the title "alpha" already exists.` {
		t.Fatalf("duplicate title: %v", err)
	}
	put(t, s, "binding-id", "k", "v", PutOptions{}) // first use creates it
	list, _ := s.ListNamespaces(ctx)
	if len(list) != 3 || list[0].Title != "alpha" || list[1].Title != "beta" || list[2].ID != "binding-id" || list[2].Title != "binding-id" {
		t.Fatalf("list = %+v", list)
	}
	if got, err := s.GetNamespace(ctx, a.ID); err != nil || got.Title != "alpha" {
		t.Fatalf("get = %+v %v", got, err)
	}
	if _, err := s.GetNamespace(ctx, "nope"); err != ErrNamespaceNotFound {
		t.Fatalf("get missing: %v", err)
	}
	if _, err := s.RenameNamespace(ctx, a.ID, "beta"); err == nil {
		t.Fatal("rename onto a taken title succeeded")
	}
	if _, err := s.RenameNamespace(ctx, a.ID, "alpha"); err != nil {
		t.Fatalf("renaming to its own title: %v", err)
	}
	if r, err := s.RenameNamespace(ctx, a.ID, "gamma"); err != nil || r.Title != "gamma" {
		t.Fatalf("rename = %+v %v", r, err)
	}
	if _, err := s.RenameNamespace(ctx, "nope", "x"); err != ErrNamespaceNotFound {
		t.Fatalf("rename missing: %v", err)
	}
	big := bytes.Repeat([]byte("z"), 2*chunkSize)
	s.Put(ctx, "binding-id", "big", bytes.NewReader(big), PutOptions{})
	if err := s.DeleteNamespace(ctx, "binding-id"); err != nil {
		t.Fatal(err)
	}
	if _, found := getString(t, s, "binding-id", "k"); found {
		t.Fatal("deleting a namespace left its entries")
	}
	var chunks int
	s.db.QueryRow(`SELECT COUNT(*) FROM blob_chunks`).Scan(&chunks)
	if chunks != 0 {
		t.Fatalf("deleting a namespace left %d chunks", chunks)
	}
	if err := s.DeleteNamespace(ctx, "binding-id"); err != ErrNamespaceNotFound {
		t.Fatalf("delete missing: %v", err)
	}
	// An auto-created namespace whose id is another's title gets a numbered title.
	s.CreateNamespace(ctx, "taken")
	if err := s.EnsureNamespace(ctx, "taken"); err != nil {
		t.Fatal(err)
	}
	if ns, _ := s.GetNamespace(ctx, "taken"); ns.Title != "taken (2)" {
		t.Fatalf("title = %q", ns.Title)
	}
}

func TestStateSurvivesReopenAndMigrationsAreRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goflare.sqlite")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		s := New(path, Options{})
		if err := s.Open(ctx); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			put(t, s, "ns", "k", "kept", PutOptions{})
		} else if got, _ := getString(t, s, "ns", "k"); got != "kept" {
			t.Fatalf("after reopen: %q", got)
		}
		var n int
		var mode string
		s.db.QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&n)
		s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if want, _ := fs.Glob(migrations, "migrations/*.sql"); n != len(want) || mode != "wal" {
			t.Fatalf("migrations recorded = %d, journal_mode = %s", n, mode)
		}
		s.Close()
	}
}

func TestBackgroundPurge(t *testing.T) {
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	s := New(filepath.Join(t.TempDir(), "goflare.sqlite"), Options{Now: c.now, PurgeInterval: 5 * time.Millisecond})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	big := strings.Repeat("b", 2*chunkSize)
	put(t, s, "ns", "short", big, PutOptions{ExpirationTTL: i64(60)})
	put(t, s, "ns", "long", "v", PutOptions{ExpirationTTL: i64(3600)})
	rows := func() (entries, chunks int) {
		s.db.QueryRow(`SELECT COUNT(*) FROM entries`).Scan(&entries)
		s.db.QueryRow(`SELECT COUNT(*) FROM blob_chunks`).Scan(&chunks)
		return
	}
	c.add(61 * time.Second) // the clock the store reads; the ticker is real time
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if e, ch := rows(); e == 1 && ch == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	e, ch := rows()
	t.Fatalf("after expiry: %d entries, %d chunks; want 1 and 0", e, ch)
}

func TestCachedResponsesExpireAndDelete(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	r := &CachedResponse{Status: 200, StatusText: "OK", Header: []byte("Etag: \"v1\"\r\n"), Body: []byte("body"), Stored: now, Expires: now.Add(time.Minute)}
	if err := s.PutCached(ctx, "", "https://a.test/x", r); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetCached(ctx, "", "https://a.test/x", now)
	if err != nil || got == nil || string(got.Body) != "body" || string(got.Header) != string(r.Header) || got.Status != 200 {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if other, _ := s.GetCached(ctx, "named:x", "https://a.test/x", now); other != nil {
		t.Fatal("another cache sees the entry")
	}
	if late, _ := s.GetCached(ctx, "", "https://a.test/x", now.Add(2*time.Minute)); late != nil {
		t.Fatal("an expired entry is returned")
	}
	if ok, err := s.DeleteCached(ctx, "", "https://a.test/x", now); !ok || err != nil {
		t.Fatalf("delete = %v, %v", ok, err)
	}
	if ok, _ := s.DeleteCached(ctx, "", "https://a.test/x", now); ok {
		t.Fatal("a second delete found the entry")
	}
}
