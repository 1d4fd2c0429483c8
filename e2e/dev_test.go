package e2e

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fixtures are the projects of the hello-kv worker: module syntax with wrangler.toml,
// service-worker syntax with wrangler.jsonc.
var fixtures = []string{"hello-kv", "hello-kv-jsonc"}

func TestSetGetSurvivesRestart(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := copyFixture(t, name)
			dev := startDev(t, dir)
			if r := dev.get("/set?key=test&value=hello"); r.status != 200 {
				t.Fatalf("set: %d %q", r.status, r.body)
			}
			if r := dev.get("/get?key=test"); r.status != 200 || r.body != "hello" {
				t.Fatalf("get: %d %q, want 200 \"hello\"", r.status, r.body)
			}
			if r := dev.get("/get?key=missing"); r.status != 404 || r.body != "Not found" {
				t.Fatalf("missing key: %d %q, want 404 \"Not found\"", r.status, r.body)
			}
			if code := dev.stop(); code != 0 {
				t.Fatalf("exit code after Ctrl-C = %d, want 0\nstderr:\n%s", code, dev.Stderr())
			}
			if _, err := os.Stat(filepath.Join(dir, ".wrangler", "state", "v3", "kv", "goflare.sqlite")); err != nil {
				t.Fatalf("state file: %v", err)
			}

			again := startDev(t, dir)
			if r := again.get("/get?key=test"); r.status != 200 || r.body != "hello" {
				t.Fatalf("after restart: %d %q, want the value back", r.status, r.body)
			}
		})
	}
}

func TestUncaughtExceptionIs500AndServerLivesOn(t *testing.T) {
	t.Parallel()
	sw := startDev(t, copyFixture(t, "hello-kv-jsonc"))
	if r := sw.get("/throw?key=sw"); r.status != 500 || !strings.HasPrefix(r.body, "Error: boom: sw\n    at explode (src/index.ts:38:9)\n") {
		t.Errorf("service-worker fixture: %d %q", r.status, r.body)
	}
	if r := sw.get("/get?key=x"); r.status != 404 {
		t.Errorf("service-worker fixture after the exception: %d", r.status)
	}

	dev := startDev(t, copyFixture(t, "hello-kv"))
	r := dev.get("/throw?key=on-purpose")
	if r.status != 500 {
		t.Fatalf("status = %d, want 500", r.status)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/plain;charset=UTF-8" {
		t.Errorf("content-type = %q", ct)
	}
	// The stack is source-mapped to the user's TypeScript, at the lines and columns
	// wrangler dev reports for the same worker.
	if !strings.HasPrefix(r.body, "Error: boom: on-purpose\n    at explode (src/index.ts:52:9)\n") ||
		!strings.Contains(r.body, "at Object.fetch (src/index.ts:40:16)") {
		t.Errorf("body = %q, want the source-mapped stack", r.body)
	}
	if !dev.waitForStderr("Error: boom: on-purpose\n    at explode (src/index.ts:52:") {
		t.Errorf("the terminal does not show the error:\n%s", dev.Stderr())
	}
	if r := dev.get("/set?key=after&value=alive"); r.status != 200 {
		t.Fatalf("after the exception: %d %q", r.status, r.body)
	}
	if r := dev.get("/get?key=after"); r.body != "alive" {
		t.Fatalf("after the exception: %q", r.body)
	}
}

func TestReadyLineAndRequestLog(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "hello-kv"))
	dev.get("/get?key=nothing")
	dev.get("/set?key=a&value=b")
	if !dev.waitForOutput("[goflare:info] GET /set 200 OK (") {
		t.Fatalf("no request log line:\n%s", dev.Stdout())
	}
	out := dev.Stdout()
	if !strings.Contains(out, "[goflare:info] GET /get 404 Not Found (") {
		t.Errorf("no log line for the 404:\n%s", out)
	}
	if n := strings.Count(out, "Ready on "); n != 1 {
		t.Errorf("Ready printed %d times:\n%s", n, out)
	}
	// The bindings table as wrangler dev prints it for this config, then the Ready line.
	table := "Your Worker has access to the following bindings:\n" +
		"Binding                                   Resource                  Mode\n" +
		"env.MY_KV (hello-kv-namespace)            KV Namespace              local\n" +
		"env.GREETING (\"Hello from goflare:\")      Environment Variable      local\n\n" +
		"Ready on http://127.0.0.1:"
	if !strings.HasPrefix(out, table) {
		t.Errorf("stdout must start with the bindings table and the Ready line:\n%s", out)
	}
}

