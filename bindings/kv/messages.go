package kv

import (
	"context"
	"errors"
	"fmt"

	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime/jsx"
)

// Cloudflare's texts, exactly as workerd and Miniflare produce them
// (wrangler-reference.md 4.2). Keep every KV message in this file.

// MaxKeyBytes is the longest key, in UTF-8 bytes.
const MaxKeyBytes = 512

var (
	errEmptyKey   = jsx.TypeError("Key name cannot be empty.")
	errDotKey     = jsx.TypeError(`"." is not allowed as a key name.`)
	errDotDotKey  = jsx.TypeError(`".." is not allowed as a key name.`)
	errPutValue   = jsx.TypeError("KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.")
	errUnknownTyp = jsx.TypeError(`Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".`)
)

// errKeyTooLong is the service's 414 for a key over MaxKeyBytes, for operation op
// ("GET", "PUT", "DELETE").
func errKeyTooLong(op string, n int) error {
	return failed(op, 414, fmt.Sprintf("UTF-8 encoded length of %d exceeds key length limit of %d.", n, MaxKeyBytes))
}

// failed is how the binding reports a non-2xx answer of the storage service:
// `KV <OP> failed: <status> <text>`.
func failed(op string, status int, text string) error {
	return jsx.PlainError(fmt.Sprintf("KV %s failed: %d %s", op, status, text))
}

// storeError reports a storage failure of operation op: a refusal with the service's
// status and text, anything else (a broken database) as a 500.
func storeError(op string, err error) error {
	if e, ok := kvstore.AsError(err); ok {
		return failed(op, e.Status, e.Message)
	}
	if errors.Is(err, context.Canceled) {
		return failed(op, 499, "The request was canceled.")
	}
	return failed(op, 500, err.Error())
}
