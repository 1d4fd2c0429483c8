package runtime

import (
	"regexp"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Exception is an uncaught JS exception: what the worker threw, with its source-mapped
// stack in V8's layout.
type Exception struct {
	Name, Message string
	// Stack is "Name: message" followed by "    at fn (src/index.ts:4:8)" lines.
	Stack string
}

func (e *Exception) Error() string { return e.Stack }

// exceptionFrom turns an error from JS (an exception, or a thrown value) into *Exception.
// Other errors pass through unchanged.
//
// It looks at err's type only, never through errors.As: a *goja.Exception's Unwrap runs
// the thrown value's code (instanceof, a Proxy's getPrototypeOf trap), which may throw.
func exceptionFrom(vm *goja.Runtime, err error) error {
	switch e := err.(type) {
	case *goja.StackOverflowError:
		return stackOverflow(e)
	case *goja.Exception:
		return exceptionOf(vm, e.Value())
	case *jsx.Thrown:
		return exceptionOf(vm, e.Value)
	}
	return err
}

// stackOverflow is V8's RangeError for a call stack past maxCallDepth, with the frames
// goja kept (the innermost ones).
func stackOverflow(so *goja.StackOverflowError) *Exception {
	const msg = "Maximum call stack size exceeded"
	stack := "RangeError: " + msg
	// V8 keeps 10 frames (Error.stackTraceLimit).
	frames := strings.Split(strings.TrimSpace(so.String()), "\n")
	for i, f := range frames {
		if f = strings.TrimSpace(f); f != "" && i < 10 {
			stack += "\n\t" + f
		}
	}
	return &Exception{Name: "RangeError", Message: msg, Stack: CleanStack(stack)}
}

// exceptionOf describes a thrown JS value. Describing runs the value's own code (a
// getter, a Proxy trap, toString); when that throws, what it threw is described instead,
// as V8 does, so no thrown value can escape as a Go panic or print Go internals.
func exceptionOf(vm *goja.Runtime, v goja.Value) *Exception {
	for range 3 {
		var e *Exception
		ex := vm.Try(func() { e = describeThrown(vm, v) })
		if ex == nil {
			return e
		}
		v = ex.Value()
	}
	const msg = "Uncaught exception (its description threw too)"
	return &Exception{Name: "Error", Message: msg, Stack: "Error: " + msg}
}

// describeThrown is exceptionOf's one attempt; it may throw (panic) in JS.
func describeThrown(vm *goja.Runtime, v goja.Value) *Exception {
	e := &Exception{Name: "Error"}
	switch o := v.(type) {
	case nil:
		e.Message = "undefined"
	case *goja.Symbol:
		e.Message = "Symbol(" + o.String() + ")"
	case *goja.Object:
		if o.ClassName() == "Error" {
			e.Name = o.Get("name").String()
			e.Message = o.Get("message").String()
			if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
				e.Stack = CleanStack(s.String())
			}
			break
		}
		// A thrown function reads as V8 prints it: its name, then its source.
		if _, fn := goja.AssertFunction(o); fn {
			if name := o.Get("name"); name != nil && name.String() != "" {
				e.Name = name.String()
			}
		}
		e.Message = toPrimitiveString(vm, o)
	default:
		// A thrown non-Error value is reported as an Error with its string form, as
		// wrangler dev answers `Promise.reject("x")` with "Error: x".
		e.Message = v.String()
	}
	if e.Stack == "" {
		e.Stack = e.Name + ": " + e.Message
	}
	return e
}

var gojaFrame = regexp.MustCompile(`(?m)^\tat (.*?)(:\d+:\d+)\(\d+\)(\)?)$`)

// CleanStack rewrites goja's stack frames ("\tat f (src/a.ts:4:8(12))") into V8's
// layout ("    at f (src/a.ts:4:8)"), which is what workerd shows and tools parse.
func CleanStack(s string) string {
	s = gojaFrame.ReplaceAllString(s, "    at $1$2$3")
	s = strings.ReplaceAll(s, "\n\tat ", "\n    at ")
	return strings.TrimRight(s, "\n")
}

// toPrimitiveString is String(o) as V8 computes it for a thrown object (toString, then
// valueOf), with V8's TypeError when neither gives a primitive; goja's own conversion
// would print Go internals in that case. It may throw (panic) in JS.
func toPrimitiveString(vm *goja.Runtime, o *goja.Object) string {
	for _, name := range []string{"toString", "valueOf"} {
		if f, ok := goja.AssertFunction(o.Get(name)); ok {
			v, err := f(o)
			if err != nil {
				panic(err)
			}
			if _, isObj := v.(*goja.Object); !isObj {
				return v.String()
			}
		}
	}
	panic(vm.NewTypeError("Cannot convert object to primitive value"))
}
