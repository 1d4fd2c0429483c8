package runtime

import (
	"path"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/jsx"
)

// The rewrite of `import` keeps the line's length (see repairForGoja).
var _ = [1]struct{}{}[len(bundle.DynamicImportHook)-len("import")]

// builtinClasses defines cloudflare:workers' base classes; as in workerd they keep what
// they are constructed with, and refuse what workerd refuses.
const builtinClasses = `(function () {
  const check = (name, ctx, env) => {
    for (const [i, v] of [[1, ctx], [2, env]]) {
      if (v === null || (typeof v !== "object" && typeof v !== "function")) {
        throw new TypeError("Failed to construct '" + name + "': constructor parameter " + i + " is not of type 'JsObject'.");
      }
    }
  };
  class WorkerEntrypoint { constructor(ctx, env) { check("WorkerEntrypoint", ctx, env); this.ctx = ctx; this.env = env; } }
  // Only the runtime can make a DurableObjectState, and goflare has no Durable Objects yet.
  class DurableObject { constructor() { throw new TypeError("Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'."); } }
  class WorkflowEntrypoint { constructor(ctx, env) { check("WorkflowEntrypoint", ctx, env); this.ctx = ctx; this.env = env; } }
  class RpcTarget {}
  return { WorkerEntrypoint, DurableObject, WorkflowEntrypoint, RpcTarget };
})()`

// dynamicImport is bundle.DynamicImportHook: import() of a specifier esbuild could not
// resolve at build time settles on the next microtask, as a module import does.
const dynamicImport = `(function (load) {
  return function (specifier) { return Promise.resolve().then(() => load(String(specifier))); };
})`

// installBuiltins defines bundle.BuiltinHook and bundle.DynamicImportHook (both
// non-enumerable) before the bundle runs. The modules are made once per isolate, so every
// import of one sees the same namespace, as in workerd.
func (iso *Isolate) installBuiltins(vm *goja.Runtime) error {
	classes, err := vm.RunString(builtinClasses)
	if err != nil {
		return err
	}
	iso.workerEntrypoint = classes.ToObject(vm).Get("WorkerEntrypoint").ToObject(vm)
	modules := map[string]*goja.Object{}
	load := func(specifier string) goja.Value {
		if m, ok := modules[specifier]; ok {
			return m
		}
		var m *goja.Object
		switch specifier {
		case "cloudflare:workers":
			m = vm.NewObject()
			cls := classes.ToObject(vm)
			for _, k := range cls.Keys() {
				m.Set(k, cls.Get(k))
			}
			m.Set("env", iso.env)
			m.Set("waitUntil", func(call goja.FunctionCall) goja.Value {
				if iso.current == nil {
					jsx.Throw(vm, jsx.PlainError(errGlobalScope))
				}
				iso.current.addWaitUntil(vm, call.Argument(0))
				return goja.Undefined()
			})
		case "cloudflare:node":
			if iso.node == nil || iso.opts.Script.Node.OnlyAsyncHooks { // it comes with nodejs_compat
				jsx.Throw(vm, jsx.PlainError(`No such module "cloudflare:node".`))
			}
			m = vm.NewObject()
			cf := iso.node.CloudflareNode()
			for _, k := range cf.Keys() {
				m.Set(k, cf.Get(k))
			}
		default:
			if iso.node != nil && bundle.IsNodeModule(specifier) {
				if v, ok := iso.node.Load(specifier); ok {
					m = v.ToObject(vm)
					modules[specifier] = m
					return m
				}
			}
			// workerd resolves a relative specifier against the entry's directory, the root.
			name := strings.TrimPrefix(path.Clean("/"+specifier), "/")
			if strings.Contains(specifier, ":") {
				name = specifier
			}
			jsx.Throw(vm, jsx.PlainError(`No such module "`+name+`".`))
		}
		m.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue("Module"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		modules[specifier] = m
		return m
	}
	hook, err := vm.RunString(dynamicImport)
	if err != nil {
		return err
	}
	wrap, _ := goja.AssertFunction(hook)
	dimp, err := wrap(goja.Undefined(), vm.ToValue(load))
	if err != nil {
		return err
	}
	global := vm.GlobalObject()
	global.DefineDataProperty(bundle.BuiltinHook, vm.ToValue(load), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	global.DefineDataProperty(bundle.DynamicImportHook, dimp, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return nil
}

// entrypoint is the object whose handlers serve an event: the default export, or, when
// that is a class extending WorkerEntrypoint, a new instance of it made with the event's
// ctx and the env (workerd makes one per event). entrypointClass says which.
func (iso *Isolate) entrypoint(vm *goja.Runtime, ctx goja.Value) (target *goja.Object, entrypointClass bool, err error) {
	if _, isFunc := goja.AssertFunction(iso.exports); !isFunc || iso.workerEntrypoint == nil ||
		!vm.InstanceOf(iso.exports.Get("prototype"), iso.workerEntrypoint) {
		return iso.exports, false, nil
	}
	obj, err := vm.New(iso.exports, ctx, iso.env)
	return obj, true, err
}
