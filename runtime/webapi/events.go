package webapi

import (
	_ "embed"
	"sync"

	"github.com/dop251/goja"
)

//go:embed js/events.js
var eventsSource string

var eventsProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("goflare:events.js", eventsSource, true)
})

// installEvents runs events.js: DOMException, Event, EventTarget, AbortController,
// AbortSignal, structuredClone and queueMicrotask.
func installEvents(r *Realm) {
	vm := r.VM
	v, err := vm.RunProgram(eventsProgram())
	if err != nil {
		panic(err)
	}
	exports := v.ToObject(vm)
	for _, name := range exports.Keys() {
		vm.GlobalObject().DefineDataProperty(name, exports.Get(name), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
}
