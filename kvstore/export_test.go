package kvstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPutBulkHasNoCountLimitAndNamesTheBadEntry(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	entries := make([]PutEntry, MaxBulkWrite+5)
	for i := range entries {
		entries[i] = PutEntry{Key: fmt.Sprintf("k%05d", i), Value: strings.NewReader("v")}
	}
	var calls []int
	if err := s.PutBulk(ctx, "ns", entries, func(n int) { calls = append(calls, n) }); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountKeys(ctx, "ns", ""); err != nil || n != len(entries) {
		t.Fatalf("CountKeys = %d, %v; want %d", n, err, len(entries))
	}
	if len(calls) == 0 || calls[len(calls)-1] != len(entries) {
		t.Fatalf("progress calls end with %v, want %d", calls[len(calls)-3:], len(entries))
	}

	bad := []PutEntry{
		{Key: "new1", Value: strings.NewReader("x")},
		{Key: "new2", Value: strings.NewReader("x"), PutOptions: PutOptions{ExpirationTTL: i64(10)}},
	}
	err := s.PutBulk(ctx, "ns", bad, nil)
	var ee *EntryError
	if !errors.As(err, &ee) || ee.Index != 1 || ee.Key != "new2" {
		t.Fatalf("err = %v, want an EntryError for index 1", err)
	}
	wantError(t, err, 400, "Invalid expiration_ttl of 10. Expiration TTL must be at least 60.")
	if _, found := getString(t, s, "ns", "new1"); found {
		t.Fatal("a refused PutBulk wrote its first entry")
	}

	keys := make([]string, len(entries))
	for i := range keys {
		keys[i] = entries[i].Key
	}
	if err := s.DeleteBulk(ctx, "ns", append(keys, ""), nil); !errors.As(err, &ee) || ee.Index != len(keys) {
		t.Fatalf("DeleteBulk with an empty key: %v", err)
	}
	if n, _ := s.CountKeys(ctx, "ns", ""); n != len(entries) {
		t.Fatalf("a refused DeleteBulk deleted: %d left", n)
	}
	if err := s.DeleteBulk(ctx, "ns", keys, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountKeys(ctx, "ns", ""); n != 0 {
		t.Fatalf("%d keys left after DeleteBulk", n)
	}
}

func TestExportYieldsEveryLiveEntryInOrder(t *testing.T) {
	s, clk := openTemp(t)
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*chunkSize/16+7) // four chunks
	put(t, s, "ns", "b-big", string(big), PutOptions{Metadata: `{"size":"big"}`})
	put(t, s, "ns", "a-small", "\xff\x00bin", PutOptions{})
	put(t, s, "ns", "c-empty", "", PutOptions{})
	put(t, s, "ns", "d-expiring", "soon", PutOptions{ExpirationTTL: i64(60)})
	put(t, s, "ns", "e-later", "later", PutOptions{Expiration: i64(clk.now().Unix() + 3600)})
	put(t, s, "other", "a-small", "not this namespace", PutOptions{})

	collect := func(prefix string) []Entry {
		var out []Entry
		if err := s.Export(ctx, "ns", prefix, func(e Entry) error { out = append(out, e); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := collect("")
	if len(got) != 5 {
		t.Fatalf("got %d entries, want 5", len(got))
	}
	want := []string{"a-small", "b-big", "c-empty", "d-expiring", "e-later"}
	for i, e := range got {
		if e.Key != want[i] {
			t.Fatalf("entry %d is %q, want %q", i, e.Key, want[i])
		}
	}
	if string(got[0].Value) != "\xff\x00bin" || !bytes.Equal(got[1].Value, big) || got[1].Metadata != `{"size":"big"}` {
		t.Fatal("values or metadata differ from what was put")
	}
	if got[2].Value == nil || len(got[2].Value) != 0 {
		t.Fatalf("empty value = %#v", got[2].Value)
	}
	if got[4].Expiration != clk.now().Unix()+3600 {
		t.Fatalf("expiration = %d", got[4].Expiration)
	}
	if p := collect("b-"); len(p) != 1 || p[0].Key != "b-big" {
		t.Fatalf("prefix b-: %v", p)
	}
	clk.add(61 * time.Second)
	if n := len(collect("")); n != 4 {
		t.Fatalf("after expiry: %d entries, want 4", n)
	}
	stop := errors.New("stop")
	if err := s.Export(ctx, "ns", "", func(Entry) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("an error from fn came back as %v", err)
	}
}

func TestMemoryStoreIsSharedByItsConnectionsAndLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := New(MemoryPath, Options{})
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	big := strings.Repeat("x", 3*chunkSize)
	put(t, s, "ns", "small", "v", PutOptions{})
	put(t, s, "ns", "big", big, PutOptions{})
	// Readers on several connections at once see the same database.
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			v, err := s.Get(ctx, "ns", "big")
			if err == nil && (v == nil || v.Size != int64(len(big))) {
				err = fmt.Errorf("read %v", v)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a memory store wrote %v", entries)
	}
	other := New(MemoryPath, Options{})
	if err := other.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if v, _ := other.Get(ctx, "ns", "small"); v != nil {
		t.Fatal("two memory stores share their data")
	}
}

func TestClearAndClearAll(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	put(t, s, "a", "k", "v", PutOptions{})
	put(t, s, "a", "big", strings.Repeat("x", 2*chunkSize), PutOptions{})
	put(t, s, "b", "k", "v", PutOptions{})
	if err := s.Clear(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountKeys(ctx, "a", ""); n != 0 {
		t.Fatalf("%d keys left in a", n)
	}
	if _, found := getString(t, s, "b", "k"); !found {
		t.Fatal("Clear(a) cleared b")
	}
	if _, err := s.GetNamespace(ctx, "a"); err != nil {
		t.Fatal("Clear removed the namespace")
	}
	if err := s.ClearAll(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListNamespaces(ctx); len(list) != 0 {
		t.Fatalf("namespaces left: %v", list)
	}
	var chunks int
	s.db.QueryRow(`SELECT COUNT(*) FROM blob_chunks`).Scan(&chunks)
	if chunks != 0 {
		t.Fatalf("%d chunks left", chunks)
	}
}
