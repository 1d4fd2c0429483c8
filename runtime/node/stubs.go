package node

import "github.com/dop251/goja"

// The modules of js/stubs.js (what workerd has in part or as stubs) and js/fs.js.

func stubModule(name string) func(m *Modules) goja.Value {
	return func(m *Modules) goja.Value { return m.require("_stubs").ToObject(m.vm).Get(name) }
}

func newStubs(m *Modules) goja.Value { return m.runModule("stubs.js", nil) }

func newFS(m *Modules) goja.Value         { return m.runModule("fs.js", nil) }
func newFSPromises(m *Modules) goja.Value { return m.require("fs").ToObject(m.vm).Get("promises") }
func newSys(m *Modules) goja.Value        { return m.require("util") }
func newConsole(m *Modules) goja.Value    { return m.runModule("console.js", nil) }
func newConstants(m *Modules) goja.Value  { return m.runModule("constants.js", nil) }
func newModule(m *Modules) goja.Value {
	native := m.vm.NewObject()
	native.Set("load", func(name string) goja.Value {
		v, ok := m.Load(name)
		if !ok {
			return goja.Undefined()
		}
		return v
	})
	return m.runModule("module.js", native)
}
