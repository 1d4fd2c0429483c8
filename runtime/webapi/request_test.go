package webapi

import (
	"encoding/json"
	"testing"
)

// TestCFPlaceholderFollowsAcceptEncoding: the kept text is only reused for the same
// Accept-Encoding; each request's cf.clientAcceptEncoding is its own.
func TestCFPlaceholderFollowsAcceptEncoding(t *testing.T) {
	for _, enc := range []string{"gzip, br", "gzip, br", "", `"quoted"`, "gzip, br", "identity"} {
		var cf struct {
			Colo                 string `json:"colo"`
			ClientAcceptEncoding string `json:"clientAcceptEncoding"`
		}
		if err := json.Unmarshal([]byte(CFPlaceholder(enc)), &cf); err != nil {
			t.Fatalf("%q: %v", enc, err)
		}
		if cf.ClientAcceptEncoding != enc || cf.Colo != "DFW" {
			t.Errorf("CFPlaceholder(%q) has clientAcceptEncoding %q, colo %q", enc, cf.ClientAcceptEncoding, cf.Colo)
		}
	}
}
