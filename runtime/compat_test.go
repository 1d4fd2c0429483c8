package runtime

import (
	"testing"

	"github.com/goflare/goflare/runtime/webapi"
)

// TestWebAPICompat: the WebSocket behaviours the compatibility date switches, on the
// dates workerd 4.86's wrangler switches them (checked by serving the same worker with
// --compatibility-date on each side of the date), and their flags either way.
func TestWebAPICompat(t *testing.T) {
	for _, c := range []struct {
		date  string
		flags []string
		want  webapi.Compat
	}{
		{"2026-03-16", nil, webapi.Compat{}},
		{"2026-03-17", nil, webapi.Compat{WebSocketStandardBinaryType: true}},
		{"2026-04-06", nil, webapi.Compat{WebSocketStandardBinaryType: true}},
		{"2026-04-07", nil, webapi.Compat{WebSocketStandardBinaryType: true, WebSocketAutoReplyToClose: true}},
		{"2024-01-01", []string{"websocket_standard_binary_type", "web_socket_auto_reply_to_close"}, webapi.Compat{WebSocketStandardBinaryType: true, WebSocketAutoReplyToClose: true}},
		{"2026-12-01", []string{"no_websocket_standard_binary_type", "web_socket_manual_reply_to_close"}, webapi.Compat{}},
		{"", nil, webapi.Compat{}},
	} {
		if got := webapi.CompatFor(c.date, c.flags); got != c.want {
			t.Errorf("%s %v: %+v, want %+v", c.date, c.flags, got, c.want)
		}
	}
}

// TestWebSocketCompatDates: what the two dates change, as workerd does on each side:
// binary messages as Blobs or ArrayBuffers, and a received close answered at once (the
// receiver CLOSED, send refused) or left for the worker to answer (CLOSING).
func TestWebSocketCompatDates(t *testing.T) {
	src := `export default { async fetch() {
  const [a, b] = Object.values(new WebSocketPair());
  a.accept(); b.accept();
  const got = new Promise((res) => b.addEventListener("message", (e) => res(Object.prototype.toString.call(e.data))));
  a.send(new Uint8Array([1]));
  const data = await got;
  const closed = new Promise((res) => b.addEventListener("close", res));
  a.close(1000, "x");
  await closed;
  let send = "sent"; try { b.send("y"); } catch (e) { send = e.message; }
  return new Response(JSON.stringify([b.binaryType, data, b.readyState, send]));
} };`
	for _, c := range []struct {
		compat webapi.Compat
		want   string
	}{
		{webapi.CompatFor("2026-03-16", nil), `["arraybuffer","[object ArrayBuffer]",2,"sent"]`},
		{webapi.CompatFor("2026-04-07", nil), `["blob","[object Blob]",3,"Can't call WebSocket send() after close()."]`},
	} {
		iso := startWorkerWith(t, Options{Compat: c.compat}, src)
		if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != c.want {
			t.Errorf("%+v: %v %s, want %s", c.compat, err, res.Body, c.want)
		}
	}
}

// TestRegExpPropertyEscapes: \p{…} with the u flag (gojafork patch 9) matches as in V8:
// general categories and scripts (goja's re2 path read \p as a plain "p"), and the
// binary properties regexp2 lacks (ID_Start, ID_Continue, which js-tokens uses,
// Alphabetic, ASCII, Any, …), inside and outside classes, negated with \P.
func TestRegExpPropertyEscapes(t *testing.T) {
	src := `export default { fetch() {
  const cases = [
    [/^\p{L}+$/u, "abc", true], [/^\p{Lu}$/u, "a", false], [/^\p{Script=Greek}+$/u, "αβγ", true],
    [/^\p{sc=Latin}+$/u, "abc", true], [/^\p{ID_Start}\p{ID_Continue}*$/u, "café_1", true],
    [/^\p{ID_Start}/u, "1a", false], [/^[$_\u200C\u200D\p{ID_Continue}]+$/u, "a$b_ü", true],
    [/^\P{ASCII}+$/u, "日本", true], [/^[\P{ASCII}]+$/u, "abc", false], [/^\p{Alphabetic}+$/u, "Ωa", true],
    [/^\p{Lowercase}$/u, "A", false], [/^\p{Any}$/u, "😀", true], [/\p{L}/, "p{L}", true],
  ];
  const wrong = cases.filter(([re, s, want]) => re.test(s) !== want).map(([re, s]) => re + " " + s);
  let invalid = "none";
  try { new RegExp("\\p{Nope}", "u"); } catch (e) { invalid = e.name; }
  return new Response(JSON.stringify({ wrong, invalid }));
} };`
	iso, _ := startWorker(t, src)
	if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != `{"wrong":[],"invalid":"SyntaxError"}` {
		t.Errorf("%v %s", err, res.Body)
	}
}

