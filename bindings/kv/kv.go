package kv

import (
	"context"
	"io"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// Store is what the binding needs of the storage engine; *kvstore.Store implements it.
type Store interface {
	Get(ctx context.Context, ns, key string) (*kvstore.Value, error)
	Put(ctx context.Context, ns, key string, value io.Reader, opts kvstore.PutOptions) error
	Delete(ctx context.Context, ns, key string) error
	List(ctx context.Context, ns string, opts kvstore.ListOptions) (kvstore.ListResult, error)
}

var _ Store = (*kvstore.Store)(nil)

// Binding is one kv_namespaces entry: env[name] is a KVNamespace on namespace id.
type Binding struct {
	name, namespace string
	store           Store
}

// New returns the binding that shows namespace id of store as env[name].
func New(name, namespaceID string, store Store) *Binding {
	return &Binding{name: name, namespace: namespaceID, store: store}
}

var _ runtime.Binding = (*Binding)(nil)

// Name is the env property the namespace appears as.
func (b *Binding) Name() string { return b.name }

// Namespace is the id of the namespace the binding reads and writes.
func (b *Binding) Namespace() string { return b.namespace }

// namespace is what a KVNamespace instance holds.
type namespace struct {
	b   *Binding
	iso *runtime.Isolate
}

// Value makes the KVNamespace instance for iso.
func (b *Binding) Value(iso *runtime.Isolate) (goja.Value, error) {
	c := iso.Class("KVNamespace", defineClass(iso))
	return c.New(&namespace{b: b, iso: iso}), nil
}

// defineClass builds the KVNamespace class: not constructible from JS, every method
// brand-checked, visible as a global as in workerd.
func defineClass(iso *runtime.Isolate) func(vm *goja.Runtime) *jsx.Class {
	return func(vm *goja.Runtime) *jsx.Class {
		c := jsx.NewClass(vm, "KVNamespace", nil)
		jsx.Method(c, "get", (*namespace).get)
		jsx.Method(c, "put", (*namespace).put)
		jsx.Method(c, "delete", (*namespace).delete)
		jsx.Method(c, "list", (*namespace).list)
		vm.Set("KVNamespace", c.Constructor)
		return c
	}
}

// reject returns a promise rejected with err: a promise-returning method never throws.
func (ns *namespace) reject(err error) goja.Value {
	p, s := ns.iso.Bridge().Promise()
	s.SettleNow(nil, err)
	return ns.iso.VM().ToValue(p)
}

// validateKey applies the binding's own key checks, in workerd's order.
func validateKey(op, key string) error {
	switch {
	case key == "":
		return errEmptyKey
	case key == ".":
		return errDotKey
	case key == "..":
		return errDotDotKey
	case len(key) > MaxKeyBytes:
		return errKeyTooLong(op, len(key))
	}
	return nil
}

// begin counts one operation on the current invocation, after the argument checks passed.
func (ns *namespace) begin() (*runtime.Invocation, error) {
	inv := ns.iso.Invocation()
	if inv == nil {
		return nil, jsx.PlainError("Disallowed operation called within global scope. KV operations can only be performed while handling a request.")
	}
	if err := inv.CountKVOp(); err != nil {
		return nil, jsx.PlainError(err.Error())
	}
	return inv, nil
}

// get implements get(key, type | {type, cacheTtl}).
func (ns *namespace) get(call goja.FunctionCall) goja.Value {
	key := call.Argument(0).String()
	typ := "text"
	if t := call.Argument(1); !goja.IsUndefined(t) && !goja.IsNull(t) {
		if o, ok := t.(*goja.Object); ok {
			if v := o.Get("type"); v != nil && !goja.IsUndefined(v) {
				typ = v.String()
			}
		} else {
			typ = t.String()
		}
	}
	if err := validateKey("GET", key); err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin()
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		v, err := ns.b.store.Get(inv.Context(), ns.b.namespace, key)
		var data []byte
		if err == nil && v != nil {
			data, err = v.Bytes()
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, storeError("GET", err)
			}
			if v == nil {
				return goja.Null(), nil
			}
			return decodeValue(ns.iso, data, typ)
		}
	})
}

// decodeValue turns stored bytes into the JS value get(key, type) resolves to. An unknown
// type is refused only here, once the key is known to exist, as workerd does.
func decodeValue(iso *runtime.Isolate, data []byte, typ string) (goja.Value, error) {
	vm := iso.VM()
	switch typ {
	case "text":
		return vm.ToValue(string(data)), nil
	case "json":
		return iso.Realm().ParseJSON(string(data))
	case "arrayBuffer":
		return vm.ToValue(vm.NewArrayBuffer(data)), nil
	case "stream":
		return nil, jsx.PlainError(`get(key, "stream") is not supported by goflare yet`)
	}
	return nil, errUnknownTyp
}

