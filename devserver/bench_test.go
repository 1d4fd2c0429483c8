package devserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// BenchmarkServeHTTP is goflare's part of one request, without the network: the dev
// server's handler (request log line included) running fixtures/kv-limits' /ok, /small
// and /write on a real isolate and a real SQLite file, with many requests in flight. Its
// allocations per request are the ones issue 22 counts; the e2e load benchmarks measure
// the same routes over HTTP.
func BenchmarkServeHTTP(b *testing.B) {
	s := serve(b, filepath.Join("..", "fixtures", "kv-limits", "wrangler.toml"),
		Options{KVOpLimit: 1000, Stdout: io.Discard, Stderr: io.Discard}, nil)
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
