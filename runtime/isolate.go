package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	goruntime "runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/eventloop"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/jsx"
	"github.com/goflare/goflare/runtime/node"
	"github.com/goflare/goflare/runtime/webapi"
)

// Binding makes one entry of a worker's env (a KV namespace, a var, a secret) for an
// isolate. devserver builds the list from the config; the runtime knows no binding kinds.
type Binding interface {
	// Name is the env property (and, for service-worker workers, the global) it appears as.
	Name() string
	// Value makes the JS value for iso. It is called once per isolate, on its loop.
	Value(iso *Isolate) (goja.Value, error)
}

// A GetterBinding is read through a getter, called at each read of env[Name()] (Value is
// not used): a binding goflare does not provide throws there, naming itself.
type GetterBinding interface {
	Binding
	Get(iso *Isolate) (goja.Value, error)
}

// GlobalOnlyBinding is a binding a service-worker worker sees as a global and a module
// worker does not see in env (Workers Sites' __STATIC_CONTENT_MANIFEST, which a module
// worker imports instead).
type GlobalOnlyBinding interface {
	Binding
	// GlobalOnly marks the binding; it does nothing.
	GlobalOnly()
}

// A PlainBinding is a var or a secret: text or JSON. nodejs_compat puts these in
// process.env (JSON as its text), as workerd does.
type PlainBinding interface {
	Binding
	// Plain marks the binding; it does nothing.
	Plain()
}

// Options configures an isolate.
type Options struct {
	Script   *Script
	Bindings []Binding
	// Stdout and Stderr receive the worker's console output.
	Stdout, Stderr io.Writer
	// LogLevel is how much of the console output is printed (wrangler's --log-level);
	// the zero value prints all but what only debug shows.
	LogLevel webapi.LogLevel
	// KVOpLimit is the KV operations allowed per invocation; 0 turns the check off.
	KVOpLimit int
	// SubrequestLimit is the outbound fetches allowed per invocation (limits.subrequests);
	// 0 means DefaultSubrequestLimit.
	SubrequestLimit int
	// CPULimit is how long JavaScript may run without yielding (limits.cpu_ms); 0 turns
	// the check off.
	CPULimit time.Duration
	// MemoryLimit is the heap size (bytes) past which running JavaScript is stopped; 0
	// means DefaultMemoryLimit, a negative value turns the check off.
	MemoryLimit int64
	// Caches keeps the Cache API's responses; nil keeps them in the isolate's memory.
	Caches webapi.CacheStore
	// Compat is what the compatibility date and flags change in the Web APIs
	// (webapi.CompatFor).
	Compat webapi.Compat
	// Now is the worker's clock (Date.now(), new Date()); nil means time.Now. Tests move
	// it forward with the dev server's test controls.
	Now func() time.Time
	// Startup, when not nil, stops the script's top-level code when it ends (a newer save,
	// Ctrl-C): NewIsolate then returns its error.
	Startup context.Context
}

