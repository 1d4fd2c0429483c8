package webapi

import (
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// stringifyJSON is JSON.stringify as ECMA-262 (25.5.2) defines it. It replaces goja's,
// whose cycle check scans the whole ancestor stack at every level, so a 100,000-deep
// object took 15 s, in Go code no interrupt could stop; here the check is a set lookup
// and the depth is bounded by maxStringifyDepth (V8's stack-overflow RangeError past it).
type stringifyJSON struct {
	vm       *goja.Runtime
	replacer goja.Callable
	props    []string // the property list of an array replacer; nil means none
	gap      string
	indent   string
	stack    map[*goja.Object]struct{}
	depth    int
	out      []byte
}

// maxStringifyDepth bounds the nesting JSON.stringify follows (about 300 bytes of Go
// stack a level).
const maxStringifyDepth = 1_000_000

var (
	bigIntType = reflect.TypeOf((*big.Int)(nil))
	proxyType  = reflect.TypeOf(goja.Proxy{})
)

// installStringify replaces JSON.stringify.
func installStringify(r *Realm, json *goja.Object) {
	vm := r.VM
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		s := &stringifyJSON{vm: vm, stack: map[*goja.Object]struct{}{}}
		s.options(call.Argument(1), call.Argument(2))
		wrapper := vm.NewObject()
		wrapper.Set("", call.Argument(0))
		if !s.property("", wrapper) {
			return goja.Undefined()
		}
		return vm.ToValue(string(s.out))
	}).ToObject(vm)
	fn.DefineDataProperty("name", vm.ToValue("stringify"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	fn.DefineDataProperty("length", vm.ToValue(3), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	json.DefineDataProperty("stringify", fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// options reads the replacer and space arguments (steps 4-9).
func (s *stringifyJSON) options(replacer, space goja.Value) {
	if o, ok := replacer.(*goja.Object); ok {
		if f, ok := goja.AssertFunction(o); ok {
			s.replacer = f
		} else if s.isArray(o) {
			s.props = []string{}
			seen := map[string]bool{}
			n := o.Get("length").ToInteger()
			for i := int64(0); i < n; i++ {
				v := o.Get(strconv.FormatInt(i, 10))
				var item string
				switch {
				case isString(v), isNumber(v):
					item = v.String()
				case isWrapper(v, "String"), isWrapper(v, "Number"):
					item = v.String()
				default:
					continue
				}
				if !seen[item] {
					seen[item] = true
					s.props = append(s.props, item)
				}
			}
		}
	}
	if o, ok := space.(*goja.Object); ok {
		switch o.ClassName() {
		case "Number":
			space = s.vm.ToValue(o.ToFloat())
		case "String":
			space = s.vm.ToValue(o.String())
		}
	}
	switch {
	case isNumber(space):
		n := math.Min(10, space.ToFloat())
		if n >= 1 {
			s.gap = strings.Repeat(" ", int(n))
		}
	case isString(space):
		g := space.String()
		if u := []rune(g); len(u) > 10 {
			g = string(u[:10])
		}
		s.gap = g
	}
}

// property is SerializeJSONProperty: it appends the value of holder[key] and reports
// whether there was one (undefined, functions and symbols have none).
func (s *stringifyJSON) property(key string, holder *goja.Object) bool {
	v := holder.Get(key)
	if v == nil {
		v = goja.Undefined()
	}
	if o, ok := v.(*goja.Object); ok || v.ExportType() == bigIntType {
		if !ok {
			o = v.ToObject(s.vm)
		}
		if toJSON, ok := goja.AssertFunction(o.Get("toJSON")); ok {
			v = s.call(toJSON, v, s.vm.ToValue(key))
		}
	}
	if s.replacer != nil {
		v = s.call(s.replacer, holder, s.vm.ToValue(key), v)
	}
	if o, ok := v.(*goja.Object); ok {
		switch o.ClassName() {
		case "Number":
			v = s.vm.ToValue(o.ToFloat())
		case "String":
			v = s.vm.ToValue(o.String())
		case "Boolean":
			v = s.vm.ToValue(o.ToBoolean() && o.Export() == true)
		case "BigInt":
			jsx.Throw(s.vm, jsx.TypeError("Do not know how to serialize a BigInt"))
		}
	}
	switch {
	case v == nil || goja.IsUndefined(v):
		return false
	case goja.IsNull(v):
		s.out = append(s.out, "null"...)
	case isString(v):
		s.quote(v)
	case isNumber(v):
		if f := v.ToFloat(); math.IsNaN(f) || math.IsInf(f, 0) {
			s.out = append(s.out, "null"...)
		} else {
			s.out = append(s.out, v.String()...)
		}
	case v.ExportType() == bigIntType:
		jsx.Throw(s.vm, jsx.TypeError("Do not know how to serialize a BigInt"))
	default:
		o, ok := v.(*goja.Object)
		if !ok {
			if b, isBool := v.Export().(bool); isBool {
				s.out = strconv.AppendBool(s.out, b)
				return true
			}
			return false // a Symbol
		}
		if _, callable := goja.AssertFunction(o); callable {
			return false
		}
		s.enter(o)
		if s.isArray(o) {
			s.array(o)
		} else {
			s.object(o)
		}
		s.leave(o)
	}
	return true
}

// enter and leave bracket an object or array: the cycle check and the depth bound.
func (s *stringifyJSON) enter(o *goja.Object) {
	if _, cycle := s.stack[o]; cycle {
		jsx.Throw(s.vm, jsx.TypeError("Converting circular structure to JSON"))
	}
	if s.depth++; s.depth > maxStringifyDepth {
		jsx.Throw(s.vm, jsx.RangeError("Maximum call stack size exceeded"))
	}
	s.stack[o] = struct{}{}
}

func (s *stringifyJSON) leave(o *goja.Object) {
	delete(s.stack, o)
	s.depth--
}

// object is SerializeJSONObject.
func (s *stringifyJSON) object(o *goja.Object) {
	keys := s.props
	if keys == nil {
		keys = o.Keys()
	}
	stepback := s.indent
	s.indent += s.gap
	s.out = append(s.out, '{')
	wrote := false
	for _, k := range keys {
		mark := len(s.out)
		if wrote {
			s.out = append(s.out, ',')
		}
		s.newline()
		s.quoteString(k)
		s.out = append(s.out, ':')
		if s.gap != "" {
			s.out = append(s.out, ' ')
		}
		if s.property(k, o) {
			wrote = true
		} else {
			s.out = s.out[:mark] // a member whose value has no JSON form
		}
	}
	s.indent = stepback
	if wrote {
		s.newline()
	}
	s.out = append(s.out, '}')
}

// array is SerializeJSONArray.
func (s *stringifyJSON) array(o *goja.Object) {
	n := o.Get("length").ToInteger()
	stepback := s.indent
	s.indent += s.gap
	s.out = append(s.out, '[')
	for i := int64(0); i < n; i++ {
		if i > 0 {
			s.out = append(s.out, ',')
		}
		s.newline()
		if !s.property(strconv.FormatInt(i, 10), o) {
			s.out = append(s.out, "null"...)
		}
	}
	s.indent = stepback
	if n > 0 {
		s.newline()
	}
	s.out = append(s.out, ']')
}

// newline starts a line at the current indentation when there is a gap.
func (s *stringifyJSON) newline() {
	if s.gap != "" {
		s.out = append(s.out, '\n')
		s.out = append(s.out, s.indent...)
	}
}

// quote is QuoteJSONString, with lone surrogates escaped (well-formed JSON.stringify).
func (s *stringifyJSON) quote(v goja.Value) {
	str := v.String()
	if strings.ContainsRune(str, utf8.RuneError) {
		// The UTF-8 form may have replaced lone surrogates: go by UTF-16 code units.
		if u, ok := v.(goja.String); ok {
			s.out = append(s.out, '"')
			for i := 0; i < u.Length(); i++ {
				c := u.CharAt(i)
				switch {
				case c >= 0xD800 && c <= 0xDBFF && i+1 < u.Length() && u.CharAt(i+1) >= 0xDC00 && u.CharAt(i+1) <= 0xDFFF:
					s.out = utf8.AppendRune(s.out, rune(0x10000+(int(c)-0xD800)<<10+int(u.CharAt(i+1))-0xDC00))
					i++
				case c >= 0xD800 && c <= 0xDFFF:
					s.out = append(s.out, `\u`+strconv.FormatUint(uint64(c), 16)...)
				default:
					s.escapeRune(rune(c))
				}
			}
			s.out = append(s.out, '"')
			return
		}
	}
	s.quoteString(str)
}

// quoteString is quote for a Go string (a property name).
func (s *stringifyJSON) quoteString(str string) {
	s.out = append(s.out, '"')
	for _, r := range str {
		s.escapeRune(r)
	}
	s.out = append(s.out, '"')
}

func (s *stringifyJSON) escapeRune(r rune) {
	switch r {
	case '"':
		s.out = append(s.out, `\"`...)
	case '\\':
		s.out = append(s.out, `\\`...)
	case '\b':
		s.out = append(s.out, `\b`...)
	case '\f':
		s.out = append(s.out, `\f`...)
	case '\n':
		s.out = append(s.out, `\n`...)
	case '\r':
		s.out = append(s.out, `\r`...)
	case '\t':
		s.out = append(s.out, `\t`...)
	default:
		if r < 0x20 {
			s.out = append(s.out, '\\', 'u', '0', '0', "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
			return
		}
		s.out = utf8.AppendRune(s.out, r)
	}
}

// call calls a toJSON or replacer function; what it throws propagates.
func (s *stringifyJSON) call(f goja.Callable, this goja.Value, args ...goja.Value) goja.Value {
	v, err := f(this, args...)
	if err != nil {
		panic(err)
	}
	return v
}

// isArray is IsArray: arrays, and Proxies of them.
func (s *stringifyJSON) isArray(o *goja.Object) bool {
	if o.ClassName() == "Array" {
		return true
	}
	if o.ExportType() == proxyType {
		if p, ok := o.Export().(goja.Proxy); ok {
			if t := p.Target(); t != nil {
				return s.isArray(t)
			}
		}
	}
	return false
}

func isString(v goja.Value) bool {
	_, ok := v.(goja.String)
	return ok
}

func isNumber(v goja.Value) bool {
	if v == nil || v.ExportType() == nil {
		return false
	}
	switch v.ExportType().Kind() {
	case reflect.Int64, reflect.Float64:
		_, obj := v.(*goja.Object)
		return !obj
	}
	return false
}

func isWrapper(v goja.Value, class string) bool {
	o, ok := v.(*goja.Object)
	return ok && o.ClassName() == class
}
