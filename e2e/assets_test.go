package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// Static assets, checked against wrangler dev: each fixture's requests.txt lists
// requests (curl's -H and -d), and expected.txt holds what wrangler dev 4.86 answered
// on the same project (headers sorted and lowercased, the Date left out, ETags — a hash
// of the file's path and time — written "ETAG").

// assetCase is one line of requests.txt.
type assetCase struct {
	line, method, path, body string
	headers                  [][2]string
}

// readCases reads a requests file: METHOD PATH [-H 'Name:Value']... [-d 'body'].
func readCases(t *testing.T, file string) []assetCase {
	t.Helper()
	var out []assetCase
	for _, line := range strings.Split(string(mustRead(t, file)), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fields := shellFields(line)
		c := assetCase{line: line, method: fields[0], path: fields[1]}
		for i := 2; i+1 < len(fields); i += 2 {
			switch fields[i] {
			case "-H":
				k, v, _ := strings.Cut(fields[i+1], ":")
				c.headers = append(c.headers, [2]string{k, v})
			case "-d":
				c.body = fields[i+1]
			}
		}
		out = append(out, c)
	}
	return out
}

// shellFields splits on spaces, keeping '…' quoted runs whole.
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, have = !quoted, true
		case r == ' ' && !quoted:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

var etagValue = regexp.MustCompile(`"[0-9a-f]{32}"`)

// transcript sends each case to base and writes the answers as expected.txt has them;
// adjust, when not nil, rewrites a header's value or (false) leaves it out, for the
// differences a test names.
func transcript(t *testing.T, base string, cases []assetCase, adjust func(name, value string) (string, bool)) []string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var out []string
	for _, c := range cases {
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		req, _ := http.NewRequest(c.method, base+c.path, body)
		req.Header.Set("User-Agent", "curl/8")
		req.Header.Set("Accept", "*/*")
		for _, h := range c.headers {
			if strings.EqualFold(h[0], "accept") {
				req.Header.Del("Accept")
			}
			req.Header.Add(h[0], h[1])
		}
		req.Header.Set("Accept-Encoding", "identity")
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var hs []string
		for k, vs := range res.Header {
			if strings.EqualFold(k, "Date") {
				continue
			}
			for _, v := range vs {
				if adjust != nil {
					var keep bool
					if v, keep = adjust(strings.ToLower(k), v); !keep {
						continue
					}
				}
				hs = append(hs, strings.ToLower(k)+": "+v)
			}
		}
		if len(res.TransferEncoding) > 0 {
			hs = append(hs, "transfer-encoding: "+strings.Join(res.TransferEncoding, ", "))
		}
		sort.Strings(hs)
		block := res.Proto + " " + res.Status + "\n" + strings.Join(hs, "\n") + "\n"
		if text := strings.TrimSpace(string(b)); text != "" {
			block += "\n" + text + "\n"
		}
		out = append(out, etagValue.ReplaceAllString(block, `"ETAG"`))
	}
	return out
}

// readExpected reads expected.txt's blocks (without their === lines).
func readExpected(t *testing.T, file string) []string {
	t.Helper()
	var out []string
	for _, b := range strings.Split("\n"+string(mustRead(t, file)), "\n=== ")[1:] {
		_, rest, _ := strings.Cut(b, "\n")
		rest = strings.TrimRight(rest, "\n")
		status, more, _ := strings.Cut(rest, "\n")
		headers, body, _ := strings.Cut(more, "\n\n")
		block := status + "\n" + headers + "\n"
		if body = strings.TrimSpace(body); body != "" {
			block += "\n" + body + "\n"
		}
		out = append(out, block)
	}
	return out
}

// compareTranscript checks the answers against wrangler's, case by case.
func compareTranscript(t *testing.T, dir, requests, expected, base string) {
	t.Helper()
	compareTranscriptBut(t, dir, requests, expected, base, nil)
}

