package webapi

import (
	"encoding/json"
	"strings"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Request is the Go side of a JS Request.
type Request struct {
	Method  string
	URL     string
	Headers *Headers
	Body    Body
	// Redirect is the redirect mode: "follow" or "manual" (workerd refuses "error").
	Redirect string
	// CF is the request's cf object as JSON (an incoming request's: CFPlaceholder); empty
	// leaves request.cf undefined, as for a Request a worker makes.
	CF string

	headersObj *goja.Object // the [SameObject] JS Headers, made on first use
	urlValue   goja.Value   // request.url as JS reads it, made on first use (routers read it often)
	cfObj      goja.Value   // request.cf, parsed on first use
	signalObj  goja.Value   // request.signal, made on first use
}

// CFPlaceholder is the cf object wrangler dev gives an incoming request when it cannot
// fetch Cloudflare's (it never can offline): goflare gives the same, with the request's
// Accept-Encoding. A client sends the same Accept-Encoding on every request, so the text
// made for the last one is kept.
func CFPlaceholder(acceptEncoding string) string {
	if last := lastCF.Load(); last != nil && last.enc == acceptEncoding {
		return last.text
	}
	text := cfPlaceholder(acceptEncoding)
	lastCF.Store(&cfText{acceptEncoding, text})
	return text
}

// cfText is a CFPlaceholder result and the Accept-Encoding it was made for.
type cfText struct{ enc, text string }

var lastCF atomic.Pointer[cfText]

func cfPlaceholder(acceptEncoding string) string {
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
	jsx.Getter(c, "url", func(q *Request) goja.Value {
		if q.urlValue == nil {
			q.urlValue = vm.ToValue(q.URL)
		}
		return q.urlValue
	})
	jsx.Getter(c, "redirect", func(q *Request) goja.Value {
		if q.Redirect == "" {
			return vm.ToValue("follow")
		}
		return vm.ToValue(q.Redirect)
	})
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
// input and the init members method, headers, body, redirect and signal.
func (r *Realm) constructRequest(input, init goja.Value) *Request {
	vm := r.VM
	req := &Request{Method: "GET", Headers: NewHeaders(), Redirect: "follow"}
	src, fromRequest := jsx.Unwrap[*Request](input)
	if fromRequest {
		req.Method, req.URL, req.Headers, req.Redirect = src.Method, src.URL, src.Headers.Clone(), src.Redirect
		req.signalObj = src.signalObj
	} else {
		req.URL = r.parseURL(input.String())
	}
	var o *goja.Object
	if init != nil && !goja.IsUndefined(init) && !goja.IsNull(init) {
		o = init.ToObject(vm)
	}
	get := func(name string) goja.Value {
		if o == nil {
			return nil
		}
		if v := o.Get(name); v != nil && !goja.IsUndefined(v) {
			return v
		}
		return nil
	}
	if m := get("method"); m != nil {
		req.Method = normalizeMethod(vm, m.String())
	}
	if v := get("redirect"); v != nil {
		switch mode := v.String(); mode {
		case "follow", "manual":
			req.Redirect = mode
		default:
			jsx.Throw(vm, jsx.TypeError(`Invalid redirect value, must be one of "follow" or "manual" ("error" won't be implemented since it does not make sense at the edge; use "manual" and check the response status code).`))
		}
	}
	if v := get("signal"); v != nil && !goja.IsNull(v) {
		req.signalObj = v
	}
	if h := get("headers"); h != nil {
		req.Headers = NewHeaders()
		r.fillHeaders(req.Headers, h)
	}
	if b := get("body"); b != nil && !goja.IsNull(b) {
		if bodylessMethods[req.Method] {
			jsx.Throw(vm, jsx.TypeError("Request with a GET or HEAD method cannot have a body."))
		}
		body, ct := r.extractBody(b)
		req.Body = body
		if ct != "" && !req.Headers.Has("content-type") {
			req.Headers.Set("content-type", ct)
		}
	} else if fromRequest && (src.Body.Stream != nil || src.Body.Data != nil || src.Body.Reader != nil) {
		// The new request takes the body: the one it came from has used it.
		if r.bodyUsed(&src.Body) {
			jsx.Throw(vm, jsx.TypeError("Cannot reconstruct a Request with a used body."))
		}
		if bodylessMethods[req.Method] {
			jsx.Throw(vm, jsx.TypeError("Request with a GET or HEAD method cannot have a body."))
		}
		req.Body = Body{Data: src.Body.Data, Stream: src.Body.Stream, Reader: src.Body.Reader}
		src.Body.used = true
		src.Body.Reader = nil
	}
	return req
}

// httpMethods are the methods workerd takes (what its HTTP library knows, but CONNECT),
// in any case; it refuses any other.
var httpMethods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true,
	"PURGE": true, "OPTIONS": true, "TRACE": true, "COPY": true, "LOCK": true, "MKCOL": true, "MOVE": true,
	"PROPFIND": true, "PROPPATCH": true, "SEARCH": true, "UNLOCK": true, "ACL": true, "REPORT": true,
	"MKACTIVITY": true, "CHECKOUT": true, "MERGE": true, "M-SEARCH": true, "NOTIFY": true, "SUBSCRIBE": true,
	"UNSUBSCRIBE": true}

// normalizeMethod upper-cases a method workerd knows, and throws its TypeError for any
// other.
func normalizeMethod(vm *goja.Runtime, m string) string {
	u := strings.ToUpper(m)
	if !httpMethods[u] {
		jsx.Throw(vm, jsx.TypeError("Invalid HTTP method string: "+m))
	}
	return u
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
