package webapi

import (
	"context"
	"errors"
	"net"
	"sync"

	"github.com/coder/websocket"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// WebSocketPair and WebSocket as workerd has them (js/websocket.js is the JavaScript
// face): a pair's two ends deliver to each other; the end a worker hands back in a 101
// Response (Response.WebSocket) is attached by the dev server to the client's real
// connection, so what the worker's end sends goes out on it and what comes in is the
// worker's end's "message" events.

// WSConn is a real WebSocket connection an end is attached to.
type WSConn interface {
	// Send writes one message (text or binary).
	Send(text bool, data []byte) error
	// Close ends the connection with a close code and reason.
	Close(code int, reason string) error
}

// WSEnd is one end of a WebSocketPair, or a WebSocket a worker made with new WebSocket
// (whose peer stands for the server it dialled).
type WSEnd struct {
	mu         sync.Mutex
	peer       *WSEnd
	realm      *Realm
	obj        goja.Value // the JS WebSocket, for events
	post       func(fn func(vm *goja.Runtime)) bool
	deliver    goja.Callable // js/websocket.js's event dispatcher
	accepted   bool
	connecting bool // a new WebSocket before its handshake ended
	sentClose  bool // close() was called (or the automatic reply sent)
	gotClose   bool // the other side's close arrived
	protocol   goja.Value
	pending    []wsIn // events that arrived before accept()
	conn       WSConn
	abort      context.CancelFunc // stops a new WebSocket's dial
}

// Attach hands this end (the one a 101 response carried) to a real connection: what
// reaches the end from now on, and what reached it before, goes out on the connection.
func (e *WSEnd) Attach(conn WSConn) {
	e.mu.Lock()
	e.conn = conn
	e.accepted = true
	pending := e.pending
	e.pending = nil
	e.mu.Unlock()
	for _, in := range pending {
		forward(conn, in)
	}
}

// Receive delivers a message that came in on the attached connection to the peer (the
// worker's end), as its "message" event; when the peer is attached too (a worker
// returned the WebSocket an outbound fetch gave it), the message goes out on the peer's
// connection. Either way it passes through the loop, which keeps the order.
func (e *WSEnd) Receive(text bool, data []byte) { e.peer.event(text, data, nil) }

// Closed tells the peer that the attached connection closed (code, reason): its close
// event, or the close of its connection when it is attached too.
func (e *WSEnd) Closed(code int, reason string) {
	e.mu.Lock()
	e.gotClose, e.sentClose = true, true
	e.mu.Unlock()
	e.peer.event(false, nil, &wsClose{code: code, reason: reason, clean: code != 1006})
}

// attached returns the connection this end is attached to, if any.
func (e *WSEnd) attached() WSConn {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.conn
}

type wsClose struct {
	code   int
	reason string
	clean  bool
	err    string // an error event first (a new WebSocket that could not connect)
}

// event queues a message (or a close) for this end's JavaScript, on the loop: from a
// goroutine (the relay).
func (e *WSEnd) event(text bool, data []byte, c *wsClose) {
	e.post(func(vm *goja.Runtime) { e.fire(vm, text, data, c) })
}

// soon queues the event from the loop (the other end's send or close), as a microtask:
// it keeps the running job, and so its request, alive until it is delivered.
func (e *WSEnd) soon(vm *goja.Runtime, text bool, data []byte, c *wsClose) {
	qm, _ := goja.AssertFunction(vm.Get("queueMicrotask"))
	if _, err := qm(goja.Undefined(), vm.ToValue(func(goja.FunctionCall) goja.Value {
		e.fire(vm, text, data, c)
		return goja.Undefined()
	})); err != nil {
		panic(err)
	}
}

// fire dispatches the event, or keeps it until accept(); on an end attached to a
// connection, it goes out on the connection.
func (e *WSEnd) fire(vm *goja.Runtime, text bool, data []byte, c *wsClose) {
	if goja.IsUndefined(e.obj) {
		return // the far end of a new WebSocket: what reaches it goes out on its connection
	}
	e.mu.Lock()
	if conn := e.conn; conn != nil {
		e.mu.Unlock()
		forward(conn, wsIn{text, data, c})
		return
	}
	if !e.accepted {
		e.pending = append(e.pending, wsIn{text, data, c})
		e.mu.Unlock()
		return
	}
	e.mu.Unlock()
	e.dispatch(vm, text, data, c)
}

// wsIn is an event kept for an end that was not accepted yet.
type wsIn struct {
	text bool
	data []byte
	c    *wsClose
}

// forward sends an event for an attached end out on its connection.
func forward(conn WSConn, in wsIn) {
	if in.c == nil {
		conn.Send(in.text, in.data)
		return
	}
	code, reason := in.c.code, in.c.reason
	if code == 1006 || code == 1015 {
		code, reason = 1005, "" // codes that are never sent: an empty close frame
	}
	conn.Close(code, reason)
}

// dispatch fires the event at the end's JavaScript WebSocket. On the loop.
func (e *WSEnd) dispatch(vm *goja.Runtime, text bool, data []byte, c *wsClose) {
	var err error
	switch {
	case c != nil:
		e.gotClose = true
		if c.err != "" {
			e.sentClose = true
			if _, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("error"), vm.ToValue(c.err)); err != nil {
				panic(err)
			}
		}
		if !e.sentClose && e.realm.Compat.WebSocketAutoReplyToClose {
			e.sendClose(vm, c.code, c.reason)
		}
		_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("close"), vm.ToValue(c.code), vm.ToValue(c.reason), vm.ToValue(c.clean))
	case text:
		_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("message"), vm.ToValue(string(data)))
	default:
		_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("message"), vm.ToValue(vm.NewArrayBuffer(data)))
	}
	if err != nil {
		panic(err)
	}
}

