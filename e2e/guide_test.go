package e2e

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goflare/goflare/e2e/goflaretest"
)

// These tests drive the fixtures that follow the patterns of Cloudflare's KV guide.

func TestGuideCacheAPI(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q,"n":%d}`, r.URL.RequestURI(), hits.Load())
	}))
	t.Cleanup(up.Close)
	dir := copyFixture(t, "kv-cache-api")
	cfg := filepath.Join(dir, "wrangler.toml")
	text, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(text), `"http://127.0.0.1:9"`, `"`+up.URL+`"`, 1)), 0o644)
	dev := startDev(t, dir)

	r := dev.get("/api/users?page=2")
	if r.status != 200 || r.header.Get("X-Cache") != "MISS" || r.body != `{"path":"/users?page=2","n":1}` {
		t.Fatalf("first: %d %s %q", r.status, r.header.Get("X-Cache"), r.body)
	}
	// The put happens in ctx.waitUntil after the response, so a request that comes
	// before it lands is a MISS too (and stores its own copy): poll until a HIT.
	misses := 1
	deadline := time.Now().Add(5 * time.Second)
	for {
		r = dev.get("/api/users?page=2")
		if r.header.Get("X-Cache") == "HIT" || time.Now().After(deadline) {
			break
		}
		misses++
		time.Sleep(20 * time.Millisecond)
	}
	if r.header.Get("X-Cache") != "HIT" || !strings.HasPrefix(r.body, `{"path":"/users?page=2","n":`) || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("cached: %s %q %q", r.header.Get("X-Cache"), r.body, r.header.Get("Content-Type"))
	}
	if n := int(hits.Load()); n != misses {
		t.Errorf("upstream called %d times for %d misses: a HIT must not reach it", n, misses)
	}
	// Further requests are served from KV.
	for i := 0; i < 3; i++ {
		if again := dev.get("/api/users?page=2"); again.header.Get("X-Cache") != "HIT" || !strings.HasPrefix(again.body, `{"path":"/users?page=2","n":`) {
			t.Fatalf("again: %s %q", again.header.Get("X-Cache"), again.body)
		}
	}
	if n := int(hits.Load()); n != misses {
		t.Errorf("upstream called %d times", n)
	}
}

func TestGuideSessions(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-sessions"))
	if r := dev.get("/me"); r.status != 401 {
		t.Fatalf("anonymous /me: %d", r.status)
	}
	r := dev.do("POST", "/login?user=ann", nil)
	cookie := r.header.Get("Set-Cookie")
	if r.status != 200 || !strings.HasPrefix(cookie, "session=") {
		t.Fatalf("login: %d %q", r.status, cookie)
	}
	session := strings.SplitN(cookie, ";", 2)[0]
	if r := dev.get("/me", "Cookie", session); r.status != 200 || r.body != `{"user":"ann"}` {
		t.Fatalf("/me: %d %q", r.status, r.body)
	}
	m := dev.get("/sessions")
	if !strings.Contains(m.body, `"user":"ann","expiration":`) {
		t.Fatalf("sessions (metadata and a TTL): %s", m.body)
	}
	if r := dev.do("POST", "/logout", nil, "Cookie", session); r.status != 204 {
		t.Fatalf("logout: %d", r.status)
	}
	if r := dev.get("/me", "Cookie", session); r.status != 401 {
		t.Fatalf("after logout: %d", r.status)
	}
}

func TestGuideFeatureFlags(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-feature-flags"))
	if r := dev.get("/checkout"); r.body != "old checkout" {
		t.Fatalf("default: %q", r.body)
	}
	if r := dev.do("PUT", "/flags/new-checkout", strings.NewReader(`{"enabled":true}`)); r.body != `{"name":"new-checkout","enabled":true}` {
		t.Fatalf("set: %q", r.body)
	}
	if r := dev.get("/checkout"); r.body != "new checkout" {
		t.Fatalf("after enabling: %q", r.body)
	}
	if r := dev.get("/flags/never-set"); r.body != `{"name":"never-set","enabled":false}` {
		t.Fatalf("unset flag: %q", r.body)
	}
}

func TestGuideRateLimit(t *testing.T) {
	t.Parallel()
	w := goflaretest.Start(t, goflaretest.Options{Binary: binary, Dir: copyFixture(t, "kv-rate-limit")})
	// Start one second into a 60 s window (by the worker's clock), so that the
	// requests below never straddle two windows.
	now := w.Now().UnixMilli()
	w.AdvanceClock(time.Duration(60_000-now%60_000+1000) * time.Millisecond)
	for i := 1; i <= 5; i++ {
		r := w.Get("/", "X-Client", "c1")
		if r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != fmt.Sprint(5-i) {
			t.Fatalf("request %d: %d remaining=%q", i, r.Status, r.Header.Get("X-RateLimit-Remaining"))
		}
	}
	r := w.Get("/", "X-Client", "c1")
	if r.Status != 429 || r.Header.Get("Retry-After") != "59" {
		t.Fatalf("6th request: %d retry-after=%q", r.Status, r.Header.Get("Retry-After"))
	}
	if r := w.Get("/", "X-Client", "c2"); r.Status != 200 {
		t.Fatalf("another client: %d", r.Status)
	}
	w.AdvanceClock(time.Minute)
	if r := w.Get("/", "X-Client", "c1"); r.Status != 200 || r.Header.Get("X-RateLimit-Remaining") != "4" {
		t.Fatalf("next window: %d remaining=%q", r.Status, r.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestGuideABTest(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-ab-test"))
	for _, user := range []string{"alice", "bob", "carol", "dave"} {
		sum := sha256.Sum256([]byte(user))
		want := "A"
		if sum[0]%2 == 1 {
			want = "B"
		}
		first := dev.get("/?user=" + user)
		if first.body != fmt.Sprintf(`{"user":%q,"variant":%q,"sticky":false}`, user, want) {
			t.Fatalf("%s first visit: %q, want variant %s (SHA-256 first byte %d)", user, first.body, want, sum[0])
		}
		again := dev.get("/?user=" + user)
		if again.body != fmt.Sprintf(`{"user":%q,"variant":%q,"sticky":true}`, user, want) {
			t.Fatalf("%s second visit: %q", user, again.body)
		}
	}
	dev.do("PUT", "/?user=alice&variant=B", nil)
	if r := dev.get("/?user=alice"); !strings.Contains(r.body, `"variant":"B","sticky":true`) {
		t.Fatalf("pinned: %q", r.body)
	}
}

func TestGuidePutWithRetry(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-put-retry"))
	if r := dev.do("POST", "/put?key=k&value=v1&failFirst=3", nil); r.body != `{"tries":4,"waitedMs":70}` {
		t.Fatalf("retries: %q", r.body)
	}
	if r := dev.get("/get?key=k"); r.body != "v1" {
		t.Fatalf("stored: %q", r.body)
	}
	r := dev.do("POST", "/put?key=k&value=v2&failFirst=9", nil)
	if r.status != 503 || r.body != `{"error":"KV PUT failed: 429 Too Many Requests"}` {
		t.Fatalf("giving up: %d %q", r.status, r.body)
	}
	if r := dev.get("/get?key=k"); r.body != "v1" {
		t.Fatalf("after giving up: %q", r.body)
	}
}
