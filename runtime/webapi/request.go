package webapi

import (
	"encoding/json"
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
	// CF is the request's cf object as JSON (an incoming request's: CFPlaceholder); empty
	// leaves request.cf undefined, as for a Request a worker makes.
	CF string

	headersObj *goja.Object // the [SameObject] JS Headers, made on first use
	cfObj      goja.Value   // request.cf, parsed on first use
	signalObj  goja.Value   // request.signal, made on first use
}

// CFPlaceholder is the cf object wrangler dev gives an incoming request when it cannot
// fetch Cloudflare's (it never can offline): goflare gives the same, with the request's
// Accept-Encoding.
func CFPlaceholder(acceptEncoding string) string {
	enc, _ := json.Marshal(acceptEncoding)
	return `{"asOrganization":"","asn":395747,"colo":"DFW","city":"Austin","region":"Texas","regionCode":"TX","metroCode":"635","postalCode":"78701","country":"US","continent":"NA","timezone":"America/Chicago","latitude":"30.27130","longitude":"-97.74260","clientTcpRtt":0,"httpProtocol":"HTTP/1.1","requestPriority":"weight=192;exclusive=0","tlsCipher":"AEAD-AES128-GCM-SHA256","tlsVersion":"TLSv1.3","tlsClientAuth":{"certPresented":"0","certVerified":"NONE","certRevoked":"0","certIssuerDN":"","certSubjectDN":"","certIssuerDNRFC2253":"","certSubjectDNRFC2253":"","certIssuerDNLegacy":"","certSubjectDNLegacy":"","certSerial":"","certIssuerSerial":"","certSKI":"","certIssuerSKI":"","certFingerprintSHA1":"","certFingerprintSHA256":"","certNotBefore":"","certNotAfter":""},"edgeRequestKeepAliveStatus":0,"clientTrustScore":99,"botManagement":{"corporateProxy":false,"verifiedBot":false,"ja3Hash":"25b4882c2bcb50cd6b469ff28c596742","staticResource":false,"detectionIds":[],"score":99},"clientAcceptEncoding":` + string(enc) + `}`
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
	jsx.Getter(c, "cf", func(q *Request) goja.Value {
		if q.CF == "" {
			return goja.Undefined()
		}
		if q.cfObj == nil {
			parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
			v, err := parse(goja.Undefined(), vm.ToValue(q.CF))
			if err != nil {
				panic(err)
			}
			q.cfObj = v
		}
		return q.cfObj
	})
	jsx.Getter(c, "signal", func(q *Request) goja.Value {
		// A signal that never aborts: workerd's requests' signals abort only when the
		// client disconnects, which a worker cannot observe here.
		if q.signalObj == nil {
			ctor, _ := goja.AssertConstructor(vm.Get("AbortController"))
			ac, err := ctor(nil)
			if err != nil {
				panic(err)
			}
			q.signalObj = ac.Get("signal")
		}
		return q.signalObj
	})
	jsx.Method(c, "clone", func(q *Request, call goja.FunctionCall) goja.Value {
		body, err := r.tee(&q.Body)
		if err != nil {
			jsx.Throw(vm, err)
		}
		cp := *q
		cp.headersObj, cp.cfObj, cp.signalObj = nil, nil, nil
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
