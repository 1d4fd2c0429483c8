package e2e

import (
	"context"
	"errors"
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
	var seen string
	for i := 0; i < 50; i++ {
		if seen = dev.get("/closes").body; strings.Contains(seen, "1001 leaving") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if seen != "4001 asked to,1001 leaving" {
		t.Fatalf("the worker saw closes %q", seen)
	}
}