// TestRegExpMatchesAsV8: global and sticky matching follow the standard's loop (gojafork
// patch 13): an empty match right after a match counts ("ab".replace(/b*/g, "-") is
// "-a--", goja said "-a-"), an empty match steps one code unit, or one code point with
// the u flag, and patterns that read before a match (^, \b) or run on non-ASCII text
// give what V8 gives. The wanted text is node's (V8) output for the same code.
func TestRegExpMatchesAsV8(t *testing.T) {
	src := `export default { fetch() {
  const out = [
    "ab".replace(/b*/g, "-"),
    JSON.stringify("abc".match(/b*/g)),
    JSON.stringify("aXbX".split(/X/)),
    [..."a1b22".matchAll(/\d*/g)].map((m) => m.index + ":" + m[0]).join(","),
    "😀a😀".replace(/(?:)/gu, "-"),
    JSON.stringify("😀a".replace(/(?:)/g, "-")),
    " a b ".replace(/^\s+|\s+$/g, ""),
    "hello world".replace(/\b\w/g, (c) => c.toUpperCase()),
    (() => { const re = /a/y; re.lastIndex = 1; return "baa".replace(re, "x") + re.lastIndex; })(),
    "aaba".replace(/a/gy, "x"),
    "x1y2".replace(/(?<d>\d)/g, "[$<d>]"),
    /(?<n>é)/u.exec("é").groups.n,
    "a\nb".replace(/^/gm, "> "),
    (() => { const re = /o/g, s = "foo boo", a = []; let m; while ((m = re.exec(s))) a.push(m.index); return a.join(","); })(),
    JSON.stringify("café".match(/\w+/g)),
    "ça va".replace(/a/gu, "A"),
    JSON.stringify("a,b,,c".split(/,/, 3)),
    "aaaa".replace(/aa/g, "b"),
    JSON.stringify("xAx".match(/a/gi)),
    "abc".replace(/$/g, "!"),
  ];
  return new Response(JSON.stringify(out));
} };`
	const want = `["-a--","[\"\",\"b\",\"\",\"\"]","[\"a\",\"b\",\"\"]","0:,1:1,2:,3:22,5:","-😀-a-😀-","\"-\\ud83d-\\ude00-a-\"","a b","Hello World","bxa2","xxba","x[1]y[2]","é","> a\n> b","1,2,5,6","[\"caf\"]","çA vA","[\"a\",\"b\",\"\"]","bb","[\"A\"]","abc!"]`
	iso, _ := startWorker(t, src)
	if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != want {
		t.Errorf("%v\n got %s\nwant %s", err, res.Body, want)
	}
}

// TestStringConcatInPlace: `+` appends in place onto the last long string it made
// (gojafork patch 14), and every string keeps its value when strings branch off the same
// one (s + "X", then s + "Y"), in ASCII, UTF-16 and from one to the other. The wanted
// text is node's (V8) output for the same code.
func TestStringConcatInPlace(t *testing.T) {
	src := `export default { fetch() {
  const out = [];
  let s = "";
  for (let i = 0; i < 200; i++) s += "ab" + i;
  const t = s + "X", u = s + "Y", v = t + "Z";
  out.push(s.length, t.slice(-3), u.slice(-3), v.slice(-3), s.slice(-3), t.length === s.length + 1);
  let w = "é";
  for (let i = 0; i < 200; i++) w += "cd" + i;
  const w1 = w + "☃", w2 = w + "x", w3 = w1 + "y";
  out.push(w.length, w1.slice(-2), w2.slice(-2), w3.slice(-2), w.slice(-2), w1.charCodeAt(w1.length - 1));
  let mix = "a".repeat(300);
  const m1 = mix + "é", m2 = m1 + "b", m3 = mix + "c";
  out.push(m1.slice(-2), m2.slice(-2), m3.slice(-2), mix.length, m2.length);
  return new Response(JSON.stringify(out));
} };`
	const want = `[890,"99X","99Y","9XZ","199",true,891,"9☃","9x","☃y","99",9731,"aé","éb","ac",300,302]`
	iso, _ := startWorker(t, src)
	if res, err := get(t, iso, "http://localhost/"); err != nil || string(res.Body) != want {
		t.Errorf("%v\n got %s\nwant %s", err, res.Body, want)
	}
}
