package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// apiBody decodes a Cloudflare envelope.
type apiBody struct {
	Success    bool            `json:"success"`
	Errors     []apiIssue      `json:"errors"`
	Result     json.RawMessage `json:"result"`
	ResultInfo struct {
		Count      int    `json:"count"`
		Cursor     string `json:"cursor"`
		TotalCount int    `json:"total_count"`
	} `json:"result_info"`
}

type apiIssue struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func decodeAPI(t *testing.T, r response) apiBody {
	t.Helper()
	var b apiBody
	if err := json.Unmarshal([]byte(r.body), &b); err != nil {
		t.Fatalf("not an envelope (%d): %s", r.status, r.body)
	}
	if r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("Content-Type %q", r.header.Get("Content-Type"))
	}
	return b
}

// TestKVRESTAPIAsTheGuideCallsIt drives the KV REST API goflare dev serves at
// /cdn-cgi/client/v4 with the requests of the KV guide's curl commands (multipart and
// raw value writes, reads, key listing with its cursor, bulk writes, reads and deletes,
// metadata, namespaces), checks that the worker, the API and `goflare kv` share one state
// live, and that the errors are Cloudflare's codes with 4xx statuses. The official SDK
// (both majors) is driven in e2e/vitest/test/kv-api.test.ts.
func TestKVRESTAPIAsTheGuideCallsIt(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	p := startDev(t, dir)
	if !p.waitForOutput("[goflare:info] KV REST API (Cloudflare v4): " + p.URL + "/cdn-cgi/client/v4") {
		t.Fatal("the start-up output does not name the API's URL")
	}
	const ns = "/cdn-cgi/client/v4/accounts/any-account/storage/kv/namespaces"
	const binding = ns + "/hello-kv-namespace"
	auth := []string{"Authorization", "Bearer any-token"}

	// curl -X PUT …/values/$KEY -H 'Content-Type: multipart/form-data' -F value='Some Value' -F metadata=…
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("value", "Some Value")
	mw.WriteField("metadata", `{"owner":"ann"}`)
	mw.Close()
	r := p.do("PUT", binding+"/values/from-api?expiration_ttl=300", &form, append(auth, "Content-Type", mw.FormDataContentType())...)
	if b := decodeAPI(t, r); r.status != 200 || !b.Success || string(b.Result) != "{}" {
		t.Fatalf("PUT multipart: %d %s", r.status, r.body)
	}
	if w := p.get("/get?key=from-api"); w.body != "Some Value" {
		t.Fatalf("the worker read %q", w.body)
	}
	r = p.get(binding+"/values/from-api", auth...)
	if r.status != 200 || r.body != "Some Value" || r.header.Get("Expiration") == "" || r.header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("GET value: %d %v %q", r.status, r.header, r.body)
	}
	if r = p.get(binding + "/metadata/from-api"); string(decodeAPI(t, r).Result) != `{"owner":"ann"}` {
		t.Fatalf("metadata: %s", r.body)
	}
	// A raw body (curl --data-binary sends it as x-www-form-urlencoded) and a key that needs
	// percent-encoding.
	r = p.do("PUT", binding+"/values/a%2Fb%20c%3F:!%25", strings.NewReader("raw=bytes&x"), "Content-Type", "application/x-www-form-urlencoded")
	if r.status != 200 {
		t.Fatalf("PUT raw: %d %s", r.status, r.body)
	}
	if w := p.get("/get?key=" + "a%2Fb%20c%3F%3A%21%25"); w.body != "raw=bytes&x" {
		t.Fatalf("the worker read %q for the odd key", w.body)
	}
	// The worker's write, read through the API and the CLI.
	p.get("/set?key=from-worker&value=by+the+worker")
	if r = p.get(binding + "/values/from-worker"); r.body != "by the worker" {
		t.Fatalf("API read of the worker's key: %d %s", r.status, r.body)
	}
	if out := mustGoflare(t, dir, "kv", "key", "get", "from-api", "--binding", "MY_KV"); out != "Some Value" {
		t.Fatalf("CLI read %q", out)
	}

	// Bulk write of 25 keys, then the keys listed 10 at a time: 3 pages, the last cursor "".
	var entries []map[string]any
	for i := range 25 {
		entries = append(entries, map[string]any{"key": fmt.Sprintf("bulk-%02d", i), "value": fmt.Sprint(i)})
	}
	entries[0]["metadata"] = map[string]any{"first": true}
	entries[1]["value"], entries[1]["base64"] = "AP8B", true
	body, _ := json.Marshal(entries)
	r = p.do("PUT", binding+"/bulk", bytes.NewReader(body), "Content-Type", "application/json")
	if string(decodeAPI(t, r).Result) != `{"successful_key_count":25,"unsuccessful_keys":[]}` {
		t.Fatalf("bulk put: %s", r.body)
	}
	var names []string
	cursor, pages := "", 0
	for {
		r = p.get(binding + "/keys?prefix=bulk-&limit=10&cursor=" + cursor)
		b := decodeAPI(t, r)
		var keys []struct {
			Name     string          `json:"name"`
			Metadata json.RawMessage `json:"metadata"`
		}
		json.Unmarshal(b.Result, &keys)
		for _, k := range keys {
			names = append(names, k.Name)
		}
		if pages == 0 && string(keys[0].Metadata) != `{"first":true}` {
			t.Fatalf("metadata in the listing: %s", r.body)
		}
		pages++
		if cursor = b.ResultInfo.Cursor; cursor == "" || pages > 5 {
			break
		}
	}
	if pages != 3 || len(names) != 25 || names[24] != "bulk-24" {
		t.Fatalf("%d pages, %d keys: %v", pages, len(names), names)
	}
	if r = p.get(binding + "/values/bulk-01"); r.body != "\x00\xff\x01" {
		t.Fatalf("base64 bulk value: %q", r.body)
	}
	r = p.do("POST", binding+"/bulk/get", strings.NewReader(`{"keys":["bulk-00","nope"],"type":"text","withMetadata":true}`))
	if string(decodeAPI(t, r).Result) != `{"values":{"bulk-00":{"metadata":{"first":true},"value":"0"},"nope":null}}` {
		t.Fatalf("bulk get: %s", r.body)
	}
	r = p.do("POST", binding+"/bulk/delete", strings.NewReader(`["bulk-00","bulk-01"]`))
	r2 := p.do("DELETE", binding+"/bulk", strings.NewReader(`["bulk-02"]`))
	if r.status != 200 || r2.status != 200 {
		t.Fatalf("bulk deletes: %s %s", r.body, r2.body)
	}
	if w := p.get("/list?prefix=bulk-0"); w.body != `["bulk-03","bulk-04","bulk-05","bulk-06","bulk-07","bulk-08","bulk-09"]` {
		t.Fatalf("the worker listed %s after the bulk deletes", w.body)
	}

	// Namespaces: the binding's is listed; create, rename, page past the end, delete.
	r = p.do("POST", ns, strings.NewReader(`{"title":"made-by-api"}`), "Content-Type", "application/json")
	var made struct{ ID, Title string }
	json.Unmarshal(decodeAPI(t, r).Result, &made)
	if made.Title != "made-by-api" || len(made.ID) != 32 {
		t.Fatalf("create: %s", r.body)
	}
	if r = p.do("POST", ns, strings.NewReader(`{"title":"made-by-api"}`)); r.status != 400 || decodeAPI(t, r).Errors[0].Code != 10014 {
		t.Fatalf("duplicate title: %d %s", r.status, r.body)
	}
	r = p.do("PUT", ns+"/"+made.ID, strings.NewReader(`{"title":"renamed"}`))
	if !strings.Contains(r.body, `"title":"renamed"`) {
		t.Fatalf("rename: %s", r.body)
	}
	if r = p.get(ns + "?per_page=100"); !strings.Contains(r.body, `"id":"hello-kv-namespace"`) || decodeAPI(t, r).ResultInfo.TotalCount != 2 {
		t.Fatalf("list: %s", r.body)
	}
	if r = p.get(ns + "?per_page=1&page=3"); string(decodeAPI(t, r).Result) != "[]" {
		t.Fatalf("a page past the end: %s", r.body)
	}
	if r = p.do("DELETE", ns+"/"+made.ID, nil); string(decodeAPI(t, r).Result) != "{}" {
		t.Fatalf("delete: %s", r.body)
	}

	// Errors: Cloudflare's codes, 4xx (the SDK retries 409, 429 and 5xx).
	for _, c := range []struct {
		method, path, body string
		status, code       int
	}{
		{"GET", binding + "/values/missing", "", 404, 10009},
		{"GET", binding + "/metadata/missing", "", 404, 10009},
		{"GET", ns + "/no-such-namespace/keys", "", 404, 10013},
		{"PUT", ns + "/no-such-namespace/values/k", "v", 404, 10013},
		{"GET", binding + "/keys?limit=2", "", 400, 10001},
		{"PUT", binding + "/values/k?expiration_ttl=10", "v", 400, 10001},
		{"POST", binding + "/bulk/get", `{"keys":[]}`, 400, 10001},
		{"GET", "/cdn-cgi/client/v4/user/tokens/verify", "", 404, 7003},
	} {
		r := p.do(c.method, c.path, strings.NewReader(c.body))
		b := decodeAPI(t, r)
		if r.status != c.status || len(b.Errors) != 1 || b.Errors[0].Code != c.code || b.Success {
			t.Errorf("%s %s: %d %s, want %d code %d", c.method, c.path, r.status, r.body, c.status, c.code)
		}
	}
	// A page of another site may not drive the API.
	if r = p.get(binding+"/values/from-api", "Origin", "http://evil.test"); r.status != 403 {
		t.Fatalf("cross-site: %d %s", r.status, r.body)
	}

	// The guide's curl command itself, when curl is here.
	if _, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command("curl", "-s", p.URL+binding+"/values/curl-key", "-X", "PUT",
			"-H", "Content-Type: multipart/form-data", "-H", "Authorization: Bearer token", "-F", "value=Some Value").CombinedOutput()
		if err != nil || !strings.Contains(string(out), `"success":true`) {
			t.Fatalf("curl: %v %s", err, out)
		}
		if w := p.get("/get?key=curl-key"); w.body != "Some Value" {
			t.Fatalf("the worker read %q after curl", w.body)
		}
	}
}

