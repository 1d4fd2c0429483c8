// Package node is nodejs_compat: the Node.js modules a worker can import (`node:buffer`,
// `node:events`, ...), one module per file, installed from the one table in node.go, and
// the globals nodejs_compat adds (Buffer, process, global, setImmediate). What Node's
// semantics shape in JavaScript is written in js/*.js; what Go's standard library does
// (encodings, hashes, ciphers, compression) is done in Go.
//
// The JavaScript is run as it is written, not bundled: it uses only what goja runs (no
// for await, no async generators). Each file is one function expression taking
// (require, native, internal, inspect) and returning the module's exports; js/internal.js
// holds Node's error classes and argument checks.
//
// It may import runtime/webapi and runtime/jsx and nothing else of goflare's.
package node
