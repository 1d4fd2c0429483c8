// Package goflaretest drives a real `goflare dev` process from Go tests: start a worker
// project, send it requests, seed and read its KV state, move its clock, stop it. It is
// the Go twin of the JavaScript helper in e2e/vitest (unstable_dev), on the same test
// controls (`goflare dev --test-controls`, routes under /__goflare/).
//
//	w := goflaretest.Start(t, goflaretest.Options{Dir: "path/to/project"})
//	w.KV("MY_KV").Put(goflaretest.Entry{Key: "user:1", Value: "Ada", ExpirationTTL: 3600})
//	res := w.Get("/user/1")
//	w.AdvanceClock(time.Hour)
//
// The worker stops when the test ends (Stop stops it sooner).
package goflaretest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Memory is the PersistTo that keeps the KV state in memory: nothing on disk, every
// start empty. It is the default.
const Memory = ":memory:"

// Options say which worker to start and how.
type Options struct {
	// Binary is the goflare executable; "" means $GOFLARE_BIN, else goflare on PATH.
	Binary string
	// Dir is the project directory, where goflare dev runs (its config is looked up
	// from there); "" means the current directory.
	Dir string
	// Script is the entry point, relative to Dir; "" means the config's main.
	Script string
	// Config, Env, IP and Port are goflare dev's --config, --env, --ip and --port
	// (Port 0, the default, picks a free port).
	Config, Env, IP string
	Port            int
	// Vars are --var NAME:VALUE overrides.
	Vars map[string]string
	// PersistTo is --persist-to; "" means Memory.
	PersistTo string
	// KVOpLimit is --kv-op-limit when not nil.
	KVOpLimit *int
	// NoTestControls leaves out --test-controls: KV, Reset and AdvanceClock then fail.
	NoTestControls bool
	// Args are more flags for goflare dev.
	Args []string
	// StartTimeout bounds the wait for the Ready line; 0 means 30 s.
	StartTimeout time.Duration
}

// Worker is a running `goflare dev`.
type Worker struct {
	// URL is the server's base URL (http://127.0.0.1:PORT); Address and Port are its parts.
	URL     string
	Address string
	Port    int

	t      testing.TB
	cmd    *exec.Cmd
	done   chan struct{} // closed when stdout has ended
	exited chan struct{} // closed when the process has been waited for; code is then set
	code   int
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
}

var readyLine = regexp.MustCompile(`^Ready on (https?)://(\S+):(\d+)$`)

