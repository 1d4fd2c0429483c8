package assets

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/jsx"
)

// Binding is the assets binding (assets.binding, env.ASSETS): a Fetcher whose fetch is
// answered by the site, in the process, as the asset worker answers a service binding.
type Binding struct {
	name string
	site func() *Site
}

// NewBinding returns env[name], serving what site returns at each call (the site is
// replaced when the config changes).
func NewBinding(name string, site func() *Site) *Binding {
	return &Binding{name: name, site: site}
}

// Name is the env property.
func (b *Binding) Name() string { return b.name }

// Value is a Fetcher: fetch and connect on its prototype, "[object Fetcher]", no own
// keys, as workerd's.
func (b *Binding) Value(iso *runtime.Isolate) (goja.Value, error) {
	vm := iso.VM()
	proto := vm.NewObject()
	fetch := iso.Realm().FetchVia(transport{b.site})
	proto.DefineDataProperty("fetch", vm.ToValue(fetch), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	proto.DefineDataProperty("connect", vm.ToValue(func(goja.FunctionCall) goja.Value {
		panic(jsx.PlainError("connect() is not supported by goflare's assets binding."))
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	proto.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue("Fetcher"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	obj := vm.NewObject()
	obj.SetPrototype(proto)
	return obj, nil
}

// transport answers a request with the site's response.
type transport struct{ site func() *Site }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	t.site().ServeHTTP(rec, req)
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