func TestPersistTo(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hello-kv")
	state := filepath.Join(t.TempDir(), "state")
	dev := startDev(t, dir, "--persist-to", state)
	dev.get("/set?key=k&value=v")
	dev.stop()
	if _, err := os.Stat(filepath.Join(state, "v3", "kv", "goflare.sqlite")); err != nil {
		t.Fatalf("--persist-to: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".wrangler")); err == nil {
		t.Errorf("state written next to the config despite --persist-to")
	}
	again := startDev(t, dir, "--persist-to", state)
	if r := again.get("/get?key=k"); r.body != "v" {
		t.Fatalf("value not read back from --persist-to: %q", r.body)
	}
}

func TestBadConfigExitsWithItsLocation(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hello-kv")
	cfg := filepath.Join(dir, "wrangler.toml")
	os.WriteFile(cfg, []byte("name = \"hello\"\nmain = \"src/index.ts\"\n[[kv_namespaces]]\nid = \"x\"\n"), 0o644)
	cmd := exec.Command(binary, "dev", "--port", "0")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("err = %v, want exit code 1\n%s", err, out)
	}
	want := `"kv_namespaces[0]" bindings should have a string "binding" field but got {"id":"x"}.`
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "wrangler.toml:3") {
		t.Errorf("output does not name the field and line:\n%s", out)
	}
	if strings.Contains(string(out), "Ready on") {
		t.Errorf("served despite a bad config")
	}
}

func TestScheduledRoutes(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "hello-kv"), "--test-scheduled")
	if r := dev.get("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1700000000000"); r.status != 200 || r.body != "ok" {
		t.Fatalf("scheduled: %d %q", r.status, r.body)
	}
	if r := dev.get("/get?key=last-cron"); r.body != "*/5 * * * * @ 1700000000000" {
		t.Fatalf("the handler saw %q", r.body)
	}
	if r := dev.get("/__scheduled?cron=test"); r.status != 200 || r.body != "Ran scheduled event" {
		t.Fatalf("/__scheduled: %d %q", r.status, r.body)
	}
	if r := dev.get("/get?key=last-cron"); !strings.HasPrefix(r.body, "test @ ") {
		t.Fatalf("after /__scheduled the handler saw %q", r.body)
	}
	r := dev.get("/cdn-cgi/handler/nope")
	if r.status != 404 || r.body != `"/cdn-cgi/handler/nope" is not a valid handler. Did you mean to use "/cdn-cgi/handler/scheduled" or "/cdn-cgi/handler/email"?` {
		t.Fatalf("unknown handler: %d %q", r.status, r.body)
	}
	if !dev.waitForOutput("[goflare:info] GET /cdn-cgi/handler/scheduled 200 OK (") {
		t.Errorf("no log line:\n%s", dev.Stdout())
	}

	// A worker without a scheduled handler: the outcome is "exception".
	sw := startDev(t, copyFixture(t, "hello-kv-jsonc"))
	if r := sw.get("/cdn-cgi/handler/scheduled"); r.status != 500 || r.body != "exception" {
		t.Fatalf("no handler: %d %q", r.status, r.body)
	}
	if r := sw.get("/__scheduled"); r.status != 200 || r.body == "Ran scheduled event" {
		t.Fatalf("/__scheduled without --test-scheduled must reach the worker: %d %q", r.status, r.body)
	}
}

func TestEnvironments(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "environments")
	dev := startDev(t, dir)
	if r := dev.get("/"); r.body != `{"stage":"development","api":"http://localhost:8080","token":"dev-token"}` {
		t.Fatalf("top level: %s", r.body)
	}
	if r := dev.get("/visit"); r.body != `{"stage":"development","visits":1}` {
		t.Fatalf("top-level visit: %s", r.body)
	}
	if !strings.Contains(dev.Stdout(), "Using secrets defined in .dev.vars\n") ||
		!strings.Contains(dev.Stdout(), `env.API_TOKEN ("(hidden)")`) {
		t.Errorf("secrets not announced / hidden:\n%s", dev.Stdout())
	}
	dev.stop()

	staging := startDev(t, dir, "-e", "staging", "--var", "API_URL:https://override.example")
	if r := staging.get("/"); r.body != `{"stage":"staging","api":"https://override.example","token":"staging-token"}` {
		t.Fatalf("staging: %s", r.body)
	}
	// Its own namespace: the top level's visit is not counted here.
	if r := staging.get("/visit"); r.body != `{"stage":"staging","visits":1}` {
		t.Fatalf("staging visit: %s", r.body)
	}
	if !strings.Contains(staging.Stdout(), "env.KV (staging-namespace)") ||
		!strings.Contains(staging.Stdout(), "Using secrets defined in .dev.vars.staging\n") {
		t.Errorf("staging start-up:\n%s", staging.Stdout())
	}
	staging.stop()

	cmd := exec.Command(binary, "dev", "--port", "0", "--env", "production")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 ||
		!strings.Contains(string(out), `No environment found in configuration with name "production".`) ||
		!strings.Contains(string(out), `The available configured environment names are: ["staging"]`) {
		t.Fatalf("unknown environment: %v\n%s", err, out)
	}
}

