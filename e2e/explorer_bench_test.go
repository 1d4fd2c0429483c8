package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// BenchmarkExplorer100kKeys: the explorer on a namespace of 100,000 keys, in headless
// Chromium: the time to the first page of keys, and to the answer of a prefix search.
func BenchmarkExplorer100kKeys(b *testing.B) {
	chrome := findChromium(b)
	dev := startDev(b, copyFixture(b, "hello-kv"))
	bulk := "/cdn-cgi/client/v4/accounts/local/storage/kv/namespaces/hello-kv-namespace/bulk"
	for i := 0; i < 100; i++ {
		var sb strings.Builder
		sb.WriteString("[")
		for j := 0; j < 1000; j++ {
			if j > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, `{"key":"item:%06d","value":"v"}`, i*1000+j)
		}
		sb.WriteString("]")
		if r := dev.do("PUT", bulk, strings.NewReader(sb.String()), "Content-Type", "application/json"); r.status != 200 {
			b.Fatalf("seeding: %d %s", r.status, r.body)
		}
	}
	ctx := startBrowser(b, chrome)
	b.ResetTimer()
	var first, search time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := cdp.Do(ctx, cdp.Navigate(dev.URL+"/cdn-cgi/explorer/"), cdp.WaitVisible(cdp.CSS(`tr[data-key="item:000099"]`))); err != nil {
			b.Fatal(err)
		}
		first += time.Since(t0)
		t1 := time.Now()
		if err := cdp.Do(ctx, cdp.SendKeys(cdp.CSS("#prefix"), "item:0999"), cdp.WaitVisible(cdp.CSS(`tr[data-key="item:099999"]`))); err != nil {
			b.Fatal(err)
		}
		search += time.Since(t1)
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms-first-page")
	b.ReportMetric(float64(search.Milliseconds())/float64(b.N), "ms-prefix-search")
}