// Start starts `goflare dev` for opts and waits for its Ready line; a worker that fails
// to start fails the test with goflare's output. The worker is stopped at the end of
// the test.
func Start(t testing.TB, opts Options) *Worker {
	t.Helper()
	w, err := start(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func start(t testing.TB, opts Options) (*Worker, error) {
	bin := opts.Binary
	if bin == "" {
		bin = os.Getenv("GOFLARE_BIN")
	}
	if bin == "" {
		bin = "goflare"
	}
	args := []string{"dev", "--port", strconv.Itoa(opts.Port)}
	persist := opts.PersistTo
	if persist == "" {
		persist = Memory
	}
	args = append(args, "--persist-to", persist)
	if !opts.NoTestControls {
		args = append(args, "--test-controls")
	}
	for flag, v := range map[string]string{"--config": opts.Config, "--env": opts.Env, "--ip": opts.IP} {
		if v != "" {
			args = append(args, flag, v)
		}
	}
	for k, v := range opts.Vars {
		args = append(args, "--var", k+":"+v)
	}
	if opts.KVOpLimit != nil {
		args = append(args, "--kv-op-limit", strconv.Itoa(*opts.KVOpLimit))
	}
	args = append(args, opts.Args...)
	if opts.Script != "" {
		args = append(args, opts.Script)
	}
	w := &Worker{t: t, done: make(chan struct{}), exited: make(chan struct{})}
	w.cmd = exec.Command(bin, args...)
	w.cmd.Dir = opts.Dir
	stdout, err := w.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.cmd.Stderr = &lockedWriter{mu: &w.mu, w: &w.stderr}
	if err := w.cmd.Start(); err != nil {
		return nil, fmt.Errorf("goflaretest: starting %s: %v", bin, err)
	}
	go func() {
		<-w.done
		w.cmd.Wait()
		w.code = w.cmd.ProcessState.ExitCode()
		close(w.exited)
	}()
	ready := make(chan []string, 1)
	go func() {
		defer close(w.done)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 16<<20)
		// Cheap per line, as a terminal is: a load test makes a log line a request, and
		// this goroutine shares the machine with the server it measures.
		seen := false // the Ready line
		for sc.Scan() {
			line := sc.Bytes()
			w.mu.Lock()
			w.stdout.Write(line)
			w.stdout.WriteByte('\n')
			w.mu.Unlock()
			if !seen {
				if m := readyLine.FindStringSubmatch(string(line)); m != nil {
					seen = true
					ready <- m
				}
			}
		}
	}()
	t.Cleanup(func() { w.Stop() })
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	select {
	case m := <-ready:
		w.Address = m[2]
		w.Port, _ = strconv.Atoi(m[3])
		w.URL = m[1] + "://" + m[2] + ":" + m[3]
		return w, nil
	case <-w.exited:
		return nil, fmt.Errorf("goflare dev exited (%s) before it was ready:\n%s%s", w.cmd.ProcessState, w.Stdout(), w.Stderr())
	case <-time.After(timeout):
		w.Stop()
		return nil, fmt.Errorf("goflare dev printed no Ready line within %s:\n%s%s", timeout, w.Stdout(), w.Stderr())
	}
}

// Stop interrupts the process (Ctrl-C), waits for it and returns its exit code; one that
// does not stop within 10 s is killed and fails the test. Stopping twice is harmless.
func (w *Worker) Stop() int {
	select {
	case <-w.exited:
		return w.code
	default:
	}
	w.cmd.Process.Signal(os.Interrupt)
	select {
	case <-w.exited:
	case <-time.After(10 * time.Second):
		w.cmd.Process.Kill()
		<-w.exited
		w.t.Errorf("goflare dev did not stop within 10s of an interrupt")
	}
	return w.code
}

// Signal sends sig to the process.
func (w *Worker) Signal(sig os.Signal) error { return w.cmd.Process.Signal(sig) }

// Wait waits for the process to end by itself and returns its exit code.
func (w *Worker) Wait() int {
	<-w.exited
	return w.code
}

// PID is the process id of goflare dev.
func (w *Worker) PID() int { return w.cmd.Process.Pid }

// Stdout returns what the process printed on stdout so far.
func (w *Worker) Stdout() string { w.mu.Lock(); defer w.mu.Unlock(); return w.stdout.String() }

// Stderr returns what the process printed on stderr so far.
func (w *Worker) Stderr() string { w.mu.Lock(); defer w.mu.Unlock(); return w.stderr.String() }

// WaitForStdout waits up to 5 s for stdout to contain s (request logs are written after
// the response) and reports whether it did.
func (w *Worker) WaitForStdout(s string) bool { return waitFor(w.Stdout, s) }

// WaitForStderr is WaitForStdout for stderr.
func (w *Worker) WaitForStderr(s string) bool { return waitFor(w.Stderr, s) }

func waitFor(read func() string, s string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(read(), s) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Response is a whole response.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Get sends GET path (with headers as name, value pairs; "Host" sets the request's
// host) and reads the response.
func (w *Worker) Get(path string, headers ...string) Response {
	w.t.Helper()
	return w.Do("GET", path, nil, headers...)
}

// Do sends a request to path and reads the whole response; a failed request fails the
// test with goflare's stderr.
func (w *Worker) Do(method, path string, body io.Reader, headers ...string) Response {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, w.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if strings.EqualFold(headers[i], "Host") {
			req.Host = headers[i+1] // net/http sends req.Host, not a Host header
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatalf("%s %s: %v\nstderr:\n%s", method, path, err, w.Stderr())
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// control calls a test-control route and decodes its JSON answer into out (when not
// nil); it returns the status. An answer other than 200 or 404 fails the test.
func (w *Worker) control(method, path string, body any, out any) int {
	w.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			w.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	res := w.Do(method, "/__goflare/"+path, r)
	if res.Status != http.StatusOK && res.Status != http.StatusNotFound {
		w.t.Fatalf("%s /__goflare/%s: %d %s", method, path, res.Status, res.Body)
	}
	if res.Status == http.StatusNotFound && !strings.HasPrefix(res.Body, "null") {
		w.t.Fatalf("%s /__goflare/%s: %d %s (started without test controls?)", method, path, res.Status, res.Body)
	}
	if out != nil && res.Status == http.StatusOK {
		if err := json.Unmarshal([]byte(res.Body), out); err != nil {
			w.t.Fatalf("%s /__goflare/%s: %v in %s", method, path, err, res.Body)
		}
	}
	return res.Status
}

// Reset removes every KV entry and namespace: fresh state for the next test.
func (w *Worker) Reset() {
	w.t.Helper()
	w.control("POST", "reset", nil, nil)
}

// AdvanceClock moves the worker's clock (Date.now() and KV expiry) d ahead.
func (w *Worker) AdvanceClock(d time.Duration) {
	w.t.Helper()
	w.control("POST", "clock/advance", map[string]float64{"ms": float64(d) / float64(time.Millisecond)}, nil)
}

// Now is the worker's clock.
func (w *Worker) Now() time.Time {
	w.t.Helper()
	var out struct{ Now int64 }
	w.control("GET", "clock", nil, &out)
	return time.UnixMilli(out.Now)
}

// KV is the KV namespace a binding of the worker uses.
type KV struct {
	w       *Worker
	binding string
}

// KV returns the namespace of the worker's KV binding.
func (w *Worker) KV(binding string) *KV { return &KV{w: w, binding: binding} }

// Entry is one KV entry: what Put writes and Get reads. Value holds the bytes (any,
// not only UTF-8).
type Entry struct {
	Key   string
	Value string
	// Metadata is JSON text; "" for none.
	Metadata string
	// Expiration is seconds since the epoch (0: none); ExpirationTTL (writes only) is
	// seconds from now and wins.
	Expiration    int64
	ExpirationTTL int64
}

type wireEntry struct {
	Key           string          `json:"key"`
	Value         string          `json:"value"`
	Base64        bool            `json:"base64,omitempty"`
	Expiration    int64           `json:"expiration,omitempty"`
	ExpirationTTL int64           `json:"expiration_ttl,omitempty"`
	Metadata      json.RawMessage `json:"metadata,omitempty"`
}

// Put writes entries, all or nothing, with Cloudflare's rules (a refused entry fails
// the test with Cloudflare's message).
func (kv *KV) Put(entries ...Entry) {
	kv.w.t.Helper()
	wire := make([]wireEntry, len(entries))
	for i, e := range entries {
		wire[i] = wireEntry{Key: e.Key, Value: base64.StdEncoding.EncodeToString([]byte(e.Value)), Base64: true,
			Expiration: e.Expiration, ExpirationTTL: e.ExpirationTTL}
		if e.Metadata != "" {
			wire[i].Metadata = json.RawMessage(e.Metadata)
		}
	}
	kv.w.control("PUT", "kv/"+url.PathEscape(kv.binding), wire, nil)
}

// Get reads an entry; ok is false when the key is missing or expired.
func (kv *KV) Get(key string) (e Entry, ok bool) {
	kv.w.t.Helper()
	var wire wireEntry
	if kv.w.control("GET", "kv/"+url.PathEscape(kv.binding)+"?key="+url.QueryEscape(key), nil, &wire) != http.StatusOK {
		return Entry{}, false
	}
	e = Entry{Key: wire.Key, Value: wire.Value, Expiration: wire.Expiration, Metadata: string(wire.Metadata)}
	if wire.Base64 {
		b, err := base64.StdEncoding.DecodeString(wire.Value)
		if err != nil {
			kv.w.t.Fatal(err)
		}
		e.Value = string(b)
	}
	return e, true
}

// Key is one key of a listing.
type Key struct {
	Name       string          `json:"name"`
	Expiration int64           `json:"expiration,omitempty"`
	Metadata   json.RawMessage `json:"metadata,omitempty"`
}

// List returns every live key that starts with prefix, in order.
func (kv *KV) List(prefix string) []Key {
	kv.w.t.Helper()
	var keys []Key
	kv.w.control("GET", "kv/"+url.PathEscape(kv.binding)+"?prefix="+url.QueryEscape(prefix), nil, &keys)
	return keys
}

// Reset removes every entry of the namespace.
func (kv *KV) Reset() {
	kv.w.t.Helper()
	kv.w.control("DELETE", "kv/"+url.PathEscape(kv.binding), nil, nil)
}
