package devserver

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/webapi"
)

// ServeHTTP turns one HTTP request into a fetch event and the worker's response back into
// HTTP, and logs it as `[goflare:info] GET /path 200 OK (3ms)`.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := s.serve(w, r)
	fmt.Fprintf(s.log, "[goflare:info] %s %s %d %s (%dms)\n",
		r.Method, r.URL.Path, status, http.StatusText(status), time.Since(start).Milliseconds())
}

// serve handles the request and returns the status sent.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) int {
	if status, handled := s.serveControls(w, r); handled {
		return status
	}
	if status, handled := s.serveScheduled(w, r); handled {
		return status
	}
	req := &webapi.Request{
		Method:  r.Method,
		URL:     "http://" + r.Host + r.URL.RequestURI(),
		Headers: webapi.HeadersFromHTTP(r.Header),
	}
	if r.Body != nil && r.ContentLength != 0 && r.Method != http.MethodGet && r.Method != http.MethodHead {
		// Streamed to the worker as it reads request.body; nothing is buffered here.
		req.Body.Reader = r.Body
	}
	iso := s.iso.Load()
	res, err := iso.Fetch(r.Context(), req)
	for tries := 0; errors.Is(err, runtime.ErrClosed) && tries < 3; tries++ {
		// A reload replaced the isolate between Load and Fetch (ErrClosed means the
		// request never reached it): the new one serves it.
		iso = s.iso.Load()
		res, err = iso.Fetch(r.Context(), req)
	}
	if iso.Broken() {
		s.retire(iso)
	}
	if err != nil {
		return s.fail(w, r, err)
	}
	h := w.Header()
	for k, vs := range res.Header {
		h[k] = vs
	}
	if res.Stream != nil {
		defer res.Stream.Close()
		h.Del("Content-Length") // sent chunked, as the worker produces it
		w.WriteHeader(res.Status)
		if r.Method != http.MethodHead {
			s.copyStream(w, res.Stream)
		}
		return res.Status
	}
	if res.Body != nil {
		h.Set("Content-Length", strconv.Itoa(len(res.Body)))
	}
	w.WriteHeader(res.Status)
	if r.Method != http.MethodHead {
		w.Write(res.Body)
	}
	return res.Status
}

// copyStream sends a streamed body chunk by chunk, each flushed as soon as the worker
// enqueued it (Server-Sent Events, progressive HTML). It stops when the client goes away
// (the stream is then canceled) or the worker's stream fails: the body is cut short, as
// workerd cuts it, and the failure is logged.
func (s *Server) copyStream(w http.ResponseWriter, body io.Reader) {
	flush := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			flush.Flush()
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintf(s.opts.Stderr, "[goflare:error] %s\n", describe(err))
			return
		}
	}
}

// describe is an error as the terminal and a 500 show it: an exception's stack.
func describe(err error) string {
	var ex *runtime.Exception
	if errors.As(err, &ex) {
		return ex.Stack
	}
	return err.Error()
}

// fail answers a request the worker could not: an uncaught exception gives a 500 whose
// body is the source-mapped stack (the terminal shows the same); a client that went away
// gets nothing.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) int {
	if r.Context().Err() != nil {
		return 499 // the client closed the connection; nothing to send
	}
	if errors.Is(err, runtime.ErrCPULimit) || errors.Is(err, runtime.ErrMemoryLimit) || errors.Is(err, runtime.ErrIsolateReset) {
		fmt.Fprintf(s.opts.Stderr, "[goflare:error] %s\n", err)
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, err.Error())
		return http.StatusServiceUnavailable
	}
	text := describe(err)
	fmt.Fprintf(s.opts.Stderr, "[goflare:error] %s\n", text)
	var ex *runtime.Exception
	if errors.As(err, &ex) && wantsErrorPage(r) {
		s.writeErrorPage(w, r, ex)
		return http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, text)
	return http.StatusInternalServerError
}
