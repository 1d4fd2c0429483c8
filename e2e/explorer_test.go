package e2e

import (
	"context"
	"flag"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// The KV explorer in a real headless Chromium (Debian's chromium package), driven with
// chromedp: a Go driver, so the browser tests are Go tests run by `go test` with the rest
// of e2e, with no npm install and no second test runner. Without a browser the test is
// skipped, saying so, unless REQUIRE_BROWSER=1 (.ci/run installs chromium and sets it).

var updateScreenshot = flag.Bool("update-screenshot", false, "write the explorer's screenshot to devserver/explorer/screenshot.png (the README's picture)")

// findChromium finds the browser on PATH, or skips the test or benchmark (fails it
// under REQUIRE_BROWSER=1).
func findChromium(t testing.TB) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium on PATH (REQUIRE_BROWSER=1): apt-get install chromium")
	}
	t.Skip("no chromium on PATH: the explorer's browser test needs Debian's chromium package")
	return ""
}

// startBrowser starts headless Chromium for the test (closed at its end). Flags for a
// container: no sandbox (root), /tmp instead of a small /dev/shm, no crash reporter. A
// browser that dies while starting is started once more.
func startBrowser(t testing.TB, chrome string) context.Context {
	t.Helper()
	opts := append(cdp.DefaultExecAllocatorOptions[:], cdp.ExecPath(chrome), cdp.NoSandbox,
		cdp.Flag("disable-gpu", true), cdp.Flag("disable-dev-shm-usage", true),
		cdp.Flag("disable-crash-reporter", true), cdp.Flag("disable-breakpad", true), cdp.WindowSize(1280, 760))
	var err error
	for try := 0; try < 2; try++ {
		actx, cancelAlloc := cdp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := cdp.NewContext(actx)
		// The first run starts the browser; a test's time limit is on what follows.
		if err = cdp.Do(ctx, cdp.Navigate("about:blank")); err == nil {
			t.Cleanup(func() { cancel(); cancelAlloc() })
			return ctx
		}
		cancel()
		cancelAlloc()
	}
	t.Fatalf("starting %s: %v", chrome, err)
	return nil
}

