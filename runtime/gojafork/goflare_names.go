package goja

import (
	"reflect"
	"strings"

	"github.com/dop251/goja/unistring"
)

// goFuncName is the name a Go function passed to ToValue gets as a JS function: none.
// goja used its Go symbol (`github.com/…/jsx.Method[...].func1`), which reached a
// worker's fn.name and err.stack.
func goFuncName(any) unistring.String { return "" }

// namedValue is ToValue(value), where a Go function set as the property key (with
// Object.Set or Runtime.Set) is named key, as V8 names built-ins: `atob.name` is "atob".
func (r *Runtime) namedValue(value any, key unistring.String) Value {
	v := r.ToValue(value)
	if value == nil || reflect.TypeOf(value).Kind() != reflect.Func {
		return v
	}
	if f, ok := v.(*Object); ok {
		f.self._putProp("name", stringValueFromRaw(key), false, false, true)
	}
	return v
}

// SetHiddenSourcePrefix leaves the frames of code compiled under a name starting with
// prefix out of err.stack: goflare's own JavaScript (`goflare:events.js`), which V8
// would not show of workerd's built-ins. An empty prefix hides nothing.
func (r *Runtime) SetHiddenSourcePrefix(prefix string) {
	r.hiddenSources = prefix
}

// hiddenFrame reports whether f is left out of err.stack (see SetHiddenSourcePrefix).
func (r *Runtime) hiddenFrame(f *StackFrame) bool {
	return r.hiddenSources != "" && f.prg != nil && f.prg.src != nil &&
		strings.HasPrefix(f.prg.src.Name(), r.hiddenSources)
}
