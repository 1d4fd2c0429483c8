package webapi

import (
	"net/http"
	"net/textproto"
	"sort"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Headers is a header list with the Fetch standard's rules: names are case-insensitive
// and stored lower-case, values keep insertion order, iteration is sorted by name with
// values combined by ", " (except set-cookie, listed one per value).
type Headers struct {
	list []headerEntry
	// immutable headers (an incoming request's) refuse changes from JS.
	immutable bool
	// first holds the list while it has one entry (a new Response's Content-Type, a
	// request's Host): no allocation of its own.
	first [1]headerEntry
}

type headerEntry struct{ name, value string }

// NewHeaders returns an empty header list.
func NewHeaders() *Headers {
	h := &Headers{}
	h.list = h.first[:0]
	return h
}

// HeadersFromHTTP copies a Go header map, keeping the order of values per name.
func HeadersFromHTTP(h http.Header) *Headers {
	out := NewHeaders() // room in place for one entry: the Host the dev server adds
	if len(h) > 0 {
		out.list = make([]headerEntry, 0, len(h)+1) // the map's, and that Host
	}
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, v := range h[n] {
			out.list = append(out.list, headerEntry{lowerName(n), v})
		}
	}
	return out
}

// commonNames are the header names most requests and responses carry, canonical: the
// ones Go's server gives (Accept-Encoding) and workers spell so. Converting them between
// the lower case Headers keeps and Go's canonical form costs a map lookup, not a new
// string per header per request.
var commonNames = []string{
	"Accept", "Accept-Encoding", "Accept-Language", "Access-Control-Allow-Origin", "Authorization",
	"Cache-Control", "Connection", "Content-Encoding", "Content-Length", "Content-Type", "Cookie",
	"Date", "Etag", "Host", "If-Modified-Since", "If-None-Match", "Last-Modified", "Location",
	"Origin", "Pragma", "Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
	"Server", "Set-Cookie", "Upgrade-Insecure-Requests", "User-Agent", "Vary", "X-Forwarded-For",
}

// lowerOf maps each common name to its lower case, canonicalOf the other way.
var lowerOf, canonicalOf = func() (map[string]string, map[string]string) {
	lower, canonical := map[string]string{}, map[string]string{}
	for _, n := range commonNames {
		l := strings.ToLower(n)
		lower[n], canonical[l] = l, n
	}
	return lower, canonical
}()

// lowerName is a header name in lower case, as Headers keeps names.
func lowerName(name string) string {
	if l, ok := lowerOf[name]; ok {
		return l
	}
	return strings.ToLower(name)
}

