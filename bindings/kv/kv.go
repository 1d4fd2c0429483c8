package kv

import (
	"context"
	"io"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// Store is what the binding needs of the storage engine; *kvstore.Store implements it.
type Store interface {
	Get(ctx context.Context, ns, key string) (*kvstore.Value, error)
	GetMany(ctx context.Context, ns string, keys []string, typ kvstore.GetManyType) (map[string]*kvstore.Value, error)
	Put(ctx context.Context, ns, key string, value io.Reader, opts kvstore.PutOptions) error
	Delete(ctx context.Context, ns, key string) error
	List(ctx context.Context, ns string, opts kvstore.ListOptions) (kvstore.ListResult, error)
}

var _ Store = (*kvstore.Store)(nil)

// Binding is one kv_namespaces entry: env[name] is a KV namespace object on namespace id.
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

// namespace is what a KV namespace object holds.
type namespace struct {
	b   *Binding
	iso *runtime.Isolate
}

// ClassName is the name workerd gives the class of KV binding objects
// (`env.KV.constructor.name`, "[object KvNamespace]"). workerd does not expose it as a
// global, so neither does goflare.
const ClassName = "KvNamespace"

// Value makes the namespace object for iso.
func (b *Binding) Value(iso *runtime.Isolate) (goja.Value, error) {
	c := iso.Class(ClassName, defineClass)
	return c.New(&namespace{b: b, iso: iso}), nil
}

// defineClass builds the class: not constructible, every method brand-checked, methods
// in workerd's order.
func defineClass(vm *goja.Runtime) *jsx.Class {
	c := jsx.NewClass(vm, ClassName, nil)
	jsx.Method(c, "get", (*namespace).get)
	jsx.Method(c, "list", (*namespace).list)
	jsx.Method(c, "put", (*namespace).put)
	jsx.Method(c, "getWithMetadata", (*namespace).getWithMetadata)
	jsx.Method(c, "delete", (*namespace).delete)
	return c
}

// reject returns a promise rejected with err: the methods report bad arguments as
// rejections, as workerd does (get's option conversion is the exception; see get).
func (ns *namespace) reject(err error) goja.Value {
	p, s := ns.iso.Bridge().Promise()
	s.SettleNow(nil, err)
	return ns.iso.VM().ToValue(p)
}

// keyArgument is the key argument of method (op is its service name, e.g. "PUT"): it
// must be given, and it is checked as validateKey checks it.
func keyArgument(call goja.FunctionCall, method, op string) (string, error) {
	if len(call.Arguments) == 0 {
		return "", jsx.TypeError("Failed to execute '" + method + "' on '" + ClassName + "': parameter 1 is not of type 'string'.")
	}
	key := call.Argument(0).String()
	return key, validateKey(op, key)
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

// begin counts one operation on the current invocation, once the argument checks have
// passed (decisions.md).
func (ns *namespace) begin() (*runtime.Invocation, error) {
	inv := ns.iso.Invocation()
	if inv == nil {
		return nil, errOutsideRequest
	}
	if err := inv.CountKVOp(); err != nil {
		return nil, jsx.PlainError(err.Error())
	}
	return inv, nil
}

// async runs work for invocation inv off the loop and settles the returned promise with
// what its continuation makes on the loop.
func (ns *namespace) async(work func() func(vm *goja.Runtime) (goja.Value, error)) goja.Value {
	return ns.iso.Async(func(*runtime.Invocation) func(vm *goja.Runtime) (goja.Value, error) { return work() })
}

// parseMetadata turns stored metadata JSON text into its JS value (null when none).
func parseMetadata(iso *runtime.Isolate, meta string) (goja.Value, error) {
	if meta == "" {
		return goja.Null(), nil
	}
	return iso.Realm().ParseJSON(meta)
}
