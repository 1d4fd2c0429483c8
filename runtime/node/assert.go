package node

import "github.com/dop251/goja"

// newAssert is node:assert (js/assert.js): the module is the assert function.
func newAssert(m *Modules) goja.Value { return m.assertModules().Get("assert") }

// newAssertStrict is node:assert/strict, an object of its own as in workerd.
func newAssertStrict(m *Modules) goja.Value { return m.assertModules().Get("strictModule") }

// assertModules runs js/assert.js once for both modules.
func (m *Modules) assertModules() *goja.Object {
	return m.require("_assert").ToObject(m.vm)
}

func newAssertScript(m *Modules) goja.Value { return m.runModule("assert.js", nil) }
