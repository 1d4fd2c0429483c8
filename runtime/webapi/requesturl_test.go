package webapi

import "testing"

// TestRequestURLFastPath: the targets RequestURL takes without parsing are exactly what
// the URL parser makes of them, and the others are parsed.
func TestRequestURLFastPath(t *testing.T) {
	for _, target := range []string{
		"/", "/a/b.js", "/a?x=1&y=%zz", "/a%zz", "/a.b/c..d/.e", "/a/./b", "/a/../b", "/a/..", "/.",
		"/a/%2e/b", "/a/%2E%2E/b", "/a\\b", "/a|b", "/a#b", "/a{b}", "/a b", "/ü", "/a?q='x'",
		"/a?q=<b>", "/a^b", "/a`b", "/%7e", "/~user/", "/a;b=c", "/a@b:c", "*", "http://x/y",
	} {
		for _, host := range []string{"localhost:8787", "LocalHost", "127.0.0.1"} {
			s := "http://" + host + target
			want := s
			if u, err := urlParser.Parse(s); err == nil {
				want = u.Href(true)
			}
			if got := RequestURL(host, target); got != want {
				t.Errorf("RequestURL(%q, %q) = %q, want %q", host, target, got, want)
			}
		}
	}
}