// compareTranscriptBut is compareTranscript with headers adjusted (see transcript).
func compareTranscriptBut(t *testing.T, dir, requests, expected, base string, adjust func(name, value string) (string, bool)) {
	t.Helper()
	cases := readCases(t, filepath.Join(dir, requests))
	want := readExpected(t, filepath.Join(dir, expected))
	got := transcript(t, base, cases, adjust)
	if len(want) != len(cases) {
		t.Fatalf("%s has %d answers for %d requests", expected, len(want), len(cases))
	}
	for i := range cases {
		if got[i] != want[i] {
			t.Errorf("%s:\n--- goflare\n%s--- wrangler dev\n%s", cases[i].line, got[i], want[i])
		}
	}
}

// TestAssetsOnlySite: an assets-only project (no main) with _headers, _redirects,
// .assetsignore and a 404 page answers every request as wrangler dev does.
func TestAssetsOnlySite(t *testing.T) {
	dir := copyFixture(t, "assets-site")
	dev := startDev(t, dir)
	compareTranscript(t, dir, "requests.txt", "expected.txt", dev.URL)
	for _, line := range []string{"[goflare:info] ✨ Parsed 6 valid redirect rules.", "[goflare:info] ✨ Parsed 3 valid header rules.",
		"[goflare:info] GET /nope 404 Not Found (", "`Sec-Fetch-Mode: navigate` header present - using `not_found_handling` behavior"} {
		if !dev.waitForOutput(line) {
			t.Errorf("stdout has no %q:\n%s", line, dev.Stdout())
		}
	}
	// A matching ETag is a 304, weak or strong; a changed file has a new one.
	r := dev.get("/style.css")
	etag := r.header.Get("ETag")
	for _, inm := range []string{etag, "W/" + etag} {
		if r := dev.get("/style.css", "If-None-Match", inm); r.status != 304 || r.body != "" || r.header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d %q", inm, r.status, r.body)
		}
	}
	// Range: one range is answered 206 (as Cloudflare's edge does; wrangler dev sends
	// the whole file), a range past the end 416.
	if r := dev.get("/style.css", "Range", "bytes=0-9"); r.status != 206 || r.body != "body { fon" || r.header.Get("Content-Range") != "bytes 0-9/59" || r.header.Get("Cache-Control") != "" {
		t.Errorf("Range 0-9: %d %q %v", r.status, r.body, r.header)
	}
	if r := dev.get("/style.css", "Range", "bytes=-5"); r.status != 206 || r.body != "rem; }\n"[2:] || r.header.Get("Content-Range") != "bytes 54-58/59" {
		t.Errorf("Range -5: %d %q %v", r.status, r.body, r.header)
	}
	if r := dev.get("/style.css", "Range", "bytes=100-"); r.status != 416 || r.header.Get("Content-Range") != "bytes */59" {
		t.Errorf("Range 100-: %d %v", r.status, r.header)
	}
	// Hot reload: added, changed and deleted files are served so on the next request,
	// and the worker is not rebuilt.
	public := filepath.Join(dir, "public")
	os.WriteFile(filepath.Join(public, "new.txt"), []byte("fresh\n"), 0o644)
	if r := dev.get("/new.txt"); r.status != 200 || r.body != "fresh\n" {
		t.Errorf("added file: %d %q", r.status, r.body)
	}
	os.WriteFile(filepath.Join(public, "new.txt"), []byte("changed\n"), 0o644)
	os.Chtimes(filepath.Join(public, "new.txt"), time.Now().Add(time.Second), time.Now().Add(time.Second))
	if r := dev.get("/new.txt"); r.status != 200 || r.body != "changed\n" {
		t.Errorf("changed file: %d %q", r.status, r.body)
	}
	os.Remove(filepath.Join(public, "new.txt"))
	if r := dev.get("/new.txt"); r.status != 404 || !strings.Contains(r.body, "<h1>Not found</h1>") {
		t.Errorf("deleted file: %d %q", r.status, r.body)
	}
	// _headers is read again when it changes.
	os.WriteFile(filepath.Join(public, "_headers"), []byte("/*\n  X-Site: changed\n"), 0o644)
	if r := dev.get("/notes.txt"); r.header.Get("X-Site") != "changed" || r.header.Get("X-Frame-Options") != "" {
		t.Errorf("changed _headers: %v", r.header)
	}
	if strings.Contains(dev.Stdout(), "Reloaded in") {
		t.Errorf("an asset change rebuilt the worker:\n%s", dev.Stdout())
	}
}

