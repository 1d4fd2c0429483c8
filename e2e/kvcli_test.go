package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goflare runs the goflare binary in dir and returns its stdout, stderr and exit code.
func goflare(t testing.TB, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// mustGoflare is goflare for a command that must succeed.
func mustGoflare(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, errs, code := goflare(t, dir, args...)
	if code != 0 {
		t.Fatalf("goflare %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// TestKVCLISharesStateWithDev: with goflare dev running on a project, a key put from the
// CLI is seen by the worker's next request, one the worker writes is read by the CLI, and
// bulk writes and deletes from the CLI show at once.
func TestKVCLISharesStateWithDev(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	p := startDev(t, dir)

	mustGoflare(t, dir, "kv", "key", "put", "from-cli", "hello from the CLI", "--binding", "MY_KV")
	if r := p.get("/get?key=from-cli"); r.status != 200 || r.body != "hello from the CLI" {
		t.Fatalf("worker read %d %q", r.status, r.body)
	}

	if r := p.get("/set?key=from-worker&value=written+by+the+worker"); r.status != 200 {
		t.Fatalf("/set: %d %s", r.status, r.body)
	}
	if out := mustGoflare(t, dir, "kv", "key", "get", "from-worker", "--binding", "MY_KV"); out != "written by the worker" {
		t.Fatalf("CLI read %q", out)
	}

	bulk := filepath.Join(dir, "seed.json")
	os.WriteFile(bulk, []byte(`[{"key":"b1","value":"one"},{"key":"b2","value":"two"}]`), 0o644)
	mustGoflare(t, dir, "kv", "bulk", "put", "seed.json", "--binding", "MY_KV")
	if r := p.get("/list?prefix=b"); r.body != `["b1","b2"]` {
		t.Fatalf("worker listed %s after bulk put", r.body)
	}
	os.WriteFile(bulk, []byte(`["b1","from-cli"]`), 0o644)
	mustGoflare(t, dir, "kv", "bulk", "delete", "seed.json", "--binding", "MY_KV", "--force")
	if r := p.get("/get?key=from-cli"); r.status != 404 {
		t.Fatalf("worker still reads a key the CLI deleted: %d %q", r.status, r.body)
	}
	list := mustGoflare(t, dir, "kv", "key", "list", "--binding", "MY_KV")
	for _, want := range []string{`"name": "b2"`, `"name": "from-worker"`} {
		if !strings.Contains(list, want) {
			t.Fatalf("kv key list lacks %s:\n%s", want, list)
		}
	}
	if strings.Contains(list, `"b1"`) {
		t.Fatalf("kv key list still shows b1:\n%s", list)
	}
	if r := p.get("/get?key=b2"); r.body != "two" {
		t.Fatalf("worker read b2 = %q", r.body)
	}
}

// TestKVCLIPersistToMatchesDev: --persist-to means the same directory to both commands.
func TestKVCLIPersistToMatchesDev(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	mustGoflare(t, dir, "kv", "key", "put", "k", "in elsewhere", "--binding", "MY_KV", "--persist-to", "elsewhere")
	p := startDev(t, dir, "--persist-to", "elsewhere")
	if r := p.get("/get?key=k"); r.body != "in elsewhere" {
		t.Fatalf("dev --persist-to elsewhere read %d %q", r.status, r.body)
	}
	if out := mustGoflare(t, dir, "kv", "key", "get", "k", "--binding", "MY_KV"); out != "Value not found\n" {
		t.Fatalf("the default state should not have k: %q", out)
	}
}

// TestKVCLIRemoteNeedsCredentials: --remote without an account and token names the
// variables it needs and exits 1 (TestKVCLIRemote in kvapi_test.go runs it with them).
func TestKVCLIRemoteNeedsCredentials(t *testing.T) {
	dir := copyFixture(t, "hello-kv")
	for _, k := range []string{"CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"} {
		t.Setenv(k, "")
	}
	_, errs, code := goflare(t, dir, "kv", "key", "list", "--binding", "MY_KV", "--remote")
	if code != 1 || !strings.Contains(errs, "remote KV needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}
