package devserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/goflare/goflare/config"
)

// BenchmarkServeHTTP is goflare's part of one request, without the network: the dev
// server's handler (request log line included) running a worker route on a real isolate
// and a real SQLite file, with many requests in flight. Its allocations per request are the ones issue 22 counts; the
// e2e load benchmarks measure the same routes over HTTP.
func BenchmarkServeHTTP(b *testing.B) {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(`name = "bench"
main = "index.js"
compatibility_date = "2026-04-01"
[[kv_namespaces]]
binding = "KV"
id = "bench"
`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`const hundred = "x".repeat(100);
export default {
  async fetch(request, env) {
    if (request.url.endsWith("/ok")) return new Response("ok");
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/small": {
        const value = await env.KV.get("small");
        if (value === null) await env.KV.put("small", hundred);
        return new Response(value ?? hundred);
      }
      case "/write":
        await env.KV.put("w" + Math.floor(Math.random() * 10000), hundred);
        return new Response("ok");
    }
    return new Response("Not found", { status: 404 });
  },
};`), 0o644)
	w, diags, err := config.Load(filepath.Join(dir, "wrangler.toml"), config.LoadOptions{})
	if err != nil || diags.HasErrors() {
		b.Fatal(err, diags)
	}
	s := New(Options{Worker: w, PersistDir: filepath.Join(dir, "state"), KVOpLimit: 1000, Stdout: io.Discard, Stderr: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Start(ctx); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for _, route := range []string{"/ok", "/small", "/write"} {
		b.Run(route[1:], func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(16) // 32 requests in flight on the 2-core machine, as the load benchmarks
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					s.ServeHTTP(rec, httptest.NewRequest("GET", route, nil))
					if rec.Code != http.StatusOK {
						b.Errorf("%s: %d %s", route, rec.Code, rec.Body)
						return
					}
				}
			})
		})
	}
}
