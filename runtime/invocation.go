package runtime

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/dop251/goja"
)

// DefaultKVOpLimit is the number of KV operations one invocation may make
// (decisions.md).
const DefaultKVOpLimit = 1000

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
	waitUntil []*goja.Promise
}

// newInvocation starts an invocation for a request. Its context keeps the request's
// values but not its end: work handed to ctx.waitUntil goes on after the response has
// been sent (and the request's context canceled), as on the platform.
func newInvocation(reqCtx context.Context, kvOpLimit int) *Invocation {
	return &Invocation{ctx: context.WithoutCancel(reqCtx), ID: invocationIDs.Add(1), kvOpLimit: kvOpLimit}
}

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

// KVOps returns how many KV operations the invocation has made.
func (inv *Invocation) KVOps() int { return inv.kvOps }
