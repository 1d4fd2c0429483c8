package webapi

import (
	"errors"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Body is the body of a Request or Response, held in memory.
type Body struct {
	// Data is nil for "no body" (body === null) and non-nil, possibly empty, otherwise.
	Data []byte
	used bool
}

// errBodyUsed is the TypeError workerd throws on a second read.
var errBodyUsed = jsx.TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.")

// extractBody converts a BodyInit into bytes and the Content-Type it implies ("" for none).
func (r *Realm) extractBody(v goja.Value) (data []byte, contentType string) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, ""
	}
	switch x := v.Export().(type) {
	case string:
		return []byte(x), "text/plain;charset=UTF-8"
	case goja.ArrayBuffer:
		return append([]byte{}, x.Bytes()...), ""
	}
	if obj, ok := v.(*goja.Object); ok {
		if buf := obj.Get("buffer"); buf != nil {
			if ab, ok := buf.Export().(goja.ArrayBuffer); ok {
				off := int(obj.Get("byteOffset").ToInteger())
				n := int(obj.Get("byteLength").ToInteger())
				return append([]byte{}, ab.Bytes()[off:off+n]...), ""
			}
		}
	}
	return []byte(v.String()), "text/plain;charset=UTF-8"
}

// take marks the body read and returns its bytes, or the used-body error.
func (b *Body) take() ([]byte, error) {
	if b.used {
		return nil, errBodyUsed
	}
	if b.Data != nil {
		b.used = true
	}
	return b.Data, nil
}

// Used reports whether the body has been read.
func (b *Body) Used() bool { return b.used }

// defineBodyMethods adds the body mixin (text, json, arrayBuffer, bodyUsed) to a class
// whose instances give their Body through get.
func defineBodyMethods[T any](r *Realm, c *jsx.Class, get func(T) *Body) {
	vm := r.VM
	jsx.Method(c, "text", func(this T, call goja.FunctionCall) goja.Value {
		data, err := get(this).take()
		if err != nil {
			return r.resolved(nil, err)
		}
		return r.resolved(vm.ToValue(string(data)), nil)
	})
	jsx.Method(c, "arrayBuffer", func(this T, call goja.FunctionCall) goja.Value {
		data, err := get(this).take()
		if err != nil {
			return r.resolved(nil, err)
		}
		return r.resolved(vm.ToValue(vm.NewArrayBuffer(append([]byte{}, data...))), nil)
	})
	jsx.Method(c, "json", func(this T, call goja.FunctionCall) goja.Value {
		data, err := get(this).take()
		if err != nil {
			return r.resolved(nil, err)
		}
		v, err := r.ParseJSON(string(data))
		return r.resolved(v, err)
	})
	jsx.Getter(c, "bodyUsed", func(this T) goja.Value { return vm.ToValue(get(this).used) })
}

// ParseJSON runs the engine's JSON.parse, so errors are the engine's SyntaxErrors.
func (r *Realm) ParseJSON(text string) (goja.Value, error) {
	parse, _ := goja.AssertFunction(r.VM.Get("JSON").ToObject(r.VM).Get("parse"))
	return parse(goja.Undefined(), r.VM.ToValue(text))
}

// stringifyJSON runs the engine's JSON.stringify.
func (r *Realm) stringifyJSON(v goja.Value) (string, error) {
	stringify, _ := goja.AssertFunction(r.VM.Get("JSON").ToObject(r.VM).Get("stringify"))
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		return "", err
	}
	if goja.IsUndefined(s) {
		return "", errors.New("value is not JSON-serialisable")
	}
	return s.String(), nil
}
