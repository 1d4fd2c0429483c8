package devserver

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/goflare/goflare/runtime/webapi"
)

// TestPutHeader: a worker's response headers reach Go's response as they were set (every
// value, in order), without the connection's own headers, and a response without a
// Content-Type gets none (not one net/http sniffs).
func TestPutHeader(t *testing.T) {
	h := http.Header{}
	ct, ce := putHeader(h, fields(
		"Content-Type", "text/html", "Connection", "close", "Set-Cookie", "a=1",
		"Content-Encoding", "gzip", "Set-Cookie", "b=2", "Transfer-Encoding", "chunked",
		"Proxy-Connection", "x", "Content-Type", "text/plain",
	))
	if ct != "text/html" || ce != "gzip" {
		t.Fatalf("content type %q, encoding %q", ct, ce)
	}
	want := http.Header{
		"Content-Type": {"text/html", "text/plain"}, "Set-Cookie": {"a=1", "b=2"},
		"Content-Encoding": {"gzip"}, "Proxy-Connection": {"x"},
	}
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("header = %v\nwant     %v", h, want)
	}
	h = http.Header{}
	if ct, ce := putHeader(h, fields("Upgrade", "h2c", "X-Ok", "1")); ct != "" || ce != "" {
		t.Fatalf("content type %q, encoding %q", ct, ce)
	}
	if vs, ok := h["Content-Type"]; !ok || vs != nil || h.Get("X-Ok") != "1" || len(h) != 2 {
		t.Fatalf("without a type: %v", h)
	}
}

// fields is a header list of name, value pairs.
func fields(pairs ...string) webapi.HeaderFields {
	var f webapi.HeaderFields
	for i := 0; i < len(pairs); i += 2 {
		f = append(f, webapi.HeaderField{Name: pairs[i], Value: pairs[i+1]})
	}
	return f
}
