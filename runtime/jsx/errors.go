package jsx

import (
	"errors"

	"github.com/dop251/goja"
)

// Error is a Go error that becomes an instance of the JS error constructor Name
// ("TypeError", "RangeError", "Error", ...) when it reaches JavaScript.
type Error struct {
	Name    string
	Message string
	// DOM makes it a DOMException even when Name is also a global constructor's
	// ("SyntaxError").
	DOM bool
}

func (e *Error) Error() string { return e.Name + ": " + e.Message }

// TypeError returns an *Error named TypeError.
func TypeError(msg string) *Error { return &Error{Name: "TypeError", Message: msg} }

// RangeError returns an *Error named RangeError.
func RangeError(msg string) *Error { return &Error{Name: "RangeError", Message: msg} }

// DOMException returns an *Error that becomes a DOMException with the given name
// ("NotSupportedError", "InvalidCharacterError", ...).
func DOMException(name, msg string) *Error { return &Error{Name: name, Message: msg, DOM: true} }

// PlainError returns an *Error named Error.
func PlainError(msg string) *Error { return &Error{Name: "Error", Message: msg} }

// ToValue is the one conversion of a Go error into a JS value: an *Error becomes a real
// instance of its named constructor (so instanceof, name and message match workerd); a
// *goja.Exception yields the value it carries; anything else becomes a plain Error.
func ToValue(vm *goja.Runtime, err error) goja.Value {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	var interrupted *goja.InterruptedError
	if errors.As(err, &interrupted) {
		// The runtime was interrupted: calling a JS constructor now would misbehave.
		return vm.ToValue(err.Error())
	}
	var th *Thrown
	if errors.As(err, &th) {
		return th.Value
	}
	name, msg, dom := "Error", err.Error(), false
	var je *Error
	if errors.As(err, &je) {
		name, msg, dom = je.Name, je.Message, je.DOM
	}
	ctor, ok := goja.AssertConstructor(vm.Get(name))
	if dom {
		ok = false
	}
	if !ok {
		// Names that are no global constructor are DOMException names
		// (NotSupportedError, AbortError, ...), as in the Web platform.
		if dom, isDOM := goja.AssertConstructor(vm.Get("DOMException")); isDOM {
			if obj, err := dom(nil, vm.ToValue(msg), vm.ToValue(name)); err == nil {
				return obj
			}
		}
		ctor, _ = goja.AssertConstructor(vm.Get("Error"))
	}
	obj, cerr := ctor(nil, vm.ToValue(msg))
	if cerr != nil {
		return vm.NewGoError(err)
	}
	return obj
}

// Throw panics with err converted by ToValue; goja turns the panic into a JS exception.
func Throw(vm *goja.Runtime, err error) {
	panic(ToValue(vm, err))
}

// Thrown is a JS value thrown by JS or Go code, carried as a Go error.
type Thrown struct{ Value goja.Value }

// Error is the value's string form; a value with none (Object.create(null), a Proxy
// whose traps throw) reads "[object]", never a Go panic.
func (t *Thrown) Error() (s string) {
	defer func() {
		if recover() != nil {
			s = "[object]"
		}
	}()
	return t.Value.String()
}

// Catch runs fn and returns what it throws (a goja panic carrying a JS value or an
// exception) as an error; other panics pass through.
func Catch(fn func()) (err error) {
	defer func() {
		if x := recover(); x != nil {
			switch e := x.(type) {
			case *goja.Exception:
				err = e
			case goja.Value:
				err = &Thrown{Value: e}
			default:
				panic(x)
			}
		}
	}()
	fn()
	return nil
}
