// Package cfapi is Cloudflare's v4 REST API for Workers KV (spec/rest-api.md): Server
// answers the official SDK's and the KV guide's curl requests from a kvstore.Store, so
// scripts that manage KV through the API run against goflare unchanged but for the base
// URL.
package cfapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/goflare/goflare/kvstore"
)

// Server answers the KV endpoints under /accounts/{account_id}/storage/kv/namespaces
// (the caller strips its own prefix, e.g. /cdn-cgi/client/v4). Any account id is taken.
type Server struct {
	// Store holds the namespaces: the same one the worker's bindings and `goflare kv` use.
	Store *kvstore.Store
	// Token, when not empty, must come as `Authorization: Bearer <Token>`; empty takes any
	// credentials or none (the SDK sends none when it has none).
	Token string
	// Count, when not nil, takes one operation of a kind ("get", "put", "delete",
	// "list") from a simulated daily quota; an error refuses the request as Cloudflare
	// does once the free plan's quota is spent (code 10048).
	Count func(kind string) error
}

// countEach takes n operations of kind from the quota: each pair of a bulk write is a
// write, as Cloudflare counts them.
func (s *Server) countEach(kind string, n int) error {
	if s.Count == nil {
		return nil
	}
	for i := 0; i < n; i++ {
		if s.Count(kind) != nil {
			return errQuota
		}
	}
	return nil
}

// errQuota is Cloudflare's answer once the day's free usage of an operation is spent.
var errQuota = &apiError{http.StatusTooManyRequests, 10048, "your account has reached the free usage limit for this operation for today"}

// operationKind is the quota an API request draws on ("" for none: namespaces).
func operationKind(method string, rest []string) string {
	switch {
	case len(rest) == 2 && rest[1] == "keys":
		return "list"
	case len(rest) == 3 && (rest[1] == "values" || rest[1] == "metadata"):
		switch method {
		case http.MethodGet:
			return "get"
		case http.MethodDelete:
			return "delete"
		}
		return "put"
	case len(rest) == 3 && rest[1] == "bulk" && rest[2] == "get":
		return "get"
	}
	// Bulk writes and deletes count each pair (countEach); namespaces count nothing.
	return ""
}

// apiError is one Cloudflare error: the HTTP status and the envelope's code and message.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %d %s", e.status, e.code, e.message) }

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, 10001, fmt.Sprintf(format, args...)}
}

var (
	errNoRoute     = &apiError{http.StatusNotFound, 7003, "No route for the URI"}
	errKeyNotFound = &apiError{http.StatusNotFound, 10009, "get: 'key not found'"}
	errAuth        = &apiError{http.StatusUnauthorized, 10000, "Authentication error"}
)

// nsNotFound is 10013 as the service words it for the operation op.
func nsNotFound(op string) *apiError {
	return &apiError{http.StatusNotFound, 10013, op + ": 'namespace not found'"}
}

// ServeHTTP routes one API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.Token != "" {
		auth := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.Token)) != 1 {
			writeError(w, errAuth)
			return
		}
	}
	// The escaped path, split on its slashes: a key's own slashes come as %2F.
	parts := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	if len(parts) < 5 || parts[0] != "accounts" || parts[2] != "storage" || parts[3] != "kv" || parts[4] != "namespaces" {
		writeError(w, errNoRoute)
		return
	}
	rest := parts[5:]
	if kind := operationKind(r.Method, rest); kind != "" && s.Count != nil {
		if s.Count(kind) != nil {
			writeError(w, errQuota)
			return
		}
	}
	var res any
	var err error
	ctx := r.Context()
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		s.listNamespaces(w, r)
		return
	case len(rest) == 0 && r.Method == http.MethodPost:
		res, err = s.createNamespace(ctx, r)
	case len(rest) == 1:
		res, err = s.namespace(ctx, r, rest[0])
	case len(rest) == 2 && rest[1] == "keys" && r.Method == http.MethodGet:
		s.listKeys(w, r, rest[0])
		return
	case len(rest) == 3 && rest[1] == "values":
		if r.Method == http.MethodGet {
			s.getValue(w, r, rest[0], rest[2])
			return
		}
		res, err = s.value(ctx, r, rest[0], rest[2])
	case len(rest) == 3 && rest[1] == "metadata" && r.Method == http.MethodGet:
		res, err = s.metadata(ctx, rest[0], rest[2])
	case len(rest) == 2 && rest[1] == "bulk" && r.Method == http.MethodPut:
		res, err = s.bulkPut(ctx, r, rest[0])
	case len(rest) == 2 && rest[1] == "bulk" && r.Method == http.MethodDelete,
		len(rest) == 3 && rest[1] == "bulk" && rest[2] == "delete" && r.Method == http.MethodPost:
		res, err = s.bulkDelete(ctx, r, rest[0])
	case len(rest) == 3 && rest[1] == "bulk" && rest[2] == "get" && r.Method == http.MethodPost:
		res, err = s.bulkGet(ctx, r, rest[0])
	default:
		err = errNoRoute
	}
	if err != nil {
		writeError(w, err)
		return
	}
	writeResult(w, res, nil)
}

