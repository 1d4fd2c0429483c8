package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCacheAPIReadThroughSurvivesRestart: a read-through cache on caches.default, as
// Cloudflare's docs write one. The first request computes and stores; the next is a HIT
// with its Age; a different URL misses; and the entry is still there after a restart,
// kept beside the KV state as workerd's local cache keeps it.
func TestCacheAPIReadThroughSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"wrangler.toml": "name = \"cache\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n",
		"index.js": `let computed = 0;
export default { async fetch(request, env, ctx) {
  const cache = caches.default;
  // The key names a fixed origin: the dev server's port changes between runs.
  const key = new Request("https://cache.test" + new URL(request.url).pathname, { headers: request.headers });
  let response = await cache.match(key);
  if (!response) {
    computed++;
    response = new Response("page " + new URL(request.url).pathname + " computed " + computed, {
      headers: { "cache-control": "max-age=300", etag: '"e' + computed + '"' },
    });
    ctx.waitUntil(cache.put(key, response.clone()));
  }
  return response;
} };`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dev := startDev(t, dir)
	first := dev.get("/a")
	if first.body != "page /a computed 1" || first.header.Get("Cf-Cache-Status") != "" {
		t.Fatalf("first: %q %v", first.body, first.header)
	}
	var hit response
	for i := 0; i < 50; i++ { // the put runs in waitUntil, after the response
		if hit = dev.get("/a"); hit.header.Get("Cf-Cache-Status") == "HIT" {
			break
		}
	}
	if hit.body != "page /a computed 1" || hit.header.Get("Cf-Cache-Status") != "HIT" || hit.header.Get("Age") == "" || hit.header.Get("Etag") != `"e1"` {
		t.Fatalf("second: %q %v", hit.body, hit.header)
	}
	if r := dev.get("/a", "If-None-Match", `"e1"`); r.status != 304 {
		t.Fatalf("conditional: %d", r.status)
	}
	if r := dev.get("/b"); !strings.HasPrefix(r.body, "page /b computed") {
		t.Fatalf("another URL: %q", r.body)
	}
	if code := dev.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	dev = startDev(t, dir)
	if r := dev.get("/a"); r.body != "page /a computed 1" || r.header.Get("Cf-Cache-Status") != "HIT" {
		t.Fatalf("after a restart: %q %v", r.body, r.header)
	}
}
