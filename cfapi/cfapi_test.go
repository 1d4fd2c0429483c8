package cfapi

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goflare/goflare/kvstore"
)

// newPair serves a Server over an in-memory store and returns a Client of it.
func newPair(t *testing.T) (*Client, *kvstore.Store) {
	t.Helper()
	st := kvstore.New(kvstore.MemoryPath, kvstore.Options{})
	if err := st.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(&Server{Store: st})
	t.Cleanup(srv.Close)
	return &Client{BaseURL: srv.URL, AccountID: "acct", Token: "t"}, st
}

// TestClientOverServer: the client a remote binding uses, against goflare's own server:
// values with metadata and expiry, a missing key as nil, a refusal as the store's error,
// bulk get, and listing in pages smaller than the API's minimum of 10.
func TestClientOverServer(t *testing.T) {
	ctx := context.Background()
	c, st := newPair(t)
	st.EnsureNamespace(ctx, "ns")
	ttl := int64(600)
	if err := c.Put(ctx, "ns", "a/b?c", strings.NewReader("v"), kvstore.PutOptions{ExpirationTTL: &ttl, Metadata: `{"m":1}`}); err != nil {
		t.Fatal(err)
	}
	v, err := c.Get(ctx, "ns", "a/b?c")
	if err != nil || v == nil {
		t.Fatal(v, err)
	}
	if b, _ := v.Bytes(); string(b) != "v" || v.Metadata != `{"m":1}` || v.Expiration == 0 {
		t.Fatalf("%q %q %d", b, v.Metadata, v.Expiration)
	}
	if v, err := c.Get(ctx, "ns", "missing"); v != nil || err != nil {
		t.Fatalf("missing: %v %v", v, err)
	}
	short := int64(5)
	err = c.Put(ctx, "ns", "k", strings.NewReader("v"), kvstore.PutOptions{ExpirationTTL: &short})
	if e, ok := kvstore.AsError(err); !ok || e.Status != 400 || e.Message != "Invalid expiration_ttl of 5. Expiration TTL must be at least 60." {
		t.Fatalf("refusal: %v", err)
	}
	if _, err := c.Get(ctx, "nope", "k"); err == nil || !strings.Contains(err.Error(), "namespace not found") {
		t.Fatalf("unknown namespace: %v", err)
	}
	many, err := c.GetMany(ctx, "ns", []string{"a/b?c", "missing"}, kvstore.GetManyText)
	if b, _ := many["a/b?c"].Bytes(); err != nil || string(b) != "v" || many["missing"] != nil || many["a/b?c"].Metadata != `{"m":1}` {
		t.Fatalf("bulk get: %v %v", many, err)
	}
	for i := range 8 {
		c.Put(ctx, "ns", fmt.Sprintf("p%d", i), strings.NewReader("x"), kvstore.PutOptions{})
	}
	var names []string
	cursor, pages := "", 0
	for {
		page, err := c.List(ctx, "ns", kvstore.ListOptions{Prefix: "p", Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range page.Keys {
			names = append(names, k.Name)
		}
		pages++
		if page.Complete || pages > 10 {
			break
		}
		cursor = page.Cursor
	}
	if strings.Join(names, ",") != "p0,p1,p2,p3,p4,p5,p6,p7" || pages != 3 {
		t.Fatalf("%d pages: %v", pages, names)
	}
	if err := c.Delete(ctx, "ns", "a/b?c"); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Get(ctx, "ns", "a/b?c"); v != nil {
		t.Fatal("the delete did not reach the store")
	}
}
