package config

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/golden/*.txtar")

// goldenResult is what a case pins: the config file chosen, the resolved Worker, and the
// diagnostics.
type goldenResult struct {
	Config      string          `json:"config"`
	Worker      *goldenWorker   `json:"worker"`
	Diagnostics []goldenMessage `json:"diagnostics"`
}

type goldenWorker struct {
	Name               string            `json:"name"`
	Main               string            `json:"main"`
	CompatibilityDate  string            `json:"compatibility_date"`
	CompatibilityFlags []string          `json:"compatibility_flags,omitempty"`
	Vars               []Var             `json:"vars,omitempty"`
	Secrets            []Var             `json:"secrets,omitempty"`
	SecretsFiles       []string          `json:"secrets_files,omitempty"`
	KVNamespaces       []KVNamespace     `json:"kv_namespaces,omitempty"`
	Define             map[string]string `json:"define,omitempty"`
	Crons              []string          `json:"crons,omitempty"`
	Limits             Limits            `json:"limits"`
	Dev                Dev               `json:"dev"`
	Rules              []Rule            `json:"rules,omitempty"`
	Build              Build             `json:"build"`
}

type goldenMessage struct {
	Severity string `json:"severity"`
	Location string `json:"location"`
	Group    string `json:"group,omitempty"`
	Message  string `json:"message"`
}

// TestGolden runs every testdata/golden/*.txtar case: its files are written to a fresh
// directory, the config is found by the walk-up lookup (from the directory "start" if
// there is one), loaded with the options in "args" (env=NAME, getenv=K=V), and the result
// is compared with the "want" section. `go test -update` rewrites the want sections.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := txtar.Parse(text)
			dir := t.TempDir()
			opts := LoadOptions{Today: "2026-11-26"}
			env := map[string]string{}
			start := dir
			wantAt := -1
			for i, f := range a.Files {
				switch f.Name {
				case "want":
					wantAt = i
				case "args":
					for _, l := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
						k, v, _ := strings.Cut(l, "=")
						switch k {
						case "env":
							opts.Env = v
						case "start":
							start = filepath.Join(dir, v)
						case "getenv":
							name, value, _ := strings.Cut(v, "=")
							env[name] = value
						}
					}
				default:
					p := filepath.Join(dir, filepath.FromSlash(f.Name))
					os.MkdirAll(filepath.Dir(p), 0o755)
					os.WriteFile(p, f.Data, 0o644)
				}
			}
			os.MkdirAll(start, 0o755)
			opts.Getenv = func(k string) string { return env[k] }
			got := goldenResult{Diagnostics: []goldenMessage{}}
			cfg, err := Find(start)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, cfg)
			got.Config = filepath.ToSlash(rel)
			w, diags, err := Load(cfg, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				sev := "error"
				if d.Severity == Warning {
					sev = "warning"
				}
				loc := strings.ReplaceAll(d.Location(), filepath.Dir(cfg)+string(filepath.Separator), "")
				got.Diagnostics = append(got.Diagnostics, goldenMessage{sev, filepath.ToSlash(loc), d.Group, d.Message})
			}
			if w != nil {
				main, _ := filepath.Rel(dir, w.Main)
				if w.Main == "" {
					main = ""
				}
				sort.Strings(w.Crons)
				got.Worker = &goldenWorker{w.Name, filepath.ToSlash(main), w.CompatibilityDate, w.CompatibilityFlags,
					w.Vars, w.Secrets, w.SecretsFiles, w.KVNamespaces, w.Define, w.Crons, w.Limits, w.Dev, nil, w.Build}
				// Only rules beyond wrangler's defaults are worth pinning per case.
				if len(w.Rules) != len(DefaultRules) || w.Rules[0].Type != DefaultRules[0].Type || len(w.Rules[0].Globs) != 3 {
					got.Worker.Rules = w.Rules
				}
			}
			out, _ := json.MarshalIndent(got, "", "  ")
			want := string(out) + "\n"
			if *update {
				if wantAt < 0 {
					a.Files = append(a.Files, txtar.File{Name: "want"})
					wantAt = len(a.Files) - 1
				}
				a.Files[wantAt].Data = []byte(want)
				os.WriteFile(path, txtar.Format(a), 0o644)
				return
			}
			if wantAt < 0 {
				t.Fatal("no want section; run go test -update")
			}
			if string(a.Files[wantAt].Data) != want {
				t.Errorf("got:\n%s\nwant:\n%s", want, a.Files[wantAt].Data)
			}
		})
	}
}
