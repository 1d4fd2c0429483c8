package e2e

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nodejs_compat (issue 15): fixtures/nodecompat answers, per group of node: modules, the
// results of cases taken from Node's documentation. testdata/nodecompat/<group>.json is
// what wrangler dev 4.86.0 answered for the same fixture (recorded with -node-capture);
// goflare must answer the same text.

var nodeCapture = flag.String("node-capture", "", "instead of testing, record testdata/nodecompat/ from the fixture served at this URL (wrangler dev)")

// nodeGroups are the fixture's routes.
var nodeGroups = []string{"buffer", "events", "process", "util", "path", "url", "assert", "string_decoder", "stream", "crypto", "async_hooks", "zlib", "http", "others", "webcrypto"}

func TestNodeCompatMatchesWorkerd(t *testing.T) {
	if *nodeCapture != "" {
		for _, g := range nodeGroups {
			res, err := http.Get(*nodeCapture + "/" + g)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", g, res.StatusCode, body)
			}
			if err := os.WriteFile(filepath.Join("testdata", "nodecompat", g+".json"), body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	p := startDev(t, copyFixture(t, "nodecompat"))
	for _, g := range nodeGroups {
		t.Run(g, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", "nodecompat", g+".json"))
			if err != nil {
				t.Fatal(err)
			}
			r := p.get("/" + g)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if r.body != string(want) {
				t.Errorf("goflare's answer differs from wrangler dev's:\n%s", lineDiff(string(want), r.body))
			}
		})
	}
}

// lineDiff lists the lines of two JSON texts that differ, with their line numbers.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d:\n  wrangler: %s\n  goflare:  %s\n", i+1, a, c)
		}
	}
	return b.String()
}
