package bundle

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// GlobalName is the global variable the bundle assigns the entry module's exports to.
// The runtime reads `default` from it for module-format workers.
const GlobalName = "__goflare_worker"

// Format is how a worker hands its handlers to the runtime.
type Format int

// The worker formats wrangler distinguishes (wrangler-reference.md 4.7).
const (
	// ServiceWorker: no default export; handlers come from addEventListener and bindings
	// are globals.
	ServiceWorker Format = iota
	// Modules: `export default { fetch(request, env, ctx) }`.
	Modules
)

// String names the format as wrangler does.
func (f Format) String() string {
	if f == Modules {
		return "modules"
	}
	return "service-worker"
}

// DetectFormat decides the format from the names the entry module exports, as wrangler
// does: a default export means modules; no exports means service-worker; exports without a
// default mean service-worker with a warning (wrangler-reference.md 4.7). An IIFE bundle's
// metafile lists no exports, so the runtime calls this with the keys of GlobalName.
func DetectFormat(entry string, exports []string) (f Format, warning string) {
	for _, e := range exports {
		if e == "default" {
			return Modules, ""
		}
	}
	if len(exports) > 0 {
		warning = fmt.Sprintf("The entrypoint %s has exports like an ES Module, but hasn't defined a default export like a module worker normally would. Building the worker using \"service-worker\" format...", entry)
	}
	return ServiceWorker, warning
}

// Options describes one build.
type Options struct {
	// Entry is the absolute path of the worker's entry point.
	Entry string
	// Dir is the project directory; source-map paths are relative to it.
	Dir string
	// Define replaces identifiers with JS source at build time (the config's "define").
	Define map[string]string
	// Rules are the module rules (Text, Data, CompiledWasm imports).
	Rules []Rule
	// Node is what nodejs_compat gives the worker (NodeCompatFor).
	Node NodeCompat
	// Minify minifies the bundle (whitespace, identifiers, syntax); the source map keeps
	// stacks pointing at the sources.
	Minify bool
	// TSConfig is a tsconfig.json to use instead of esbuild's lookup ("" for none).
	TSConfig string
	// JSXFactory and JSXFragment replace React.createElement and React.Fragment.
	JSXFactory, JSXFragment string
	// Alias replaces module specifiers (wrangler's "alias").
	Alias map[string]string
	// Virtual are modules goflare supplies by specifier: their JavaScript source (Workers
	// Sites' "__STATIC_CONTENT_MANIFEST").
	Virtual map[string]string
	// Source, when not "", is the entry's code (Entry then only names it): a worker
	// goflare supplies, such as the one an assets-only project runs.
	Source string
}

// Result is a successful build.
type Result struct {
	// Code is one classic script whose last line is its inline source-map comment.
	Code string
	// Name is the name to compile Code under (the entry path, relative to Dir).
	Name string
	// Inputs are the absolute paths of every file the bundle was built from.
	Inputs []string
	// Empty are those of Inputs that were empty when esbuild read them (a file an editor
	// had just truncated to save it in place reads empty, though it is not by the time
	// the build is done).
	Empty []string
	// Warnings are esbuild's warnings.
	Warnings []Message
	// Node is the build's Options.Node: the runtime provides what it says.
	Node NodeCompat
}

// Message is one esbuild diagnostic.
type Message struct {
	File string
	// Line is 1-based, Column is 0-based (esbuild's convention); Line 0 means no location.
	Line, Column int
	// LineText is the source line, for a caret display.
	LineText string
	Text     string
}

// String renders the message as `file:line:col: text`.
func (m Message) String() string {
	if m.File == "" {
		return m.Text
	}
	return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Column+1, m.Text)
}

// Error is a failed build: esbuild's error messages.
type Error struct {
	Messages []Message
}

func (e *Error) Error() string {
	var lines []string
	for _, m := range e.Messages {
		lines = append(lines, m.String())
	}
	return "build failed:\n" + strings.Join(lines, "\n")
}

