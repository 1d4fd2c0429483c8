package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// FileNames are the config file names wrangler looks for, in the order it tries them.
var FileNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// Worker is a resolved Worker project: what goflare needs to build and serve it.
type Worker struct {
	// Path is the absolute path of the config file; Dir is its directory.
	Path, Dir string
	// Name is the Worker's name.
	Name string
	// Main is the absolute path of the entry point (the config's "main", resolved
	// against Dir).
	Main string
	// CompatibilityDate is the config's compatibility_date ("" when absent).
	CompatibilityDate string
	// Vars are the plain variables, in the order the config declares them.
	Vars []Var
	// KVNamespaces are the KV bindings, in the order the config declares them.
	KVNamespaces []KVNamespace
	// Limits are the config's "limits" (0 where not set).
	Limits Limits
	// Env is the environment selected ("" for the top level).
	Env string
	// CompatibilityFlags are the config's compatibility_flags.
	CompatibilityFlags []string
	// Define maps identifiers to the JS source that replaces them at build time.
	Define map[string]string
	// Crons are triggers.crons.
	Crons []string
	// Dev is the "dev" table.
	Dev Dev
	// Secrets are the values from .dev.vars (or the .env files), in file order; they
	// override vars of the same name and never a KV binding.
	Secrets []Var
	// SecretsFiles are the files the secrets came from, relative to the config's directory.
	SecretsFiles []string
	// Rules are the module rules: the config's, then wrangler's defaults.
	Rules []Rule
	// Build is the custom build step run before bundling.
	Build Build
	// Others are the bindings goflare does not provide, in wrangler's table order.
	Others []OtherBinding
	// Goflare is the config's "goflare" table: goflare's own settings.
	Goflare GoflareSettings
	// Assets is the config's "assets" (static files in front of the worker); nil for none.
	Assets *Assets
	// Site is the config's "site" (Workers Sites); nil for none.
	Site *Site
	// Minify is the config's "minify" (or --minify): the bundle is minified.
	Minify bool
	// TSConfig is the config's "tsconfig" (or --tsconfig), absolute; "" for esbuild's own
	// lookup.
	TSConfig string
	// JSXFactory and JSXFragment are "jsx_factory" and "jsx_fragment" (or --jsx-factory,
	// --jsx-fragment); "" for esbuild's defaults.
	JSXFactory, JSXFragment string
	// Alias is the config's "alias" (or --alias): module specifiers replaced at build.
	Alias map[string]string
	// NoBundle is "no_bundle" (or --no-bundle): define and minify are not applied (goflare
	// still converts the modules for its engine).
	NoBundle bool
}

// Rule maps files (globs relative to the project) to a module type: Text, Data,
// CompiledWasm, ESModule or CommonJS.
type Rule struct {
	Type        string
	Globs       []string
	Fallthrough bool
}

// DefaultRules are the rules wrangler appends to the config's.
var DefaultRules = []Rule{
	{Type: "Text", Globs: []string{"**/*.txt", "**/*.html", "**/*.sql"}},
	{Type: "Data", Globs: []string{"**/*.bin"}},
	{Type: "CompiledWasm", Globs: []string{"**/*.wasm", "**/*.wasm?module"}},
}

// Build is the "build" table: a command run (in Cwd, relative to the config's directory)
// before each bundle; WatchDirs are watched for changes when a command is set.
type Build struct {
	Command   string
	Cwd       string
	WatchDirs []string
}

// Dev is the "dev" table: where `goflare dev` listens unless flags say otherwise.
type Dev struct {
	IP            string
	Port          int
	LocalProtocol string
}

// Limits is the "limits" table: the CPU budget in milliseconds and the subrequests one
// invocation may make.
type Limits struct {
	CPUMs       int
	Subrequests int
}

// Var is one entry of "vars": a string, or any other JSON value delivered parsed.
type Var struct {
	Name  string
	Value any
}

