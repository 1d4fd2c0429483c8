package e2e

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/e2e/goflaretest"
)

// CPU-bound JavaScript (issue 22): the fixtures/frameworks/cpu worker's routes, timed
// from outside, as milliseconds of work per iteration: (time of ?n=K - time of ?n=0) / K,
// medians of repeated requests. With GOFLARE_BENCH_WRANGLER set to a wrangler binary
// (npm install wrangler in a scratch folder: it is not one of the repository's
// dependencies), the same worker runs under `wrangler dev` too and each route is
// reported for both, side by side, with their ratio. GOFLARE_BENCH_BEFORE, a goflare
// binary of an earlier commit, runs beside this one for the figures before a change.

// cpuRoutes are the routes and how many iterations a timed request makes.
var cpuRoutes = []struct {
	path string
	n    int
}{
	{"/hono", 20},   // hono routing over 50 routes, a 100-row JSX page
	{"/marked", 20}, // marked on a 20 KB Markdown document
	{"/json", 5},    // JSON.parse + JSON.stringify of a 762 KB payload
	{"/sha256", 1},  // SHA-256 of 1 MB in JavaScript (@noble/hashes)
}

// BenchmarkCPUBound reports each route's milliseconds per iteration under goflare (and
// wrangler dev, see above).
func BenchmarkCPUBound(b *testing.B) {
	frameworkDeps(b)
	runtimes := []struct{ name, url string }{{"goflare", startFramework(b, "cpu").URL}}
	if bin := os.Getenv("GOFLARE_BENCH_BEFORE"); bin != "" {
		// Another goflare binary (an earlier commit's, built with make build) beside this one.
		dir := copyFixture(b, filepath.Join("frameworks", "cpu"))
		modules, _ := filepath.Abs(filepath.Join(frameworksDir, "node_modules"))
		os.Symlink(modules, filepath.Join(filepath.Dir(dir), "node_modules"))
		w := goflaretest.Start(b, goflaretest.Options{Binary: bin, Dir: dir, NoTestControls: true})
		runtimes = append(runtimes, struct{ name, url string }{"goflare-before", w.URL})
	}
	if bin := os.Getenv("GOFLARE_BENCH_WRANGLER"); bin != "" {
		runtimes = append(runtimes, struct{ name, url string }{"wrangler", startWrangler(b, bin, "cpu")})
	}
	for _, r := range cpuRoutes {
		ms := map[string]float64{}
		for _, rt := range runtimes {
			b.Run(strings.TrimPrefix(r.path, "/")+"/"+rt.name, func(b *testing.B) {
				get := func(n int) time.Duration {
					start := time.Now()
					res, err := http.Get(rt.url + r.path + "?n=" + strconv.Itoa(n))
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						b.Fatalf("%s: %d", r.path, res.StatusCode)
					}
					return time.Since(start)
				}
				get(r.n) // warm up (V8 compiles hot code on the first runs)
				get(r.n)
				var empty, full []time.Duration
				for i := 0; i < max(b.N, 3); i++ {
					empty = append(empty, get(0))
					full = append(full, get(r.n))
				}
				per := (median(full) - median(empty)) / float64(r.n)
				ms[rt.name] = per
				b.ReportMetric(per, "ms/iteration")
			})
		}
		if v8 := ms["wrangler"]; v8 > 0 {
			b.Logf("%s: wrangler dev %.2f ms per iteration; goflare %.2f ms (%.1f× V8's time)", r.path, v8, ms["goflare"], ms["goflare"]/v8)
			if before := ms["goflare-before"]; before > 0 {
				b.Logf("%s: goflare before %.2f ms (%.1f× V8's time)", r.path, before, before/v8)
			}
		}
	}
}

// BenchmarkLoadCPUBoundIsolates: the /marked route (20 KB of Markdown per request) under
// load, with one isolate and with --isolates 2.
func BenchmarkLoadCPUBoundIsolates(b *testing.B) {
	frameworkDeps(b)
	for _, n := range []string{"1", "2"} {
		b.Run("isolates="+n, func(b *testing.B) {
			dir := copyFixture(b, filepath.Join("frameworks", "cpu"))
			modules, _ := filepath.Abs(filepath.Join(frameworksDir, "node_modules"))
			os.Symlink(modules, filepath.Join(filepath.Dir(dir), "node_modules"))
			dev := startDev(b, dir, "--isolates", n)
			b.ResetTimer()
			load(b, dev, "/marked")
		})
	}
}

// startWrangler runs `wrangler dev` on a copy of the frameworks fixture app and returns
// its URL once it is ready.
func startWrangler(b *testing.B, bin, app string) string {
	dir := copyFixture(b, filepath.Join("frameworks", app))
	modules, _ := filepath.Abs(filepath.Join(frameworksDir, "node_modules"))
	os.Symlink(modules, filepath.Join(dir, "node_modules"))
	cmd := exec.Command(bin, "dev", "--ip", "127.0.0.1", "--port", "0")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	inOwnGroup(cmd)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { killGroup(cmd); cmd.Wait() })
	ready := regexp.MustCompile(`Ready on (http://\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := ready.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case url := <-found:
		return url
	case <-time.After(60 * time.Second):
		b.Fatal("wrangler dev did not start")
	}
	return ""
}
