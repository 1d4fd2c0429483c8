package e2e

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestWebSocketEchoAndClose: a worker answers an Upgrade with a WebSocketPair, as
// Cloudflare's docs show; a Go client talks to it through the real binary: text and
// binary messages both ways, the worker closing with a code and reason, and the client
// closing, which the worker sees as its socket's close event.
func TestWebSocketEchoAndClose(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"ws\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`const closes = [];
export default { fetch(request) {
  if (request.headers.get("Upgrade") !== "websocket") return new Response(closes.join(","));
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.binaryType = "arraybuffer"; // the compatibility date makes binary messages Blobs
  server.addEventListener("message", (e) => {
    if (e.data === "close") return server.close(4001, "asked to");
    if (typeof e.data === "string") return server.send("echo: " + e.data);
    server.send(new Uint8Array(e.data).reverse());
  });
  server.addEventListener("close", (e) => closes.push(e.code + " " + e.reason));
  return new Response(null, { status: 101, webSocket: client });
} };`), 0o644)
	dev := startDev(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(dev.URL, "http") + "/chat"
	c, res, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 101 {
		t.Fatalf("status %d", res.StatusCode)
	}
	c.Write(ctx, websocket.MessageText, []byte("hello"))
	if typ, b, err := c.Read(ctx); err != nil || typ != websocket.MessageText || string(b) != "echo: hello" {
		t.Fatalf("text: %v %q %v", typ, b, err)
	}
	c.Write(ctx, websocket.MessageBinary, []byte{1, 2, 3})
	if typ, b, err := c.Read(ctx); err != nil || typ != websocket.MessageBinary || string(b) != "\x03\x02\x01" {
		t.Fatalf("binary: %v %v %v", typ, b, err)
	}
	c.Write(ctx, websocket.MessageText, []byte("close"))
	_, _, err = c.Read(ctx)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4001 || ce.Reason != "asked to" {
		t.Fatalf("the worker's close: %v", err)
	}
	c2, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2.Close(websocket.StatusGoingAway, "leaving")
	// Both close events reach the worker; the two connections' may come in either order.
	var seen string
	for i := 0; i < 500; i++ {
		if seen = dev.get("/closes").body; strings.Contains(seen, "1001 leaving") && strings.Contains(seen, "4001 asked to") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if seen != "4001 asked to,1001 leaving" && seen != "1001 leaving,4001 asked to" {
		t.Fatalf("the worker saw closes %q", seen)
	}
}

// upstreamWS is a WebSocket server a worker connects out to: it greets with the request's
// X-Hello header, echoes each message prefixed "upstream: ", and answers "bye" by closing
// with 4002.
func upstreamWS(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ws" {
			w.Write([]byte("plain"))
			return
		}
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat"}})
		if err != nil {
			return
		}
		ctx := context.Background()
		c.Write(ctx, websocket.MessageText, []byte("hello "+r.Header.Get("X-Hello")))
		for {
			typ, b, err := c.Read(ctx)
			if err != nil {
				return
			}
			if string(b) == "bye" {
				c.Close(4002, "bye back")
				return
			}
			c.Write(ctx, typ, append([]byte("upstream: "), b...))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestWebSocketOutbound: a worker's own connections to a WebSocket server, as workerd
// gives them (checked side by side with wrangler dev 4.86): fetch with Upgrade:
// websocket answering a 101 whose webSocket the worker accepts, new WebSocket with its
// open/message/close events and a negotiated protocol, binary messages as Blobs for a
// compatibility date from 2026-03-17, a refused connection's error and 1006 close, and
// `return fetch(url, request)` passing a client's WebSocket through to the server.
func TestWebSocketOutbound(t *testing.T) {
	up := upstreamWS(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"wsout\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n[vars]\nUP = \""+up+"\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { async fetch(request, env) {
  const path = new URL(request.url).pathname;
  if (path === "/proxy") return fetch(env.UP + "/ws", request);
  if (path === "/fetch") {
    const r = await fetch(env.UP + "/ws", { headers: { Upgrade: "websocket", "X-Hello": "fetch" } });
    const ws = r.webSocket;
    const out = [r.status, r.body, Object.prototype.toString.call(ws), ws.readyState];
    ws.accept();
    const msgs = [];
    const closed = new Promise((res) => ws.addEventListener("close", (e) => res([e.code, e.reason, e.wasClean])));
    ws.addEventListener("message", (e) => {
      msgs.push(typeof e.data === "string" ? e.data : e.data.text().then((t) => Object.prototype.toString.call(e.data) + " " + t));
      if (msgs.length === 3) ws.send("bye");
    });
    ws.send("ping");
    ws.send(new TextEncoder().encode("bin"));
    out.push(await closed, await Promise.all(msgs), ws.readyState);
    return Response.json(out);
  }
  if (path === "/plain") {
    const r = await fetch(env.UP + "/", { headers: { Upgrade: "websocket" } });
    return Response.json([r.status, r.webSocket]);
  }
  if (path === "/client") {
    const ws = new WebSocket(env.UP.replace("http", "ws") + "/ws", ["chat"]);
    const ev = [ws.readyState, ws.protocol, ws.binaryType];
    await new Promise((res) => {
      ws.addEventListener("open", () => { ev.push("open " + ws.readyState + " " + ws.protocol); ws.send("ping"); });
      ws.addEventListener("message", (e) => { ev.push(e.data); if (ev.length === 6) ws.close(1000, "done"); });
      ws.addEventListener("close", (e) => { ev.push("close " + e.code + " " + e.wasClean + " " + ws.readyState); res(); });
    });
    const bad = new WebSocket("ws://127.0.0.1:1/");
    await new Promise((res) => {
      bad.addEventListener("error", (e) => ev.push(Object.prototype.toString.call(e) + " " + e.message));
      bad.addEventListener("close", (e) => { ev.push("close " + e.code + " " + e.wasClean); res(); });
    });
    return Response.json(ev);
  }
  return new Response("?");
} };`), 0o644)
	dev := startDev(t, dir)
	for _, c := range []struct{ path, want string }{
		{"/fetch", `[101,null,"[object WebSocket]",1,[4002,"bye back",true],["hello fetch","upstream: ping","[object Blob] upstream: bin"],2]`},
		{"/plain", `[200,null]`},
		{"/client", `[0,"","blob","open 1 chat","hello ","upstream: ping","close 1000 true 3","[object ErrorEvent] Uncaught Error: Network connection lost.","close 1006 false"]`},
	} {
		if got := dev.get(c.path); got.status != 200 || got.body != c.want {
			t.Errorf("%s: %d %s\nwant %s", c.path, got.status, got.body, c.want)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(dev.URL, "http")+"/proxy", &websocket.DialOptions{HTTPHeader: http.Header{"X-Hello": {"client"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || string(b) != "hello client" {
		t.Fatalf("greeting through the worker: %q %v", b, err)
	}
	c.Write(ctx, websocket.MessageBinary, []byte{1, 2})
	if typ, b, err := c.Read(ctx); err != nil || typ != websocket.MessageBinary || string(b) != "upstream: \x01\x02" {
		t.Fatalf("echo through the worker: %v %q %v", typ, b, err)
	}
	c.Write(ctx, websocket.MessageText, []byte("bye"))
	_, _, err = c.Read(ctx)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4002 || ce.Reason != "bye back" {
		t.Fatalf("the server's close through the worker: %v", err)
	}
}