// Isolate is one goja runtime owned by one event-loop goroutine. Every line of JS runs on
// that goroutine; requests interleave at await, never in parallel.
type Isolate struct {
	opts  Options
	loop  *eventloop.EventLoop
	vm    *goja.Runtime // only touched on the loop
	realm *webapi.Realm
	node  *node.Modules // nil without nodejs_compat

	timers   timerHeap // loop only (bridge.go)
	timerSeq uint64

	// Format is how the worker hands its handlers over.
	Format bundle.Format
	// Warnings are what loading the script found worth saying (e.g. wrangler's format warning).
	Warnings []string

	exports *goja.Object // the module's default export (modules format)
	// workerEntrypoint is cloudflare:workers' WorkerEntrypoint: a default export that
	// extends it is instantiated per event (builtins.go).
	workerEntrypoint *goja.Object
	env              *goja.Object
	listeners        map[string][]goja.Callable // addEventListener (service-worker format)
	promiseProtoObj  *goja.Object               // Promise.prototype, for awaitResponse
	fetchObj         *goja.Object               // the handler's fetch last called, and as a callable (fetchOf)
	fetchFn          goja.Callable
	classes          map[string]*jsx.Class
	unhandled        []*goja.Promise // rejected with no handler during the current job
	running          atomic.Pointer[Invocation]
	job              atomic.Pointer[jobGuard] // the job running on the loop, if any
	watch            cpuWatch                 // the CPU limit's timer
	stopWatch        chan struct{}            // ends watchMemory
	broken           atomic.Bool
	activeMu         sync.Mutex
	active           map[*Invocation]struct{} // invocations whose response is not yet out
	current          *Invocation
	beforeJob        *Invocation // what current was before the running promise job (tracker)
	// frame is the async context frame AsyncLocalStorage reads (nil: none). It travels
	// with promise jobs (tracker), timers and callbacks (bridge.go), as the invocation does.
	frame, frameBeforeJob goja.Value
	live                  []*Invocation // invocations not yet ended (lifecycle.go), each at its liveAt; loop only
	liveCount             atomic.Int64
	// overflowed is set when goja reports an uncatchable *goja.StackOverflowError: like an
	// interrupt, that leaves goja unable to run promise jobs, so the isolate is retired
	// after the job. goflare's goja (runtime/gojafork) throws a catchable RangeError
	// instead, so this is a guard for an engine that would, not a path taken today.
	overflowed bool

	inflight sync.WaitGroup
	pending  atomic.Int64 // promises made through the bridge and not yet settled
	closeMu  sync.Mutex
	closed   bool
	closeBy  atomic.Int64 // unix ns by which Close stops waiting; 0 until set
}

// ErrClosed is returned for work posted to an isolate that has been closed; the work
// never reached the worker.
var ErrClosed = errors.New("runtime: isolate closed")

// ErrStopped fails a request still running when its isolate was closed (after the grace
// of Close): the worker had not answered it.
var ErrStopped = errors.New("The worker was stopped (reloaded or shut down) before it answered this request.")

