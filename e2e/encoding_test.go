package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestResponseBodiesEncodedAsWorkerdEncodesThem: a response whose Content-Encoding is gzip
// (or br) has its body gzipped (brotli-compressed) on the way out, as workerd does, unless the worker said
// encodeBody: "manual"; so bytes a worker gzipped itself without saying so (hono's
// compress()) arrive compressed twice, as on Cloudflare. Expectations from wrangler dev
// 4.86.0 on the same worker.
func TestResponseBodiesEncodedAsWorkerdEncodesThem(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"wrangler.toml": "name = \"enc\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n",
		"index.js": `export default { async fetch(req) {
  const p = new URL(req.url).pathname;
  const gz = new Uint8Array(await new Response(new Blob(["hello hello"]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
  if (p === "/auto") return new Response(gz, { headers: { "content-encoding": "gzip" } });
  if (p === "/manual") return new Response(gz, { headers: { "content-encoding": "gzip" }, encodeBody: "manual" });
  if (p === "/text") return new Response("hello", { headers: { "content-encoding": "gzip" } });
  if (p === "/stream") return new Response(new Blob(["streamed"]).stream(), { headers: { "content-encoding": "gzip" } });
  if (p === "/deflate") return new Response("hello", { headers: { "content-encoding": "deflate" } });
  if (p === "/br") return new Response(new Blob(["hello brotli"]).stream(), { headers: { "content-encoding": "br" } });
  if (p === "/br-manual") return new Response("not really br", { headers: { "content-encoding": "br" }, encodeBody: "manual" });
  try { new Response("x", { encodeBody: "nope" }); return new Response("no throw"); } catch (e) { return new Response(e.name + ": " + e.message); }
} };`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dev := startDev(t, dir)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string) (*http.Response, []byte) {
		res, err := client.Get(dev.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	gunzip := func(what string, b []byte) []byte {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: not gzip: %v (%q)", what, err, b)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return out
	}
	for _, c := range []struct {
		path   string
		times  int // how many gunzips give the text
		text   string
		length bool // sent with a Content-Length (else chunked)
	}{
		{"/auto", 2, "hello hello", false},
		{"/manual", 1, "hello hello", true},
		{"/text", 1, "hello", false},
		{"/stream", 1, "streamed", false},
	} {
		res, b := get(c.path)
		if res.Header.Get("Content-Encoding") != "gzip" || (res.ContentLength >= 0) != c.length {
			t.Errorf("%s: Content-Encoding %q, Content-Length %d", c.path, res.Header.Get("Content-Encoding"), res.ContentLength)
		}
		for range c.times {
			b = gunzip(c.path, b)
		}
		if string(b) != c.text {
			t.Errorf("%s: after %d gunzip(s) %q, want %q", c.path, c.times, b, c.text)
		}
	}
	if res, b := get("/br"); res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("/br: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	} else if text, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b))); err != nil || string(text) != "hello brotli" {
		t.Errorf("/br: brotli-decoded %q, %v", text, err)
	}
	if _, b := get("/br-manual"); string(b) != "not really br" {
		t.Errorf("/br-manual is sent as the worker made it: %q", b)
	}
	if res, b := get("/deflate"); string(b) != "hello" || res.Header.Get("Content-Encoding") != "deflate" {
		t.Errorf("deflate is sent as the worker made it: %q %q", res.Header.Get("Content-Encoding"), b)
	}
	if _, b := get("/bad"); string(b) != "TypeError: encodeBody: unexpected value: nope" {
		t.Errorf("a bad encodeBody: %q", b)
	}
}

// TestProxiedGzipIsCompressedOnce: fetch(request) forwards the client's Accept-Encoding;
// the upstream's gzip body is decoded for the worker and gzipped again on the way out, so
// the client gunzips once and reads the upstream's text (as through workerd).
func TestProxiedGzipIsCompressedOnce(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte("from upstream"))
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b.Bytes())
	}))
	defer up.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"proxy\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n\n[vars]\nUPSTREAM = \""+up.URL+"\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { fetch(req, env) { return fetch(env.UPSTREAM, { headers: req.headers }); } };`), 0o644)
	dev := startDev(t, dir)
	req, _ := http.NewRequest("GET", dev.URL+"/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatalf("the proxied body is not gzip: %v", err)
	}
	text, _ := io.ReadAll(zr)
	if string(text) != "from upstream" || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("one gunzip gives %q (Content-Encoding %q), want \"from upstream\"", text, res.Header.Get("Content-Encoding"))
	}
}

// TestConnectionHeadersAreTheServers: the headers that describe one connection are the
// dev server's, not the worker's, as in workerd (checked side by side with wrangler dev:
// Connection, Keep-Alive, Transfer-Encoding and Upgrade set by the worker are dropped;
// Proxy-Connection, which no standard defines, passes), and a streamed body gets no
// Content-Type it did not set.
func TestConnectionHeadersAreTheServers(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"hop\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { fetch(request) {
  if (new URL(request.url).pathname === "/stream") return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("x")); c.close(); } }));
  return new Response("h", { headers: { Connection: "close", "Keep-Alive": "timeout=5", "Transfer-Encoding": "chunked", "Proxy-Connection": "x", Upgrade: "h2c", "X-Ok": "1" } });
} };`), 0o644)
	dev := startDev(t, dir)
	res := dev.get("/")
	for _, k := range []string{"Keep-Alive", "Upgrade", "Transfer-Encoding"} {
		if v := res.header.Get(k); v != "" {
			t.Errorf("%s: %q passed on", k, v)
		}
	}
	if res.header.Get("Connection") == "close" {
		t.Errorf("the worker's Connection: close passed on")
	}
	if res.header.Get("X-Ok") != "1" || res.header.Get("Proxy-Connection") != "x" || res.body != "h" {
		t.Errorf("%v %q", res.header, res.body)
	}
	if s := dev.get("/stream"); s.header.Get("Content-Type") != "" || s.body != "x" {
		t.Errorf("stream: %v %q", s.header, s.body)
	}
}
