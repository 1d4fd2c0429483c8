package runtime

import (
	"context"
	"io"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/jsx"
	"github.com/goflare/goflare/runtime/webapi"
)

// Response is what a fetch event produced, copied out of the isolate so that the HTTP
// side can read it off the loop.
type Response struct {
	Status     int
	StatusText string
	// Header is the response's header list, names canonical.
	Header webapi.HeaderFields
	// Body is the body when the worker gave it whole (a string, bytes).
	Body []byte
	// Stream is the body when the worker gave a ReadableStream: each Read waits for the
	// worker's next chunk. The reader must Close it. Nil when Body is the body.
	Stream io.ReadCloser
	// WebSocket is the client end of a WebSocketPair (a 101 response): the front door
	// attaches it to the client's connection.
	WebSocket *webapi.WSEnd
	// ManualEncoding is the worker's encodeBody: "manual": the body is already encoded as
	// its Content-Encoding header says. Without it workerd encodes the body itself.
	ManualEncoding bool
	// headerRoom holds Header when it is short, as most are: no allocation of its own.
	headerRoom [4]webapi.HeaderField
}

// ReadAll reads a streamed body to the end into Body and closes the stream; a body given
// whole is left as it is.
func (r *Response) ReadAll() error {
	if r.Stream == nil {
		return nil
	}
	defer r.Stream.Close()
	data, err := io.ReadAll(r.Stream)
	r.Body, r.Stream = data, nil
	return err
}

type fetchResult struct {
	res *Response
	err error
}

// Fetch dispatches a fetch event for req and waits for the worker's response or for ctx
// to end. An uncaught exception comes back as *Exception.
func (iso *Isolate) Fetch(ctx context.Context, req *webapi.Request) (*Response, error) {
	iso.closeMu.Lock()
	if iso.closed {
		iso.closeMu.Unlock()
		return nil, ErrClosed
	}
	iso.inflight.Add(1)
	iso.closeMu.Unlock()
	defer iso.inflight.Done()

	if iso.broken.Load() {
		return nil, ErrRetired
	}
	inv := newInvocation(ctx, iso.opts)
	done := resultChans.Get().(chan fetchResult)
	inv.done = done
	iso.activeMu.Lock()
	if iso.active == nil {
		iso.active = map[*Invocation]struct{}{}
	}
	iso.active[inv] = struct{}{}
	iso.activeMu.Unlock()
	defer func() {
		iso.activeMu.Lock()
		delete(iso.active, inv)
		iso.activeMu.Unlock()
	}()
	if !iso.post(func(vm *goja.Runtime) { iso.dispatchFetch(vm, inv, req) }) {
		return nil, ErrClosed
	}
	select {
	case r := <-done:
		resultChans.Put(done) // empty again, and finish sends only once
		return r.res, r.err
	case <-ctx.Done():
		return nil, ctx.Err() // the channel stays with the invocation: a late finish may fill it
	}
}

// resultChans are the channels a fetch event's result comes back on, used again: a
// request makes one otherwise.
var resultChans = sync.Pool{New: func() any { return make(chan fetchResult, 1) }}

// dispatchFetch runs on the loop: call the handler, then wait (without blocking the loop)
// for what it returned to settle.
func (iso *Isolate) dispatchFetch(vm *goja.Runtime, inv *Invocation, req *webapi.Request) {
	iso.begin(inv)
	iso.setCurrent(inv)
	iso.frame = nil // each event starts outside every AsyncLocalStorage.run
	defer iso.setCurrent(nil)
	req.Headers.Freeze()
	var ret goja.Value
	var err error
	// An error is kept as it is (not turned into a JS value here): after an interrupt,
	// no more JS may run in this job.
	if thrown := jsx.Catch(func() {
		reqObj := iso.realm.NewRequest(req)
		if iso.Format == bundle.Modules {
			ret, err = iso.callModuleFetch(vm, inv, reqObj)
		} else {
			ret, err = iso.dispatchServiceWorkerFetch(vm, inv, reqObj)
		}
	}); thrown != nil {
		err = thrown
	}
	if err != nil {
		iso.noteError(err)
		inv.finish(nil, exceptionFrom(vm, err))
		return
	}
	iso.awaitResponse(vm, inv, ret)
}

// callModuleFetch calls `default.fetch(request, env, ctx)`.
func (iso *Isolate) callModuleFetch(vm *goja.Runtime, inv *Invocation, reqObj *goja.Object) (goja.Value, error) {
	ctx := iso.newExecutionContext(vm, inv)
	target, class, err := iso.entrypoint(vm, ctx)
	if err != nil {
		return nil, err
	}
	fetch, ok := iso.fetchOf(target.Get("fetch"))
	if !ok {
		return nil, jsx.PlainError("Handler does not export a fetch() function.")
	}
	if class { // a WorkerEntrypoint has its env and ctx as this.env and this.ctx
		return fetch(target, reqObj)
	}
	return fetch(target, reqObj, iso.env, ctx)
}