// NewIsolate starts a loop, installs the Web-platform globals, runs the script, detects
// its format and builds env from the bindings. A script that throws while loading is an
// error (an *Exception with its source-mapped stack).
func NewIsolate(opts Options) (*Isolate, error) {
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.SubrequestLimit == 0 {
		opts.SubrequestLimit = DefaultSubrequestLimit
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	iso := &Isolate{
		opts:      opts,
		loop:      eventloop.NewEventLoop(eventloop.EnableConsole(false)),
		listeners: map[string][]goja.Callable{},
		classes:   map[string]*jsx.Class{},
	}
	iso.loop.Start()
	if opts.MemoryLimit > 0 {
		iso.stopWatch = make(chan struct{})
		go iso.watchMemory(iso.stopWatch)
	}
	errc := make(chan error, 1)
	iso.loop.RunOnLoop(func(vm *goja.Runtime) {
		// Top-level code is under the CPU limit too (load arms it when the worker's own
		// code starts), and stops when Startup ends.
		g := iso.guard(vm, ErrStartupCPULimit, false)
		loaded := make(chan struct{})
		defer close(loaded)
		if opts.Startup != nil {
			go func() {
				select {
				case <-opts.Startup.Done():
					g.interrupt(opts.Startup.Err())
				case <-loaded:
				}
			}()
		}
		err := iso.load(vm)
		if g.stop() {
			vm.ClearInterrupt()
			err = g.reason
		}
		errc <- err
	})
	if err := <-errc; err != nil {
		iso.stopWatching()
		iso.loop.Terminate()
		return nil, err
	}
	return iso, nil
}

// load runs on the loop: globals, script, format, env.
func (iso *Isolate) load(vm *goja.Runtime) (err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("runtime: loading the worker panicked: %v", x)
		}
	}()
	iso.vm = vm
	vm.SetMaxCallStackSize(maxCallDepth)
	// goflare's own JavaScript stays out of err.stack, as workerd's built-ins do.
	vm.SetHiddenSourcePrefix(webapi.ScriptPrefix)
	// One allocation past the memory limit is V8's RangeError, not a fatal Go
	// out-of-memory that would take the whole process down.
	if iso.opts.MemoryLimit > 0 {
		vm.SetAllocationLimit(iso.opts.MemoryLimit)
	}
	// A regular expression match that ran for the CPU limit (see LimitRegexps) stops the
	// job as the CPU limit does: goja does not look at its interrupt inside a match.
	vm.SetMatchTimeoutHandler(func() {
		if g := iso.job.Load(); g != nil {
			g.interrupt(g.overrun)
		}
	})
	if iso.opts.Now != nil {
		vm.SetTimeSource(iso.opts.Now)
	}
	vm.SetAsyncContextTracker(tracker{iso})
	vm.SetPromiseRejectionTracker(iso.trackRejection)
	vm.GlobalObject().Delete("require") // the loop's module registry: workers have none
	vm.GlobalObject().Delete("setImmediate")
	vm.GlobalObject().Delete("clearImmediate")
	iso.realm = webapi.Install(vm, bridge{iso}, iso.opts.Stdout, iso.opts.Stderr, iso.opts.LogLevel)
	iso.realm.Fetcher = webapi.NewFetcher()
	iso.realm.Compat = iso.opts.Compat
	if iso.opts.Caches != nil {
		iso.realm.Caches = iso.opts.Caches
	}
	iso.realm.Describe = func(err error) string {
		if so, ok := err.(*goja.StackOverflowError); ok { // no JS may run to describe it
			return stackOverflow(so).Stack
		}
		return exceptionOf(vm, jsx.ToValue(vm, err)).Stack
	}
	iso.realm.OnError = iso.noteError
	iso.realm.InGlobalScope = func() bool { return iso.current == nil }
	iso.realm.Subrequest = func() error {
		if iso.current == nil {
			return jsx.PlainError(errGlobalScope)
		}
		if err := iso.current.CountSubrequest(); err != nil {
			return jsx.PlainError(err.Error())
		}
		return nil
	}
	iso.installEventTarget()
	iso.executionContextClass()
	iso.fetchEventClass()
	// env exists before the bundle runs: cloudflare:workers exports it to module scope.
	if err := iso.buildEnv(vm); err != nil {
		return err
	}
	iso.installNode()
	if err := iso.installBuiltins(vm); err != nil {
		return err
	}
	if g := iso.job.Load(); g != nil {
		g.arm()
	}
	if _, err := vm.RunProgram(iso.opts.Script.program); err != nil {
		return exceptionFrom(vm, err)
	}
	exports, _ := vm.Get(bundle.GlobalName).(*goja.Object)
	var names []string
	if exports != nil {
		names = exports.Keys()
	}
	format, warning := bundle.DetectFormat(iso.opts.Script.Entry, names)
	iso.Format = format
	if warning != "" {
		iso.Warnings = append(iso.Warnings, warning)
	}
	if format == bundle.Modules {
		def, ok := exports.Get("default").(*goja.Object)
		if !ok {
			return &Exception{Name: "TypeError", Message: "The default export must be an object.", Stack: "TypeError: The default export must be an object."}
		}
		iso.exports = def
	} else {
		// Service-worker workers see the bindings as globals.
		for _, b := range iso.opts.Bindings {
			if g, ok := b.(GetterBinding); ok {
				vm.GlobalObject().DefineAccessorProperty(b.Name(), iso.getter(g), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
				continue
			}
			if _, ok := b.(GlobalOnlyBinding); ok {
				v, err := b.Value(iso)
				if err != nil {
					return fmt.Errorf("binding %s: %w", b.Name(), err)
				}
				vm.Set(b.Name(), v)
				continue
			}
			vm.Set(b.Name(), iso.env.Get(b.Name()))
		}
	}
	return nil
}

