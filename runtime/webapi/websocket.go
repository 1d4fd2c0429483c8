package webapi

import (
	"sync"

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

// WSEnd is one end of a WebSocketPair.
type WSEnd struct {
	mu       sync.Mutex
	peer     *WSEnd
	obj      goja.Value // the JS WebSocket, for events
	post     func(fn func(vm *goja.Runtime)) bool
	deliver  goja.Callable // js/websocket.js's event dispatcher
	accepted bool
	closed   bool
	pending  []func() // events that arrived before accept()
	conn     WSConn
}

// Attach hands this end (the one a 101 response carried) to a real connection.
func (e *WSEnd) Attach(conn WSConn) {
	e.mu.Lock()
	e.conn = conn
	e.accepted = true
	e.mu.Unlock()
}

// Receive delivers a message that came in on the attached connection to the peer (the
// worker's end), as its "message" event.
func (e *WSEnd) Receive(text bool, data []byte) { e.peer.event(text, data, nil) }

// Closed tells the peer that the attached connection closed (code, reason).
func (e *WSEnd) Closed(code int, reason string) {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.peer.event(false, nil, &wsClose{code, reason})
}

type wsClose struct {
	code   int
	reason string
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

// fire dispatches the event, or keeps it until accept().
func (e *WSEnd) fire(vm *goja.Runtime, text bool, data []byte, c *wsClose) {
	dispatch := func() {
		var err error
		if c != nil {
			e.closed = true
			_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("close"), vm.ToValue(c.code), vm.ToValue(c.reason))
		} else if text {
			_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("message"), vm.ToValue(string(data)))
		} else {
			_, err = e.deliver(goja.Undefined(), e.obj, vm.ToValue("message"), vm.ToValue(vm.NewArrayBuffer(data)))
		}
		if err != nil {
			panic(err)
		}
	}
	e.mu.Lock()
	accepted := e.accepted
	if !accepted {
		e.pending = append(e.pending, dispatch)
	}
	e.mu.Unlock()
	if accepted {
		dispatch()
	}
}

// installWebSocket defines WebSocketPair, WebSocket, MessageEvent and CloseEvent.
func installWebSocket(r *Realm) {
	vm := r.VM
	native := vm.NewObject()
	native.Set("slot", wsSlot)
	var deliver goja.Callable
	native.Set("pair", func(call goja.FunctionCall) goja.Value {
		post := r.Bridge.Later()
		a, b := &WSEnd{post: post, deliver: deliver}, &WSEnd{post: post, deliver: deliver}
		a.peer, b.peer = b, a
		a.obj, b.obj = call.Argument(0), call.Argument(1)
		return vm.NewArray(a, b)
	})
	end := func(v goja.Value) *WSEnd {
		e, ok := v.Export().(*WSEnd)
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Illegal invocation"))
		}
		return e
	}
	native.Set("accept", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		e.mu.Lock()
		if e.accepted {
			e.mu.Unlock()
			jsx.Throw(vm, jsx.TypeError("Can't accept() WebSocket twice."))
		}
		e.accepted = true
		pending := e.pending
		e.pending = nil
		e.mu.Unlock()
		for _, fire := range pending {
			fire()
		}
		return goja.Undefined()
	})
	native.Set("send", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		if !e.accepted {
			jsx.Throw(vm, jsx.TypeError("You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages."))
		}
		if e.closed {
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
		peer.mu.Lock()
		conn := peer.conn
		peer.mu.Unlock()
		if conn != nil {
			go conn.Send(text, payload)
		} else {
			peer.soon(vm, text, payload, nil)
		}
		return goja.Undefined()
	})
	native.Set("close", func(call goja.FunctionCall) goja.Value {
		e := end(call.Argument(0))
		if e.closed {
			return goja.Undefined()
		}
		code, reason := 1005, ""
		if c := call.Argument(1); !goja.IsUndefined(c) {
			code = int(c.ToInteger())
		}
		if s := call.Argument(2); !goja.IsUndefined(s) {
			reason = jsx.String(vm, s)
		}
		e.closed = true
		peer := e.peer
		peer.mu.Lock()
		conn := peer.conn
		peer.mu.Unlock()
		if conn != nil {
			// The client answers the close; the relay turns its answer into this end's
			// close event (Closed).
			go conn.Close(code, reason)
		} else {
			peer.soon(vm, false, nil, &wsClose{code, reason})
		}
		return goja.Undefined()
	})
	native.Set("readyState", func(call goja.FunctionCall) goja.Value {
		if end(call.Argument(0)).closed {
			return vm.ToValue(3)
		}
		return vm.ToValue(1)
	})
	make, _ := goja.AssertFunction(r.runScript("websocket.js"))
	exports, err := make(goja.Undefined(), native)
	if err != nil {
		panic(err)
	}
	o := exports.ToObject(vm)
	deliver, _ = goja.AssertFunction(o.Get("deliver"))
	r.defineGlobals(o, "WebSocketPair", "WebSocket", "MessageEvent", "CloseEvent")
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
