package e2e

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// The language corpus (issue 14): compat-table's feature tests (npm compat-table, MIT,
// pinned in fixtures/frameworks), each run as a function inside one worker by the real
// binary. fixtures/frameworks/compat-table.json records which of them workerd passes
// (run under wrangler dev 4.86.0 with -compat-dir and -compat-capture) and the ones
// goflare is known not to pass, with why; every other test workerd passes must pass here.

var (
	compatDir     = flag.String("compat-dir", "", "also write the compat-table worker into this directory (to run it under wrangler dev)")
	compatCapture = flag.String("compat-capture", "", "instead of testing, record in compat-table.json which tests the worker served at this URL passes")
)

// compatExpect is fixtures/frameworks/compat-table.json.
type compatExpect struct {
	Note      string            `json:"note"`
	Workerd   []string          `json:"workerd_passes"`
	KnownGaps map[string]string `json:"known_gaps"`
}

// compatCases reads compat-table's tests with node (the data files are CommonJS with the
// test bodies in comments) and keeps those a module worker can contain: strict-mode
// syntax esbuild parses. Proper tail calls are left out: V8 has none either, and
// goja's overflow at that depth cannot be caught, so it would end the whole run.
func compatCases(t *testing.T) (names, bodies []string) {
	t.Helper()
	const dump = `const out = [];
for (const f of ["data-es5", "data-es6", "data-es2016plus", "data-esnext"]) {
  const data = require("compat-table/" + f + ".js");
  for (const test of data.tests) {
    const subs = test.subtests ? test.subtests.map((s) => [test.name + " / " + s.name, s.exec]) : [[test.name, test.exec]];
    for (const [name, exec] of subs) {
      const m = typeof exec === "function" && /\/\*([\s\S]*)\*\//.exec(exec.toString());
      if (m) out.push([f.replace("data-", "") + ": " + name, m[1]]);
    }
  }
}
process.stdout.write(JSON.stringify(out));`
	cmd := exec.Command("node", "-e", dump)
	cmd.Dir = frameworksDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node reading compat-table: %v", err)
	}
	var all [][2]string
	if err := json.Unmarshal(out, &all); err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if strings.Contains(c[0], "proper tail calls") {
			continue
		}
		r := api.Transform("export const f = function (asyncTestPassed) {"+c[1]+"\n};", api.TransformOptions{Format: api.FormatESModule, Loader: api.LoaderJS, LogLevel: api.LogLevelSilent})
		if len(r.Errors) > 0 {
			continue
		}
		names = append(names, c[0])
		bodies = append(bodies, c[1])
	}
	return names, bodies
}

// compatWorker is one worker running every case: "pass" when it returns true or calls
// asyncTestPassed (checked after 200 ms), else "fail" or "throw".
func compatWorker(names, bodies []string) string {
	var b strings.Builder
	b.WriteString("const cases = [];\n")
	for i := range names {
		q, _ := json.Marshal(names[i])
		fmt.Fprintf(&b, "cases.push([%s, function (asyncTestPassed) {%s\n}]);\n", q, bodies[i])
	}
	b.WriteString(`export default {
  async fetch() {
    const out = {}, passed = {};
    for (const [name, fn] of cases) {
      try { out[name] = fn(() => { passed[name] = true; }) === true ? "pass" : "fail"; } catch { out[name] = "throw"; }
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const name in passed) out[name] = "pass";
    return Response.json(out);
  },
};
`)
	return b.String()
}

func TestCompatTable(t *testing.T) {
	frameworkDeps(t)
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node was not found")
	}
	names, bodies := compatCases(t)
	dir := t.TempDir()
	if *compatDir != "" {
		dir = *compatDir
	}
	files := map[string]string{
		"wrangler.toml": "name = \"compat\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-04-01\"\n",
		"src/index.js":  compatWorker(names, bodies),
	}
	for name, src := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	expectPath := filepath.Join(frameworksDir, "compat-table.json")
	var want compatExpect
	if data, err := os.ReadFile(expectPath); err == nil {
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
	}
	if *compatCapture != "" {
		got := compatResults(t, *compatCapture)
		want.Workerd = nil
		for _, n := range names {
			if got[n] == "pass" {
				want.Workerd = append(want.Workerd, n)
			}
		}
		data, _ := json.MarshalIndent(want, "", " ")
		if err := os.WriteFile(expectPath, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded %d of %d tests passing at %s", len(want.Workerd), len(names), *compatCapture)
		return
	}
	dev := startDev(t, dir)
	got := compatResults(t, dev.URL)
	passed := 0
	for _, n := range names {
		if got[n] == "pass" {
			passed++
		}
	}
	var missing, stale []string
	for _, n := range want.Workerd {
		_, known := want.KnownGaps[n]
		switch {
		case got[n] != "pass" && !known:
			missing = append(missing, fmt.Sprintf("%s (%s)", n, got[n]))
		case got[n] == "pass" && known:
			stale = append(stale, n)
		}
	}
	t.Logf("compat-table: %d tests a module worker can contain; workerd passes %d, goflare %d (%d known gaps)", len(names), len(want.Workerd), passed, len(want.KnownGaps))
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("workerd passes, goflare does not: %s", m)
	}
	for _, s := range stale {
		t.Errorf("listed as a known gap but passes now (take it out of compat-table.json): %s", s)
	}
}

// compatResults fetches the worker's results.
func compatResults(t *testing.T, url string) map[string]string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var got map[string]string
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("compat worker answered %d %.500s", res.StatusCode, data)
	}
	return got
}