// TestBuildCommandAndModuleRules: build.command runs before bundling, and Text / Data
// imports follow wrangler's default module rules.
func TestBuildCommandAndModuleRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"wrangler.toml": "name = \"rules\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-04-01\"\n\n" +
			"[build]\ncommand = \"cp greeting.txt ../src/generated.txt\"\ncwd = \"assets\"\n",
		"assets/greeting.txt": "made by the build command",
		"src/data.bin":        "\x00\x01\x02\x03",
		"src/index.js": "import text from \"./generated.txt\";\nimport data from \"./data.bin\";\n" +
			"export default { fetch() { return new Response(text + \" / \" + (data instanceof ArrayBuffer) + \" \" + data.byteLength); } };\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "src", "generated.txt"), []byte("stale"), 0o644)
	dev := startDev(t, dir)
	if r := dev.get("/"); r.body != "made by the build command / true 4" {
		t.Fatalf("got %q", r.body)
	}
}

func TestHTTPS(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "hello-kv"), "--local-protocol", "https")
	if !strings.HasPrefix(dev.URL, "https://127.0.0.1:") {
		t.Fatalf("URL = %s", dev.URL)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	res, err := client.Get(dev.URL + "/get?key=none")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 || res.TLS == nil {
		t.Fatalf("status %d, TLS %v", res.StatusCode, res.TLS != nil)
	}
}

func TestErrorPageForBrowsers(t *testing.T) {
	t.Parallel()
	dev := startDev(t, copyFixture(t, "hello-kv"))
	r := dev.get("/throw?key=<b>x</b>", "Accept", "text/html,application/xhtml+xml", "User-Agent", "Mozilla/5.0")
	if r.status != 500 || r.header.Get("Content-Type") != "text/html;charset=utf-8" {
		t.Fatalf("browser: %d %q", r.status, r.header.Get("Content-Type"))
	}
	for _, want := range []string{
		"<title>An error has occurred</title>",
		"<h1>Error</h1>",
		"boom: &lt;b&gt;x&lt;/b&gt;",       // escaped
		"explode src/index.ts:52:9",        // the frame, source-mapped to the .ts line
		"throw new Error(&#34;boom: &#34;", // the code frame
		"GET",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// curl gets text even when it accepts anything.
	r = dev.get("/throw?key=c", "Accept", "*/*", "User-Agent", "curl/8.5.0")
	if r.header.Get("Content-Type") != "text/plain;charset=UTF-8" || !strings.HasPrefix(r.body, "Error: boom: c\n    at explode (src/index.ts:52:9)") {
		t.Fatalf("curl: %q %q", r.header.Get("Content-Type"), r.body)
	}
}

func TestPortFallbackAndPortInUse(t *testing.T) {
	// Not parallel: it holds ports of the 8787 range.
	dir := copyFixture(t, "hello-kv")
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	free := 0
	for port := 8787; port <= 8797; port++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue // someone else's; the fallback skips it too
		}
		if free == 0 && port > 8787 {
			l.Close() // leave this one free: the fallback should land on it
			free = port
			continue
		}
		held = append(held, l)
	}
	if free == 0 {
		t.Skip("no free port in 8788-8797")
	}
	cmd := exec.Command(binary, "dev")
	cmd.Dir = dir
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "Ready on ") {
			if want := fmt.Sprintf("Ready on http://127.0.0.1:%d", free); sc.Text() != want {
				t.Fatalf("%q, want %q", sc.Text(), want)
			}
			break
		}
	}
	// An explicit port that is taken names the port and the fix.
	busy := exec.Command(binary, "dev", "--port", strings.TrimPrefix(held[0].Addr().String(), "127.0.0.1:"))
	busy.Dir = dir
	out, err := busy.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "is in use by another program") ||
		!strings.Contains(string(out), "--port") {
		t.Fatalf("port in use: %v\n%s", err, out)
	}
}

