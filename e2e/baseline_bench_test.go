package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// The machine's own limit, measured beside goflare's routes (BenchmarkLoadHello,
// BenchmarkLoadKVGet, BenchmarkLoadKVPut) with the same driver: a bare Go net/http server
// answering "ok", the same with one SQLite point read of a 100-byte value, and with one
// upsert of one (the same SQLite driver and settings as goflare's store). Issue 22 asks
// each goflare route to reach 0.6 of its bare counterpart.

// serveBare serves h on a loopback port for the benchmark's lifetime.
func serveBare(b *testing.B, h http.HandlerFunc) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// bareDB opens a SQLite file as goflare's store opens its own (WAL, synchronous NORMAL,
// a memory map), with a table of keys and values.
func bareDB(b *testing.B) *sql.DB {
	path := filepath.Join(b.TempDir(), "bare.sqlite")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(1073741824)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	if _, err := db.Exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO kv VALUES ('small', ?)`, []byte(strings.Repeat("x", 100))); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkLoadBareHello: net/http answering "ok".
func BenchmarkLoadBareHello(b *testing.B) {
	url := serveBare(b, bareHello)
	b.ResetTimer()
	loadURL(b, url+"/ok")
}

// BenchmarkLoadBareSQLiteGet: net/http with one prepared point read.
func BenchmarkLoadBareSQLiteGet(b *testing.B) {
	url := serveBare(b, bareGet(b))
	b.ResetTimer()
	loadURL(b, url+"/small")
}

// BenchmarkLoadBareSQLiteUpsert: net/http with one prepared upsert of a 100-byte value
// under one of 10,000 keys.
func BenchmarkLoadBareSQLiteUpsert(b *testing.B) {
	url := serveBare(b, bareUpsert(b))
	b.ResetTimer()
	loadURL(b, url+"/write")
}

// bareHello answers "ok".
func bareHello(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

// bareGet answers the value of one prepared point read.
func bareGet(b *testing.B) http.HandlerFunc {
	get, err := bareDB(b).Prepare(`SELECT value FROM kv WHERE key = ?`)
	if err != nil {
		b.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var v []byte
		if err := get.QueryRowContext(context.Background(), "small").Scan(&v); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write(v)
	}
}

// bareUpsert upserts a 100-byte value under one of 10,000 keys and answers "ok".
func bareUpsert(b *testing.B) http.HandlerFunc {
	put, err := bareDB(b).Prepare(`INSERT INTO kv VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
	if err != nil {
		b.Fatal(err)
	}
	value := []byte(strings.Repeat("x", 100))
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := put.ExecContext(context.Background(), fmt.Sprintf("w%d", rand.IntN(10000)), value); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write([]byte("ok"))
	}
}

// BenchmarkLoadVsBare is issue 22's per-request figure: each goflare route (kv-limits'
// /ok, /small and /write) and its bare counterpart, driven in turn, ratioRounds times
// each after a warm-up, so that both see the same machine: on a shared virtual machine
// the rate of either moves by 15-25 % from one minute to the next. It reports the median
// rate of each and the ratio of the medians (issue 22 asks for 0.6).
func BenchmarkLoadVsBare(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("needs wrk")
	}
	routes := []struct {
		name, path string
		bare       func(b *testing.B) http.HandlerFunc
	}{
		{"ok", "/ok", func(*testing.B) http.HandlerFunc { return bareHello }},
		{"kv-get", "/small", bareGet},
		{"kv-put", "/write", bareUpsert},
	}
	for _, route := range routes {
		b.Run(route.name, func(b *testing.B) {
			bare := serveBare(b, route.bare(b)) + route.path
			dev := startDev(b, copyFixture(b, "kv-limits"))
			dev.get(route.path)
			goflare := dev.URL + route.path
			b.ResetTimer()
			for _, url := range []string{bare, goflare} {
				wrkFor(b, wrk, url, loadWarmUp)
			}
			var bareRates, goflareRates []float64
			for range ratioRounds {
				bareRates = append(bareRates, wrkFor(b, wrk, bare, ratioRound))
				goflareRates = append(goflareRates, wrkFor(b, wrk, goflare, ratioRound))
			}
			b.Logf("bare %v req/s; goflare %v req/s", bareRates, goflareRates)
			bm, gm := medianOf(bareRates), medianOf(goflareRates)
			b.ReportMetric(bm, "bare-req/s")
			b.ReportMetric(gm, "goflare-req/s")
			b.ReportMetric(gm/bm, "ratio")
		})
	}
}

const (
	ratioRounds = 3
	ratioRound  = 5 * time.Second
)

// wrkFor drives url with wrk for d and returns the requests per second.
func wrkFor(b *testing.B, wrk, url string, d time.Duration) float64 {
	out, err := exec.Command(wrk, "-t2", "-c"+strconv.Itoa(loadConns), "-d"+d.String(), url).CombinedOutput()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	if wrkErrors.Match(out) {
		b.Fatalf("wrk saw failures:\n%s", out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		b.Fatalf("no rate in wrk's output:\n%s", out)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	return rps
}

// medianOf is the middle of xs (the mean of the middle two for an even count).
func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
