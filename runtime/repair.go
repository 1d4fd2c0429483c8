package runtime

import (
	"errors"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/goflare/goflare/runtime/bundle"
)

// goja's parser rejects two things real bundles contain (checked against goja
// v0.0.0-20260917113740); repairForGoja rewrites exactly the places it rejected, found
// from its own error positions, so nothing else in the bundle changes and a bundle
// without them is parsed once, as before. Each rewrite keeps the length of the line up
// to the next token, so every later position on the line, and so the source map, stays
// exact.
//
//   - A class element that starts with get, set or async is taken for an accessor or an
//     async method unless `;` or `(` follows, so fields with those names and an
//     initializer (`set = (k, v) => {}`, hono's Context) or at the end of a class body are
//     SyntaxErrors. A quoted key names the same field (`"set" = …`); the quotes take the
//     place of two characters of the line's indentation when there are any (esbuild
//     indents class bodies).
//   - `import(specifier)`, which esbuild leaves when it cannot resolve the specifier at
//     build time (hono's `import(cfWorkers)`), is not parsed: `import` becomes
//     bundle.DynamicImportHook, a function of the same length.
//
// maxRepairs bounds the repairs of one bundle: each costs a parse.
const maxRepairs = 1000

// parseForGoja parses code (without its source map: see Compile), rewriting every place
// goja cannot parse. It stops at the first syntax error that is not one of those and
// returns the error of the code as given, so the user sees their own code's error.
func parseForGoja(code string) (*ast.Program, string, error) {
	fixed := code
	var first error
	for range maxRepairs {
		prog, err := parser.ParseFile(nil, ScriptName, fixed, 0, parser.WithDisableSourceMaps)
		if err == nil {
			return prog, fixed, nil
		}
		if first == nil {
			first = err
		}
		var list parser.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			return nil, code, first
		}
		next, ok := quoteKeyBefore(fixed, list[0])
		if !ok {
			next, ok = hookDynamicImport(fixed, list[0])
		}
		if !ok {
			return nil, code, first
		}
		fixed = next
	}
	return nil, code, first
}

// repairForGoja is parseForGoja's rewriting alone: code with every place goja cannot
// parse rewritten, and whether it changed anything (false, code unchanged, when it gave
// up).
func repairForGoja(code string) (string, bool) {
	_, fixed, err := parseForGoja(code)
	return fixed, err == nil && fixed != code
}

// quoteKeyBefore repairs the one error e if it is goja's misreading of a keyword-named
// field: its position is the token after `=` or `}`, which follows get, set or async.
func quoteKeyBefore(code string, e *parser.Error) (string, bool) {
	var want byte
	switch e.Message {
	case "Unexpected token =":
		want = '='
	case "Unexpected token }":
		want = '}'
	default:
		return "", false
	}
	off, ok := offsetOf(code, e.Position.Line, e.Position.Column)
	if !ok {
		return "", false
	}
	i := skipSpaceBack(code, off)
	if i < 0 || code[i] != want {
		return "", false
	}
	end := skipSpaceBack(code, i) + 1 // just past the key
	var key string
	for _, k := range [...]string{"get", "set", "async"} {
		if strings.HasSuffix(code[:end], k) {
			key = k
		}
	}
	start := end - len(key)
	if key == "" || (start > 0 && isIdentByte(code[start-1])) {
		return "", false
	}
	if start >= 2 && isBlank(code[start-1]) && isBlank(code[start-2]) {
		return code[:start-2] + `"` + key + `"` + code[end:], true
	}
	return code[:start] + `"` + key + `"` + code[end:], true
}

// hookDynamicImport repairs the one error e if it is at the `import` of an `import(`.
func hookDynamicImport(code string, e *parser.Error) (string, bool) {
	if e.Message != "Unexpected reserved word" {
		return "", false
	}
	off, ok := offsetOf(code, e.Position.Line, e.Position.Column)
	if !ok || !strings.HasPrefix(code[off:], "import") {
		return "", false
	}
	rest := strings.TrimLeft(code[off+len("import"):], " \t\r\n")
	if !strings.HasPrefix(rest, "(") {
		return "", false
	}
	return code[:off] + bundle.DynamicImportHook + code[off+len("import"):], true
}

// offsetOf is the byte offset of a 1-based line and column, as goja's parser counts them
// without a source map.
func offsetOf(code string, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		nl := strings.IndexByte(code[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		off += nl + 1
	}
	off += col - 1
	return off, off >= 0 && off <= len(code)
}

// skipSpaceBack returns the index of the last non-space byte before i, or -1.
func skipSpaceBack(code string, i int) int {
	for i--; i >= 0 && (isBlank(code[i]) || code[i] == '\n' || code[i] == '\r'); i-- {
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// isIdentByte reports whether c can be part of an identifier (or a member access or
// private name, which is not a class key either).
func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c == '.' || c == '#' || c >= 0x80 ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
