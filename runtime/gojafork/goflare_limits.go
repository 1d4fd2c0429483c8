package goja

// goflare: the limits V8 puts on one allocation, and built-ins that stop when the runtime
// is interrupted. A worker's single `new ArrayBuffer(2 ** 40)` or `"x".repeat(2 ** 40)`
// killed the whole process (Go's out-of-memory is fatal, not a panic), and a built-in
// looping over a length the script chose (`Array.prototype.fill.call({length: 2 ** 53})`)
// ran on after goflare's CPU or memory limit had interrupted the runtime, since Interrupt
// was only seen between instructions.

import (
	"math"
	"strconv"
	"strings"
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
func bufferLength(v Value) int {
	return lengthArgument(v, func(int64) string { return "Invalid array buffer length" })
}

// typedArrayLength is a typed array's length argument, with V8's text when it is not one.
func typedArrayLength(v Value) int {
	return lengthArgument(v, func(n int64) string { return "Invalid typed array length: " + strconv.FormatInt(n, 10) })
}

// lengthArgument is v as a length (ToIndex), or the RangeError text says for it.
func lengthArgument(v Value, says func(n int64) string) int {
	num := v.ToInteger()
	if num < 0 || num > maxInt-1 {
		panic(rangeError(says(num)))
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

// maxArguments is about how many arguments V8's stack holds in one call (spread or
// apply): wrangler 4.86 takes Math.max.apply(null, a) with 124,531 elements and throws
// at 124,532. goja made a slice of any length first: `f.apply(null, {length: 2 ** 40})`
// was a fatal out-of-memory.
const maxArguments = 124_000

// checkArgumentCount throws V8's RangeError for a call with n arguments past maxArguments
// (past an array's length limit, V8 says so first).
func checkArgumentCount(n int64) {
	if n > math.MaxUint32 {
		panic(rangeError("Invalid array length"))
	}
	if n > maxArguments {
		panic(rangeError("Maximum call stack size exceeded"))
	}
}

// splitASCII is String.prototype.split of an ASCII string by an ASCII separator, at most
// limit pieces (limit < 0: no limit), piece by piece: strings.SplitN made every piece
// of `"x".repeat(2 ** 27).split("")` before anything could stop it.
func (r *Runtime) splitASCII(s, sep string, limit int) []Value {
	var out []Value
	for limit < 0 || len(out) < limit {
		r.checkInterrupt()
		if sep == "" {
			if s == "" {
				break
			}
			out = append(out, asciiString(s[:1]))
			s = s[1:]
			continue
		}
		i := strings.Index(s, sep)
		if i < 0 {
			out = append(out, asciiString(s))
			break
		}
		out = append(out, asciiString(s[:i]))
		s = s[i+len(sep):]
	}
	return out
}
