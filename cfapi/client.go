package cfapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/goflare/goflare/kvstore"
)

// DefaultBaseURL is the API's base when CLOUDFLARE_API_BASE_URL does not say another.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4"

// Client calls the KV endpoints of a Cloudflare v4 REST API (the real one, or goflare's)
// for one account. It has the store methods a KV binding uses, so a remote namespace is
// just another store.
type Client struct {
	// BaseURL is the API's base, e.g. DefaultBaseURL.
	BaseURL   string
	AccountID string
	// Token is an API token (Authorization: Bearer); else APIKey and Email (the global
	// API key) authenticate.
	Token, APIKey, Email string
	// HTTP sends the requests; nil means a client with a 60 s timeout.
	HTTP *http.Client
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 60 * time.Second}
}

// path is the URL of an operation on namespace ns ("" for the namespaces themselves);
// parts are path segments, escaped here.
func (c *Client) path(ns string, parts ...string) string {
	u := strings.TrimRight(c.BaseURL, "/") + "/accounts/" + url.PathEscape(c.AccountID) + "/storage/kv/namespaces"
	if ns != "" {
		u += "/" + url.PathEscape(ns)
	}
	for _, p := range parts {
		u += "/" + url.PathEscape(p)
	}
	return u
}

// do sends one request; a failure envelope comes back as a *kvstore.Error with the
// service's status, code and message, so the binding words it as for a local namespace.
func (c *Client) do(ctx context.Context, method, u string, body io.Reader, contentType string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	switch {
	case c.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.Token)
	case c.APIKey != "":
		req.Header.Set("X-Auth-Key", c.APIKey)
		req.Header.Set("X-Auth-Email", c.Email)
	}
	res, err := c.http().Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 == 2 {
		return res, nil
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	var env envelope
	if json.Unmarshal(data, &env) == nil && len(env.Errors) > 0 {
		return nil, &kvstore.Error{Status: res.StatusCode, Code: env.Errors[0].Code, Message: env.Errors[0].Message}
	}
	return nil, &kvstore.Error{Status: res.StatusCode, Message: strings.TrimSpace(string(data))}
}

// call sends a request whose answer is an envelope, and decodes its result (and
// result_info) into out and info.
func (c *Client) call(ctx context.Context, method, u string, body any, out, info any) error {
	var rd io.Reader
	ct := ""
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd, ct = bytes.NewReader(b), "application/json"
	}
	res, err := c.do(ctx, method, u, rd, ct)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var env struct {
		Result     json.RawMessage `json:"result"`
		ResultInfo json.RawMessage `json:"result_info"`
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		return fmt.Errorf("%s %s: the API's answer is not JSON: %v", method, u, err)
	}
	if out != nil && len(env.Result) > 0 {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return err
		}
	}
	if info != nil && len(env.ResultInfo) > 0 {
		return json.Unmarshal(env.ResultInfo, info)
	}
	return nil
}

// isKeyNotFound reports the API's 10009.
func isKeyNotFound(err error) bool {
	e, ok := kvstore.AsError(err)
	return ok && e.Status == http.StatusNotFound && e.Code == 10009
}

// Get reads a key's value, expiry and metadata (two requests: the API answers them
// apart); nil for a missing key.
func (c *Client) Get(ctx context.Context, ns, key string) (*kvstore.Value, error) {
	if err := kvstore.ValidateKey(key); err != nil {
		return nil, err
	}
	res, err := c.do(ctx, http.MethodGet, c.path(ns, "values", key), nil, "")
	if isKeyNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	exp, _ := strconv.ParseInt(res.Header.Get("Expiration"), 10, 64)
	var meta json.RawMessage
	err = c.call(ctx, http.MethodGet, c.path(ns, "metadata", key), nil, &meta, nil)
	if isKeyNotFound(err) {
		return nil, nil // deleted between the two reads
	}
	if err != nil {
		return nil, err
	}
	m := string(meta)
	if m == "null" {
		m = ""
	}
	return kvstore.NewValue(data, m, exp), nil
}

// GetMany reads up to 100 keys in one bulk get, with their metadata.
func (c *Client) GetMany(ctx context.Context, ns string, keys []string, typ kvstore.GetManyType) (map[string]*kvstore.Value, error) {
	var out struct {
		Values map[string]*struct {
			Value      json.RawMessage `json:"value"`
			Metadata   json.RawMessage `json:"metadata"`
			Expiration int64           `json:"expiration"`
		} `json:"values"`
	}
	body := map[string]any{"keys": keys, "type": string(typ), "withMetadata": true}
	if err := c.call(ctx, http.MethodPost, c.path(ns, "bulk", "get"), body, &out, nil); err != nil {
		return nil, err
	}
	vals := make(map[string]*kvstore.Value, len(keys))
	for _, k := range keys {
		v := out.Values[k]
		if v == nil {
			vals[k] = nil
			continue
		}
		data := []byte(v.Value)
		if typ == kvstore.GetManyText {
			var s string
			if err := json.Unmarshal(v.Value, &s); err != nil {
				return nil, fmt.Errorf("bulk get %q: %v", k, err)
			}
			data = []byte(s)
		}
		meta := string(v.Metadata)
		if meta == "null" {
			meta = ""
		}
		vals[k] = kvstore.NewValue(data, meta, v.Expiration)
	}
	return vals, nil
}