// getter is the JS getter of a GetterBinding: its value, or its error thrown.
func (iso *Isolate) getter(g GetterBinding) goja.Value {
	return iso.vm.ToValue(func(goja.FunctionCall) goja.Value {
		v, err := g.Get(iso)
		if err != nil {
			jsx.Throw(iso.vm, err)
		}
		return v
	})
}

// buildEnv makes env from the bindings.
func (iso *Isolate) buildEnv(vm *goja.Runtime) error {
	iso.env = vm.NewObject()
	for _, b := range iso.opts.Bindings {
		if g, ok := b.(GetterBinding); ok {
			iso.env.DefineAccessorProperty(b.Name(), iso.getter(g), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
			continue
		}
		if _, ok := b.(GlobalOnlyBinding); ok {
			continue
		}
		v, err := b.Value(iso)
		if err != nil {
			return fmt.Errorf("binding %s: %w", b.Name(), err)
		}
		iso.env.Set(b.Name(), v)
	}
	return nil
}

// installNode makes the Node.js modules nodejs_compat gives the worker (runtime/node);
// process.env holds the env's text values when the flags say so.
func (iso *Isolate) installNode() {
	nc := iso.opts.Script.Node
	if !nc.Modules && !nc.OnlyAsyncHooks {
		return
	}
	opts := node.Options{Globals: nc.Bare, OnlyAsyncHooks: nc.OnlyAsyncHooks, Context: asyncContext{iso}}
	if nc.PopulateEnv {
		opts.Env = map[string]string{}
		stringify, _ := goja.AssertFunction(iso.vm.Get("JSON").ToObject(iso.vm).Get("stringify"))
		for _, b := range iso.opts.Bindings {
			if _, ok := b.(PlainBinding); !ok {
				continue
			}
			v := iso.env.Get(b.Name())
			if s, ok := v.Export().(string); ok {
				opts.Env[b.Name()] = s
			} else if text, err := stringify(goja.Undefined(), v); err == nil {
				opts.Env[b.Name()] = text.String()
			}
		}
	}
	iso.node = node.Install(iso.realm, opts)
}

// post runs fn on the loop. It is the only place work is queued onto the loop; a panic
// in fn is contained so that one bad callback cannot stop the isolate.
func (iso *Isolate) post(fn func(vm *goja.Runtime)) bool {
	return iso.loop.RunOnLoop(func(vm *goja.Runtime) {
		g := iso.armCPULimit(vm)
		defer func() {
			if x := recover(); x != nil {
				// A bug of ours, not the worker's: say so, fail the request it was
				// serving rather than leave it waiting, and retire the isolate.
				g.stop()
				text := panicText(x)
				fmt.Fprintf(iso.opts.Stderr, "[goflare:error] internal error on the event loop: %s\n", text)
				if inv := iso.running.Load(); inv != nil {
					inv.finish(nil, errors.New("internal error in goflare: "+text))
				}
				iso.poison()
			}
		}()
		fn(vm)
		if g.stop() {
			vm.ClearInterrupt()
			iso.poison()
			return
		}
		if iso.overflowed {
			iso.poison()
			return
		}
		iso.reportUnhandled()
		iso.sweep()
	})
}

// maxCallDepth is how deep JavaScript calls may nest before they throw V8's
// "RangeError: Maximum call stack size exceeded" (V8's default stack holds about 10,000
// small frames). It also bounds the Go stack that native callbacks (Array.prototype.map
// calling back into JS, ...) use, whose overflow would kill the process.
const maxCallDepth = 10_000

// noteError looks at an error a JS call returned to Go: a stack overflow marks the
// isolate for retirement after the current job (see overflowed). Broken reports it at
// once, before the failure reaches the request, so that its owner starts a new isolate
// for the next one.
func (iso *Isolate) noteError(err error) {
	if _, ok := err.(*goja.StackOverflowError); ok { // not errors.As: see exceptionFrom
		iso.overflowed = true
		iso.broken.Store(true)
	}
}

// poison retires the isolate after an interrupt or a stack overflow: goja cannot run
// promise jobs again once either unwound an async function (checked against goja
// v0.0.0-20260917113740), so every request still running here fails and Broken tells
// the owner to start a new isolate, as workerd starts a new isolate after a CPU-limit
// overrun.
func (iso *Isolate) poison() {
	defer iso.endAll()
	iso.broken.Store(true)
	iso.activeMu.Lock()
	active := make([]*Invocation, 0, len(iso.active))
	for inv := range iso.active {
		active = append(active, inv)
	}
	iso.activeMu.Unlock()
	for _, inv := range active {
		inv.finish(nil, ErrIsolateReset)
	}
}

// Broken reports whether the isolate has been retired (see poison); a broken isolate
// answers every Fetch with ErrIsolateReset.
func (iso *Isolate) Broken() bool { return iso.broken.Load() }

// ErrIsolateReset fails the requests that were running in an isolate retired after
// another request exceeded the CPU limit.
var ErrIsolateReset = errors.New("The Worker's isolate was reset because a request exceeded the CPU time limit.")

// ErrRetired is what Fetch and Scheduled return when the isolate was already retired
// (see Broken) when the event came: it never ran, so the owner can hand it to a new
// isolate. errors.Is(ErrRetired, ErrIsolateReset) holds and the text is the same.
var ErrRetired = fmt.Errorf("%w", ErrIsolateReset)

// jobGuard watches one job on the loop: the CPU limit (cpuWatch) and the memory
// watchdog may interrupt it, once; the loop asks afterwards whether they did.
type jobGuard struct {
	mu          sync.Mutex
	over, fired bool
	reason      error // what interrupted the job
	overrun     error // what the CPU limit interrupts it with
	iso         *Isolate
	vm          *goja.Runtime
	// The CPU limit's count, from arm on (armed); cpuWatch alone reads and writes the
	// rest, under mu.
	armed      bool
	start      time.Time     // when arm was called
	sampled    bool          // whether cpu has been charged the first cpuSampleAfter yet
	cpu, since time.Duration // process CPU charged so far; the clock when it was
}

// interrupt stops the job's JavaScript and fails its invocation with err (unless the
// job is already over). The isolate is retired: see poison.
func (g *jobGuard) interrupt(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.over || g.fired {
		return
	}
	g.fired = true
	g.reason = err
	g.iso.broken.Store(true) // before the failure is reported: see poison
	if inv := g.iso.running.Load(); inv != nil {
		inv.finish(nil, err)
	}
	g.vm.Interrupt(err)
}

// stop ends the job: neither limit interrupts it from now on. It reports whether one
// did (then the caller clears the interrupt).
func (g *jobGuard) stop() (interrupted bool) {
	g.iso.job.Store(nil)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.over = true
	return g.fired
}

// armCPULimit starts the guard of one job on the loop: JavaScript that runs longer than
// Options.CPULimit without yielding, or that grows the heap past Options.MemoryLimit, is
// interrupted and its invocation fails; the isolate is retired and other requests carry
// on. The caller calls stop once the job is over.
func (iso *Isolate) armCPULimit(vm *goja.Runtime) *jobGuard {
	return iso.guard(vm, ErrCPULimit, true)
}

// ErrStartupCPULimit is workerd's error for top-level code that runs past the CPU limit.
var ErrStartupCPULimit = errors.New("Script startup exceeded CPU time limit.")

// guard is armCPULimit with the error the CPU limit stops the job with. With armed
// false the CPU limit is not yet counting: the caller calls arm when the worker's own
// code starts.
func (iso *Isolate) guard(vm *goja.Runtime, overrun error, armed bool) *jobGuard {
	g := &jobGuard{iso: iso, vm: vm, overrun: overrun}
	// Published before it is armed: the CPU limit's timer watches the job it finds in
	// iso.job, and a timer that fired in between would find none and not be set again.
	iso.job.Store(g)
	if armed {
		g.arm()
	}
	return g
}

// arm starts counting the job's time against Options.CPULimit. What counts is CPU time,
// as workerd counts cpu_ms, not the wall time a job spent waiting for a core other
// programs held (a loaded test run stopped a 1 ms script as if it had spun for 200 ms).
// No clock is read while a job is short: its first cpuSampleAfter is charged as wall
// time; from then on the process's CPU time is (never less than the job's, so a job
// that spins is stopped when its wall time is up), but never more than the wall time (a
// collection running beside the job on the other core is not charged twice).
func (g *jobGuard) arm() {
	limit := g.iso.opts.CPULimit
	if limit <= 0 {
		return
	}
	now := time.Now()
	g.mu.Lock()
	g.armed, g.start = true, now
	g.mu.Unlock()
	g.iso.watch.due(g.iso, now, min(limit, cpuSampleAfter))
}

// cpuWatch is an isolate's one CPU-limit timer. A job does not start a timer of its own
// (two a request cost more than the rest of the guard): arm makes sure the timer is
// due no later than the job's first check, and each time it fires it checks the job
// then running and is set again only while there is one to watch.
type cpuWatch struct {
	mu      sync.Mutex
	timer   *time.Timer
	pending bool      // the timer is set
	at      time.Time // when it fires, while pending
}

// due makes the timer fire no later than after d from now.
func (w *cpuWatch) due(iso *Isolate, now time.Time, d time.Duration) {
	at := now.Add(d)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pending && !w.at.After(at) {
		return
	}
	w.pending, w.at = true, at
	if w.timer == nil {
		w.timer = time.AfterFunc(d, iso.checkCPU)
		return
	}
	w.timer.Reset(d)
}

// stop stops the timer for good (the loop has ended: no job will arm it again).
func (w *cpuWatch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
	}
	w.pending = false
}

