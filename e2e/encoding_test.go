package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestResponseBodiesEncodedAsWorkerdEncodesThem: a response whose Content-Encoding is gzip
// has its body gzipped on the way out, as workerd does, unless the worker said
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
	if res, b := get("/deflate"); string(b) != "hello" || res.Header.Get("Content-Encoding") != "deflate" {
		t.Errorf("deflate is sent as the worker made it: %q %q", res.Header.Get("Content-Encoding"), b)
	}
	if _, b := get("/bad"); string(b) != "TypeError: encodeBody: unexpected value: nope" {
		t.Errorf("a bad encodeBody: %q", b)
	}
}
