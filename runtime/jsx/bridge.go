package jsx

import (
	"time"

	"github.com/dop251/goja"
)

// Bridge is the one way async Go work re-enters JavaScript (DESIGN.md 2). The runtime
// implements it; web APIs and bindings receive it.
type Bridge interface {
	// Promise returns a new pending promise and the Settler that settles it. Call it on
	// the isolate's loop.
	Promise() (*goja.Promise, Settler)
	// Later returns a function that runs fn on the loop, from any goroutine and as often
	// as needed, in the invocation current when Later was called. It reports false once
	// the isolate has stopped (fn will not run). Call Later on the loop.
	Later() func(fn func(vm *goja.Runtime)) bool
	// After runs fn on the loop once d has passed, in the invocation current now, unless
	// stop is called first. Call After on the loop.
	After(d time.Duration, fn func(vm *goja.Runtime)) (stop func())
	// Hold keeps the current invocation open until the Hold is released. Call on the loop.
	Hold() Hold
}

// Settler settles one promise, exactly once.
type Settler interface {
	// Settle may be called from any goroutine. fn runs on the loop and returns the
	// fulfilment value, or an error that rejects the promise (converted by ToValue).
	Settle(fn func(vm *goja.Runtime) (goja.Value, error))
	// SettleNow settles the promise at once; call it only on the loop.
	SettleNow(v goja.Value, err error)
}

// Hold keeps an invocation open for Go code that reads from JavaScript on its own
// goroutine (a response body streamed to the client, a stream stored in KV): the
// invocation does not end until Release. Its methods are called on the loop.
type Hold interface {
	// Wait says Go is now waiting for JavaScript to produce something: if the invocation
	// is found hung (nothing left in it that could make progress), fail is called with the
	// runtime's hung-request error. The returned done ends the wait.
	Wait(fail func(error)) (done func())
	// Release lets the invocation end; later calls do nothing.
	Release()
}
