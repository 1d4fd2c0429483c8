package kvstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The figures are for a namespace holding 1,000,000 keys of 100 bytes; the file
// is built once per `go test` run (about half a minute) and shared by the benchmarks.
const benchKeys = 1_000_000

var benchDB struct {
	once sync.Once
	dir  string
	err  error
}

func benchKey(i int) string { return fmt.Sprintf("key:%08d", i) }

// benchStore opens the shared million-key database.
func benchStore(b *testing.B) *Store {
	benchDB.once.Do(func() {
		benchDB.dir, benchDB.err = os.MkdirTemp("", "kvstore-bench-")
		if benchDB.err != nil {
			return
		}
		s := New(filepath.Join(benchDB.dir, "goflare.sqlite"), Options{PurgeInterval: -1})
		if benchDB.err = s.Open(context.Background()); benchDB.err != nil {
			return
		}
		defer s.Close()
		value := bytes.Repeat([]byte("v"), 100)
		for start := 0; start < benchKeys && benchDB.err == nil; start += MaxBulkWrite {
			batch := make([]PutEntry, MaxBulkWrite)
			for j := range batch {
				batch[j] = PutEntry{Key: benchKey(start + j), Value: bytes.NewReader(value)}
			}
			benchDB.err = s.PutMany(context.Background(), "bench", batch)
		}
	})
	if benchDB.err != nil {
		b.Fatal(benchDB.err)
	}
	s := New(filepath.Join(benchDB.dir, "goflare.sqlite"), Options{PurgeInterval: -1})
	if err := s.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkGet(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewSource(1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := s.Get(ctx, "bench", benchKey(r.Intn(benchKeys)))
		if err != nil || v == nil {
			b.Fatal(v, err)
		}
		if _, err := v.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPut(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewSource(2))
	value := bytes.Repeat([]byte("w"), 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Put(ctx, "bench", benchKey(r.Intn(benchKeys)), bytes.NewReader(value), PutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList1000(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	r := rand.New(rand.NewSource(3))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := s.List(ctx, "bench", ListOptions{Cursor: encodeCursor(benchKey(r.Intn(benchKeys - 2000)))})
		if err != nil || len(res.Keys) != 1000 {
			b.Fatal(len(res.Keys), err)
		}
	}
}

func BenchmarkPutMany10000(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	value := bytes.Repeat([]byte("m"), 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch := make([]PutEntry, MaxBulkWrite)
		for j := range batch {
			batch[j] = PutEntry{Key: fmt.Sprintf("many:%d:%05d", i, j), Value: bytes.NewReader(value)}
		}
		if err := s.PutMany(ctx, "bench", batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutGet25MiB puts a 25 MiB value from a stream and reads it back, reporting the
// peak growth of the Go heap (sampled every 100µs) as a multiple of the value size.
func BenchmarkPutGet25MiB(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	value := bytes.Repeat([]byte("L"), MaxValueBytes)
	var worst float64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Microsecond):
				}
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}()
		if err := s.Put(ctx, "bench", "large", oneByteReader{bytes.NewReader(value)}, PutOptions{}); err != nil {
			b.Fatal(err)
		}
		v, err := s.Get(ctx, "bench", "large")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, v)
		close(stop)
		<-done
		if n != MaxValueBytes {
			b.Fatalf("read %d bytes", n)
		}
		growth := float64(peak.Load()-min(peak.Load(), base.HeapAlloc)) / MaxValueBytes
		worst = max(worst, growth)
	}
	b.ReportMetric(worst, "peak-heap-growth-x-value")
}