// checkCPU is the timer's work: charge the running job for the time it has run
// (see arm), interrupt it when that reaches the limit, and set the timer for when it
// next could.
func (iso *Isolate) checkCPU() {
	w := &iso.watch
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = false
	g := iso.job.Load()
	if g == nil {
		return
	}
	limit := iso.opts.CPULimit
	first := min(limit, cpuSampleAfter)
	var next time.Duration
	over := false
	g.mu.Lock()
	if g.armed && !g.over && !g.fired {
		wall := time.Since(g.start)
		if wall < first {
			next = first - wall
		} else {
			now := processCPUTime()
			if !g.sampled {
				g.cpu, g.sampled = first, true
			} else {
				g.cpu += now - g.since
			}
			g.since = now
			if used := min(g.cpu, wall); used < limit {
				next = limit - used
			} else {
				over = true
			}
		}
	}
	g.mu.Unlock()
	if over {
		g.interrupt(g.overrun)
		return
	}
	if next > 0 {
		w.pending, w.at = true, time.Now().Add(next)
		w.timer.Reset(next)
	}
}

// cpuSampleAfter is how long a job runs before the CPU limit reads the process's CPU
// clock (a system call); jobs shorter than that, nearly all, pay nothing for it.
const cpuSampleAfter = 10 * time.Millisecond

