package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeBulkFile writes n bulk put items of about 120 bytes, a third with metadata and a
// quarter with an expiration.
func writeBulkFile(b *testing.B, path string, n int) {
	var s strings.Builder
	s.WriteString("[")
	for i := range n {
		if i > 0 {
			s.WriteString(",\n")
		}
		fmt.Fprintf(&s, `{"key":"key-%06d","value":"value %d %s"`, i, i, strings.Repeat("x", 100))
		if i%3 == 0 {
			fmt.Fprintf(&s, `,"metadata":{"i":%d,"tag":"t"}`, i)
		}
		if i%4 == 0 {
			s.WriteString(`,"expiration":2000000000`)
		}
		s.WriteString("}")
	}
	s.WriteString("]")
	if err := os.WriteFile(path, []byte(s.String()), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkKVBulkPut10000 times `goflare kv bulk put` of 10,000 entries into an empty
// namespace, the whole process (issue 8 asks for under 2 s).
func BenchmarkKVBulkPut10000(b *testing.B) {
	dir := copyFixture(b, "hello-kv")
	writeBulkFile(b, filepath.Join(dir, "10k.json"), 10000)
	var took []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		mustGoflare(b, dir, "kv", "bulk", "put", "10k.json", "--namespace-id", fmt.Sprintf("ns%d", i))
		took = append(took, time.Since(start))
	}
	b.ReportMetric(median(took), "ms/op(median)")
}

// BenchmarkKVExport100000 times `goflare kv export` of a namespace of 100,000 entries to
// a file (issue 8 asks for under 2 s).
func BenchmarkKVExport100000(b *testing.B) {
	dir := copyFixture(b, "hello-kv")
	writeBulkFile(b, filepath.Join(dir, "100k.json"), 100000)
	mustGoflare(b, dir, "kv", "bulk", "put", "100k.json", "--namespace-id", "big")
	var took []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		out := mustGoflare(b, dir, "kv", "export", "--namespace-id", "big")
		took = append(took, time.Since(start))
		if n := strings.Count(out, "\n  {"); n != 100000 {
			b.Fatalf("exported %d entries", n)
		}
	}
	b.ReportMetric(median(took), "ms/op(median)")
}
