package webapi

import (
	"net/http"
	"net/textproto"
	"reflect"
	"testing"
)

// TestHeaderFields: a header list as Go's HTTP side gets it, names canonical (common
// ones and others), values in order, a copy the list's later changes do not reach.
func TestHeaderFields(t *testing.T) {
	h := NewHeaders()
	h.Append("content-type", "text/plain")
	h.Append("X-Custom-thing", "a")
	h.Append("Set-Cookie", "a=1")
	h.Append("set-cookie", "b=2")
	h.Append("etag", `"x"`)
	h.Append("www-authenticate", "Basic")
	f := h.Fields()
	want := HeaderFields{
		{"Content-Type", "text/plain"}, {"X-Custom-Thing", "a"}, {"Set-Cookie", "a=1"},
		{"Set-Cookie", "b=2"}, {"Etag", `"x"`}, {"Www-Authenticate", "Basic"},
	}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("Fields = %v\nwant     %v", f, want)
	}
	h.Set("content-type", "text/html")
	if got := f.Get("CONTENT-TYPE"); got != "text/plain" {
		t.Fatalf("Get after the list changed = %q, want the copy's text/plain", got)
	}
	if got := f.Get("X-Missing"); got != "" {
		t.Fatalf("Get of a missing name = %q", got)
	}
	m := f.HTTP()
	if !reflect.DeepEqual(m["Set-Cookie"], []string{"a=1", "b=2"}) || m.Get("X-Custom-Thing") != "a" || len(m) != 5 {
		t.Fatalf("HTTP = %v", m)
	}
	dst := http.Header{"Set-Cookie": {"z=0"}}
	HeaderFields{{"Set-Cookie", "a=1"}, {"Vary", "Accept"}, {"Vary", "Origin"}}.AddTo(dst)
	if !reflect.DeepEqual(dst, http.Header{"Set-Cookie": {"z=0", "a=1"}, "Vary": {"Accept", "Origin"}}) {
		t.Fatalf("AddTo = %v", dst)
	}
}

// TestCommonNamesAreCanonical: the table both conversions use holds Go's canonical form
// of each name (Etag, not ETag), or a header would go out under two keys.
func TestCommonNamesAreCanonical(t *testing.T) {
	for _, n := range commonNames {
		if c := textproto.CanonicalMIMEHeaderKey(n); c != n {
			t.Errorf("%q is not canonical: %q", n, c)
		}
		if canonicalName(lowerName(n)) != n {
			t.Errorf("%q does not come back from lower case", n)
		}
	}
}
