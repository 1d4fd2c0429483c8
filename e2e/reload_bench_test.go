package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkReload saves the demo fixture's describe.ts 50 times and reports the median
// and p95 time from the write to the first response carrying the new content.
func BenchmarkReload(b *testing.B) {
	dir := copyFixture(b, "hello-kv")
	dev := startDev(b, dir)
	describe := filepath.Join(dir, "src", "describe.ts")
	original, _ := os.ReadFile(describe)
	var took []time.Duration
	for i := 0; i < 50; i++ {
		marker := fmt.Sprintf("save%02d", i)
		start := time.Now()
		os.WriteFile(describe, []byte(strings.Replace(string(original), "${greeting}", marker+" ${greeting}", 1)), 0o644)
		for !strings.HasPrefix(dev.get("/").body, marker) {
			if time.Since(start) > 10*time.Second {
				b.Fatalf("save %d never served", i)
			}
		}
		took = append(took, time.Since(start))
		time.Sleep(60 * time.Millisecond) // let the watcher settle between saves
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-save-to-served(median)")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "ms-save-to-served(p95)")
}

// BenchmarkLoadWhileReloading drives a mix of routes with 32 connections for 10 s while
// the worker file is rewritten every 200 ms: no request may fail and no 5xx may come
// from a route not meant to fail. It reports requests/s and the resident memory after.
func BenchmarkLoadWhileReloading(b *testing.B) {
	dir := copyFixture(b, "hello-kv")
	dev := startDev(b, dir)
	dev.get("/set?key=k&value=v")
	describe := filepath.Join(dir, "src", "describe.ts")
	original, _ := os.ReadFile(describe)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
			os.WriteFile(describe, []byte(strings.Replace(string(original), "${greeting}", fmt.Sprintf("r%d ${greeting}", i), 1)), 0o644)
		}
	}()
	routes := []string{"/", "/get?key=k", "/set?key=k&value=v", "/list", "/get?key=missing"}
	var ok, bad atomic.Int64
	var failures sync.Map
	deadline := time.Now().Add(10 * time.Second)
	var load sync.WaitGroup
	for c := 0; c < 32; c++ {
		load.Add(1)
		go func(c int) {
			defer load.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				path := routes[(c+i)%len(routes)]
				r := dev.get(path)
				if r.status >= 500 || (r.status == 404 && path != "/get?key=missing") {
					bad.Add(1)
					failures.Store(path, fmt.Sprintf("%d %q", r.status, r.body))
					continue
				}
				ok.Add(1)
			}
		}(c)
	}
	load.Wait()
	close(stop)
	wg.Wait()
	if bad.Load() > 0 {
		failures.Range(func(k, v any) bool { b.Errorf("%s: %s", k, v); return true })
		b.Fatalf("%d failed requests during reloads", bad.Load())
	}
	b.ReportMetric(float64(ok.Load())/10, "req/s")
	b.ReportMetric(residentMB(b, dev.PID()), "MB-rss")
	b.ReportMetric(float64(strings.Count(dev.Stdout(), "Reloaded in ")), "reloads")
}
