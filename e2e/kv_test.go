package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"math/rand"
	"strings"
	"sync"
	"testing"
)

// jsonBody decodes a response body, failing the test if it is not JSON.
func jsonBody(t *testing.T, r response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("status %d, body %q: %v", r.status, r.body, err)
	}
	return m
}

func TestKVStreamsA25MiBValue(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-limits"))
	value := make([]byte, 25<<20)
	rand.New(rand.NewSource(7)).Read(value)
	// The body goes up as a stream (no Content-Length), into put(key, request.body).
	r := dev.do("PUT", "/blob/big", io.MultiReader(bytes.NewReader(value)))
	if r.status != 200 || r.body != "stored" {
		t.Fatalf("put: %d %q", r.status, r.body)
	}
	r = dev.get("/blob/big")
	if r.status != 200 || len(r.body) != len(value) || sha256.Sum256([]byte(r.body)) != sha256.Sum256(value) {
		t.Fatalf("get: status %d, %d bytes; want the same %d bytes back", r.status, len(r.body), len(value))
	}
	r = dev.do("PUT", "/blob/too-big", io.MultiReader(bytes.NewReader(value), strings.NewReader("!")))
	if r.status != 500 || !strings.HasPrefix(r.body, "Error: KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.") {
		t.Fatalf("25 MiB + 1: %d %q", r.status, r.body)
	}
	if r := dev.get("/blob/too-big"); r.status != 404 {
		t.Fatalf("a refused value was stored: %d", r.status)
	}
}

const tooMany = "Error: Too many API requests by single worker invocation. Workers can make up to 1000 KV and Durable Object requests per invocation."

func TestKVOperationLimit(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-limits"))
	cases := []struct {
		path string
		ok   float64
		err  any
	}{
		{"/ops?n=1000", 1000, nil},
		{"/ops?n=1001", 1000, tooMany},
		{"/ops?n=999&bulk=1", 1000, nil}, // a bulk get of 100 keys counts one
		{"/ops?n=999&bulk=2", 1000, tooMany},
	}
	for _, c := range cases {
		m := jsonBody(t, dev.get(c.path))
		if m["ok"] != c.ok || m["error"] != c.err {
			t.Errorf("%s = %v, want ok=%v error=%v", c.path, m, c.ok, c.err)
		}
	}
	// Two requests at once each have their own 1,000.
	var wg sync.WaitGroup
	results := make([]map[string]any, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = jsonBody(t, dev.get("/ops?n=600"))
		}()
	}
	wg.Wait()
	for i, m := range results {
		if m["ok"] != float64(600) || m["error"] != nil {
			t.Errorf("concurrent request %d: %v", i, m)
		}
	}
}

func TestKVOperationLimitFlag(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "kv-limits")
	dev := startDev(t, dir, "--kv-op-limit", "10")
	if m := jsonBody(t, dev.get("/ops?n=11")); m["ok"] != float64(10) || m["error"] == nil {
		t.Errorf("--kv-op-limit 10: %v", m)
	}
	dev.stop()
	off := startDev(t, dir, "--kv-op-limit", "0")
	if m := jsonBody(t, off.get("/ops?n=1500")); m["ok"] != float64(1500) || m["error"] != nil {
		t.Errorf("--kv-op-limit 0: %v", m)
	}
}

func TestKVUserProfileFixture(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-user-profile"))
	if r := dev.get("/users/alice"); r.status != 404 {
		t.Fatalf("unknown user: %d %q", r.status, r.body)
	}
	r := dev.do("PUT", "/users/alice", strings.NewReader(`{"name":"Alice","theme":"dark"}`))
	m := jsonBody(t, r)
	if m["name"] != "Alice" || m["theme"] != "dark" || m["language"] != "en" || m["id"] != "alice" {
		t.Fatalf("after put: %v", m)
	}
	dev.do("PUT", "/users/alice", strings.NewReader(`{"language":"fr"}`))
	m = jsonBody(t, dev.get("/users/alice"))
	if m["name"] != "Alice" || m["theme"] != "dark" || m["language"] != "fr" {
		t.Fatalf("a partial put must merge: %v", m)
	}
	if r := dev.do("PUT", "/users/alice", strings.NewReader(`not json`)); r.status != 400 {
		t.Fatalf("bad JSON: %d %q", r.status, r.body)
	}
	if r := dev.do("DELETE", "/users/alice", nil); r.status != 204 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := dev.get("/users/alice"); r.status != 404 {
		t.Fatalf("after delete: %d", r.status)
	}
}

func TestKVMigrateFixture(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-migrate"))
	jsonBody(t, dev.do("POST", "/seed?n=250", nil))
	cursor, pages := "", 0
	for {
		m := jsonBody(t, dev.do("POST", "/migrate?cursor="+cursor, nil))
		pages++
		if m["complete"] == true {
			break
		}
		cursor = m["cursor"].(string)
		if pages > 10 {
			t.Fatal("migration does not finish")
		}
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3 (100 + 100 + 50)", pages)
	}
	for _, ns := range []string{"old", "new"} {
		if m := jsonBody(t, dev.get("/count?ns="+ns)); m["count"] != float64(250) {
			t.Errorf("%s namespace holds %v keys, want 250", ns, m["count"])
		}
	}
	m := jsonBody(t, dev.get("/get?ns=new&key=item:00042"))
	meta, _ := m["metadata"].(map[string]any)
	if m["value"] != "value 42" || meta["index"] != float64(42) || meta["migrated"] != true || meta["seeded"] != true {
		t.Errorf("migrated entry = %v", m)
	}
}

func TestKVBulkFixture(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-bulk"))
	jsonBody(t, dev.do("POST", "/seed", nil))
	r := dev.get("/settings?keys=feature:search,feature:chat,missing,feature:search")
	want := `{"feature:search":{"enabled":true,"rollout":50},"feature:chat":{"enabled":false},"missing":null}`
	if r.body != want {
		t.Errorf("bulk get = %s\nwant %s", r.body, want)
	}
	r = dev.get("/settings-meta?keys=limits:upload,missing")
	want = `{"limits:upload":{"value":{"maxBytes":10485760},"metadata":{"owner":"platform"}},"missing":null}`
	if r.body != want {
		t.Errorf("bulk getWithMetadata = %s\nwant %s", r.body, want)
	}
}

func TestCPULimit(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "kv-limits")) // limits.cpu_ms = 300
	r := dev.get("/spin")
	if r.status != 503 || r.body != "Worker exceeded CPU time limit." {
		t.Fatalf("/spin: %d %q", r.status, r.body)
	}
	for i := 0; i < 3; i++ {
		if r := dev.get("/small"); r.status != 200 {
			t.Fatalf("after the runaway request: %d %q", r.status, r.body)
		}
	}
}
