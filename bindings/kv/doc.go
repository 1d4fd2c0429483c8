// Package kv is the JS KVNamespace binding: argument handling and validation with
// Cloudflare's exact wording (messages.go), operation counting on the Invocation, and the
// conversion of stored entries into JS values. Storage itself is kvstore's, reached through
// the small Store interface.
//
// It may import runtime/... and kvstore; never config or devserver.
package kv
