package bundle

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// NodeCompat is what the compatibility flags and date give a worker of Node.js, decided
// as wrangler and workerd decide it (wrangler's getNodeCompat).
type NodeCompat struct {
	// Modules: `node:` modules can be imported.
	Modules bool
	// Bare: they can also be imported without the prefix (`buffer`), and Buffer,
	// process, global, setImmediate and clearImmediate are globals (nodejs_compat_v2,
	// implied by nodejs_compat from 2024-09-23).
	Bare bool
	// OnlyAsyncHooks: nodejs_als, which gives node:async_hooks alone.
	OnlyAsyncHooks bool
	// PopulateEnv: process.env holds the worker's text vars and secrets
	// (nodejs_compat_populate_process_env, the default from 2025-04-01).
	PopulateEnv bool
}

// NodeCompatFor decides NodeCompat from a compatibility date ("YYYY-MM-DD") and flags.
func NodeCompatFor(date string, flags []string) NodeCompat {
	has := func(f string) bool { return slices.Contains(flags, f) }
	var n NodeCompat
	switch {
	case has("nodejs_compat_v2") || (has("nodejs_compat") && date >= "2024-09-23" && !has("no_nodejs_compat_v2")):
		n.Modules, n.Bare = true, true
	case has("nodejs_compat"):
		n.Modules = true
	case has("nodejs_als"):
		n.OnlyAsyncHooks = true
	}
	if n.Modules {
		n.PopulateEnv = has("nodejs_compat_populate_process_env") ||
			(date >= "2025-04-01" && !has("nodejs_compat_do_not_populate_process_env"))
	}
	return n
}

// nodeModules are Node.js's built-in module names (module.builtinModules, without the
// internal `_` ones); `node:` followed by one of them is a Node module.
var nodeModules = []string{
	"assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console",
	"constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain",
	"events", "fs", "fs/promises", "http", "http2", "https", "inspector", "inspector/promises",
	"module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks", "process",
	"punycode", "querystring", "readline", "readline/promises", "repl", "stream",
	"stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
	"timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm",
	"wasi", "worker_threads", "zlib",
}

// IsNodeModule reports whether specifier names one of Node's built-in modules, with or
// without the `node:` prefix (`node:sqlite` and `node:test` exist only with it).
func IsNodeModule(specifier string) bool {
	if name, ok := strings.CutPrefix(specifier, "node:"); ok {
		return slices.Contains(nodeModules, name) || name == "sqlite" || name == "test" || name == "sea"
	}
	return slices.Contains(nodeModules, specifier)
}

// nodeNamespace is the esbuild namespace of the modules nodePlugin makes.
const nodeNamespace = "goflare-node"

// nodePlugin resolves Node's modules, imported or required, to CommonJS modules whose
// exports come from BuiltinHook("node:<name>"), so a named import takes any export the
// runtime's module has. Without nodejs_compat a `node:` import builds with wrangler's
// warning and fails when the worker starts, as under workerd; a bare one is left to
// esbuild (a polyfill from node_modules, or "Could not resolve").
func nodePlugin(n NodeCompat, dir string) api.Plugin {
	quoted := make([]string, len(nodeModules))
	for i, m := range nodeModules {
		quoted[i] = regexp.QuoteMeta(m)
	}
	filter := "^node:"
	if n.Bare {
		filter = "^(node:.*|" + strings.Join(quoted, "|") + ")$"
	}
	return api.Plugin{
		Name: "goflare-node",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: filter}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				spec := args.Path
				if !strings.HasPrefix(spec, "node:") {
					spec = "node:" + spec
				}
				res := api.OnResolveResult{Path: spec, Namespace: nodeNamespace}
				if !n.Modules && !(n.OnlyAsyncHooks && spec == "node:async_hooks") {
					importer := args.Importer
					if rel, err := filepath.Rel(dir, importer); err == nil {
						importer = filepath.ToSlash(rel)
					}
					res.Warnings = []api.Message{{
						Text:  fmt.Sprintf("The package %q wasn't found on the file system but is built into node.", args.Path),
						Notes: []api.Note{{Text: fmt.Sprintf("Your Worker may throw errors at runtime unless you enable the \"nodejs_compat\" compatibility flag. Refer to https://developers.cloudflare.com/workers/runtime-apis/nodejs/ for more details. Imported from:\n - %s", importer)}},
					}}
				}
				return res, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: nodeNamespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				contents := fmt.Sprintf("module.exports = globalThis.%s(%q);\n", BuiltinHook, args.Path)
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS}, nil
			})
		},
	}
}

// nodeHint adds wrangler's advice to esbuild's failure to resolve a bare Node module
// when nodejs_compat is off.
func nodeHint(m Message, n NodeCompat) Message {
	name, ok := strings.CutPrefix(m.Text, "Could not resolve \"")
	if !ok || n.Bare {
		return m
	}
	name, _ = strings.CutSuffix(name, "\"")
	if IsNodeModule(name) {
		m.Text += fmt.Sprintf("\n\n  The package %q wasn't found on the file system but is built into node.\n  - Add the \"nodejs_compat\" compatibility flag to your project.", name)
	}
	return m
}
