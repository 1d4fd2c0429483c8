package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// KV as production behaves (issue 20), opted into with goflare dev's flags or the
// config's [goflare] table, driven by the goflare clock: fixtures/kv-production and the
// guide's kv-feature-flags, with the real binary.

func advance(t *testing.T, dev *devProcess, ms int) {
	t.Helper()
	if r := dev.do("POST", "/__goflare/clock/advance", strings.NewReader(`{"ms":`+strconv.Itoa(ms)+`}`)); r.status != 200 {
		t.Fatalf("advance: %d %s", r.status, r.body)
	}
}

// TestKVWriteLimit: a second write to a key within a second fails with production's
// 429, the guide's putWithRetry gets through after backing off, and of five concurrent
// puts to one key four fail; without the flag all five succeed.
func TestKVWriteLimit(t *testing.T) {
	dev := startDev(t, copyFixture(t, "kv-production"), "--kv-write-limit", "--test-controls")
	if !dev.waitForOutput("[goflare:info] KV as production behaves: write limit (1 write per key per second)") {
		t.Errorf("no start-up line:\n%s", dev.Stdout())
	}
	if r := dev.do("POST", "/hot?key=a", nil); r.status != 200 || r.body != `{"tries":3,"value":"second"}` {
		t.Errorf("/hot: %d %s", r.status, r.body)
	}
	want := `{"results":["ok","KV PUT failed: 429 Too Many Requests","KV PUT failed: 429 Too Many Requests","KV PUT failed: 429 Too Many Requests","KV PUT failed: 429 Too Many Requests"],"value":"v1"}`
	if r := dev.do("POST", "/race?key=b", nil); r.body != want {
		t.Errorf("/race: %s", r.body)
	}
	// A second later the key takes a write again.
	advance(t, dev, 1000)
	if r := dev.do("PUT", "/kv/b", strings.NewReader("later")); r.status != 200 {
		t.Errorf("a write a second later: %d %s", r.status, r.body)
	}
	plain := startDev(t, copyFixture(t, "kv-production"))
	if r := plain.do("POST", "/race?key=b", nil); r.body != `{"results":["ok","ok","ok","ok","ok"],"value":"v5"}` {
		t.Errorf("/race without the flag: %s", r.body)
	}
}

// TestKVEventualConsistency: a write is seen at once by the invocation that made it and
// by others only once the clock has moved 60 s; list and delete follow the same rule.
func TestKVEventualConsistency(t *testing.T) {
	dev := startDev(t, copyFixture(t, "kv-production"), "--kv-consistency", "eventual", "--test-controls")
	if r := dev.do("PUT", "/kv/x", strings.NewReader("hello")); r.body != `{"readBack":"hello"}` {
		t.Errorf("read in the writing invocation: %s", r.body)
	}
	if r := dev.get("/kv/x"); r.status != 404 {
		t.Errorf("read elsewhere at once: %d %q", r.status, r.body)
	}
	if r := dev.get("/list"); r.body != `[]` {
		t.Errorf("list at once: %s", r.body)
	}
	advance(t, dev, 59_000)
	if r := dev.get("/kv/x"); r.status != 404 {
		t.Errorf("read after 59 s: %d", r.status)
	}
	advance(t, dev, 2_000)
	if r := dev.get("/kv/x"); r.status != 200 || r.body != "hello" {
		t.Errorf("read after 61 s: %d %q", r.status, r.body)
	}
	if r := dev.get("/list"); r.body != `["x"]` {
		t.Errorf("list after 61 s: %s", r.body)
	}
	dev.do("DELETE", "/kv/x", nil)
	if r := dev.get("/kv/x"); r.status != 200 || r.body != "hello" {
		t.Errorf("read right after a delete: %d %q", r.status, r.body)
	}
	if r := dev.get("/list"); r.body != `["x"]` {
		t.Errorf("list right after a delete: %s", r.body)
	}
	advance(t, dev, 61_000)
	if r := dev.get("/kv/x"); r.status != 404 {
		t.Errorf("read 61 s after the delete: %d", r.status)
	}
}

// TestKVCacheTTL: the guide's feature flags, read with cacheTtl: 60, stay on the value an
// isolate cached until it expires; without the flag a change is seen at once.
func TestKVCacheTTL(t *testing.T) {
	for _, c := range []struct {
		args        []string
		afterChange string
	}{
		{[]string{"--kv-cache-ttl", "--test-controls"}, "old checkout"},
		{[]string{"--test-controls"}, "new checkout"},
	} {
		dev := startDev(t, copyFixture(t, "kv-feature-flags"), c.args...)
		if r := dev.get("/checkout"); r.body != "old checkout" {
			t.Errorf("%v: before: %q", c.args, r.body)
		}
		dev.do("PUT", "/flags/new-checkout", strings.NewReader(`{"enabled":true}`))
		if r := dev.get("/checkout"); r.body != c.afterChange {
			t.Errorf("%v: after the change: %q", c.args, r.body)
		}
		advance(t, dev, 61_000)
		if r := dev.get("/checkout"); r.body != "new checkout" {
			t.Errorf("%v: once the cache expired: %q", c.args, r.body)
		}
		dev.stop()
	}
}