// Put writes a value (multipart, with its metadata) and its expiry.
func (c *Client) Put(ctx context.Context, ns, key string, value io.Reader, opts kvstore.PutOptions) error {
	if err := kvstore.ValidateKey(key); err != nil {
		return err
	}
	q := url.Values{}
	if opts.ExpirationTTL != nil {
		q.Set("expiration_ttl", strconv.FormatInt(*opts.ExpirationTTL, 10))
	} else if opts.Expiration != nil {
		q.Set("expiration", strconv.FormatInt(*opts.Expiration, 10))
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("value", "value")
	if _, err := io.Copy(part, io.LimitReader(value, kvstore.MaxValueBytes+1)); err != nil {
		return err
	}
	if opts.Metadata != "" {
		mw.WriteField("metadata", opts.Metadata)
	}
	mw.Close()
	u := c.path(ns, "values", key)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	res, err := c.do(ctx, http.MethodPut, u, &body, mw.FormDataContentType())
	if err != nil {
		return err
	}
	res.Body.Close()
	return nil
}

// Delete removes a key.
func (c *Client) Delete(ctx context.Context, ns, key string) error {
	if err := kvstore.ValidateKey(key); err != nil {
		return err
	}
	return c.call(ctx, http.MethodDelete, c.path(ns, "values", key), nil, nil, nil)
}

// remoteCursor continues a listing whose page the API could not cut where the binding
// asked (the API's pages hold at least 10 keys, a binding's from 1): the API's cursor of
// the page it came from, and the last key the binding was given.
type remoteCursor struct {
	API   string `json:"c"`
	After string `json:"a"`
}

// List reads one page of keys. A limit under the API's minimum of 10 is served from a
// page of 10, with a cursor of goflare's own that resumes after the last key given.
func (c *Client) List(ctx context.Context, ns string, opts kvstore.ListOptions) (kvstore.ListResult, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = kvstore.MaxListLimit
	}
	var rc remoteCursor
	if opts.Cursor != "" {
		if b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(opts.Cursor, "gf.")); strings.HasPrefix(opts.Cursor, "gf.") && err == nil {
			json.Unmarshal(b, &rc)
		} else {
			rc.API = opts.Cursor
		}
	}
	ask := max(limit, 10)
	var keys []struct {
		Name       string          `json:"name"`
		Expiration int64           `json:"expiration"`
		Metadata   json.RawMessage `json:"metadata"`
	}
	var info struct {
		Cursor string `json:"cursor"`
	}
	q := url.Values{"limit": {strconv.Itoa(ask)}}
	if opts.Prefix != "" {
		q.Set("prefix", opts.Prefix)
	}
	if rc.API != "" {
		q.Set("cursor", rc.API)
	}
	if err := c.call(ctx, http.MethodGet, c.path(ns, "keys")+"?"+q.Encode(), nil, &keys, &info); err != nil {
		return kvstore.ListResult{}, err
	}
	var out kvstore.ListResult
	i := 0
	if rc.After != "" {
		for i < len(keys) && keys[i].Name <= rc.After {
			i++
		}
	}
	for ; i < len(keys) && len(out.Keys) < limit; i++ {
		k := keys[i]
		meta := string(k.Metadata)
		if meta == "null" {
			meta = ""
		}
		out.Keys = append(out.Keys, kvstore.ListKey{Name: k.Name, Expiration: k.Expiration, Metadata: meta})
	}
	switch {
	case i < len(keys): // the page goes on past what the binding asked for
		b, _ := json.Marshal(remoteCursor{API: rc.API, After: out.Keys[len(out.Keys)-1].Name})
		out.Cursor = "gf." + base64.RawURLEncoding.EncodeToString(b)
	case info.Cursor != "":
		out.Cursor = info.Cursor
	default:
		out.Complete = true
	}
	return out, nil
}

// ErrMissingCredentials names what a remote namespace needs from the environment.
var ErrMissingCredentials = errors.New("remote KV needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL) in the environment; CLOUDFLARE_API_BASE_URL may name another API than " + DefaultBaseURL)

// bulkChunk is how many entries one bulk request carries (wrangler sends 1,000 a request).
const bulkChunk = 1000

