// Package kvstore is goflare's storage engine for Workers KV: namespaces and their entries
// (value, metadata, expiration) in one SQLite database, with byte-wise key order, list
// cursors and lazy expiry.
//
// It knows nothing about JavaScript: it must not import goja or any other goflare package.
// The JS binding (bindings/kv), the `goflare kv` commands and the dev server all sit on it.
// Time comes from an injected clock so that tests and the dev server can move it forward.
package kvstore