// TestExplorerInBrowser: load the explorer on a fixture, search a prefix, open a JSON
// value, edit it and see the worker serve the new value, delete a key, import a file,
// see a change made by the worker appear without a reload, and take a screenshot.
func TestExplorerInBrowser(t *testing.T) {
	chrome := findChromium(t)
	dir := copyFixture(t, "hello-kv")
	dev := startDev(t, dir, "--test-controls")
	for _, kv := range [][2]string{
		{"user:1", `{"name":"Ada","admin":false}`},
		{"user:2", `{"name":"Grace","admin":true}`},
		{"config:theme", "dark"},
	} {
		if r := dev.get("/set?key=" + kv[0] + "&value=" + url.QueryEscape(kv[1])); r.status != 200 {
			t.Fatalf("seeding %s: %d %s", kv[0], r.status, r.body)
		}
	}
	ctx := startBrowser(t, chrome)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	row := func(key string) cdp.CSS { return cdp.CSS(`tr[data-key="` + key + `"]`) }
	in := func(key, inner string) cdp.CSS { return cdp.CSS(`tr[data-key="` + key + `"] ` + inner) }
	do := func(what string, steps ...cdp.Action[cdp.Void]) {
		t.Helper()
		if err := cdp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, dev.Stderr())
		}
	}
	text := func(sel cdp.CSS) string {
		t.Helper()
		v, err := cdp.Run(ctx, cdp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	do("load the explorer",
		cdp.Navigate(dev.URL+"/cdn-cgi/explorer/"),
		cdp.WaitVisible(row("config:theme")),
		cdp.WaitVisible(row("user:2")),
	)
	// The page's confirm() dialogs are answered yes.
	if _, err := cdp.Run(ctx, cdp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	if count := text(cdp.CSS("nav .count")); count != "3" {
		t.Errorf("key count %q", count)
	}

	do("search a prefix",
		cdp.SendKeys(cdp.CSS("#prefix"), "user:"),
		cdp.WaitNotPresent(row("config:theme")),
		cdp.WaitVisible(row("user:1")),
	)

	do("open a JSON value",
		cdp.Click(in("user:1", "td.key button")),
		cdp.WaitVisible(cdp.CSS(`#value-view[data-kind="JSON"]`)),
	)
	if shown := text(cdp.CSS("#value-view pre")); !strings.Contains(shown, `"name": "Ada"`) || !strings.Contains(shown, "\n") {
		t.Errorf("the JSON value is not shown pretty: %q", shown)
	}

	do("edit and save it",
		cdp.Click(cdp.CSS("#edit")),
		cdp.WaitVisible(cdp.CSS("#editor")),
		cdp.SetValue(cdp.CSS("#edit-value"), `{"name": "Ada", "admin": true}`),
		cdp.SetValue(cdp.CSS("#edit-metadata"), `{"by":"explorer"}`),
		cdp.Click(cdp.CSS("#save")),
	)
	if _, err := cdp.Run(ctx, cdp.Poll[bool](`document.getElementById("status").textContent === "Saved user:1"`)); err != nil {
		t.Fatalf("saving: %v", err)
	}
	if r := dev.get("/get?key=user:1"); r.body != `{"name":"Ada","admin":true}` {
		t.Errorf("the worker serves %q after the edit", r.body)
	}
	// The listing shows the new metadata once it has been read again.
	if _, err := cdp.Run(ctx, cdp.Poll[bool](`document.querySelector('tr[data-key="user:1"] td.meta').textContent === '{"by":"explorer"}'`)); err != nil {
		t.Fatalf("the edited metadata in the list: %v", err)
	}

	// The checkbox and the button are clicked through the DOM, not at coordinates: the
	// value pane beside the table is still filling in, and a click at a point could land
	// beside a row that moved.
	if _, err := cdp.Run(ctx, cdp.Evaluate[bool](`(document.querySelector('tr[data-key="user:2"] input[type="checkbox"]').click(), true)`)); err != nil {
		t.Fatal(err)
	}
	if _, err := cdp.Run(ctx, cdp.Poll[bool](`!document.getElementById("delete-selected").disabled`)); err != nil {
		t.Fatalf("selecting user:2: %v", err)
	}
	if _, err := cdp.Run(ctx, cdp.Evaluate[bool](`(document.getElementById("delete-selected").click(), true)`)); err != nil {
		t.Fatal(err)
	}
	do("delete a key", cdp.WaitNotPresent(row("user:2")))
	if r := dev.get("/get?key=user:2"); r.status != 404 {
		t.Errorf("the worker still serves user:2: %d %q", r.status, r.body)
	}

	file := filepath.Join(t.TempDir(), "import.json")
	os.WriteFile(file, []byte(`[{"key":"imported:1","value":"from a file"},{"key":"imported:2","value":"aGk=","base64":true}]`), 0o644)
	if _, err := cdp.Run(ctx, cdp.Evaluate[bool](`(document.getElementById("prefix").value = "", document.getElementById("prefix").dispatchEvent(new Event("input")), true)`)); err != nil {
		t.Fatal(err)
	}
	do("import a file",
		cdp.WaitVisible(row("config:theme")),
		cdp.SetUploadFiles(cdp.CSS("#import"), []string{file}),
		cdp.WaitVisible(row("imported:1")),
		cdp.WaitVisible(row("imported:2")),
	)
	if r := dev.get("/get?key=imported:2"); r.body != "hi" {
		t.Errorf("the worker serves imported:2 as %q", r.body)
	}

	// A write by the worker shows up without a reload.
	dev.get("/set?key=live:1&value=x")
	do("a change appears live", cdp.WaitVisible(row("live:1")))

	do("open a value for the picture",
		cdp.Click(in("config:theme", "td.key button")),
		cdp.WaitVisible(cdp.CSS(`#value-view[data-kind="text"]`)),
	)
	png, err := cdp.Run(ctx, cdp.FullScreenshot(100))
	if err != nil || len(png) < 1000 {
		t.Fatalf("screenshot: %v (%d bytes)", err, len(png))
	}
	out := filepath.Join(t.TempDir(), "explorer.png")
	if *updateScreenshot {
		out = filepath.Join("..", "devserver", "explorer", "screenshot.png")
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExplorerServed: the explorer's page and files, its redirect, the bindings it is
// told about, and the cross-site guard the API has.
func TestExplorerServed(t *testing.T) {
	dev := startDev(t, copyFixture(t, "hello-kv"))
	if !dev.waitForOutput("[goflare:info] KV explorer: " + dev.URL + "/cdn-cgi/explorer/") {
		t.Errorf("no explorer line:\n%s", dev.Stdout())
	}
	r := dev.get("/cdn-cgi/explorer/")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") ||
		!strings.Contains(r.body, `window.GOFLARE = {"api":"/cdn-cgi/client/v4","bindings":[{"binding":"MY_KV","id":"hello-kv-namespace"}],"clock":null};`) {
		t.Errorf("the page: %d %v\n%s", r.status, r.header, r.body)
	}
	if r := dev.get("/cdn-cgi/explorer/explorer.js"); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/javascript") || !strings.Contains(r.body, "/storage/kv/namespaces") {
		t.Errorf("the script: %d %v", r.status, r.header)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := noFollow.Get(dev.URL + "/cdn-cgi/explorer"); err != nil || res.StatusCode != 301 || res.Header.Get("Location") != "/cdn-cgi/explorer/" {
		t.Errorf("the redirect: %v %v", err, res)
	} else {
		res.Body.Close()
	}
	if r := dev.get("/cdn-cgi/explorer/nope.js"); r.status != 404 {
		t.Errorf("a missing file: %d", r.status)
	}
	if r := dev.get("/cdn-cgi/explorer/", "Origin", "https://evil.example"); r.status != 403 {
		t.Errorf("another site's page: %d", r.status)
	}
}
