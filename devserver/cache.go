package devserver

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/textproto"
	"time"

	"github.com/goflare/goflare/kvstore"
	"github.com/goflare/goflare/runtime/webapi"
)

// cacheStore keeps the Cache API's responses in the KV state's database (kvstore's
// cache_entries), so that they outlive a restart as workerd's local cache does.
type cacheStore struct{ s *kvstore.Store }

var _ webapi.CacheStore = cacheStore{}

func (c cacheStore) PutCached(ctx context.Context, cache, url string, e *webapi.CacheEntry) error {
	var h bytes.Buffer
	e.Header.Write(&h)
	return c.s.PutCached(ctx, cache, url, &kvstore.CachedResponse{Status: e.Status, StatusText: e.StatusText,
		Header: h.Bytes(), Body: e.Body, Stored: e.Stored, Expires: e.Expires})
}

func (c cacheStore) GetCached(ctx context.Context, cache, url string, now time.Time) (*webapi.CacheEntry, error) {
	r, err := c.s.GetCached(ctx, cache, url, now)
	if err != nil || r == nil {
		return nil, err
	}
	mime, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(r.Header, '\r', '\n')))).ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	return &webapi.CacheEntry{Status: r.Status, StatusText: r.StatusText, Header: http.Header(mime), Body: r.Body,
		Stored: r.Stored, Expires: r.Expires}, nil
}

func (c cacheStore) DeleteCached(ctx context.Context, cache, url string, now time.Time) (bool, error) {
	return c.s.DeleteCached(ctx, cache, url, now)
}
