package kv

import (
	"bytes"
	"io"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// put implements put(key, value, {expiration, expirationTtl, metadata}).
func (ns *namespace) put(call goja.FunctionCall) goja.Value {
	key, err := keyArgument(call, "put", "PUT")
	if err != nil {
		return ns.reject(err)
	}
	value, closeValue, err := ns.putValue(call.Argument(1))
	if err != nil {
		return ns.reject(err)
	}
	opts, err := ns.putOptions(call.Argument(2))
	if err == nil {
		_, err = ns.begin("put")
	}
	if err == nil {
		err = ns.b.sim.beforeWrite("PUT", ns.b.namespace, key)
	}
	if err != nil {
		closeValue()
		return ns.reject(err)
	}
	inv := ns.iso.Invocation()
	wait, done := ns.b.order.next(inv)
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		wait()
		err := ns.b.sim.checkStorage(inv.Context(), ns.b.store, ns.b.namespace)
		if err == nil {
			err = ns.b.sim.write(inv.Context(), inv, ns.b.store, ns.b.namespace, key, func() error {
				return ns.b.store.Put(inv.Context(), ns.b.namespace, key, value, opts)
			})
		}
		done()
		closeValue()
		if err != nil {
			return rejectWith(storeError("PUT", err))
		}
		return func(*goja.Runtime) (goja.Value, error) { return goja.Undefined(), nil }
	})
}

// putValue converts a put value into a reader: strings, ArrayBuffers and views as their
// bytes (copied: JS may change them while the write runs), a ReadableStream read as it
// goes, other objects refused, other primitives by their string form.
func (ns *namespace) putValue(v goja.Value) (io.Reader, func(), error) {
	realm := ns.iso.Realm()
	noop := func() {}
	if s, ok := v.Export().(string); ok {
		return strings.NewReader(s), noop, nil
	}
	if b, ok := realm.BytesOf(v); ok {
		return bytes.NewReader(append([]byte(nil), b...)), noop, nil
	}
	if _, isObj := v.(*goja.Object); isObj {
		if !realm.IsReadableStream(v) {
			return nil, noop, errPutValue
		}
		r, err := realm.StreamReader(v)
		if err != nil {
			return nil, noop, err
		}
		return r, func() { r.Close() }, nil
	}
	return strings.NewReader(v.String()), noop, nil
}

// putOptions reads put's options with workerd's conversions.
func (ns *namespace) putOptions(v goja.Value) (kvstore.PutOptions, error) {
	var opts kvstore.PutOptions
	if jsx.IsNullish(v) {
		return opts, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return opts, jsx.TypeError("Failed to execute 'put' on '" + ClassName + "': parameter 3 is not of type 'PutOptions'.")
	}
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"expiration", &opts.Expiration}, {"expirationTtl", &opts.ExpirationTTL}} {
		if x := o.Get(f.name); x != nil && !goja.IsUndefined(x) {
			n, err := jsx.ToInt32(x)
			if err != nil {
				return opts, err
			}
			v := int64(n)
			*f.dst = &v
		}
	}
	// metadata: null is no metadata: workerd's list leaves it out, as for none.
	if m := o.Get("metadata"); m != nil && !goja.IsUndefined(m) && !goja.IsNull(m) {
		text, ok, err := ns.iso.Realm().StringifyJSON(m)
		if err != nil {
			return opts, err
		}
		if !ok {
			return opts, failed("PUT", 500, "Internal Server Error")
		}
		opts.Metadata = text
	}
	return opts, nil
}