// TestKVQuota: with the free plan's quota the 1,001st write of the UTC day fails with
// production's error; usage is shown by the test controls; the next day starts over.
// The [goflare] table turns it on as the flag does.
func TestKVQuota(t *testing.T) {
	dir := copyFixture(t, "kv-production")
	config := filepath.Join(dir, "wrangler.toml")
	text := string(mustRead(t, config))
	os.WriteFile(config, []byte(text+"\n[goflare]\nkv_quota = \"free\"\n"), 0o644)
	dev := startDev(t, dir, "--test-controls")
	if r := dev.do("POST", "/fill?n=1000", nil); r.body != `{"wrote":1000}` {
		t.Fatalf("1,000 writes: %s", r.body)
	}
	if r := dev.do("POST", "/fill?n=1", nil); r.status != 503 || r.body != `{"error":"KV put() limit exceeded for the day."}` {
		t.Errorf("the 1,001st write: %d %s", r.status, r.body)
	}
	r := dev.get("/__goflare/kv-usage")
	var usage struct {
		Quota struct{ Writes int } `json:"quota"`
		Usage struct{ Writes int } `json:"usage"`
	}
	if err := json.Unmarshal([]byte(r.body), &usage); err != nil || usage.Quota.Writes != 1000 || usage.Usage.Writes != 1000 {
		t.Errorf("kv-usage: %s", r.body)
	}
	// The REST API draws on the same quota, and answers as Cloudflare's does once spent.
	api := "/cdn-cgi/client/v4/accounts/local/storage/kv/namespaces/production/values/k"
	if r := dev.do("PUT", api, strings.NewReader("v")); r.status != 429 || !strings.Contains(r.body, `"code":10048`) || !strings.Contains(r.body, "your account has reached the free usage limit for this operation for today") {
		t.Errorf("REST API write past the quota: %d %s", r.status, r.body)
	}
	bulk := "/cdn-cgi/client/v4/accounts/local/storage/kv/namespaces/production/bulk"
	if r := dev.do("PUT", bulk, strings.NewReader(`[{"key":"b1","value":"v"}]`), "Content-Type", "application/json"); r.status != 429 || !strings.Contains(r.body, `"code":10048`) {
		t.Errorf("REST API bulk write past the quota: %d %s", r.status, r.body)
	}
	advance(t, dev, 24*3600*1000)
	if r := dev.do("POST", "/fill?n=1", nil); r.body != `{"wrote":1}` {
		t.Errorf("the next day: %s", r.body)
	}
	if r := dev.do("PUT", api, strings.NewReader("v")); r.status != 200 {
		t.Errorf("REST API write the next day: %d %s", r.status, r.body)
	}
}

// TestKVWorkerdFidelity: always on, as workerd does it: an invocation's writes apply in
// the order issued, list leaves out metadata put as null, and a cursor not of goflare's
// resumes after the key it decodes to.
func TestKVWorkerdFidelity(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"wrangler.toml": "name = \"f\"\nmain = \"w.js\"\ncompatibility_date = \"2026-04-01\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"f\"\n",
		"w.js": `export default { async fetch(req, env) {
  const out = {};
  await env.KV.delete("order");
  await env.KV.put("a", "v", { metadata: null });
  await env.KV.put("b", "v", { metadata: { x: 1 } });
  await env.KV.put("c", "v");
  out.list = (await env.KV.list()).keys;
  for (const c of ["garbage", "YQ=="]) out[c] = (await env.KV.list({ cursor: c })).keys.map((k) => k.name);
  const ps = [];
  for (let i = 0; i < 100; i++) ps.push(env.KV.put("order", String(i)));
  await Promise.all(ps);
  out.order = await env.KV.get("order");
  return Response.json(out);
} };`,
	})
	dev := startDev(t, dir)
	// What wrangler dev 4.86 answered for the same worker.
	want := `{"list":[{"name":"a"},{"name":"b","metadata":{"x":1}},{"name":"c"}],"garbage":[],"YQ==":["b","c"],"order":"99"}`
	for i := 0; i < 3; i++ {
		if r := dev.get("/"); r.body != want {
			t.Errorf("run %d: %s", i, r.body)
		}
	}
}
