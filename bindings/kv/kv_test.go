package kv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
)

// TestBehaviour runs each testdata/*.js worker against a real SQLite store; a worker
// answers "ok" when every check it makes passed (they share runtime/testdata/assert.js).
func TestBehaviour(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.js")
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".js"), func(t *testing.T) {
			iso := startWorker(t, f)
			for run := 0; run < 2; run++ { // twice: state and counters are per invocation
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: "http://localhost/", Headers: webapi.NewHeaders()})
				cancel()
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				if string(res.Body) != "ok" {
					t.Fatalf("run %d: %s", run, res.Body)
				}
			}
		})
	}
}

func startWorker(t *testing.T, entry string) *runtime.Isolate {
	t.Helper()
	abs, _ := filepath.Abs(entry)
	b, err := bundle.Build(bundle.Options{Entry: abs, Dir: filepath.Dir(abs)})
	if err != nil {
		t.Fatal(err)
	}
	script, err := runtime.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	store := kvstore.New(filepath.Join(t.TempDir(), "kv.sqlite"), kvstore.Options{})
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	iso, err := runtime.NewIsolate(runtime.Options{
		Script:    script,
		Bindings:  []runtime.Binding{New("KV", "test-ns", store)},
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		KVOpLimit: runtime.DefaultKVOpLimit,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		iso.Close()
		store.Close()
	})
	return iso
}

// TestWaitUntilWorkCountsInItsInvocation: operations a request hands to ctx.waitUntil
// count against that request's 1,000, even after its response was sent; the next
// request starts from zero.
func TestWaitUntilWorkCountsInItsInvocation(t *testing.T) {
	dir := t.TempDir()
	entry := filepath.Join(dir, "index.js")
	os.WriteFile(entry, []byte(`
let outcome = "pending";
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/outcome") return new Response(outcome);
    for (let i = 0; i < 600; i++) await env.KV.get("k");
    ctx.waitUntil((async () => {
      for (let i = 0; i < 400; i++) await env.KV.get("k");
      try { await env.KV.get("k"); outcome = "the 1,001st succeeded"; }
      catch (e) { outcome = e.message; }
    })());
    return new Response("sent");
  },
};`), 0o644)
	iso := startWorker(t, entry)
	fetch := func(path string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: "http://localhost" + path, Headers: webapi.NewHeaders()})
		if err != nil {
			t.Fatal(err)
		}
		return string(res.Body)
	}
	if got := fetch("/"); got != "sent" {
		t.Fatal(got)
	}
	deadline := time.Now().Add(10 * time.Second)
	got := fetch("/outcome")
	for got == "pending" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		got = fetch("/outcome")
	}
	want := "Too many API requests by single worker invocation. Workers can make up to 1000 KV and Durable Object requests per invocation."
	if got != want {
		t.Fatalf("waitUntil outcome = %q, want %q", got, want)
	}
	if got := fetch("/"); got != "sent" {
		t.Fatalf("a new request must start from zero: %q", got)
	}
}

// TestStorageQuota: with a quota's storage (1 GB on the free plan; 100 bytes here) a put
// is refused once the namespace holds it, and deletes make room again.
func TestStorageQuota(t *testing.T) {
	dir := t.TempDir()
	entry := filepath.Join(dir, "w.js")
	os.WriteFile(entry, []byte(`export default { async fetch(req, env) {
  const out = [];
  for (let i = 0; i < 4; i++) {
    try { await env.KV.put("k" + i, "x".repeat(40)); out.push("ok"); } catch (e) { out.push(e.message); }
  }
  await env.KV.delete("k0"); await env.KV.delete("k1");
  try { await env.KV.put("k9", "y"); out.push("ok"); } catch (e) { out.push(e.message); }
  return new Response(out.join("\n"));
} };`), 0o644)
	b, err := bundle.Build(bundle.Options{Entry: entry, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	script, err := runtime.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	store := kvstore.New(filepath.Join(dir, "kv.sqlite"), kvstore.Options{})
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sim := &Simulation{Quota: &Quota{Reads: 100, Writes: 100, Deletes: 100, Lists: 100, StorageBytes: 100}}
	iso, err := runtime.NewIsolate(runtime.Options{Script: script, Bindings: []runtime.Binding{New("KV", "ns", store).WithSimulation(sim)}, KVOpLimit: runtime.DefaultKVOpLimit})
	if err != nil {
		t.Fatal(err)
	}
	defer iso.Close()
	res, err := iso.Fetch(context.Background(), &webapi.Request{Method: "GET", URL: "http://localhost/", Headers: webapi.NewHeaders()})
	full := "KV PUT failed: 413 Payload Too Large (the namespace holds the free plan's 100 bytes of storage; goflare --kv-quota free)"
	// 42 bytes each (key and value): the third crosses 100, so the fourth is refused.
	if want := "ok\nok\nok\n" + full + "\nok"; err != nil || string(res.Body) != want {
		t.Errorf("%v\n%s\nwant\n%s", err, res.Body, want)
	}
}

// TestDescribeQuota: the start-up line names the free plan's quotas with thousands
// grouped, as wrangler prints counts.
func TestDescribeQuota(t *testing.T) {
	s := &Simulation{WriteLimit: true, Quota: FreeQuota()}
	want := "write limit (1 write per key per second), free plan quotas (100,000 reads, 1,000 writes, 1,000 deletes, 1,000 lists per UTC day)"
	if got := s.Describe(); got != want {
		t.Errorf("Describe:\n got %q\nwant %q", got, want)
	}
}
