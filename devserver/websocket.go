package devserver

import (
	"net/http"

	"github.com/coder/websocket"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/webapi"
)

// serveWebSocket completes the handshake a worker answered with a 101 and its end of a
// WebSocketPair, then relays until either side closes: what the client sends becomes the
// worker's end's message events, what the worker's end sends goes to the client.
// coder/websocket does the protocol.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, res *runtime.Response) int {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return http.StatusBadRequest // Accept has written the refusal
	}
	webapi.Relay(conn, res.WebSocket)
	return http.StatusSwitchingProtocols
}
