package webapi

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// transformPair is what a CompressionStream or DecompressionStream holds: the
// TransformStream doing the work.
type transformPair struct{ stream *goja.Object }

// installCompression defines CompressionStream and DecompressionStream for "gzip",
// "deflate" and "deflate-raw". Compression streams as it goes; decompression collects
// the compressed bytes and inflates them when the input ends.
func installCompression(r *Realm) {
	vm := r.VM
	transformCtor, _ := goja.AssertConstructor(vm.Get("TransformStream"))
	newTransform := func(transform, flush func(call goja.FunctionCall) goja.Value) *goja.Object {
		tr := vm.NewObject()
		tr.Set("transform", transform)
		tr.Set("flush", flush)
		t, err := transformCtor(nil, tr)
		if err != nil {
			panic(err)
		}
		return t
	}
	chunkBytes := func(name string, v goja.Value) []byte {
		b, ok := r.BytesOf(v)
		if !ok {
			jsx.Throw(vm, jsx.TypeError("The chunks written to a "+name+" must be ArrayBuffer or ArrayBufferView."))
		}
		return b
	}
	format := func(name string, call goja.ConstructorCall) string {
		f := call.Argument(0).String()
		switch f {
		case "gzip", "deflate", "deflate-raw":
			return f
		}
		jsx.Throw(vm, jsx.TypeError("Failed to construct '"+name+"': Unsupported compression format: '"+f+"'"))
		return ""
	}
	enqueue := func(call goja.FunctionCall, out *bytes.Buffer) {
		if out.Len() == 0 {
			return
		}
		ctl := call.Argument(len(call.Arguments) - 1).ToObject(vm)
		add, _ := goja.AssertFunction(ctl.Get("enqueue"))
		if _, err := add(ctl, r.NewUint8Array(append([]byte(nil), out.Bytes()...))); err != nil {
			panic(err)
		}
		out.Reset()
	}

	comp := jsx.NewClass(vm, "CompressionStream", func(call goja.ConstructorCall) any {
		f := format("CompressionStream", call)
		out := &bytes.Buffer{}
		var w io.WriteCloser
		switch f {
		case "gzip":
			w = gzip.NewWriter(out)
		case "deflate":
			w = zlib.NewWriter(out)
		default:
			w, _ = flate.NewWriter(out, flate.DefaultCompression)
		}
		return &transformPair{newTransform(func(c goja.FunctionCall) goja.Value {
			w.Write(chunkBytes("CompressionStream", c.Argument(0)))
			enqueue(c, out)
			return goja.Undefined()
		}, func(c goja.FunctionCall) goja.Value {
			w.Close()
			enqueue(c, out)
			return goja.Undefined()
		})}
	})
	dec := jsx.NewClass(vm, "DecompressionStream", func(call goja.ConstructorCall) any {
		f := format("DecompressionStream", call)
		in := &bytes.Buffer{}
		return &transformPair{newTransform(func(c goja.FunctionCall) goja.Value {
			in.Write(chunkBytes("DecompressionStream", c.Argument(0)))
			return goja.Undefined()
		}, func(c goja.FunctionCall) goja.Value {
			var rd io.Reader
			var err error
			switch f {
			case "gzip":
				rd, err = gzip.NewReader(in)
			case "deflate":
				rd, err = zlib.NewReader(in)
			default:
				rd = flate.NewReader(in)
			}
			out := &bytes.Buffer{}
			if err == nil {
				_, err = io.Copy(out, rd)
			}
			if err != nil {
				jsx.Throw(vm, jsx.TypeError("Decompression failed: "+err.Error()))
			}
			enqueue(c, out)
			return goja.Undefined()
		})}
	})
	for _, c := range []*jsx.Class{comp, dec} {
		jsx.Getter(c, "readable", func(p *transformPair) goja.Value { return p.stream.Get("readable") })
		jsx.Getter(c, "writable", func(p *transformPair) goja.Value { return p.stream.Get("writable") })
		vm.Set(c.Name, c.Constructor)
	}
}
