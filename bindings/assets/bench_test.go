package assets

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkServeAsset: one request for a file as the dev server routes it (ToWorker, then
// ServeHTTP), with a _headers and a _redirects file in the directory.
func BenchmarkServeAsset(b *testing.B) {
	dir := b.TempDir()
	for name, text := range map[string]string{
		"index.html": "<h1>hi</h1>\n",
		"a.css":      "body{}\n",
		"_headers":   "/*\n  X-Frame-Options: DENY\n/a.css\n  Cache-Control: max-age=60\n",
		"_redirects": "/old /new 301\n/blog/* /posts/:splat 302\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := New(Options{Dir: dir, HasWorker: true, CompatibilityDate: "2026-04-01"})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "http://localhost/a.css", nil)
	b.ReportAllocs()
	for b.Loop() {
		if s.ToWorker(req) {
			b.Fatal("routed to the worker")
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != 200 || len(w.Header()["x-frame-options"]) != 1 || w.Header()["x-frame-options"][0] != "DENY" {
			b.Fatalf("%d %v", w.Code, w.Header())
		}
	}
}