// TestKVRESTAPITokenOffLoopback: listening beyond loopback, the API wants the bearer
// token GOFLARE_API_TOKEN names (the worker's own routes do not).
func TestKVRESTAPITokenOffLoopback(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	t.Setenv("GOFLARE_API_TOKEN", "s3cret")
	p := startDev(t, dir, "--ip", "0.0.0.0")
	path := "/cdn-cgi/client/v4/accounts/a/storage/kv/namespaces/hello-kv-namespace/keys"
	if r := p.get(path); r.status != 401 || decodeAPI(t, r).Errors[0].Code != 10000 {
		t.Fatalf("no token: %d %s", r.status, r.body)
	}
	if r := p.get(path, "Authorization", "Bearer wrong"); r.status != 401 {
		t.Fatalf("wrong token: %d %s", r.status, r.body)
	}
	if r := p.get(path, "Authorization", "Bearer s3cret"); r.status != 200 {
		t.Fatalf("the token: %d %s", r.status, r.body)
	}
	if r := p.get("/set?key=x&value=1"); r.status != 200 {
		t.Fatalf("the worker: %d %s", r.status, r.body)
	}
}

// TestRemoteKVBinding: goflare A serves the KV REST API; goflare B runs a worker whose
// binding is `remote = true` and whose CLOUDFLARE_API_BASE_URL points at A, as a worker
// would use a real Cloudflare namespace while it runs locally. What B's worker writes is
// in A's namespace (read by A's worker and A's API), what A holds B's worker reads, with
// metadata, expiry, listing (pages smaller than the API's minimum of 10 included), bulk
// get and delete; B's start-up table says `remote`.
func TestRemoteKVBinding(t *testing.T) {
	a := startDev(t, copyFixture(t, "hello-kv"))
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(`name = "remote-user"
main = "index.js"
compatibility_date = "2026-04-01"

[[kv_namespaces]]
binding = "PROD"
id = "hello-kv-namespace"
remote = true
`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { async fetch(request, env) {
  const u = new URL(request.url), k = u.searchParams.get("key");
  switch (u.pathname) {
    case "/put": await env.PROD.put(k, u.searchParams.get("value"), { metadata: { by: "B" }, expirationTtl: 600 }); return new Response("ok");
    case "/get": { const r = await env.PROD.getWithMetadata(k); return Response.json(r); }
    case "/json": return Response.json(await env.PROD.get(k, "json"));
    case "/many": return Response.json([...(await env.PROD.get(["from-a", "missing"]))]);
    case "/delete": await env.PROD.delete(k); return new Response("ok");
    case "/list": {
      const names = []; let cursor, pages = 0;
      do { const p = await env.PROD.list({ prefix: "n-", limit: 3, cursor }); names.push(...p.keys.map((x) => x.name)); cursor = p.list_complete ? undefined : p.cursor; pages++; } while (cursor && pages < 20);
      return Response.json({ names, pages });
    }
  }
  return new Response("?");
} };`), 0o644)
	t.Setenv("CLOUDFLARE_API_BASE_URL", a.URL+"/cdn-cgi/client/v4")
	t.Setenv("CLOUDFLARE_ACCOUNT_ID", "my-account")
	t.Setenv("CLOUDFLARE_API_TOKEN", "my-token")
	b := startDev(t, dir)
	if !b.waitForOutput("env.PROD (hello-kv-namespace)") || !strings.Contains(b.Stdout(), "remote") {
		t.Fatalf("B's bindings table:\n%s", b.Stdout())
	}

	if r := b.get("/put?key=from-b&value=hello"); r.status != 200 {
		t.Fatalf("B put: %d %s", r.status, r.body)
	}
	if r := a.get("/get?key=from-b"); r.body != "hello" {
		t.Fatalf("A's worker read %q", r.body)
	}
	if r := a.get("/cdn-cgi/client/v4/accounts/x/storage/kv/namespaces/hello-kv-namespace/metadata/from-b"); !strings.Contains(r.body, `"result":{"by":"B"}`) {
		t.Fatalf("A's metadata: %s", r.body)
	}
	a.get("/set?key=from-a&value=%7B%22n%22%3A1%7D")
	if r := b.get("/json?key=from-a"); r.body != `{"n":1}` {
		t.Fatalf("B read %q", r.body)
	}
	if r := b.get("/get?key=from-b"); !strings.Contains(r.body, `"value":"hello"`) || !strings.Contains(r.body, `"metadata":{"by":"B"}`) {
		t.Fatalf("B getWithMetadata: %s", r.body)
	}
	if r := b.get("/many"); r.body != `[["from-a","{\"n\":1}"],["missing",null]]` {
		t.Fatalf("B bulk get: %s", r.body)
	}
	for i := range 8 {
		a.get(fmt.Sprintf("/set?key=n-%d&value=x", i))
	}
	if r := b.get("/list"); r.body != `{"names":["n-0","n-1","n-2","n-3","n-4","n-5","n-6","n-7"],"pages":3}` {
		t.Fatalf("B listed %s", r.body)
	}
	b.get("/delete?key=from-b")
	if r := a.get("/get?key=from-b"); r.status != 404 {
		t.Fatalf("after B's delete, A read %d %q", r.status, r.body)
	}
}

// TestRemoteKVNeedsCredentials: --remote without an account and token is a start-up
// error naming the variables.
func TestRemoteKVNeedsCredentials(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	for _, k := range []string{"CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"} {
		t.Setenv(k, "")
	}
	_, errs, code := goflare(t, dir, "dev", "--remote", "--port", "0")
	if code == 0 || !strings.Contains(errs, "KV binding MY_KV is remote: remote KV needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// TestKVCLIRemote: `goflare kv … --remote` works on the account's namespaces over the
// REST API (here goflare A's): local data exported and pushed up with `bulk put
// --remote` comes back byte for byte from `export --remote`, keys written remotely are
// what A's worker reads, and the namespace commands list and create the account's.
func TestKVCLIRemote(t *testing.T) {
	a := startDev(t, copyFixture(t, "hello-kv"))
	t.Setenv("CLOUDFLARE_API_BASE_URL", a.URL+"/cdn-cgi/client/v4")
	t.Setenv("CLOUDFLARE_ACCOUNT_ID", "my-account")
	t.Setenv("CLOUDFLARE_API_TOKEN", "my-token")
	dir := copyFixture(t, "hello-kv") // the same binding, MY_KV on hello-kv-namespace
	seed := `[{"key":"bin","value":"AP8BAg==","base64":true},{"key":"meta","value":"m","metadata":{"a":[1,"x"]}},{"key":"text","value":"héllo\nworld"},{"key":"ttl","value":"t","expiration":2000000000}]`
	os.WriteFile(filepath.Join(dir, "seed.json"), []byte(seed), 0o644)
	mustGoflare(t, dir, "kv", "bulk", "put", "seed.json", "--binding", "MY_KV")
	local := mustGoflare(t, dir, "kv", "export", "--binding", "MY_KV")
	os.WriteFile(filepath.Join(dir, "dump.json"), []byte(local), 0o644)
	if out := mustGoflare(t, dir, "kv", "bulk", "put", "dump.json", "--binding", "MY_KV", "--remote"); !strings.HasPrefix(out, "Resource location: remote \n") {
		t.Fatalf("bulk put --remote printed %q", out)
	}
	if remote := mustGoflare(t, dir, "kv", "export", "--binding", "MY_KV", "--remote"); remote != local {
		t.Fatalf("export --remote:\n%s\nlocal:\n%s", remote, local)
	}
	if r := a.get("/get?key=text"); r.body != "héllo\nworld" {
		t.Fatalf("A's worker read %q", r.body)
	}
	mustGoflare(t, dir, "kv", "key", "put", "one", "1", "--binding", "MY_KV", "--remote")
	if out := mustGoflare(t, dir, "kv", "key", "get", "one", "--binding", "MY_KV", "--remote"); out != "1" {
		t.Fatalf("key get --remote: %q", out)
	}
	if r := a.get("/get?key=one"); r.body != "1" {
		t.Fatalf("A's worker read %q", r.body)
	}
	mustGoflare(t, dir, "kv", "key", "delete", "one", "--binding", "MY_KV", "--remote")
	if r := a.get("/get?key=one"); r.status != 404 {
		t.Fatalf("after delete --remote, A's worker read %d", r.status)
	}
	if out := mustGoflare(t, dir, "kv", "namespace", "create", "made-remotely", "--remote"); !strings.Contains(out, "Resource location: remote") || !strings.Contains(out, "✨ Success!") {
		t.Fatalf("namespace create --remote: %s", out)
	}
	if out := mustGoflare(t, dir, "kv", "namespace", "list", "--remote"); !strings.Contains(out, `"title": "made-remotely"`) || !strings.Contains(out, `"id": "hello-kv-namespace"`) {
		t.Fatalf("namespace list --remote: %s", out)
	}
	// The local state was not touched by the remote commands.
	if out := mustGoflare(t, dir, "kv", "namespace", "list"); strings.Contains(out, "made-remotely") {
		t.Fatalf("the local registry got the remote namespace: %s", out)
	}
}
