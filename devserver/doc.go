// Package devserver is the HTTP front door of `goflare dev`: it builds the worker from a
// config (bundle, isolate, env), translates HTTP requests into fetch events and responses
// back, logs each request, and answers an uncaught exception with a 500 and its stack.
//
// It may import config, runtime/..., bindings/... and kvstore; never cmd.
package devserver
