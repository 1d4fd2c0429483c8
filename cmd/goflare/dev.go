package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/devserver"
	"github.com/spf13/cobra"
)

// devFlags are the flags of `goflare dev`.
type devFlags struct {
	config    string
	ip        string
	port      int
	persistTo string
	kvOpLimit int
	testSched bool
}

func newDevCommand(stdout, stderr io.Writer) *cobra.Command {
	var f devFlags
	cmd := &cobra.Command{
		Use:   "dev [script]",
		Short: "Serve a worker locally, with its KV state persisted between runs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDev(cmd, f, args, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.config, "config", "c", "", "path to wrangler.toml, wrangler.json or wrangler.jsonc (default: looked up from the current directory)")
	fl.StringVar(&f.ip, "ip", "127.0.0.1", "IP address to listen on")
	fl.IntVar(&f.port, "port", 8787, "port to listen on (0 picks a free port)")
	fl.StringVar(&f.persistTo, "persist-to", "", "directory for local state (default: .wrangler/state next to the config)")
	fl.IntVar(&f.kvOpLimit, "kv-op-limit", 1000, "KV operations allowed per invocation (0 turns the limit off)")
	fl.BoolVar(&f.testSched, "test-scheduled", false, "serve /__scheduled?cron= to fire the scheduled handler")
	return cmd
}

func runDev(cmd *cobra.Command, f devFlags, args []string, stdout, stderr io.Writer) error {
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	w, err := loadWorker(f.config, args, cwd, stderr)
	if err != nil {
		return err
	}
	persist := ""
	if f.persistTo != "" {
		persist = f.persistTo
		if !filepath.IsAbs(persist) {
			persist = filepath.Join(cwd, persist)
		}
	}
	srv := devserver.New(devserver.Options{
		Worker:        w,
		IP:            f.ip,
		Port:          f.port,
		PersistDir:    persist,
		KVOpLimit:     f.kvOpLimit,
		TestScheduled: f.testSched,
		Stdout:        stdout,
		Stderr:        stderr,
	})
	if err := srv.Start(cmd.Context()); err != nil {
		return err
	}
	return srv.Run(cmd.Context())
}

// loadWorker finds and reads the config (--config, else the walk-up lookup from the
// script's directory or cwd), prints its diagnostics, and applies a script argument.
func loadWorker(configPath string, args []string, cwd string, stderr io.Writer) (*config.Worker, error) {
	script := ""
	if len(args) == 1 {
		script = args[0]
		if !filepath.IsAbs(script) {
			script = filepath.Join(cwd, script)
		}
	}
	if configPath == "" {
		start := cwd
		if script != "" {
			start = filepath.Dir(script)
		}
		found, err := config.Find(start)
		switch {
		case err == nil:
			configPath = found
		case err == config.ErrNotFound && script != "":
			// A script without a config: serve it with no bindings.
			return &config.Worker{Path: filepath.Join(cwd, "wrangler.toml"), Dir: cwd, Main: script}, nil
		default:
			return nil, fmt.Errorf("%v in %s or any parent directory; pass --config or a script path", err, start)
		}
	}
	w, diags, err := config.Load(configPath)
	if err != nil {
		return nil, err
	}
	printDiagnostics(stderr, diags)
	if diags.HasErrors() {
		return nil, &exitError{code: 1}
	}
	if script != "" {
		w.Main = script
	}
	return w, nil
}

// printDiagnostics renders config problems in wrangler's style, each with its location
// and, when known, the offending line with a caret.
func printDiagnostics(stderr io.Writer, diags config.Diagnostics) {
	for _, d := range diags {
		label := "✘ [ERROR]"
		if d.Severity == config.Warning {
			label = "▲ [WARNING]"
		}
		fmt.Fprintf(stderr, "%s %s\n", label, strings.ReplaceAll(d.Message, "\n", "\n  "))
		fmt.Fprintf(stderr, "\n    %s\n", d.Location())
		if d.Line > 0 && d.Source != "" {
			fmt.Fprintf(stderr, "      %d │ %s\n", d.Line, d.Source)
			if d.Column > 0 {
				fmt.Fprintf(stderr, "      %s ╵ %s^\n", strings.Repeat(" ", len(fmt.Sprint(d.Line))), strings.Repeat(" ", d.Column-1))
			}
		}
		fmt.Fprintln(stderr)
	}
}
