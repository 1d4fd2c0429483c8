package kvstore

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGetsAgreeOnBothWays: a get reads through the point reader's own connection, or
// through the pool when that connection is busy; both must give the same entry (inline
// and chunked values, metadata, expiry, empty, missing and expired keys).
func TestGetsAgreeOnBothWays(t *testing.T) {
	s, c := openTemp(t)
	ctx := context.Background()
	big := strings.Repeat("0123456789", 30_000) // chunked: 300,000 bytes
	put(t, s, "ns", "inline", "small value", PutOptions{Metadata: `{"m":1}`, Expiration: i64(1_800_000_000)})
	put(t, s, "ns", "big", big, PutOptions{Metadata: `"big"`})
	put(t, s, "ns", "empty", "", PutOptions{})
	put(t, s, "ns", "soon", "gone", PutOptions{ExpirationTTL: i64(60)})
	c.add(61 * time.Second)
	type entry struct {
		found            bool
		value, metadata  string
		size, expiration int64
	}
	read := func(key string) entry {
		t.Helper()
		v, err := s.Get(ctx, "ns", key)
		if err != nil {
			t.Fatalf("get %q: %v", key, err)
		}
		if v == nil {
			return entry{}
		}
		b, err := v.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return entry{true, string(b), v.Metadata, v.Size, v.Expiration}
	}
	want := map[string]entry{
		"inline":  {true, "small value", `{"m":1}`, 11, 1_800_000_000},
		"big":     {true, big, `"big"`, int64(len(big)), 0},
		"empty":   {true, "", "", 0, 0},
		"soon":    {},
		"missing": {},
	}
	for key, w := range want {
		if got := read(key); got != w {
			t.Errorf("%s through the point reader: got %+v, want %+v", key, got, w)
		}
		for _, p := range s.pr {
			p.mu.Lock() // every point reader busy: the get goes through the pool
		}
		got := read(key)
		for _, p := range s.pr {
			p.mu.Unlock()
		}
		if got != w {
			t.Errorf("%s through the pool: got %+v, want %+v", key, got, w)
		}
	}
}

// TestConcurrentGetsAndClose: gets from many goroutines (most find the point reader
// busy) all read what was stored, and gets after Close fail instead of hanging.
func TestConcurrentGetsAndClose(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	for i := range 20 {
		put(t, s, "ns", strings.Repeat("k", i+1), strings.Repeat("v", i+1), PutOptions{})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				n := (g+i)%20 + 1
				v, err := s.Get(ctx, "ns", strings.Repeat("k", n))
				if err != nil || v == nil {
					errs <- "get failed"
					return
				}
				if b, _ := v.Bytes(); !bytes.Equal(b, bytes.Repeat([]byte("v"), n)) {
					errs <- "wrong value " + string(b)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	s.Close()
	if _, err := s.Get(ctx, "ns", "k"); err == nil {
		t.Fatal("a get after Close succeeded")
	}
}
