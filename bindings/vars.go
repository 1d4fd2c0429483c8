package bindings

import (
	"encoding/json"
	"fmt"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime"
)

// Var is a plain binding: a config var or a secret. A string arrives as a string; any
// other JSON value arrives parsed, as wrangler delivers non-string vars.
type Var struct {
	name  string
	value any
}

// NewVar returns the binding name = value.
func NewVar(name string, value any) *Var { return &Var{name: name, value: value} }

var _ runtime.PlainBinding = (*Var)(nil)

// Plain marks a var as text or JSON: nodejs_compat puts it in process.env.
func (v *Var) Plain() {}

// Name is the env property the var appears as.
func (v *Var) Name() string { return v.name }

// Value makes the var's JS value: a string, or JSON parsed by the engine.
func (v *Var) Value(iso *runtime.Isolate) (goja.Value, error) {
	vm := iso.VM()
	if s, ok := v.value.(string); ok {
		return vm.ToValue(s), nil
	}
	text, err := json.Marshal(v.value)
	if err != nil {
		return nil, fmt.Errorf("var %s: %w", v.name, err)
	}
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	return parse(goja.Undefined(), vm.ToValue(string(text)))
}

// GlobalText is a text a service-worker worker sees as a global and a module worker does
// not see in env: Workers Sites' __STATIC_CONTENT_MANIFEST.
type GlobalText struct {
	name, text string
}

// NewGlobalText returns the global name = text.
func NewGlobalText(name, text string) *GlobalText { return &GlobalText{name: name, text: text} }

var _ runtime.GlobalOnlyBinding = (*GlobalText)(nil)

// GlobalOnly marks the binding as a service worker's global only.
func (g *GlobalText) GlobalOnly() {}

// Name is the global's name.
func (g *GlobalText) Name() string { return g.name }

// Value is the text.
func (g *GlobalText) Value(iso *runtime.Isolate) (goja.Value, error) {
	return iso.VM().ToValue(g.text), nil
}
