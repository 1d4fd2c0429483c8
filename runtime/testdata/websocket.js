import { eq } from "./assert.js";

// A WebSocketPair inside one worker: what one end sends is the other's message event;
// workerd's shapes and errors (checked side by side with wrangler dev 4.86).
export default {
  async fetch() {
    const pair = new WebSocketPair();
    const [a, b] = Object.values(pair);
    eq([Object.keys(pair), Object.prototype.toString.call(a), a.readyState, [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]], [["0", "1"], "[object WebSocket]", 1, [0, 1, 2, 3]], "shapes");
    const err = (fn) => { try { fn(); return "no error"; } catch (e) { return e.name + ": " + e.message; } };
    eq(err(() => b.send("x")), "TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.", "send before accept");
    eq(err(() => new Response(null, { status: 101 })), "RangeError: Responses may only be constructed with status codes in the range 200 to 599, inclusive.", "101 without a webSocket");
    eq([err(() => new WebSocket("http://x.test/")), err(() => new WebSocket("nope")), err(() => new WebSocket("wss://x.test/#f")),
      err(() => new WebSocket("wss://x.test/", "a b")), err(() => new WebSocket("wss://x.test/", ["a", "a"]))],
      ["SyntaxError: WebSocket Constructor: The url scheme must be ws or wss.", "SyntaxError: WebSocket Constructor: The url is invalid.",
        "SyntaxError: WebSocket Constructor: The url fragment must be empty.", "SyntaxError: WebSocket Constructor: The protocol header token is invalid.",
        "SyntaxError: WebSocket Constructor: The protocols header cannot have repeating values."], "new WebSocket's URL and protocols checked");
    eq([err(() => a.close(999)), err(() => a.close(1000, "x".repeat(124)))],
      ["InvalidAccessError: Invalid WebSocket close code: 999.", "SyntaxError: WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded."], "close's checks");
    a.accept();
    b.accept();
    const got = [];
    const closed = new Promise((resolve) => b.addEventListener("close", (e) => resolve([e.code, e.reason, e.wasClean, Object.prototype.toString.call(e)])));
    b.binaryType = "arraybuffer";
    b.addEventListener("message", (e) => got.push(typeof e.data === "string" ? e.data : Array.from(new Uint8Array(e.data))));
    a.send("text");
    a.send(new Uint8Array([7, 8]));
    a.close(1000, "done");
    eq(await closed, [1000, "done", true, "[object CloseEvent]"], "close event");
    eq([got, a.readyState, err(() => a.send("late"))], [["text", [7, 8]], 2, "TypeError: Can't call WebSocket send() after close()."], "messages in order, then closing");
    const back = new Promise((resolve) => a.addEventListener("close", (e) => resolve([e.code, e.reason])));
    b.close(1001, "bye");
    eq([await back, a.readyState, b.readyState], [[1001, "bye"], 3, 3], "closed both ways");
    const r = new Response(null, { status: 101, webSocket: new WebSocketPair()[0] });
    eq([r.status, r.body], [101, null], "a 101 response");
    return new Response("ok");
  },
};
