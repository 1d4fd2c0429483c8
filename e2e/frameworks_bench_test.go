package e2e

import (
	"io"
	"net/http"
	"testing"
	"time"
)

// BenchmarkFrameworkStartup starts `goflare dev` on the hono fixture (bundle, the parse
// repairs, start-up) and reports the median time to the Ready line and to the first 200.
func BenchmarkFrameworkStartup(b *testing.B) {
	frameworkDeps(b)
	for _, app := range []string{"plain", "hono", "chanfana"} {
		b.Run(app, func(b *testing.B) {
			var toReady, to200 []time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				dev := startFramework(b, app)
				toReady = append(toReady, time.Since(start))
				path := "/json/1"
				if app == "chanfana" {
					path = "/api/tasks"
				}
				if r := dev.get(path); r.status != 200 {
					b.Fatalf("first request: %d %s", r.status, r.body)
				}
				to200 = append(to200, time.Since(start))
				dev.stop()
			}
			b.ReportMetric(median(toReady), "ms-to-ready(median)")
			b.ReportMetric(median(to200), "ms-to-first-200(median)")
		})
	}
}

// BenchmarkFrameworkRequests sends the same route to a plain fetch handler and to the hono
// app (logger, cors, a header middleware, routing, c.json) from 16 concurrent clients over
// HTTP; req/s is the comparison the issue asks for.
func BenchmarkFrameworkRequests(b *testing.B) {
	frameworkDeps(b)
	for _, app := range []string{"plain", "hono"} {
		b.Run(app, func(b *testing.B) {
			dev := startFramework(b, app)
			url := dev.URL + "/json/7?q=z&tag=a"
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			b.SetParallelism(8) // 8 × GOMAXPROCS clients
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					res, err := client.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						b.Errorf("status %d", res.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}
