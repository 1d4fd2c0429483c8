package devserver

import (
	"embed"
	"encoding/json"
	"net/http"
	"strings"
)

// ExplorerPath is where goflare dev serves its KV explorer: a page built on the local
// REST API only (APIPrefix), from files embedded in the binary (explorer/). It is one of
// goflare's own routes: the cross-site guard covers it as it covers the API.
const ExplorerPath = "/cdn-cgi/explorer/"

//go:embed explorer/index.html explorer/explorer.js explorer/explorer.css
var explorerFiles embed.FS

// serveExplorer answers the explorer's page and its files.
func (s *Server) serveExplorer(w http.ResponseWriter, r *http.Request) int {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return http.StatusMethodNotAllowed
	}
	name := strings.TrimPrefix(r.URL.Path, ExplorerPath)
	if r.URL.Path+"/" == ExplorerPath {
		http.Redirect(w, r, ExplorerPath, http.StatusMovedPermanently)
		return http.StatusMovedPermanently
	}
	if name == "" {
		name = "index.html"
	}
	data, err := explorerFiles.ReadFile("explorer/" + name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return http.StatusNotFound
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	switch {
	case strings.HasSuffix(name, ".html"):
		h.Set("Content-Type", "text/html; charset=utf-8")
		// What the page cannot learn from the API: which bindings name which namespace,
		// and where the goflare clock is read (a test control, when on).
		page := strings.Replace(string(data), `<script src="explorer.js">`, `<script>window.GOFLARE = `+s.explorerConfig()+`;</script>`+"\n"+`<script src="explorer.js">`, 1)
		data = []byte(page)
	case strings.HasSuffix(name, ".js"):
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	case strings.HasSuffix(name, ".css"):
		h.Set("Content-Type", "text/css; charset=utf-8")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
	return http.StatusOK
}

// explorerConfig is window.GOFLARE: the API's base, the KV bindings and their namespaces,
// and the clock's route ("" without test controls).
func (s *Server) explorerConfig() string {
	type binding struct {
		Binding string `json:"binding"`
		ID      string `json:"id"`
	}
	cfg := struct {
		API      string    `json:"api"`
		Bindings []binding `json:"bindings"`
		Clock    *string   `json:"clock"`
	}{API: APIPrefix, Bindings: []binding{}}
	w := s.currentWorker()
	for _, ns := range w.KVNamespaces {
		if !s.remote(ns) {
			cfg.Bindings = append(cfg.Bindings, binding{ns.Binding, ns.DevID()})
		}
	}
	if w.Site != nil {
		cfg.Bindings = append(cfg.Bindings, binding{SiteNamespace, SiteNamespace})
	}
	if s.opts.TestControls {
		clock := ControlPrefix + "clock"
		cfg.Clock = &clock
	}
	out, _ := json.Marshal(cfg)
	// Inside a <script>: no "</" may end it early.
	return strings.ReplaceAll(string(out), "</", `<\/`)
}
