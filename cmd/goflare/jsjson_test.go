package main

import "testing"

// The expected texts were printed by Node.js (String(x) and JSON.stringify).
func TestJSNumberMatchesJavaScript(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{1, "1"}, {-1, "-1"}, {0.1, "0.1"}, {1.5, "1.5"}, {100, "100"}, {1e21, "1e+21"},
		{1e20, "100000000000000000000"}, {123456789012345680000, "123456789012345680000"},
		{1.5e-7, "1.5e-7"}, {0.000001, "0.000001"}, {0.0000012, "0.0000012"}, {1e-7, "1e-7"},
		{5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"}, {-0.5, "-0.5"},
		{2.5e25, "2.5e+25"}, {1234.5678, "1234.5678"}, {0.30000000000000004, "0.30000000000000004"}, {0, "0"},
	}
	for _, c := range cases {
		if got := jsNumber(c.f); got != c.want {
			t.Errorf("jsNumber(%v) = %q, want %q", c.f, got, c.want)
		}
	}
}

func TestJSStringifyMatchesJavaScript(t *testing.T) {
	in := "{\"b\":1,\"2\":2,\"a\":{\"x\":[1,{}],\"y\":[]},\"1\":\"<\\u2028>\\u0001\\u007f\",\"b\":3,\"017\":4}"
	v, err := jsParse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"1\": \"<\u2028>\\u0001\u007f\",\n  \"2\": 2,\n  \"b\": 3,\n  \"a\": {\n    \"x\": [\n      1,\n      {}\n    ],\n    \"y\": []\n  },\n  \"017\": 4\n}"
	if got := jsStringify(v, "  "); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := jsStringify(v, ""); got != "{\"1\":\"<\u2028>\\u0001\u007f\",\"2\":2,\"b\":3,\"a\":{\"x\":[1,{}],\"y\":[]},\"017\":4}" {
		t.Errorf("compact: %s", got)
	}
	for _, bad := range []string{"", "[1,]", "{\"a\":1,}", "// c\n1", "1 2", "{"} {
		if _, err := jsParse([]byte(bad)); err == nil {
			t.Errorf("jsParse(%q) accepted it", bad)
		}
	}
}
