package node

import (
	"embed"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
	"github.com/goflare/goflare/runtime/webapi"
)

// Options is what nodejs_compat gives the worker (bundle.NodeCompat, decided from its
// compatibility date and flags).
type Options struct {
	// Globals defines Buffer, process, global, setImmediate and clearImmediate.
	Globals bool
	// OnlyAsyncHooks limits the modules to node:async_hooks (nodejs_als).
	OnlyAsyncHooks bool
	// Env fills process.env (the worker's text vars and secrets); nil leaves it empty.
	Env map[string]string
	// Context is where AsyncLocalStorage keeps its frame; the runtime carries the frame
	// through promise jobs, timers and callbacks.
	Context AsyncContext
}

// AsyncContext holds the current async context frame: an opaque value (node:async_hooks'
// chain of stores) that node:async_hooks replaces, never changes.
type AsyncContext interface {
	Frame() goja.Value
	SetFrame(goja.Value)
}

// Modules is one isolate's Node.js modules, each made on its first import, so every
// import of one sees the same object, as in workerd.
type Modules struct {
	realm  *webapi.Realm
	vm     *goja.Runtime
	opts   Options
	loaded map[string]goja.Value
	// internal is js/internal.js's value: Node's error classes and argument checks,
	// which every module's JavaScript shares.
	internal goja.Value
}

// modules is the single table of the Node.js modules goflare provides, by name without
// the `node:` prefix. A module's factory may load others through m.require (so the
// table is filled in init: Go sees the factories and the table refer to each other).
var modules map[string]func(m *Modules) goja.Value

func init() {
	modules = map[string]func(m *Modules) goja.Value{
		"buffer":              newBuffer,
		"events":              newEvents,
		"process":             newProcess,
		"timers":              newTimers,
		"timers/promises":     newTimersPromises,
		"util":                newUtil,
		"util/types":          newUtilTypes,
		"_comparisons":        newComparisons,
		"path":                newPath,
		"path/posix":          newPathPosix,
		"path/win32":          newPathWin32,
		"url":                 newURL,
		"querystring":         newQuerystring,
		"punycode":            newPunycode,
		"string_decoder":      newStringDecoder,
		"assert":              newAssert,
		"assert/strict":       newAssertStrict,
		"_assert":             newAssertScript,
		"stream":              newStream,
		"stream/promises":     newStreamPromises,
		"stream/web":          newStreamWeb,
		"stream/consumers":    newStreamConsumers,
		"crypto":              newCrypto,
		"async_hooks":         newAsyncHooks,
		"zlib":                newZlib,
		"http":                newHTTP,
		"https":               newHTTPS,
		"_http":               newHTTPScript,
		"_stubs":              newStubs,
		"fs":                  newFS,
		"fs/promises":         newFSPromises,
		"sys":                 newSys,
		"console":             newConsole,
		"constants":           newConstants,
		"module":              newModule,
		"diagnostics_channel": stubModule("diagnostics_channel"),
		"os":                  stubModule("os"),
		"net":                 stubModule("net"),
		"child_process":       stubModule("child_process"),
		"dns":                 stubModule("dns"),
		"tls":                 stubModule("tls"),
		"perf_hooks":          stubModule("perf_hooks"),
		"worker_threads":      stubModule("worker_threads"),
		"v8":                  stubModule("v8"),
		"vm":                  stubModule("vm"),
		"readline":            stubModule("readline"),
		"tty":                 stubModule("tty"),
		"http2":               stubModule("http2"),
		"cluster":             stubModule("cluster"),
		"dgram":               stubModule("dgram"),
		"inspector":           stubModule("inspector"),
		"repl":                stubModule("repl"),
		"trace_events":        stubModule("trace_events"),
		"wasi":                stubModule("wasi"),
		"domain":              stubModule("domain"),
	}
}

// Install makes the isolate's Node.js modules and, when opts says so, the globals.
func Install(r *webapi.Realm, opts Options) *Modules {
	m := &Modules{realm: r, vm: r.VM, opts: opts, loaded: map[string]goja.Value{}}
	if opts.Globals {
		m.installGlobals()
	}
	return m
}

// Load returns the exports of the module a specifier names (`node:buffer` or `buffer`),
// or false when goflare has no such module.
func (m *Modules) Load(specifier string) (goja.Value, bool) {
	name := strings.TrimPrefix(specifier, "node:")
	if m.opts.OnlyAsyncHooks && name != "async_hooks" {
		return nil, false
	}
	return m.load(name)
}

func (m *Modules) load(name string) (goja.Value, bool) {
	if v, ok := m.loaded[name]; ok {
		return v, true
	}
	make, ok := modules[name]
	if !ok {
		return nil, false
	}
	v := make(m)
	m.loaded[name] = v
	return v, true
}

// require is Load for a module's own use (nodejs_als or not): the module must exist.
func (m *Modules) require(name string) goja.Value {
	v, ok := m.load(name)
	if !ok {
		panic("node: no module " + name)
	}
	return v
}

// installGlobals defines what nodejs_compat_v2 adds to the global scope.
func (m *Modules) installGlobals() {
	g := m.vm.GlobalObject()
	define := func(name string, v goja.Value) {
		g.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	define("Buffer", m.require("buffer").ToObject(m.vm).Get("Buffer"))
	define("process", m.require("process"))
	define("global", g)
	timers := m.require("timers").ToObject(m.vm)
	define("setImmediate", timers.Get("setImmediate"))
	define("clearImmediate", timers.Get("clearImmediate"))
}

// The modules' JavaScript (js/*.js): each file is one function expression,
// `(function (require, native, internal, inspect) { ...; return exports; })`.
//
//go:embed js/*.js
var scriptFiles embed.FS

// scriptCache holds each script compiled once per process; every isolate runs it.
var scriptCache sync.Map // name -> func() *goja.Program

// runModule runs js/<name> with the module's Go half (native, may be nil) and returns
// the module's exports.
func (m *Modules) runModule(name string, native goja.Value) goja.Value {
	fn, _ := goja.AssertFunction(m.runScript(name))
	if native == nil {
		native = goja.Undefined()
	}
	if m.internal == nil && name != "internal.js" {
		m.internal = m.runModule("internal.js", nil)
	}
	internal := m.internal
	if internal == nil {
		internal = goja.Undefined()
	}
	req := jsx.Func(m.vm, "require", func(call goja.FunctionCall) goja.Value {
		v, ok := m.load(call.Argument(0).String())
		if !ok {
			jsx.Throw(m.vm, jsx.PlainError(`No such module "node:`+call.Argument(0).String()+`".`))
		}
		return v
	})
	v, err := fn(goja.Undefined(), req, native, internal, m.realm.Format.Get("inspect"))
	if err != nil {
		panic(err)
	}
	return v
}

// bytes are the bytes a BufferSource covers (none for anything else), without copying.
func (m *Modules) bytes(v goja.Value) []byte {
	b, _ := m.realm.BytesOf(v)
	return b
}

// runScript evaluates js/<name> (compiled once per process) in the isolate.
func (m *Modules) runScript(name string) goja.Value {
	compile, _ := scriptCache.LoadOrStore(name, sync.OnceValue(func() *goja.Program {
		src, err := scriptFiles.ReadFile("js/" + name)
		if err != nil {
			panic(err)
		}
		return goja.MustCompile(webapi.ScriptPrefix+"node/"+name, string(src), true)
	}))
	v, err := m.vm.RunProgram(compile.(func() *goja.Program)())
	if err != nil {
		panic(err)
	}
	return v
}