// sendClose sends this end's close to its peer: out on the peer's connection, or as the
// peer's close event. On the loop.
func (e *WSEnd) sendClose(vm *goja.Runtime, code int, reason string) {
	e.sentClose = true
	peer := e.peer
	if conn := peer.attached(); conn != nil {
		// The other side answers the close; the relay turns its answer into this end's
		// close event (Closed).
		conn.Close(code, reason)
		return
	}
	peer.soon(vm, false, nil, &wsClose{code: code, reason: reason, clean: true})
}

// readyState is the WebSocket's readyState: CLOSING once a close went one way, CLOSED
// once it went both.
func (e *WSEnd) readyState() int {
	switch {
	case e.connecting:
		return 0
	case e.sentClose && e.gotClose:
		return 3
	case e.sentClose || e.gotClose:
		return 2
	}
	return 1
}

// lost is the error and close a new WebSocket gets when it could not connect, as workerd
// reports them.
var lost = &wsClose{code: 1006, err: "Uncaught Error: Network connection lost."}

// validCloseCode reports whether a worker may send code (RFC 6455 7.4).
func validCloseCode(code int64) bool {
	return code == 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
}

// installWebSocket defines WebSocketPair, WebSocket, MessageEvent, CloseEvent and
// ErrorEvent.
func installWebSocket(r *Realm) {
	vm := r.VM
	native := vm.NewObject()
	native.Set("slot", wsSlot)
	var deliver goja.Callable
	newEnd := func(obj goja.Value) *WSEnd {
		return &WSEnd{realm: r, obj: obj, post: r.Bridge.Later(), deliver: deliver, protocol: goja.Null()}
	}
	native.Set("pair", func(call goja.FunctionCall) goja.Value {
		a, b := newEnd(call.Argument(0)), newEnd(call.Argument(1))
		a.peer, b.peer = b, a
		return vm.NewArray(a, b)
	})
	native.Set("standardBinaryType", func(goja.FunctionCall) goja.Value { return vm.ToValue(r.Compat.WebSocketStandardBinaryType) })
	end := func(v goja.Value) *WSEnd {
		e, ok := v.Export().(*WSEnd)
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Illegal invocation"))
		}
		return e
	}
	native.Set("connect", func(call goja.FunctionCall) goja.Value {
		e := newEnd(call.Argument(0))
		url := call.Argument(1).String()
		var protocols []string
		vm.ExportTo(call.Argument(2), &protocols)
		if r.Subrequest != nil {
			if err := r.Subrequest(); err != nil {
				jsx.Throw(vm, err)
			}
		}
		remote := newEnd(goja.Undefined())
		e.peer, remote.peer = remote, e
		e.connecting = true
		ctx, cancel := context.WithCancel(context.Background())
		e.abort = cancel
		// The connection is the invocation's pending work while it is open.
		_, open := r.Bridge.Promise()
		post := e.post
		go func() {
			defer open.Settle(func(*goja.Runtime) (goja.Value, error) { return goja.Undefined(), nil })
			conn, res, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: r.fetcher(), Subprotocols: protocols})
			if err != nil {
				cancel()
				post(func(vm *goja.Runtime) {
					e.connecting = false
					e.accepted = true
					e.fire(vm, false, nil, lost)
				})
				return
			}
			proto := res.Header.Get("Sec-WebSocket-Protocol")
			remote.Attach(WSConnOf(conn)) // before open: the open handler may send
			opened := make(chan bool, 1)
			post(func(vm *goja.Runtime) {
				e.connecting = false
				e.accepted = true
				if e.sentClose { // close() while connecting: as workerd, the connection is lost
					opened <- false
					e.fire(vm, false, nil, lost)
					return
				}
				opened <- true
				if proto != "" {
					e.protocol = vm.ToValue(proto)
				}
				if _, err := e.deliver(goja.Undefined(), e.obj, vm.ToValue("open")); err != nil {
					panic(err)
				}
			})
			if !<-opened {
				conn.CloseNow()
				return
			}
			readInto(conn, remote)
			cancel()
		}()
		return vm.ToValue(e)
	})
	native.Set("accept", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		if e.abort != nil {
			jsx.Throw(vm, jsx.TypeError("Websockets obtained from the 'new WebSocket()' constructor cannot call accept"))
		}
		e.mu.Lock()
		if e.accepted {
			e.mu.Unlock()
			jsx.Throw(vm, jsx.TypeError("Can't accept() WebSocket twice."))
		}
		e.accepted = true
		pending := e.pending
		e.pending = nil
		e.mu.Unlock()
		for _, in := range pending {
			e.dispatch(vm, in.text, in.data, in.c)
		}
		return goja.Undefined()
	})
	native.Set("send", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		if !e.accepted {
			jsx.Throw(vm, jsx.TypeError("You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages."))
		}
		if e.sentClose {
			jsx.Throw(vm, jsx.TypeError("Can't call WebSocket send() after close()."))
		}
		data := call.Argument(1)
		text := true
		var payload []byte
		if b, ok := r.BytesOf(data); ok {
			text, payload = false, append([]byte(nil), b...)
		} else {
			payload = []byte(jsx.String(vm, data))
		}
		peer := e.peer
		if conn := peer.attached(); conn != nil {
			conn.Send(text, payload)
		} else {
			peer.soon(vm, text, payload, nil)
		}
		return goja.Undefined()
	})
	native.Set("close", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		code, reason := 1005, ""
		if c := call.Argument(1); !goja.IsUndefined(c) {
			n := c.ToInteger()
			if !validCloseCode(n) {
				jsx.Throw(vm, jsx.DOMException("InvalidAccessError", "Invalid WebSocket close code: "+c.String()+"."))
			}
			code = int(n)
		}
		if s := call.Argument(2); !goja.IsUndefined(s) {
			reason = jsx.String(vm, s)
			if len(reason) > 123 {
				jsx.Throw(vm, jsx.DOMException("SyntaxError", "WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded."))
			}
		}
		if e.sentClose || e.gotClose && e.realm.Compat.WebSocketAutoReplyToClose {
			return goja.Undefined()
		}
		if e.connecting { // the dial is abandoned: error and close events follow
			e.sentClose = true
			e.abort()
			return goja.Undefined()
		}
		e.sendClose(vm, code, reason)
		return goja.Undefined()
	})
	native.Set("readyState", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(end(call.Argument(0)).readyState())
	})
	native.Set("protocol", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		if e.abort == nil || e.connecting {
			return vm.ToValue("")
		}
		return e.protocol
	})
	make, _ := goja.AssertFunction(r.runScript("websocket.js"))
	exports, err := make(goja.Undefined(), native)
	if err != nil {
		panic(err)
	}
	o := exports.ToObject(vm)
	deliver, _ = goja.AssertFunction(o.Get("deliver"))
	r.defineGlobals(o, "WebSocketPair", "WebSocket", "MessageEvent", "CloseEvent", "ErrorEvent")
}