// envelope is Cloudflare's answer around every result.
type envelope struct {
	Success    bool       `json:"success"`
	Errors     []apiIssue `json:"errors"`
	Messages   []apiIssue `json:"messages"`
	Result     any        `json:"result"`
	ResultInfo any        `json:"result_info,omitempty"`
}

type apiIssue struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeResult(w http.ResponseWriter, result, info any) {
	writeJSON(w, http.StatusOK, envelope{Success: true, Errors: []apiIssue{}, Messages: []apiIssue{}, Result: result, ResultInfo: info})
}

// writeError answers with the failure envelope. A store refusal keeps its 4xx status; a
// failure of goflare's own is a 500 (the SDK retries those, which is right for them).
func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		if ke, ok := kvstore.AsError(err); ok {
			code := ke.Code
			if code == 0 {
				code = 10001
			}
			ae = &apiError{ke.Status, code, ke.Message}
		} else {
			ae = &apiError{http.StatusInternalServerError, 10002, err.Error()}
		}
	}
	writeJSON(w, ae.status, envelope{Errors: []apiIssue{{ae.code, ae.message}}, Messages: []apiIssue{}})
}

// namespaceJSON is a namespace as the API shows one.
type namespaceJSON struct {
	ID                  string `json:"id"`
	Title               string `json:"title"`
	SupportsURLEncoding bool   `json:"supports_url_encoding"`
}

func nsJSON(ns kvstore.Namespace) namespaceJSON {
	return namespaceJSON{ID: ns.ID, Title: ns.Title, SupportsURLEncoding: true}
}

// listNamespaces pages through the namespaces: page from 1, per_page 1 to 1000 (default
// 20), order id or title, direction asc or desc; a page past the end is empty, which is
// what ends the SDK's iteration.
func (s *Server) listNamespaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := intParam(q, "page", 1, 1, 1<<30)
	if err != nil {
		writeError(w, err)
		return
	}
	perPage, err := intParam(q, "per_page", 20, 1, 1000)
	if err != nil {
		writeError(w, err)
		return
	}
	order, direction := q.Get("order"), q.Get("direction")
	if order != "" && order != "id" && order != "title" {
		writeError(w, badRequest("order: must be one of id, title"))
		return
	}
	if direction != "" && direction != "asc" && direction != "desc" {
		writeError(w, badRequest("direction: must be one of asc, desc"))
		return
	}
	all, err := s.Store.ListNamespaces(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].Title, all[j].Title
		if order == "id" {
			a, b = all[i].ID, all[j].ID
		}
		if direction == "desc" {
			return a > b
		}
		return a < b
	})
	out := []namespaceJSON{}
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		out = append(out, nsJSON(all[i]))
	}
	writeResult(w, out, map[string]int{"page": page, "per_page": perPage, "count": len(out), "total_count": len(all)})
}

