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

	Headers  *jsx.Class
	Request  *jsx.Class
	Response *jsx.Class

	// Subrequest is called once per outbound fetch, on the loop; an error (the
	// invocation's subrequest limit) makes that fetch reject. Nil allows every fetch.
	Subrequest func() error
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