// WebSocketOf returns the WSEnd a Response's webSocket option carried, if any.
func WebSocketOf(v goja.Value) *WSEnd {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	h := o.GetSymbol(wsSlot)
	if h == nil {
		return nil
	}
	e, _ := h.Export().(*WSEnd)
	return e
}

// wsSlot is where js/websocket.js keeps a WebSocket's end (see websocket.js's install).
var wsSlot = goja.NewSymbol("goflare.websocket")

// WSConnOf adapts a coder/websocket connection to WSConn: messages and the close are
// written in the order they were given, by one goroutine, so that neither the loop nor a
// relay waits on the network.
func WSConnOf(c *websocket.Conn) WSConn {
	w := &wsConn{c: c, wake: make(chan struct{}, 1)}
	go w.write()
	return w
}

type wsConn struct {
	c    *websocket.Conn
	mu   sync.Mutex
	q    []wsOut
	done bool // the close is queued: nothing more is
	wake chan struct{}
}

// wsOut is one queued write: a message, or the close (close set).
type wsOut struct {
	text, close bool
	data        []byte
	code        int
	reason      string
}

func (w *wsConn) push(o wsOut) error {
	w.mu.Lock()
	if w.done {
		w.mu.Unlock()
		return net.ErrClosed
	}
	w.done = o.close
	w.q = append(w.q, o)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return nil
}

