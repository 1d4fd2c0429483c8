package webapi

import (
	"github.com/dop251/goja"
)

// BytesOf returns the bytes an ArrayBuffer, a TypedArray or a DataView covers, without
// copying: the slice aliases the JS memory, so copy it if it must outlive the current
// turn of the loop.
func (r *Realm) BytesOf(v goja.Value) ([]byte, bool) {
	if ab, ok := v.Export().(goja.ArrayBuffer); ok {
		return ab.Bytes(), true
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	if res, err := r.isView(goja.Undefined(), o); err != nil || !res.ToBoolean() {
		return nil, false
	}
	var b []byte
	if err := r.VM.ExportTo(o, &b); err != nil {
		return nil, false
	}
	return b, true
}

// NewUint8Array wraps b in a new Uint8Array without copying; Go must not change b
// afterwards.
func (r *Realm) NewUint8Array(b []byte) goja.Value {
	u8, err := r.uint8Array(nil, r.VM.ToValue(r.VM.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return u8
}

// NewArrayBuffer wraps b in a new ArrayBuffer without copying.
func (r *Realm) NewArrayBuffer(b []byte) goja.Value { return r.VM.ToValue(r.VM.NewArrayBuffer(b)) }

// installBytes looks up the engine's typed-array pieces the other globals use.
func installBytes(r *Realm) {
	vm := r.VM
	r.uint8Array, _ = goja.AssertConstructor(vm.Get("Uint8Array"))
	r.isView, _ = goja.AssertFunction(vm.Get("ArrayBuffer").ToObject(vm).Get("isView"))
}
