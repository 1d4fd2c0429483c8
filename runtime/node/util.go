package node

import "github.com/dop251/goja"

// newUtil is node:util (js/util.js): format and inspect are console's.
func newUtil(m *Modules) goja.Value {
	native := m.vm.NewObject()
	native.Set("format", m.realm.Format)
	native.Set("isProxy", func(v goja.Value) bool {
		o, ok := v.(*goja.Object)
		if !ok {
			return false
		}
		_, ok = o.Export().(goja.Proxy)
		return ok
	})
	return m.runModule("util.js", native)
}

// newUtilTypes is node:util/types: node:util's types.
func newUtilTypes(m *Modules) goja.Value { return m.require("util").ToObject(m.vm).Get("types") }

// newComparisons is Node's deep equality (js/comparisons.js), for node:util and
// node:assert; workers cannot import it.
func newComparisons(m *Modules) goja.Value { return m.runModule("comparisons.js", nil) }
