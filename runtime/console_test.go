package runtime

import (
	"strings"
	"testing"
)

// TestConsoleFormatting pins console output to what wrangler dev prints for the same
// calls (Node's inspection).
func TestConsoleFormatting(t *testing.T) {
	iso, out := startWorker(t, `
class Point { constructor(public x: number, public y: number) {} }
export default {
  async fetch(): Promise<Response> {
    console.log({ a: 1, b: [1, 2] }, "x", 3);
    console.log("plain string", "with 'quotes'", ["in 'array'", "b"]);
    console.log(new Map([["k", { v: true }]]), new Set([1]), new Point(1, 2));
    console.log("%s is %d years", "Ann", 42, "extra");
    console.log(null, undefined, 1n, -0, [undefined, null], { nested: { deeper: { deepest: { gone: 1 } } } });
    console.log(new Uint8Array([1, 2]), function named() {}, () => 1, Symbol("s"));
    const self: any = { name: "loop" }; self.self = self;
    console.log(self);
    console.error(new RangeError("bad"));
    return new Response("ok");
  },
};`)
	if _, err := get(t, iso, "http://localhost/"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"{ a: 1, b: [ 1, 2 ] } x 3",
		"plain string with 'quotes' [ \"in 'array'\", 'b' ]",
		"Map(1) { 'k' => { v: true } } Set(1) { 1 } Point { x: 1, y: 2 }",
		"Ann is 42 years extra",
		"null undefined 1n -0 [ undefined, null ] { nested: { deeper: { deepest: [Object] } } }",
		"Uint8Array(2) [ 1, 2 ] [Function: named] [Function (anonymous)] Symbol(s)",
		"<ref *1> { name: 'loop', self: [Circular *1] }",
		"RangeError: bad\n    at Object.fetch (src/index.ts:",
	}
	got := out.String()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("console output lacks %q\n--- got ---\n%s", w, got)
		}
	}
}
