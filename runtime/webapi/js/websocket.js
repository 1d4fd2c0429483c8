// WebSocketPair, WebSocket, MessageEvent, CloseEvent and ErrorEvent as workerd has them,
// over the ends in Go (websocket.go). Called with the natives; its value holds the
// classes and deliver, which Go calls to fire an end's events.
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
  class ErrorEvent extends Event {
    #message; #filename; #lineno; #colno; #error;
    constructor(type, init = {}) {
      super(type, init);
      this.#message = String(init.message ?? ""); this.#filename = String(init.filename ?? "");
      this.#lineno = init.lineno >>> 0; this.#colno = init.colno >>> 0; this.#error = init.error;
    }
    get message() { return this.#message; }
    get filename() { return this.#filename; }
    get lineno() { return this.#lineno; }
    get colno() { return this.#colno; }
    get error() { return this.#error; }
  }
  const make = Symbol("make");
  let setEnd;
  const syntax = (m) => new DOMException("WebSocket Constructor: " + m, "SyntaxError");
  const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  class WebSocket extends EventTarget {
    #end; #url = null; #binaryType; #attachment;
    static { setEnd = (ws, e) => { ws.#end = e; Object.defineProperty(ws, native.slot, { value: e }); }; }
    constructor(url, protocols) {
      super();
      this.#binaryType = native.standardBinaryType() ? "blob" : "arraybuffer";
      if (url === make) return;
      if (arguments.length === 0) throw new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present.");
      let u;
      try { u = new URL(String(url)); } catch { throw syntax("The url is invalid."); }
      if (u.protocol !== "ws:" && u.protocol !== "wss:") throw syntax("The url scheme must be ws or wss.");
      if (u.hash !== "" || String(url).endsWith("#")) throw syntax("The url fragment must be empty.");
      const list = protocols === undefined ? [] : typeof protocols === "string" ? [protocols] : Array.from(protocols, String);
      for (const p of list) if (!token.test(p)) throw syntax("The protocol header token is invalid.");
      if (new Set(list).size !== list.length) throw syntax("The protocols header cannot have repeating values.");
      this.#url = u.href;
      setEnd(this, native.connect(this, u.href.replace(/^ws/, "http"), list));
    }
    static [make]() { return new WebSocket(make); }
    accept() { native.accept(this.#end); }
    send(data) { native.send(this.#end, data); }
    close(code, reason) { native.close(this.#end, code, reason); }
    get readyState() { return native.readyState(this.#end); }
    get url() { return this.#url; }
    get protocol() { return native.protocol(this.#end); }
    get extensions() { return ""; }
    serializeAttachment(v) { this.#attachment = structuredClone(v); }
    deserializeAttachment() { return this.#attachment === undefined ? null : structuredClone(this.#attachment); }
    get binaryType() { return this.#binaryType; }
    set binaryType(v) { if (v === "blob" || v === "arraybuffer") this.#binaryType = v; }
  }
  for (const [k, v] of Object.entries({ CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })) {
    for (const name of [k, "READY_STATE_" + k]) {
      Object.defineProperty(WebSocket, name, { value: v, enumerable: true });
      Object.defineProperty(WebSocket.prototype, name, { value: v, enumerable: true });
    }
  }
  Object.defineProperty(WebSocket.prototype, Symbol.toStringTag, { value: "WebSocket", configurable: true });
  Object.defineProperty(MessageEvent.prototype, Symbol.toStringTag, { value: "MessageEvent", configurable: true });
  Object.defineProperty(CloseEvent.prototype, Symbol.toStringTag, { value: "CloseEvent", configurable: true });
  Object.defineProperty(ErrorEvent.prototype, Symbol.toStringTag, { value: "ErrorEvent", configurable: true });
  const makeSocket = WebSocket[make];
  delete WebSocket[make];

  function WebSocketPair() {
    if (!new.target) throw new TypeError("Failed to construct 'WebSocketPair': Please use the 'new' operator.");
    const a = makeSocket(), b = makeSocket();
    const [ea, eb] = native.pair(a, b);
    setEnd(a, ea);
    setEnd(b, eb);
    this[0] = a;
    this[1] = b;
  }
  Object.defineProperty(WebSocketPair.prototype, Symbol.toStringTag, { value: "WebSocketPair", configurable: true });

  // deliver fires an event on a socket: open, a message's data (an ArrayBuffer becomes a
  // Blob when binaryType says so), a close's code, reason and cleanness, or an error's
  // message.
  function deliver(ws, type, a, b, c) {
    switch (type) {
      case "message":
        if (typeof a !== "string" && ws.binaryType === "blob") a = new Blob([a]);
        return ws.dispatchEvent(new MessageEvent("message", { data: a }));
      case "close": return ws.dispatchEvent(new CloseEvent("close", { code: a, reason: b, wasClean: c }));
      case "error": return ws.dispatchEvent(new ErrorEvent("error", { message: a }));
      default: return ws.dispatchEvent(new Event(type));
    }
  }
  return { WebSocketPair, WebSocket, MessageEvent, CloseEvent, ErrorEvent, deliver };
})
