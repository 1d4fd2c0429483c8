package assets

import (
	"fmt"
	"github.com/goflare/goflare/bindings"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// This file is Cloudflare's asset worker (workers-shared/asset-worker/src/handler.ts) and
// router worker, in Go: the html_handling and not_found_handling resolution, _redirects
// and _headers, and which requests reach the user's worker.

// intent is what a path resolves to: an asset (with the status it is served with) or a
// redirect.
type intent struct {
	asset    *asset
	status   int // 200, or 404 for a not-found page
	redirect string
	notFound bool // resolved by not_found_handling
}

// resolver decides intents for one request: exists is memoized, as one request asks
// about the same paths many times.
type resolver struct {
	s     *Site
	rules *siteRules
	seen  map[string]*asset
	// notFoundHandling may be "none" for the router's question (canFetch).
	notFoundHandling string
}

func (r *resolver) exists(p string) *asset {
	if a, ok := r.seen[p]; ok {
		return a
	}
	a := r.s.lookup(r.rules, p)
	r.seen[p] = a
	return a
}

func (r *resolver) found(a *asset) *intent { return &intent{asset: a, status: http.StatusOK} }

// safeRedirect is handler.ts's: a redirect from file to destination when destination
// would serve the same asset.
func (r *resolver) safeRedirect(file, destination string, skip bool) *intent {
	if skip {
		return nil
	}
	if r.exists(destination) == nil {
		in := r.intent(destination, true)
		if in != nil && in.asset != nil {
			if f := r.exists(file); f != nil && f.eTag == in.asset.eTag && f.path == in.asset.path {
				return &intent{redirect: destination}
			}
		}
	}
	return nil
}

// intent is getIntent.
func (r *resolver) intent(p string, skip bool) *intent {
	switch r.s.opts.HTMLHandling {
	case "force-trailing-slash":
		return r.forceTrailingSlash(p, skip)
	case "drop-trailing-slash":
		return r.dropTrailingSlash(p, skip)
	case "none":
		if a := r.exists(p); a != nil {
			return r.found(a)
		}
		return r.notFound(p)
	}
	return r.autoTrailingSlash(p, skip)
}

// first returns the first non-nil intent of the candidates, evaluated in order.
func first(cands ...func() *intent) *intent {
	for _, c := range cands {
		if in := c(); in != nil {
			return in
		}
	}
	return nil
}

func (r *resolver) asset(p string) func() *intent {
	return func() *intent {
		if a := r.exists(p); a != nil {
			return r.found(a)
		}
		return nil
	}
}

func (r *resolver) redirect(file, dest string, skip bool) func() *intent {
	return func() *intent { return r.safeRedirect(file, dest, skip) }
}

func (r *resolver) autoTrailingSlash(p string, skip bool) *intent {
	exact := r.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return r.found(exact)
		}
		if in := first(r.redirect(p+".html", strings.TrimSuffix(p, "index"), skip),
			r.redirect(strings.TrimSuffix(p, "/index")+".html", strings.TrimSuffix(p, "/index"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		if in := first(r.redirect(p, strings.TrimSuffix(p, "index.html"), skip),
			r.redirect(strings.TrimSuffix(p, "/index.html")+".html", strings.TrimSuffix(p, "/index.html"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, "/"):
		if in := first(r.asset(p+"index.html"),
			r.redirect(strings.TrimSuffix(p, "/")+".html", strings.TrimSuffix(p, "/"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in := first(r.redirect(p, base, skip), r.redirect(base+"/index.html", base+"/", skip)); in != nil {
			return in
		}
	}
	if exact != nil {
		return r.found(exact)
	}
	if in := first(r.asset(p+".html"), r.redirect(p+"/index.html", p+"/", skip)); in != nil {
		return in
	}
	return r.notFound(p)
}

func (r *resolver) forceTrailingSlash(p string, skip bool) *intent {
	exact := r.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return r.found(exact)
		}
		if in := first(r.redirect(p+".html", strings.TrimSuffix(p, "index"), skip),
			r.redirect(strings.TrimSuffix(p, "/index")+".html", strings.TrimSuffix(p, "index"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		if in := first(r.redirect(p, strings.TrimSuffix(p, "index.html"), skip),
			r.redirect(strings.TrimSuffix(p, "/index.html")+".html", strings.TrimSuffix(p, "index.html"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, "/"):
		if in := first(r.asset(p+"index.html"), r.asset(strings.TrimSuffix(p, "/")+".html")); in != nil {
			return in
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in := r.safeRedirect(p, base+"/", skip); in != nil {
			return in
		}
		if exact != nil {
			return r.found(exact)
		}
		if in := r.safeRedirect(base+"/index.html", base+"/", skip); in != nil {
			return in
		}
	}
	if exact != nil {
		return r.found(exact)
	}
	if in := first(r.redirect(p+".html", p+"/", skip), r.redirect(p+"/index.html", p+"/", skip)); in != nil {
		return in
	}
	return r.notFound(p)
}

func (r *resolver) dropTrailingSlash(p string, skip bool) *intent {
	exact := r.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return r.found(exact)
		}
		if p == "/index" {
			if in := r.safeRedirect("/index.html", "/", skip); in != nil {
				return in
			}
		} else if in := first(r.redirect(strings.TrimSuffix(p, "/index")+".html", strings.TrimSuffix(p, "/index"), skip),
			r.redirect(p+".html", strings.TrimSuffix(p, "/index"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		if p == "/index.html" {
			if in := r.safeRedirect("/index.html", "/", skip); in != nil {
				return in
			}
		} else {
			if in := r.safeRedirect(p, strings.TrimSuffix(p, "/index.html"), skip); in != nil {
				return in
			}
			if exact != nil {
				return r.found(exact)
			}
			if in := r.safeRedirect(strings.TrimSuffix(p, "/index.html")+".html", strings.TrimSuffix(p, "/index.html"), skip); in != nil {
				return in
			}
		}
	case strings.HasSuffix(p, "/"):
		if p == "/" {
			if a := r.exists("/index.html"); a != nil {
				return r.found(a)
			}
		} else if in := first(r.redirect(strings.TrimSuffix(p, "/")+".html", strings.TrimSuffix(p, "/"), skip),
			r.redirect(strings.TrimSuffix(p, "/")+"/index.html", strings.TrimSuffix(p, "/"), skip)); in != nil {
			return in
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in := first(r.redirect(p, base, skip), r.redirect(base+"/index.html", base, skip)); in != nil {
			return in
		}
	}
	if exact != nil {
		return r.found(exact)
	}
	if in := first(r.asset(p+".html"), r.asset(p+"/index.html")); in != nil {
		return in
	}
	return r.notFound(p)
}

// notFound is not_found_handling.
func (r *resolver) notFound(p string) *intent {
	switch r.notFoundHandling {
	case "single-page-application":
		if a := r.exists("/index.html"); a != nil {
			return &intent{asset: a, status: http.StatusOK, notFound: true}
		}
	case "404-page":
		cwd := p
		for cwd != "" {
			cwd = cwd[:max(strings.LastIndexByte(cwd, '/'), 0)]
			if a := r.exists(cwd + "/404.html"); a != nil {
				return &intent{asset: a, status: http.StatusNotFound, notFound: true}
			}
		}
	}
	return nil
}

// decodePath is handler.ts's: each segment percent-decoded (left as it is when it is
// not valid), runs of slashes made one.
func decodePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if d, err := url.PathUnescape(s); err == nil && validUTF8Decode(s) {
			segs[i] = d
		}
	}
	return manySlashes.ReplaceAllString(strings.Join(segs, "/"), "/")
}

// validUTF8Decode reports whether decodeURIComponent would accept s (its escapes form
// UTF-8).
func validUTF8Decode(s string) bool {
	d, err := url.PathUnescape(s)
	return err == nil && isUTF8(d)
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// encodePath is handler.ts's: each segment as encodeURIComponent writes it.
func encodePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = encodeURIComponent(s)
	}
	return strings.Join(segs, "/")
}

// encodeURIComponent escapes all but A-Z a-z 0-9 - _ . ! ~ * ' ( ).
func encodeURIComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isWord(c) && c != '_' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// requestURL is the URL the request was sent to and its pathname as new URL() gives it
// in the worker (dot segments resolved, percent-escapes kept, slashes as sent).
func requestURL(req *http.Request) (*url.URL, string) {
	u := *req.URL
	if u.Host == "" {
		u.Host = req.Host
	}
	if u.Scheme == "" {
		u.Scheme = "http"
	}
	raw := req.RequestURI
	if raw == "" || !strings.HasPrefix(raw, "/") {
		raw = u.RequestURI()
	}
	pathname := u.EscapedPath()
	if w, err := urlParser.Parse(u.Scheme + "://" + u.Host + raw); err == nil {
		pathname = w.Pathname()
	}
	if pathname == "" {
		pathname = "/"
	}
	return &u, pathname
}

// view is what every step of one request reads: the rule files as they stand and the
// request's URL, each read once per request.
type view struct {
	rules    *siteRules
	u        *url.URL
	pathname string
}

func (s *Site) view(req *http.Request) view {
	u, pathname := requestURL(req)
	return view{rules: s.currentRules(), u: u, pathname: pathname}
}

// result is the asset worker's answer before headers rules are applied.
type result struct {
	status   int
	location string
	asset    *asset
	noIntent bool // NoIntentResponse: nothing here (the router then asks the worker)
	notFound bool // served by not_found_handling
}

// respond is getResponseOrAssetIntent.
func (s *Site) respond(req *http.Request, v view, notFoundHandling string) result {
	rules, u, pathname := v.rules, v.u, v.pathname
	proxied := false
	if red, ok := s.matchRedirect(rules, u, pathname); ok {
		if red.status == http.StatusOK {
			if t, err := urlParser.ParseRef(u.String(), red.to); err == nil {
				pathname, proxied = t.Pathname(), true
			}
		} else {
			return result{status: red.status, location: redirectLocation(u, red.to)}
		}
	}
	decoded := decodePath(pathname)
	res := &resolver{s: s, rules: rules, seen: map[string]*asset{}, notFoundHandling: notFoundHandling}
	in := res.intent(decoded, false)
	if in == nil {
		return result{status: http.StatusNotFound, noIntent: !proxied}
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return result{status: http.StatusMethodNotAllowed}
	}
	dest := decoded
	if in.redirect != "" {
		dest = in.redirect
	}
	encoded := encodePath(dest)
	if encoded != pathname && in.asset != nil || in.redirect != "" {
		return result{status: http.StatusTemporaryRedirect, location: encoded + searchOf(u)}
	}
	return result{status: in.status, asset: in.asset, notFound: in.notFound}
}

func searchOf(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// matchRedirect is the static rules (with and without the host, the earlier line
// winning), else the first dynamic rule that matches.
func (s *Site) matchRedirect(r *siteRules, u *url.URL, pathname string) (redirectRule, bool) {
	withHost, okHost := r.static["https://"+u.Host+pathname]
	without, ok := r.static[pathname]
	switch {
	case okHost && ok:
		if withHost.lineNumber < without.lineNumber {
			return withHost, true
		}
		return without, true
	case okHost:
		return withHost, true
	case ok:
		return without, true
	}
	for i, c := range r.dynamicRe {
		repl, order, ok := c.match(u.Hostname(), pathname)
		if !ok {
			continue
		}
		rule := r.dynamic[i]
		target := strings.TrimSpace(replacer(rule.to, repl, order))
		if !protoPattern.MatchString(target) {
			target = manySlashes.ReplaceAllString(target, "/")
		}
		rule.to = target
		return rule, true
	}
	return redirectRule{}, false
}

// redirectLocation is the Location handleRedirects sends: the path (and the request's
// search, unless the target has one) on the same origin, else the whole URL.
func redirectLocation(u *url.URL, to string) string {
	dest, err := urlParser.ParseRef(u.String(), to)
	if err != nil {
		return to
	}
	search := searchOf(u)
	if dest.Search() != "" {
		search = dest.Search()
	}
	if dest.Protocol()+"//"+dest.Host() == u.Scheme+"://"+u.Host {
		return dest.Pathname() + search + dest.Hash()
	}
	href := dest.Href(false)
	return href[:len(href)-len(dest.Search())-len(dest.Hash())] + search + dest.Hash()
}

// CanFetch is the asset worker's unstable_canFetch: whether the assets have an answer
// for the request (an asset, a redirect, a refusal of its method), so that the router
// does not ask the worker.
func (s *Site) CanFetch(req *http.Request) bool {
	return s.canFetch(req, s.view(req))
}

func (s *Site) canFetch(req *http.Request, v view) bool {
	nf := "none"
	if len(s.opts.RunWorkerFirstRules) > 0 || s.navigationPrefersAsset && req.Header.Get("Sec-Fetch-Mode") == "navigate" {
		nf = s.opts.NotFoundHandling
	}
	return !s.respond(req, v, nf).noIntent
}

// ToWorker is the router worker's decision: whether the user's worker answers the
// request (else the assets do).
func (s *Site) ToWorker(req *http.Request) bool {
	if !s.opts.HasWorker {
		return false
	}
	u, p := requestURL(req)
	if len(s.userFirst) > 0 {
		for _, re := range s.assetFirst {
			if re != nil && re.MatchString(p) {
				return false
			}
		}
		for _, re := range s.userFirst {
			if re != nil && re.MatchString(p) {
				return true
			}
		}
	}
	if s.opts.RunWorkerFirst {
		return true
	}
	return !s.canFetch(req, view{rules: s.currentRules(), u: u, pathname: p})
}

// cacheControl is what a cacheable asset response carries.
const cacheControl = "public, max-age=0, must-revalidate"

// NavigationLog is the note Miniflare adds to the request's log line when a navigation
// was answered by not_found_handling (the header never reaches the client).
const NavigationLog = "`Sec-Fetch-Mode: navigate` header present - using `not_found_handling` behavior"

// LogHeader carries NavigationLog from ServeHTTP to the dev server's log line.
const LogHeader = bindings.LogHeader

// ServeHTTP answers as the asset worker does.
func (s *Site) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	v := s.view(req)
	res := s.respond(req, v, s.opts.NotFoundHandling)
	h := w.Header()
	var body io.ReadCloser
	switch {
	case res.asset != nil:
		a := res.asset
		strong := `"` + a.eTag + `"`
		h["ETag"] = []string{strong}
		if a.contentType != "" {
			h["Content-Type"] = []string{a.contentType}
		}
		ranged := req.Header.Get("Range") != ""
		if req.Header.Get("Authorization") == "" && !ranged {
			h["Cache-Control"] = []string{cacheControl}
		}
		h["CF-Cache-Status"] = []string{"HIT"}
		if res.notFound && s.navigationPrefersAsset {
			h[LogHeader] = []string{NavigationLog}
		}
		inm := req.Header.Get("If-None-Match")
		if inm == strong || inm == "W/"+strong {
			res.status = http.StatusNotModified
			break
		}
		if req.Method == http.MethodHead {
			break
		}
		f, err := os.Open(a.path)
		if err != nil {
			// Deleted between the lookup and now: as if it had not been there.
			for k := range h {
				delete(h, k)
			}
			res = result{status: http.StatusNotFound}
			break
		}
		body = f
		if ranged && res.status == http.StatusOK {
			if start, end, ok := parseRange(req.Header.Get("Range"), a.size); ok {
				f.Seek(start, io.SeekStart)
				body = struct {
					io.Reader
					io.Closer
				}{io.LimitReader(f, end-start+1), f}
				h["Content-Range"] = []string{fmt.Sprintf("bytes %d-%d/%d", start, end, a.size)}
				h["Content-Length"] = []string{strconv.FormatInt(end-start+1, 10)}
				res.status = http.StatusPartialContent
			} else if !ok && start < 0 {
				f.Close()
				body = nil
				h["Content-Range"] = []string{fmt.Sprintf("bytes */%d", a.size)}
				res.status = http.StatusRequestedRangeNotSatisfiable
			}
		}
		if res.status != http.StatusPartialContent && body != nil && !strings.HasPrefix(a.contentType, "text/html") {
			// HTML goes out streamed, with no length, as wrangler dev sends it.
			h["Content-Length"] = []string{strconv.FormatInt(a.size, 10)}
		}
	case res.location != "":
		h["Location"] = []string{res.location}
	}
	s.attachHeaders(v, h)
	w.WriteHeader(res.status)
	if body != nil {
		io.Copy(w, body)
		body.Close()
	}
}

// parseRange reads a single "bytes=" range. ok is false with start < 0 when the range
// cannot be satisfied, and false with start 0 when the header is not one this answers
// (several ranges, another unit): the whole file is sent.
func parseRange(h string, size int64) (start, end int64, ok bool) {
	spec, found := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false
	}
	switch {
	case a == "":
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		if n == 0 || size == 0 {
			return -1, 0, false
		}
		return max(size-n, 0), size - 1, true
	default:
		s, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		e := size - 1
		if b != "" {
			if e2, err := strconv.ParseInt(b, 10, 64); err == nil && e2 >= s {
				e = min(e2, size-1)
			} else {
				return 0, 0, false
			}
		}
		if s >= size {
			return -1, 0, false
		}
		return s, e, true
	}
}

// attachHeaders applies _headers' rules that match the request, as attachCustomHeaders
// does: unsets first, then each name set once and appended to after.
func (s *Site) attachHeaders(v view, h http.Header) {
	rules, u, pathname := v.rules, v.u, v.pathname
	set := map[string]bool{}
	for i, c := range rules.headerRe {
		repl, order, ok := c.match(u.Hostname(), pathname)
		if !ok {
			continue
		}
		rule := rules.headers[i]
		for _, name := range rule.unset {
			deleteHeader(h, name)
		}
		for _, p := range rule.set {
			value := replacer(p.value, repl, order)
			if set[p.name] {
				h[p.name] = append(h[p.name], value)
				continue
			}
			deleteHeader(h, p.name)
			h[p.name] = []string{value}
			set[p.name] = true
		}
	}
}

// deleteHeader removes a header whatever the case of its key in h.
func deleteHeader(h http.Header, name string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}
