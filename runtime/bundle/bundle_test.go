package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildTypeScriptWithRelativeImports(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.ts": "import { helper } from \"./lib.mjs\";\nimport { two } from \"./two\";\ninterface Env { K: string }\nexport default { fetch(r: Request, env: Env) { return helper() + two; } };\n",
		"src/lib.mjs":  "export function helper() { return 1; }\n",
		"src/two.ts":   "export const two: number = 2;\n",
	})
	res, err := Build(Options{Entry: filepath.Join(dir, "src", "index.ts"), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "src", "index.ts"), filepath.Join(dir, "src", "lib.mjs"), filepath.Join(dir, "src", "two.ts")}
	if strings.Join(res.Inputs, ",") != strings.Join(want, ",") {
		t.Errorf("inputs = %v, want %v", res.Inputs, want)
	}
	if res.Name != "src/index.ts" {
		t.Errorf("name = %q", res.Name)
	}
	lines := strings.Split(strings.TrimRight(res.Code, "\n"), "\n")
	if !strings.HasPrefix(lines[len(lines)-1], "//# sourceMappingURL=data:application/json;base64,") {
		t.Errorf("the inline source map must be the last line, got %q", lines[len(lines)-1])
	}
	if !strings.HasPrefix(res.Code, "\"use strict\";\nvar "+GlobalName+" = ") {
		t.Errorf("the bundle must be strict and assign its exports to %s", GlobalName)
	}
	if strings.Contains(res.Code, "interface") || strings.Contains(res.Code, "import ") {
		t.Errorf("types or import statements left in the bundle:\n%s", res.Code)
	}
}

func TestBuildNamesTheInputsItReadEmpty(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.js": "import \"./empty.js\";\nexport default { fetch() { return new Response(\"ok\"); } };\n",
		"src/empty.js": "",
	})
	res, err := Build(Options{Entry: filepath.Join(dir, "src", "index.js"), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "src", "empty.js"); len(res.Empty) != 1 || res.Empty[0] != want {
		t.Errorf("empty = %v, want [%s]", res.Empty, want)
	}
}

func TestBuildErrorIsData(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": "export default {\n  fetch( {\n};\n"})
	_, err := Build(Options{Entry: filepath.Join(dir, "src", "index.ts"), Dir: dir})
	var be *Error
	if !errors.As(err, &be) || len(be.Messages) == 0 {
		t.Fatalf("want *Error, got %v", err)
	}
	m := be.Messages[0]
	if m.File != "src/index.ts" || m.Line != 3 || m.LineText == "" {
		t.Errorf("message = %+v, want src/index.ts line 3 with its text", m)
	}
}

func TestModuleRules(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.js":    "import text from \"./notes.txt\";\nimport data from \"./blob.bin\";\nexport default { text, data };\n",
		"src/notes.txt":   "hello \"text\"\n",
		"src/blob.bin":    "\x00\x01\xff",
		"src/module.wasm": "\x00asm",
	})
	rules := []Rule{{Type: "Text", Globs: []string{"**/*.txt"}}, {Type: "Data", Globs: []string{"**/*.bin"}},
		{Type: "CompiledWasm", Globs: []string{"**/*.wasm"}}}
	res, err := Build(Options{Entry: filepath.Join(dir, "src", "index.js"), Dir: dir, Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Code, `hello \"text\"`) && !strings.Contains(res.Code, `'hello "text"`) || !strings.Contains(res.Code, `atob("AAH/")`) {
		t.Fatalf("rules not applied:\n%s", res.Code)
	}
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte("import m from \"./module.wasm\";\nexport default { m };\n"), 0o644)
	_, err = Build(Options{Entry: filepath.Join(dir, "src", "index.js"), Dir: dir, Rules: rules})
	if err == nil || !strings.Contains(err.Error(), "cannot run WebAssembly") {
		t.Fatalf("wasm: %v", err)
	}
}

func TestDetectFormat(t *testing.T) {
	cases := []struct {
		exports []string
		want    Format
		warns   bool
	}{
		{[]string{"default"}, Modules, false},
		{[]string{"default", "Counter"}, Modules, false},
		{nil, ServiceWorker, false},
		{[]string{"handler"}, ServiceWorker, true},
	}
	for _, c := range cases {
		f, w := DetectFormat("src/index.ts", c.exports)
		if f != c.want || (w != "") != c.warns {
			t.Errorf("DetectFormat(%v) = %v, %q", c.exports, f, w)
		}
	}
}
