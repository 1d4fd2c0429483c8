package e2e

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These benchmarks measure what a user waits for and what the process costs. Run them
// with `make bench`; they are never part of `make test`.

// median returns the median of ds in milliseconds.
func median(ds []time.Duration) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	m := ds[len(ds)/2]
	if len(ds)%2 == 0 {
		m = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
	}
	return float64(m.Microseconds()) / 1000
}

// BenchmarkStartup starts `goflare dev` on the hello-kv fixture and reports the median
// time from process start to the Ready line and to the first 200 response.
func BenchmarkStartup(b *testing.B) {
	dir := copyFixture(b, "hello-kv")
	var toReady, to200 []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		dev := startDev(b, dir)
		toReady = append(toReady, time.Since(start))
		if r := dev.get("/"); r.status != 200 {
			b.Fatalf("first request: %d", r.status)
		}
		to200 = append(to200, time.Since(start))
		dev.stop()
	}
	b.ReportMetric(median(toReady), "ms-to-ready(median)")
	b.ReportMetric(median(to200), "ms-to-first-200(median)")
}

// BenchmarkRSSAfter1000Requests starts a fresh process, sends 1,000 requests (alternating
// KV writes and reads) and reports its resident memory.
func BenchmarkRSSAfter1000Requests(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	dir := copyFixture(b, "hello-kv")
	var rss float64
	for i := 0; i < b.N; i++ {
		dev := startDev(b, dir)
		for j := 0; j < 500; j++ {
			dev.get(fmt.Sprintf("/set?key=k%d&value=v%d", j, j))
			if r := dev.get(fmt.Sprintf("/get?key=k%d", j)); r.status != 200 {
				b.Fatalf("get: %d %s", r.status, r.body)
			}
		}
		rss = residentMB(b, dev.PID())
		dev.stop()
	}
	b.ReportMetric(rss, "MB-rss")
}

// BenchmarkRequest measures one KV-reading request through the real binary over HTTP.
func BenchmarkRequest(b *testing.B) {
	dev := startDev(b, copyFixture(b, "hello-kv"))
	dev.get("/set?key=bench&value=x")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := dev.get("/get?key=bench"); r.status != 200 {
			b.Fatal(r.status)
		}
	}
}

// residentMB reads VmRSS of pid in MB.
func residentMB(b testing.TB, pid int) float64 { return procStatusMB(b, pid, "VmRSS:") }

// procStatusMB reads a field of /proc/PID/status given in kB (VmRSS:, VmHWM:) in MB.
func procStatusMB(b testing.TB, pid int, field string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no " + field)
	return 0
}

// BenchmarkRSSUnderLoad: the resident memory of goflare dev on the KV fixtures after
// start-up, and at its highest (VmHWM) over 10 s of load on a KV get route, then 10 s on a
// KV put route (32 connections; issue 22 asks for under 60 MB).
func BenchmarkRSSUnderLoad(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	for _, c := range []struct{ fixture, get, put string }{
		{"kv-limits", "/small", "/write"},
		{"hello-kv", "/get?key=k", "/set?key=k&value=v"},
	} {
		b.Run(c.fixture, func(b *testing.B) {
			dev := startDev(b, copyFixture(b, c.fixture))
			start := residentMB(b, dev.PID())
			dev.get(c.put)
			b.ResetTimer()
			load(b, dev, c.get)
			load(b, dev, c.put)
			b.ReportMetric(start, "MB-rss-after-startup")
			b.ReportMetric(procStatusMB(b, dev.PID(), "VmHWM:"), "MB-rss-peak")
		})
	}
}
