package webapi

import (
	_ "embed"
)

// installEvents runs events.js: DOMException, Event, EventTarget, AbortController,
// AbortSignal, structuredClone and queueMicrotask.
func installEvents(r *Realm) {
	exports := r.runScript("events.js").ToObject(r.VM)
	r.defineGlobals(exports, exports.Keys()...)
}
