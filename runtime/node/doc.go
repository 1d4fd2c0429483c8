// Package node is nodejs_compat: the Node.js modules a worker can import (`node:buffer`,
// `node:events`, ...), one module per file, installed from the one table in node.go, and
// the globals nodejs_compat adds (Buffer, process, global, setImmediate). What Node's
// semantics shape in JavaScript is written in js/*.js; what Go's standard library does
// (encodings, hashes, ciphers, compression) is done in Go.
//
// It may import runtime/webapi and runtime/jsx and nothing else of goflare's.
package node