// processStart is where processCPUTime counts wall time from when it has no CPU clock.
var processStart = time.Now()

// stopWatching ends the memory watchdog.
func (iso *Isolate) stopWatching() {
	if iso.stopWatch != nil {
		close(iso.stopWatch)
		iso.stopWatch = nil
	}
}

// ErrMemoryLimit fails an invocation whose JavaScript grew the heap past
// Options.MemoryLimit; the dev server answers 503 with its text.
var ErrMemoryLimit = errors.New("Worker exceeded memory limit.")

// DefaultMemoryLimit is the Go heap size past which running JavaScript is stopped.
const DefaultMemoryLimit = 1 << 30

// watchMemory interrupts the running job when the heap passes the limit, until stop is
// closed. The heap is the process's, so the job running when it overflows is taken to be
// the one allocating.
func (iso *Isolate) watchMemory(stop <-chan struct{}) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var suspect any // the invocation (or job) running when the heap was over at the last look
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		g := iso.job.Load()
		if g == nil {
			continue
		}
		if !heapOver(sample, iso.opts.MemoryLimit) {
			suspect = nil
			continue
		}
		// The heap counts garbage not yet collected, maybe a request's before this one:
		// collect it, and blame the running job only for what is still live. Objects
		// made while the collector runs count as live, so a job making garbage fast can
		// look over once: it is blamed when it is over on two looks in a row.
		goruntime.GC()
		if !heapOver(sample, iso.opts.MemoryLimit) {
			suspect = nil
			continue
		}
		var running any = g
		if inv := iso.running.Load(); inv != nil {
			running = inv
		}
		if suspect == running {
			g.interrupt(ErrMemoryLimit)
		}
		suspect = running
	}
}

