package devserver

import (
	"io"
	"sync"
)

// logWriter hands the dev server's output (the Ready line, request logs, the worker's
// console output) to the terminal from one goroutine, in order. When idle a line goes out
// at once; under load the lines that queued up while the last write ran go out together,
// so a busy server does not spend a system call per request on its log.
type logWriter struct {
	out  io.Writer
	mu   sync.Mutex
	buf  []byte
	kick chan struct{}
	done chan struct{}
}

// maxQueued bounds what may wait for the terminal; past it Write waits too.
const maxQueued = 1 << 20

func newLogWriter(out io.Writer) *logWriter {
	l := &logWriter{out: out, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go l.run()
	return l
}

// Write queues p. It never fails.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	if len(l.buf) > maxQueued {
		// The terminal is not keeping up: write this batch here, in order.
		l.out.Write(l.buf)
		l.buf = l.buf[:0]
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
		l.mu.Lock()
		batch, l.buf = l.buf, batch[:0]
		l.mu.Unlock()
		if len(batch) > 0 {
			l.out.Write(batch)
		}
	}
}

// Close writes what is queued and stops the goroutine.
func (l *logWriter) Close() {
	close(l.kick)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.out.Write(l.buf)
		l.buf = nil
	}
}
