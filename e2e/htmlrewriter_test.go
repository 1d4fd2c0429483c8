package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLRewriterRewritesAnUpstreamPage: the common HTMLRewriter use, a worker in front
// of an origin making its links absolute and adding a banner, through the real binary.
func TestHTMLRewriterRewritesAnUpstreamPage(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Origin", "yes")
		w.Write([]byte(`<!doctype html><html><head><title>Shop</title></head><body><a href="/cart">Cart</a> <a href="https://other.test/">Other</a><img src="/logo.png"></body></html>`))
	}))
	defer up.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"rw\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n\n[vars]\nORIGIN = \""+up.URL+"\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`class Absolute {
  constructor(attr) { this.attr = attr; }
  element(el) {
    const v = el.getAttribute(this.attr);
    if (v && v.startsWith("/")) el.setAttribute(this.attr, "https://shop.test" + v);
  }
}
export default { async fetch(request, env) {
  const res = await fetch(env.ORIGIN);
  return new HTMLRewriter()
    .on("a[href]", new Absolute("href"))
    .on("img[src]", new Absolute("src"))
    .on("body", { element(el) { el.prepend("<p>Sale!</p>", { html: true }); } })
    .transform(res);
} };`), 0o644)
	dev := startDev(t, dir)
	r := dev.get("/")
	want := `<!doctype html><html><head><title>Shop</title></head><body><p>Sale!</p><a href="https://shop.test/cart">Cart</a> <a href="https://other.test/">Other</a><img src="https://shop.test/logo.png"></body></html>`
	if r.status != 200 || r.body != want || r.header.Get("X-Origin") != "yes" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v\n%s\nwant\n%s", r.status, r.header, r.body, want)
	}
}