// heapOver reports whether the heap's objects take more than limit bytes.
func heapOver(sample []metrics.Sample, limit int64) bool {
	metrics.Read(sample)
	return sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > uint64(limit)
}

// trackRejection records promises rejected with no handler yet; one that gets a handler
// before the loop's current job ends is forgotten again.
func (iso *Isolate) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		iso.unhandled = append(iso.unhandled, p)
	case goja.PromiseRejectionHandle:
		for i, q := range iso.unhandled {
			if q == p {
				iso.unhandled = append(iso.unhandled[:i], iso.unhandled[i+1:]...)
				break
			}
		}
	}
}

// reportUnhandled logs each rejection nobody handled, with its stack, as workerd logs
// "Uncaught (in promise)"; the isolate carries on.
func (iso *Isolate) reportUnhandled() {
	for _, p := range iso.unhandled {
		fmt.Fprintf(iso.opts.Stderr, "Uncaught (in promise) %s\n", exceptionOf(iso.vm, p.Result()).Stack)
	}
	iso.unhandled = iso.unhandled[:0]
}

// VM returns the goja runtime. Use it only on the loop (inside Binding.Value, a method
// called from JS, or a Settle callback).
func (iso *Isolate) VM() *goja.Runtime { return iso.vm }

// Realm returns the isolate's Web-platform globals.
func (iso *Isolate) Realm() *webapi.Realm { return iso.realm }

// Bridge returns the promise bridge. Use it on the loop.
func (iso *Isolate) Bridge() jsx.Bridge { return bridge{iso} }

// Invocation returns the invocation whose JS is running now (nil at load time). Call it
// on the loop when a binding method is entered.
func (iso *Isolate) Invocation() *Invocation { return iso.current }

// Class returns the class registered under key, building it with build the first time,
// so every binding of a kind shares one class per isolate. Call on the loop.
func (iso *Isolate) Class(key string, build func(vm *goja.Runtime) *jsx.Class) *jsx.Class {
	if c, ok := iso.classes[key]; ok {
		return c
	}
	c := build(iso.vm)
	iso.classes[key] = c
	return c
}

// CloseGrace bounds how long Close waits for async work (ctx.waitUntil's, timers it
// awaits, streams still being read) after the last response: workerd lets waitUntil
// work run for 30 s after the response.
const CloseGrace = 30 * time.Second

// Close is CloseWithin(CloseGrace).
func (iso *Isolate) Close() { iso.CloseWithin(CloseGrace) }

