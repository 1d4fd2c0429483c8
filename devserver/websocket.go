package devserver

import (
	"context"
	"errors"
	"net/http"

	"github.com/coder/websocket"
	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/webapi"
)

// serveWebSocket completes the handshake a worker answered with a 101 and its end of a
// WebSocketPair, then relays: what the client sends becomes the worker's end's message
// events, what the worker's end sends goes to the client, and a close either way closes
// both. coder/websocket does the protocol.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, res *runtime.Response) int {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return http.StatusBadRequest // Accept has written the refusal
	}
	conn.SetReadLimit(32 << 20)
	ctx := context.Background()
	end := res.WebSocket
	end.Attach(wsConn{conn})
	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			code, reason := 1006, ""
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				code, reason = int(ce.Code), ce.Reason
			}
			end.Closed(code, reason)
			return http.StatusSwitchingProtocols
		}
		end.Receive(typ == websocket.MessageText, data)
	}
}

// wsConn is webapi.WSConn over a coder/websocket connection.
type wsConn struct{ c *websocket.Conn }

var _ webapi.WSConn = wsConn{}

func (c wsConn) Send(text bool, data []byte) error {
	typ := websocket.MessageBinary
	if text {
		typ = websocket.MessageText
	}
	return c.c.Write(context.Background(), typ, data)
}

func (c wsConn) Close(code int, reason string) error {
	return c.c.Close(websocket.StatusCode(code), reason)
}