// intParam reads an integer query parameter within [min, max], or def when absent.
func intParam(q url.Values, name string, def, min, max int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, badRequest("%s: Expected number, received string", name)
	case n < min:
		return 0, badRequest("%s: Number must be greater than or equal to %d", name, min)
	case n > max:
		return 0, badRequest("%s: Number must be less than or equal to %d", name, max)
	}
	return n, nil
}

// titleBody reads {"title": "…"}.
func titleBody(r *http.Request) (string, error) {
	var body struct {
		Title *string `json:"title"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
		return "", badRequest("Invalid JSON body: %v", err)
	}
	if body.Title == nil {
		return "", badRequest("title: Required")
	}
	return *body.Title, nil
}

func (s *Server) createNamespace(ctx context.Context, r *http.Request) (any, error) {
	title, err := titleBody(r)
	if err != nil {
		return nil, err
	}
	ns, err := s.Store.CreateNamespace(ctx, title)
	if err != nil {
		return nil, err
	}
	return nsJSON(ns), nil
}

// namespace is GET (read), PUT (rename) and DELETE of one namespace.
func (s *Server) namespace(ctx context.Context, r *http.Request, id string) (any, error) {
	switch r.Method {
	case http.MethodGet:
		ns, err := s.Store.GetNamespace(ctx, id)
		if errors.Is(err, kvstore.ErrNamespaceNotFound) {
			return nil, nsNotFound("get namespace")
		}
		if err != nil {
			return nil, err
		}
		return nsJSON(ns), nil
	case http.MethodPut:
		title, err := titleBody(r)
		if err != nil {
			return nil, err
		}
		if err := s.exists(ctx, id, "rename namespace"); err != nil {
			return nil, err
		}
		ns, err := s.Store.RenameNamespace(ctx, id, title)
		if err != nil {
			return nil, err
		}
		return nsJSON(ns), nil
	case http.MethodDelete:
		if err := s.exists(ctx, id, "delete namespace"); err != nil {
			return nil, err
		}
		if err := s.Store.DeleteNamespace(ctx, id); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
	return nil, errNoRoute
}

// exists answers 10013 (worded for op) unless namespace id exists.
func (s *Server) exists(ctx context.Context, id, op string) error {
	_, err := s.Store.GetNamespace(ctx, id)
	if errors.Is(err, kvstore.ErrNamespaceNotFound) {
		return nsNotFound(op)
	}
	return err
}

// keyOf percent-decodes a key from the path, once.
func keyOf(escaped string) (string, error) {
	key, err := url.PathUnescape(escaped)
	if err != nil {
		return "", badRequest("Invalid key name encoding: %v", err)
	}
	return key, nil
}

// keyJSON is one key of a listing: expiration and metadata only when set.
type keyJSON struct {
	Name       string          `json:"name"`
	Expiration int64           `json:"expiration,omitempty"`
	Metadata   json.RawMessage `json:"metadata,omitempty"`
}

// listKeys is one page of keys: prefix, limit 10 to 1000 (default 1000), and an opaque
// cursor that is "" on the last page.
func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, ns string) {
	ctx := r.Context()
	q := r.URL.Query()
	limit, err := intParam(q, "limit", kvstore.MaxListLimit, 10, kvstore.MaxListLimit)
	if err == nil {
		err = s.exists(ctx, ns, "list keys")
	}
	if err != nil {
		writeError(w, err)
		return
	}
	page, err := s.Store.List(ctx, ns, kvstore.ListOptions{Prefix: q.Get("prefix"), Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]keyJSON, 0, len(page.Keys))
	for _, k := range page.Keys {
		out = append(out, keyJSON{Name: k.Name, Expiration: k.Expiration, Metadata: rawJSON(k.Metadata)})
	}
	cursor := page.Cursor
	if page.Complete {
		cursor = ""
	}
	writeResult(w, out, map[string]any{"count": len(out), "cursor": cursor})
}

// rawJSON is stored metadata text as JSON, nil for none.
func rawJSON(meta string) json.RawMessage {
	if meta == "" {
		return nil
	}
	return json.RawMessage(meta)
}

// getValue answers a value's raw bytes, with its expiry in an `expiration` header.
func (s *Server) getValue(w http.ResponseWriter, r *http.Request, ns, escapedKey string) {
	ctx := r.Context()
	key, err := keyOf(escapedKey)
	if err == nil {
		err = s.exists(ctx, ns, "get")
	}
	if err != nil {
		writeError(w, err)
		return
	}
	v, err := s.Store.Get(ctx, ns, key)
	if err == nil && v == nil {
		err = errKeyNotFound
	}
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(v.Size, 10))
	if v.Expiration != 0 {
		w.Header().Set("Expiration", strconv.FormatInt(v.Expiration, 10))
	}
	w.WriteHeader(http.StatusOK)
	io.Copy(w, v)
}

// value is PUT and DELETE of one key.
func (s *Server) value(ctx context.Context, r *http.Request, ns, escapedKey string) (any, error) {
	key, err := keyOf(escapedKey)
	if err != nil {
		return nil, err
	}
	switch r.Method {
	case http.MethodPut:
		if err := s.exists(ctx, ns, "put"); err != nil {
			return nil, err
		}
		opts, err := expiryParams(r.URL.Query())
		if err != nil {
			return nil, err
		}
		body, meta, err := valueBody(r)
		if err != nil {
			return nil, err
		}
		opts.Metadata = meta
		if err := s.Store.Put(ctx, ns, key, body, opts); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	case http.MethodDelete:
		if err := s.exists(ctx, ns, "remove key"); err != nil {
			return nil, err
		}
		if err := s.Store.Delete(ctx, ns, key); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
	return nil, errNoRoute
}

// expiryParams reads the expiration and expiration_ttl query parameters (the TTL wins,
// as in the service: the store checks it first).
func expiryParams(q url.Values) (kvstore.PutOptions, error) {
	var opts kvstore.PutOptions
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"expiration", &opts.Expiration}, {"expiration_ttl", &opts.ExpirationTTL}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return opts, badRequest("Invalid %s of %s. Please specify integer greater than 0.", p.name, v)
			}
			*p.dst = &n
		}
	}
	if opts.ExpirationTTL != nil {
		opts.Expiration = nil
	}
	return opts, nil
}

// valueBody is a PUT's value and metadata: a multipart/form-data body's `value` part and
// optional `metadata` part (JSON text), or else the raw body (whatever its Content-Type:
// curl sends --data-binary as application/x-www-form-urlencoded). The SDK sends an object
// metadata as `metadata[field]` parts; goflare rebuilds the object from them, each field
// a string as the form carries it (`metadata[a][]` parts make an array), rather than drop
// it silently as Miniflare's imitation does.
func valueBody(r *http.Request) (io.Reader, string, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return io.LimitReader(r.Body, kvstore.MaxValueBytes+1), "", nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var value []byte
	haveValue := false
	meta := ""
	fields := map[string]any{}
	var order []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", badRequest("Invalid multipart body: %v", err)
		}
		name := part.FormName()
		data, err := io.ReadAll(io.LimitReader(part, kvstore.MaxValueBytes+1))
		if err != nil {
			return nil, "", badRequest("Invalid multipart body: %v", err)
		}
		switch {
		case name == "value":
			value, haveValue = data, true
		case name == "metadata":
			if !json.Valid(data) {
				return nil, "", badRequest("Invalid metadata JSON")
			}
			meta = string(data)
		case strings.HasPrefix(name, "metadata[") && strings.HasSuffix(name, "]"):
			field := strings.TrimSuffix(strings.TrimPrefix(name, "metadata["), "]")
			if f, isList := strings.CutSuffix(field, "]["); isList {
				list, _ := fields[f].([]any)
				if _, seen := fields[f]; !seen {
					order = append(order, f)
				}
				fields[f] = append(list, string(data))
			} else {
				if _, seen := fields[field]; !seen {
					order = append(order, field)
				}
				fields[field] = string(data)
			}
		}
	}
	if !haveValue {
		return nil, "", badRequest("Missing value field")
	}
	if len(order) > 0 && meta == "" {
		b, _ := json.Marshal(fields)
		meta = string(b)
	}
	return strings.NewReader(string(value)), meta, nil
}

// metadata answers a key's metadata: the JSON value itself, null when it has none.
func (s *Server) metadata(ctx context.Context, ns, escapedKey string) (any, error) {
	key, err := keyOf(escapedKey)
	if err != nil {
		return nil, err
	}
	if err := s.exists(ctx, ns, "get"); err != nil {
		return nil, err
	}
	v, err := s.Store.Get(ctx, ns, key)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errKeyNotFound
	}
	return rawJSON(v.Metadata), nil
}

// bulkResult is what bulk writes and deletes answer.
type bulkResult struct {
	SuccessfulKeyCount int      `json:"successful_key_count"`
	UnsuccessfulKeys   []string `json:"unsuccessful_keys"`
}

func (s *Server) bulkPut(ctx context.Context, r *http.Request, ns string) (any, error) {
	if err := s.exists(ctx, ns, "bulk put keys"); err != nil {
		return nil, err
	}
	var entries []kvstore.BulkEntry
	if err := json.NewDecoder(io.LimitReader(r.Body, 100<<20)).Decode(&entries); err != nil {
		return nil, badRequest("Invalid JSON body: %v", err)
	}
	if len(entries) > kvstore.MaxBulkWrite {
		return nil, badRequest("You can write a maximum of %d keys at once (got %d)", kvstore.MaxBulkWrite, len(entries))
	}
	puts := make([]kvstore.PutEntry, len(entries))
	for i, e := range entries {
		p, err := e.Put()
		if err != nil {
			return nil, badRequest("Entry %d (key %q): %v", i, e.Key, err)
		}
		if p.ExpirationTTL != nil {
			p.Expiration = nil
		}
		puts[i] = p
	}
	if err := s.countEach("put", len(puts)); err != nil {
		return nil, err
	}
	if err := s.Store.PutMany(ctx, ns, puts); err != nil {
		return nil, err
	}
	return bulkResult{SuccessfulKeyCount: len(puts), UnsuccessfulKeys: []string{}}, nil
}

func (s *Server) bulkDelete(ctx context.Context, r *http.Request, ns string) (any, error) {
	if err := s.exists(ctx, ns, "bulk remove keys"); err != nil {
		return nil, err
	}
	var keys []string
	if err := json.NewDecoder(io.LimitReader(r.Body, 100<<20)).Decode(&keys); err != nil {
		return nil, badRequest("Invalid JSON body: %v", err)
	}
	if err := s.countEach("delete", len(keys)); err != nil {
		return nil, err
	}
	if err := s.Store.DeleteMany(ctx, ns, keys); err != nil {
		return nil, err
	}
	return bulkResult{SuccessfulKeyCount: len(keys), UnsuccessfulKeys: []string{}}, nil
}

// bulkGet reads up to 100 text (or JSON) values, with their metadata when asked; a
// missing key is null.
func (s *Server) bulkGet(ctx context.Context, r *http.Request, ns string) (any, error) {
	if err := s.exists(ctx, ns, "bulk get keys"); err != nil {
		return nil, err
	}
	var body struct {
		Keys         []string `json:"keys"`
		Type         string   `json:"type"`
		WithMetadata bool     `json:"withMetadata"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
		return nil, badRequest("Invalid JSON body: %v", err)
	}
	if body.Type == "" {
		body.Type = "text"
	}
	vals, err := s.Store.GetMany(ctx, ns, body.Keys, kvstore.GetManyType(body.Type))
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, k := range body.Keys {
		v := vals[k]
		if v == nil {
			out[k] = nil
			continue
		}
		data, err := v.Bytes()
		if err != nil {
			return nil, err
		}
		var value any = string(data)
		if body.Type == "json" {
			value = json.RawMessage(data)
		}
		if !body.WithMetadata {
			out[k] = value
			continue
		}
		item := map[string]any{"value": value, "metadata": rawJSON(v.Metadata)}
		if v.Metadata == "" {
			item["metadata"] = nil
		}
		if v.Expiration != 0 {
			item["expiration"] = v.Expiration
		}
		out[k] = item
	}
	return map[string]any{"values": out}, nil
}
