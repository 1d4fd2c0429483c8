package webapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// The Cache API (caches.default, caches.open): what workerd's local cache does, checked
// against wrangler dev 4.86: a response is stored when a shared cache may keep it (no
// no-store, no private, no Set-Cookie) for its s-maxage, max-age or Expires; match
// answers it with Age and CF-Cache-Status: HIT, a 304 to a matching If-None-Match or
// If-Modified-Since, and a 206 to a single byte Range.

// CacheEntry is one stored response.
type CacheEntry struct {
	Status     int
	StatusText string
	Header     http.Header
	Body       []byte
	Stored     time.Time
	Expires    time.Time
}

// CacheStore keeps the cached responses, by cache name and URL. The dev server's is
// beside the KV state (kvstore); without one the realm keeps them in memory.
type CacheStore interface {
	PutCached(ctx context.Context, cache, url string, e *CacheEntry) error
	// GetCached returns the entry unexpired at now, or nil.
	GetCached(ctx context.Context, cache, url string, now time.Time) (*CacheEntry, error)
	// DeleteCached removes the entry, reporting whether one unexpired at now was there.
	DeleteCached(ctx context.Context, cache, url string, now time.Time) (bool, error)
}

// memoryCache is the CacheStore of a realm given none.
type memoryCache struct {
	mu sync.Mutex
	m  map[[2]string]*CacheEntry
}

func (c *memoryCache) PutCached(_ context.Context, cache, url string, e *CacheEntry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[2]string]*CacheEntry{}
	}
	c.m[[2]string{cache, url}] = e
	return nil
}

func (c *memoryCache) GetCached(_ context.Context, cache, url string, now time.Time) (*CacheEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[[2]string{cache, url}]
	if e == nil || !now.Before(e.Expires) {
		return nil, nil
	}
	return e, nil
}

func (c *memoryCache) DeleteCached(_ context.Context, cache, url string, now time.Time) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := [2]string{cache, url}
	e, ok := c.m[k]
	delete(c.m, k)
	return ok && now.Before(e.Expires), nil
}

type cacheStorage struct{ _ byte }

// cacheObj is one Cache; the default cache's name is "".
type cacheObj struct{ name string }

// cacheTTL is how long a shared cache may keep a response, 0 for not at all.
func cacheTTL(h *Headers, now time.Time) time.Duration {
	if _, ok := h.Get("set-cookie"); ok {
		return 0
	}
	cc, _ := h.Get("cache-control")
	directives := map[string]string{}
	for _, part := range strings.Split(cc, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		directives[strings.ToLower(k)] = strings.Trim(v, `"`)
	}
	if _, ok := directives["no-store"]; ok {
		return 0
	}
	if _, ok := directives["private"]; ok {
		return 0
	}
	if _, ok := directives["no-cache"]; ok {
		return 0
	}
	for _, d := range []string{"s-maxage", "max-age"} {
		if v, ok := directives[d]; ok {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return 0
			}
			return time.Duration(n) * time.Second
		}
	}
	if exp, ok := h.Get("expires"); ok {
		t, err := http.ParseTime(exp)
		if err != nil {
			return 0
		}
		base := now
		if d, ok := h.Get("date"); ok {
			if dt, err := http.ParseTime(d); err == nil {
				base = dt
			}
		}
		return t.Sub(base)
	}
	return 0
}

