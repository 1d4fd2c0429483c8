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
	errEmptyKey    = jsx.TypeError("Key name cannot be empty.")
	errDotKey      = jsx.TypeError(`"." is not allowed as a key name.`)
	errDotDotKey   = jsx.TypeError(`".." is not allowed as a key name.`)
	errPutValue    = jsx.TypeError("KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.")
	errUnknownType = jsx.TypeError(`Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".`)

	// errOutsideRequest is for a KV call made while no request is being handled (at
	// the top level of the script).
	errOutsideRequest = jsx.PlainError("Disallowed operation called within global scope. Asynchronous I/O (ex: fetch() or connect()), setting a timeout, and generating random values are not allowed within global scope. To fix this error, perform this operation within a handler. https://developers.cloudflare.com/workers/runtime-apis/handlers/")
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
	// What a value stream threw while being read reaches the worker as itself.
	var je *jsx.Error
	var th *jsx.Thrown
	if errors.As(err, &je) {
		return je
	}
	if errors.As(err, &th) {
		return th
	}
	if errors.Is(err, context.Canceled) {
		return failed(op, 499, "The request was canceled.")
	}
	return failed(op, 500, err.Error())
}
