// WebSocketPair, WebSocket, MessageEvent and CloseEvent as workerd has them, over the
// ends in Go (websocket.go). Called with the natives; its value holds the classes and
// deliver, which Go calls to fire an end's events.
((native) => {
  "use strict";
  class MessageEvent extends Event {
    #data;
    constructor(type, init = {}) { super(type, init); this.#data = init.data; }
    get data() { return this.#data; }
  }
  class CloseEvent extends Event {
    #code; #reason; #wasClean;
    constructor(type, init = {}) { super(type, init); this.#code = init.code ?? 0; this.#reason = init.reason ?? ""; this.#wasClean = !!init.wasClean; }
    get code() { return this.#code; }
    get reason() { return this.#reason; }
    get wasClean() { return this.#wasClean; }
  }
  const make = Symbol("make");
  class WebSocket extends EventTarget {
    #end;
    constructor(key) {
      if (key !== make) throw new TypeError("Illegal constructor");
      super();
    }
    static [make]() { return new WebSocket(make); }
    set end(e) { if (this.#end === undefined) { this.#end = e; Object.defineProperty(this, native.slot, { value: e }); } }
    accept() { native.accept(this.#end); }
    send(data) { native.send(this.#end, data); }
    close(code, reason) { native.close(this.#end, code, reason); }
    get readyState() { return native.readyState(this.#end); }
    get url() { return null; }
    get protocol() { return ""; }
    get extensions() { return ""; }
  }
  for (const [k, v] of Object.entries({ CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })) {
    Object.defineProperty(WebSocket, k, { value: v, enumerable: true });
    Object.defineProperty(WebSocket.prototype, k, { value: v, enumerable: true });
  }
  Object.defineProperty(WebSocket.prototype, Symbol.toStringTag, { value: "WebSocket", configurable: true });
  Object.defineProperty(MessageEvent.prototype, Symbol.toStringTag, { value: "MessageEvent", configurable: true });
  Object.defineProperty(CloseEvent.prototype, Symbol.toStringTag, { value: "CloseEvent", configurable: true });
  const makeSocket = WebSocket[make];
  delete WebSocket[make];

  function WebSocketPair() {
    if (!new.target) throw new TypeError("Failed to construct 'WebSocketPair': Please use the 'new' operator.");
    const a = makeSocket(), b = makeSocket();
    const [ea, eb] = native.pair(a, b);
    a.end = ea;
    b.end = eb;
    this[0] = a;
    this[1] = b;
  }
  Object.defineProperty(WebSocketPair.prototype, Symbol.toStringTag, { value: "WebSocketPair", configurable: true });

  // deliver fires an event on a socket: a message's data, or a close's code and reason.
  function deliver(ws, type, a, b) {
    if (type === "message") ws.dispatchEvent(new MessageEvent("message", { data: a }));
    else ws.dispatchEvent(new CloseEvent("close", { code: a, reason: b, wasClean: true }));
  }
  return { WebSocketPair, WebSocket, MessageEvent, CloseEvent, deliver };
})
