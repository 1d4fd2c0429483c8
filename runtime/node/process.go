package node

import (
	"strconv"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// newProcess is node:process (js/process.js), with env from Options.Env.
func newProcess(m *Modules) goja.Value {
	vm := m.vm
	native := vm.NewObject()
	env := vm.NewObject()
	for k, v := range m.opts.Env {
		env.Set(k, v)
	}
	native.Set("env", env)
	// exit makes what process.exit throws: workerd cancels the request with this message,
	// and an uncaught error ends goflare's invocation the same way.
	native.Set("exit", func(code goja.Value) goja.Value {
		n := int64(0)
		if !goja.IsUndefined(code) {
			n = code.ToInteger()
		}
		return jsx.ToValue(vm, jsx.PlainError("The Node.js process.exit("+strconv.FormatInt(n, 10)+") API was called. Canceling the request."))
	})
	return m.runModule("process.js", native)
}
