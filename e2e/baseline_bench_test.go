package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goflare/goflare/e2e/goflaretest"
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
// rate of each, the ratio of the medians (issue 22 asks for 0.6), and each server's CPU
// time per request over the rounds (Linux). GOFLARE_BENCH_BEFORE,
// a goflare binary of an earlier commit, adds it to the same rounds.
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
			urls := []string{bare, dev.URL + route.path}
			names := []string{"bare", "goflare"}
			pids := []int{os.Getpid(), dev.PID()} // the bare server runs in this process
			if bin := os.Getenv("GOFLARE_BENCH_BEFORE"); bin != "" {
				// An earlier goflare binary, driven in the same rounds, on a state file as
				// startDev's (goflaretest's default is in memory, which SQLite reads faster).
				dir := copyFixture(b, "kv-limits")
				w := goflaretest.Start(b, goflaretest.Options{Binary: bin, Dir: dir, PersistTo: filepath.Join(dir, ".wrangler", "state"), NoTestControls: true})
				if res, err := http.Get(w.URL + route.path); err == nil {
					res.Body.Close()
				}
				urls, names = append(urls, w.URL+route.path), append(names, "goflare-before")
				pids = append(pids, w.PID())
			}
			b.ResetTimer()
			for _, url := range urls {
				runWrk(b, wrk, url, loadWarmUp)
			}
			rates := make([][]float64, len(urls))
			cpu := make([]time.Duration, len(urls)) // the server's CPU time over the rounds
			requests := make([]float64, len(urls))
			for range ratioRounds {
				for i, url := range urls {
					before := processCPU(pids[i])
					_, rps := runWrk(b, wrk, url, ratioRound)
					cpu[i] += processCPU(pids[i]) - before
					rates[i] = append(rates[i], rps)
					requests[i] += rps * ratioRound.Seconds()
				}
			}
			bm := medianOf(rates[0])
			for i, name := range names {
				m := medianOf(rates[i])
				b.Logf("%s: %.0f req/s (rounds %.0f)", name, m, rates[i])
				b.ReportMetric(m, name+"-req/s")
				if i > 0 {
					b.ReportMetric(m/bm, name+"-ratio")
				}
				if cpu[i] > 0 {
					b.ReportMetric(float64(cpu[i].Microseconds())/requests[i], name+"-us-cpu/req")
				}
			}
		})
	}
}

const (
	ratioRounds = 3
	ratioRound  = 5 * time.Second
)

// processCPU is the user and system CPU time process pid has used, from /proc (0 where
// there is none): the load figures' cost side, steadier than the rates.
func processCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may hold spaces:
	// utime and stime are the 12th and 13th of them, in clock ticks (100 a second).
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
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
