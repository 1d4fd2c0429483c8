package webapi

import (
	"io"
	"net/http"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Realm is one isolate's set of Web-platform globals: the classes built for its goja
// runtime and what they need from the host.
type Realm struct {
	VM     *goja.Runtime
	Bridge jsx.Bridge
	// Stdout and Stderr receive console output.
	Stdout, Stderr io.Writer

	// Format is console's formatting function (util.format); its `inspect` property is
	// util.inspect.
	Format *goja.Object

	// The objects HTMLRewriter's handlers get (htmlrewriter_api.go).
	htmlElement, htmlEndTag, htmlText, htmlComment, htmlDoctype, htmlDocEnd *jsx.Class

	Headers  *jsx.Class
	Request  *jsx.Class
	Response *jsx.Class

	// InGlobalScope reports whether JavaScript is running outside every handler (the
	// module's top level): timers and random values are then refused with workerd's
	// GlobalScopeError. Nil allows them everywhere.
	InGlobalScope func() bool
	// Subrequest is called once per outbound fetch, on the loop; an error (the
	// invocation's subrequest limit) makes that fetch reject. Nil allows every fetch.
	Subrequest func() error
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
