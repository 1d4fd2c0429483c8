// Package runtime is the isolate: one goja runtime owned by one event-loop goroutine, the
// Invocation (per-request context and limits), dispatch of fetch events to module and
// service-worker workers, and the one promise bridge through which async Go work
// re-enters JavaScript (DESIGN.md 2).
//
// It may import runtime/webapi, runtime/jsx and runtime/bundle, never bindings, kvstore or
// config: bindings reach an isolate through the Binding interface defined here. Inside
// this package the standard library's runtime is imported as goruntime.
package runtime
