package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadTOMLAndJSONCAgree(t *testing.T) {
	dir := t.TempDir()
	toml := writeFile(t, dir, "a/wrangler.toml", `
name = "hello"
main = "src/index.ts"
compatibility_date = "2026-11-01"

[vars]
Z = "last"
GREETING = "hi"
OBJ = { n = 1 }

[[kv_namespaces]]
binding = "MY_KV"
id = "abc"
preview_id = "prev"

[limits]
cpu_ms = 50
subrequests = 10
`)
	jsonc := writeFile(t, dir, "b/wrangler.jsonc", `{
  // comments and trailing commas are fine
  "name": "hello",
  "main": "src/index.ts",
  "compatibility_date": "2026-11-01",
  "vars": { "Z": "last", "GREETING": "hi", "OBJ": { "n": 1 }, },
  /* block comment */
  "kv_namespaces": [ { "binding": "MY_KV", "id": "abc", "preview_id": "prev" }, ],
  "limits": { "cpu_ms": 50, "subrequests": 10 },
}`)
	var got []*Worker
	for _, p := range []string{toml, jsonc} {
		w, diags, err := Load(p, LoadOptions{Today: "2026-11-26"})
		if err != nil || diags.HasErrors() {
			t.Fatalf("%s: %v %v", p, err, diags)
		}
		if w.Main != filepath.Join(filepath.Dir(p), "src", "index.ts") {
			t.Errorf("%s: main = %s, want it relative to the config file", p, w.Main)
		}
		w.Path, w.Dir, w.Main = "", "", ""
		got = append(got, w)
	}
	want := &Worker{
		Name: "hello", CompatibilityDate: "2026-11-01",
		Vars:         []Var{{"Z", "last"}, {"GREETING", "hi"}, {"OBJ", map[string]any{"n": float64(1)}}},
		KVNamespaces: []KVNamespace{{Binding: "MY_KV", ID: "abc", PreviewID: "prev"}},
		Limits:       Limits{CPUMs: 50, Subrequests: 10},
		Rules:        DefaultRules,
	}
	// TOML integers decode as int64; compare the JSON forms.
	got[0].Vars[2].Value = map[string]any{"n": float64(1)}
	for i, w := range got {
		if !reflect.DeepEqual(w, want) {
			t.Errorf("config %d = %+v\nwant %+v", i, w, want)
		}
	}
	if id := want.KVNamespaces[0].DevID(); id != "prev" {
		t.Errorf("DevID = %q, want preview_id", id)
	}
	if id := (KVNamespace{Binding: "B"}).DevID(); id != "B" {
		t.Errorf("DevID without ids = %q, want the binding name", id)
	}
}

func TestDiagnosticsNameFileLineAndField(t *testing.T) {
	cases := []struct {
		name, file, text string
		want             string // Diagnostic.String()
	}{
		{"toml syntax", "wrangler.toml", "name = \"x\"\nmain = \n", "wrangler.toml:2:"},
		{"jsonc syntax", "wrangler.jsonc", "{\n  \"name\": \"x\"\n  \"main\": \"y\"\n}", "wrangler.jsonc:3:"},
		{"bad name", "wrangler.toml", "main = \"a.js\"\nname = \"Bad_Name\"\n",
			`wrangler.toml:2: Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got "Bad_Name".`},
		{"kv binding missing", "wrangler.jsonc", "{\n \"kv_namespaces\": [\n  {\"id\": \"\"}\n ]\n}",
			`wrangler.jsonc:3:3: "kv_namespaces[0]" bindings should have a string "binding" field but got {"id":""}.`},
		{"duplicate binding", "wrangler.toml", "[vars]\nKV = \"x\"\n[[kv_namespaces]]\nbinding = \"KV\"\n",
			`KV assigned to KV Namespace and Environment Variable bindings.`},
		{"bad cpu_ms", "wrangler.toml", "[limits]\ncpu_ms = \"fast\"\n",
			`wrangler.toml:2: Expected "limits.cpu_ms" to be of type number but got "fast".`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, c.file, c.text)
			w, diags, err := Load(p, LoadOptions{Today: "2026-11-26"})
			if err != nil {
				t.Fatal(err)
			}
			if w != nil || !diags.HasErrors() {
				t.Fatalf("want an error, got worker %+v diags %v", w, diags)
			}
			var first Diagnostic
			for _, d := range diags {
				if d.Severity == Error {
					first = d
					break
				}
			}
			s := strings.ReplaceAll(first.String(), p, c.file)
			if !strings.Contains(s, c.want) {
				t.Errorf("diagnostic %q does not contain %q", s, c.want)
			}
		})
	}
}

func TestFindWalksUpInWranglerOrder(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "wrangler.json", "{}")
	toml := writeFile(t, root, "sub/wrangler.toml", "")
	sub := filepath.Dir(toml)
	got, err := Find(sub)
	if err != nil || got != filepath.Join(root, "wrangler.json") {
		t.Fatalf("Find = %q %v: a wrangler.json in a parent beats a wrangler.toml here", got, err)
	}
	if _, err := Find(t.TempDir()); err != ErrNotFound {
		t.Fatalf("empty dir: %v", err)
	}
}

// TestBuildSettingsAndEnvFiles: the build fields wrangler passes to esbuild are read, a
// non-string alias is an error naming the field, and --env-file's files replace
// .dev.vars (later files winning).
func TestBuildSettingsAndEnvFiles(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "wrangler.toml", `
name = "b"
main = "index.js"
compatibility_date = "2026-11-01"
minify = true
no_bundle = true
tsconfig = "tsconfig.build.json"
jsx_factory = "h"
jsx_fragment = "Fragment"
[alias]
"fake-dep" = "./dep.js"
`)
	writeFile(t, dir, ".dev.vars", "A=dev-vars\nB=dev-vars\n")
	writeFile(t, dir, "one.env", "A=one\nB=one\n")
	writeFile(t, dir, "two.env", "B=two\n")
	w, diags, err := Load(p, LoadOptions{Today: "2026-11-26"})
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	if !w.Minify || !w.NoBundle || w.TSConfig != filepath.Join(dir, "tsconfig.build.json") || w.JSXFactory != "h" || w.JSXFragment != "Fragment" || !reflect.DeepEqual(w.Alias, map[string]string{"fake-dep": "./dep.js"}) {
		t.Errorf("build settings: %+v", w)
	}
	w, _, err = Load(p, LoadOptions{Today: "2026-11-26", EnvFiles: []string{filepath.Join(dir, "one.env"), filepath.Join(dir, "two.env")}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range w.Secrets {
		got[v.Name], _ = v.Value.(string)
	}
	if got["A"] != "one" || got["B"] != "two" || !reflect.DeepEqual(w.SecretsFiles, []string{"one.env", "two.env"}) {
		t.Errorf("--env-file: %v from %v", got, w.SecretsFiles)
	}
	bad := writeFile(t, dir, "bad/wrangler.toml", "name = \"b\"\nmain = \"index.js\"\ncompatibility_date = \"2026-11-01\"\n[alias]\nx = 1\n")
	_, diags, _ = Load(bad, LoadOptions{Today: "2026-11-26"})
	if !diags.HasErrors() || !strings.Contains(fmt.Sprint(diags), `The field "alias.x" should be a string but got 1.`) {
		t.Errorf("bad alias: %v", diags)
	}
}
