package bindings

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// Fetcher is a binding whose fetch is answered in the process by an http.Handler, as a
// service binding is answered by the worker it names: the assets binding (env.ASSETS),
// the test pool's SELF.
type Fetcher struct {
	name    string
	handler func() http.Handler
}

// NewFetcher returns env[name], answered by what handler returns at each call.
func NewFetcher(name string, handler func() http.Handler) *Fetcher {
	return &Fetcher{name: name, handler: handler}
}

// Name is the env property.
func (f *Fetcher) Name() string { return f.name }

// Value is a Fetcher: fetch and connect on its prototype, "[object Fetcher]", no own
// keys, as workerd's.
func (f *Fetcher) Value(iso *runtime.Isolate) (goja.Value, error) {
	vm := iso.VM()
	proto := vm.NewObject()
	fetch := iso.Realm().FetchVia(handlerTransport{f.handler})
	proto.DefineDataProperty("fetch", vm.ToValue(fetch), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	proto.DefineDataProperty("connect", vm.ToValue(func(goja.FunctionCall) goja.Value {
		panic(jsx.PlainError("connect() is not supported by goflare's " + f.name + " binding."))
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	proto.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue("Fetcher"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	obj := vm.NewObject()
	obj.SetPrototype(proto)
	return obj, nil
}

// LogHeader is a response header a handler may set for the dev server's log line; a
// Fetcher's caller never sees it.
const LogHeader = "X-Goflare-Log"

// handlerTransport answers a request with the handler's response.
type handlerTransport struct{ handler func() http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil {
		req.Body = http.NoBody
	}
	if req.Body != http.NoBody && req.ContentLength == 0 {
		req.ContentLength = -1 // a body of unknown length, as a server reads a chunked one
	}
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	req.RequestURI = req.URL.RequestURI()
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	t.handler().ServeHTTP(rec, req)
	delete(rec.header, LogHeader)
	res := &http.Response{
		StatusCode:    rec.status,
		Status:        strconv.Itoa(rec.status) + " " + http.StatusText(rec.status),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		ContentLength: int64(rec.body.Len()),
		Request:       req,
	}
	if rec.body.Len() == 0 {
		res.Body = http.NoBody
	}
	return res, nil
}

// recorder keeps a response in memory.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

// Flush lets a handler flush (nothing to do in memory).
func (r *recorder) Flush() {}