// TestAssetsSPAWithAPI: a single-page app with a JSON API in the worker and KV behind it,
// with run_worker_first as patterns, false and true: wrangler dev's answers each time,
// and env.ASSETS.fetch from the worker.
func TestAssetsSPAWithAPI(t *testing.T) {
	dir := copyFixture(t, "assets-spa")
	dev := startDev(t, dir)
	if !strings.Contains(dev.Stdout(), "env.ASSETS             Assets            local\n") {
		t.Errorf("bindings table:\n%s", dev.Stdout())
	}
	compareTranscript(t, dir, "requests.txt", "expected.txt", dev.URL)
	dev.stop()
	config := filepath.Join(dir, "wrangler.jsonc")
	text := string(mustRead(t, config))
	for _, v := range []struct{ value, expected string }{
		{"false", "expected-run-worker-first-false.txt"},
		{"true", "expected-run-worker-first-true.txt"},
	} {
		os.WriteFile(config, []byte(strings.Replace(text, `["/api/*", "!/api/docs/*"]`, v.value, 1)), 0o644)
		dev := startDev(t, dir)
		compareTranscript(t, dir, "requests-variants.txt", v.expected, dev.URL)
		dev.stop()
	}
}

// TestAssetsLiveReloadAndErrors: --assets serves a directory with no config;
// --live-reload appends its script to asset HTML and reloads the page when an asset
// changes; a config whose assets directory is missing is refused with wrangler's words.
func TestAssetsLiveReloadAndErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"site/index.html": "<h1>hi</h1>\n", "site/a.txt": "a\n"})
	dev := startDev(t, dir, "--assets", "site", "--live-reload")
	if r := dev.get("/"); !strings.HasPrefix(r.body, "<h1>hi</h1>\n\n<script defer") {
		t.Errorf("/: %q", r.body)
	}
	if r := dev.get("/a.txt"); r.body != "a\n" {
		t.Errorf("/a.txt: %q", r.body)
	}
	awaitLiveReload(t, dev, func(i int) {
		os.WriteFile(filepath.Join(dir, "site", "a.txt"), []byte(strings.Repeat("b", i+1)), 0o644)
	})
	bad := t.TempDir()
	writeFiles(t, bad, map[string]string{"wrangler.toml": "name = \"x\"\ncompatibility_date = \"2026-04-01\"\n[assets]\ndirectory = \"./nope\"\n"})
	out, errs, _ := goflare(t, bad, "dev", "--port", "0")
	out += errs
	if want := "The directory specified by the \"assets.directory\" field in your configuration file does not exist:\n  " + filepath.Join(bad, "nope"); !strings.Contains(out, want) {
		t.Errorf("missing directory:\n%s", out)
	}
	writeFiles(t, bad, map[string]string{"wrangler.toml": "name = \"x\"\ncompatibility_date = \"2026-04-01\"\n[assets]\ndirectory = \"./pub\"\nbinding = \"ASSETS\"\n", "pub/a.txt": "a"})
	if out, errs, _ := goflare(t, bad, "dev", "--port", "0"); !strings.Contains(out+errs, "Cannot use assets with a binding in an assets-only Worker.") {
		t.Errorf("binding without a worker:\n%s", out)
	}
}

// TestAssetsHTMLHandling: each html_handling mode resolves /about, /about/,
// /blog/index.html and the rest as wrangler dev does (redirects, 404 pages, files).
func TestAssetsHTMLHandling(t *testing.T) {
	dir := copyFixture(t, "assets-site")
	config := filepath.Join(dir, "wrangler.jsonc")
	text := string(mustRead(t, config))
	for _, mode := range []string{"auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"} {
		os.WriteFile(config, []byte(strings.Replace(text, `"not_found_handling": "404-page"`, `"not_found_handling": "404-page", "html_handling": "`+mode+`"`, 1)), 0o644)
		dev := startDev(t, dir)
		compareTranscript(t, dir, "requests-html.txt", "expected-html-"+mode+".txt", dev.URL)
		dev.stop()
	}
}
