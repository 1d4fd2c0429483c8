package devserver

import (
	"net/http"

	"github.com/goflare/goflare/cfapi"
)

// APIPrefix is where the dev server serves Cloudflare's v4 REST API for KV (cfapi), over
// the same state the worker's bindings and `goflare kv` use: the SDK's baseURL is the
// server's URL and this prefix. Cloudflare reserves /cdn-cgi/ on every zone, so no
// worker route is taken.
const APIPrefix = "/cdn-cgi/client/v4"

// serveAPI answers a request under APIPrefix (rest is the path after it).
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rest string) int {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + rest
	r2.URL.RawPath = ""
	if raw := r.URL.RawPath; raw != "" {
		r2.URL.RawPath = raw[len(APIPrefix):]
	}
	api := &cfapi.Server{Store: s.store, Token: s.opts.APIToken}
	if s.kvSim != nil && s.kvSim.Quota != nil {
		api.Count = s.kvSim.Count // the API's operations draw on the same daily quota
	}
	api.ServeHTTP(rec, r2)
	return rec.status
}

// statusRecorder keeps the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
