package devserver

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"
)

// logWriter hands the dev server's output (the Ready line, request logs, the worker's
// console output) to the terminal from one goroutine, in order. When idle a line goes out
// at once; after a write the goroutine rests for logBatch, and the lines that queued up
// meanwhile go out together, so a busy server does not spend a system call (and a
// goroutine wake-up) per request on its log.
//
// Writing never blocks serving: when the terminal does not keep up (a pipe nobody reads)
// and maxQueued bytes are waiting, further lines are dropped, and once the terminal reads
// again a line says how many were.
type logWriter struct {
	out     io.Writer
	mu      sync.Mutex
	buf     []byte
	dropped int // lines dropped since the last notice
	kick    chan struct{}
	done    chan struct{}
}

// maxQueued bounds what may wait for the terminal; past it lines are dropped.
const maxQueued = 1 << 20

// logBatch is how long the writer rests after a write: short enough that no one sees
// the delay, long enough that a server under load writes a few hundred times a second.
const logBatch = 2 * time.Millisecond

// closeWait bounds how long Close waits for a terminal that does not read.
const closeWait = time.Second

func newLogWriter(out io.Writer) *logWriter {
	l := &logWriter{out: out, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go l.run()
	return l
}

// Write queues p, or drops it when the queue is full. It never fails or blocks.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	if len(l.buf) > maxQueued {
		l.dropped += max(1, bytes.Count(p, []byte{'\n'}))
		l.mu.Unlock()
		return len(p), nil
	}
	l.buf = append(l.buf, p...)
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (l *logWriter) run() {
	defer close(l.done)
	var batch []byte
	for range l.kick {
		if l.flush(&batch) {
			time.Sleep(logBatch)
		}
	}
	l.flush(&batch) // what was queued when Close was called
}

// flush writes what is queued, after a notice of what was dropped before it, and
// reports whether there was anything.
func (l *logWriter) flush(batch *[]byte) bool {
	l.mu.Lock()
	*batch, l.buf = l.buf, (*batch)[:0]
	dropped := l.dropped
	l.dropped = 0
	l.mu.Unlock()
	if dropped > 0 {
		fmt.Fprintf(l.out, "[goflare:warn] %d log lines were dropped: the terminal (or the pipe goflare writes to) was not reading\n", dropped)
	}
	if len(*batch) > 0 {
		l.out.Write(*batch)
	}
	return dropped > 0 || len(*batch) > 0
}

// Close writes what is queued and stops the goroutine; a terminal that does not read
// within closeWait is given up on.
func (l *logWriter) Close() {
	close(l.kick)
	select {
	case <-l.done:
	case <-time.After(closeWait):
	}
}
