package e2e

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/goflare/goflare/e2e/goflaretest"
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

// devProcess is a running `goflare dev` (goflaretest's Worker), with the short names
// these tests use.
type devProcess struct {
	*goflaretest.Worker
	t testing.TB
}

// startDev starts `goflare dev --port 0 args...` in dir, with its state in dir's
// .wrangler/state (goflare's default for a project there) unless args say otherwise,
// and waits for its Ready line.
func startDev(t testing.TB, dir string, args ...string) *devProcess {
	t.Helper()
	w := goflaretest.Start(t, goflaretest.Options{
		Binary: binary, Dir: dir, PersistTo: filepath.Join(dir, ".wrangler", "state"),
		NoTestControls: true, Args: args,
	})
	return &devProcess{Worker: w, t: t}
}

// stop interrupts the process and returns its exit code.
func (p *devProcess) stop() int { return p.Stop() }

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
	r := p.Do(method, path, body, headers...)
	return response{status: r.Status, header: r.Header, body: r.Body}
}

// waitForOutput waits until stdout contains s (log lines are written after the response).
func (p *devProcess) waitForOutput(s string) bool { return p.WaitForStdout(s) }

// waitForStderr waits until stderr contains s.
func (p *devProcess) waitForStderr(s string) bool { return p.WaitForStderr(s) }
