package webapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/coder/websocket"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// NewFetcher returns an HTTP client for outbound fetches, with its own connection pool
// (close it with CloseIdleConnections when the isolate goes). Redirects are handled per
// request (see send).
func NewFetcher() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			MaxIdleConnsPerHost:   16,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			// workerd sends no Accept-Encoding of its own (the worker's is sent); a
			// gzip body is decoded by decodeGzip either way.
			DisableCompression: true,
		},
	}
}

// maxRedirects is how many redirects fetch follows, as the Fetch standard allows.
const maxRedirects = 20

// installFetch defines fetch: outbound HTTP over Go's client, request and response
// bodies streamed, redirect follow / manual / error, AbortSignal, each call counted as a
// subrequest.
func installFetch(r *Realm) {
	r.VM.Set("fetch", r.fetchFunc(r.fetcher, true))
}

// FetchVia is a fetch function whose requests go to rt instead of the network, and are
// not subrequests: a binding's fetch (env.ASSETS.fetch), served in the process.
func (r *Realm) FetchVia(rt http.RoundTripper) func(goja.FunctionCall) goja.Value {
	client := &http.Client{Transport: rt}
	return r.fetchFunc(func() *http.Client { return client }, false)
}

// fetchFunc is fetch over the client client gives; subrequests counts each call against
// the invocation's limit.
func (r *Realm) fetchFunc(clientOf func() *http.Client, subrequests bool) func(goja.FunctionCall) goja.Value {
	vm := r.VM
	return func(call goja.FunctionCall) goja.Value {
		var q *Request
		var init *goja.Object
		if err := jsx.Catch(func() {
			q = r.constructRequest(call.Argument(0), call.Argument(1))
			init, _ = call.Argument(1).(*goja.Object)
		}); err != nil {
			return r.resolved(nil, err)
		}
		redirect := q.Redirect // the Request refused anything but follow and manual
		var signal *goja.Object
		if init != nil {
			if v := init.Get("signal"); !jsx.IsNullish(v) {
				signal, _ = v.(*goja.Object)
			}
		}
		if subrequests && r.Subrequest != nil {
			if err := r.Subrequest(); err != nil {
				return r.resolved(nil, err)
			}
		}
		if signal != nil && signal.Get("aborted").ToBoolean() {
			return r.resolved(nil, &jsx.Thrown{Value: signal.Get("reason")})
		}
		body, err := r.outboundBody(&q.Body)
		if err != nil {
			return r.resolved(nil, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		p, settle := r.Bridge.Promise()
		if signal != nil {
			add, _ := goja.AssertFunction(signal.Get("addEventListener"))
			add(signal, vm.ToValue("abort"), vm.ToValue(func(goja.FunctionCall) goja.Value {
				// Settle before cancelling: the cancelled request's own goroutine would
				// otherwise race to reject with a plain "context canceled" Error.
				settle.SettleNow(nil, &jsx.Thrown{Value: signal.Get("reason")})
				cancel()
				return goja.Undefined()
			}))
		}
		if up, _ := q.Headers.Get("upgrade"); strings.EqualFold(strings.TrimSpace(up), "websocket") {
			// The open connection is the invocation's pending work: a worker awaiting its
			// messages has not hung.
			_, open := r.Bridge.Promise()
			go r.dialWebSocket(ctx, cancel, q, settle, open)
			return vm.ToValue(p)
		}
		go func() {
			res, redirected, err := r.send(ctx, clientOf(), q, body, redirect)
			settle.Settle(func(vm *goja.Runtime) (goja.Value, error) {
				if err != nil {
					cancel()
					return nil, err
				}
				out := &Response{Status: res.StatusCode, StatusText: strings.TrimSpace(strings.TrimPrefix(res.Status, fmt.Sprint(res.StatusCode))),
					Headers: HeadersFromHTTP(res.Header), URL: res.Request.URL.String(), Redirected: redirected}
				if res.Body != nil && res.Body != http.NoBody && q.Method != http.MethodHead {
					out.Body.Stream = r.StreamFrom(r.track(res.Body, cancel), bodyChunk)
				} else {
					res.Body.Close()
					cancel()
				}
				return r.Response.New(out), nil
			})
		}()
		return vm.ToValue(p)
	}
}

// openBody is a fetched response body the worker may still read: closing it releases
// its connection and its request's context.
type openBody struct {
	io.ReadCloser
	cancel context.CancelFunc
	realm  *Realm
	once   sync.Once
}

func (b *openBody) Close() error {
	var err error
	b.once.Do(func() {
		err = b.ReadCloser.Close()
		b.cancel()
		b.realm.bodiesMu.Lock()
		delete(b.realm.bodies, b)
		b.realm.bodiesMu.Unlock()
	})
	return err
}

// track registers a response body so that CloseFetches can release it if the worker
// never reads it to the end.
func (r *Realm) track(body io.ReadCloser, cancel context.CancelFunc) *openBody {
	b := &openBody{ReadCloser: body, cancel: cancel, realm: r}
	r.bodiesMu.Lock()
	if r.bodies == nil {
		r.bodies = map[*openBody]struct{}{}
	}
	r.bodies[b] = struct{}{}
	r.bodiesMu.Unlock()
	return b
}

// CloseFetches releases every response body still open and the idle connections: the
// isolate is going away.
func (r *Realm) CloseFetches() {
	r.bodiesMu.Lock()
	open := make([]*openBody, 0, len(r.bodies))
	for b := range r.bodies {
		open = append(open, b)
	}
	r.bodiesMu.Unlock()
	for _, b := range open {
		b.Close()
	}
	if r.Fetcher != nil {
		r.Fetcher.CloseIdleConnections()
	}
}

// outboundBody turns a request body into what Go's client sends: bytes as they are, a
// stream read from the loop as the client pulls.
func (r *Realm) outboundBody(b *Body) (io.ReadCloser, error) {
	if r.bodyUsed(b) {
		return nil, errBodyUsed
	}
	b.used = true
	switch {
	case b.Stream != nil:
		return r.StreamReader(b.Stream)
	case b.Data != nil:
		return io.NopCloser(bytes.NewReader(b.Data)), nil
	}
	return nil, nil
}

// send performs the request on a goroutine, following redirects as mode says.
func (r *Realm) send(ctx context.Context, base *http.Client, q *Request, body io.ReadCloser, mode string) (*http.Response, bool, error) {
	req, err := http.NewRequestWithContext(ctx, q.Method, q.URL, body)
	if err != nil {
		return nil, false, jsx.TypeError("Fetch API cannot load: " + q.URL)
	}
	if body != nil {
		if br, ok := body.(interface{ Len() int }); ok {
			req.ContentLength = int64(br.Len())
		}
	}
	for _, kv := range q.Headers.list {
		req.Header.Add(kv.name, kv.value)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "") // workerd sends none of its own
	}
	client := *base
	redirects := 0
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		if mode == "manual" {
			return http.ErrUseLastResponse
		}
		redirects++
		if redirects > maxRedirects {
			return errTooManyRedirects
		}
		return nil
	}
	res, err := client.Do(req)
	if err != nil {
		switch {
		case errors.Is(err, errTooManyRedirects):
			return nil, false, jsx.TypeError("Too many redirects.")
		case ctx.Err() != nil:
			return nil, false, ctx.Err()
		}
		var je *jsx.Error
		var th *jsx.Thrown
		if errors.As(err, &je) || errors.As(err, &th) {
			return nil, false, err // the request body stream failed
		}
		return nil, false, jsx.TypeError("Network connection lost: " + err.Error())
	}
	decodeGzip(res)
	return res, redirects > 0, nil
}