// installCaches defines caches (a CacheStorage) and the Cache class.
func installCaches(r *Realm) {
	vm := r.VM
	if r.Caches == nil {
		r.Caches = &memoryCache{}
	}
	now := func() time.Time {
		dn, _ := goja.AssertFunction(vm.Get("Date").ToObject(vm).Get("now"))
		v, _ := dn(goja.Undefined())
		return time.UnixMilli(v.ToInteger())
	}
	cacheClass := jsx.NewClass(vm, "Cache", nil)
	// key reads the request a Cache method is given: its URL, method and headers.
	key := func(method string, v goja.Value) (url, reqMethod string, h *Headers) {
		if q, ok := jsx.Unwrap[*Request](v); ok {
			return q.URL, q.Method, q.Headers
		}
		s := jsx.String(vm, v)
		u, err := urlParser.Parse(s)
		if err != nil {
			jsx.Throw(vm, jsx.TypeError("Invalid URL: "+s))
		}
		return u.Href(false), "GET", NewHeaders()
	}
	ctx := context.Background()
	jsx.Method(cacheClass, "put", func(c *cacheObj, call goja.FunctionCall) goja.Value {
		url, method, _ := key("put", call.Argument(0))
		res, ok := jsx.Unwrap[*Response](call.Argument(1))
		if !ok {
			return r.resolved(nil, jsx.TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'."))
		}
		switch {
		case method != "GET":
			return r.resolved(nil, jsx.TypeError("Cannot cache response to non-GET request."))
		case res.Status == 206:
			return r.resolved(nil, jsx.TypeError("Cannot cache response to a range request (206 Partial Content)."))
		}
		if v, _ := res.Headers.Get("vary"); strings.TrimSpace(v) == "*" {
			return r.resolved(nil, jsx.TypeError("Cannot cache response with 'Vary: *' header."))
		}
		stored := now()
		return r.Consume(&res.Body, func(data []byte) (goja.Value, error) {
			ttl := cacheTTL(res.Headers, stored)
			if ttl <= 0 {
				return goja.Undefined(), nil
			}
			h := res.Headers.HTTP()
			if h.Get("Date") == "" {
				h.Set("Date", stored.UTC().Format(http.TimeFormat))
			}
			h.Set("Content-Length", strconv.Itoa(len(data)))
			e := &CacheEntry{Status: res.Status, StatusText: res.StatusText, Header: h, Body: append([]byte(nil), data...), Stored: stored, Expires: stored.Add(ttl)}
			return goja.Undefined(), r.Caches.PutCached(ctx, c.name, url, e)
		})
	})
	jsx.Method(cacheClass, "match", func(c *cacheObj, call goja.FunctionCall) goja.Value {
		var url, method string
		var reqHeaders *Headers
		if err := jsx.Catch(func() { url, method, reqHeaders = key("match", call.Argument(0)) }); err != nil {
			return r.resolved(nil, err)
		}
		ignoreMethod := false
		if o, ok := call.Argument(1).(*goja.Object); ok {
			ignoreMethod = o.Get("ignoreMethod") != nil && o.Get("ignoreMethod").ToBoolean()
		}
		if method != "GET" && !ignoreMethod {
			return r.resolved(goja.Undefined(), nil)
		}
		t := now()
		e, err := r.Caches.GetCached(ctx, c.name, url, t)
		if err != nil || e == nil {
			return r.resolved(goja.Undefined(), err)
		}
		return r.resolved(r.Response.New(cachedResponse(e, reqHeaders, t)), nil)
	})
	jsx.Method(cacheClass, "delete", func(c *cacheObj, call goja.FunctionCall) goja.Value {
		var url, method string
		if err := jsx.Catch(func() { url, method, _ = key("delete", call.Argument(0)) }); err != nil {
			return r.resolved(nil, err)
		}
		ignoreMethod := false
		if o, ok := call.Argument(1).(*goja.Object); ok {
			ignoreMethod = o.Get("ignoreMethod") != nil && o.Get("ignoreMethod").ToBoolean()
		}
		if method != "GET" && !ignoreMethod {
			return r.resolved(vm.ToValue(false), nil)
		}
		ok, err := r.Caches.DeleteCached(ctx, c.name, url, now())
		return r.resolved(vm.ToValue(ok), err)
	})
	storageClass := jsx.NewClass(vm, "CacheStorage", nil)
	defaultCache := cacheClass.New(&cacheObj{})
	jsx.Getter(storageClass, "default", func(*cacheStorage) goja.Value { return defaultCache })
	jsx.Method(storageClass, "open", func(_ *cacheStorage, call goja.FunctionCall) goja.Value {
		return r.resolved(cacheClass.New(&cacheObj{name: "named:" + jsx.String(vm, call.Argument(0))}), nil)
	})
	vm.Set("Cache", cacheClass.Constructor)
	vm.Set("CacheStorage", storageClass.Constructor)
	vm.Set("caches", storageClass.New(&cacheStorage{}))
}

// cachedResponse answers a request from a cache entry: the stored response with Age
// and CF-Cache-Status, or a 304 or 206 as the request's conditional and Range headers
// ask.
func cachedResponse(e *CacheEntry, req *Headers, now time.Time) *Response {
	h := NewHeaders()
	for k, vs := range e.Header {
		for _, v := range vs {
			h.Append(k, v)
		}
	}
	h.Set("age", strconv.Itoa(int(now.Sub(e.Stored)/time.Second)))
	h.Set("cf-cache-status", "HIT")
	res := &Response{Status: e.Status, StatusText: e.StatusText, Headers: h, Body: Body{Data: e.Body}}
	if inm, ok := req.Get("if-none-match"); ok {
		if etag := e.Header.Get("Etag"); etag != "" && etagMatches(inm, etag) {
			return notModified(res)
		}
	} else if ims, ok := req.Get("if-modified-since"); ok {
		if lm, err := http.ParseTime(e.Header.Get("Last-Modified")); err == nil {
			if t, err := http.ParseTime(ims); err == nil && !lm.After(t) {
				return notModified(res)
			}
		}
	}
	if rng, ok := req.Get("range"); ok && e.Status == 200 {
		if start, end, ok := byteRange(rng, len(e.Body)); ok {
			res.Status, res.StatusText = 206, "Partial Content"
			res.Body = Body{Data: e.Body[start : end+1]}
			h.Set("content-range", "bytes "+strconv.Itoa(start)+"-"+strconv.Itoa(end)+"/"+strconv.Itoa(len(e.Body)))
			h.Set("content-length", strconv.Itoa(end-start+1))
		}
	}
	return res
}

func notModified(res *Response) *Response {
	res.Status, res.StatusText = 304, "Not Modified"
	res.Body = Body{}
	return res
}

func etagMatches(header, etag string) bool {
	weak := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "W/") }
	for _, t := range strings.Split(header, ",") {
		if strings.TrimSpace(t) == "*" || weak(t) == weak(etag) {
			return true
		}
	}
	return false
}

// byteRange reads a single "bytes=a-b" range of a body of size n.
func byteRange(h string, n int) (start, end int, ok bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	a, b, _ := strings.Cut(spec, "-")
	switch {
	case a == "":
		k, err := strconv.Atoi(b)
		if err != nil || k <= 0 {
			return 0, 0, false
		}
		return max(0, n-k), n - 1, n > 0
	default:
		s, err := strconv.Atoi(a)
		if err != nil || s >= n {
			return 0, 0, false
		}
		e := n - 1
		if b != "" {
			if e, err = strconv.Atoi(b); err != nil || e < s {
				return 0, 0, false
			}
			e = min(e, n-1)
		}
		return s, e, true
	}
}
