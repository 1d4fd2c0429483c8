package devserver

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/runtime/bundle"
)

// PrintDiagnostics renders config problems as wrangler does (reference 1.3): one block
// for the warnings and one for the errors, each headed "Processing <file>
// configuration:", messages as "- …" with environment problems nested under their
// environment; then, beyond wrangler, each located problem's line with a caret.
func PrintDiagnostics(stderr io.Writer, cwd string, diags config.Diagnostics) {
	for _, sev := range []config.Severity{config.Warning, config.Error} {
		var these []config.Diagnostic
		for _, d := range diags {
			if d.Severity == sev {
				these = append(these, d)
			}
		}
		if len(these) == 0 {
			continue
		}
		label := "▲ [WARNING]"
		if sev == config.Error {
			label = "✘ [ERROR]"
		}
		file := these[0].File
		if rel, err := filepath.Rel(cwd, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s Processing %s configuration:\n\n", label, file)
		group := ""
		for _, d := range these {
			indent := "    "
			if d.Group != "" {
				if d.Group != group {
					fmt.Fprintf(&b, "    - %q environment configuration\n", d.Group)
					group = d.Group
				}
				indent = "      "
			}
			lines := strings.Split(strings.TrimRight(d.Message, "\n"), "\n")
			fmt.Fprintf(&b, "%s- %s\n", indent, lines[0])
			for _, l := range lines[1:] {
				if l == "" {
					b.WriteString("\n")
					continue
				}
				fmt.Fprintf(&b, "%s  %s\n", indent, l)
			}
			if d.Line > 0 && d.Source != "" {
				fmt.Fprintf(&b, "%s  at %s:\n", indent, d.Location())
				fmt.Fprintf(&b, "%s    %d │ %s\n", indent, d.Line, d.Source)
				if d.Column > 0 {
					fmt.Fprintf(&b, "%s    %s ╵ %s^\n", indent, strings.Repeat(" ", len(fmt.Sprint(d.Line))), strings.Repeat(" ", d.Column-1))
				}
			}
		}
		fmt.Fprintln(stderr, b.String())
	}
}

// printBuildError renders a failed build as esbuild does: each message with its file,
// line and a caret.
func printBuildError(stderr io.Writer, err error) {
	var be *bundle.Error
	if !errors.As(err, &be) {
		fmt.Fprintf(stderr, "✘ [ERROR] %s\n\n", err)
		return
	}
	for _, m := range be.Messages {
		fmt.Fprintf(stderr, "✘ [ERROR] %s\n\n", m.Text)
		if m.File != "" {
			fmt.Fprintf(stderr, "    %s:%d:%d:\n", m.File, m.Line, m.Column+1)
			if m.LineText != "" {
				fmt.Fprintf(stderr, "      %d │ %s\n", m.Line, m.LineText)
				fmt.Fprintf(stderr, "        %s╵ %s^\n", strings.Repeat(" ", len(fmt.Sprint(m.Line))), strings.Repeat(" ", m.Column))
			}
			fmt.Fprintln(stderr)
		}
	}
}
