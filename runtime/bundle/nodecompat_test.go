package bundle

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestNodeCompatForFollowsWranglersDates(t *testing.T) {
	for _, c := range []struct {
		date  string
		flags []string
		want  NodeCompat
	}{
		{"2026-04-01", nil, NodeCompat{}},
		{"2024-09-22", []string{"nodejs_compat"}, NodeCompat{Modules: true}},
		{"2024-09-23", []string{"nodejs_compat"}, NodeCompat{Modules: true, Bare: true}},
		{"2024-09-23", []string{"nodejs_compat", "no_nodejs_compat_v2"}, NodeCompat{Modules: true}},
		{"2024-01-01", []string{"nodejs_compat_v2"}, NodeCompat{Modules: true, Bare: true}},
		{"2025-04-01", []string{"nodejs_compat"}, NodeCompat{Modules: true, Bare: true, PopulateEnv: true}},
		{"2025-04-01", []string{"nodejs_compat", "nodejs_compat_do_not_populate_process_env"}, NodeCompat{Modules: true, Bare: true}},
		{"2024-01-01", []string{"nodejs_compat", "nodejs_compat_populate_process_env"}, NodeCompat{Modules: true, PopulateEnv: true}},
		{"2026-04-01", []string{"nodejs_als"}, NodeCompat{OnlyAsyncHooks: true}},
	} {
		if got := NodeCompatFor(c.date, c.flags); got != c.want {
			t.Errorf("%s %v: got %+v, want %+v", c.date, c.flags, got, c.want)
		}
	}
}

func TestNodeImportsResolveToTheRuntimesModules(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.js": "import { Buffer } from \"node:buffer\";\nimport EventEmitter from \"events\";\nconst cjs = require(\"node:util\");\nexport default { fetch() { return new Response(Buffer.from(\"x\") + EventEmitter.name + cjs); } };\n",
	})
	res, err := Build(Options{Entry: filepath.Join(dir, "src", "index.js"), Dir: dir, Node: NodeCompat{Modules: true, Bare: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range []string{"node:buffer", "node:events", "node:util"} {
		if !strings.Contains(res.Code, BuiltinHook+`("`+spec+`")`) {
			t.Errorf("%s is not taken from the runtime:\n%s", spec, res.Code)
		}
	}
	if len(res.Warnings) > 0 || res.Node != (NodeCompat{Modules: true, Bare: true}) {
		t.Errorf("warnings %v, node %+v", res.Warnings, res.Node)
	}
}

func TestNodeImportsWithoutTheFlagAreWranglersWarningAndError(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.js": "import { Buffer } from \"node:buffer\";\nexport default { fetch() { return new Response(Buffer.from(\"x\")); } };\n",
		"src/bare.js":  "import EventEmitter from \"events\";\nexport default { fetch() { return new Response(EventEmitter.name); } };\n",
	})
	res, err := Build(Options{Entry: filepath.Join(dir, "src", "index.js"), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := "The package \"node:buffer\" wasn't found on the file system but is built into node.\n\n  Your Worker may throw errors at runtime unless you enable the \"nodejs_compat\" compatibility flag. Refer to https://developers.cloudflare.com/workers/runtime-apis/nodejs/ for more details. Imported from:\n - src/index.js"
	if len(res.Warnings) != 1 || !strings.HasSuffix(res.Warnings[0].String(), want) {
		t.Errorf("warnings = %q, want one ending %q", res.Warnings, want)
	}
	_, err = Build(Options{Entry: filepath.Join(dir, "src", "bare.js"), Dir: dir})
	var be *Error
	if !errors.As(err, &be) || !strings.Contains(be.Error(), "Could not resolve \"events\"\n\n  The package \"events\" wasn't found on the file system but is built into node.\n  - Add the \"nodejs_compat\" compatibility flag to your project.") {
		t.Errorf("err = %v", err)
	}
}
