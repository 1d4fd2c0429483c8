package jsx

import (
	"github.com/dop251/goja"
)

// Class is a JS class built in Go: a constructor function and its prototype.
type Class struct {
	Name        string
	Constructor *goja.Object
	Prototype   *goja.Object
	vm          *goja.Runtime
}

// NewClass builds a class named name. construct is called for `new Name(...)` and returns
// the Go value the new instance holds; a nil construct makes the class non-constructible
// from JS ("Illegal constructor", as workerd does for runtime-made objects like
// KVNamespace).
func NewClass(vm *goja.Runtime, name string, construct func(call goja.ConstructorCall) any) *Class {
	c := &Class{Name: name, vm: vm, Prototype: vm.NewObject()}
	ctor := vm.ToValue(func(call goja.ConstructorCall) *goja.Object {
		if construct == nil {
			panic(vm.NewTypeError("Illegal constructor"))
		}
		if call.NewTarget == nil {
			panic(vm.NewTypeError("Failed to construct '" + name + "': Please use the 'new' operator, this object constructor cannot be called as a function."))
		}
		// call.This is the instance goja made for `new`, with new.target's prototype
		// (a subclass's, for `super(...)`): it takes the slot, as wrap's object would.
		v := construct(call)
		call.This.SetInternal(v)
		return call.This
	}).(*goja.Object)
	c.Constructor = ctor
	ctor.DefineDataProperty("prototype", c.Prototype, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	ctor.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	c.Prototype.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	c.Prototype.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return c
}

// wrap makes an ordinary object with prototype proto holding v in its internal slot: the
// object takes expandos (itty-router's request.params), Object.keys, spread and
// getOwnPropertySymbols see only what the worker set, and subclasses work, as with
// workerd's Request and Response. (A symbol-keyed property did this before, at two
// allocations of a property map and a reflect wrapper per instance.) The slot (gojafork
// patch 10) holds v itself, out of JavaScript's reach; only this package sets it.
func (c *Class) wrap(v any, proto *goja.Object) *goja.Object {
	o := c.vm.NewObject()
	o.SetPrototype(proto)
	o.SetInternal(v)
	return o
}

// New makes an instance of the class holding v, as if constructed from JS.
func (c *Class) New(v any) *goja.Object { return c.wrap(v, c.Prototype) }

// Method defines a prototype method. The function receives the Go value of `this`, already
// brand-checked: calling the method on anything else throws "Illegal invocation".
func Method[T any](c *Class, name string, fn func(this T, call goja.FunctionCall) goja.Value) {
	vm := c.vm
	f := Func(vm, name, func(call goja.FunctionCall) goja.Value {
		return fn(This[T](vm, call.This), call)
	})
	c.Prototype.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// Getter defines a read-only accessor property on the prototype, brand-checked like Method.
func Getter[T any](c *Class, name string, fn func(this T) goja.Value) {
	vm := c.vm
	g := Func(vm, "", func(call goja.FunctionCall) goja.Value { // workerd's getters have no name
		return fn(This[T](vm, call.This))
	})
	c.Prototype.DefineAccessorProperty(name, g, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// Static defines a function property on the constructor.
func (c *Class) Static(name string, fn func(call goja.FunctionCall) goja.Value) {
	c.Constructor.DefineDataProperty(name, Func(c.vm, name, fn), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// Unwrap returns the Go value of type T held by v, if v is an instance holding one.
func Unwrap[T any](v goja.Value) (T, bool) {
	var zero T
	o, ok := v.(*goja.Object)
	if !ok || o == nil {
		return zero, false
	}
	// Only the object's own slot: Object.create(request) is not a Request.
	t, ok := o.Internal().(T)
	return t, ok
}

// This is the brand check: the Go value of type T held by v, or a thrown
// TypeError "Illegal invocation".
func This[T any](vm *goja.Runtime, v goja.Value) T {
	t, ok := Unwrap[T](v)
	if !ok {
		panic(vm.NewTypeError("Illegal invocation"))
	}
	return t
}

// Func makes a JS function of fn named name, as V8 names its built-ins: fn.name and the
// frame in err.stack read name (a Go function's own name is never shown to JS).
func Func(vm *goja.Runtime, name string, fn func(call goja.FunctionCall) goja.Value) *goja.Object {
	f := vm.ToValue(fn).(*goja.Object)
	f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return f
}
