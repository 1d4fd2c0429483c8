package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	goruntime "runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind, except Async's idle workers
// (workers.go), parked for the next call: a worker still running its work is a leak.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/goflare/goflare/runtime.worker"))
}

// startWorker bundles src as src/index.ts of a fresh project and starts an isolate on it.
// fileOf is an extra project file for startWorker.
type fileOf struct{ path, text string }

func startWorker(t *testing.T, src string, extra ...any) (*Isolate, *strings.Builder) {
	t.Helper()
	return startWorkerOut(t, Options{KVOpLimit: DefaultKVOpLimit}, src, extra...)
}

// startWorkerWith starts a worker with these options.
func startWorkerWith(t *testing.T, opts Options, src string, extra ...any) *Isolate {
	t.Helper()
	iso, _ := startWorkerOut(t, opts, src, extra...)
	return iso
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func startWorkerOut(t *testing.T, opts Options, src string, extra ...any) (*Isolate, *strings.Builder) {
	t.Helper()
	dir := t.TempDir()
	entry := filepath.Join(dir, "src", "index.ts")
	files := []fileOf{{"src/index.ts", src}}
	var bindings []Binding
	for _, x := range extra {
		switch x := x.(type) {
		case fileOf:
			files = append(files, x)
		case Binding:
			bindings = append(bindings, x)
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := bundle.Build(bundle.Options{Entry: entry, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	out := &strings.Builder{}
	opts.Script, opts.Bindings, opts.Stdout, opts.Stderr = s, bindings, out, out
	iso, err := NewIsolate(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(iso.Close)
	return iso, out
}

// TestWebAPIBehaviour runs each testdata/*.js worker (except the shared assert.js); a
// worker answers "ok" when every check it makes passed.
func TestWebAPIBehaviour(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.js")
	for _, f := range files {
		if filepath.Base(f) == "assert.js" {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(f), ".js"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			assert, _ := os.ReadFile("testdata/assert.js")
			iso, _ := startWorker(t, string(src), fileOf{"src/assert.js", string(assert)})
			req := &webapi.Request{Method: "POST", URL: "http://example.com/a?b=c", Headers: webapi.NewHeaders(),
				Body: webapi.Body{Data: []byte("posted body")}}
			req.Headers.Set("X-From-Test", "yes")
			req.CF = webapi.CFPlaceholder("gzip, br")
			// A bound against a hang, not a measure: json.js stringifies 100,000 levels,
			// which takes seconds under -race on a loaded machine (it took over 5).
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			res, err := iso.Fetch(ctx, req)
			if err == nil {
				err = res.ReadAll()
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Body) != "ok" {
				t.Fatal(string(res.Body))
			}
		})
	}
}

// get dispatches a GET; the Response is never nil, so a failure can print its body.
func get(t *testing.T, iso *Isolate, url string) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: url, Headers: webapi.NewHeaders()})
	if res == nil {
		res = &Response{} // never nil, so a failure message can print the body and the error
	}
	if rerr := res.ReadAll(); err == nil {
		err = rerr
	}
	return res, err
}

func TestModuleWorkerAsyncFetch(t *testing.T) {
	iso, out := startWorker(t, `
interface Env { GREETING: string }
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    await null;
    console.log("saw", url.pathname);
    return new Response(env.GREETING + " " + url.searchParams.get("who"), {
      status: 201, headers: { "X-Test": "yes" },
    });
  },
};`, varBinding{"GREETING", "hello"})
	if iso.Format != bundle.Modules {
		t.Fatalf("format = %v", iso.Format)
	}
	res, err := get(t, iso, "http://localhost/path?who=world")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 201 || string(res.Body) != "hello world" || res.Header.Get("X-Test") != "yes" ||
		res.Header.Get("Content-Type") != "text/plain;charset=UTF-8" {
		t.Fatalf("response = %d %q %v", res.Status, res.Body, res.Header)
	}
	if !strings.Contains(out.String(), "saw /path\n") {
		t.Fatalf("console output = %q", out.String())
	}
}

// TestReplacedFetchIsCalled: the isolate keeps the handler's fetch as a callable between
// requests; a handler that replaces its fetch gets the new one called next time.
func TestReplacedFetchIsCalled(t *testing.T) {
	iso, _ := startWorker(t, `
const handler = {
  async fetch(): Promise<Response> {
    handler.fetch = async () => new Response("second");
    return new Response("first");
  },
};
export default handler;`)
	for _, want := range []string{"first", "second", "second"} {
		res, err := get(t, iso, "http://localhost/")
		if err != nil || string(res.Body) != want {
			t.Fatalf("got %q, %v; want %q", res.Body, err, want)
		}
	}
}

// TestResponseReadAfterQueuedJobs: a response the handler returned without awaiting is
// read after the promise jobs the handler queued have run, as in workerd (checked with
// wrangler dev 4.86: all three headers arrive), and after awaits too.
func TestResponseReadAfterQueuedJobs(t *testing.T) {
	iso, _ := startWorker(t, `
export default {
  async fetch(request: Request): Promise<Response> {
    const r = new Response("ok");
    Promise.resolve().then(() => r.headers.set("x-late", "1"));
    queueMicrotask(() => r.headers.set("x-micro", "2"));
    (async () => { await null; await null; r.headers.set("x-deep", "3"); })();
    if (request.url.endsWith("/await")) await null;
    return r;
  },
};`)
	for _, path := range []string{"/", "/await"} {
		res, err := get(t, iso, "http://localhost"+path)
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("X-Late") != "1" || res.Header.Get("X-Micro") != "2" || res.Header.Get("X-Deep") != "3" {
			t.Fatalf("%s: headers = %v", path, res.Header)
		}
	}
}
func TestServiceWorkerFormat(t *testing.T) {
	iso, _ := startWorker(t, `
addEventListener("fetch", (event: FetchEvent) => {
  event.respondWith(handle(event.request));
});
async function handle(req: Request): Promise<Response> {
  return new Response("sw " + GREETING + " " + req.method);
}
declare const GREETING: string;`, varBinding{"GREETING", "hi"})
	if iso.Format != bundle.ServiceWorker {
		t.Fatalf("format = %v", iso.Format)
	}
	res, err := get(t, iso, "http://localhost/")
	if err != nil || string(res.Body) != "sw hi GET" {
		t.Fatalf("response = %+v, %v", res, err)
	}
}

func TestUncaughtExceptionHasSourceMappedStack(t *testing.T) {
	iso, _ := startWorker(t, `
function boom(): never {
  throw new RangeError("kaboom");
}
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/sync") boom();
    await null;
    boom();
  },
};`)
	for _, path := range []string{"/sync", "/async"} {
		_, err := get(t, iso, "http://localhost"+path)
		var ex *Exception
		if !errors.As(err, &ex) {
			t.Fatalf("%s: err = %v, want *Exception", path, err)
		}
		if ex.Name != "RangeError" || ex.Message != "kaboom" {
			t.Errorf("%s: exception = %+v", path, ex)
		}
		if !strings.HasPrefix(ex.Stack, "RangeError: kaboom\n    at boom (src/index.ts:3:9)") {
			t.Errorf("%s: stack = %q", path, ex.Stack)
		}
	}
	// The isolate keeps serving after an exception.
	if _, err := get(t, iso, "http://localhost/sync"); err == nil {
		t.Fatal("want the exception again")
	}
}

func TestThrownNonErrorReadsAsError(t *testing.T) {
	iso, _ := startWorker(t, `export default { fetch() { return Promise.reject("plain string"); } };`)
	_, err := get(t, iso, "http://localhost/")
	var ex *Exception
	if !errors.As(err, &ex) || ex.Stack != "Error: plain string" {
		t.Fatalf("err = %#v", err)
	}
}

func TestNonResponseIsATypeError(t *testing.T) {
	iso, _ := startWorker(t, `export default { fetch() { return "nope"; } };`)
	_, err := get(t, iso, "http://localhost/")
	var ex *Exception
	if !errors.As(err, &ex) || ex.Stack != "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'." {
		t.Fatalf("err = %v", err)
	}
}

// TestInvocationFollowsAwaits checks that a binding entered after awaits, while other
// requests interleave, still sees its own invocation.
func TestInvocationFollowsAwaits(t *testing.T) {
	iso, _ := startWorker(t, `
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const n = Number(new URL(request.url).searchParams.get("n"));
    let ids = [];
    for (let i = 0; i < n; i++) {
      ids.push(await env.PROBE.op());
      await new Promise((r) => setTimeout(r, 1));
    }
    return new Response(ids.join(","));
  },
};`, probeBinding{})
	type result struct {
		body string
		err  error
	}
	results := make(chan result, 4)
	for i := 0; i < 4; i++ {
		go func() {
			res, err := get(t, iso, "http://localhost/?n=5")
			if err != nil {
				results <- result{err: err}
				return
			}
			results <- result{body: string(res.Body)}
		}()
	}
	for i := 0; i < 4; i++ {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		ops := strings.Split(r.body, ",")
		// Each op returns "<invocation id>:<ops counted so far in it>".
		id := strings.Split(ops[0], ":")[0]
		for j, op := range ops {
			if op != id+":"+string(rune('1'+j)) {
				t.Fatalf("ops = %v: invocation lost across awaits", ops)
			}
		}
	}
}

// TestInvocationSurvivesStreamedBody: reading a streamed request body runs promise jobs
// from Go; the invocation must still be current afterwards.
func TestInvocationSurvivesStreamedBody(t *testing.T) {
	iso, _ := startWorker(t, `
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const text = await request.text();
    return new Response(text + " " + (await env.PROBE.op()).split(":")[1]);
  },
};`, probeBinding{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := iso.Fetch(ctx, &webapi.Request{Method: "POST", URL: "http://localhost/", Headers: webapi.NewHeaders(),
		Body: webapi.Body{Reader: io.NopCloser(strings.NewReader("streamed"))}})
	if err != nil || string(res.Body) != "streamed 1" {
		t.Fatalf("%v %q", err, res.Body)
	}
}

func TestUncaughtAsyncErrorsAreLoggedAndTheIsolateLivesOn(t *testing.T) {
	iso, out := startWorker(t, `
function failLater(): Promise<never> { return Promise.reject(new TypeError("nobody catches me")); }
export default {
  async fetch(request: Request): Promise<Response> {
    failLater();
    setTimeout(() => { throw new RangeError("timer threw"); }, 1);
    await new Promise((r) => setTimeout(r, 20));
    return new Response("still here");
  },
};`)
	for i := 0; i < 2; i++ {
		res, err := get(t, iso, "http://localhost/")
		if err != nil || string(res.Body) != "still here" {
			t.Fatalf("request %d: %v %q", i, err, res.Body)
		}
	}
	log := out.String()
	for _, want := range []string{
		"Uncaught (in promise) TypeError: nobody catches me\n    at failLater (src/index.ts:2:",
		"Uncaught RangeError: timer threw\n",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// varBinding is a plain string binding for these tests.
type varBinding struct{ name, value string }

func (b varBinding) Name() string { return b.name }
func (b varBinding) Value(iso *Isolate) (goja.Value, error) {
	return iso.VM().ToValue(b.value), nil
}

// probeBinding counts a KV op on the current invocation, asynchronously, and reports it.
type probeBinding struct{}

func (probeBinding) Name() string { return "PROBE" }
func (probeBinding) Value(iso *Isolate) (goja.Value, error) {
	vm := iso.VM()
	o := vm.NewObject()
	o.Set("op", func(call goja.FunctionCall) goja.Value {
		inv := iso.Invocation()
		if inv == nil {
			panic(vm.NewGoError(errors.New("no current invocation")))
		}
		if err := inv.CountKVOp(); err != nil {
			panic(err)
		}
		n := inv.KVOps()
		return iso.Async(func(inv *Invocation) func(vm *goja.Runtime) (goja.Value, error) {
			time.Sleep(time.Millisecond)
			return func(vm *goja.Runtime) (goja.Value, error) {
				return vm.ToValue(strings.Join([]string{itoa(inv.ID), itoa(uint64(n))}, ":")), nil
			}
		})
	})
	return o, nil
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// BenchmarkFetch measures one fetch event through an isolate: dispatch onto the loop,
// an async handler, a Response back.
func BenchmarkFetch(b *testing.B) {
	dir := b.TempDir()
	entry := filepath.Join(dir, "index.js")
	os.WriteFile(entry, []byte(`export default { async fetch(req) { await null; return new Response("hi " + new URL(req.url).pathname); } };`), 0o644)
	bres, err := bundle.Build(bundle.Options{Entry: entry, Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	s, err := Compile(bres)
	if err != nil {
		b.Fatal(err)
	}
	iso, err := NewIsolate(Options{Script: s})
	if err != nil {
		b.Fatal(err)
	}
	defer iso.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: "http://localhost/x", Headers: webapi.NewHeaders()})
		if err != nil || res.Status != 200 {
			b.Fatal(err)
		}
	}
}

// TestCPULimitRetiresTheIsolate: a runaway request fails with ErrCPULimit; the isolate
// is then Broken (goja cannot resume promise jobs after interrupting an async function),
// and the owner starts a new one (devserver does; see its e2e test).
func TestCPULimitRetiresTheIsolate(t *testing.T) {
	for _, path := range []string{"/spin", "/spin-later"} {
		iso := startWorkerWith(t, Options{CPULimit: 200 * time.Millisecond}, `
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/spin") { while (true) {} }
    if (new URL(request.url).pathname === "/spin-later") { await null; for (;;) {} }
    return new Response("fine");
  },
};`)
		if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != "fine" {
			t.Fatalf("before: %v", err)
		}
		_, err := get(t, iso, "http://localhost"+path)
		if !errors.Is(err, ErrCPULimit) {
			t.Fatalf("%s: err = %v, want ErrCPULimit", path, err)
		}
		if !iso.Broken() {
			t.Fatalf("%s: the isolate must be retired", path)
		}
		if _, err := get(t, iso, "http://localhost/"); !errors.Is(err, ErrIsolateReset) {
			t.Fatalf("a retired isolate answered: %v", err)
		}
	}
}

// TestCPULimitCountsCPUTime: the limit charges the time JavaScript ran on a core, as
// workerd's cpu_ms does, not the wall time it waited (here, in a call that sleeps; in a
// loaded test run, for a core). Top-level code and requests that wait 700 ms under a
// 400 ms limit run to the end; one that spins is still stopped. The CPU counted is the
// process's, so the garbage of earlier tests is collected first: under -race its
// collection alone used over 100 ms of CPU in 300 ms.
func TestCPULimitCountsCPUTime(t *testing.T) {
	goruntime.GC()
	iso := startWorkerWith(t, Options{CPULimit: 400 * time.Millisecond}, `
import { env } from "cloudflare:workers";
env.SLEEP();
export default {
  async fetch(request: Request, env: { SLEEP: () => void }): Promise<Response> {
    if (new URL(request.url).pathname === "/spin") { for (;;) {} }
    env.SLEEP();
    return new Response("slept");
  },
};`, sleepBinding{700 * time.Millisecond})
	if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != "slept" {
		t.Fatalf("a request that waited 300 ms without running: %v", err)
	}
	if _, err := get(t, iso, "http://localhost/spin"); !errors.Is(err, ErrCPULimit) {
		t.Fatalf("spin: err = %v, want ErrCPULimit", err)
	}
}

// sleepBinding is a function that blocks the loop without using the CPU.
type sleepBinding struct{ d time.Duration }

func (sleepBinding) Name() string { return "SLEEP" }
func (b sleepBinding) Value(iso *Isolate) (goja.Value, error) {
	return iso.VM().ToValue(func() { time.Sleep(b.d) }), nil
}

func TestMemoryLimitStopsARunawayAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("allocating hundreds of MB under the race detector takes minutes")
	}
	iso := startWorkerWith(t, Options{MemoryLimit: 256 << 20}, `
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/grow") {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Uint8Array(1 << 20));
    }
    return new Response("fine");
  },
};`)
	_, err := get(t, iso, "http://localhost/grow")
	if !errors.Is(err, ErrMemoryLimit) {
		t.Fatalf("err = %v, want ErrMemoryLimit", err)
	}
	if !iso.Broken() {
		t.Fatal("the isolate must be retired")
	}
}

// TestMemoryLimitBlamesOnlyLiveMemory: the garbage one request left behind does not stop
// the next one.
func TestMemoryLimitBlamesOnlyLiveMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("allocating hundreds of MB under the race detector takes minutes")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // garbage stays until collected
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	iso := startWorkerWith(t, Options{MemoryLimit: 200 << 20}, `
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/litter") {
      for (let i = 0; i < 300; i++) new Uint8Array(1 << 20); // 300 MB of garbage, made fast
      return new Response("littered");
    }
    // A small request that runs long enough for the watchdog to look at the heap.
    const start = Date.now();
    let n = 0;
    while (Date.now() - start < 100) n++;
    return new Response("fine");
  },
};`)
	if res, err := get(t, iso, "http://localhost/litter"); err != nil || string(res.Body) != "littered" {
		t.Fatalf("littering request: %v %q", err, res.Body)
	}
	if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != "fine" {
		t.Fatalf("the request after the garbage: %v %q", err, res.Body)
	}
}

// TestClockOption: Options.Now is the worker's Date.
func TestClockOption(t *testing.T) {
	at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	iso := startWorkerWith(t, Options{Now: func() time.Time { return at }}, `
export default { fetch() { return new Response(Date.now() + " " + new Date().toISOString()); } };`)
	res, err := get(t, iso, "http://x/")
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.FormatInt(at.UnixMilli(), 10) + " 2031-05-06T07:08:09.000Z"; string(res.Body) != want {
		t.Fatalf("got %q, want %q", res.Body, want)
	}
}

// TestPassedOnBodyKeepsItsLength: a body handed on unread (hono's cors middleware does
// new Response(res.body, res)) reaches Go as bytes, so the response has a Content-Length
// as in workerd, not a chunked stream.
func TestPassedOnBodyKeepsItsLength(t *testing.T) {
	iso, _ := startWorker(t, `
export default {
  fetch(request: Request): Response {
    const res = new Response("passed on", { headers: { "X-A": "1" } });
    if (new URL(request.url).pathname === "/stream") {
      return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("made")); c.close(); } }));
    }
    return new Response(res.body, res);
  },
};`)
	res, err := iso.Fetch(context.Background(), &webapi.Request{Method: "GET", URL: "http://localhost/", Headers: webapi.NewHeaders()})
	if err != nil || res.Stream != nil || string(res.Body) != "passed on" || res.Header.Get("X-A") != "1" {
		t.Fatalf("passed-on body: err %v, stream %v, body %q, header %v", err, res.Stream != nil, res.Body, res.Header)
	}
	res, err = iso.Fetch(context.Background(), &webapi.Request{Method: "GET", URL: "http://localhost/stream", Headers: webapi.NewHeaders()})
	if err != nil || res.Stream == nil {
		t.Fatalf("a stream the worker made must stay a stream: %v %v", err, res)
	}
	res.Stream.Close()
}

// TestDynamicImportOfBundledModules: import() of a path esbuild resolves is bundled (the
// module runs once, on first import, as an ES module does); only a specifier it cannot
// resolve at build time reaches the runtime's hook.
func TestDynamicImportOfBundledModules(t *testing.T) {
	iso, _ := startWorker(t, `
let loads = 0;
(globalThis as any).countLoad = () => loads++;
export default {
  async fetch(): Promise<Response> {
    const a = await import("./lazy");
    const b = await import("./lazy.js");
    const spec = "./lazy.js";
    let hookErr = "";
    try { await import(spec); } catch (e: any) { hookErr = e.message; }
    return new Response([a.answer, a === b, loads, hookErr].join("|"));
  },
};`, fileOf{"src/lazy.js", `globalThis.countLoad(); export const answer = 42;`})
	res, err := get(t, iso, "http://localhost/")
	if want := `42|true|1|No such module "lazy.js".`; err != nil || string(res.Body) != want {
		t.Fatalf("got %q, %v; want %q", res.Body, err, want)
	}
}

// TestDecoratorsAreLowered: V8 has no decorators, and neither has goja; esbuild lowers
// them, as wrangler's esbuild (target es2022) does, so a worker using them runs.
func TestDecoratorsAreLowered(t *testing.T) {
	iso, _ := startWorker(t, `
const log: string[] = [];
function logged(value: any, context: ClassMethodDecoratorContext) {
  return function (this: any, ...args: any[]) { log.push(String(context.name)); return value.apply(this, args); };
}
class Greeter {
  @logged greet(name: string) { return "hi " + name; }
}
export default {
  fetch(): Response { return new Response(new Greeter().greet("you") + " " + log.join(",")); },
};`)
	res, err := get(t, iso, "http://localhost/")
	if err != nil || string(res.Body) != "hi you greet" {
		t.Fatalf("got %q, %v", res.Body, err)
	}
}

// TestGlobalScopeRefusals: at the module's top level workerd refuses timers and random
// values with its "Disallowed operation called within global scope" Error; inside a
// handler they work. (Found by running react-dom's streaming renderer, whose code worked
// in goflare and failed on workerd.)
func TestGlobalScopeRefusals(t *testing.T) {
	iso, _ := startWorker(t, `
const at = (f: () => unknown) => { try { f(); return "ok"; } catch (e: any) { return e.constructor.name + ": " + e.message; } };
const top = [at(() => setTimeout(() => {}, 1)), at(() => setInterval(() => {}, 1)), at(() => clearTimeout(1)),
  at(() => crypto.randomUUID()), at(() => crypto.getRandomValues(new Uint8Array(1))), at(() => Math.random()), at(() => queueMicrotask(() => {}))];
export default {
  fetch(): Response {
    const inside = [at(() => clearTimeout(setTimeout(() => {}, 1))), at(() => crypto.randomUUID()), at(() => crypto.getRandomValues(new Uint8Array(1)))];
    return Response.json({ top, inside });
  },
};`)
	res, err := get(t, iso, "http://localhost/")
	if err != nil {
		t.Fatal(err)
	}
	refused := "Error: " + webapi.GlobalScopeError
	var got struct{ Top, Inside []string }
	if err := json.Unmarshal(res.Body, &got); err != nil {
		t.Fatal(err, string(res.Body))
	}
	want := []string{refused, refused, refused, refused, refused, "ok", "ok"}
	if !reflect.DeepEqual(got.Top, want) || !reflect.DeepEqual(got.Inside, []string{"ok", "ok", "ok"}) {
		t.Fatalf("top level %q\ninside %q", got.Top, got.Inside)
	}
}

// TestAwaitSequence: an async function awaits settled and pending promises, the same
// promise twice, a rejection it catches, a thenable and a plain value, two such
// functions interleaving; the sums and the order of their steps are V8's (node 20 ran
// the same code). gojafork's patch 26 reuses an async function's await reactions.
func TestAwaitSequence(t *testing.T) {
	iso, _ := startWorker(t, `
async function f(log, tag) {
  const p = Promise.resolve(1);
  let s = 0;
  s += await p; log.push(tag + "a");
  s += await p; log.push(tag + "b");
  try { await Promise.reject(new Error("x")); } catch (e) { s += 10; log.push(tag + "c"); }
  s += await { then(r) { r(100); } }; log.push(tag + "d");
  s += await 1000; log.push(tag + "e");
  s += await new Promise(r => setTimeout(() => r(10000), 1)); log.push(tag + "f");
  try { await new Promise((_, j) => setTimeout(() => j(new Error("late")), 1)); } catch (e) { s += 100000; log.push(tag + "g"); }
  return s;
}
export default {
  async fetch() {
    const log = [];
    const [x, y] = await Promise.all([f(log, "X"), f(log, "Y")]);
    return new Response(x + " " + y + " " + log.join(","));
  },
};`)
	res, err := get(t, iso, "http://localhost/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(res.Body), "111112 111112 Xa,Ya,Xb,Yb,Xc,Yc,Xd,Yd,Xe,Ye,Xf,Yf,Xg,Yg"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
