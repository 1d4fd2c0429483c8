package runtime

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/goflare/goflare/runtime/bundle"
)

// The web-platform-tests conformance run (issue 16): testdata/wpt/<suite>.js runs wpt's
// cases for one suite inside a worker and answers {total, failed}. Every case workerd
// passes must pass: testdata/wpt/expectations/<suite>.json is what wrangler dev 4.86.0
// answered for the same worker (-wpt-dir writes it as a project; -wpt-capture records
// the answer of one served at that URL).

var (
	wptDir     = flag.String("wpt-dir", "", "write the WPT workers into this directory as wrangler projects")
	wptCapture = flag.String("wpt-capture", "", "record testdata/wpt/expectations from the WPT worker served at this URL (wrangler dev)")
)

// wptSuites are the suites testdata/wpt runs.
var wptSuites = []string{"url", "headers", "request", "response", "encoding", "atob", "blob", "abort", "events", "structured-clone", "compression", "streams", "webcrypto"}

type wptResult struct {
	Total  int      `json:"total"`
	Failed []string `json:"failed"`
}

func TestWPT(t *testing.T) {
	for _, suite := range wptSuites {
		t.Run(suite, func(t *testing.T) {
			if *wptDir != "" {
				writeWPTProject(t, suite)
				return
			}
			exp := filepath.Join("testdata", "wpt", "expectations", suite+".json")
			if *wptCapture != "" {
				client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
				res, err := client.Get(*wptCapture)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				os.MkdirAll(filepath.Dir(exp), 0o755)
				if err := os.WriteFile(exp, body, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			entry, _ := filepath.Abs(filepath.Join("testdata", "wpt", suite+".js"))
			b, err := bundle.Build(bundle.Options{Entry: entry, Dir: filepath.Dir(entry)})
			if err != nil {
				t.Fatal(err)
			}
			s, err := Compile(b)
			if err != nil {
				t.Fatal(err)
			}
			iso, err := NewIsolate(Options{Script: s})
			if err != nil {
				t.Fatal(err)
			}
			defer iso.Close()
			res, err := get(t, iso, "http://localhost/")
			if err != nil {
				t.Fatal(err)
			}
			var got, want wptResult
			if err := json.Unmarshal(res.Body, &got); err != nil {
				t.Fatalf("%v: %s", err, res.Body)
			}
			data, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: goflare passes %d of %d, workerd %d", suite, got.Total-len(got.Failed), got.Total, want.Total-len(want.Failed))
			for _, id := range got.Failed {
				if !slices.Contains(want.Failed, id) {
					t.Errorf("workerd passes, goflare fails: %s", id)
				}
			}
		})
	}
}

// writeWPTProject writes suite's worker and data as a wrangler project under -wpt-dir.
func writeWPTProject(t *testing.T, suite string) {
	dst := filepath.Join(*wptDir, suite)
	src := filepath.Join("testdata", "wpt")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	toml := "name = \"wpt-" + suite + "\"\nmain = \"" + suite + ".js\"\ncompatibility_date = \"2026-04-01\"\n"
	if err := os.WriteFile(filepath.Join(dst, "wrangler.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkURLParseSerialize: new URL(input, base).href, 1,000 times a request (see
// ns/url).
func BenchmarkURLParseSerialize(b *testing.B) {
	benchNode(b, `export default { fetch() {
  let n = 0;
  for (let i = 0; i < 1000; i++) n += new URL("../d/e?q=" + i + "#f", "https://user@example.com:8080/a/b/c").href.length;
  return new Response(String(n));
} };`)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/url")
}

// BenchmarkHTMLRewriter: a 1 MB page through an HTMLRewriter that rewrites every link
// (see MB/s).
func BenchmarkHTMLRewriter(b *testing.B) {
	b.SetBytes(1 << 20)
	benchNode(b, `const row = '<li><a href="/item/1">Item</a> <span class="p">9.99</span></li>\n';
const page = "<html><body><ul>\n" + row.repeat(Math.ceil((1 << 20) / row.length)) + "</ul></body></html>";
export default { async fetch() {
  const out = await new HTMLRewriter().on("a[href]", { element(e) { e.setAttribute("href", "https://x.test" + e.getAttribute("href")); } })
    .transform(new Response(page, { headers: { "content-type": "text/html" } })).text();
  return new Response(String(out.length));
} };`)
}
