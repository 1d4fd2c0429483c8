package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// isolatesWorker answers its isolate's id and how many requests that isolate has served
// (module-scope state, one per isolate). /spin?ms=K&tag=T says "spinning T" on stdout
// and runs JavaScript for K ms.
const isolatesWorker = `let id = "";
let calls = 0;
export default {
  fetch(req) {
    const url = new URL(req.url);
    id ||= crypto.randomUUID();
    calls++;
    if (url.pathname === "/spin") {
      console.log("spinning " + url.searchParams.get("tag"));
      const start = Date.now();
      while (Date.now() - start < Number(url.searchParams.get("ms"))) {}
    }
    return new Response(id + " " + calls);
  },
};
`

// isolatesProject writes the worker, with a CPU limit of 1 s.
func isolatesProject(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"wrangler.toml": "name = \"isolates\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-04-01\"\n[limits]\ncpu_ms = 1000\n",
		"src/index.js":  isolatesWorker,
	})
	return dir
}

// whileSpinning sends GET path while a request spins in JavaScript for 600 ms, and
// returns both answers (the spinning one's first).
func whileSpinning(t *testing.T, dev *devProcess, tag, path string) (spun, other response) {
	t.Helper()
	done := make(chan response)
	go func() { done <- dev.get("/spin?ms=600&tag=" + tag) }()
	if !dev.waitForOutput("spinning " + tag) {
		t.Fatalf("the spinning request %s never started", tag)
	}
	other = dev.get(path)
	return <-done, other
}

func idOf(body string) string { id, _, _ := strings.Cut(body, " "); return id }

// TestIsolatesSpreadRequests: with --isolates 2 a request is served by the other isolate
// while one runs JavaScript, each isolate keeps its own module-scope state, one that
// overran the CPU limit is replaced alone, and a reload replaces both.
func TestIsolatesSpreadRequests(t *testing.T) {
	t.Parallel()
	dir := isolatesProject(t)
	dev := startDev(t, dir, "--isolates", "2")

	spun, other := whileSpinning(t, dev, "a", "/")
	if spun.status != 200 || other.status != 200 || idOf(other.body) == idOf(spun.body) {
		t.Fatalf("a request sent while one isolate was busy: %q, the busy one %q", other.body, spun.body)
	}
	first, second := idOf(spun.body), idOf(other.body)
	// Both idle: the first isolate serves, its state kept (its second request).
	if r := dev.get("/"); r.body != first+" 2" {
		t.Errorf("next request: %q, want %q", r.body, first+" 2")
	}

	// The first isolate overruns the CPU limit and is replaced; the second is not.
	if r := dev.get("/spin?ms=5000&tag=over"); r.status != 503 {
		t.Fatalf("overrun: %d %q", r.status, r.body)
	}
	spun, other = whileSpinning(t, dev, "b", "/")
	if id := idOf(spun.body); id == first || id == second {
		t.Errorf("the isolate that overran was not replaced: %q", spun.body)
	}
	if other.body != second+" 2" {
		t.Errorf("the other isolate: %q, want %q (its state kept)", other.body, second+" 2")
	}

	// A reload replaces both.
	src := filepath.Join(dir, "src", "index.js")
	if err := os.WriteFile(src, []byte(isolatesWorker+"// saved again\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !dev.waitForOutput("Reloaded") {
		t.Fatal("no reload")
	}
	spun, other = whileSpinning(t, dev, "c", "/")
	if !strings.HasSuffix(spun.body, " 1") || !strings.HasSuffix(other.body, " 1") || idOf(spun.body) == idOf(other.body) {
		t.Errorf("after a reload: %q and %q, want two fresh isolates", spun.body, other.body)
	}
}

// TestIsolatesDefaultIsOne: without --isolates every request shares one isolate, as in
// wrangler dev: a request sent while one runs JavaScript waits for it, in the same state.
func TestIsolatesDefaultIsOne(t *testing.T) {
	t.Parallel()
	dev := startDev(t, isolatesProject(t))
	spun, other := whileSpinning(t, dev, "a", "/")
	if idOf(spun.body) != idOf(other.body) || !strings.HasSuffix(other.body, " 2") {
		t.Errorf("one isolate: %q then %q", spun.body, other.body)
	}
}

// TestIsolatesFlag: --isolates takes 1 to 64.
func TestIsolatesFlag(t *testing.T) {
	t.Parallel()
	dir := isolatesProject(t)
	for _, n := range []string{"0", "65", "-1"} {
		_, errs, code := goflare(t, dir, "dev", "--isolates", n, "--port", "0")
		if code == 0 || !strings.Contains(errs, "--isolates must be a number from 1 to 64, not "+n) {
			t.Errorf("--isolates %s: exit %d, %q", n, code, errs)
		}
	}
}
