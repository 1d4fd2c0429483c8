package kv

import (
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// streamChunk is the chunk size of get(key, "stream").
const streamChunk = 64 << 10

// getOptions are get's second argument: a type name, or {type, cacheTtl}.
type getOptions struct {
	typ      string
	cacheTTL *int64
}

// checkCacheTTL is the service's check of cacheTtl (it has no other effect locally),
// reported for operation op.
func (o getOptions) checkCacheTTL(op string) error {
	if o.cacheTTL == nil {
		return nil
	}
	if err := kvstore.ValidateCacheTTL(*o.cacheTTL); err != nil {
		return storeError(op, err)
	}
	return nil
}

// parseGetOptions reads get's options. A conversion error is thrown at once, as
// workerd's get does (its other errors are rejections).
func parseGetOptions(vm *goja.Runtime, v goja.Value) getOptions {
	opts := getOptions{typ: "text"}
	if jsx.IsNullish(v) {
		return opts
	}
	o, isObj := v.(*goja.Object)
	if !isObj {
		opts.typ = v.String()
		return opts
	}
	if t := o.Get("type"); !jsx.IsNullish(t) {
		opts.typ = t.String()
	}
	if c := o.Get("cacheTtl"); c != nil && !goja.IsUndefined(c) {
		n, err := jsx.ToInt32(c)
		if err != nil {
			jsx.Throw(vm, err)
		}
		ttl := int64(n)
		opts.cacheTTL = &ttl
	}
	return opts
}

// get implements get(key, type | {type, cacheTtl}) and get(keys[], …).
func (ns *namespace) get(call goja.FunctionCall) goja.Value {
	return ns.read(call, "get", false)
}

// getWithMetadata implements getWithMetadata(key, …) and getWithMetadata(keys[], …).
func (ns *namespace) getWithMetadata(call goja.FunctionCall) goja.Value {
	return ns.read(call, "getWithMetadata", true)
}

// read is get and getWithMetadata, single or bulk.
func (ns *namespace) read(call goja.FunctionCall, method string, withMetadata bool) goja.Value {
	vm := ns.iso.VM()
	if len(call.Arguments) == 0 {
		jsx.Throw(vm, jsx.TypeError("Failed to execute '"+method+"' on '"+ClassName+"': parameter 1 is not of type 'string or Array'."))
	}
	opts := parseGetOptions(vm, call.Argument(1))
	if jsx.IsArray(call.Argument(0)) {
		return ns.readMany(call.Argument(0), opts, withMetadata)
	}
	key := call.Argument(0).String()
	if err := validateKey("GET", key); err != nil {
		return ns.reject(err)
	}
	inv, err := ns.begin("get")
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		if err := opts.checkCacheTTL("GET"); err != nil {
			return rejectWith(err)
		}
		v, err := ns.readOne(inv, key, opts)
		if err != nil {
			return rejectWith(storeError("GET", err))
		}
		var data []byte
		if v != nil && opts.typ != "stream" {
			if data, err = v.Bytes(); err != nil {
				return rejectWith(storeError("GET", err))
			}
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			value, err := ns.decode(v, data, opts.typ)
			if err != nil || !withMetadata {
				return value, err
			}
			out := vm.NewObject()
			out.Set("value", value)
			meta := goja.Null()
			if v != nil {
				if meta, err = parseMetadata(ns.iso, v.Metadata); err != nil {
					return nil, err
				}
			}
			out.Set("metadata", meta)
			out.Set("cacheStatus", goja.Null())
			return out, nil
		}
	})
}

// readOne reads key as inv sees it: from this isolate's cacheTtl cache, as eventual
// consistency has it, or from the store.
func (ns *namespace) readOne(inv *runtime.Invocation, key string, opts getOptions) (*kvstore.Value, error) {
	sim := ns.b.sim
	caching := sim != nil && sim.CacheTTL && opts.cacheTTL != nil
	if caching {
		ns.cacheMu.Lock()
		c, ok := ns.cache[key]
		ns.cacheMu.Unlock()
		if ok && sim.now().Before(c.expires) {
			return c.v.value(), nil
		}
	}
	var snap snapshot
	if seen, ok := sim.seen(inv, ns.b.namespace, key); ok {
		snap = seen
	} else {
		v, err := ns.b.store.Get(inv.Context(), ns.b.namespace, key)
		if err != nil || !caching {
			return v, err
		}
		if snap, err = snapshotOf(v); err != nil {
			return nil, err
		}
	}
	if caching {
		ns.cacheMu.Lock()
		if ns.cache == nil {
			ns.cache = map[string]cached{}
		}
		ns.cache[key] = cached{v: snap, expires: sim.now().Add(time.Duration(*opts.cacheTTL) * time.Second)}
		ns.cacheMu.Unlock()
	}
	return snap.value(), nil
}

