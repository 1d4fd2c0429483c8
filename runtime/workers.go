package runtime

import "sync/atomic"

// The Go side of an Async call (a KV read or write, mostly) runs on a goroutine kept
// from earlier calls when one is idle. SQLite's transpiled C needs tens of KB of stack,
// and a fresh goroutine starts with a few KB: starting one per KV operation grew and
// copied its stack every time (about 5 % of a KV route's CPU under load).

// idleWorkers hands work to a parked worker; a send succeeds only when one is waiting.
var idleWorkers = make(chan func())

// parkedWorkers counts the workers parked on idleWorkers, at most maxIdleWorkers.
var parkedWorkers atomic.Int32

// maxIdleWorkers bounds the goroutines kept waiting between bursts of work.
const maxIdleWorkers = 32

// goWork runs f on an idle worker, or on a new goroutine when none is idle.
func goWork(f func()) {
	select {
	case idleWorkers <- f:
	default:
		go worker(f)
	}
}

// worker runs f, then waits for more work while fewer than maxIdleWorkers wait.
func worker(f func()) {
	for {
		f()
		if parkedWorkers.Add(1) > maxIdleWorkers {
			parkedWorkers.Add(-1)
			return
		}
		f = <-idleWorkers
		parkedWorkers.Add(-1)
	}
}
