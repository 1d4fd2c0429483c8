package webapi

import (
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// timers is the state of one isolate's setTimeout / setInterval: the running timers by
// the number the worker holds (Workers return numbers, not objects).
type timers struct {
	next   int
	active map[int]func()
}

// installTimers defines setTimeout, setInterval, clearTimeout and clearInterval. A
// callback runs on the loop in the invocation that set the timer; an exception it throws
// is logged as uncaught and the isolate carries on.
func installTimers(r *Realm) {
	vm := r.VM
	t := &timers{active: map[int]func(){}}
	schedule := func(name string, repeat bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			r.refuseInGlobalScope()
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				jsx.Throw(vm, jsx.TypeError("Failed to execute '"+name+"' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Function'."))
			}
			delay := call.Argument(1).ToFloat()
			if math.IsNaN(delay) || delay < 0 {
				delay = 0
			}
			d := time.Duration(math.Min(delay, float64(math.MaxInt32))) * time.Millisecond
			var args []goja.Value
			if len(call.Arguments) > 2 {
				args = append(args, call.Arguments[2:]...)
			}
			t.next++
			id := t.next
			var arm func()
			arm = func() {
				t.active[id] = r.Bridge.After(d, func(vm *goja.Runtime) {
					if _, live := t.active[id]; !live {
						return
					}
					if repeat {
						arm()
					} else {
						delete(t.active, id)
					}
					if _, err := fn(goja.Undefined(), args...); err != nil {
						r.ReportError(err)
					}
				})
			}
			arm()
			return vm.ToValue(id)
		}
	}
	clear := func(call goja.FunctionCall) goja.Value {
		r.refuseInGlobalScope()
		id := int(call.Argument(0).ToInteger())
		if stop, ok := t.active[id]; ok {
			stop()
			delete(t.active, id)
		}
		return goja.Undefined()
	}
	vm.Set("setTimeout", schedule("setTimeout", false))
	vm.Set("setInterval", schedule("setInterval", true))
	vm.Set("clearTimeout", clear)
	vm.Set("clearInterval", clear)
	// scheduler.wait(ms, {signal}) is workerd's promise of a timer.
	scheduler, err := vm.RunString(`({
  wait(delay, options) {
    const signal = options && options.signal;
    if (signal && signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const id = setTimeout(() => { if (signal) signal.removeEventListener("abort", onAbort); resolve(); }, delay);
      const onAbort = () => { clearTimeout(id); reject(signal.reason); };
      if (signal) signal.addEventListener("abort", onAbort, { once: true });
    });
  },
})`)
	if err != nil {
		panic(err)
	}
	vm.GlobalObject().DefineDataProperty("scheduler", scheduler, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// ReportError logs an exception nobody caught (a timer callback's, an unhandled
// rejection's) with its stack, as workerd logs "Uncaught ...".
func (r *Realm) ReportError(err error) {
	if r.OnError != nil {
		r.OnError(err)
	}
	text := "exception"
	if r.Describe != nil {
		text = r.Describe(err)
	}
	fmt.Fprintf(r.Stderr, "Uncaught %s\n", text)
}
