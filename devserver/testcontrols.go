package devserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/kvstore"
)

// The test controls (goflare dev --test-controls): routes under /__goflare/ with which a
// test resets the KV state, seeds and reads entries, and moves the clock, instead of
// going through the worker or waiting. Without the flag these paths reach the worker.
//
//	POST   /__goflare/reset                  every KV entry and namespace removed
//	PUT    /__goflare/kv/BINDING             body: a JSON array of entries, written all or nothing
//	GET    /__goflare/kv/BINDING?key=K       one entry, or 404
//	GET    /__goflare/kv/BINDING?prefix=P    the keys, as `goflare kv key list` prints them
//	DELETE /__goflare/kv/BINDING             every entry of the binding's namespace removed
//	GET    /__goflare/kv-usage               today's KV operations and the simulated quota
//	GET    /__goflare/clock                  {"now": ms since the epoch}
//	POST   /__goflare/clock/advance          body {"ms": N}: the clock jumps N ms ahead
//
// An entry is what `goflare kv export` writes and `kv bulk put` reads: {"key", "value",
// "base64"?, "expiration"?, "expiration_ttl"? (writes only), "metadata"?}.

// ControlPrefix starts every test-control path.
const ControlPrefix = "/__goflare/"

// testClock is the clock with test controls: real time plus an offset a test moves.
type testClock struct{ offset atomic.Int64 }