// Build bundles opts.Entry. A failed build returns *Error.
func Build(opts Options) (*Result, error) {
	entry, err := filepath.Abs(opts.Entry)
	if err != nil {
		return nil, err
	}
	dir := opts.Dir
	if dir == "" {
		dir = filepath.Dir(entry)
	}
	plugins := []api.Plugin{builtinsPlugin(), nodePlugin(opts.Node, dir)}
	if p, ok := rulesPlugin(opts.Rules); ok {
		plugins = append(plugins, p)
	}
	if len(opts.Virtual) > 0 {
		plugins = append([]api.Plugin{virtualPlugin(opts.Virtual, dir)}, plugins...)
	}
	entries := []string{entry}
	var stdin *api.StdinOptions
	if opts.Source != "" {
		entries = nil
		stdin = &api.StdinOptions{Contents: opts.Source, ResolveDir: dir, Sourcefile: filepath.Base(entry), Loader: api.LoaderJS}
	}
	r := api.Build(api.BuildOptions{
		Plugins:       plugins,
		EntryPoints:   entries,
		Stdin:         stdin,
		AbsWorkingDir: dir,
		// Nothing is written; Outfile only anchors the relative paths in the source map.
		Outfile:    filepath.Join(dir, "worker.js"),
		Write:      false,
		Bundle:     true,
		Metafile:   true,
		Format:     api.FormatIIFE,
		GlobalName: GlobalName,
		// A module worker's code is module code, which is strict; as one script it would
		// be sloppy (`this` in a plain call the global object, assignments to undeclared
		// names making globals) unless the script says so. esbuild's source map counts
		// the banner.
		Banner:     map[string]string{"js": `"use strict";`},
		Platform:   api.PlatformBrowser,
		Conditions: []string{"workerd", "worker", "browser"},
		Target:     api.ESNext,
		// goja lacks these; everything else it runs natively (DESIGN.md 6). Decorators
		// are lowered as wrangler's esbuild (target es2022) lowers them: V8 has none.
		Supported: map[string]bool{"async-generator": false, "for-await": false, "decorators": false},
		Sourcemap: api.SourceMapInline,
		// The stack then names the user's own files and lines.
		SourcesContent:    api.SourcesContentInclude,
		Define:            opts.Define,
		MinifyWhitespace:  opts.Minify,
		MinifyIdentifiers: opts.Minify,
		MinifySyntax:      opts.Minify,
		Tsconfig:          opts.TSConfig,
		JSXFactory:        opts.JSXFactory,
		JSXFragment:       opts.JSXFragment,
		Alias:             opts.Alias,
		LogLevel:          api.LogLevelSilent,
		Charset:           api.CharsetUTF8,
	})
	if len(r.Errors) > 0 {
		ms := messages(r.Errors)
		for i := range ms {
			ms[i] = nodeHint(ms[i], opts.Node)
		}
		return nil, &Error{Messages: ms}
	}
	if len(r.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundle: esbuild produced %d output files, want 1", len(r.OutputFiles))
	}
	res := &Result{
		Code:     string(r.OutputFiles[0].Contents),
		Warnings: messages(r.Warnings),
		Node:     opts.Node,
	}
	res.Name, _ = filepath.Rel(dir, entry)
	res.Name = filepath.ToSlash(res.Name)
	if err := res.readMetafile(r.Metafile, dir); err != nil {
		return nil, err
	}
	return res, nil
}

// metafile is the part of esbuild's metafile Build reads.
type metafile struct {
	Inputs map[string]struct {
		Bytes int64 `json:"bytes"`
	} `json:"inputs"`
}

// readMetafile takes the input list from esbuild's metafile.
func (res *Result) readMetafile(text, dir string) error {
	var m metafile
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return fmt.Errorf("bundle: read metafile: %w", err)
	}
	for p, in := range m.Inputs {
		if p == "<stdin>" || strings.Contains(p, ":") && !filepath.IsAbs(p) && !isWindowsAbs(p) {
			continue // a namespace path such as "<stdin>" or "data:", not a file
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, filepath.FromSlash(p))
		}
		res.Inputs = append(res.Inputs, p)
		if in.Bytes == 0 {
			res.Empty = append(res.Empty, p)
		}
	}
	sort.Strings(res.Inputs)
	sort.Strings(res.Empty)
	return nil
}

// isWindowsAbs reports whether p looks like C:\... or C:/...
func isWindowsAbs(p string) bool {
	return len(p) > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

func messages(ms []api.Message) []Message {
	out := make([]Message, 0, len(ms))
	for _, m := range ms {
		msg := Message{Text: m.Text}
		if m.PluginName == "goflare-node" { // wrangler's advice is in the note
			for _, n := range m.Notes {
				msg.Text += "\n\n  " + n.Text
			}
		}
		if m.Location != nil {
			msg.File = m.Location.File
			msg.Line = m.Location.Line
			msg.Column = m.Location.Column
			msg.LineText = m.Location.LineText
		}
		out = append(out, msg)
	}
	return out
}

// virtualPlugin resolves the specifiers of modules to their given source; their own
// imports resolve from dir.
func virtualPlugin(modules map[string]string, dir string) api.Plugin {
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, regexp.QuoteMeta(n))
	}
	sort.Strings(names)
	return api.Plugin{
		Name: "goflare-virtual",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: "^(" + strings.Join(names, "|") + ")$"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: args.Path, Namespace: "goflare-virtual"}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "goflare-virtual"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src := modules[args.Path]
				return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS, ResolveDir: dir}, nil
			})
		},
	}
}
