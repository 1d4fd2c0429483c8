package runtime

import (
	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// installEventTarget defines the global addEventListener / removeEventListener through
// which service-worker workers register their handlers.
func (iso *Isolate) installEventTarget() {
	vm := iso.vm
	vm.Set("addEventListener", func(call goja.FunctionCall) goja.Value {
		typ := call.Argument(0).String()
		fn, ok := goja.AssertFunction(call.Argument(1))
		if !ok {
			// An object with handleEvent is an EventListener too.
			if o, isObj := call.Argument(1).(*goja.Object); isObj {
				if h, ok2 := goja.AssertFunction(o.Get("handleEvent")); ok2 {
					fn = func(_ goja.Value, args ...goja.Value) (goja.Value, error) { return h(o, args...) }
					ok = true
				}
			}
		}
		if ok {
			iso.listeners[typ] = append(iso.listeners[typ], fn)
		}
		return goja.Undefined()
	})
	vm.Set("removeEventListener", func(call goja.FunctionCall) goja.Value {
		// Callables cannot be compared; listeners registered at load time stay, as a
		// worker's handlers do.
		return goja.Undefined()
	})
}

// fetchEvent is the Go side of a FetchEvent.
type fetchEvent struct {
	inv       *Invocation
	request   *goja.Object
	response  goja.Value // what respondWith was given
	responded bool
}

// dispatchServiceWorkerFetch calls every fetch listener with a FetchEvent and returns what
// the first respondWith was given.
func (iso *Isolate) dispatchServiceWorkerFetch(vm *goja.Runtime, inv *Invocation, reqObj *goja.Object) (goja.Value, error) {
	listeners := iso.listeners["fetch"]
	if len(listeners) == 0 {
		return nil, jsx.PlainError("No event handlers were registered. This script does nothing.")
	}
	ev := &fetchEvent{inv: inv, request: reqObj}
	evObj := iso.fetchEventClass().New(ev)
	for _, l := range listeners {
		if _, err := l(goja.Undefined(), evObj); err != nil {
			return nil, err
		}
	}
	if !ev.responded {
		return nil, jsx.PlainError("No response!")
	}
	return ev.response, nil
}

// fetchEventClass is the class of the event service-worker fetch listeners receive.
func (iso *Isolate) fetchEventClass() *jsx.Class {
	return iso.Class("FetchEvent", func(vm *goja.Runtime) *jsx.Class {
		c := jsx.NewClass(vm, "FetchEvent", nil)
		jsx.Getter(c, "type", func(e *fetchEvent) goja.Value { return vm.ToValue("fetch") })
		jsx.Getter(c, "request", func(e *fetchEvent) goja.Value { return e.request })
		jsx.Method(c, "respondWith", func(e *fetchEvent, call goja.FunctionCall) goja.Value {
			if e.responded {
				jsx.Throw(vm, jsx.PlainError("FetchEvent.respondWith() has already been called; it can only be called once."))
			}
			e.responded, e.response = true, call.Argument(0)
			return goja.Undefined()
		})
		jsx.Method(c, "waitUntil", func(e *fetchEvent, call goja.FunctionCall) goja.Value {
			e.inv.addWaitUntil(vm, call.Argument(0))
			return goja.Undefined()
		})
		jsx.Method(c, "passThroughOnException", func(e *fetchEvent, call goja.FunctionCall) goja.Value {
			return goja.Undefined()
		})
		vm.Set("FetchEvent", c.Constructor)
		return c
	})
}
