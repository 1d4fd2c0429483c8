package runtime

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/webapi"
)

// DefaultKVOpLimit is the number of KV operations one invocation may make
// (decisions.md).
const DefaultKVOpLimit = 1000

// DefaultSubrequestLimit is the outbound fetches one invocation may make unless
// limits.subrequests says otherwise (decisions.md).
const DefaultSubrequestLimit = 1000

// errGlobalScope is workerd's refusal of I/O outside a request.
const errGlobalScope = webapi.GlobalScopeError

// ErrTooManyKVOps is the error of the operation past the limit, with the platform's text.
var ErrTooManyKVOps = errors.New("Too many API requests by single worker invocation. Workers can make up to 1000 KV and Durable Object requests per invocation.")

var invocationIDs atomic.Uint64

// Invocation is one fetch or scheduled event with everything it started: its context, its
// limits and counters, and the promises handed to ctx.waitUntil. Bindings capture it when
// a method is entered, on the loop.
type Invocation struct {
	ctx context.Context
	// ID identifies the invocation in logs.
	ID uint64

	kvOps     int
	kvOpLimit int

	subrequests     int
	subrequestLimit int

	finishOnce sync.Once
	done       chan<- fetchResult // where the response (or the failure) goes, once
	waitUntil  []*goja.Promise
	responded  atomic.Bool // finish has been called
	stderr     io.Writer

	// What it owns, touched only on the loop (lifecycle.go).
	live    bool
	liveAt  int // its index in the isolate's live list, while live
	pending int // bridge promises not settled and timers not fired
	timers  map[*invTimer]struct{}
	holds   map[*invHold]struct{}
	waiting int // waitUntil promises not settled
}

// newInvocation starts an invocation for a request. Its context keeps the request's
// values but not its end: work handed to ctx.waitUntil goes on after the response has
// been sent (and the request's context canceled), as on the platform.
func newInvocation(reqCtx context.Context, opts Options) *Invocation {
	if reqCtx.Done() != nil {
		reqCtx = context.WithoutCancel(reqCtx) // (the dev server's is already so)
	}
	return &Invocation{ctx: reqCtx, ID: invocationIDs.Add(1),
		kvOpLimit: opts.KVOpLimit, subrequestLimit: opts.SubrequestLimit, stderr: opts.Stderr}
}

// finish reports the invocation's outcome; only the first report counts (a CPU-limit
// failure may race the response).
func (inv *Invocation) finish(res *Response, err error) {
	inv.finishOnce.Do(func() {
		inv.responded.Store(true)
		if inv.done != nil {
			inv.done <- fetchResult{res: res, err: err}
		}
	})
}

// ErrCPULimit fails an invocation whose JavaScript ran longer than limits.cpu_ms without
// yielding (decisions.md); the dev server answers 503 with its text.
var ErrCPULimit = errors.New("Worker exceeded CPU time limit.")

// Context is the invocation's context; blocking Go work done for it takes this context.
func (inv *Invocation) Context() context.Context { return inv.ctx }

// CountKVOp counts one KV operation and returns ErrTooManyKVOps once the limit is passed.
// A limit of 0 turns the check off. Call it on the loop.
func (inv *Invocation) CountKVOp() error {
	inv.kvOps++
	if inv.kvOpLimit > 0 && inv.kvOps > inv.kvOpLimit {
		return ErrTooManyKVOps
	}
	return nil
}

// ErrTooManySubrequests is the error of the outbound fetch past limits.subrequests.
var ErrTooManySubrequests = errors.New("Too many subrequests.")

// CountSubrequest counts one outbound fetch and returns ErrTooManySubrequests once the
// limit is passed. Call it on the loop.
func (inv *Invocation) CountSubrequest() error {
	inv.subrequests++
	if inv.subrequestLimit > 0 && inv.subrequests > inv.subrequestLimit {
		return ErrTooManySubrequests
	}
	return nil
}

// KVOps returns how many KV operations the invocation has made.
func (inv *Invocation) KVOps() int { return inv.kvOps }
