package node

import "github.com/dop251/goja"

// newEvents is node:events (js/events.js): its value is EventEmitter, with the module's
// other exports as its properties, as require("events") is in Node.
func newEvents(m *Modules) goja.Value { return m.runModule("events.js", nil) }