func (w *wsConn) Send(text bool, data []byte) error { return w.push(wsOut{text: text, data: data}) }

func (w *wsConn) Close(code int, reason string) error {
	return w.push(wsOut{close: true, code: code, reason: reason})
}

// write sends what is queued until the close has been sent or a write fails.
func (w *wsConn) write() {
	ctx := context.Background()
	for range w.wake {
		w.mu.Lock()
		q := w.q
		w.q = nil
		w.mu.Unlock()
		for _, o := range q {
			if o.close {
				w.c.Close(websocket.StatusCode(o.code), o.reason)
				return
			}
			typ := websocket.MessageBinary
			if o.text {
				typ = websocket.MessageText
			}
			if w.c.Write(ctx, typ, o.data) != nil {
				w.mu.Lock()
				w.done = true
				w.mu.Unlock()
				return
			}
		}
	}
}

// Relay attaches end to c and turns what c receives into end's peer's events until c
// closes; it returns then.
func Relay(c *websocket.Conn, end *WSEnd) {
	end.Attach(WSConnOf(c))
	readInto(c, end)
}

// readInto hands each message c receives to end (attached to c), and c's close.
func readInto(c *websocket.Conn, end *WSEnd) {
	c.SetReadLimit(32 << 20)
	for {
		typ, data, err := c.Read(context.Background())
		if err != nil {
			code, reason := 1006, ""
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				code, reason = int(ce.Code), ce.Reason
			}
			end.Closed(code, reason)
			if w := end.attached(); w != nil {
				w.Close(1005, "") // ends the writer, if nothing closed it yet
			}
			return
		}
		end.Receive(typ == websocket.MessageText, data)
	}
}

// newPair makes a WebSocketPair from Go: the JS ends and their Go halves.
func (r *Realm) newPair() (workerSide, remoteSide *WSEnd) {
	ctor, _ := goja.AssertConstructor(r.VM.Get("WebSocketPair"))
	pair, err := ctor(nil)
	if err != nil {
		panic(err)
	}
	return WebSocketOf(pair.Get("0")), WebSocketOf(pair.Get("1"))
}
