package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Workers Sites: Cloudflare's template (a service worker) and a module worker serve
// their bucket with @cloudflare/kv-asset-handler, unchanged, as under wrangler dev. The
// answers are compared with wrangler dev 4.86's (expected.txt) but for two headers that
// differ by design: the ETag is the file's KV key, which goflare makes content-hashed as
// `wrangler deploy` does (wrangler dev uses the path), and CF-Cache-Status/Age, as the
// handler's cache.match finds a hashed key again (wrangler dev's keys are never cached).

var siteKeyETag = regexp.MustCompile(`^"index\.[0-9a-f]{10}\.html"$`)

func dropSiteHeaders(name, value string) (string, bool) {
	switch name {
	case "cf-cache-status", "age":
		return "", false
	case "etag":
		return `"ETAG"`, true
	}
	return value, true
}

// TestWorkersSitesTemplate: the template's pages, its 404.html fallback, its method
// error, hidden files left out; the files are a real KV namespace, kept in step with the
// bucket when a file is added, changed or removed.
func TestWorkersSitesTemplate(t *testing.T) {
	frameworkDeps(t)
	dev, dir := startFrameworkIn(t, "sites")
	compareTranscriptBut(t, dir, "requests.txt", "expected.txt", dev.URL, dropSiteHeaders)
	// .well-known is uploaded by wrangler deploy (wrangler dev leaves it out, as other
	// hidden files): goflare serves it as production does.
	if r := dev.get("/.well-known/security.txt"); r.status != 200 || r.body != "contact: mailto:security@example.com\n" {
		t.Errorf("/.well-known/security.txt: %d %q", r.status, r.body)
	}
	if r := dev.get("/"); !siteKeyETag.MatchString(r.header.Get("ETag")) {
		t.Errorf("ETag %q: want the content-hashed key", r.header.Get("ETag"))
	}
	// The bucket changes: a new file is served, a changed one with its new bytes, a
	// removed one no more; the namespace holds exactly the current files' keys.
	public := filepath.Join(dir, "public")
	os.WriteFile(filepath.Join(public, "new.html"), []byte("<p>new</p>\n"), 0o644)
	os.WriteFile(filepath.Join(public, "css", "style.css"), []byte("body { color: red; }\n"), 0o644)
	os.Remove(filepath.Join(public, "manifest.json"))
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && dev.get("/new.html").status != 200 {
		time.Sleep(50 * time.Millisecond)
	}
	if r := dev.get("/new.html"); r.status != 200 || r.body != "<p>new</p>\n" {
		t.Errorf("/new.html: %d %q", r.status, r.body)
	}
	if r := dev.get("/css/style.css"); r.body != "body { color: red; }\n" {
		t.Errorf("/css/style.css: %q", r.body)
	}
	if r := dev.get("/manifest.json"); r.status != 404 {
		t.Errorf("/manifest.json after removal: %d", r.status)
	}
	out := mustGoflare(t, dir, "kv", "key", "list", "--namespace-id", "__STATIC_CONTENT")
	for _, want := range []string{`"name": "new.`, `"name": "index.`, `"name": "blog/index.`, `"name": "404.`} {
		if !strings.Contains(out, want) {
			t.Errorf("goflare kv key list: no %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"name": "manifest.`) || strings.Count(out, `"name": "css/style.`) != 1 {
		t.Errorf("goflare kv key list: stale keys kept:\n%s", out)
	}
}

// TestWorkersSitesModules: a module worker imports "__STATIC_CONTENT_MANIFEST" (its JSON
// text), env has __STATIC_CONTENT and nothing else, and site.exclude leaves drafts out.
func TestWorkersSitesModules(t *testing.T) {
	frameworkDeps(t)
	dev, dir := startFrameworkIn(t, "sites-modules")
	compareTranscriptBut(t, dir, "requests.txt", "expected.txt", dev.URL, dropSiteHeaders)
}
