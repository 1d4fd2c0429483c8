package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The load benchmarks drive one route over HTTP with 32 connections for 10 s and report
// requests/s and p50/p99 latency. They use wrk when it is installed (a load generator
// that costs the 2-core machine little CPU); otherwise a Go client, which competes with
// the server for the same two cores and so reports lower figures.

// BenchmarkLoadKVGet: a route doing one get of a 100-byte value.
func BenchmarkLoadKVGet(b *testing.B) {
	dev := startDev(b, copyFixture(b, "kv-limits"))
	dev.get("/small") // stores the value
	b.ResetTimer()
	load(b, dev, "/small")
}

// BenchmarkLoadHello: a route that only returns new Response("ok").
func BenchmarkLoadHello(b *testing.B) {
	dev := startDev(b, copyFixture(b, "kv-limits"))
	b.ResetTimer()
	load(b, dev, "/ok")
}

// BenchmarkLoadKVPut: a route doing one put of a 100-byte value.
func BenchmarkLoadKVPut(b *testing.B) {
	dev := startDev(b, copyFixture(b, "kv-limits"))
	b.ResetTimer()
	load(b, dev, "/write")
}

const (
	loadConns    = 32
	loadDuration = 10 * time.Second
)

func load(b *testing.B, dev *devProcess, path string) { loadURL(b, dev.URL+path) }

// loadWarmUp is how long the route is driven before it is measured, the same for
// goflare and the bare servers: the first seconds of a fresh process (heap growing to
// its working size, SQLite's page cache, goroutine stacks growing) are not its rate.
const loadWarmUp = 2 * time.Second

// loadURL drives url as load drives a route of goflare.
func loadURL(b *testing.B, url string) {
	if wrk, err := exec.LookPath("wrk"); err == nil {
		b.Log("driver: wrk")
		b.StopTimer()
		runWrk(b, wrk, url, loadWarmUp)
		b.StartTimer()
		loadWrk(b, wrk, url)
		return
	}
	b.Log("driver: Go client (install wrk for figures that do not include the client's CPU)")
	b.StopTimer()
	loadGo(b, url, loadWarmUp, false)
	b.StartTimer()
	loadGo(b, url, loadDuration, true)
}

var (
	wrkRate    = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkLatency = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkErrors  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)|Socket errors: .*`)
)

func loadWrk(b *testing.B, wrk, url string) {
	out, rps := runWrk(b, wrk, url, loadDuration, "--latency")
	b.ReportMetric(rps, "req/s")
	for _, m := range wrkLatency.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		switch string(m[3]) {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		b.ReportMetric(v, "p"+string(m[1])+"-ms")
	}
}

// runWrk drives url with wrk (2 threads, loadConns connections) for d and returns its
// output and requests per second; a failed request fails the benchmark. A request may
// take 10 s, not wrk's 2: 32 connections queued on a route of 45 ms of CPU wait over a
// second each, and in a slow minute of the VM some went past 2 s and failed the run.
func runWrk(b *testing.B, wrk, url string, d time.Duration, flags ...string) ([]byte, float64) {
	args := append([]string{"-t2", "-c" + strconv.Itoa(loadConns), "-d" + d.String(), "--timeout", "10s"}, flags...)
	out, err := exec.Command(wrk, append(args, url)...).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	if wrkErrors.Match(out) {
		b.Fatalf("wrk saw failures:\n%s", out)
	}
	rate := wrkRate.FindSubmatch(out)
	if rate == nil {
		b.Fatalf("no rate in wrk's output:\n%s", out)
	}
	rps, _ := strconv.ParseFloat(string(rate[1]), 64)
	return out, rps
}

// loadGo drives url with a Go client for d, and reports the figures when report is set.
func loadGo(b *testing.B, url string, d time.Duration, report bool) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadConns, MaxConnsPerHost: loadConns}}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var failed error
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < loadConns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for ctx.Err() == nil {
				t0 := time.Now()
				res, err := client.Get(url)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						err = &statusError{res.StatusCode}
					}
				}
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failed != nil {
		b.Fatalf("%s: %v", url, failed)
	}
	if !report {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

type statusError struct{ status int }

func (e *statusError) Error() string { return http.StatusText(e.status) }

// BenchmarkLoadAssetHTML: a small HTML page from the static assets (fixtures/assets-site's
// /about, html_handling resolving /about to about.html).
func BenchmarkLoadAssetHTML(b *testing.B) {
	dev := startDev(b, copyFixture(b, "assets-site"))
	b.ResetTimer()
	load(b, dev, "/about")
}

// BenchmarkLoadAsset1MB: a 1 MiB file from the static assets.
func BenchmarkLoadAsset1MB(b *testing.B) {
	dir := copyFixture(b, "assets-site")
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte('a' + i%26)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", "big.bin"), big, 0o644); err != nil {
		b.Fatal(err)
	}
	dev := startDev(b, dir)
	b.ResetTimer()
	load(b, dev, "/big.bin")
}