// canonicalName is a header name as Go's HTTP side keys it (Content-Type).
func canonicalName(name string) string {
	if c, ok := canonicalOf[name]; ok {
		return c
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// normalizeValue strips leading and trailing HTTP whitespace, as the standard requires.
func normalizeValue(v string) string { return strings.Trim(v, " \t\r\n") }

// checkHeader throws workerd's TypeError for a header JS tries to add whose name is not
// an HTTP token or whose value holds NUL, CR or LF (header injection).
func checkHeader(vm *goja.Runtime, name, value string) {
	if !isToken(name) {
		jsx.Throw(vm, jsx.TypeError("Invalid header name."))
	}
	if strings.ContainsAny(normalizeValue(value), "\x00\r\n") {
		jsx.Throw(vm, jsx.TypeError("Invalid header value."))
	}
}

// isToken reports whether s is an HTTP token (RFC 9110 5.6.2), what a header name is.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !alnum && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

// Freeze makes the list immutable to JS, as the headers of an incoming request are.
func (h *Headers) Freeze() { h.immutable = true }

// Append adds a value for name.
func (h *Headers) Append(name, value string) {
	h.list = append(h.list, headerEntry{lowerName(name), normalizeValue(value)})
}

// Set replaces every value of name by value.
func (h *Headers) Set(name, value string) {
	name = lowerName(name)
	value = normalizeValue(value)
	out := h.list[:0]
	done := false
	for _, e := range h.list {
		if e.name == name {
			if done {
				continue
			}
			e.value, done = value, true
		}
		out = append(out, e)
	}
	h.list = out
	if !done {
		h.list = append(h.list, headerEntry{name, value})
	}
}

// Delete removes every value of name.
func (h *Headers) Delete(name string) {
	name = lowerName(name)
	out := h.list[:0]
	for _, e := range h.list {
		if e.name != name {
			out = append(out, e)
		}
	}
	h.list = out
}

// Get returns the values of name joined by ", ", and whether there was any.
func (h *Headers) Get(name string) (string, bool) {
	name = lowerName(name)
	var vals []string
	for _, e := range h.list {
		if e.name == name {
			vals = append(vals, e.value)
		}
	}
	return strings.Join(vals, ", "), vals != nil
}

// Has reports whether name has any value.
func (h *Headers) Has(name string) bool {
	_, ok := h.Get(name)
	return ok
}

// Sorted returns the header list as the standard iterates it: sorted by name, values
// combined, set-cookie values kept apart.
func (h *Headers) Sorted() [][2]string {
	names := []string{}
	seen := map[string]bool{}
	for _, e := range h.list {
		if !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
		}
	}
	sort.Strings(names)
	out := make([][2]string, 0, len(names))
	for _, n := range names {
		if n == "set-cookie" {
			for _, e := range h.list {
				if e.name == n {
					out = append(out, [2]string{n, e.value})
				}
			}
			continue
		}
		v, _ := h.Get(n)
		out = append(out, [2]string{n, v})
	}
	return out
}

// Fields is a copy of the list in order, names canonical: the headers as Go's HTTP
// side writes them. A copy, so that JS changing the headers afterwards (in a waitUntil
// task, say) does not race the goroutine writing them.
func (h *Headers) Fields() HeaderFields { return h.AppendFields(nil) }

// AppendFields is Fields appended to dst (whose room a caller may have at hand).
func (h *Headers) AppendFields(dst HeaderFields) HeaderFields {
	for _, e := range h.list {
		dst = append(dst, HeaderField{canonicalName(e.name), e.value})
	}
	return dst
}

// HTTP is the list as a Go header map (names canonical, values in order).
func (h *Headers) HTTP() http.Header { return h.Fields().HTTP() }

// HeaderField is one header: a canonical name and one value.
type HeaderField struct{ Name, Value string }

// HeaderFields is a header list in order, as Headers.Fields gives it.
type HeaderFields []HeaderField

// Get returns the first value of name (any case), or "", as http.Header's Get does.
func (f HeaderFields) Get(name string) string {
	name = canonicalName(name)
	for _, e := range f {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// HTTP is the list as a Go header map.
func (f HeaderFields) HTTP() http.Header {
	h := make(http.Header, len(f))
	f.AddTo(h)
	return h
}

// AddTo adds the list's values to h, with one slice for all of them.
func (f HeaderFields) AddTo(h http.Header) {
	values := make([]string, len(f))
	for i, e := range f {
		if vs, ok := h[e.Name]; ok {
			h[e.Name] = append(vs, e.Value)
			continue
		}
		values[i] = e.Value
		h[e.Name] = values[i : i+1 : i+1] // capped: a later append copies
	}
}

// Clone returns an independent copy.
func (h *Headers) Clone() *Headers {
	return &Headers{list: append([]headerEntry(nil), h.list...)}
}

// installHeaders defines the Headers class.
func installHeaders(r *Realm) {
	vm := r.VM
	c := jsx.NewClass(vm, "Headers", func(call goja.ConstructorCall) any {
		h := NewHeaders()
		if init := call.Argument(0); !goja.IsUndefined(init) {
			r.fillHeaders(h, init)
		}
		return h
	})
	r.Headers = c
	mutate := func(h *Headers) {
		if h.immutable {
			jsx.Throw(vm, jsx.TypeError("Can't modify immutable headers."))
		}
	}
	name := func(v goja.Value) string {
		n := jsx.String(vm, v)
		if !isToken(n) {
			jsx.Throw(vm, jsx.TypeError("Invalid header name."))
		}
		return n
	}
	jsx.Method(c, "get", func(h *Headers, call goja.FunctionCall) goja.Value {
		if v, ok := h.Get(name(call.Argument(0))); ok {
			return vm.ToValue(v)
		}
		return goja.Null()
	})
	jsx.Method(c, "has", func(h *Headers, call goja.FunctionCall) goja.Value {
		return vm.ToValue(h.Has(name(call.Argument(0))))
	})
	jsx.Method(c, "set", func(h *Headers, call goja.FunctionCall) goja.Value {
		mutate(h)
		name, value := jsx.String(vm, call.Argument(0)), jsx.String(vm, call.Argument(1))
		checkHeader(vm, name, value)
		h.Set(name, value)
		return goja.Undefined()
	})
	jsx.Method(c, "append", func(h *Headers, call goja.FunctionCall) goja.Value {
		mutate(h)
		name, value := jsx.String(vm, call.Argument(0)), jsx.String(vm, call.Argument(1))
		checkHeader(vm, name, value)
		h.Append(name, value)
		return goja.Undefined()
	})
	jsx.Method(c, "delete", func(h *Headers, call goja.FunctionCall) goja.Value {
		mutate(h)
		h.Delete(name(call.Argument(0)))
		return goja.Undefined()
	})
	jsx.Method(c, "getSetCookie", func(h *Headers, call goja.FunctionCall) goja.Value {
		vals := []any{}
		for _, e := range h.list {
			if e.name == "set-cookie" {
				vals = append(vals, e.value)
			}
		}
		return vm.NewArray(vals...)
	})
	jsx.Method(c, "forEach", func(h *Headers, call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'."))
		}
		for _, kv := range h.Sorted() {
			if _, err := fn(call.Argument(1), vm.ToValue(kv[1]), vm.ToValue(kv[0]), call.This); err != nil {
				panic(err)
			}
		}
		return goja.Undefined()
	})
	iter := func(kind string, pick func(kv [2]string) goja.Value) func(h *Headers, call goja.FunctionCall) goja.Value {
		return func(h *Headers, call goja.FunctionCall) goja.Value {
			items := []any{}
			for _, kv := range h.Sorted() {
				items = append(items, pick(kv))
			}
			return r.listIterator(kind, items)
		}
	}
	entries := iter("EntryIterator", func(kv [2]string) goja.Value { return vm.NewArray(kv[0], kv[1]) })
	jsx.Method(c, "entries", entries)
	jsx.Method(c, "keys", iter("KeyIterator", func(kv [2]string) goja.Value { return vm.ToValue(kv[0]) }))
	jsx.Method(c, "values", iter("ValueIterator", func(kv [2]string) goja.Value { return vm.ToValue(kv[1]) }))
	c.Prototype.DefineDataPropertySymbol(goja.SymIterator, c.Prototype.Get("entries"), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	vm.Set("Headers", c.Constructor)
}

// fillHeaders adds a HeadersInit (a Headers, an iterable of pairs, or a record) to h.
func (r *Realm) fillHeaders(h *Headers, init goja.Value) {
	vm := r.VM
	if other, ok := jsx.Unwrap[*Headers](init); ok {
		h.list = append(h.list, other.list...)
		return
	}
	obj, ok := init.(*goja.Object)
	if !ok {
		jsx.Throw(vm, jsx.TypeError("Failed to construct 'Headers': constructor parameter 1 is not of type 'Headers or Sequence or object'."))
	}
	if iterFn := obj.GetSymbol(goja.SymIterator); iterFn != nil && !goja.IsUndefined(iterFn) {
		var pairs []goja.Value
		if err := vm.ExportTo(init, &pairs); err != nil {
			jsx.Throw(vm, jsx.TypeError("Failed to construct 'Headers': The provided value cannot be converted to a sequence."))
		}
		for _, p := range pairs {
			var pair []goja.Value
			if err := vm.ExportTo(p, &pair); err != nil || len(pair) != 2 {
				jsx.Throw(vm, jsx.TypeError("Failed to construct 'Headers': Invalid value"))
			}
			k, v := jsx.String(vm, pair[0]), jsx.String(vm, pair[1])
			checkHeader(vm, k, v)
			h.Append(k, v)
		}
		return
	}
	for _, k := range obj.Keys() {
		v := jsx.String(vm, obj.Get(k))
		checkHeader(vm, k, v)
		h.Append(k, v)
	}
}
