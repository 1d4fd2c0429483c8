package runtime

import (
	"fmt"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// An invocation lives from its dispatch until its response is out (the body streamed to
// the end), and every promise handed to ctx.waitUntil has settled. Until then it owns
// what it started: the bridge promises it made and the timers it set (pending), and
// the Go readers of its streams (holds). When it ends its timers are cancelled, as
// workerd cancels a request's timers. When nothing it owns is pending, nothing can ever
// move it on: it is hung, and gets workerd's error at once (sweep).

// hungMessage is workerd's error for a request that can never produce its response.
const hungMessage = "The Workers runtime canceled this request because it detected that your Worker's code had hung and would never generate a response. Refer to: https://developers.cloudflare.com/workers/observability/errors/"

// ErrHung fails a request (or the stream of its body) when nothing it started can still
// settle it.
var ErrHung = &Exception{Name: "Error", Message: hungMessage, Stack: "Error: " + hungMessage}

// invTimer is one timer an invocation owns.
type invTimer struct {
	stop func() // stops the Go timer
	done bool   // fired or stopped
}

// invHold is one Hold of an invocation (jsx.Hold).
type invHold struct {
	iso      *Isolate
	inv      *Invocation
	released bool
	waiters  map[*func(error)]struct{}
}

// begin makes inv live: from now on it owns what it starts. On the loop.
func (iso *Isolate) begin(inv *Invocation) {
	inv.live = true
	inv.liveAt = len(iso.live)
	iso.live = append(iso.live, inv)
	iso.liveCount.Add(1)
}

// end cancels what inv still owns and forgets it. On the loop.
func (iso *Isolate) end(inv *Invocation) {
	if !inv.live {
		return
	}
	inv.live = false
	for t := range inv.timers {
		t.done = true
		t.stop()
	}
	inv.timers = nil
	// Out of the list: the last one takes its place.
	last := iso.live[len(iso.live)-1]
	iso.live[inv.liveAt], last.liveAt = last, inv.liveAt
	iso.live[len(iso.live)-1] = nil
	iso.live = iso.live[:len(iso.live)-1]
	iso.liveCount.Add(-1)
}

// sweep runs after every job on the loop: invocations with nothing left to do end, and
// those that wait on something nothing can settle any more are told they hung. (From the
// end of the list: an invocation that ends is replaced by the last, already looked at.)
func (iso *Isolate) sweep() {
	for i := len(iso.live) - 1; i >= 0; i-- {
		inv := iso.live[i]
		complete := inv.responded.Load() && inv.waiting == 0 && len(inv.holds) == 0
		if complete {
			iso.end(inv)
			continue
		}
		if inv.pending > 0 {
			continue
		}
		// Hung: no promise of its own pending, no timer set.
		waiting := false
		for h := range inv.holds {
			for fail := range h.waiters {
				delete(h.waiters, fail)
				(*fail)(ErrHung)
				waiting = true
			}
		}
		inv.finish(nil, ErrHung)
		if len(inv.holds) > 0 && !waiting {
			continue // a Go reader has not asked yet; it will, and be told then
		}
		if len(inv.holds) == 0 {
			iso.end(inv)
		}
	}
}

// endAll ends every live invocation (the isolate is being retired). On the loop.
func (iso *Isolate) endAll() {
	for i := len(iso.live) - 1; i >= 0; i-- {
		inv := iso.live[i]
		for h := range inv.holds {
			for fail := range h.waiters {
				delete(h.waiters, fail)
				(*fail)(ErrIsolateReset)
			}
		}
		iso.end(inv)
	}
}

// own counts a bridge promise or a timer as pending in inv (nil: global scope).
func (inv *Invocation) own() {
	if inv != nil {
		inv.pending++
	}
}

// disown undoes own once the promise has settled or the timer fired or stopped.
func (inv *Invocation) disown() {
	if inv != nil {
		inv.pending--
	}
}

// addTimer registers a timer inv owns; it reports false if inv has ended (the timer must
// not run: its request is over).
func (inv *Invocation) addTimer(t *invTimer) bool {
	if inv == nil {
		return true
	}
	if !inv.live {
		return false
	}
	if inv.timers == nil {
		inv.timers = map[*invTimer]struct{}{}
	}
	inv.timers[t] = struct{}{}
	inv.own()
	return true
}

// timerDone unregisters t (fired or cleared); it reports whether t was still active.
func (inv *Invocation) timerDone(t *invTimer) bool {
	if t.done {
		return false
	}
	t.done = true
	if inv != nil {
		delete(inv.timers, t)
		inv.disown()
	}
	return true
}

// Hold implements jsx.Bridge.
func (b bridge) Hold() jsx.Hold {
	h := &invHold{iso: b.iso, inv: b.iso.current, waiters: map[*func(error)]struct{}{}}
	if h.inv != nil && h.inv.live {
		if h.inv.holds == nil {
			h.inv.holds = map[*invHold]struct{}{}
		}
		h.inv.holds[h] = struct{}{}
	}
	return h
}

// Wait implements jsx.Hold.
func (h *invHold) Wait(fail func(error)) (done func()) {
	f := &fail
	h.waiters[f] = struct{}{}
	return func() { delete(h.waiters, f) }
}

// Release implements jsx.Hold.
func (h *invHold) Release() {
	if h.released {
		return
	}
	h.released = true
	if h.inv != nil {
		delete(h.inv.holds, h)
	}
}

// addWaitUntil records a promise the invocation must let settle before it ends.
func (inv *Invocation) addWaitUntil(vm *goja.Runtime, v goja.Value) {
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return
	}
	inv.waitUntil = append(inv.waitUntil, p)
	if !inv.live {
		return
	}
	inv.waiting++
	settled := false
	settle := func() {
		if !settled {
			settled = true
			inv.waiting--
		}
	}
	then, _ := goja.AssertFunction(v.ToObject(vm).Get("then"))
	then(v, vm.ToValue(func(goja.FunctionCall) goja.Value {
		settle()
		return goja.Undefined()
	}), vm.ToValue(func(call goja.FunctionCall) goja.Value {
		// Watching the promise handles its rejection; it is still reported, as wrangler
		// dev reports a failed waitUntil: "Uncaught Error: …", with no "(in promise)".
		settle()
		fmt.Fprintf(inv.stderr, "Uncaught %s\n", exceptionOf(vm, call.Argument(0)).Stack)
		return goja.Undefined()
	}))
}
