package webapi

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
	wurl "github.com/nlnwa/whatwg-url/url"
)

// URL and URLSearchParams follow the WHATWG URL Standard: parsing and serializing are
// nlnwa/whatwg-url's (it passes the web-platform-tests' urltestdata), the classes and
// the form-urlencoded list are here, with workerd's error texts.

var urlParser = wurl.NewParser()

// urlState is one URL object: the parsed URL and its searchParams, linked both ways.
type urlState struct {
	// u is the parsed URL; while shared it is also the realm's cached parse of the same
	// text (and other URL objects'), and is copied before it is changed (own).
	u      *wurl.Url
	shared bool
	params *searchParams
	obj    *goja.Object // the URLSearchParams object, made on first use
}

// pair is one name/value of a URLSearchParams list.
type pair struct{ name, value string }

// searchParams is a URLSearchParams' list; url is the URL it belongs to, if any.
type searchParams struct {
	list []pair
	url  *urlState
}

// update is the URLSearchParams "update steps": the URL's query becomes the list.
func (p *searchParams) update() {
	if p.url != nil {
		p.url.own().SetSearch(p.String())
	}
}

// String serializes the list as application/x-www-form-urlencoded.
func (p *searchParams) String() string {
	var b strings.Builder
	for i, kv := range p.list {
		if i > 0 {
			b.WriteByte('&')
		}
		formEncode(&b, kv.name)
		b.WriteByte('=')
		formEncode(&b, kv.value)
	}
	return b.String()
}

// formEncode is the form-urlencoded byte serializer.
func formEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteByte('+')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

// parseForm is the application/x-www-form-urlencoded parser.
func parseForm(s string) []pair {
	var out []pair
	for _, seq := range strings.Split(s, "&") {
		if seq == "" {
			continue
		}
		name, value, _ := strings.Cut(seq, "=")
		out = append(out, pair{formDecode(name), formDecode(value)})
	}
	return out
}