// KVNamespace is one entry of "kv_namespaces".
type KVNamespace struct {
	Binding   string
	ID        string
	PreviewID string
	Remote    bool
}

// DevID returns the namespace id `dev` uses for this binding: preview_id, else id, else
// the binding name (wrangler-reference.md 1.7).
func (ns KVNamespace) DevID() string {
	switch {
	case ns.PreviewID != "":
		return ns.PreviewID
	case ns.ID != "":
		return ns.ID
	}
	return ns.Binding
}

// Severity says whether a Diagnostic stops the command.
type Severity int

// The severities of a Diagnostic.
const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem found in a config file.
type Diagnostic struct {
	Severity Severity
	File     string
	// Line is 1-based; Column is 1-based; 0 means unknown.
	Line, Column int
	// Field is the dotted path of the field concerned ("" for syntax errors).
	Field string
	// Group is "env.NAME" for a problem inside an environment, "" otherwise.
	Group   string
	Message string
	// Source is the text of Line, for a caret display ("" when unknown).
	Source string
}

// Location renders where the diagnostic points: `file`, `file:line` or `file:line:col`.
func (d Diagnostic) Location() string {
	loc := d.File
	if d.Line > 0 {
		loc += fmt.Sprintf(":%d", d.Line)
		if d.Column > 0 {
			loc += fmt.Sprintf(":%d", d.Column)
		}
	}
	return loc
}

// String renders the diagnostic as `file:line:col: message`.
func (d Diagnostic) String() string { return d.Location() + ": " + d.Message }

// Diagnostics is the list of problems a Load found.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Error joins the error diagnostics, so that Diagnostics can be returned as an error.
func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if d.Severity == Error {
			lines = append(lines, d.String())
		}
	}
	return strings.Join(lines, "\n")
}

// ErrNotFound is returned by Find when no config file exists in dir or any parent.
var ErrNotFound = errors.New("no wrangler.json, wrangler.jsonc or wrangler.toml found")

// Find looks for a config file the way wrangler does: a walk up from dir to the root for
// wrangler.json, then another for wrangler.jsonc, then one for wrangler.toml.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for _, name := range FileNames {
		for d := dir; ; {
			p := filepath.Join(d, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return "", ErrNotFound
}

// LoadOptions select what Load resolves.
type LoadOptions struct {
	// Env selects an environment (--env or CLOUDFLARE_ENV); "" is the top level.
	Env string
	// Today is the date used when compatibility_date is missing (YYYY-MM-DD).
	Today string
	// Getenv reads the process environment for the .env rules (nil: nothing is set).
	Getenv func(string) string
	// NoWorker is for commands that run no worker (kv): like wrangler's, they do not
	// warn about a missing compatibility_date.
	NoWorker bool
	// CompatibilityDate, when not "", replaces the config's (--compatibility-date), and
	// a config without one is not warned about.
	CompatibilityDate string
	// EnvFiles are --env-file paths (absolute): the secrets come from them, later files
	// winning, instead of from .dev.vars or the .env family.
	EnvFiles []string
}

// Load reads and validates the config file at path, resolves the environment and loads
// the secrets next to it. It returns the Worker (nil when there are errors) and every
// diagnostic found; warnings do not stop the load. An I/O failure is returned as err.
func Load(path string, opts LoadOptions) (*Worker, Diagnostics, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, nil, err
	}
	w, diags := Parse(path, abs, src, opts)
	if w == nil {
		return nil, diags, nil
	}
	secretDiags, err := loadSecrets(w, opts)
	if err != nil {
		return nil, diags, err
	}
	diags = append(diags, secretDiags...)
	if diags.HasErrors() {
		return nil, diags, nil
	}
	return w, diags, nil
}

