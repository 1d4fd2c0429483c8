package goja

// goflare: the limits V8 puts on one allocation, and built-ins that stop when the runtime
// is interrupted. A worker's single `new ArrayBuffer(2 ** 40)` or `"x".repeat(2 ** 40)`
// killed the whole process (Go's out-of-memory is fatal, not a panic), and a built-in
// looping over a length the script chose (`Array.prototype.fill.call({length: 2 ** 53})`)
// ran on after goflare's CPU or memory limit had interrupted the runtime, since Interrupt
// was only seen between instructions.

import (
	"strconv"
	"sync/atomic"
)

// maxStringLength is V8's String::kMaxLength on 64-bit systems, in UTF-16 code units: a
// longer string is `RangeError: Invalid string length`.
const maxStringLength = 1<<29 - 24

// SetAllocationLimit makes an ArrayBuffer (or typed array) larger than n bytes throw V8's
// `RangeError: Array buffer allocation failed` instead of being allocated; n <= 0 sets no
// limit. Call it before running code.
func (r *Runtime) SetAllocationLimit(n int64) {
	r.allocLimit = n
}

// allocByteSlice is the backing store of an ArrayBuffer of size bytes.
func (r *Runtime) allocByteSlice(size int) []byte {
	if size < 0 {
		panic(rangeError("Invalid array buffer length"))
	}
	if r.allocLimit > 0 && int64(size) > r.allocLimit {
		panic(rangeError("Array buffer allocation failed"))
	}
	return allocByteSlice(size)
}

// checkStringLength throws V8's RangeError when a string of n code units would be made.
func checkStringLength(n int64) {
	if n > maxStringLength || n < 0 {
		panic(rangeError("Invalid string length"))
	}
}

// bufferLength is an ArrayBuffer's length argument, with V8's text when it is not one.
func (r *Runtime) bufferLength(v Value) int {
	num := v.ToInteger()
	if num < 0 || num > maxInt-1 {
		panic(rangeError("Invalid array buffer length"))
	}
	return int(num)
}

// typedArrayLength is a typed array's length argument, with V8's text when it is not one.
func (r *Runtime) typedArrayLength(v Value) int {
	num := v.ToInteger()
	if num < 0 || num > maxInt-1 {
		panic(rangeError("Invalid typed array length: " + strconv.FormatInt(num, 10)))
	}
	return int(num)
}

// checkInterrupt stops a built-in's loop when the runtime has been interrupted, as the
// run loop does between instructions.
func (r *Runtime) checkInterrupt() {
	vm := r.vm
	if atomic.LoadUint32(&vm.interrupted) == 0 {
		return
	}
	vm.interruptLock.Lock()
	v := &InterruptedError{iface: vm.interruptVal}
	v.stack = vm.captureStack(nil, 0)
	vm.interruptLock.Unlock()
	panic(v)
}

// Len is the length of what was written so far, in UTF-16 code units.
func (b *StringBuilder) Len() int {
	if b.ascii() {
		return b.asciiBuilder.Len()
	}
	return len(b.unicodeBuilder.buf) - 1 // buf[0] is the BOM that marks a unicodeString
}

// regexpTimeout is thrown when a match ran past regexp2's MatchTimeout (the process-wide
// regexp2.DefaultMatchTimeout goflare sets to the CPU limit): a backtracking match is
// not interrupted between instructions, so the timeout is how the CPU limit reaches it.
type regexpTimeout struct{ err error }

// checkMatchTimeout throws regexpTimeout for the error of a match, if any. goja let a
// match that timed out read as no match, so the worker went on with a wrong answer.
func checkMatchTimeout(err error) {
	if err != nil {
		panic(regexpTimeout{err})
	}
}

// SetMatchTimeoutHandler sets what runs, on the runtime's goroutine, when a regular
// expression match times out, before the error is thrown: goflare interrupts the job
// there, as its CPU limit does.
func (r *Runtime) SetMatchTimeoutHandler(f func()) {
	r.matchTimeout = f
}
