package node

import "github.com/dop251/goja"

// newTimers is node:timers (js/timers.js).
func newTimers(m *Modules) goja.Value { return m.runModule("timers.js", nil) }

// newTimersPromises is node:timers/promises: node:timers' promises.
func newTimersPromises(m *Modules) goja.Value {
	return m.require("timers").ToObject(m.vm).Get("promises")
}