// Parse validates config text (named path for messages, at abs on disk) without reading
// any other file. It is Load without the secrets, and what the fuzz tests drive.
func Parse(path, abs string, src []byte, opts LoadOptions) (*Worker, Diagnostics) {
	file := &sourceFile{path: path, text: string(src)}
	var doc *parsed
	var diags Diagnostics
	switch strings.ToLower(filepath.Ext(abs)) {
	case ".toml":
		doc, diags = parseTOML(file)
	case ".json", ".jsonc":
		doc, diags = parseJSONC(file)
	default:
		// wrangler: any other extension is an empty config
		doc = &parsed{root: map[string]any{}, offsets: map[string]int{}, order: map[string][]string{}}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	w := &Worker{Path: abs, Dir: filepath.Dir(abs), Env: opts.Env}
	v := &validator{file: file, doc: doc}
	top := doc.root
	v.warnUnexpected(top, "top-level", "", func(k string) bool {
		return inheritableKeys[k] || notInheritableKeys[k] || topLevelOnlyKeys[k] || k == "node_compat"
	})
	if _, removed := top["node_compat"]; removed {
		v.errorf("node_compat", "Removed: \"node_compat\":\nThe \"node_compat\" field is no longer supported as of Wrangler v4. Instead, use the `nodejs_compat` compatibility flag. This includes the functionality from legacy `node_compat` polyfills and natively implemented Node.js APIs. See https://developers.cloudflare.com/workers/runtime-apis/nodejs for more information.")
	}
	r, ok := v.resolveEnv(top, opts.Env)
	if ok {
		today := opts.Today
		if today == "" {
			today = time.Now().Format("2006-01-02")
		}
		v.worker(r, w, today, opts.NoWorker || opts.CompatibilityDate != "")
		if opts.CompatibilityDate != "" {
			w.CompatibilityDate = opts.CompatibilityDate
		}
	}
	diags = append(diags, v.diags...)
	if diags.HasErrors() {
		return nil, diags
	}
	return w, diags
}

// sourceFile is a config file's text, for turning field names and offsets into lines.
type sourceFile struct {
	path string
	text string
}

// base is the config file's name (wrangler.toml, ...), for messages.
func (f *sourceFile) base() string { return filepath.Base(f.path) }

// lineCol converts a byte offset into a 1-based line and column and that line's text.
func (f *sourceFile) lineCol(offset int) (line, col int, text string) {
	if offset < 0 || offset > len(f.text) {
		return 0, 0, ""
	}
	start := strings.LastIndexByte(f.text[:offset], '\n') + 1
	end := strings.IndexByte(f.text[offset:], '\n')
	if end < 0 {
		end = len(f.text)
	} else {
		end += offset
	}
	line = strings.Count(f.text[:offset], "\n") + 1
	return line, offset - start + 1, strings.TrimRight(f.text[start:end], "\r")
}

// fieldLine finds the line that declares field, for diagnostics about values whose
// position the parser does not report: an array element `a[i]` is the (i+1)th `[[a]]`
// table header, anything else the first line whose key is the field's last name. It
// returns 0 when nothing matches.
func (f *sourceFile) fieldLine(field string) (line int, text string) {
	lines := strings.Split(f.text, "\n")
	if m := arrayElement.FindStringSubmatch(field); m != nil {
		name, want := m[1], 0
		fmt.Sscan(m[2], &want)
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		seen := 0
		for i, l := range lines {
			if strings.TrimSpace(l) == "[["+name+"]]" {
				if seen == want {
					return i + 1, strings.TrimRight(l, "\r")
				}
				seen++
			}
		}
		field = name
	}
	name := field
	if i := strings.LastIndexAny(name, ".]"); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return 0, ""
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, name+" ") || strings.HasPrefix(t, name+"=") ||
			strings.HasPrefix(t, `"`+name+`"`) || t == "["+name+"]" || t == "[["+name+"]]" {
			return i + 1, strings.TrimRight(l, "\r")
		}
	}
	return 0, ""
}

// arrayElement matches a field path ending in an array index: `kv_namespaces[0]`.
var arrayElement = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

// jsonText renders v as wrangler does in its messages (JSON.stringify).
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
