package devserver

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/bindings"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/bundle"
	"github.com/goflare/goflare/runtime/webapi"
)

// goflare's vitest pool (e2e/vitest/pool) runs each test file inside an isolate of the
// project, as @cloudflare/vitest-pool-workers runs it inside workerd:
//
//	POST /__goflare/vitest/run   body {"file", "files", "config", "rpcURL", "isolatedStorage"}
//
// bundles the run's test files ("files", the batch vitest hands the pool; "file" alone
// when absent) with vitest's own runner (runner.js), "cloudflare:test"
// (cloudflare-test.js) and the project's settings, once for the batch, each file behind
// a dynamic import; runs "file" in a new isolate of that bundle with the project's
// bindings (and SELF, the project's worker, answered in the process), and answers when
// the file has run; the runner reports to the pool's RPC server as it goes. The bundle
// is kept while none of its inputs changes (watch mode's re-runs).

//go:embed vitestjs/runner.js
var vitestRunner string

//go:embed vitestjs/cloudflare-test.js
var cloudflareTest string

// serveVitestRun runs one test file.
func (s *Server) serveVitestRun(w http.ResponseWriter, r *http.Request) int {
	body, err := io.ReadAll(r.Body)
	var req struct {
		File  string   `json:"file"`
		Files []string `json:"files"`
	}
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil || !filepath.IsAbs(req.File) {
		http.Error(w, "expected a JSON body with an absolute \"file\"", http.StatusBadRequest)
		return http.StatusBadRequest
	}
	if !slices.Contains(req.Files, req.File) {
		req.Files = append(req.Files, req.File)
	}
	res, err := s.runTestFile(r.Context(), req.Files, body)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": map[string]string{"name": "Error", "message": describe(err)}})
		return http.StatusInternalServerError
	}
	putHeader(w.Header(), res.Header)
	w.WriteHeader(res.Status)
	if res.Stream != nil {
		io.Copy(w, res.Stream)
		res.Stream.Close()
	} else {
		w.Write(res.Body)
	}
	return res.Status
}

// testBundle is a batch's compiled bundle and what it was built from.
type testBundle struct {
	worker *config.Worker
	script *runtime.Script
	inputs map[string]fileStamp
}

// testScript is the batch's bundle: the kept one while the config and every input are as
// they were, else a new one.
func (s *Server) testScript(w *config.Worker, files []string) (*runtime.Script, error) {
	files = slices.Clone(files)
	slices.Sort(files)
	key := strings.Join(files, "\n")
	s.testMu.Lock()
	kept := s.testBundles[key]
	s.testMu.Unlock()
	if kept != nil && kept.worker == w && maps.Equal(statFiles(slices.Collect(maps.Keys(kept.inputs))), kept.inputs) {
		return kept.script, nil
	}
	opts := bundleOptions(w)
	opts.Entry = filepath.Join(w.Dir, "goflare-vitest-entry.js")
	var src strings.Builder
	src.WriteString("import { runTestFile } from \"goflare:vitest-runner\";\nconst files = {\n")
	for _, f := range files {
		quoted, _ := json.Marshal(f)
		fmt.Fprintf(&src, "  %s: () => import(%s),\n", quoted, quoted)
	}
	src.WriteString("};\nexport default { fetch(request, env, ctx) { return runTestFile(request, env, ctx, (file) => files[file]()); } };\n")
	opts.Source = src.String()
	opts.Virtual = map[string]string{"goflare:vitest-runner": vitestRunner, "cloudflare:test": cloudflareTest}
	// vitest's modules import Node's: the test isolate has nodejs_compat, as
	// vitest-pool-workers gives its test workers.
	opts.Node = bundle.NodeCompatFor(w.CompatibilityDate, append(append([]string(nil), w.CompatibilityFlags...), "nodejs_compat"))
	b, err := bundle.Build(opts)
	if err != nil {
		return nil, err
	}
	script, err := runtime.Compile(b)
	if err != nil {
		return nil, err
	}
	s.testMu.Lock()
	if s.testBundles == nil {
		s.testBundles = map[string]*testBundle{}
	}
	s.testBundles[key] = &testBundle{worker: w, script: script, inputs: statFiles(b.Inputs)}
	s.testMu.Unlock()
	return script, nil
}