// now is the shifted time.
func (c *testClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// serveControls answers the test-control routes; handled is false for other paths or
// when the controls are off.
func (s *Server) serveControls(w http.ResponseWriter, r *http.Request) (status int, handled bool) {
	if !s.opts.TestControls || !strings.HasPrefix(r.URL.Path, ControlPrefix) {
		return 0, false
	}
	route := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	ctx := r.Context()
	switch {
	case route == "kv-usage" && r.Method == http.MethodGet:
		out := map[string]any{"quota": nil}
		if s.kvSim != nil {
			out["usage"] = s.kvSim.CurrentUsage()
			if s.kvSim.Quota != nil {
				out["quota"] = s.kvSim.Quota
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
		return http.StatusOK, true
	case route == "vitest/run" && r.Method == http.MethodPost:
		return s.serveVitestRun(w, r), true
	case route == "reset" && r.Method == http.MethodPost:
		if err := s.store.ClearAll(ctx); err != nil {
			return controlError(w, http.StatusInternalServerError, err), true
		}
		if err := s.ensureNamespaces(ctx, s.currentWorker()); err != nil {
			return controlError(w, http.StatusInternalServerError, err), true
		}
		return controlJSON(w, http.StatusOK, map[string]bool{"ok": true}), true
	case route == "clock" && r.Method == http.MethodGet:
		return controlJSON(w, http.StatusOK, map[string]int64{"now": s.clock.now().UnixMilli()}), true
	case route == "clock/advance" && r.Method == http.MethodPost:
		var body struct {
			MS *float64 `json:"ms"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.MS == nil || *body.MS < 0 {
			return controlError(w, http.StatusBadRequest, errors.New(`the body must be {"ms": N} with N ≥ 0`)), true
		}
		s.clock.offset.Add(int64(*body.MS * float64(time.Millisecond)))
		return controlJSON(w, http.StatusOK, map[string]int64{"now": s.clock.now().UnixMilli()}), true
	case route == "bindings" && r.Method == http.MethodGet:
		// What getPlatformProxy (e2e/vitest/goflare.js) makes env of: each KV binding's
		// namespace (served by the REST API at APIPrefix), each var's and secret's value.
		w2 := s.currentWorker()
		kvs := map[string]string{}
		for _, ns := range w2.KVNamespaces {
			if !s.remote(ns) {
				kvs[ns.Binding] = ns.DevID()
			}
		}
		vars := map[string]any{}
		for _, p := range s.plainBindings(w2) {
			vars[p.name] = p.value
		}
		return controlJSON(w, http.StatusOK, map[string]any{"kv": kvs, "vars": vars, "api": APIPrefix}), true
	case strings.HasPrefix(route, "kv/"):
		binding := strings.TrimPrefix(route, "kv/")
		ns, err := s.namespaceOf(binding)
		if err != nil {
			return controlError(w, http.StatusNotFound, err), true
		}
		return s.serveKVControl(w, r, ns), true
	}
	return controlError(w, http.StatusNotFound, fmt.Errorf("no test control %s %s", r.Method, r.URL.Path)), true
}

// currentWorker is the config in force (it changes on reload).
func (s *Server) currentWorker() *config.Worker {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	return s.worker
}

// namespaceOf returns the namespace id a KV binding of the worker uses in dev.
func (s *Server) namespaceOf(binding string) (string, error) {
	var names []string
	for _, ns := range s.currentWorker().KVNamespaces {
		if ns.Binding == binding {
			return ns.DevID(), nil
		}
		names = append(names, ns.Binding)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "", fmt.Errorf("the worker has no KV binding named %q (it has none)", binding)
	}
	return "", fmt.Errorf("the worker has no KV binding named %q (it has %s)", binding, strings.Join(names, ", "))
}

func (s *Server) serveKVControl(w http.ResponseWriter, r *http.Request, ns string) int {
	ctx := r.Context()
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet:
		if q.Has("key") {
			v, err := s.store.Get(ctx, ns, q.Get("key"))
			if err != nil {
				return controlError(w, http.StatusBadRequest, err)
			}
			if v == nil {
				return controlJSON(w, http.StatusNotFound, nil)
			}
			b, err := v.Bytes()
			if err != nil {
				return controlError(w, http.StatusInternalServerError, err)
			}
			return controlJSON(w, http.StatusOK, kvstore.BulkEntryOf(kvstore.Entry{Key: q.Get("key"), Value: b, Metadata: v.Metadata, Expiration: v.Expiration}))
		}
		type listKey struct {
			Name       string          `json:"name"`
			Expiration int64           `json:"expiration,omitempty"`
			Metadata   json.RawMessage `json:"metadata,omitempty"`
		}
		keys := []listKey{}
		cursor := ""
		for {
			res, err := s.store.List(ctx, ns, kvstore.ListOptions{Prefix: q.Get("prefix"), Cursor: cursor})
			if err != nil {
				return controlError(w, http.StatusBadRequest, err)
			}
			for _, k := range res.Keys {
				lk := listKey{Name: k.Name, Expiration: k.Expiration}
				if k.Metadata != "" {
					lk.Metadata = json.RawMessage(k.Metadata)
				}
				keys = append(keys, lk)
			}
			if res.Complete {
				return controlJSON(w, http.StatusOK, keys)
			}
			cursor = res.Cursor
		}
	case http.MethodPut:
		var entries []kvstore.BulkEntry
		if err := json.NewDecoder(r.Body).Decode(&entries); err != nil {
			return controlError(w, http.StatusBadRequest, fmt.Errorf("the body must be a JSON array of entries: %v", err))
		}
		puts := make([]kvstore.PutEntry, len(entries))
		for i, e := range entries {
			p, err := e.Put()
			if err != nil {
				return controlError(w, http.StatusBadRequest, fmt.Errorf("entry %d (key %q): %v", i, e.Key, err))
			}
			puts[i] = p
		}
		if err := s.store.PutBulk(ctx, ns, puts, nil); err != nil {
			return controlError(w, http.StatusBadRequest, err)
		}
		return controlJSON(w, http.StatusOK, map[string]int{"written": len(puts)})
	case http.MethodDelete:
		if err := s.store.Clear(ctx, ns); err != nil {
			return controlError(w, http.StatusInternalServerError, err)
		}
		return controlJSON(w, http.StatusOK, map[string]bool{"ok": true})
	}
	return controlError(w, http.StatusMethodNotAllowed, fmt.Errorf("%s is not a KV test control (GET, PUT or DELETE)", r.Method))
}

func controlJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
	return status
}

// controlError answers {"error": message}; a refusal of the KV rules keeps its status
// and Cloudflare's text.
func controlError(w http.ResponseWriter, status int, err error) int {
	msg := err.Error()
	if e, ok := kvstore.AsError(err); ok {
		status, msg = e.Status, e.Message
		var ee *kvstore.EntryError
		if errors.As(err, &ee) {
			msg = fmt.Sprintf("entry %d (key %q): %s", ee.Index, ee.Key, e.Message)
		}
	}
	return controlJSON(w, status, map[string]string{"error": msg})
}
