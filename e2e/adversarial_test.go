package e2e

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The adversarial suite (issue 13): whatever the worker in fixtures/adversarial does, the
// real binary answers, keeps serving and stops when asked. Each test ends by checking that
// the server still answers /ok.

// startAdversarial starts the adversarial fixture; deepImport is the nesting of the JSON
// file it imports (the fixture's own is shallow, so that it also runs under wrangler dev).
func startAdversarial(t *testing.T, deepImport int, args ...string) *devProcess {
	t.Helper()
	dir := copyFixture(t, "adversarial")
	if deepImport > 0 {
		deep := strings.Repeat("[", deepImport) + strings.Repeat("]", deepImport)
		if err := os.WriteFile(filepath.Join(dir, "src", "deep.json"), []byte(deep), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return startDev(t, dir, args...)
}

// stillServing fails the test unless the server answers /ok.
func (p *devProcess) stillServing(after string) {
	p.t.Helper()
	if r := p.get("/ok"); r.status != 200 || r.body != "ok" {
		p.t.Fatalf("after %s the server answered /ok with %d %q\nstderr:\n%s", after, r.status, r.body, p.Stderr())
	}
}

func TestAdversarialDeepNesting(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 50_000)
	if r := dev.get("/deep-import"); r.status != 200 || r.body != "depth 49999" {
		t.Errorf("a bundle importing 50,000-deep JSON: %d %q", r.status, r.body)
	}
	body := strings.Repeat("[", 2_500_000) + strings.Repeat("]", 2_500_000) // 5 MB
	if r := dev.do("POST", "/json-body", strings.NewReader(body)); r.status != 400 || r.body != "RangeError: Maximum call stack size exceeded" {
		t.Errorf("request.json() of a 5 MB [[[…]]]: %d %q", r.status, r.body)
	}
	dev.stillServing("request.json() of deep JSON")
	if r := dev.get("/json-parse-deep"); r.status != 400 || r.body != "RangeError: Maximum call stack size exceeded" {
		t.Errorf("JSON.parse of 3,000,000 levels: %d %q", r.status, r.body)
	}
	dev.stillServing("JSON.parse of deep JSON")
	// structuredClone recurses in JavaScript: the call-depth limit stops it (goja's stack
	// overflow cannot be caught, so the request fails with V8's RangeError).
	if r := dev.get("/clone-deep"); r.status != 500 || !strings.HasPrefix(r.body, "RangeError: Maximum call stack size exceeded") {
		t.Errorf("structuredClone of a 100,000-deep object: %d %.200q", r.status, r.body)
	}
	dev.stillServing("structuredClone of a deep object")
	// goja's JSON.stringify checks for cycles in time quadratic in the depth: with the
	// fixture's cpu_ms it is stopped; the point here is that the process survives.
	r := dev.get("/stringify-deep")
	t.Logf("JSON.stringify of a 100,000-deep object: %d %.80q", r.status, r.body)
	dev.stillServing("JSON.stringify of a deep object")
}

func TestAdversarialRecursionIsARangeError(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	start := time.Now()
	r := dev.get("/recurse")
	t.Logf("infinite recursion answered in %v", time.Since(start))
	if r.status != 500 || !strings.HasPrefix(r.body, "RangeError: Maximum call stack size exceeded\n    at ") {
		t.Fatalf("infinite recursion: %d %.300q", r.status, r.body)
	}
	if n := strings.Count(r.body, "\n    at "); n > 10 {
		t.Errorf("the stack has %d frames, want V8's 10 at most", n)
	}
	dev.stillServing("infinite recursion")
}

func TestAdversarialThrownValues(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	for path, want := range map[string]string{
		"/throw-null-proto":  "TypeError: Cannot convert object to primitive value",
		"/reject-null-proto": "TypeError: Cannot convert object to primitive value",
		"/throw-proxy":       "Error: trap\n    at get (src/index.js:",
		"/throw-getters":     "Error: name getter\n    at get (src/index.js:",
		"/throw-symbol":      "Error: Symbol(boom)",
		"/throw-function":    "boom: function boom() {",
	} {
		r := dev.get(path)
		if r.status != 500 || !strings.HasPrefix(r.body, want) {
			t.Errorf("%s: %d %q, want 500 starting %q", path, r.status, r.body, want)
		}
	}
	for _, internal := range []string{"&{", "goja", "internal error"} {
		if strings.Contains(dev.Stderr(), internal) {
			t.Errorf("the log shows Go internals (%q):\n%s", internal, dev.Stderr())
		}
	}
	dev.stillServing("thrown values")
}

func TestAdversarialCodeFromStrings(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	want := strings.Repeat("EvalError: Code generation from strings disallowed for this context\n", 3)
	if r := dev.get("/eval"); r.body != strings.TrimSuffix(want, "\n") {
		t.Errorf("eval, new Function, indirect eval: %q", r.body)
	}
}

func TestAdversarialHungRequests(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	const hung = "Error: The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response."
	for _, path := range []string{"/never", "/never-after-timer"} {
		start := time.Now()
		r := dev.get(path)
		if r.status != 500 || !strings.HasPrefix(r.body, hung) {
			t.Errorf("%s: %d %q", path, r.status, r.body)
		}
		t.Logf("%s answered in %v", path, time.Since(start))
	}
	// A stream that never enqueues: the headers go out, then the body ends when nothing
	// is left that could produce it (workerd: 200 with an empty body).
	if r := dev.get("/never-stream"); r.status != 200 || r.body != "" {
		t.Errorf("/never-stream: %d %q", r.status, r.body)
	}
	dev.stillServing("hung requests")
}

func TestAdversarialTimersEndWithTheirRequest(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	if r := dev.get("/timer-outlives"); r.body != "started" {
		t.Fatal(r.body)
	}
	time.Sleep(200 * time.Millisecond) // the 5 ms interval would have run ~40 times
	if r := dev.get("/ticks"); r.body != "0" {
		t.Errorf("an interval kept running after its request ended: %s ticks", r.body)
	}
}

func TestAdversarialStreamedResponse(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	res, err := http.Get(dev.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("content-type %q", res.Header.Get("Content-Type"))
	}
	// The worker enqueues an event, then one every 300 ms: each must arrive on its own,
	// long before the stream ends.
	start := time.Now()
	lines := bufio.NewReader(res.Body)
	var arrivals []time.Duration
	for i := 0; i < 3; i++ {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if want := "data: " + string(rune('0'+i)) + "\n"; line != want {
			t.Fatalf("event %d: %q", i, line)
		}
		lines.ReadString('\n')
		arrivals = append(arrivals, time.Since(start))
	}
	t.Logf("events arrived at %v", arrivals)
	if arrivals[1]-arrivals[0] < 200*time.Millisecond {
		t.Errorf("events arrived together (%v): the body was buffered", arrivals)
	}
}

func TestAdversarialHeaderInjection(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	if r := dev.get("/bad-header"); r.body != "TypeError: Invalid header value." {
		t.Errorf("a header value with CR/LF: %q", r.body)
	}
}

func TestAdversarialRegexStopsAtCPULimit(t *testing.T) {
	t.Parallel()
	dev := startAdversarial(t, 0)
	if r := dev.get("/regex"); r.status != 503 || r.body != "Worker exceeded CPU time limit." {
		t.Errorf("catastrophic regex: %d %q", r.status, r.body)
	}
	before := cpuTime(t, dev.PID())
	time.Sleep(time.Second)
	burnt := cpuTime(t, dev.PID()) - before
	t.Logf("CPU used in the second after the 503: %v", burnt)
	if burnt > 300*time.Millisecond {
		t.Errorf("the process used %v of CPU in the second after the 503: the regex is still running", burnt)
	}
	dev.stillServing("a catastrophic regex")
	if code := dev.stop(); code != 0 {
		t.Errorf("exit code %d after Ctrl-C", code)
	}
}

// cpuTime is the user+system CPU time of process pid so far (Linux /proc).
func cpuTime(t *testing.T, pid int) time.Duration {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		t.Skip("no /proc:", err)
	}
	// Fields after the command name (which is in parentheses): utime is the 14th field.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	utime, _ := strconv.Atoi(fields[11])
	stime, _ := strconv.Atoi(fields[12])
	ticks := utime + stime
	return time.Duration(ticks) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}