// put implements put(key, value, options).
func (ns *namespace) put(call goja.FunctionCall) goja.Value {
	vm := ns.iso.VM()
	key := call.Argument(0).String()
	if err := validateKey("PUT", key); err != nil {
		return ns.reject(err)
	}
	value, err := putValue(vm, call.Argument(1))
	if err != nil {
		return ns.reject(err)
	}
	opts, err := putOptions(vm, call.Argument(2))
	if err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin()
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		err := ns.b.store.Put(inv.Context(), ns.b.namespace, key, strings.NewReader(value), opts)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, storeError("PUT", err)
			}
			return goja.Undefined(), nil
		}
	})
}

// putValue converts a put value: strings, buffers and views as bytes; other primitives
// stringified; any other object refused.
func putValue(vm *goja.Runtime, v goja.Value) (string, error) {
	switch x := v.Export().(type) {
	case string:
		return x, nil
	case goja.ArrayBuffer:
		return string(x.Bytes()), nil
	}
	if o, ok := v.(*goja.Object); ok {
		if buf := o.Get("buffer"); buf != nil {
			if ab, ok := buf.Export().(goja.ArrayBuffer); ok {
				off, n := int(o.Get("byteOffset").ToInteger()), int(o.Get("byteLength").ToInteger())
				return string(ab.Bytes()[off : off+n]), nil
			}
		}
		return "", errPutValue
	}
	return v.String(), nil
}

// putOptions reads {expiration, expirationTtl, metadata}.
func putOptions(vm *goja.Runtime, v goja.Value) (kvstore.PutOptions, error) {
	var opts kvstore.PutOptions
	o, ok := v.(*goja.Object)
	if !ok {
		return opts, nil
	}
	if e := o.Get("expiration"); e != nil && !goja.IsUndefined(e) && !goja.IsNull(e) {
		n := e.ToInteger()
		opts.Expiration = &n
	}
	if e := o.Get("expirationTtl"); e != nil && !goja.IsUndefined(e) && !goja.IsNull(e) {
		n := e.ToInteger()
		opts.ExpirationTTL = &n
	}
	if m := o.Get("metadata"); m != nil && !goja.IsUndefined(m) {
		stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
		s, err := stringify(goja.Undefined(), m)
		if err != nil {
			return opts, err
		}
		opts.Metadata = s.String()
	}
	return opts, nil
}

// delete implements delete(key).
func (ns *namespace) delete(call goja.FunctionCall) goja.Value {
	key := call.Argument(0).String()
	if err := validateKey("DELETE", key); err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin()
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		err := ns.b.store.Delete(inv.Context(), ns.b.namespace, key)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, storeError("DELETE", err)
			}
			return goja.Undefined(), nil
		}
	})
}

// list implements list({prefix, limit, cursor}).
func (ns *namespace) list(call goja.FunctionCall) goja.Value {
	var opts kvstore.ListOptions
	if o, ok := call.Argument(0).(*goja.Object); ok {
		if p := o.Get("prefix"); p != nil && !goja.IsUndefined(p) && !goja.IsNull(p) {
			opts.Prefix = p.String()
		}
		if l := o.Get("limit"); l != nil && !goja.IsUndefined(l) && !goja.IsNull(l) {
			opts.Limit = int(l.ToInteger())
		}
		if c := o.Get("cursor"); c != nil && !goja.IsUndefined(c) && !goja.IsNull(c) {
			opts.Cursor = c.String()
		}
	}
	inv, err := ns.begin()
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		res, err := ns.b.store.List(inv.Context(), ns.b.namespace, opts)
		return func(vm *goja.Runtime) (goja.Value, error) {
			if err != nil {
				return nil, storeError("GET", err)
			}
			return listResult(ns.iso, res)
		}
	})
}

// listResult shapes a page as workerd does: no `cursor` property once complete.
func listResult(iso *runtime.Isolate, res kvstore.ListResult) (goja.Value, error) {
	vm := iso.VM()
	keys := make([]any, 0, len(res.Keys))
	for _, k := range res.Keys {
		o := vm.NewObject()
		o.Set("name", k.Name)
		if k.Expiration != 0 {
			o.Set("expiration", k.Expiration)
		}
		if k.Metadata != "" {
			m, err := iso.Realm().ParseJSON(k.Metadata)
			if err != nil {
				return nil, err
			}
			o.Set("metadata", m)
		}
		keys = append(keys, o)
	}
	out := vm.NewObject()
	out.Set("keys", vm.NewArray(keys...))
	out.Set("list_complete", res.Complete)
	if !res.Complete {
		out.Set("cursor", res.Cursor)
	}
	out.Set("cacheStatus", goja.Null())
	return out, nil
}