// snapshotOf reads a stored value into memory.
func snapshotOf(v *kvstore.Value) (snapshot, error) {
	if v == nil {
		return snapshot{absent: true}, nil
	}
	data, err := v.Bytes()
	if err != nil {
		return snapshot{}, err
	}
	return snapshot{data: data, metadata: v.Metadata, expiration: v.Expiration}, nil
}

// rejectWith is a continuation that rejects with err.
func rejectWith(err error) func(*goja.Runtime) (goja.Value, error) {
	return func(*goja.Runtime) (goja.Value, error) { return nil, err }
}

// decode turns a stored value into what get resolves to for typ: null for a missing key
// (before the type is looked at, as workerd does), then text, json, arrayBuffer or a
// stream.
func (ns *namespace) decode(v *kvstore.Value, data []byte, typ string) (goja.Value, error) {
	if v == nil {
		return goja.Null(), nil
	}
	realm := ns.iso.Realm()
	switch typ {
	case "text":
		return ns.iso.VM().ToValue(string(data)), nil
	case "json":
		return realm.ParseJSON(string(data))
	case "arrayBuffer":
		return realm.NewArrayBuffer(data), nil
	case "stream":
		return realm.StreamFrom(readCloser{v}, streamChunk), nil
	}
	return nil, errUnknownType
}

// readCloser gives a stored value the Close a stream source needs.
type readCloser struct{ *kvstore.Value }

func (readCloser) Close() error { return nil }

// readMany is the bulk form: up to 100 keys, text or json, one operation.
func (ns *namespace) readMany(keysArg goja.Value, opts getOptions, withMetadata bool) goja.Value {
	vm := ns.iso.VM()
	var keys []string
	for _, k := range keysArg.ToObject(vm).Keys() {
		keys = append(keys, keysArg.ToObject(vm).Get(k).String())
	}
	inv, err := ns.begin("get")
	if err != nil {
		return ns.reject(err)
	}
	return ns.iso.Async(func(*runtime.Invocation) func(*goja.Runtime) (goja.Value, error) {
		if err := opts.checkCacheTTL("GET_BULK"); err != nil {
			return rejectWith(err)
		}
		values, err := ns.b.store.GetMany(inv.Context(), ns.b.namespace, keys, kvstore.GetManyType(opts.typ))
		if err != nil {
			return rejectWith(storeError("GET_BULK", err))
		}
		for _, k := range keys {
			if snap, ok := ns.b.sim.seen(inv, ns.b.namespace, k); ok {
				values[k] = snap.value()
			}
		}
		data := make(map[string][]byte, len(values))
		for k, v := range values {
			if v != nil {
				if data[k], err = v.Bytes(); err != nil {
					return rejectWith(storeError("GET_BULK", err))
				}
			}
		}
		return func(vm *goja.Runtime) (goja.Value, error) {
			return ns.bulkResult(keys, values, data, opts.typ, withMetadata)
		}
	})
}

// bulkResult builds the Map a bulk read resolves to, keys in request order, each once.
func (ns *namespace) bulkResult(keys []string, values map[string]*kvstore.Value, data map[string][]byte, typ string, withMetadata bool) (goja.Value, error) {
	vm := ns.iso.VM()
	mapCtor, _ := goja.AssertConstructor(vm.Get("Map"))
	m, err := mapCtor(nil)
	if err != nil {
		return nil, err
	}
	set, _ := goja.AssertFunction(m.Get("set"))
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		v := values[k]
		var entry goja.Value = goja.Null()
		if v != nil {
			value, err := ns.decode(v, data[k], typ)
			if err != nil {
				return nil, err
			}
			entry = value
			if withMetadata {
				meta, err := parseMetadata(ns.iso, v.Metadata)
				if err != nil {
					return nil, err
				}
				o := vm.NewObject()
				o.Set("value", value)
				o.Set("metadata", meta)
				entry = o
			}
		}
		if _, err := set(m, vm.ToValue(k), entry); err != nil {
			return nil, err
		}
	}
	return m, nil
}
