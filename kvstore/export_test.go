package kvstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
