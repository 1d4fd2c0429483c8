package assets

import (
	"reflect"
	"strings"
	"testing"
)

// TestIgnore: .assetsignore follows gitignore's rules as the ignore package applies them.
func TestIgnore(t *testing.T) {
	ig := NewIgnore("/_headers", "*.bak", "drafts/", "/build", "!keep.bak", "docs/**/*.tmp", "# comment", "")
	for path, want := range map[string]bool{
		"_headers":              true,
		"sub/_headers":          false, // anchored
		"a.bak":                 true,
		"deep/dir/a.bak":        true,
		"keep.bak":              false, // re-included
		"drafts/post.html":      true,
		"blog/drafts/post.html": true,  // a directory at any depth
		"drafts":                false, // a file named so, not the directory
		"build/app.js":          true,
		"src/build/app.js":      false,
		"docs/a/b/c.tmp":        true,
		"docs/c.tmp":            true,
		"index.html":            false,
	} {
		if got := ig.Ignored(path); got != want {
			t.Errorf("%s: ignored %v, want %v", path, got, want)
		}
	}
}

// TestParseRedirects: wrangler's messages for the lines it skips, and the rules it keeps.
func TestParseRedirects(t *testing.T) {
	rules, invalid := parseRedirects(strings.Join([]string{
		"/a /b 301",
		"/a /c",                          // duplicate
		"/only-one-token",                // tokens
		"/x /y 404",                      // status
		"https://h.example/p /q",         // absolute from
		"/p https://other.example/r 200", // proxy to a host
		"/loop/* /loop/index.html",       // loop
		"/s /t # a comment",
	}, "\n"), "auto-trailing-slash")
	if len(rules) != 2 || rules[0] != (redirectRule{"/a", "/b", 301, 1}) || rules[1] != (redirectRule{"/s", "/t", 302, 8}) {
		t.Errorf("rules: %+v", rules)
	}
	var msgs []string
	for _, in := range invalid {
		msgs = append(msgs, in.message)
	}
	want := []string{
		"Ignoring duplicate rule for path /a.",
		"Expected exactly 2 or 3 whitespace-separated tokens. Got 1.",
		"Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 404.",
		"Only relative URLs are allowed. Skipping absolute URL https://h.example/p.",
		"Proxy (200) redirects can only point to relative paths. Got https://other.example/r",
		"Infinite loop detected in this rule and has been ignored. This will cause a redirect to strip `.html` or `/index` and end up triggering this rule again. Please fix or remove this rule to silence this warning.",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("messages:\n%q\nwant\n%q", msgs, want)
	}
}

// TestParseHeaders: names lowercased, repeated names joined, unsets, and the messages.
func TestParseHeaders(t *testing.T) {
	rules, invalid := parseHeaders("X-Orphan: 1\n/*\n  X-A: 1\n  x-a: 2\n  ! Server\n/empty\n/b\n  bad line\n  X-B: ok\n")
	if len(rules) != 2 || rules[0].path != "/*" || !reflect.DeepEqual(rules[0].set, []headerPair{{"x-a", "1, 2"}}) || !reflect.DeepEqual(rules[0].unset, []string{"Server"}) || rules[1].path != "/b" {
		t.Errorf("rules: %+v", rules)
	}
	var msgs []string
	for _, in := range invalid {
		msgs = append(msgs, in.message)
	}
	if want := []string{"Path should come before header (x-orphan: 1)", "No headers specified", "Expected a colon-separated header pair (e.g. name: value)"}; !reflect.DeepEqual(msgs, want) {
		t.Errorf("messages: %q", msgs)
	}
}

// TestCompileRule: splats and placeholders capture, host placeholders stop at dots, and
// a rule JavaScript's RegExp would refuse (a name twice) is dropped.
func TestCompileRule(t *testing.T) {
	c, ok := compileRule("/blog/:year/:slug/*")
	if !ok {
		t.Fatal("not compiled")
	}
	repl, order, ok := c.match("h", "/blog/2026/hello/a/b")
	if !ok || repl["year"] != "2026" || repl["slug"] != "hello" || repl["splat"] != "a/b" {
		t.Errorf("match: %v %v", repl, ok)
	}
	if got := replacer("/posts/:year-:slug/:splat", repl, order); got != "/posts/2026-hello/a/b" {
		t.Errorf("replacer: %q", got)
	}
	h, ok := compileRule("https://:sub.example.com/*")
	if !ok {
		t.Fatal("host rule not compiled")
	}
	if repl, _, ok := h.match("docs.example.com", "/x"); !ok || repl["sub"] != "docs" {
		t.Errorf("host match: %v", repl)
	}
	if _, _, ok := h.match("a.b.example.com", "/x"); ok {
		t.Errorf("a host placeholder matched a dot")
	}
	if _, ok := compileRule("/:a/:a"); ok {
		t.Errorf("a name used twice compiled")
	}
	if _, ok := compileRule("/*/*"); ok {
		t.Errorf("two splats compiled")
	}
}

// TestRangeAndTypes: the Range forms answered, and Miniflare's Content-Types.
func TestRangeAndTypes(t *testing.T) {
	for h, want := range map[string][3]int64{
		"bytes=0-9":     {0, 9, 1},
		"bytes=5-":      {5, 58, 1},
		"bytes=-5":      {54, 58, 1},
		"bytes=50-99":   {50, 58, 1},
		"bytes=59-":     {-1, 0, 0},
		"bytes=0-1,3-4": {0, 0, 0},
		"items=0-1":     {0, 0, 0},
	} {
		s, e, ok := parseRange(h, 59)
		if s != want[0] || e != want[1] || ok != (want[2] == 1) {
			t.Errorf("%s: %d-%d %v", h, s, e, ok)
		}
	}
	for file, want := range map[string]string{
		"/a/index.HTML": "text/html; charset=utf-8",
		"/a/app.js":     "text/javascript; charset=utf-8",
		"/a/x.json":     "application/json",
		"/a/x.wasm":     "application/wasm",
		"/a/x.woff2":    "font/woff2",
		"/a/.hidden":    "",
		"/a/Makefile":   "",
	} {
		if got := contentType(file); got != want {
			t.Errorf("%s: %q", file, got)
		}
	}
}
