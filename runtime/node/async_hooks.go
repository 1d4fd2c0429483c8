package node

import "github.com/dop251/goja"

// newAsyncHooks is node:async_hooks (js/async_hooks.js): AsyncLocalStorage and
// AsyncResource over the runtime's async context frame (Options.Context).
func newAsyncHooks(m *Modules) goja.Value {
	native := m.vm.NewObject()
	ctx := m.opts.Context
	// Both take and give goja values directly (no reflection): run calls them on every
	// entry and exit.
	native.Set("frame", func(goja.FunctionCall) goja.Value {
		if ctx == nil {
			return goja.Undefined()
		}
		if f := ctx.Frame(); f != nil {
			return f
		}
		return goja.Undefined()
	})
	native.Set("setFrame", func(call goja.FunctionCall) goja.Value {
		if ctx != nil {
			f := call.Argument(0)
			if goja.IsUndefined(f) {
				f = nil
			}
			ctx.SetFrame(f)
		}
		return goja.Undefined()
	})
	return m.runModule("async_hooks.js", native)
}
