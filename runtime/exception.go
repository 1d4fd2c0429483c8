package runtime

import (
	"errors"
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
func exceptionFrom(vm *goja.Runtime, err error) error {
	var ex *goja.Exception
	var th *jsx.Thrown
	switch {
	case errors.As(err, &ex):
		return exceptionOf(vm, ex.Value())
	case errors.As(err, &th):
		return exceptionOf(vm, th.Value)
	}
	return err
}

// exceptionOf describes a thrown JS value.
func exceptionOf(vm *goja.Runtime, v goja.Value) *Exception {
	e := &Exception{Name: "Error"}
	if o, ok := v.(*goja.Object); ok && o.ClassName() == "Error" {
		e.Name = o.Get("name").String()
		e.Message = o.Get("message").String()
		if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
			e.Stack = CleanStack(s.String())
		}
	} else {
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
