package runtime

import (
	"errors"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/goflare/goflare/runtime/bundle"
)

// Script is a compiled bundle, ready to run in any number of isolates (compile once).
type Script struct {
	program *goja.Program
	// Entry is the entry file relative to the project, for messages.
	Entry string
}

// ScriptName is the name a bundle is compiled under. The source map's paths are relative
// to the project directory, so naming the script as a file in that directory makes
// stacks read `src/index.ts:4:8`.
const ScriptName = "worker.js"

// Compile parses and compiles a bundle with its inline source map. Only an inline map is
// read: nothing is loaded from disk.
func Compile(b *bundle.Result) (*Script, error) {
	code := shiftSourceMap(b.Code)
	parse := func(code string) (*ast.Program, error) {
		return goja.Parse(ScriptName, code, parser.WithSourceMapLoader(func(string) ([]byte, error) {
			return nil, errors.New("external source maps are not read")
		}))
	}
	prog, err := parse(code)
	if err != nil {
		fixed, ok := repairForGoja(code)
		if !ok {
			return nil, err
		}
		if prog, err = parse(fixed); err != nil {
			return nil, err
		}
	}
	prg, err := goja.CompileAST(prog, false)
	if err != nil {
		return nil, err
	}
	return &Script{program: prg, Entry: b.Name}, nil
}
