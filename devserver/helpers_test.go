package devserver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/goflare/goflare/config"
)

// serve runs a real dev server on the project whose wrangler.toml is configPath, with
// its state under a temporary directory, until the test ends. setup, when not nil,
// changes the server before it starts (a test clock, say).
func serve(tb testing.TB, configPath string, opts Options, setup func(*Server)) *Server {
	tb.Helper()
	w, diags, err := config.Load(configPath, config.LoadOptions{})
	if err != nil || diags.HasErrors() {
		tb.Fatal(err, diags)
	}
	opts.Worker = w
	opts.PersistDir = filepath.Join(tb.TempDir(), "state")
	s := New(opts)
	if setup != nil {
		setup(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Start(ctx); err != nil {
		cancel()
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	tb.Cleanup(func() { cancel(); <-done })
	return s
}

// writeProject writes files (name → text) into a new temporary directory and returns
// the path of its wrangler.toml.
func writeProject(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "wrangler.toml")
}
