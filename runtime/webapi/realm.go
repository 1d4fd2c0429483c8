package webapi

import (
	"io"
	"net/http"
	"slices"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
	wurl "github.com/nlnwa/whatwg-url/url"
)

// Realm is one isolate's set of Web-platform globals: the classes built for its goja
// runtime and what they need from the host.
type Realm struct {
	VM     *goja.Runtime
	Bridge jsx.Bridge
	// Stdout and Stderr receive console output.
	Stdout, Stderr io.Writer
	// LogLevel is how much of the console output is printed (--log-level).
	LogLevel LogLevel

	// Format is console's formatting function (util.format); its `inspect` property is
	// util.inspect.
	Format *goja.Object

	// The objects HTMLRewriter's handlers get (htmlrewriter_api.go).
	htmlElement, htmlEndTag, htmlText, htmlComment, htmlDoctype, htmlDocEnd *jsx.Class

	Headers  *jsx.Class
	Request  *jsx.Class
	Response *jsx.Class

	urlCache map[string]*wurl.Url // parses of URL texts, shared (url.go)

	// InGlobalScope reports whether JavaScript is running outside every handler (the
	// module's top level): timers and random values are then refused with workerd's
	// GlobalScopeError. Nil allows them everywhere.
	InGlobalScope func() bool
	// Subrequest is called once per outbound fetch, on the loop; an error (the
	// invocation's subrequest limit) makes that fetch reject. Nil allows every fetch.
	Subrequest func() error
	// Compat is what the worker's compatibility date and flags change here; the runtime
	// sets it (CompatFor).
	Compat Compat
	// Caches keeps the Cache API's responses; Install gives a realm an in-memory one, the
	// runtime sets the dev server's.
	Caches CacheStore
	// Fetcher sends outbound requests; nil means one made by NewFetcher on first use.
	Fetcher *http.Client
	// Describe is how an uncaught error is logged (its source-mapped stack); it must not
	// panic whatever was thrown. The runtime sets it.
	Describe func(error) string
	// OnError sees every error a JS callback returned that nobody catches (a timer's);
	// the runtime sets it.
	OnError func(error)

	bodiesMu sync.Mutex
	bodies   map[*openBody]struct{} // fetched response bodies not yet closed

	uint8Array goja.Constructor
	isView     goja.Callable
	streams    streamInternals
	iterProtos map[string]*goja.Object // listIterator's prototypes
	blobs      blobInternals
}

// arrayIterator returns an iterator over items, as Array.prototype.values makes one.
func (r *Realm) arrayIterator(items []any) goja.Value {
	arr := r.VM.NewArray(items...)
	values, _ := goja.AssertFunction(arr.Get("values"))
	it, err := values(arr)
	if err != nil {
		panic(err)
	}
	return it
}

// listIterator returns a WebIDL iterator over items: an object whose prototype (one per
// kind, named as workerd names it: KeyIterator, ValueIterator, EntryIterator) has an
// enumerable next and inherits from %IteratorPrototype%.
func (r *Realm) listIterator(kind string, items []any) goja.Value {
	vm := r.VM
	if r.iterProtos == nil {
		r.iterProtos = map[string]*goja.Object{}
	}
	proto := r.iterProtos[kind]
	if proto == nil {
		arrIter := r.arrayIterator(nil).(*goja.Object)
		proto = vm.NewObject()
		proto.SetPrototype(arrIter.Prototype().Prototype())
		proto.Set("next", func(call goja.FunctionCall) goja.Value {
			st, ok := call.This.ToObject(vm).GetSymbol(iterSlot).Export().(*listIter)
			if !ok {
				jsx.Throw(vm, jsx.TypeError("Illegal invocation"))
			}
			res := vm.NewObject()
			if st.i >= len(st.items) {
				res.Set("value", goja.Undefined())
				res.Set("done", true)
				return res
			}
			res.Set("value", st.items[st.i])
			res.Set("done", false)
			st.i++
			return res
		})
		proto.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue(kind), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		r.iterProtos[kind] = proto
	}
	it := vm.NewObject()
	it.SetPrototype(proto)
	it.DefineDataPropertySymbol(iterSlot, vm.ToValue(&listIter{items: items}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return it
}

// listIter is a listIterator's position.
type listIter struct {
	items []any
	i     int
}

// iterSlot keeps a listIterator's listIter.
var iterSlot = goja.NewSymbol("goflare.iterator")

// resolved returns a promise already settled with v or err, through the bridge.
func (r *Realm) resolved(v goja.Value, err error) goja.Value {
	p, s := r.Bridge.Promise()
	s.SettleNow(v, err)
	return r.VM.ToValue(p)
}

// GlobalScopeError is workerd's refusal of I/O, timers and random values outside a
// handler.
const GlobalScopeError = "Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler. https://developers.cloudflare.com/workers/runtime-apis/handlers/"

// refuseInGlobalScope throws workerd's Error when called from the module's top level.
func (r *Realm) refuseInGlobalScope() {
	if r.InGlobalScope != nil && r.InGlobalScope() {
		jsx.Throw(r.VM, jsx.PlainError(GlobalScopeError))
	}
}

// Compat holds the compatibility flags the Web APIs here follow.
type Compat struct {
	// WebSocketStandardBinaryType: binary messages arrive as Blobs unless binaryType is
	// "arraybuffer" (websocket_standard_binary_type, the default from 2026-03-17).
	WebSocketStandardBinaryType bool
	// WebSocketAutoReplyToClose: a WebSocket answers a close it receives at once
	// (web_socket_auto_reply_to_close, the default from 2026-04-07).
	WebSocketAutoReplyToClose bool
}

// CompatFor works out Compat from a compatibility date (YYYY-MM-DD) and flags as workerd
// does: a flag turns its feature on or off, else the date decides.
func CompatFor(date string, flags []string) Compat {
	on := func(enable, disable, since string) bool {
		switch {
		case slices.Contains(flags, enable):
			return true
		case slices.Contains(flags, disable):
			return false
		}
		return date != "" && date >= since
	}
	return Compat{
		WebSocketStandardBinaryType: on("websocket_standard_binary_type", "no_websocket_standard_binary_type", "2026-03-17"),
		WebSocketAutoReplyToClose:   on("web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close", "2026-04-07"),
	}
}
