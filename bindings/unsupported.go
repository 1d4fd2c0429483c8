package bindings

import (
	"fmt"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// Unsupported is a binding goflare does not provide (an R2 bucket, a D1 database, a
// Durable Object, …): reading it from env throws an Error that names it, where it would
// otherwise be silently undefined.
type Unsupported struct {
	name, resource string
}

// NewUnsupported returns the binding env[name] of the kind resource ("R2 Bucket").
func NewUnsupported(name, resource string) *Unsupported {
	return &Unsupported{name: name, resource: resource}
}

var _ runtime.GetterBinding = (*Unsupported)(nil)

// Name is the env property.
func (u *Unsupported) Name() string { return u.name }

// Value is not used: the binding is read through Get.
func (u *Unsupported) Value(*runtime.Isolate) (goja.Value, error) { return goja.Undefined(), nil }

// Get throws the Error that says goflare does not provide the binding.
func (u *Unsupported) Get(*runtime.Isolate) (goja.Value, error) {
	return nil, jsx.PlainError(fmt.Sprintf("env.%s (%s) is a binding goflare does not provide (it runs KV namespaces, vars and secrets); run this worker with wrangler dev to use it.", u.name, u.resource))
}
