package e2e

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The framework suite (issue 14): real npm frameworks (hono, itty-router, chanfana, jose),
// used as their docs show, run unchanged by the real binary. Every request in
// fixtures/frameworks/cases.json is answered exactly as wrangler dev answered it: the
// expected responses were captured from wrangler dev 4.86.0 with -capture (below).

var (
	captureURL = flag.String("capture", "", "instead of testing, send -capture-app's cases to this server (wrangler dev) and record its responses in fixtures/frameworks/cases.json")
	captureApp = flag.String("capture-app", "", "the app whose responses -capture records")
)

// frameworkCase is one request and the response wrangler dev gave it.
type frameworkCase struct {
	App     string            `json:"app"`
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    *string           `json:"body,omitempty"`
	Want    *frameworkReply   `json:"want,omitempty"`
}

// frameworkReply is what a response is compared by: its status, every header but Date
// (names lower-cased; transfer-encoding as the client saw it) and its body.
type frameworkReply struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

var frameworksDir = filepath.Join("..", "fixtures", "frameworks")

var (
	npmOnce sync.Once
	npmErr  string
	npmSkip bool
)

// frameworkDeps installs the fixtures' npm packages (pinned by package-lock.json) once.
// Without npm the suite is skipped, saying so, unless REQUIRE_VITEST=1 (CI sets it).
func frameworkDeps(t testing.TB) {
	t.Helper()
	npmOnce.Do(func() {
		lock, err := os.Stat(filepath.Join(frameworksDir, "package-lock.json"))
		if err != nil {
			npmErr = err.Error()
			return
		}
		if inst, err := os.Stat(filepath.Join(frameworksDir, "node_modules", ".package-lock.json")); err == nil && !inst.ModTime().Before(lock.ModTime()) {
			return
		}
		if _, err := exec.LookPath("npm"); err != nil {
			npmErr, npmSkip = "npm was not found (install Node.js to run the framework suite)", os.Getenv("REQUIRE_VITEST") != "1"
			return
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = frameworksDir
		if out, err := cmd.CombinedOutput(); err != nil {
			npmErr = "npm ci in fixtures/frameworks: " + err.Error() + "\n" + string(out)
		}
	})
	if npmSkip {
		t.Skip(npmErr)
	}
	if npmErr != "" {
		t.Fatal(npmErr)
	}
}

func readFrameworkCases(t *testing.T) []frameworkCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(frameworksDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []frameworkCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// startFramework copies one app of fixtures/frameworks and serves it; the copy sees the
// fixtures' node_modules through a symlink, as a project in a workspace would.
func startFramework(t testing.TB, app string) *devProcess {
	t.Helper()
	dev, _ := startFrameworkIn(t, app)
	return dev
}

// startFrameworkIn is startFramework, also returning the copy's directory.
func startFrameworkIn(t testing.TB, app string) (*devProcess, string) {
	t.Helper()
	dir := copyFixture(t, filepath.Join("frameworks", app))
	modules, err := filepath.Abs(filepath.Join(frameworksDir, "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(modules, filepath.Join(filepath.Dir(dir), "node_modules")); err != nil {
		t.Fatal(err)
	}
	return startDev(t, dir), dir
}

// send makes one case's request to base and reads the reply: no redirects followed, no
// compression asked for.
func (c frameworkCase) send(t *testing.T, base string) frameworkReply {
	t.Helper()
	var body io.Reader
	if c.Body != nil {
		body = strings.NewReader(*c.Body)
	}
	req, err := http.NewRequest(c.Method, base+c.Path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.Method, c.Path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", c.Method, c.Path, err)
	}
	reply := frameworkReply{Status: res.StatusCode, Headers: map[string]string{}, Body: string(data)}
	for k, vs := range res.Header {
		if k != "Date" {
			reply.Headers[strings.ToLower(k)] = strings.Join(vs, ", ")
		}
	}
	if len(res.TransferEncoding) > 0 {
		reply.Headers["transfer-encoding"] = strings.Join(res.TransferEncoding, ", ")
	}
	return reply
}

func TestFrameworks(t *testing.T) {
	cases := readFrameworkCases(t)
	if *captureURL != "" {
		captureFramework(t, cases)
		return
	}
	frameworkDeps(t)
	byApp := map[string][]frameworkCase{}
	for _, c := range cases {
		byApp[c.App] = append(byApp[c.App], c)
	}
	apps := make([]string, 0, len(byApp))
	for app := range byApp {
		apps = append(apps, app)
	}
	sort.Strings(apps)
	for _, app := range apps {
		t.Run(app, func(t *testing.T) {
			t.Parallel()
			dev := startFramework(t, app)
			for _, c := range byApp[app] {
				if c.Want == nil {
					t.Errorf("%s %s: no response from wrangler dev recorded (run with -capture)", c.Method, c.Path)
					continue
				}
				got := c.send(t, dev.URL)
				if !reflect.DeepEqual(got, *c.Want) {
					t.Errorf("%s %s %v:\n got %d %v\n%.2000s\nwant %d %v\n%.2000s", c.Method, c.Path, c.Headers,
						got.Status, got.Headers, got.Body, c.Want.Status, c.Want.Headers, c.Want.Body)
				}
			}
			dev.stillServingFramework(t)
		})
	}
}

// stillServingFramework fails the test if the log shows a Go value or a crash.
func (p *devProcess) stillServingFramework(t *testing.T) {
	t.Helper()
	if out := p.Stderr(); strings.Contains(out, "goroutine ") || strings.Contains(out, "*goja.") {
		t.Errorf("the log shows Go internals:\n%s", out)
	}
}

// captureFramework records, for -capture-app's cases, what the server at -capture
// answered, into cases.json.
func captureFramework(t *testing.T, cases []frameworkCase) {
	if *captureApp == "" {
		t.Fatal("-capture needs -capture-app")
	}
	n := 0
	for i, c := range cases {
		if c.App != *captureApp {
			continue
		}
		reply := c.send(t, strings.TrimSuffix(*captureURL, "/"))
		cases[i].Want = &reply
		n++
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cases); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(frameworksDir, "cases.json"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d responses of %s from %s", n, *captureApp, *captureURL)
}
