package runtime

import (
	"container/heap"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// bridge is the isolate's jsx.Bridge: the only code that makes promises for Go work and
// posts their settlement back onto the loop.
type bridge struct{ iso *Isolate }

// Promise returns a pending promise and its settler. Call on the loop.
func (b bridge) Promise() (*goja.Promise, jsx.Settler) {
	p, resolver := b.iso.vm.NewPromiseResolver()
	b.iso.pending.Add(1)
	b.iso.current.own()
	return p, &settler{iso: b.iso, inv: b.iso.current, resolver: resolver}
}

// Later binds the current invocation to a poster any goroutine may use.
func (b bridge) Later() func(fn func(vm *goja.Runtime)) bool {
	iso, inv, frame := b.iso, b.iso.current, b.iso.frame
	return func(fn func(vm *goja.Runtime)) bool {
		return iso.post(func(vm *goja.Runtime) { iso.within(inv, frame, vm, fn) })
	}
}

// within runs fn in inv with the async context frame it had when its work was set up,
// then puts back what was current.
func (iso *Isolate) within(inv *Invocation, frame goja.Value, vm *goja.Runtime, fn func(vm *goja.Runtime)) {
	prev, prevFrame := iso.current, iso.frame
	iso.setCurrent(inv)
	iso.frame = frame
	defer func() {
		iso.setCurrent(prev)
		iso.frame = prevFrame
	}()
	fn(vm)
}

// After is a timer whose callback runs on the loop in the invocation that set it; the
// invocation owns it (lifecycle.go): it keeps the invocation alive, and is cancelled
// when the invocation ends. A timer set after its invocation ended never fires.
func (b bridge) After(d time.Duration, fn func(vm *goja.Runtime)) (stop func()) {
	iso, inv, frame := b.iso, b.iso.current, b.iso.frame
	var stopped atomic.Bool
	it := &invTimer{}
	if !inv.addTimer(it) {
		return func() {}
	}
	iso.timerSeq++
	if iso.timerSeq%1024 == 0 {
		iso.timers.dropStopped()
	}
	heap.Push(&iso.timers, &dueTimer{
		deadline: time.Now().Add(d),
		seq:      iso.timerSeq,
		stopped:  &stopped,
		run: func(vm *goja.Runtime) {
			if inv.timerDone(it) {
				iso.within(inv, frame, vm, fn)
			}
		},
	})
	t := time.AfterFunc(d, func() { iso.post(iso.runDueTimer) })
	it.stop = func() {
		stopped.Store(true)
		t.Stop()
	}
	return func() { // on the loop (clearTimeout)
		it.stop()
		inv.timerDone(it)
	}
}

// dueTimer is a timer waiting in the isolate's queue.
type dueTimer struct {
	deadline time.Time
	seq      uint64 // the order timers were set in
	stopped  *atomic.Bool
	run      func(vm *goja.Runtime)
}

// timerHeap orders the isolate's timers by deadline, then by the order they were set,
// so that timers of the same delay run in the order they were set, as in workerd (each
// fires its own Go timer, and those race).
type timerHeap []*dueTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].deadline.Equal(h[j].deadline) {
		return h[i].deadline.Before(h[j].deadline)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(*dueTimer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

// dropStopped removes the cleared timers that wait for their deadline to be popped, so
// that setting and clearing long timers cannot grow the queue without bound.
func (h *timerHeap) dropStopped() {
	live := (*h)[:0]
	for _, t := range *h {
		if !t.stopped.Load() {
			live = append(live, t)
		}
	}
	clear((*h)[len(live):])
	*h = live
	heap.Init(h)
}

// runDueTimer runs the first due timer, on the loop. Every timer's Go timer posts it
// once when it fires: that timer is due then, so each post finds one to run (its own
// or one due before it) or none left (a cleared one, or run by an earlier post).
func (iso *Isolate) runDueTimer(vm *goja.Runtime) {
	now := time.Now()
	for iso.timers.Len() > 0 {
		t := iso.timers[0]
		if t.stopped.Load() {
			heap.Pop(&iso.timers)
			continue
		}
		if t.deadline.After(now) {
			return
		}
		heap.Pop(&iso.timers)
		t.run(vm)
		return
	}
}

// settler settles one promise once, on the loop, in the invocation that made it.
type settler struct {
	iso      *Isolate
	inv      *Invocation
	resolver *goja.PromiseResolver
	done     atomic.Bool
}

// Settle posts fn onto the loop; fn's value fulfils the promise, its error rejects it.
func (s *settler) Settle(fn func(vm *goja.Runtime) (goja.Value, error)) {
	if !s.done.CompareAndSwap(false, true) {
		return
	}
	posted := s.iso.post(func(vm *goja.Runtime) {
		defer s.iso.pending.Add(-1)
		var v goja.Value
		var err error
		if thrown := jsx.Catch(func() { v, err = fn(vm) }); thrown != nil {
			err = thrown
		}
		s.settle(v, err)
	})
	if !posted {
		s.iso.pending.Add(-1) // the isolate has stopped; nobody will settle it
	}
}

// SettleNow settles the promise at once; only on the loop.
func (s *settler) SettleNow(v goja.Value, err error) {
	if !s.done.CompareAndSwap(false, true) {
		return
	}
	defer s.iso.pending.Add(-1)
	s.settle(v, err)
}

func (s *settler) settle(v goja.Value, err error) {
	prev := s.iso.current
	s.iso.setCurrent(s.inv)
	defer s.iso.setCurrent(prev)
	s.inv.disown()
	if err != nil {
		s.iso.noteError(s.resolver.Reject(jsx.ToValue(s.iso.vm, err)))
		return
	}
	s.iso.noteError(s.resolver.Resolve(v))
}

// Async runs work on another goroutine (goWork) and returns a promise that the continuation work
// returns settles, on the loop. Call on the loop. work receives the current invocation's
// context.
func (iso *Isolate) Async(work func(inv *Invocation) func(vm *goja.Runtime) (goja.Value, error)) goja.Value {
	p, s := bridge{iso}.Promise()
	inv := iso.current
	goWork(func() { s.Settle(work(inv)) })
	return iso.vm.ToValue(p)
}