func TestSIGTERMDuringASlowRequest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"slow\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(
		"export default { async fetch() { console.log(\"request started\"); await new Promise((r) => setTimeout(r, 500)); return new Response(\"finished\"); } };\n"), 0o644)
	dev := startDev(t, dir)
	got := make(chan response, 1)
	go func() { got <- dev.get("/") }()
	if !dev.waitForOutput("request started") {
		t.Fatal("the request did not start")
	}
	dev.Signal(syscall.SIGTERM)
	if r := <-got; r.status != 200 || r.body != "finished" {
		t.Fatalf("the in-flight request: %d %q", r.status, r.body)
	}
	if code := dev.Wait(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

// TestExitOnStdinClose: with --exit-on-stdin-close, goflare dev stops cleanly when the
// process that spawned it goes away (its stdin closes).
func TestExitOnStdinClose(t *testing.T) {
	t.Parallel()
	dir := copyFixture(t, "hello-kv")
	cmd := exec.Command(binary, "dev", "--port", "0", "--persist-to", ":memory:", "--exit-on-stdin-close")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Ready on ") {
				ready <- true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("no Ready line")
	}
	stdin.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("goflare dev kept running after its stdin closed")
	}
}

// TestOtherBindingsAreNamed: bindings goflare does not provide (R2, D1, Durable Objects,
// services, queues, AI, …) are in the bindings table with Mode "not supported by
// goflare", one warning names them all, and reading one in the worker throws an Error
// that names it, instead of it being silently undefined; the others work.
func TestOtherBindingsAreNamed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(`name = "ob"
main = "index.js"
compatibility_date = "2026-04-01"
[[r2_buckets]]
binding = "BUCKET"
bucket_name = "my-bucket"
[[d1_databases]]
binding = "DB"
database_name = "my-db"
database_id = "abc"
[[services]]
binding = "AUTH"
service = "auth-worker"
[durable_objects]
bindings = [{ name = "COUNTER", class_name = "Counter" }]
[ai]
binding = "AI"
[[queues.producers]]
binding = "Q"
queue = "my-queue"
[[kv_namespaces]]
binding = "KV"
id = "kv-id"
[vars]
X = "1"
`), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { async fetch(req, env) {
  const name = new URL(req.url).searchParams.get("b");
  if (name) { try { return new Response(String(env[name])); } catch (e) { return new Response(e.name + ": " + e.message, { status: 500 }); } }
  await env.KV.put("k", "v");
  return new Response(env.X + " " + await env.KV.get("k") + " " + Object.keys(env).sort().join(","));
} };`), 0o644)
	dev := startDev(t, dir)
	table := "Binding                     Resource                  Mode\n" +
		"env.COUNTER (Counter)       Durable Object            not supported by goflare\n" +
		"env.KV (kv-id)              KV Namespace              local\n" +
		"env.Q (my-queue)            Queue                     not supported by goflare\n" +
		"env.DB (my-db)              D1 Database               not supported by goflare\n" +
		"env.BUCKET (my-bucket)      R2 Bucket                 not supported by goflare\n" +
		"env.AUTH (auth-worker)      Worker                    not supported by goflare\n" +
		"env.AI                      AI                        not supported by goflare\n" +
		"env.X (\"1\")                 Environment Variable      local\n"
	if !strings.Contains(dev.Stdout(), table) {
		t.Errorf("bindings table:\n%s", dev.Stdout())
	}
	if !dev.waitForStderr("[goflare:warn] The worker will not see env.COUNTER (Durable Object), env.Q (Queue), env.DB (D1 Database), env.BUCKET (R2 Bucket), env.AUTH (Worker), env.AI (AI): goflare does not provide these bindings") {
		t.Errorf("no warning naming them")
	}
	if r := dev.get("/"); r.body != "1 v AI,AUTH,BUCKET,COUNTER,DB,KV,Q,X" {
		t.Errorf("the worker: %d %q", r.status, r.body)
	}
	if r := dev.get("/?b=BUCKET"); r.status != 500 || r.body != "Error: env.BUCKET (R2 Bucket) is a binding goflare does not provide (it runs KV namespaces, vars and secrets); run this worker with wrangler dev to use it." {
		t.Errorf("reading env.BUCKET: %d %q", r.status, r.body)
	}
}
