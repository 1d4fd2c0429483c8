package node

import "github.com/dop251/goja"

// newAsyncHooks is node:async_hooks (js/async_hooks.js): AsyncLocalStorage and
// AsyncResource over the runtime's async context frame (Options.Context).
func newAsyncHooks(m *Modules) goja.Value {
	native := m.vm.NewObject()
	ctx := m.opts.Context
	native.Set("frame", func() goja.Value {
		if ctx == nil {
			return goja.Undefined()
		}
		if f := ctx.Frame(); f != nil {
			return f
		}
		return goja.Undefined()
	})
	native.Set("setFrame", func(f goja.Value) {
		if ctx == nil {
			return
		}
		if goja.IsUndefined(f) {
			f = nil
		}
		ctx.SetFrame(f)
	})
	return m.runModule("async_hooks.js", native)
}
