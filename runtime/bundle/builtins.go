package bundle

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// BuiltinHook is the global function through which bundled code reaches the modules the
// runtime provides (cloudflare:workers, ...): BuiltinHook(specifier) returns the module's
// namespace object. The runtime defines it, non-enumerable, before the bundle runs.
const BuiltinHook = "__goflare_builtin"

// DynamicImportHook replaces the `import` of an `import(...)` that esbuild left in the
// bundle (a specifier it cannot resolve at build time, such as hono's
// `import(cfWorkers)`), which goja cannot parse. It is as long as `import`, so every
// later position on the line, and so the source map, stays exact. The runtime defines it:
// it returns a promise of the builtin module's namespace, or rejects as workerd does.
const DynamicImportHook = "__dimp"

// builtinExports lists, per module the runtime provides, the names it exports.
var builtinExports = map[string][]string{
	"cloudflare:workers": {"DurableObject", "RpcTarget", "WorkerEntrypoint", "WorkflowEntrypoint", "env", "waitUntil"},
	"cloudflare:node":    {"handleAsNodeRequest", "httpServerHandler"},
}

// Builtins are the specifiers of the modules the runtime provides.
func Builtins() []string {
	out := make([]string, 0, len(builtinExports))
	for s := range builtinExports {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// builtinsPlugin resolves the runtime's modules, imported statically or with a literal
// `import()`, to small modules that take their exports from BuiltinHook.
func builtinsPlugin() api.Plugin {
	names := Builtins()
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	filter := "^(" + strings.Join(quoted, "|") + ")$"
	return api.Plugin{
		Name: "goflare-builtins",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: filter}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, Namespace: "goflare-builtin"}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "goflare-builtin"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				exports, ok := builtinExports[args.Path]
				if !ok {
					return api.OnLoadResult{}, fmt.Errorf("no builtin module %q", args.Path)
				}
				contents := fmt.Sprintf("const m = globalThis.%s(%q);\nexport const { %s } = m;\n",
					BuiltinHook, args.Path, strings.Join(exports, ", "))
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS}, nil
			})
		},
	}
}
