package devserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/coder/websocket"
	"github.com/goflare/goflare/runtime"
)

// LiveReloadPath is where the script --live-reload appends to HTML pages connects, with
// the subprotocol liveReloadProtocol: wrangler dev's. Each reload sends "reload" down
// every connection, and the page reloads itself.
const LiveReloadPath = "/cdn-cgi/live-reload"

const liveReloadProtocol = "WRANGLER_PROXYWORKER_LIVE_RELOAD_PROTOCOL"

// liveReloadScript is wrangler dev's, byte for byte.
var liveReloadScript = []byte(`
<script defer type="application/javascript">
	(function() {
		var ws;
		function recover() {
			ws = null;
			setTimeout(initLiveReload, 100);
		}
		function initLiveReload() {
			if (ws) return;
			var origin = (location.protocol === "http:" ? "ws://" : "wss://") + location.host;
			ws = new WebSocket(origin + "/cdn-cgi/live-reload", "WRANGLER_PROXYWORKER_LIVE_RELOAD_PROTOCOL");
			ws.onclose = recover;
			ws.onerror = recover;
			ws.onmessage = location.reload.bind(location);
		}
		initLiveReload();
	})();
</script>
`)

// liveReload holds the pages' connections.
type liveReload struct {
	mu    sync.Mutex
	conns map[*websocket.Conn]struct{}
}

// isLiveReload reports whether r is a page's live-reload connection (wrangler's test:
// the path, an Upgrade to websocket and its subprotocol); other requests go to the worker.
func isLiveReload(r *http.Request) bool {
	return r.URL.Path == LiveReloadPath && r.Header.Get("Upgrade") == "websocket" &&
		r.Header.Get("Sec-WebSocket-Protocol") == liveReloadProtocol
}

// serve holds a page's connection until the page goes away or goflare stops.
func (l *liveReload) serve(w http.ResponseWriter, r *http.Request) int {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{liveReloadProtocol}})
	if err != nil {
		return http.StatusBadRequest
	}
	l.mu.Lock()
	if l.conns == nil {
		l.conns = map[*websocket.Conn]struct{}{}
	}
	l.conns[conn] = struct{}{}
	l.mu.Unlock()
	// The page sends nothing; reading sees it close.
	conn.Read(context.Background())
	l.mu.Lock()
	delete(l.conns, conn)
	l.mu.Unlock()
	conn.CloseNow()
	return http.StatusSwitchingProtocols
}

// reload tells every page to reload.
func (l *liveReload) reload() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		go c.Write(context.Background(), websocket.MessageText, []byte("reload"))
	}
}

// drop cuts every page's connection (goflare is stopping): the pages try again every
// 100 ms, as wrangler's script does, and find the next goflare.
func (l *liveReload) drop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		c.CloseNow()
	}
}

// injectLiveReload appends the live-reload script to a response whose Content-Type
// starts with text/html, as wrangler dev appends it (at the end of the document, whatever
// the document holds).
func (s *Server) injectLiveReload(res *runtime.Response) {
	if !s.opts.LiveReload || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.Body == nil && res.Stream == nil {
		return
	}
	if res.Stream != nil {
		res.Stream = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(res.Stream, bytes.NewReader(liveReloadScript)), res.Stream}
		return
	}
	res.Body = append(res.Body[:len(res.Body):len(res.Body)], liveReloadScript...)
}
