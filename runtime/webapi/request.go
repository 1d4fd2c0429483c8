package webapi

import (
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Request is the Go side of a JS Request.
type Request struct {
	Method  string
	URL     string
	Headers *Headers
	Body    Body

	headersObj *goja.Object // the [SameObject] JS Headers, made on first use
}

// NewRequest wraps req in a JS Request of this realm. A body given as a Go reader becomes
// a ReadableStream that reads it as the worker pulls.
func (r *Realm) NewRequest(req *Request) *goja.Object {
	if req.Body.Reader != nil {
		req.Body.Stream = r.StreamFrom(req.Body.Reader, bodyChunk)
		req.Body.Reader = nil
	}
	return r.Request.New(req)
}

var bodylessMethods = map[string]bool{"GET": true, "HEAD": true}

// installRequest defines the Request class.
func installRequest(r *Realm) {
	vm := r.VM
	c := jsx.NewClass(vm, "Request", func(call goja.ConstructorCall) any {
		return r.constructRequest(call.Argument(0), call.Argument(1))
	})
	r.Request = c
	jsx.Getter(c, "method", func(q *Request) goja.Value { return vm.ToValue(q.Method) })
	jsx.Getter(c, "url", func(q *Request) goja.Value { return vm.ToValue(q.URL) })
	jsx.Getter(c, "headers", func(q *Request) goja.Value {
		// The same Headers object every time, as the standard's [SameObject].
		if q.headersObj == nil {
			q.headersObj = r.Headers.New(q.Headers)
		}
		return q.headersObj
	})
	jsx.Method(c, "clone", func(q *Request, call goja.FunctionCall) goja.Value {
		body, err := r.tee(&q.Body)
		if err != nil {
			jsx.Throw(vm, err)
		}
		cp := *q
		cp.headersObj = nil
		cp.Headers = q.Headers.Clone()
		cp.Body = body
		return r.Request.New(&cp)
	})
	defineBodyMethods(r, c, func(q *Request) (*Body, *Headers) { return &q.Body, q.Headers })
	vm.Set("Request", c.Constructor)
}

// constructRequest implements `new Request(input, init)` for a URL string or a Request
// input and the init members method, headers and body.
func (r *Realm) constructRequest(input, init goja.Value) *Request {
	vm := r.VM
	req := &Request{Method: "GET", Headers: NewHeaders()}
	if src, ok := jsx.Unwrap[*Request](input); ok {
		req.Method, req.URL, req.Headers = src.Method, src.URL, src.Headers.Clone()
		body, err := r.tee(&src.Body)
		if err != nil {
			jsx.Throw(vm, err)
		}
		req.Body = body
	} else {
		req.URL = r.parseURL(input.String())
	}
	if init == nil || goja.IsUndefined(init) || goja.IsNull(init) {
		return req
	}
	o := init.ToObject(vm)
	if m := o.Get("method"); m != nil && !goja.IsUndefined(m) {
		req.Method = normalizeMethod(m.String())
	}
	if h := o.Get("headers"); h != nil && !goja.IsUndefined(h) {
		req.Headers = NewHeaders()
		r.fillHeaders(req.Headers, h)
	}
	if b := o.Get("body"); b != nil && !goja.IsUndefined(b) && !goja.IsNull(b) {
		if bodylessMethods[req.Method] {
			jsx.Throw(vm, jsx.TypeError("Request with a GET or HEAD method cannot have a body."))
		}
		body, ct := r.extractBody(b)
		req.Body = body
		if ct != "" && !req.Headers.Has("content-type") {
			req.Headers.Set("content-type", ct)
		}
	}
	return req
}

// normalizeMethod upper-cases the methods the standard normalises.
func normalizeMethod(m string) string {
	switch u := strings.ToUpper(m); u {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH":
		return u
	}
	return m
}

// parseURL runs the realm's URL constructor, so an invalid URL throws its TypeError.
func (r *Realm) parseURL(s string) string {
	ctor, _ := goja.AssertConstructor(r.VM.Get("URL"))
	u, err := ctor(nil, r.VM.ToValue(s))
	if err != nil {
		panic(err)
	}
	return u.Get("href").String()
}