// decodeGzip gives the worker a gzip response body decoded, with its Content-Encoding
// and Content-Length headers kept, as workerd does: returned as it is, the body is
// gzipped again on the way out (devserver), so a proxied response (fetch(request)
// forwards the client's Accept-Encoding) reaches the client compressed once.
func decodeGzip(res *http.Response) {
	if strings.EqualFold(strings.TrimSpace(res.Header.Get("Content-Encoding")), "gzip") && res.Body != nil && res.Body != http.NoBody {
		res.Body = &gunzipReader{src: res.Body}
	}
}

// gunzipReader decodes gzip from src, starting at the first Read (the worker may never
// read the body).
type gunzipReader struct {
	src io.ReadCloser
	zr  *gzip.Reader
	err error
}

func (g *gunzipReader) Read(p []byte) (int, error) {
	if g.zr == nil && g.err == nil {
		g.zr, g.err = gzip.NewReader(g.src)
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.zr.Read(p)
}

func (g *gunzipReader) Close() error { return g.src.Close() }

var (
	errTooManyRedirects = errors.New("too many redirects")
)

func (r *Realm) fetcher() *http.Client {
	if r.Fetcher == nil {
		r.Fetcher = NewFetcher()
	}
	return r.Fetcher
}

// dialWebSocket is a fetch with Upgrade: websocket: the response is a 101 whose
// webSocket is the worker's end of a pair whose other end is the connection (as workerd
// answers), or the server's refusal as an ordinary response.
func (r *Realm) dialWebSocket(ctx context.Context, cancel context.CancelFunc, q *Request, settle, open jsx.Settler) {
	closed := func() { open.Settle(func(*goja.Runtime) (goja.Value, error) { return goja.Undefined(), nil }) }
	u := q.URL
	if rest, ok := strings.CutPrefix(u, "http"); ok {
		u = "ws" + rest
	}
	hdr := q.Headers.HTTP()
	for _, k := range []string{"Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions"} {
		hdr.Del(k)
	}
	conn, res, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: hdr, HTTPClient: r.fetcher()})
	settle.Settle(func(vm *goja.Runtime) (goja.Value, error) {
		if err != nil {
			cancel()
			closed()
			if res != nil && res.StatusCode != http.StatusSwitchingProtocols {
				return r.Response.New(&Response{Status: res.StatusCode, StatusText: http.StatusText(res.StatusCode), Headers: HeadersFromHTTP(res.Header), URL: q.URL}), nil
			}
			return nil, jsx.TypeError("Network connection lost: " + err.Error())
		}
		workerSide, remote := r.newPair()
		remote.Attach(WSConnOf(conn)) // now: the worker may send before the relay starts
		go func() {
			readInto(conn, remote)
			cancel()
			closed()
		}()
		return r.Response.New(&Response{Status: http.StatusSwitchingProtocols, StatusText: "Switching Protocols",
			Headers: HeadersFromHTTP(res.Header), URL: q.URL, WebSocket: workerSide}), nil
	})
}
