package devserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goflare/goflare/runtime"
)

// serveScheduled answers the routes that fire a scheduled event (wrangler-reference.md
// 4.8): /cdn-cgi/handler/scheduled?cron=&time= (and the deprecated /cdn-cgi/mf/scheduled)
// report the outcome, "ok" (200) or "exception" (500); with --test-scheduled,
// /__scheduled?cron= answers "Ran scheduled event". handled is false for other paths.
func (s *Server) serveScheduled(w http.ResponseWriter, r *http.Request) (status int, handled bool) {
	path := r.URL.Path
	switch {
	case path == "/cdn-cgi/handler/scheduled" || path == "/cdn-cgi/mf/scheduled":
		if path == "/cdn-cgi/mf/scheduled" {
			fmt.Fprintf(s.opts.Stderr, "[goflare:warn] /cdn-cgi/mf/scheduled is deprecated; use /cdn-cgi/handler/scheduled\n")
		}
		q := r.URL.Query()
		at := s.now()
		if t := q.Get("time"); t != "" {
			if ms, err := strconv.ParseInt(t, 10, 64); err == nil {
				at = time.UnixMilli(ms)
			}
		}
		outcome, status := "ok", http.StatusOK
		if err := s.scheduled(r.Context(), q.Get("cron"), at); err != nil {
			fmt.Fprintf(s.opts.Stderr, "[goflare:error] %s\n", describe(err))
			outcome, status = "exception", http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(status)
		io.WriteString(w, outcome)
		return status, true
	case strings.HasPrefix(path, "/cdn-cgi/handler/"):
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "%q is not a valid handler. Did you mean to use \"/cdn-cgi/handler/scheduled\" or \"/cdn-cgi/handler/email\"?", path)
		return http.StatusNotFound, true
	case path == "/__scheduled" && s.opts.TestScheduled:
		if err := s.scheduled(r.Context(), r.URL.Query().Get("cron"), s.now()); err != nil {
			return s.fail(w, r, err), true
		}
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		io.WriteString(w, "Ran scheduled event")
		return http.StatusOK, true
	}
	return 0, false
}

// scheduled dispatches a scheduled event as send does, and retires the isolate when the
// handler overran a limit.
func (s *Server) scheduled(ctx context.Context, cron string, at time.Time) error {
	iso, err := s.send(func(iso *runtime.Isolate) error { return iso.Scheduled(ctx, cron, at) })
	if iso.Broken() {
		s.retire(iso)
	}
	return err
}
