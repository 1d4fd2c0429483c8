package webapi

import (
	"errors"
	"io"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Body is the body of a Request or Response: bytes held in memory, or a JS
// ReadableStream.
type Body struct {
	// Data is the body when it is in memory; nil with no Stream means no body (null).
	Data []byte
	// Stream is the body when it is a ReadableStream (then Data is nil).
	Stream goja.Value
	// Reader is a body still in Go (an incoming request's): it becomes Stream, read as
	// the worker pulls, when the body reaches JS.
	Reader io.ReadCloser
	used   bool
}

// errBodyUsed is the TypeError workerd throws on a second read.
var errBodyUsed = jsx.TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.")

// extractBody converts a BodyInit into a Body and the Content-Type it implies ("" for
// none): strings, ArrayBuffers and views as bytes, a ReadableStream as itself, anything
// else by its string form.
func (r *Realm) extractBody(v goja.Value) (Body, string) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return Body{}, ""
	}
	if _, ok := v.(*goja.Object); !ok { // a string, or any primitive by its string form
		return Body{Data: []byte(jsx.String(r.VM, v))}, "text/plain;charset=UTF-8"
	}
	if b, ok := r.BytesOf(v); ok {
		return Body{Data: append([]byte{}, b...)}, ""
	}
	if b, ct, ok := r.formBody(v); ok {
		return Body{Data: b}, ct
	}
	if r.IsReadableStream(v) {
		if r.isDisturbed(v) {
			jsx.Throw(r.VM, jsx.TypeError("This ReadableStream is disturbed (has already been read from), and cannot be used as a body."))
		}
		if b, ok := r.takeBytes(v); ok {
			return Body{Data: b}, "" // another body's bytes, passed on unread
		}
		return Body{Stream: v}, ""
	}
	return Body{Data: []byte(v.String())}, "text/plain;charset=UTF-8"
}

// HasBody reports whether there is a body at all (body !== null).
func (b *Body) HasBody() bool { return b.Data != nil || b.Stream != nil || b.Reader != nil }

// bodyChunk is the chunk size of a body streamed from Go.
const bodyChunk = 64 << 10

// Used reports whether the body has been read.
func (b *Body) Used() bool { return b.used }

// stream returns the body as a ReadableStream, turning in-memory bytes into one the
// first time (from then on the stream is the body).
func (r *Realm) stream(b *Body) goja.Value {
	if b.Stream == nil && b.Data != nil {
		b.Stream = r.StreamOfBytes(b.Data)
		b.Data = nil
	}
	if b.Stream == nil {
		return goja.Null()
	}
	return b.Stream
}

// used reports whether the body was read, directly or through its stream.
func (r *Realm) bodyUsed(b *Body) bool {
	return b.used || (b.Stream != nil && r.isDisturbed(b.Stream))
}

// Consume reads the whole body and calls done with its bytes: at once for an in-memory
// body, once the stream has been read for a stream body. It returns done's result as a
// promise. A body read before is refused with workerd's TypeError.
func (r *Realm) Consume(b *Body, done func(data []byte) (goja.Value, error)) goja.Value {
	if r.bodyUsed(b) {
		return r.resolved(nil, errBodyUsed)
	}
	b.used = true
	if b.Stream == nil {
		data := b.Data
		if data == nil {
			data = []byte{}
		}
		var v goja.Value
		var err error
		if thrown := jsx.Catch(func() { v, err = done(data) }); thrown != nil {
			err = thrown
		}
		return r.resolved(v, err)
	}
	return r.ReadAll(b.Stream, done)
}

// StreamBody hands a stream body to Go, to be read as the worker produces it (a response
// streamed to the client). A body read before is refused with workerd's TypeError. Call
// on the loop.
func (r *Realm) StreamBody(b *Body) (io.ReadCloser, error) {
	if r.bodyUsed(b) {
		return nil, errBodyUsed
	}
	b.used = true
	return r.StreamReader(b.Stream)
}

