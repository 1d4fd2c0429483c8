package webapi

import (
	"io"

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

	uint8Array goja.Constructor
	isView     goja.Callable
	streams    streamInternals
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
