package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want section of testdata/kv/*.txtar")

// TestKVGolden runs each testdata/kv/*.txtar archive: its files are written to an empty
// directory, then each line of its "cmds" file runs as a goflare command line there (on
// the same state, in order), and the stdout, stderr and exit code of every command must
// equal the "want" file. `go test ./cmd/goflare -run KVGolden -update` rewrites "want".
//
// In "cmds", arguments split on spaces with '…' and "…" quoting; `cat FILE` prints a file.
// In "want", random namespace ids read <id-1>, <id-2>… and the directory reads $WORK; a
// stream that does not end with a newline is followed by the line `\ no newline`.
func TestKVGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/kv/*.txtar")
	for i, f := range files {
		files[i], _ = filepath.Abs(f) // each case changes directory
	}
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var cmds, want *txtar.File
			for i := range ar.Files {
				f := &ar.Files[i]
				switch f.Name {
				case "cmds":
					cmds = f
				case "want":
					want = f
				default:
					p := filepath.Join(dir, filepath.FromSlash(f.Name))
					os.MkdirAll(filepath.Dir(p), 0o755)
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if cmds == nil {
				t.Fatal("no cmds file")
			}
			t.Chdir(dir)
			for _, k := range []string{"CLOUDFLARE_ENV", "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"} {
				t.Setenv(k, "") // the machine's own account must not change the output
			}
			got := runScript(t, dir, string(cmds.Data))
			if *update {
				if want == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					want = &ar.Files[len(ar.Files)-1]
				}
				want.Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == nil {
				t.Fatal("no want file (run with -update)")
			}
			if got != string(want.Data) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", file, lineDiff(string(want.Data), got))
			}
		})
	}
}

// runScript runs each command line and renders what it did.
func runScript(t *testing.T, dir, script string) string {
	var b strings.Builder
	ids := newIDNames()
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitArgs(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		fmt.Fprintf(&b, "$ %s\n", line)
		if args[0] == "cat" {
			data, err := os.ReadFile(filepath.Join(dir, args[1]))
			if err != nil {
				t.Fatal(err)
			}
			writeStream(&b, "file", ids.replace(string(data), dir))
			continue
		}
		if args[0] != "goflare" {
			t.Fatalf("%q: commands start with goflare or cat", line)
		}
		var stdout, stderr bytes.Buffer
		code := runStreams(context.Background(), args[1:], streams{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr})
		writeStream(&b, "stdout", ids.replace(stdout.String(), dir))
		writeStream(&b, "stderr", ids.replace(stderr.String(), dir))
		fmt.Fprintf(&b, "[exit %d]\n\n", code)
	}
	return b.String()
}

func writeStream(b *strings.Builder, name, s string) {
	if s == "" {
		return
	}
	fmt.Fprintf(b, "[%s]\n%s", name, s)
	if !strings.HasSuffix(s, "\n") {
		b.WriteString("\n\\ no newline\n")
	}
}

// idNames replaces random 32-hex-digit namespace ids with stable names.
type idNames struct {
	names map[string]string
	re    *regexp.Regexp
}

func newIDNames() *idNames {
	return &idNames{names: map[string]string{}, re: regexp.MustCompile(`\b[0-9a-f]{32}\b`)}
}

func (n *idNames) replace(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$WORK")
	return n.re.ReplaceAllStringFunc(s, func(id string) string {
		if name, ok := n.names[id]; ok {
			return name
		}
		name := fmt.Sprintf("<id-%d>", len(n.names)+1)
		n.names[id] = name
		return name
	})
}

// splitArgs splits a command line on spaces, with '…' and "…" quoting (\" and \\
// escapes inside double quotes).
func splitArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case c == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated '")
			}
			cur.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inArg = true
		case c == '"':
			i++
			for ; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\') {
					i++
				}
				cur.WriteByte(line[i])
			}
			if i >= len(line) {
				return nil, fmt.Errorf("unterminated \"")
			}
			inArg = true
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// lineDiff shows the first differing lines of two texts.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(same lines)"
}
