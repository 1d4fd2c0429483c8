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
