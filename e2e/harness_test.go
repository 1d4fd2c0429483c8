package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the goflare binary TestMain built for this run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goflare-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "goflare")
	build := exec.Command("go", "build", "-o", binary, "../cmd/goflare")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building goflare: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// copyFixture copies fixtures/<name> into a fresh temporary directory and returns it.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	src := filepath.Join("..", "fixtures", name)
	dst := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".wrangler" {
				return filepath.SkipDir // state from someone's `make dev`
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// devProcess is a running `goflare dev`.
type devProcess struct {
	t      testing.TB
	cmd    *exec.Cmd
	URL    string
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
}

var readyLine = regexp.MustCompile(`^Ready on (https?://\S+)$`)

// startDev starts `goflare dev --port 0 args...` in dir and waits for its Ready line.
func startDev(t testing.TB, dir string, args ...string) *devProcess {
	t.Helper()
	p := &devProcess{t: t, done: make(chan struct{})}
	p.cmd = exec.Command(binary, append([]string{"dev", "--port", "0"}, args...)...)
	p.cmd.Dir = dir
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = &lockedWriter{mu: &p.mu, w: &p.stderr}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		defer close(p.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stdout.WriteString(line + "\n")
			p.mu.Unlock()
			if m := readyLine.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
		}
	}()
	t.Cleanup(func() { p.stop() })
	select {
	case p.URL = <-ready:
	case <-p.done:
		p.cmd.Wait()
		t.Fatalf("goflare dev exited before Ready:\nstdout:\n%s\nstderr:\n%s", p.Stdout(), p.Stderr())
	case <-time.After(30 * time.Second):
		t.Fatalf("no Ready line within 30s:\nstdout:\n%s\nstderr:\n%s", p.Stdout(), p.Stderr())
	}
	return p
}

// stop sends SIGINT (Ctrl-C) and returns the exit code; it kills a process that does not
// stop within 10s and fails the test.
func (p *devProcess) stop() int {
	if p.cmd.ProcessState != nil {
		return p.cmd.ProcessState.ExitCode()
	}
	p.cmd.Process.Signal(syscall.SIGINT)
	exited := make(chan struct{})
	go func() {
		<-p.done
		p.cmd.Wait()
		close(exited)
	}()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-exited
		p.t.Errorf("goflare dev did not stop within 10s of SIGINT")
	}
	return p.cmd.ProcessState.ExitCode()
}

// Stdout and Stderr return what the process printed so far.
func (p *devProcess) Stdout() string { p.mu.Lock(); defer p.mu.Unlock(); return p.stdout.String() }

// Stderr returns what the process printed on stderr so far.
func (p *devProcess) Stderr() string { p.mu.Lock(); defer p.mu.Unlock(); return p.stderr.String() }

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// response is what get read.
type response struct {
	status int
	header http.Header
	body   string
}

// get sends GET base+path and reads the whole response.
func (p *devProcess) get(path string, headers ...string) response {
	p.t.Helper()
	return p.do("GET", path, nil, headers...)
}

// do sends a request and reads the whole response.
func (p *devProcess) do(method, path string, body io.Reader, headers ...string) response {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, p.URL+path, body)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v\nstderr:\n%s", method, path, err, p.Stderr())
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(data)}
}

// waitForOutput waits until stdout contains s (log lines are written after the response).
func (p *devProcess) waitForOutput(s string) bool { return p.waitFor(p.Stdout, s) }

// waitForStderr waits until stderr contains s.
func (p *devProcess) waitForStderr(s string) bool { return p.waitFor(p.Stderr, s) }

func (p *devProcess) waitFor(read func() string, s string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(read(), s) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}