func formDecode(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return DecodeUTF8(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// lessUTF16 orders two names by their UTF-16 code units, as URLSearchParams.sort does.
func lessUTF16(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// origin is the ASCII serialization of a URL's origin.
func origin(u *wurl.Url) string {
	switch u.Scheme() {
	case "http", "https", "ws", "wss", "ftp":
		return u.Protocol() + "//" + u.Host()
	case "blob":
		if inner, err := urlParser.Parse(u.Pathname()); err == nil {
			switch inner.Scheme() {
			case "http", "https":
				return origin(inner)
			}
		}
	}
	return "null"
}

// installURL defines URL and URLSearchParams.
func installURL(r *Realm) {
	vm := r.VM
	usp := r.installURLSearchParams()
	parse := func(input, base goja.Value) (*wurl.Url, bool) {
		s := jsx.String(vm, input)
		if base == nil || goja.IsUndefined(base) {
			return r.parseURLCached(s)
		}
		b, err := urlParser.Parse(jsx.String(vm, base))
		if err != nil {
			return nil, false
		}
		u, err := b.Parse(s)
		return u, err == nil
	}
	var class *jsx.Class
	class = jsx.NewClass(vm, "URL", func(call goja.ConstructorCall) any {
		if len(call.Arguments) == 0 {
			jsx.Throw(vm, jsx.TypeError("Failed to construct 'URL': constructor parameter 1 is not of type 'USVString'."))
		}
		u, ok := parse(call.Argument(0), call.Argument(1))
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Invalid URL string."))
		}
		return &urlState{u: u, shared: true}
	})
	str := func(s string) goja.Value { return vm.ToValue(s) }
	accessor := func(name string, get func(*urlState) string, set func(*urlState, string)) {
		getter := jsx.Func(vm, "", func(call goja.FunctionCall) goja.Value {
			return str(get(jsx.This[*urlState](vm, call.This)))
		})
		var setter goja.Value // nil, not a nil *goja.Object: goja reads a typed nil as a setter
		if set != nil {
			setter = jsx.Func(vm, "", func(call goja.FunctionCall) goja.Value {
				set(jsx.This[*urlState](vm, call.This), jsx.String(vm, call.Argument(0)))
				return goja.Undefined()
			})
		}
		class.Prototype.DefineAccessorProperty(name, getter, setter, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	accessor("href", func(s *urlState) string { return s.u.Href(false) }, func(s *urlState, v string) {
		u, err := urlParser.Parse(v)
		if err != nil {
			jsx.Throw(vm, jsx.TypeError("Failed to set the 'href' property on 'URL': the provided value is not of type 'valid URL string'."))
		}
		s.u, s.shared = u, false
		s.queryChanged()
	})
	accessor("origin", func(s *urlState) string { return origin(s.u) }, nil)
	accessor("protocol", func(s *urlState) string { return s.u.Protocol() }, func(s *urlState, v string) { s.own().SetProtocol(v) })
	accessor("username", func(s *urlState) string { return s.u.Username() }, func(s *urlState, v string) { s.own().SetUsername(v) })
	accessor("password", func(s *urlState) string { return s.u.Password() }, func(s *urlState, v string) { s.own().SetPassword(v) })
	accessor("host", func(s *urlState) string { return s.u.Host() }, func(s *urlState, v string) { s.own().SetHost(v) })
	accessor("hostname", func(s *urlState) string { return s.u.Hostname() }, func(s *urlState, v string) { s.own().SetHostname(v) })
	accessor("port", func(s *urlState) string { return s.u.Port() }, func(s *urlState, v string) { s.own().SetPort(v) })
	accessor("pathname", func(s *urlState) string { return s.u.Pathname() }, func(s *urlState, v string) { s.own().SetPathname(v) })
	accessor("search", func(s *urlState) string { return s.u.Search() }, func(s *urlState, v string) {
		s.own().SetSearch(v)
		s.queryChanged()
	})
	accessor("hash", func(s *urlState) string { return s.u.Hash() }, func(s *urlState, v string) { s.own().SetHash(v) })
	class.Prototype.DefineAccessorProperty("searchParams", jsx.Func(vm, "", func(call goja.FunctionCall) goja.Value {
		s := jsx.This[*urlState](vm, call.This)
		if s.obj == nil {
			s.obj = usp.New(s.searchParams())
		}
		return s.obj
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	href := func(this *urlState, call goja.FunctionCall) goja.Value { return str(this.u.Href(false)) }
	jsx.Method(class, "toString", href)
	jsx.Method(class, "toJSON", href)
	class.Static("canParse", func(call goja.FunctionCall) goja.Value {
		_, ok := parse(call.Argument(0), call.Argument(1))
		return vm.ToValue(ok)
	})
	class.Static("parse", func(call goja.FunctionCall) goja.Value {
		u, ok := parse(call.Argument(0), call.Argument(1))
		if !ok {
			return goja.Null()
		}
		return class.New(&urlState{u: u, shared: true})
	})
	vm.GlobalObject().DefineDataProperty("URL", class.Constructor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// own is the URL to change: a shared parse is copied first (parsing its serialization
// gives the same URL).
func (s *urlState) own() *wurl.Url {
	if s.shared {
		if u, err := urlParser.Parse(s.u.Href(false)); err == nil {
			s.u = u
		}
		s.shared = false
	}
	return s.u
}

// urlCacheSize bounds the realm's cache of parsed URL texts.
const urlCacheSize = 64

// parseURLCached parses s as an absolute URL, taking a parse of the same text made
// before when there is one: `new URL(request.url)` in every request of a worker parses
// the same few texts again and again. The *wurl.Url returned is shared and must not be
// changed (urlState.own copies it first).
func (r *Realm) parseURLCached(s string) (*wurl.Url, bool) {
	if u, ok := r.urlCache[s]; ok {
		return u, true
	}
	u, err := urlParser.Parse(s)
	if err != nil {
		return nil, false
	}
	if r.urlCache == nil || len(r.urlCache) >= urlCacheSize {
		r.urlCache = make(map[string]*wurl.Url, urlCacheSize)
	}
	r.urlCache[s] = u
	return u, true
}

// searchParams is the URL's list, made when first asked for (most URLs never are).
func (s *urlState) searchParams() *searchParams {
	if s.params == nil {
		s.params = &searchParams{list: parseForm(s.u.Query()), url: s}
	}
	return s.params
}

// queryChanged re-reads the list after the URL's query changed.
func (s *urlState) queryChanged() {
	if s.params != nil {
		s.params.list = parseForm(s.u.Query())
	}
}

// installURLSearchParams defines URLSearchParams and returns its class.
func (r *Realm) installURLSearchParams() *jsx.Class {
	vm := r.VM
	class := jsx.NewClass(vm, "URLSearchParams", func(call goja.ConstructorCall) any {
		p := &searchParams{}
		init := call.Argument(0)
		switch {
		case goja.IsUndefined(init):
		case isObjectValue(init):
			o := init.(*goja.Object)
			if iter := o.GetSymbol(goja.SymIterator); iter != nil && !goja.IsUndefined(iter) {
				p.list = r.pairsOf(o)
			} else {
				for _, k := range o.Keys() {
					p.list = append(p.list, pair{k, jsx.String(vm, o.Get(k))})
				}
			}
		default:
			s := jsx.String(vm, init)
			p.list = parseForm(strings.TrimPrefix(s, "?"))
		}
		return p
	})
	str := func(s string) goja.Value { return vm.ToValue(s) }
	name := func(call goja.FunctionCall, i int, method string, need int) string {
		if len(call.Arguments) < need {
			jsx.Throw(vm, jsx.TypeError("Failed to execute '"+method+"' on 'URLSearchParams': "+strconv.Itoa(need)+" arguments required, but only "+strconv.Itoa(len(call.Arguments))+" present."))
		}
		return jsx.String(vm, call.Argument(i))
	}
	jsx.Method(class, "append", func(p *searchParams, call goja.FunctionCall) goja.Value {
		p.list = append(p.list, pair{name(call, 0, "append", 2), jsx.String(vm, call.Argument(1))})
		p.update()
		return goja.Undefined()
	})
	jsx.Method(class, "delete", func(p *searchParams, call goja.FunctionCall) goja.Value {
		n := name(call, 0, "delete", 1)
		withValue := !goja.IsUndefined(call.Argument(1))
		v := ""
		if withValue {
			v = jsx.String(vm, call.Argument(1))
		}
		kept := p.list[:0]
		for _, kv := range p.list {
			if kv.name != n || (withValue && kv.value != v) {
				kept = append(kept, kv)
			}
		}
		p.list = kept
		p.update()
		return goja.Undefined()
	})
	jsx.Method(class, "get", func(p *searchParams, call goja.FunctionCall) goja.Value {
		n := name(call, 0, "get", 1)
		for _, kv := range p.list {
			if kv.name == n {
				return str(kv.value)
			}
		}
		return goja.Null()
	})
	jsx.Method(class, "getAll", func(p *searchParams, call goja.FunctionCall) goja.Value {
		n := name(call, 0, "getAll", 1)
		out := []any{}
		for _, kv := range p.list {
			if kv.name == n {
				out = append(out, kv.value)
			}
		}
		return vm.NewArray(out...)
	})
	jsx.Method(class, "has", func(p *searchParams, call goja.FunctionCall) goja.Value {
		n := name(call, 0, "has", 1)
		withValue := !goja.IsUndefined(call.Argument(1))
		v := ""
		if withValue {
			v = jsx.String(vm, call.Argument(1))
		}
		for _, kv := range p.list {
			if kv.name == n && (!withValue || kv.value == v) {
				return vm.ToValue(true)
			}
		}
		return vm.ToValue(false)
	})
	jsx.Method(class, "set", func(p *searchParams, call goja.FunctionCall) goja.Value {
		n, v := name(call, 0, "set", 2), jsx.String(vm, call.Argument(1))
		out := p.list[:0]
		done := false
		for _, kv := range p.list {
			if kv.name != n {
				out = append(out, kv)
			} else if !done {
				out = append(out, pair{n, v})
				done = true
			}
		}
		if !done {
			out = append(out, pair{n, v})
		}
		p.list = out
		p.update()
		return goja.Undefined()
	})
	jsx.Method(class, "sort", func(p *searchParams, call goja.FunctionCall) goja.Value {
		sort.SliceStable(p.list, func(i, j int) bool { return lessUTF16(p.list[i].name, p.list[j].name) })
		p.update()
		return goja.Undefined()
	})
	jsx.Method(class, "toString", func(p *searchParams, call goja.FunctionCall) goja.Value { return str(p.String()) })
	jsx.Method(class, "forEach", func(p *searchParams, call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not of type 'Function'."))
		}
		for i := 0; i < len(p.list); i++ {
			kv := p.list[i]
			if _, err := fn(call.Argument(1), str(kv.value), str(kv.name), call.This); err != nil {
				panic(err)
			}
		}
		return goja.Undefined()
	})
	iterator := func(method, tag string, item func(pair) goja.Value) {
		proto := vm.NewObject()
		proto.DefineDataPropertySymbol(goja.SymToStringTag, str(tag), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		proto.DefineDataPropertySymbol(goja.SymIterator, jsx.Func(vm, "[Symbol.iterator]", func(call goja.FunctionCall) goja.Value { return call.This }), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		f := func(p *searchParams, call goja.FunctionCall) goja.Value {
			it := vm.NewObject()
			it.SetPrototype(proto)
			i := 0
			it.DefineDataProperty("next", jsx.Func(vm, "next", func(goja.FunctionCall) goja.Value {
				res := vm.NewObject() // done first, as workerd's
				if i >= len(p.list) { // live, as the standard's iterators are
					res.Set("done", true)
					res.Set("value", goja.Undefined())
					return res
				}
				res.Set("done", false)
				res.Set("value", item(p.list[i]))
				i++
				return res
			}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
			return it
		}
		jsx.Method(class, method, f)
	}
	iterator("entries", "EntryIterator", func(kv pair) goja.Value { return vm.NewArray(kv.name, kv.value) })
	iterator("keys", "KeyIterator", func(kv pair) goja.Value { return str(kv.name) })
	iterator("values", "ValueIterator", func(kv pair) goja.Value { return str(kv.value) })
	class.Prototype.DefineDataPropertySymbol(goja.SymIterator, class.Prototype.Get("entries"), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	jsx.Getter(class, "size", func(p *searchParams) goja.Value { return vm.ToValue(len(p.list)) })
	vm.GlobalObject().DefineDataProperty("URLSearchParams", class.Constructor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return class
}

// pairsOf reads a sequence of name/value pairs (each an iterable of exactly two).
func (r *Realm) pairsOf(o *goja.Object) []pair {
	vm := r.VM
	var out []pair
	items := r.iterate(o)
	for _, item := range items {
		io, ok := item.(*goja.Object)
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Invalid URL search params sequence."))
		}
		kv := r.iterate(io)
		if len(kv) != 2 {
			jsx.Throw(vm, jsx.TypeError("Invalid URL search params sequence."))
		}
		out = append(out, pair{jsx.String(vm, kv[0]), jsx.String(vm, kv[1])})
	}
	return out
}

// iterate collects what iterating o gives.
func (r *Realm) iterate(o *goja.Object) []goja.Value {
	from, _ := goja.AssertFunction(r.VM.Get("Array").ToObject(r.VM).Get("from"))
	arr, err := from(goja.Undefined(), o)
	if err != nil {
		panic(err)
	}
	var out []goja.Value
	a := arr.ToObject(r.VM)
	n := int(a.Get("length").ToInteger())
	for i := 0; i < n; i++ {
		out = append(out, a.Get(strconv.Itoa(i)))
	}
	return out
}

func isObjectValue(v goja.Value) bool {
	_, ok := v.(*goja.Object)
	return ok
}

// RequestURL is the url of an incoming request, from its Host and its request target as
// the client sent it, as workerd makes it: parsed as a URL (a `\` is a `/`, `.` and `..`
// segments go, a fragment is dropped, what a path may not hold is percent-encoded), a
// malformed percent-escape kept as it is. A target that is not a path goes on as it is.
func RequestURL(host, target string) string {
	s := "http://" + host + target
	if plainRequestURL(host, target) {
		return s
	}
	u, err := urlParser.Parse(s)
	if err != nil {
		return s
	}
	return u.Href(true)
}

// plainRequestURL reports whether "http://"+host+target is already what the URL parser
// would make of it: the common case, taken without parsing.
func plainRequestURL(host, target string) bool {
	if target == "" || target[0] != '/' {
		return false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; 'A' <= c && c <= 'Z' || c >= 0x80 {
			return false
		}
	}
	for i := 0; i < len(target); i++ {
		switch c := target[i]; c {
		case '\\', '|', '#', '{', '}', '"', '\'', '<', '>', '^', '`', ' ', '\t':
			return false
		case '%':
			if i+2 < len(target) && target[i+1] == '2' && (target[i+2] == 'e' || target[i+2] == 'E') {
				return false
			}
		case '.':
			// A "." or ".." segment.
			if target[i-1] == '/' {
				j := i + 1
				if j < len(target) && target[j] == '.' {
					j++
				}
				if j == len(target) || target[j] == '/' || target[j] == '?' {
					return false
				}
			}
		default:
			if c < 0x20 || c >= 0x7f {
				return false
			}
		}
	}
	return true
}
