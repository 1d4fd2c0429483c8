package kv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
)

// TestBehaviour runs each testdata/*.js worker against a real SQLite store; a worker
// answers "ok" when every check it makes passed (they share runtime/testdata/assert.js).
func TestBehaviour(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.js")
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".js"), func(t *testing.T) {
			iso := startWorker(t, f)
			for run := 0; run < 2; run++ { // twice: state and counters are per invocation
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				res, err := iso.Fetch(ctx, &webapi.Request{Method: "GET", URL: "http://localhost/", Headers: webapi.NewHeaders()})
				cancel()
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				if string(res.Body) != "ok" {
					t.Fatalf("run %d: %s", run, res.Body)
				}
			}
		})
	}
}

func startWorker(t *testing.T, entry string) *runtime.Isolate {
	t.Helper()
	abs, _ := filepath.Abs(entry)
	b, err := bundle.Build(bundle.Options{Entry: abs, Dir: filepath.Dir(abs)})
	if err != nil {
		t.Fatal(err)
	}
	script, err := runtime.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	store := kvstore.New(filepath.Join(t.TempDir(), "kv.sqlite"), kvstore.Options{})
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	iso, err := runtime.NewIsolate(runtime.Options{
		Script:    script,
		Bindings:  []runtime.Binding{New("KV", "test-ns", store)},
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		KVOpLimit: runtime.DefaultKVOpLimit,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		iso.Close()
		store.Close()
	})
	return iso
}