// runTestFile runs the file body names in a fresh isolate of the bundle of its batch, files.
func (s *Server) runTestFile(ctx context.Context, files []string, body []byte) (*runtime.Response, error) {
	w := s.currentWorker()
	script, err := s.testScript(w, files)
	if err != nil {
		return nil, err
	}
	binds := append(s.bindings(w),
		bindings.NewFetcher("__GOFLARE_SELF", func() http.Handler { return s }),
		&storageBinding{s: s})
	iso, err := runtime.NewIsolate(runtime.Options{
		Startup:         ctx,
		Script:          script,
		Bindings:        binds,
		Stdout:          s.log,
		Stderr:          s.errLog,
		LogLevel:        s.opts.LogLevel,
		KVOpLimit:       s.opts.KVOpLimit,
		SubrequestLimit: w.Limits.Subrequests,
		CPULimit:        cpuLimit(w),
		// The runner's timers (test timeouts) keep real time: goflare.clock.advance moves
		// KV's clock and the served worker's, not the test's.
		Now:    nil,
		Caches: cacheStore{s.store},
		Compat: webapi.CompatFor(w.CompatibilityDate, w.CompatibilityFlags),
	})
	if err != nil {
		return nil, err
	}
	defer iso.Close()
	req := &webapi.Request{Method: http.MethodPost, URL: "http://goflare.test/", Headers: webapi.HeadersFromHTTP(http.Header{"Content-Type": {"application/json"}})}
	req.Body.Reader = io.NopCloser(bytes.NewReader(body))
	res, err := iso.Fetch(context.WithoutCancel(ctx), req)
	if err != nil {
		return nil, err
	}
	if res.Stream != nil {
		data, err := io.ReadAll(res.Stream)
		res.Stream.Close()
		if err != nil {
			return nil, err
		}
		res.Body, res.Stream = data, nil
	}
	return res, nil
}

// storageBinding is the test runner's isolated storage: checkpoint saves every KV
// namespace's entries, restore puts them back as they were (vitest-pool-workers'
// isolatedStorage, done by copying: test data is small).
type storageBinding struct {
	s     *Server
	mu    sync.Mutex
	saved []map[string][]kvstore.Entry
}

func (b *storageBinding) Name() string { return "__GOFLARE_STORAGE" }

func (b *storageBinding) Value(iso *runtime.Isolate) (goja.Value, error) {
	vm := iso.VM()
	obj := vm.NewObject()
	obj.Set("checkpoint", func(goja.FunctionCall) goja.Value {
		if err := b.checkpoint(); err != nil {
			panic(vm.NewGoError(err))
		}
		return goja.Undefined()
	})
	obj.Set("restore", func(goja.FunctionCall) goja.Value {
		if err := b.restore(); err != nil {
			panic(vm.NewGoError(err))
		}
		return goja.Undefined()
	})
	return obj, nil
}

func (b *storageBinding) checkpoint() error {
	ctx := context.Background()
	nss, err := b.s.store.ListNamespaces(ctx)
	if err != nil {
		return err
	}
	snap := map[string][]kvstore.Entry{}
	for _, ns := range nss {
		var entries []kvstore.Entry
		if err := b.s.store.Export(ctx, ns.ID, "", func(e kvstore.Entry) error {
			entries = append(entries, e)
			return nil
		}); err != nil {
			return err
		}
		snap[ns.ID] = entries
	}
	b.mu.Lock()
	b.saved = append(b.saved, snap)
	b.mu.Unlock()
	return nil
}

func (b *storageBinding) restore() error {
	b.mu.Lock()
	if len(b.saved) == 0 {
		b.mu.Unlock()
		return nil
	}
	snap := b.saved[len(b.saved)-1]
	b.saved = b.saved[:len(b.saved)-1]
	b.mu.Unlock()
	ctx := context.Background()
	nss, err := b.s.store.ListNamespaces(ctx)
	if err != nil {
		return err
	}
	now := b.s.now().Unix()
	for _, ns := range nss {
		if err := b.s.store.Clear(ctx, ns.ID); err != nil {
			return err
		}
		var batch []kvstore.PutEntry
		for _, e := range snap[ns.ID] {
			if e.Expiration != 0 && e.Expiration < now+60 {
				continue // about to expire: the store refuses so near an expiry
			}
			pe := kvstore.PutEntry{Key: e.Key, Value: bytes.NewReader(e.Value), PutOptions: kvstore.PutOptions{Metadata: e.Metadata}}
			if e.Expiration != 0 {
				exp := e.Expiration
				pe.Expiration = &exp
			}
			batch = append(batch, pe)
			if len(batch) == kvstore.MaxBulkWrite {
				if err := b.s.store.PutMany(ctx, ns.ID, batch); err != nil {
					return fmt.Errorf("restoring %s: %w", ns.ID, err)
				}
				batch = nil
			}
		}
		if len(batch) > 0 {
			if err := b.s.store.PutMany(ctx, ns.ID, batch); err != nil {
				return fmt.Errorf("restoring %s: %w", ns.ID, err)
			}
		}
	}
	return nil
}
