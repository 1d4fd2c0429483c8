package config

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// goldenFiles returns the text of every file of the golden cases whose name matches.
func goldenFiles(match func(name string) bool) []string {
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	var out []string
	for _, c := range cases {
		a, _ := txtar.ParseFile(c)
		for _, file := range a.Files {
			if match(file.Name) {
				out = append(out, string(file.Data))
			}
		}
	}
	return out
}

// seedFuzz adds every golden case's config text with the given extension as a seed.
func seedFuzz(f *testing.F, ext string) {
	for _, text := range goldenFiles(func(name string) bool { return strings.HasSuffix(name, ext) }) {
		f.Add(text, "")
		f.Add(text, "staging")
	}
}

// checkParse is the resolver's contract: no panic, and a config that is refused says
// why with at least one error diagnostic naming the file.
func checkParse(t *testing.T, name, text, env string) {
	w, diags := Parse(name, "/project/"+name, []byte(text), LoadOptions{Env: env, Today: "2026-11-26"})
	if w == nil && !diags.HasErrors() {
		t.Fatalf("refused without an error diagnostic: %v", diags)
	}
	if w != nil && diags.HasErrors() {
		t.Fatalf("accepted despite errors: %v", diags)
	}
	for _, d := range diags {
		if d.File != name || d.Message == "" {
			t.Fatalf("diagnostic without file or message: %+v", d)
		}
	}
}

func FuzzParseTOML(f *testing.F) {
	seedFuzz(f, ".toml")
	f.Fuzz(func(t *testing.T, text, env string) { checkParse(t, "wrangler.toml", text, env) })
}

func FuzzParseJSONC(f *testing.F) {
	seedFuzz(f, ".jsonc")
	seedFuzz(f, ".json")
	f.Fuzz(func(t *testing.T, text, env string) { checkParse(t, "wrangler.jsonc", text, env) })
}

func FuzzDotenv(f *testing.F) {
	for _, text := range goldenFiles(func(name string) bool {
		return strings.HasPrefix(name, ".dev.vars") || strings.HasPrefix(name, ".env")
	}) {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, v := range parseDotenv(text) {
			if v.Name == "" {
				t.Fatalf("a secret without a name from %q", text)
			}
		}
		expand(text, func(string) string { return "x" })
	})
}
