package devserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/webapi"
)

// ServeHTTP turns one HTTP request into a fetch event and the worker's response back into
// HTTP, and logs it as `[goflare:info] GET /path 200 OK (3ms)`.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := s.serve(w, r)
	if status == logged {
		return
	}
	// "[goflare:info] GET /path 200 OK (3ms)", appended rather than formatted: this
	// runs for every request.
	line := make([]byte, 0, 64+len(r.URL.Path))
	line = append(line, "[goflare:info] "...)
	line = append(line, r.Method...)
	line = append(line, ' ')
	line = append(line, r.URL.Path...)
	line = append(line, ' ')
	line = strconv.AppendInt(line, int64(status), 10)
	line = append(line, ' ')
	line = append(line, http.StatusText(status)...)
	line = append(line, " ("...)
	line = strconv.AppendInt(line, time.Since(start).Milliseconds(), 10)
	line = append(line, "ms)\n"...)
	s.out.Write(line)
}

// serve handles the request and returns the status sent.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) int {
	if status, refused := refuseMethod(w, r); refused {
		return status
	}
	if s.ownRoute(r) && s.crossSite(r) {
		// A page on another site (or a DNS-rebound name) must not drive goflare's own
		// routes: they reset and seed state, move the clock, fire events.
		w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "Forbidden: goflare's own routes answer only same-origin requests to a loopback address.")
		return http.StatusForbidden
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, APIPrefix+"/"); ok {
		return s.serveAPI(w, r, rest)
	}
	if strings.HasPrefix(r.URL.Path+"/", ExplorerPath) {
		return s.serveExplorer(w, r)
	}
	if status, handled := s.serveControls(w, r); handled {
		return status
	}
	if status, handled := s.serveScheduled(w, r); handled {
		return status
	}
	if s.opts.LiveReload && isLiveReload(r) {
		return s.live.serve(w, r)
	}
	if site := s.site.Load(); site != nil && !site.ToWorker(r) {
		return s.serveAsset(w, r, site)
	}
	headers := webapi.HeadersFromHTTP(r.Header)
	if r.Host != "" {
		headers.Set("Host", r.Host) // Go keeps it apart from the header map
	}
	req := &webapi.Request{
		Method:  r.Method,
		URL:     webapi.RequestURL(r.Host, requestTarget(r)),
		Headers: headers,
		CF:      webapi.CFPlaceholder(r.Header.Get("Accept-Encoding")),
	}
	if r.Body != nil && r.ContentLength != 0 && r.Method != http.MethodGet && r.Method != http.MethodHead {
		// Streamed to the worker as it reads request.body; nothing is buffered here.
		req.Body.Reader = r.Body
	}
	// Not r.Context(): Go cancels it when the client half-closes after its request, and
	// such a client still reads the response. One that went away is seen when writing.
	// (Nothing below reads the values r.Context() holds.)
	ctx := context.Background()
	var res *runtime.Response
	iso, err := s.send(func(iso *runtime.Isolate) (err error) {
		res, err = iso.Fetch(ctx, req)
		return err
	})
	if iso.Broken() {
		s.retire(iso)
	}
	if err != nil {
		return s.fail(w, r, err)
	}
	if res.Status == http.StatusSwitchingProtocols && res.WebSocket != nil {
		return s.serveWebSocket(w, r, res)
	}
	s.injectLiveReload(res)
	h := w.Header()
	contentType, contentEncoding := putHeader(h, res.Header)
	if enc := strings.ToLower(strings.TrimSpace(contentEncoding)); !res.ManualEncoding && (res.Body != nil || res.Stream != nil) {
		switch enc {
		case "gzip", "br":
			return s.writeEncoded(w, r, res, enc)
		}
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
	if res.Body != nil && isHTML(contentType) {
		// wrangler dev streams every HTML response (its proxy may rewrite HTML), so
		// it has no Content-Length; a client sees the same framing here.
		h.Del("Content-Length")
		w.WriteHeader(res.Status)
		if r.Method != http.MethodHead {
			http.NewResponseController(w).Flush()
			w.Write(res.Body)
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

// writeEncoded sends a body whose Content-Encoding is gzip or br compressed so, as
// workerd does unless the worker said encodeBody: "manual" (a worker handing over bytes
// it already gzipped, such as hono's compress(), gets them compressed twice there too).
// Chunks still reach the client as the worker enqueues them.
func (s *Server) writeEncoded(w http.ResponseWriter, r *http.Request, res *runtime.Response, enc string) int {
	h := w.Header()
	h.Del("Content-Length")
	var body io.Reader = bytes.NewReader(res.Body)
	if res.Stream != nil {
		defer res.Stream.Close()
		body = res.Stream
	}
	w.WriteHeader(res.Status)
	if r.Method == http.MethodHead {
		return res.Status
	}
	var zw flushWriter
	if enc == "br" {
		zw = brotli.NewWriter(w)
	} else {
		zw = gzip.NewWriter(w)
	}
	s.copyStream(&encodingWriter{ResponseWriter: w, zw: zw}, body)
	zw.Close()
	return res.Status
}

// flushWriter is a compressor: gzip's and brotli's writers.
type flushWriter interface {
	io.WriteCloser
	Flush() error
}

// encodingWriter compresses what copyStream writes, flushing the compressor with each
// chunk so that the client sees it at once.
type encodingWriter struct {
	http.ResponseWriter
	zw flushWriter
}

func (g *encodingWriter) Write(p []byte) (int, error) {
	n, err := g.zw.Write(p)
	if err == nil {
		err = g.zw.Flush()
	}
	return n, err
}

// Unwrap lets http.ResponseController flush the connection underneath.
func (g *encodingWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// hopByHop are the response headers that describe one connection; workerd does not pass
// them on from the worker (checked side by side: it drops Upgrade, and passes
// Proxy-Connection, which no standard defines; hono's streamSSE sets Connection).
var hopByHop = []string{"Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade"}

// putHeader writes a worker's response headers into h, the response's (empty so far),
// and returns the first Content-Type and Content-Encoding among them. A response without
// a Content-Type is sent without one (net/http would sniff one, workerd sends none), and
// without the worker's hop-by-hop headers.
func putHeader(h http.Header, fields webapi.HeaderFields) (contentType, contentEncoding string) {
	hasType, hasEncoding, hop := false, false, false
	for _, f := range fields {
		switch f.Name {
		case "Content-Type":
			if !hasType {
				contentType, hasType = f.Value, true
			}
		case "Content-Encoding":
			if !hasEncoding {
				contentEncoding, hasEncoding = f.Value, true
			}
		default:
			hop = hop || slices.Contains(hopByHop, f.Name)
		}
	}
	fields.AddTo(h)
	if hop {
		for _, k := range hopByHop {
			delete(h, k)
		}
	}
	if !hasType {
		h["Content-Type"] = nil
	}
	return contentType, contentEncoding
}

// isHTML reports whether a Content-Type is text/html.
func isHTML(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/html")
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

// workerdMethod reports whether m is a request method workerd's HTTP parser knows
// (kj's list); it refuses others, lower-case spellings included.
func workerdMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PURGE", "OPTIONS", "TRACE", "COPY",
		"LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "ACL", "REPORT",
		"MKACTIVITY", "CHECKOUT", "MERGE", "MSEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE",
		"QUERY", "BAN":
		return true
	}
	return false
}

// refuseMethod answers what workerd refuses before any worker runs: CONNECT (500), and
// methods it does not know, the HTTP/2 preface among them (501), closing the connection.
func refuseMethod(w http.ResponseWriter, r *http.Request) (status int, refused bool) {
	if workerdMethod(r.Method) {
		return 0, false
	}
	h := w.Header()
	h.Set("Connection", "close")
	if r.Method == http.MethodConnect {
		h["Content-Type"] = nil // workerd sends none; nil stops Go from guessing one
		h.Set("Content-Length", "21")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "Internal Server Error")
		return http.StatusInternalServerError, true
	}
	h.Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusNotImplemented)
	io.WriteString(w, "ERROR: Unrecognized request method.")
	return http.StatusNotImplemented, true
}

// ownRoute reports whether r is for a route goflare serves itself, not the worker.
func (s *Server) ownRoute(r *http.Request) bool {
	p := r.URL.Path
	return (s.opts.TestControls && strings.HasPrefix(p, ControlPrefix)) || strings.HasPrefix(p, APIPrefix+"/") ||
		strings.HasPrefix(p+"/", ExplorerPath) ||
		p == "/cdn-cgi/handler/scheduled" || p == "/cdn-cgi/mf/scheduled" || (s.opts.TestScheduled && p == "/__scheduled")
}

// crossSite reports whether r may come from a page of another site: its Origin is not
// the server's own, or its Host is not a loopback name or the bound address (DNS
// rebinding).
func (s *Server) crossSite(r *http.Request) bool {
	if !s.localHost(r.Host) {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false // not sent by a browser's cross-origin request machinery
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || !s.localHost(u.Host) {
		return true
	}
	scheme := "http"
	if s.opts.LocalProtocol == "https" {
		scheme = "https"
	}
	return u.Scheme != scheme || u.Port() != s.port()
}

// localHost reports whether hostport names this server: a loopback name or the bound
// address, on its port.
func (s *Server) localHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	if port != "" && port != s.port() {
		return false
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || host == s.opts.IP {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	if bound := net.ParseIP(s.opts.IP); ip != nil && bound != nil && bound.IsUnspecified() {
		return true // listening on every address: any address of this machine (DNS rebinding needs a name)
	}
	return ip != nil && ip.IsLoopback()
}

// port is the port the server listens on.
func (s *Server) port() string {
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	return port
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
	if errors.Is(err, runtime.ErrCPULimit) || errors.Is(err, runtime.ErrMemoryLimit) || errors.Is(err, runtime.ErrIsolateReset) || errors.Is(err, runtime.ErrStopped) {
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
