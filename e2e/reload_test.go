package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// eventually polls fn until it holds or 10 s pass.
func eventually(t *testing.T, what string, fn func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !fn() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHotReload(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hello-kv")
	dev := startDev(t, dir)
	dev.get("/set?key=kept&value=across-reloads")
	describe := filepath.Join(dir, "src", "describe.ts")
	original, _ := os.ReadFile(describe)

	// An edit is served without a restart.
	os.WriteFile(describe, []byte(strings.Replace(string(original), "${greeting}", "EDITED ${greeting}", 1)), 0o644)
	eventually(t, "the edited response", func() bool { return strings.HasPrefix(dev.get("/").body, "EDITED Hello from goflare:") })
	if !dev.waitForOutput("[goflare:info] Reloaded in ") {
		t.Errorf("no reload log line:\n%s", dev.Stdout())
	}
	if r := dev.get("/get?key=kept"); r.body != "across-reloads" {
		t.Fatalf("KV state after a reload: %q", r.body)
	}

	// A syntax error keeps the last good version serving and prints esbuild's diagnostic.
	os.WriteFile(describe, []byte("export function describe(: string {\n"), 0o644)
	eventually(t, "the build error on stderr", func() bool { return strings.Contains(dev.Stderr(), "src/describe.ts:1:") })
	if r := dev.get("/"); !strings.HasPrefix(r.body, "EDITED Hello") {
		t.Fatalf("a broken save must keep the last good version: %q", r.body)
	}
	if !strings.Contains(dev.Stderr(), "still serving the last good version") {
		t.Errorf("stderr:\n%s", dev.Stderr())
	}

	// Fixing it recovers; an editor that saves by writing a new file and renaming it too.
	tmp := describe + ".tmp"
	os.WriteFile(tmp, []byte(strings.Replace(string(original), "${greeting}", "RENAMED ${greeting}", 1)), 0o644)
	os.Rename(tmp, describe)
	eventually(t, "recovery", func() bool { return strings.HasPrefix(dev.get("/").body, "RENAMED Hello") })

	// A config change re-resolves the bindings.
	cfg := filepath.Join(dir, "wrangler.toml")
	text, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(text), `GREETING = "Hello from goflare:"`, `GREETING = "Config changed:"`, 1)), 0o644)
	eventually(t, "the new var", func() bool { return strings.HasPrefix(dev.get("/").body, "RENAMED Config changed:") })
}

func TestBurstOfSavesReloadsOnce(t *testing.T) {
	t.Parallel()
	dev, describe, original := startToEdit(t, "hello-kv", "src/describe.ts")
	for i := 0; i < 10; i++ {
		os.WriteFile(describe, []byte(strings.Replace(string(original), "${greeting}", "v"+string(rune('0'+i))+" ${greeting}", 1)), 0o644)
	}
	eventually(t, "the final content", func() bool { return strings.HasPrefix(dev.get("/").body, "v9 Hello") })
	time.Sleep(200 * time.Millisecond)
	if n := strings.Count(dev.Stdout(), "Reloaded in "); n != 1 {
		t.Errorf("a burst of saves reloaded %d times, want 1:\n%s", n, dev.Stdout())
	}
}