// PutBulk writes entries through PUT …/bulk, 1,000 a request; progress is called with
// the number written so far. Unlike a local bulk write it is not all or nothing: the
// requests before a refused one stay written, as with wrangler.
func (c *Client) PutBulk(ctx context.Context, ns string, entries []kvstore.PutEntry, progress func(done int)) error {
	for start := 0; start < len(entries); start += bulkChunk {
		batch := entries[start:min(start+bulkChunk, len(entries))]
		body := make([]map[string]any, len(batch))
		for i, e := range batch {
			data, err := io.ReadAll(e.Value)
			if err != nil {
				return err
			}
			item := map[string]any{"key": e.Key, "value": base64.StdEncoding.EncodeToString(data), "base64": true}
			if e.ExpirationTTL != nil {
				item["expiration_ttl"] = *e.ExpirationTTL
			} else if e.Expiration != nil {
				item["expiration"] = *e.Expiration
			}
			if e.Metadata != "" {
				item["metadata"] = json.RawMessage(e.Metadata)
			}
			body[i] = item
		}
		if err := c.call(ctx, http.MethodPut, c.path(ns, "bulk"), body, nil, nil); err != nil {
			return &kvstore.EntryError{Index: start, Key: batch[0].Key, Err: err}
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	return nil
}

// DeleteBulk removes keys through POST …/bulk/delete, 1,000 a request.
func (c *Client) DeleteBulk(ctx context.Context, ns string, keys []string, progress func(done int)) error {
	for start := 0; start < len(keys); start += bulkChunk {
		batch := keys[start:min(start+bulkChunk, len(keys))]
		if err := c.call(ctx, http.MethodPost, c.path(ns, "bulk", "delete"), batch, nil, nil); err != nil {
			return &kvstore.EntryError{Index: start, Key: batch[0], Err: err}
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	return nil
}

// Export calls fn for every entry whose key starts with prefix: the keys page by page,
// then each value (two requests a key, as Get).
func (c *Client) Export(ctx context.Context, ns, prefix string, fn func(kvstore.Entry) error) error {
	cursor := ""
	for {
		page, err := c.List(ctx, ns, kvstore.ListOptions{Prefix: prefix, Cursor: cursor})
		if err != nil {
			return err
		}
		for _, k := range page.Keys {
			v, err := c.Get(ctx, ns, k.Name)
			if err != nil {
				return err
			}
			if v == nil {
				continue // deleted meanwhile
			}
			data, err := v.Bytes()
			if err != nil {
				return err
			}
			if err := fn(kvstore.Entry{Key: k.Name, Value: data, Metadata: v.Metadata, Expiration: v.Expiration}); err != nil {
				return err
			}
		}
		if page.Complete {
			return nil
		}
		cursor = page.Cursor
	}
}

// CountKeys counts the keys that start with prefix, page by page.
func (c *Client) CountKeys(ctx context.Context, ns, prefix string) (int, error) {
	n, cursor := 0, ""
	for {
		page, err := c.List(ctx, ns, kvstore.ListOptions{Prefix: prefix, Cursor: cursor})
		if err != nil {
			return 0, err
		}
		n += len(page.Keys)
		if page.Complete {
			return n, nil
		}
		cursor = page.Cursor
	}
}

// ListNamespaces lists every namespace of the account, 100 a page, as wrangler asks.
func (c *Client) ListNamespaces(ctx context.Context) ([]kvstore.Namespace, error) {
	var out []kvstore.Namespace
	for page := 1; ; page++ {
		var list []struct{ ID, Title string }
		u := c.path("") + "?per_page=100&order=title&direction=asc&page=" + strconv.Itoa(page)
		if err := c.call(ctx, http.MethodGet, u, nil, &list, nil); err != nil {
			return nil, err
		}
		for _, n := range list {
			out = append(out, kvstore.Namespace{ID: n.ID, Title: n.Title})
		}
		if len(list) < 100 {
			return out, nil
		}
	}
}

// CreateNamespace creates a namespace with title.
func (c *Client) CreateNamespace(ctx context.Context, title string) (kvstore.Namespace, error) {
	var ns struct{ ID, Title string }
	err := c.call(ctx, http.MethodPost, c.path(""), map[string]string{"title": title}, &ns, nil)
	return kvstore.Namespace{ID: ns.ID, Title: ns.Title}, err
}

// nsErr turns the API's 10013 into kvstore.ErrNamespaceNotFound.
func nsErr(err error) error {
	if e, ok := kvstore.AsError(err); ok && e.Code == 10013 {
		return kvstore.ErrNamespaceNotFound
	}
	return err
}

// GetNamespace reads namespace id.
func (c *Client) GetNamespace(ctx context.Context, id string) (kvstore.Namespace, error) {
	var ns struct{ ID, Title string }
	err := c.call(ctx, http.MethodGet, c.path(id), nil, &ns, nil)
	return kvstore.Namespace{ID: ns.ID, Title: ns.Title}, nsErr(err)
}

// RenameNamespace gives namespace id a new title.
func (c *Client) RenameNamespace(ctx context.Context, id, title string) (kvstore.Namespace, error) {
	var ns struct{ ID, Title string }
	err := c.call(ctx, http.MethodPut, c.path(id), map[string]string{"title": title}, &ns, nil)
	if ns.ID == "" {
		ns.ID, ns.Title = id, title
	}
	return kvstore.Namespace{ID: ns.ID, Title: ns.Title}, nsErr(err)
}

// DeleteNamespace deletes namespace id and its keys.
func (c *Client) DeleteNamespace(ctx context.Context, id string) error {
	return nsErr(c.call(ctx, http.MethodDelete, c.path(id), nil, nil, nil))
}

// Close does nothing: a client holds no state.
func (c *Client) Close() error { return nil }
