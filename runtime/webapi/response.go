package webapi

import (
	"net/http"
	"strconv"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// Response is the Go side of a JS Response.
type Response struct {
	Status     int
	StatusText string
	Headers    *Headers
	Body       Body
	// URL and Redirected describe a response fetch received ("" and false otherwise).
	URL        string
	Redirected bool
	// Type is "error" for Response.error(), else "" (reported as "default").
	Type string
	// WebSocket is the client end of a WebSocketPair a 101 response hands back.
	WebSocket *WSEnd
	// ManualEncoding is init.encodeBody === "manual": the body is already encoded as its
	// Content-Encoding says. Otherwise workerd encodes it (gzip, br) on the way out.
	ManualEncoding bool

	headersObj *goja.Object // the [SameObject] JS Headers, made on first use
}

// ResponseOf returns the Go Response held by v, if v is a JS Response.
func ResponseOf(v goja.Value) (*Response, bool) { return jsx.Unwrap[*Response](v) }

// installResponse defines the Response class.
func installResponse(r *Realm) {
	vm := r.VM
	c := jsx.NewClass(vm, "Response", func(call goja.ConstructorCall) any {
		return r.constructResponse(call.Argument(0), call.Argument(1))
	})
	r.Response = c
	jsx.Getter(c, "status", func(s *Response) goja.Value { return vm.ToValue(s.Status) })
	jsx.Getter(c, "statusText", func(s *Response) goja.Value { return vm.ToValue(s.StatusText) })
	jsx.Getter(c, "webSocket", func(s *Response) goja.Value {
		if s.WebSocket == nil {
			return goja.Null()
		}
		return s.WebSocket.obj
	})
	jsx.Getter(c, "ok", func(s *Response) goja.Value { return vm.ToValue(s.Status >= 200 && s.Status <= 299) })
	jsx.Getter(c, "redirected", func(s *Response) goja.Value { return vm.ToValue(s.Redirected) })
	jsx.Getter(c, "url", func(s *Response) goja.Value { return vm.ToValue(s.URL) })
	jsx.Getter(c, "type", func(s *Response) goja.Value {
		if s.Type == "" {
			return vm.ToValue("default")
		}
		return vm.ToValue(s.Type)
	})
	jsx.Getter(c, "headers", func(s *Response) goja.Value {
		if s.headersObj == nil {
			s.headersObj = r.Headers.New(s.Headers)
		}
		return s.headersObj
	})
	jsx.Method(c, "clone", func(s *Response, call goja.FunctionCall) goja.Value {
		body, err := r.tee(&s.Body)
		if err != nil {
			jsx.Throw(vm, err)
		}
		cp := *s
		cp.headersObj = nil
		cp.Headers = s.Headers.Clone()
		cp.Body = body
		return r.Response.New(&cp)
	})
	defineBodyMethods(r, c, func(s *Response) (*Body, *Headers) { return &s.Body, s.Headers })
	c.Static("error", func(call goja.FunctionCall) goja.Value {
		res := &Response{Status: 0, Headers: NewHeaders(), Type: "error"}
		res.Headers.Freeze()
		return r.Response.New(res)
	})
	c.Static("json", func(call goja.FunctionCall) goja.Value {
		text, ok, err := r.StringifyJSON(call.Argument(0))
		if err != nil {
			jsx.Throw(vm, err)
		}
		if !ok {
			jsx.Throw(vm, jsx.TypeError(errNotJSON.Error()))
		}
		res := r.constructResponse(vm.ToValue(text), call.Argument(1))
		if !initHasContentType(r, call.Argument(1)) { // a type the worker gave is kept, as workerd
			res.Headers.Set("content-type", "application/json")
		}
		return r.Response.New(res)
	})
	c.Static("redirect", func(call goja.FunctionCall) goja.Value {
		status := 302
		if s := call.Argument(1); !goja.IsUndefined(s) {
			status = int(s.ToInteger())
		}
		switch status {
		case 301, 302, 303, 307, 308:
		default:
			jsx.Throw(vm, jsx.RangeError(strconv.Itoa(status)+" is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308."))
		}
		target := jsx.String(vm, call.Argument(0))
		u, err := urlParser.Parse(target)
		if err != nil {
			jsx.Throw(vm, jsx.TypeError("Unable to parse URL: "+target))
		}
		res := &Response{Status: status, StatusText: statusText(status), Headers: NewHeaders()}
		res.Headers.Set("location", u.Href(false))
		return r.Response.New(res)
	})
	vm.Set("Response", c.Constructor)
}

// constructResponse implements `new Response(body, init)`.
func (r *Realm) constructResponse(body, init goja.Value) *Response {
	vm := r.VM
	givenText := false
	res := &Response{Status: 200, Headers: NewHeaders()}
	defer func() {
		if res.StatusText == "" && !givenText {
			res.StatusText = statusText(res.Status)
		}
	}()
	if init != nil && !goja.IsUndefined(init) && !goja.IsNull(init) {
		o := init.ToObject(vm)
		if ws := o.Get("webSocket"); ws != nil && !jsx.IsNullish(ws) {
			if res.WebSocket = WebSocketOf(ws); res.WebSocket == nil {
				jsx.Throw(vm, jsx.TypeError("Failed to construct 'Response': webSocket is not of type 'WebSocket'."))
			}
		}
		if s := o.Get("status"); s != nil && !goja.IsUndefined(s) {
			res.Status = int(s.ToInteger())
			if res.Status == 101 && res.WebSocket != nil {
				// a WebSocket handshake's answer
			} else if res.Status < 200 || res.Status > 599 {
				jsx.Throw(vm, jsx.RangeError("Responses may only be constructed with status codes in the range 200 to 599, inclusive."))
			}
		}
		if s := o.Get("statusText"); s != nil && !goja.IsUndefined(s) {
			givenText = true
			res.StatusText = jsx.String(vm, s)
			if !validStatusText(res.StatusText) {
				jsx.Throw(vm, jsx.TypeError("Invalid statusText"))
			}
		}
		if h := o.Get("headers"); h != nil && !goja.IsUndefined(h) {
			r.fillHeaders(res.Headers, h)
		}
		if e := o.Get("encodeBody"); e != nil && !goja.IsUndefined(e) {
			switch e.String() {
			case "automatic":
			case "manual":
				res.ManualEncoding = true
			default:
				jsx.Throw(vm, jsx.TypeError("encodeBody: unexpected value: "+e.String()))
			}
		}
	}
	b, ct := r.extractBody(body)
	if b.HasBody() {
		switch res.Status {
		case 101, 204, 205, 304:
			jsx.Throw(vm, jsx.TypeError("Response with null body status cannot have body"))
		}
	}
	res.Body = b
	if ct != "" && !res.Headers.Has("content-type") {
		res.Headers.Set("content-type", ct)
	}
	return res
}

// StatusTextFor returns the status text a response is sent with: its own, or the standard
// one for its code.
func (s *Response) StatusTextFor() string {
	if s.StatusText != "" {
		return s.StatusText
	}
	return http.StatusText(s.Status)
}

// validStatusText reports whether s holds no control character below U+0020 (a tab
// included), what workerd checks of statusText (checked against wrangler 4.86: DEL and
// characters past U+00FF pass): a CR or LF would have split the status line.
func validStatusText(s string) bool {
	for _, c := range s {
		if c < 0x20 {
			return false
		}
	}
	return true
}

// statusTexts are the texts workerd gives a Response made without one (Node's names).
var statusTexts = map[int]string{
	100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
	200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
	205: "Reset Content", 206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
	300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
	305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
	400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
	405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
	409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Payload Too Large",
	414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
	418: "I'm a teapot", 421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked",
	424: "Failed Dependency", 426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
	431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
	500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
	504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates",
	507: "Insufficient Storage", 508: "Loop Detected", 510: "Not Extended", 511: "Network Authentication Required",
}

// statusText is a status code's text, else its class's ("Client Error"), as workerd.
func statusText(code int) string {
	if t, ok := statusTexts[code]; ok {
		return t
	}
	switch code / 100 {
	case 1:
		return "Informational"
	case 2:
		return "Successful"
	case 3:
		return "Redirection"
	case 4:
		return "Client Error"
	case 5:
		return "Server Error"
	}
	return ""
}

// initHasContentType reports whether a ResponseInit's headers name a Content-Type.
func initHasContentType(r *Realm, init goja.Value) bool {
	o, ok := init.(*goja.Object)
	if !ok {
		return false
	}
	h := o.Get("headers")
	if h == nil || goja.IsUndefined(h) || goja.IsNull(h) {
		return false
	}
	given := NewHeaders()
	r.fillHeaders(given, h)
	return given.Has("content-type")
}