// awaitResponse resolves ret (a Response or a promise of one) and reports it on done.
func (iso *Isolate) awaitResponse(vm *goja.Runtime, inv *Invocation, ret goja.Value) {
	// A native promise (an async handler's) is awaited directly: no derived promise, no
	// function objects per request (gojafork patch 11).
	if o, ok := ret.(*goja.Object); ok {
		if p := o.AsPromise(); p != nil && o.Prototype() == iso.promiseProto(vm) {
			if res, ok := webapi.ResponseOf(p.Result()); p.State() == goja.PromiseStateFulfilled && ok && res.Body.Stream == nil {
				// Already fulfilled with a whole body (an async handler that did not
				// await): taken now. The call that returned it was a call from Go, so
				// its job queue has run to the end, and a reaction would have been the
				// only job. (A stream body is set up in a job, as it starts JavaScript.)
				iso.respondWith(vm, inv, res)
				return
			}
			err := p.Then(func(v goja.Value) { iso.respond(vm, inv, v) },
				func(v goja.Value) { inv.finish(nil, exceptionOf(vm, v)) })
			if err != nil {
				inv.finish(nil, exceptionFrom(vm, err))
			}
			return
		}
	}
	onValue := func(call goja.FunctionCall) goja.Value {
		iso.respond(vm, inv, call.Argument(0))
		return goja.Undefined()
	}
	onError := func(call goja.FunctionCall) goja.Value {
		inv.finish(nil, exceptionOf(vm, call.Argument(0)))
		return goja.Undefined()
	}
	promiseCtor := vm.Get("Promise").ToObject(vm)
	resolve, _ := goja.AssertFunction(promiseCtor.Get("resolve"))
	p, err := resolve(promiseCtor, ret)
	if err != nil {
		inv.finish(nil, exceptionFrom(vm, err))
		return
	}
	then, _ := goja.AssertFunction(p.ToObject(vm).Get("then"))
	if _, err := then(p, vm.ToValue(onValue), vm.ToValue(onError)); err != nil {
		inv.finish(nil, exceptionFrom(vm, err))
	}
}

// respond reports v, what the handler's promise fulfilled with, as inv's response.
func (iso *Isolate) respond(vm *goja.Runtime, inv *Invocation, v goja.Value) {
	res, ok := webapi.ResponseOf(v)
	if !ok {
		inv.finish(nil, &Exception{Name: "TypeError",
			Message: "Incorrect type for Promise: the Promise did not resolve to 'Response'.",
			Stack:   "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'."})
		return
	}
	iso.respondWith(vm, inv, res)
}

// respondWith reports res as inv's response.
func (iso *Isolate) respondWith(vm *goja.Runtime, inv *Invocation, res *webapi.Response) {
	out := &Response{Status: res.Status, StatusText: res.StatusTextFor(), ManualEncoding: res.ManualEncoding, WebSocket: res.WebSocket}
	out.Header = res.Headers.AppendFields(out.headerRoom[:0])
	if res.Body.Stream == nil {
		out.Body = res.Body.Data
		inv.finish(out, nil)
		return
	}
	// A stream body goes out as the worker produces it: the headers now, each chunk
	// when it is enqueued.
	stream, err := iso.realm.StreamBody(&res.Body)
	if err != nil {
		inv.finish(nil, exceptionOf(vm, jsx.ToValue(vm, err)))
		return
	}
	out.Stream = stream
	inv.finish(out, nil)
}

// fetchOf is v as a callable, kept for the next request while the handler's fetch is the
// same function (goja makes a new Go closure for each AssertFunction).
func (iso *Isolate) fetchOf(v goja.Value) (goja.Callable, bool) {
	o, _ := v.(*goja.Object)
	if o != nil && o == iso.fetchObj {
		return iso.fetchFn, true
	}
	fn, ok := goja.AssertFunction(v)
	if ok && o != nil {
		iso.fetchObj, iso.fetchFn = o, fn
	}
	return fn, ok
}

// promiseProto is Promise.prototype as the isolate started with it.
func (iso *Isolate) promiseProto(vm *goja.Runtime) *goja.Object {
	if iso.promiseProtoObj == nil {
		iso.promiseProtoObj = vm.Get("Promise").ToObject(vm).Get("prototype").ToObject(vm)
	}
	return iso.promiseProtoObj
}

// newExecutionContext makes the `ctx` argument.
func (iso *Isolate) newExecutionContext(vm *goja.Runtime, inv *Invocation) *goja.Object {
	return iso.executionContextClass().New(inv)
}

// executionContextClass is the class of `ctx`: waitUntil and passThroughOnException.
func (iso *Isolate) executionContextClass() *jsx.Class {
	return iso.Class("ExecutionContext", func(vm *goja.Runtime) *jsx.Class {
		c := jsx.NewClass(vm, "ExecutionContext", nil)
		jsx.Method(c, "waitUntil", func(inv *Invocation, call goja.FunctionCall) goja.Value {
			inv.addWaitUntil(vm, call.Argument(0))
			return goja.Undefined()
		})
		jsx.Method(c, "passThroughOnException", func(inv *Invocation, call goja.FunctionCall) goja.Value {
			return goja.Undefined()
		})
		vm.Set("ExecutionContext", c.Constructor)
		return c
	})
}
