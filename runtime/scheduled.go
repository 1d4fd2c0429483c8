package runtime

import (
	"context"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/jsx"
)

// scheduledController is the Go side of the controller (modules) or event
// (service-worker) a scheduled handler receives.
type scheduledController struct {
	inv           *Invocation
	cron          string
	scheduledTime float64 // ms since the epoch
	noRetry       bool
}

// Scheduled dispatches a scheduled event (a cron trigger) and waits for the handler and
// the work it handed to waitUntil. A handler that throws or rejects comes back as
// *Exception; a worker without a scheduled handler is an error too.
func (iso *Isolate) Scheduled(ctx context.Context, cron string, scheduledTime time.Time) error {
	if iso.broken.Load() {
		return ErrRetired
	}
	iso.closeMu.Lock()
	if iso.closed {
		iso.closeMu.Unlock()
		return ErrClosed
	}
	iso.inflight.Add(1)
	iso.closeMu.Unlock()
	defer iso.inflight.Done()

	inv := newInvocation(ctx, iso.opts)
	done := make(chan fetchResult, 1)
	inv.done = done
	ctl := &scheduledController{inv: inv, cron: cron, scheduledTime: float64(scheduledTime.UnixMilli())}
	if !iso.post(func(vm *goja.Runtime) { iso.dispatchScheduled(vm, inv, ctl) }) {
		return ErrClosed
	}
	select {
	case r := <-done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dispatchScheduled runs on the loop.
func (iso *Isolate) dispatchScheduled(vm *goja.Runtime, inv *Invocation, ctl *scheduledController) {
	iso.begin(inv)
	iso.setCurrent(inv)
	iso.frame = nil // each event starts outside every AsyncLocalStorage.run
	defer iso.setCurrent(nil)
	var promises []goja.Value
	var err error
	if thrown := jsx.Catch(func() {
		obj := iso.scheduledClass().New(ctl)
		if iso.Format == bundle.Modules {
			ctx := iso.newExecutionContext(vm, inv)
			target, class, terr := iso.entrypoint(vm, ctx)
			if terr != nil {
				err = terr
				return
			}
			handler, ok := goja.AssertFunction(target.Get("scheduled"))
			if !ok {
				err = jsx.PlainError("Handler does not export a scheduled() function.")
				return
			}
			args := []goja.Value{obj, iso.env, ctx}
			if class {
				args = args[:1]
			}
			var ret goja.Value
			if ret, err = handler(target, args...); err == nil {
				promises = append(promises, ret)
			}
			return
		}
		listeners := iso.listeners["scheduled"]
		if len(listeners) == 0 {
			err = jsx.PlainError("No event handlers were registered for the scheduled event.")
			return
		}
		for _, l := range listeners {
			if _, err = l(goja.Undefined(), obj); err != nil {
				return
			}
		}
	}); thrown != nil {
		err = thrown
	}
	if err != nil {
		iso.noteError(err)
		inv.finish(nil, exceptionFrom(vm, err))
		return
	}
	for _, p := range inv.waitUntil {
		promises = append(promises, vm.ToValue(p))
	}
	// The handler's own promise decides the outcome; waitUntil work is waited for too.
	all, _ := goja.AssertFunction(vm.Get("Promise").ToObject(vm).Get("all"))
	p, perr := all(vm.Get("Promise"), vm.NewArray(valuesToAny(promises)...))
	if perr != nil {
		inv.finish(nil, exceptionFrom(vm, perr))
		return
	}
	then, _ := goja.AssertFunction(p.ToObject(vm).Get("then"))
	then(p, vm.ToValue(func(goja.FunctionCall) goja.Value {
		inv.finish(nil, nil)
		return goja.Undefined()
	}), vm.ToValue(func(call goja.FunctionCall) goja.Value {
		inv.finish(nil, exceptionOf(vm, call.Argument(0)))
		return goja.Undefined()
	}))
}

func valuesToAny(vs []goja.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// scheduledClass is ScheduledController (modules) / ScheduledEvent (service-worker):
// cron, scheduledTime, noRetry(), and for the event type and waitUntil.
func (iso *Isolate) scheduledClass() *jsx.Class {
	name := "ScheduledController"
	if iso.Format == bundle.ServiceWorker {
		name = "ScheduledEvent"
	}
	return iso.Class(name, func(vm *goja.Runtime) *jsx.Class {
		c := jsx.NewClass(vm, name, nil)
		jsx.Getter(c, "cron", func(s *scheduledController) goja.Value { return vm.ToValue(s.cron) })
		jsx.Getter(c, "scheduledTime", func(s *scheduledController) goja.Value { return vm.ToValue(s.scheduledTime) })
		jsx.Method(c, "noRetry", func(s *scheduledController, _ goja.FunctionCall) goja.Value {
			s.noRetry = true
			return goja.Undefined()
		})
		if name == "ScheduledEvent" {
			jsx.Getter(c, "type", func(*scheduledController) goja.Value { return vm.ToValue("scheduled") })
			jsx.Method(c, "waitUntil", func(s *scheduledController, call goja.FunctionCall) goja.Value {
				s.inv.addWaitUntil(vm, call.Argument(0))
				return goja.Undefined()
			})
		}
		return c
	})
}