// CloseWithin waits for in-flight requests to finish and for every invocation to end
// (its waitUntil work settled, the Go work it started back), up to grace after the last
// response, then stops the loop and its timers.
func (iso *Isolate) CloseWithin(grace time.Duration) {
	iso.Hurry(time.Now().Add(grace))
	iso.closeMu.Lock()
	if iso.closed {
		iso.closeMu.Unlock()
		return
	}
	iso.closed = true
	iso.closeMu.Unlock()
	responded := make(chan struct{})
	go func() {
		iso.inflight.Wait()
		close(responded)
	}()
	// Promises keep being made while waitUntil work runs, so this polls counters rather
	// than waiting on a WaitGroup; nothing is waited for past the deadline.
	for waiting := true; waiting && time.Now().UnixNano() < iso.closeBy.Load(); {
		select {
		case <-responded:
			waiting = iso.liveCount.Load() > 0 || iso.pending.Load() > 0
			if iso.broken.Load() {
				waiting = false
			}
		default:
		}
		if waiting {
			time.Sleep(2 * time.Millisecond)
		}
	}
	// Requests still waiting for their response get an error rather than wait forever.
	iso.activeMu.Lock()
	for inv := range iso.active {
		inv.finish(nil, ErrStopped)
	}
	iso.activeMu.Unlock()
	// A job that still runs (JavaScript that never yields, with no limit to stop it)
	// would keep Terminate waiting forever: stop it.
	if g := iso.job.Load(); g != nil {
		g.interrupt(ErrIsolateReset)
	}
	iso.stopWatching()
	iso.loop.Terminate()
	iso.watch.stop()
	if iso.realm != nil {
		iso.realm.CloseFetches()
	}
}

// Hurry makes a Close in progress (or to come) stop waiting for async work at t, if that
// is sooner than it would have: a shutdown cuts short the grace of isolates a reload
// retired.
func (iso *Isolate) Hurry(t time.Time) {
	for {
		cur := iso.closeBy.Load()
		if cur != 0 && cur <= t.UnixNano() {
			return
		}
		if iso.closeBy.CompareAndSwap(cur, t.UnixNano()) {
			return
		}
	}
}

// tracker carries the current Invocation across awaits: goja calls Grab when a promise
// reaction is queued and Resumed/Exited around running it. Reactions also run when a
// call from Go into JS returns (goja drains its job queue then), in the middle of a
// dispatch, so Exited restores the invocation that was current before, not nil.
type tracker struct{ iso *Isolate }

// grabbed is what a promise reaction carries when an async context frame is set
// (AsyncLocalStorage); without one it carries the invocation alone, and nothing is
// allocated.
type grabbed struct {
	inv   *Invocation
	frame goja.Value
}

func (t tracker) Grab() any {
	if t.iso.frame != nil {
		return &grabbed{t.iso.current, t.iso.frame}
	}
	return t.iso.current
}

func (t tracker) Resumed(v any) {
	t.iso.beforeJob, t.iso.frameBeforeJob = t.iso.current, t.iso.frame
	switch g := v.(type) {
	case *grabbed:
		t.iso.setCurrent(g.inv)
		t.iso.frame = g.frame
	case *Invocation:
		t.iso.setCurrent(g)
		t.iso.frame = nil
	default:
		t.iso.setCurrent(nil)
		t.iso.frame = nil
	}
}

func (t tracker) Exited() {
	t.iso.setCurrent(t.iso.beforeJob)
	t.iso.frame = t.iso.frameBeforeJob
}

// asyncContext is node.AsyncContext over the isolate's frame.
type asyncContext struct{ iso *Isolate }

func (a asyncContext) Frame() goja.Value     { return a.iso.frame }
func (a asyncContext) SetFrame(f goja.Value) { a.iso.frame = f }

// setCurrent makes inv the invocation whose JS runs now; the CPU-limit timer reads the
// copy in running from its own goroutine.
func (iso *Isolate) setCurrent(inv *Invocation) {
	iso.current = inv
	iso.running.Store(inv)
}

// panicText formats a recovered panic; formatting a JS value may itself panic (a thrown
// Object.create(null) has no string form), which must not escape the recover.
func panicText(x any) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("%T", x)
		}
	}()
	return fmt.Sprint(x)
}

var regexpLimit sync.Once

// LimitRegexps bounds every backtracking regular-expression match by limit, the CPU
// limit (goja's interrupt is not checked inside a match, so a catastrophic pattern would
// keep the loop's goroutine burning CPU after the 503). The setting is process-wide and
// read when a pattern is compiled (by Compile, for the literals of a script): call it
// once, before compiling any script. Later calls do nothing.
func LimitRegexps(limit time.Duration) {
	regexpLimit.Do(func() {
		if limit > 0 {
			regexp2.DefaultMatchTimeout = limit
		}
	})
}