// tee splits the body for clone(): a stream body becomes two streams.
func (r *Realm) tee(b *Body) (Body, error) {
	if r.bodyUsed(b) {
		return Body{}, errBodyUsed
	}
	if b.Stream == nil {
		return Body{Data: b.Data}, nil
	}
	teeFn, _ := goja.AssertFunction(b.Stream.ToObject(r.VM).Get("tee"))
	pair, err := teeFn(b.Stream)
	if err != nil {
		return Body{}, err
	}
	o := pair.ToObject(r.VM)
	b.Stream = o.Get("0")
	return Body{Stream: o.Get("1")}, nil
}

// defineBodyMethods adds the body mixin (body, bodyUsed, text, json, arrayBuffer, blob,
// formData) to a class whose instances give their Body and headers through get.
func defineBodyMethods[T any](r *Realm, c *jsx.Class, getWithHeaders func(T) (*Body, *Headers)) {
	vm := r.VM
	get := func(this T) *Body { b, _ := getWithHeaders(this); return b }
	contentType := func(this T) string {
		_, h := getWithHeaders(this)
		v, _ := h.Get("content-type")
		return v
	}
	jsx.Method(c, "blob", func(this T, call goja.FunctionCall) goja.Value {
		typ := contentType(this)
		return r.Consume(get(this), func(data []byte) (goja.Value, error) {
			return r.newBlob(append([]byte{}, data...), typ)
		})
	})
	jsx.Method(c, "formData", func(this T, call goja.FunctionCall) goja.Value {
		typ := contentType(this)
		return r.Consume(get(this), func(data []byte) (goja.Value, error) {
			return r.parseFormData(data, typ)
		})
	})
	jsx.Method(c, "text", func(this T, call goja.FunctionCall) goja.Value {
		return r.Consume(get(this), func(data []byte) (goja.Value, error) {
			return vm.ToValue(decodeUTF8Lossy(data)), nil
		})
	})
	jsx.Method(c, "arrayBuffer", func(this T, call goja.FunctionCall) goja.Value {
		return r.Consume(get(this), func(data []byte) (goja.Value, error) {
			return r.NewArrayBuffer(append([]byte{}, data...)), nil
		})
	})
	jsx.Method(c, "json", func(this T, call goja.FunctionCall) goja.Value {
		return r.Consume(get(this), func(data []byte) (goja.Value, error) {
			return r.ParseJSON(decodeUTF8Lossy(data))
		})
	})
	jsx.Getter(c, "body", func(this T) goja.Value { return r.stream(get(this)) })
	jsx.Getter(c, "bodyUsed", func(this T) goja.Value { return vm.ToValue(r.bodyUsed(get(this))) })
}

// decodeUTF8Lossy decodes bytes as body text() does: UTF-8, invalid sequences replaced,
// a leading BOM dropped.
func decodeUTF8Lossy(b []byte) string {
	s, _ := (&textDecoder{}).decode(b, false)
	return s
}

// ParseJSON runs the engine's JSON.parse, so errors are the engine's SyntaxErrors.
func (r *Realm) ParseJSON(text string) (goja.Value, error) {
	parse, _ := goja.AssertFunction(r.VM.Get("JSON").ToObject(r.VM).Get("parse"))
	return parse(goja.Undefined(), r.VM.ToValue(text))
}

// StringifyJSON runs the engine's JSON.stringify; ok is false when the value has no JSON
// form (undefined, a function).
func (r *Realm) StringifyJSON(v goja.Value) (s string, ok bool, err error) {
	stringify, _ := goja.AssertFunction(r.VM.Get("JSON").ToObject(r.VM).Get("stringify"))
	res, err := stringify(goja.Undefined(), v)
	if err != nil {
		return "", false, err
	}
	if goja.IsUndefined(res) {
		return "", false, nil
	}
	return res.String(), true, nil
}

// errNotJSON is Response.json's refusal of a value JSON cannot represent.
var errNotJSON = errors.New("value is not JSON-serialisable")
