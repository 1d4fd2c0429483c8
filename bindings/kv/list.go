package kv

import (
	"github.com/dop251/goja"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// delete implements delete(key).
func (ns *namespace) delete(call goja.FunctionCall) goja.Value {
	key, err := keyArgument(call, "delete", "DELETE")
	if err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin("delete")
	if err == nil {
		err = ns.b.sim.beforeWrite("DELETE", ns.b.namespace, key)
	}
	if err != nil {
		return ns.reject(err)
	}
	wait, done := ns.b.order.next(inv)
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		wait()
		err := ns.b.sim.write(inv.Context(), inv, ns.b.store, ns.b.namespace, key, func() error {
			return ns.b.store.Delete(inv.Context(), ns.b.namespace, key)
		})
		done()
		if err != nil {
			return rejectWith(storeError("DELETE", err))
		}
		return func(*goja.Runtime) (goja.Value, error) { return goja.Undefined(), nil }
	})
}

// list implements list({prefix, limit, cursor}).
func (ns *namespace) list(call goja.FunctionCall) goja.Value {
	opts, err := listOptions(call.Argument(0))
	if err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin("list")
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		res, err := ns.b.store.List(inv.Context(), ns.b.namespace, opts)
		if err != nil {
			return rejectWith(storeError("GET", err))
		}
		res = ns.b.sim.adjustList(inv, ns.b.namespace, opts, res)
		return func(vm *goja.Runtime) (goja.Value, error) { return listResult(ns.iso, res) }
	})
}

// listOptions reads list's options: prefix and cursor as strings (null means none),
// limit as a 32-bit integer (≤ 0 means the default).
func listOptions(v goja.Value) (kvstore.ListOptions, error) {
	var opts kvstore.ListOptions
	if jsx.IsNullish(v) {
		return opts, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return opts, jsx.TypeError("Failed to execute 'list' on '" + ClassName + "': parameter 1 is not of type 'ListOptions'.")
	}
	if p := o.Get("prefix"); !jsx.IsNullish(p) {
		opts.Prefix = p.String()
	}
	if c := o.Get("cursor"); !jsx.IsNullish(c) {
		opts.Cursor = c.String()
	}
	if l := o.Get("limit"); l != nil && !goja.IsUndefined(l) {
		n, err := jsx.ToInt32(l)
		if err != nil {
			return opts, err
		}
		opts.Limit = int(max(n, 0))
	}
	return opts, nil
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
