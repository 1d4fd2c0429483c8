package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/e2e/goflaretest"
)

// startTesting starts a fixture the way tests drive goflare: state in memory, test
// controls on.
func startTesting(t *testing.T, fixture string) (*goflaretest.Worker, string) {
	t.Helper()
	dir := copyFixture(t, fixture)
	return goflaretest.Start(t, goflaretest.Options{Binary: binary, Dir: dir}), dir
}

// TestControlsSeedReadAndReset: entries seeded through the controls are what the worker
// reads, what the worker writes is read back with its metadata and expiration, and a
// reset empties everything.
func TestControlsSeedReadAndReset(t *testing.T) {
	t.Parallel()
	w, dir := startTesting(t, "hello-kv")
	kv := w.KV("MY_KV")
	kv.Put(
		goflaretest.Entry{Key: "greeting", Value: "seeded"},
		goflaretest.Entry{Key: "bytes", Value: "\xff\x00\x01", Metadata: `{"kind":"binary"}`, ExpirationTTL: 3600},
	)
	if r := w.Get("/get?key=greeting"); r.Status != 200 || r.Body != "seeded" {
		t.Fatalf("the worker read %d %q", r.Status, r.Body)
	}
	w.Get("/set?key=from-worker&value=hi")
	if e, ok := kv.Get("from-worker"); !ok || e.Value != "hi" || e.Metadata != "" || e.Expiration != 0 {
		t.Fatalf("read back %+v %v", e, ok)
	}
	e, ok := kv.Get("bytes")
	if !ok || e.Value != "\xff\x00\x01" || e.Metadata != `{"kind":"binary"}` {
		t.Fatalf("read back %+v", e)
	}
	if d := time.Until(time.Unix(e.Expiration, 0)); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("expiration %d is %v away, want an hour", e.Expiration, d)
	}
	keys := kv.List("")
	if len(keys) != 3 || keys[0].Name != "bytes" || keys[1].Name != "from-worker" || keys[2].Name != "greeting" {
		t.Fatalf("list: %+v", keys)
	}
	kv.Reset()
	if keys := kv.List(""); len(keys) != 0 {
		t.Fatalf("after reset: %+v", keys)
	}
	kv.Put(goflaretest.Entry{Key: "again", Value: "x"})
	w.Reset()
	if r := w.Get("/get?key=again"); r.Status != 404 {
		t.Fatalf("after a full reset the worker read %d %q", r.Status, r.Body)
	}
	if _, err := os.Stat(filepath.Join(dir, ".wrangler")); !os.IsNotExist(err) {
		t.Fatalf("--persist-to :memory: wrote state to disk: %v", err)
	}
}

// TestControlsClockExpiresKeys: a one-hour TTL is checked without waiting an hour, and
// the worker's Date moves with the clock.
func TestControlsClockExpiresKeys(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(`name = "clock"
main = "index.js"
compatibility_date = "2026-04-01"
kv_namespaces = [{ binding = "KV", id = "clock" }]
`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/put") { await env.KV.put("k", "v", { expirationTtl: 3600 }); return new Response("put"); }
    if (url.pathname === "/now") return new Response(String(Date.now()));
    return new Response(String(await env.KV.get("k")));
  },
};
`), 0o644)
	w := goflaretest.Start(t, goflaretest.Options{Binary: binary, Dir: dir})
	w.Get("/put")
	before := w.Get("/now").Body
	w.AdvanceClock(59 * time.Minute)
	if r := w.Get("/"); r.Body != "v" {
		t.Fatalf("after 59 minutes: %q", r.Body)
	}
	w.AdvanceClock(time.Minute)
	if r := w.Get("/"); r.Body != "null" {
		t.Fatalf("after an hour the key is still there: %q", r.Body)
	}
	if _, ok := w.KV("KV").Get("k"); ok {
		t.Fatal("the controls still read the expired key")
	}
	after := w.Get("/now").Body
	if len(after) != len(before) || after <= before {
		t.Fatalf("Date.now() went from %s to %s", before, after)
	}
	if d := time.Until(w.Now()); d < 59*time.Minute {
		t.Fatalf("the clock is only %v ahead", d)
	}
}

// TestControlsAreOffByDefault: without --test-controls, /__goflare/ paths reach the worker.
func TestControlsAreOffByDefault(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hello-kv")
	w := goflaretest.Start(t, goflaretest.Options{Binary: binary, Dir: dir, NoTestControls: true})
	r := w.Do("POST", "/__goflare/reset", nil)
	if !strings.HasPrefix(r.Body, "Hello from goflare:") {
		t.Fatalf("POST /__goflare/reset without controls: %d %q", r.Status, r.Body)
	}
}

// TestControlsRefuseBadInput: an unknown binding and an entry Cloudflare would refuse
// get clear errors, and nothing is written.
func TestControlsRefuseBadInput(t *testing.T) {
	t.Parallel()
	w, _ := startTesting(t, "hello-kv")
	r := w.Do("PUT", "/__goflare/kv/NOPE", strings.NewReader(`[]`))
	if r.Status != 404 || !strings.Contains(r.Body, `no KV binding named \"NOPE\" (it has MY_KV)`) {
		t.Fatalf("unknown binding: %d %s", r.Status, r.Body)
	}
	r = w.Do("PUT", "/__goflare/kv/MY_KV", strings.NewReader(`[{"key":"a","value":"1"},{"key":"b","value":"2","expiration_ttl":10}]`))
	if r.Status != 400 || !strings.Contains(r.Body, `entry 1 (key \"b\"): Invalid expiration_ttl of 10. Expiration TTL must be at least 60.`) {
		t.Fatalf("bad ttl: %d %s", r.Status, r.Body)
	}
	if _, ok := w.KV("MY_KV").Get("a"); ok {
		t.Fatal("a refused seed wrote its first entry")
	}
}
