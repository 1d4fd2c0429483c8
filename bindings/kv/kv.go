package kv

import (
	"context"
	"io"
	"sync"

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
	sim             *Simulation
	order           writeOrder
}

// New returns the binding that shows namespace id of store as env[name].
func New(name, namespaceID string, store Store) *Binding {
	return &Binding{name: name, namespace: namespaceID, store: store}
}

var _ runtime.Binding = (*Binding)(nil)

// WithSimulation makes the binding behave as production KV does in the ways sim turns
// on (nil for none); it returns b.
func (b *Binding) WithSimulation(sim *Simulation) *Binding {
	if sim.Active() {
		b.sim = sim
	}
	return b
}

// Name is the env property the namespace appears as.
func (b *Binding) Name() string { return b.name }

// Namespace is the id of the namespace the binding reads and writes.
func (b *Binding) Namespace() string { return b.namespace }

// namespace is what a KV namespace object holds.
type namespace struct {
	b   *Binding
	iso *runtime.Isolate

	// cache is what gets with cacheTtl kept in this isolate (Simulation.CacheTTL).
	cacheMu sync.Mutex
	cache   map[string]cached
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

// begin counts one operation of kind ("get", "put", "delete", "list") on the current
// invocation, once the argument checks have passed (decisions.md), and on the day's
// quota when one is simulated.
func (ns *namespace) begin(kind string) (*runtime.Invocation, error) {
	inv := ns.iso.Invocation()
	if inv == nil {
		return nil, errOutsideRequest
	}
	if err := inv.CountKVOp(); err != nil {
		return nil, jsx.PlainError(err.Error())
	}
	if err := ns.b.sim.Count(kind); err != nil {
		return nil, err
	}
	return inv, nil
}

// parseMetadata turns stored metadata JSON text into its JS value (null when none).
func parseMetadata(iso *runtime.Isolate, meta string) (goja.Value, error) {
	if meta == "" {
		return goja.Null(), nil
	}
	return iso.Realm().ParseJSON(meta)
}

// writeOrder makes an invocation's writes to a namespace apply in the order they were
// issued, as workerd applies them (100 puts of one key from one Promise.all leave the
// last value): each write waits for the one issued before it by the same invocation.
type writeOrder struct {
	mu   sync.Mutex
	last map[*runtime.Invocation]chan struct{}
}

// next queues a write of inv: wait blocks until the writes issued before it are done,
// done marks it done. It is called on the loop, in issue order.
func (o *writeOrder) next(inv *runtime.Invocation) (wait, done func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	prev := o.last[inv]
	mine := make(chan struct{})
	if o.last == nil {
		o.last = map[*runtime.Invocation]chan struct{}{}
	}
	o.last[inv] = mine
	wait = func() {
		if prev != nil {
			<-prev
		}
	}
	done = func() {
		close(mine)
		o.mu.Lock()
		if o.last[inv] == mine {
			delete(o.last, inv)
		}
		o.mu.Unlock()
	}
	return wait, done
}
