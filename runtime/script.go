package runtime

import (
	"github.com/dop251/goja"
	"github.com/go-sourcemap/sourcemap"
	"github.com/goflare/goflare/runtime/bundle"
)

// Script is a compiled bundle, ready to run in any number of isolates (compile once).
type Script struct {
	program *goja.Program
	// Entry is the entry file relative to the project, for messages.
	Entry string
	// Node is what nodejs_compat gives the worker (from the build).
	Node bundle.NodeCompat
}

// ScriptName is the name a bundle is compiled under. The source map's paths are relative
// to the project directory, so naming the script as a file in that directory makes
// stacks read `src/index.ts:4:8`.
const ScriptName = "worker.js"

// Compile parses and compiles a bundle with its inline source map. Only an inline map is
// read: nothing is loaded from disk. The bundle is parsed without the map (the parse may
// be repeated to repair it: see parseForGoja), and the map is attached once it parses.
func Compile(b *bundle.Result) (*Script, error) {
	prog, _, err := parseForGoja(b.Code)
	if err != nil {
		return nil, err
	}
	if m := shiftedSourceMap(b.Code); m != nil {
		if sm, err := sourcemap.Parse(ScriptName, m); err == nil {
			prog.File.SetSourceMap(sm)
		}
	}
	prg, err := goja.CompileAST(prog, false)
	if err != nil {
		return nil, err
	}
	return &Script{program: prg, Entry: b.Name, Node: b.Node}, nil
}
