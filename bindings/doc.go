// Package bindings turns a worker's configured bindings into runtime.Binding values: the
// contract devserver uses to build `env`, and the plain ones (vars and secrets) itself.
// Binding kinds with behaviour of their own live in subpackages (bindings/kv).
//
// It may import runtime/... and kvstore; never config or devserver.
package bindings
