package devserver

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/goflare/goflare/bindings/assets"
	"github.com/goflare/goflare/config"
)

// noOpWorker is the worker an assets-only project runs: wrangler's no-op worker (the
// router never sends it a request).
const noOpWorker = `export default {
	fetch() {
		return new Response("Not found", {
			status: 404,
			headers: {
				"Content-Type": "text/html",
			},
		});
	},
};
`

// loadAssets checks the config's assets (and --assets) as wrangler dev does and opens
// the site; nil when the project has none.
func (s *Server) loadAssets(w *config.Worker) (*assets.Site, error) {
	cwd, _ := os.Getwd()
	warnings, err := config.CheckAssets(w, s.opts.AssetsDir, cwd)
	if err != nil {
		return nil, err
	}
	for _, m := range warnings {
		fmt.Fprintf(s.opts.Stderr, "[goflare:warn] %s\n", m)
	}
	a := w.Assets
	if a == nil {
		return nil, nil
	}
	return assets.New(assets.Options{
		Dir: a.Directory, HTMLHandling: a.HTMLHandling, NotFoundHandling: a.NotFoundHandling,
		CompatibilityDate: w.CompatibilityDate, CompatibilityFlags: w.CompatibilityFlags,
		HasWorker: w.Main != "", RunWorkerFirst: a.RunWorkerFirst, RunWorkerFirstRules: a.RunWorkerFirstRules,
		Log: s.out, Warn: s.opts.Stderr,
	})
}

// logged is what serve returns when it has written the request's log line itself.
const logged = 0

// serveAsset answers from the static assets, and logs the request with the note
// Miniflare adds when not_found_handling answered a navigation.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, site *assets.Site) int {
	start := time.Now()
	aw := &assetWriter{ResponseWriter: w, s: s, head: r.Method == http.MethodHead}
	site.ServeHTTP(aw, r)
	aw.finish()
	note := ""
	if aw.note != "" {
		note = " " + aw.note
	}
	fmt.Fprintf(s.out, "[goflare:info] %s %s %d %s (%dms)%s\n",
		r.Method, r.URL.Path, aw.status, http.StatusText(aw.status), time.Since(start).Milliseconds(), note)
	return logged
}

// assetWriter sends an asset response as wrangler dev's proxy does: HTML streamed with
// no length (and the live-reload script after it with --live-reload); the log note
// taken out of the headers.
type assetWriter struct {
	http.ResponseWriter
	s      *Server
	head   bool
	status int
	note   string
	html   bool
}

func (a *assetWriter) WriteHeader(status int) {
	if a.status != 0 {
		return
	}
	a.status = status
	h := a.Header()
	a.note = h.Get(assets.LogHeader)
	delete(h, assets.LogHeader)
	a.html = strings.HasPrefix(h.Get("Content-Type"), "text/html") && status != http.StatusNotModified && status != http.StatusPartialContent
	if a.html {
		delete(h, "Content-Length")
	}
	a.ResponseWriter.WriteHeader(status)
	if a.html && !a.head {
		http.NewResponseController(a.ResponseWriter).Flush()
	}
}

func (a *assetWriter) Write(p []byte) (int, error) {
	a.WriteHeader(http.StatusOK)
	return a.ResponseWriter.Write(p)
}

// finish appends the live-reload script to an HTML page.
func (a *assetWriter) finish() {
	a.WriteHeader(http.StatusOK)
	if a.html && !a.head && a.s.opts.LiveReload {
		a.ResponseWriter.Write(liveReloadScript)
	}
}
