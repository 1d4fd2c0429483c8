package kvstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openTemp opens a store on a fresh file whose clock the test controls.
func openTemp(t *testing.T, now *time.Time) *Store {
	t.Helper()
	s := New(filepath.Join(t.TempDir(), "v3", "kv", "goflare.sqlite"), Options{Now: func() time.Time { return *now }})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustPut(t *testing.T, s *Store, ns, key, value string, opts PutOptions) {
	t.Helper()
	if err := s.Put(context.Background(), ns, key, strings.NewReader(value), opts); err != nil {
		t.Fatal(err)
	}
}

func TestPutGetDelete(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := openTemp(t, &now)
	ctx := context.Background()

	if _, found, err := s.Get(ctx, "ns", "missing"); err != nil || found {
		t.Fatalf("missing key: found=%v err=%v", found, err)
	}
	mustPut(t, s, "ns", "k", "v1", PutOptions{Metadata: `{"a":1}`})
	mustPut(t, s, "ns", "k", "v2", PutOptions{})
	e, found, err := s.Get(ctx, "ns", "k")
	if err != nil || !found || string(e.Value) != "v2" || e.Metadata != "" {
		t.Fatalf("get after overwrite = %+v %v %v", e, found, err)
	}
	if _, found, _ := s.Get(ctx, "other", "k"); found {
		t.Fatal("namespaces are not isolated")
	}
	mustPut(t, s, "ns", "empty", "", PutOptions{})
	if e, found, _ := s.Get(ctx, "ns", "empty"); !found || len(e.Value) != 0 {
		t.Fatalf("empty value: %+v %v", e, found)
	}
	if err := s.Delete(ctx, "ns", "k"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "ns", "k"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if _, found, _ := s.Get(ctx, "ns", "k"); found {
		t.Fatal("deleted key still found")
	}
}

func TestExpiry(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := openTemp(t, &now)
	ctx := context.Background()
	mustPut(t, s, "ns", "ttl", "x", PutOptions{ExpirationTTL: 60, Expiration: 1})
	e, found, _ := s.Get(ctx, "ns", "ttl")
	if !found || e.Expiration != now.Unix()+60 {
		t.Fatalf("ttl entry = %+v %v (TTL must win over expiration)", e, found)
	}
	now = now.Add(60 * time.Second)
	if _, found, _ := s.Get(ctx, "ns", "ttl"); found {
		t.Fatal("a key whose expiry equals now must be gone")
	}
	if res, _ := s.List(ctx, "ns", ListOptions{}); len(res.Keys) != 0 {
		t.Fatalf("expired key listed: %+v", res.Keys)
	}
}

func TestListOrderPrefixAndCursor(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := openTemp(t, &now)
	ctx := context.Background()
	keys := []string{"😀", "a", "B", "a/b", "z", "é", "a0", "b", "\x7f", "Ā", "a\x00z"}
	for _, k := range keys {
		mustPut(t, s, "ns", k, "v", PutOptions{})
	}
	want := []string{"B", "a", "a\x00z", "a/b", "a0", "b", "z", "\x7f", "é", "Ā", "😀"}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		res, err := s.List(ctx, "ns", ListOptions{Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range res.Keys {
			got = append(got, k.Name)
		}
		if res.Complete {
			if res.Cursor != "" {
				t.Fatal("complete page has a cursor")
			}
			break
		}
		if pages > 10 {
			t.Fatal("list does not terminate")
		}
		cursor = res.Cursor
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("order\n got %q\nwant %q", got, want)
	}
	res, _ := s.List(ctx, "ns", ListOptions{Prefix: "a"})
	var names []string
	for _, k := range res.Keys {
		names = append(names, k.Name)
	}
	if strings.Join(names, "|") != "a|a\x00z|a/b|a0" || !res.Complete {
		t.Fatalf("prefix a: %q complete=%v", names, res.Complete)
	}
}

func TestStateSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "goflare.sqlite")
	ctx := context.Background()
	s := New(path, Options{})
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "ns", "k", "kept", PutOptions{})
	s.Close()
	s = New(path, Options{})
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if e, found, _ := s.Get(ctx, "ns", "k"); !found || string(e.Value) != "kept" {
		t.Fatalf("after reopen: %+v %v", e, found)
	}
}
