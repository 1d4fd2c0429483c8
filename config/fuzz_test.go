package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedFuzz adds every golden case's config text with the given extension as a seed.
func seedFuzz(f *testing.F, ext string) {
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	for _, c := range cases {
		text, _ := os.ReadFile(c)
		for _, file := range parseArchive(string(text)).files {
			if strings.HasSuffix(file.name, ext) {
				f.Add(file.data, "")
				f.Add(file.data, "staging")
			}
		}
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
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	for _, c := range cases {
		text, _ := os.ReadFile(c)
		for _, file := range parseArchive(string(text)).files {
			if strings.HasPrefix(file.name, ".dev.vars") || strings.HasPrefix(file.name, ".env") {
				f.Add(file.data)
			}
		}
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
