package e2e

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// writeFiles writes name → content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDevBuildFlags: wrangler dev's build and config flags change what the worker is
// built and run with, and keep doing so after a reload (the flags are applied to each
// config read).
func TestDevBuildFlags(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"wrangler.toml": "name = \"flags\"\nmain = \"src/index.jsx\"\ncompatibility_date = \"2026-04-01\"\n[define]\nFROM_CONFIG = \"'config'\"\n",
		"src/index.jsx": `import { Buffer as B } from "node:buffer";
import dep from "fake-dep";
import lib from "@lib/thing";
function helperFunction() {}
const h = (tag, props, ...children) => "<" + tag + ">" + children.join("") + "</" + tag + ">";
export default { fetch(req, env) {
  return Response.json({
    nodeBuffer: typeof B.from, globalBuffer: typeof globalThis.Buffer,
    define: [FROM_CONFIG, VERSION], dep, lib, name: helperFunction.name,
    jsx: <b>bold</b>, secret: String(env.S),
  });
} };`,
		"src/local-dep.js":     `export default "aliased";`,
		"lib/thing.js":         `export default "from tsconfig paths";`,
		"tsconfig.custom.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["./lib/*"] } } }`,
		".dev.vars":            "S=from-dev-vars\n",
		"custom.env":           "S=from-env-file\n",
	})
	// Without the flags the worker does not build: node:buffer needs nodejs_compat,
	// fake-dep and @lib/thing exist only through --alias and --tsconfig.
	dev := startDev(t, dir,
		"--compatibility-flags", "nodejs_compat", "--compatibility-date", "2024-01-01",
		"--define", `VERSION:"1.2"`, "--alias", "fake-dep:./src/local-dep.js",
		"--tsconfig", "tsconfig.custom.json", "--jsx-factory", "h", "--minify",
		"--env-file", "custom.env", "--name", "renamed")
	want := `{"nodeBuffer":"function","globalBuffer":"undefined","define":["config","1.2"],"dep":"aliased","lib":"from tsconfig paths","name":"%s","jsx":"<b>bold</b>","secret":"from-env-file"}`
	check := func(when string) {
		t.Helper()
		r := dev.get("/")
		name := ""
		if i := strings.Index(r.body, `"name":"`); i >= 0 {
			name, _, _ = strings.Cut(r.body[i+8:], `"`)
		}
		// Minified, the function's name is not its source name; a 2024-01-01 date with
		// nodejs_compat gives node: modules but not the Buffer global (nodejs_compat_v2
		// comes with 2024-09-23).
		if r.status != 200 || name == "helperFunction" || name == "" || r.body != strings.Replace(want, "%s", name, 1) {
			t.Errorf("%s: %d %s", when, r.status, r.body)
		}
	}
	check("at start")
	if !strings.Contains(dev.Stdout(), "Using secrets defined in custom.env") {
		t.Errorf("stdout does not name the env file:\n%s", dev.Stdout())
	}
	if strings.Contains(dev.Stderr(), "No compatibility_date") {
		t.Errorf("warned about a compatibility date the flag gave:\n%s", dev.Stderr())
	}
	// A reload reads the config again: the flags still apply.
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"flags\"\nmain = \"src/index.jsx\"\ncompatibility_date = \"2026-05-01\"\n[define]\nFROM_CONFIG = \"'config'\"\n"), 0o644)
	if !dev.waitForOutput("Reloaded in") {
		t.Fatalf("no reload:\n%s\n%s", dev.Stdout(), dev.Stderr())
	}
	check("after a reload")
}

// TestDevRefusedFlags: wrangler dev's flags goflare does not support are refused with a
// message naming the flag and what to do, and unknown ones with yargs' words.
func TestDevRefusedFlags(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.js": `export default { fetch() { return new Response("x") } }`})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--inspector-port", "9229"}, "--inspector-port is not supported by goflare: goflare has no DevTools inspector"},
		{[]string{"--routes", "example.com/*"}, "--routes is not supported by goflare: routes only matter on Cloudflare's network"},
		{[]string{"--host", "example.com"}, "--host is not supported by goflare"},
		{[]string{"--tunnel"}, "--tunnel is not supported by goflare"},
		{[]string{"--no-such-flag"}, "Unknown argument: no-such-flag\n  Run \"goflare dev --help\""},
		{[]string{"--log-level", "loud"}, `Argument: log-level, Given: "loud", Choices: "debug", "info", "log", "warn", "error", "none"`},
		{[]string{"--local", "--remote"}, "--local and --remote cannot be used together"},
	} {
		_, stderr, code := goflare(t, dir, append([]string{"dev", "index.js", "--port", "0"}, c.args...)...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", c.args, code, stderr)
		}
	}
}

// TestDevLogLevel: --log-level warn prints the worker's warnings and errors and nothing
// of goflare's own info (no Ready line, no request lines), as wrangler dev does; at info
// the Ready and request lines come back, and console.log stays quiet.
func TestDevLogLevel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.js": `export default { fetch() {
  console.log("LOG"); console.info("INFO"); console.debug("DBG"); console.warn("WARN"); console.error("ERR");
  return new Response("ok");
} }`})
	for _, c := range []struct {
		level          string
		stdout, stderr string
	}{
		{"warn", "", "WARN\nERR\n"},
		{"error", "", "ERR\n"},
		{"none", "", ""},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		ln.Close()
		cmd := exec.Command(binary, "dev", "index.js", "--port", port, "--log-level", c.level)
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var body string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			res, err := http.Get("http://127.0.0.1:" + port + "/")
			if err == nil {
				b := new(bytes.Buffer)
				b.ReadFrom(res.Body)
				res.Body.Close()
				body = b.String()
				break
			}
		}
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if body != "ok" || stdout.String() != c.stdout || stderr.String() != c.stderr {
			t.Errorf("--log-level %s: body %q\nstdout:\n%s\nstderr:\n%s", c.level, body, stdout.String(), stderr.String())
		}
	}
	dev := startDev(t, dir, "index.js", "--log-level", "info")
	dev.get("/")
	if !dev.waitForOutput("[goflare:info] GET / 200 OK") {
		t.Errorf("--log-level info: no request line:\n%s", dev.Stdout())
	}
	out := dev.Stdout()
	if !strings.Contains(out, "INFO\nDBG\n") || strings.Contains(out, "LOG\n") || strings.Contains(out, "Your Worker has access") || strings.Contains(out, "No bindings found") {
		t.Errorf("--log-level info: stdout:\n%s", out)
	}
}

// TestDevLiveReload: with --live-reload, HTML responses (whole or streamed) end with
// wrangler dev's live-reload script, other responses are untouched, and a page's
// WebSocket at /cdn-cgi/live-reload gets "reload" when the worker reloads.
func TestDevLiveReload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.js": `export default { fetch(req) {
  const p = new URL(req.url).pathname;
  if (p === "/stream") return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("<p>s</p>")); c.close(); } }), { headers: { "content-type": "text/html" } });
  if (p === "/text") return new Response("<p>not html</p>");
  return new Response("<h1>hi</h1>", { headers: { "content-type": "text/html; charset=utf-8" } });
} }`})
	dev := startDev(t, dir, "index.js", "--live-reload")
	const tail = "<script defer type=\"application/javascript\">\n\t(function() {\n\t\tvar ws;\n"
	for _, path := range []string{"/", "/stream"} {
		r := dev.get(path)
		if !strings.Contains(r.body, "</h1>\n"+tail) && !strings.Contains(r.body, "</p>\n"+tail) || !strings.HasSuffix(r.body, "\t})();\n</script>\n") {
			t.Errorf("%s: no live-reload script at the end:\n%s", path, r.body)
		}
	}
	if r := dev.get("/text"); r.body != "<p>not html</p>" {
		t.Errorf("/text: %q", r.body)
	}
	awaitLiveReload(t, dev, func(i int) {
		os.WriteFile(filepath.Join(dir, "index.js"), append([]byte(strings.Repeat("\n", i+1)), mustRead(t, filepath.Join(dir, "index.js"))...), 0o644)
	})
}

// awaitLiveReload opens a page's live-reload WebSocket and calls change(0), change(1), …
// every 2 s until "reload" comes down it (the server holds the connection once its side
// of the handshake is done, which may be just after this side sees it, so the first
// change may come too early).
func awaitLiveReload(t *testing.T, dev *devProcess, change func(i int)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(dev.URL, "http") + "/cdn-cgi/live-reload"
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"WRANGLER_PROXYWORKER_LIVE_RELOAD_PROTOCOL"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if c.Subprotocol() != "WRANGLER_PROXYWORKER_LIVE_RELOAD_PROTOCOL" {
		t.Errorf("subprotocol %q", c.Subprotocol())
	}
	got := make(chan string, 1)
	go func() {
		_, msg, err := c.Read(ctx)
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- string(msg)
	}()
	for i := 0; ; i++ {
		change(i)
		select {
		case msg := <-got:
			if msg != "reload" {
				t.Fatalf("live-reload message %q", msg)
			}
			return
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
			t.Fatalf("no reload message:\n%s", dev.Stdout())
		}
	}
}

// mustRead reads a file.
func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
