package runtime

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
)

// The nodejs_compat behaviours that depend on the flags, and the figures of issue 15.
// What each module does is compared with wrangler dev in e2e (fixtures/nodecompat).

// nodeWorker starts src (a module worker) built with nc.
func nodeWorker(t testing.TB, nc bundle.NodeCompat, src string, bindings ...Binding) *Isolate {
	t.Helper()
	dir := t.TempDir()
	entry := filepath.Join(dir, "index.js")
	if err := os.WriteFile(entry, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Build(bundle.Options{Entry: entry, Dir: dir, Node: nc})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	iso, err := NewIsolate(Options{Script: s, Bindings: bindings, Stdout: &strings.Builder{}, Stderr: &strings.Builder{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(iso.Close)
	return iso
}

// probeModules answers, for each specifier, what a dynamic import of it gave.
const probeModules = `export default { async fetch(req) {
  const out = [typeof Buffer, typeof process, typeof setImmediate];
  for (const s of ["node:buffer", "buffer", "node:async_hooks", "cloudflare:node"]) {
    try { const m = await import(s); out.push(s + ":" + typeof m); } catch (e) { out.push(s + ":" + e.message); }
  }
  return new Response(out.join("\n"));
} };`

func TestNodeCompatModes(t *testing.T) {
	for _, c := range []struct {
		name string
		nc   bundle.NodeCompat
		want string
	}{
		{"without the flag", bundle.NodeCompat{},
			"undefined\nundefined\nundefined\nnode:buffer:No such module \"node:buffer\".\nbuffer:No such module \"buffer\".\nnode:async_hooks:No such module \"node:async_hooks\".\ncloudflare:node:No such module \"cloudflare:node\"."},
		{"nodejs_compat before 2024-09-23", bundle.NodeCompat{Modules: true},
			"undefined\nundefined\nundefined\nnode:buffer:object\nbuffer:object\nnode:async_hooks:object\ncloudflare:node:object"},
		{"nodejs_compat from 2024-09-23", bundle.NodeCompat{Modules: true, Bare: true},
			"function\nobject\nfunction\nnode:buffer:object\nbuffer:object\nnode:async_hooks:object\ncloudflare:node:object"},
		{"nodejs_als", bundle.NodeCompat{OnlyAsyncHooks: true},
			"undefined\nundefined\nundefined\nnode:buffer:No such module \"node:buffer\".\nbuffer:No such module \"buffer\".\nnode:async_hooks:object\ncloudflare:node:No such module \"cloudflare:node\"."},
	} {
		t.Run(c.name, func(t *testing.T) {
			iso := nodeWorker(t, c.nc, probeModules)
			res, err := get(t, iso, "http://localhost/")
			if err != nil {
				t.Fatal(err)
			}
			if got := string(res.Body); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestProcessExitCancelsTheRequest(t *testing.T) {
	iso := nodeWorker(t, bundle.NodeCompat{Modules: true, Bare: true}, `export default { fetch(req) {
  if (new URL(req.url).pathname === "/exit") process.exit(3);
  return new Response("still serving");
} };`)
	_, err := get(t, iso, "http://localhost/exit")
	if err == nil || !strings.Contains(err.Error(), "The Node.js process.exit(3) API was called. Canceling the request.") {
		t.Fatalf("err = %v", err)
	}
	res, err := get(t, iso, "http://localhost/")
	if err != nil || string(res.Body) != "still serving" {
		t.Fatalf("next request: %v %q", err, res.Body)
	}
}

// TestAsyncLocalStorageKeepsConcurrentRequestsApart: requests interleave at every await
// of one isolate; each sees only its own store, before and after its timers.
func TestAsyncLocalStorageKeepsConcurrentRequestsApart(t *testing.T) {
	iso := nodeWorker(t, bundle.NodeCompat{Modules: true, Bare: true}, `import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
export default { fetch(req) {
  const id = new URL(req.url).searchParams.get("id");
  return als.run(id, async () => {
    const seen = [als.getStore()];
    await new Promise((r) => setTimeout(r, Number(id) % 5));
    seen.push(als.getStore());
    await new Response("x").text();
    seen.push(als.getStore());
    return new Response(seen.join(","));
  });
} };`)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := get(t, iso, fmt.Sprintf("http://localhost/?id=%d", i))
			want := fmt.Sprintf("%d,%d,%d", i, i, i)
			if err != nil || string(res.Body) != want {
				errs <- fmt.Errorf("request %d: %v %q, want %q", i, err, res.Body, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// benchNode runs the worker's fetch b.N times; each request does the measured work once.
func benchNode(b *testing.B, src string) {
	iso := nodeWorker(b, bundle.NodeCompat{Modules: true, Bare: true}, src)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: "http://localhost/", Headers: webapi.NewHeaders()})
		if err == nil {
			err = res.ReadAll()
		}
		if err != nil || res.Status != 200 {
			b.Fatal(err)
		}
	}
}

// BenchmarkNodeBufferToBase64: Buffer.from(1 MiB).toString("base64").
func BenchmarkNodeBufferToBase64(b *testing.B) {
	benchNode(b, `const bytes = new Uint8Array(1 << 20).map((_, i) => i);
export default { fetch() { return new Response(String(Buffer.from(bytes).toString("base64").length)); } };`)
}

// BenchmarkNodeSHA256Of25MiB: createHash("sha256") of 25 MiB.
func BenchmarkNodeSHA256Of25MiB(b *testing.B) {
	benchNode(b, `import { createHash } from "node:crypto";
const data = Buffer.alloc(25 << 20, "goflare");
export default { fetch() { return new Response(createHash("sha256").update(data).digest("hex")); } };`)
}

// BenchmarkNodeAsyncLocalStorageRun: one AsyncLocalStorage.run with an await inside;
// each request makes 1,000 of them, so ns/op is 1,000 round trips (see ns/run).
func BenchmarkNodeAsyncLocalStorageRun(b *testing.B) {
	benchNode(b, `import { AsyncLocalStorage } from "node:async_hooks";
const als = new AsyncLocalStorage();
export default { async fetch() {
  let n = 0;
  for (let i = 0; i < 1000; i++) n += await als.run(i, async () => { await null; return als.getStore(); });
  return new Response(String(n));
} };`)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/run")
}

// BenchmarkNodeAsyncBaseline is BenchmarkNodeAsyncLocalStorageRun without the storage:
// what 1,000 async calls with an await cost by themselves.
func BenchmarkNodeAsyncBaseline(b *testing.B) {
	benchNode(b, `export default { async fetch() {
  let n = 0;
  for (let i = 0; i < 1000; i++) n += await (async () => { await null; return i; })();
  return new Response(String(n));
} };`)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/run")
}

// TestWorkerEntrypointClassServes: a default export extending cloudflare:workers'
// WorkerEntrypoint is made anew for each event, with env and ctx as this.env and this.ctx.
func TestWorkerEntrypointClassServes(t *testing.T) {
	iso := nodeWorker(t, bundle.NodeCompat{}, `import { WorkerEntrypoint, env } from "cloudflare:workers";
let made = 0;
export default class extends WorkerEntrypoint {
  constructor(ctx, env) { super(ctx, env); this.n = ++made; }
  fetch(request) { return new Response([this.n, this.env === env, typeof this.ctx.waitUntil, arguments.length].join(" ")); }
  scheduled(controller) { if (controller.cron !== "* * * * *") throw new Error(controller.cron); }
}`)
	for i, want := range []string{"1 true function 1", "2 true function 1"} {
		res, err := get(t, iso, "http://localhost/")
		if err != nil || string(res.Body) != want {
			t.Fatalf("request %d: %v %q, want %q", i, err, res.Body, want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := iso.Scheduled(ctx, "* * * * *", time.Now()); err != nil {
		t.Fatal(err)
	}
}
