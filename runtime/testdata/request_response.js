import { eq } from "./assert.js";

export default {
  async fetch(request) {
    eq(request.method, "POST", "method");
    // An incoming request has wrangler dev's placeholder cf and a signal; one the worker
    // makes has no cf.
    eq([request.cf.colo, request.cf.country, request.cf.clientAcceptEncoding, request.cf === request.cf], ["DFW", "US", "gzip, br", true], "request.cf");
    eq([Object.prototype.toString.call(request.signal), request.signal.aborted, new Request("https://x.test/").cf], ["[object AbortSignal]", false, undefined], "request.signal");
    // workerd's statusText defaults, Response.json keeping a given type, redirect errors
    eq([new Response("").statusText, new Response("", { status: 404 }).statusText, new Response("", { status: 299 }).statusText, new Response("", { status: 425 }).statusText, Response.redirect("https://a.test/").statusText, new Response("", { statusText: "" }).statusText],
      ["OK", "Not Found", "Successful", "Client Error", "Found", ""], "statusText defaults");
    eq(Response.json({}, { headers: { "content-type": "application/vnd+json" } }).headers.get("content-type"), "application/vnd+json", "Response.json keeps a given type");
    const redirectError = (...args) => { try { Response.redirect(...args); } catch (e) { return e.name + ": " + e.message; } };
    eq([redirectError("https://a.test/", 200), redirectError("nope")], ["RangeError: 200 is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.", "TypeError: Unable to parse URL: nope"], "Response.redirect errors");
    eq(request.url, "http://example.com/a?b=c", "url");
    eq(await request.text(), "posted body", "request body");
    eq(request.bodyUsed, true, "bodyUsed after reading");
    let threw = null;
    try { await request.text(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "second read rejects with TypeError");

    const r = new Request("https://x.test/p", { method: "put", body: "{\"a\":1}", headers: { "x": "y" } });
    eq([r.method, r.url, r.headers.get("x")], ["PUT", "https://x.test/p", "y"], "new Request");
    eq(await r.clone().json(), { a: 1 }, "clone + json");
    threw = null;
    try { new Request("https://x.test/", { method: "GET", body: "x" }); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "GET with a body throws");

    const res = new Response("hi", { status: 201, statusText: "Made", headers: { "X-Y": "z" } });
    eq([res.status, res.statusText, res.ok, res.headers.get("x-y"), res.headers.get("content-type")],
      [201, "Made", true, "z", "text/plain;charset=UTF-8"], "new Response");
    eq(await res.text(), "hi", "response text");
    const j = Response.json({ a: [1] }, { status: 202 });
    eq([j.status, j.headers.get("content-type"), await j.json()], [202, "application/json", { a: [1] }], "Response.json");
    const redirect = Response.redirect("https://x.test/next", 301);
    eq([redirect.status, redirect.headers.get("location")], [301, "https://x.test/next"], "Response.redirect");
    const bytes = new Response(new Uint8Array([111, 107]));
    eq(await bytes.text(), "ok", "a Uint8Array body");
    eq(new Response(null, { status: 204 }).status, 204, "null body with 204");
    threw = null;
    try { new Response(Symbol("s")); } catch (e) { threw = e; }
    eq(threw && `${threw.name}: ${threw.message}`, "TypeError: Cannot convert a Symbol value to a string", "a Symbol body (workerd's text)");
    threw = null;
    try { new Response("x", { headers: { a: Symbol("s") } }); } catch (e) { threw = e; }
    eq(threw && `${threw.name}: ${threw.message}`, "TypeError: Cannot convert a Symbol value to a string", "a Symbol header value");
    threw = null;
    try { new Response("x", { statusText: "a\r\nb" }); } catch (e) { threw = e; }
    eq(threw && `${threw.name}: ${threw.message}`, "TypeError: Invalid statusText", "a statusText with CR LF (workerd's text)");
    threw = null;
    try { new Response("x", { statusText: "a\tb" }); } catch (e) { threw = e; }
    eq(threw && threw.message, "Invalid statusText", "a tab in statusText");
    eq(new Response("x", { statusText: "Très\u0100\u007f" }).statusText, "Très\u0100\u007f", "other characters pass, as on workerd");
    threw = null;
    try { new Response("x", { status: 600 }); } catch (e) { threw = e; }
    eq(threw instanceof RangeError, true, "status out of range");
    eq(typeof globalThis.require, "undefined", "workers have no require");
    // Request and Response are ordinary objects: expandos (itty-router keeps params,
    // query and content on the request), keys, spread, subclasses, instanceof.
    const er = new Request("https://a.test/p?x=1");
    er.params = { id: "7" };
    er.query = { x: "1" };
    eq(er.params.id, "7", "an expando on a Request");
    eq(Object.keys(er), ["params", "query"], "Object.keys sees only expandos");
    eq({ ...er }, { params: { id: "7" }, query: { x: "1" } }, "spread of a Request");
    eq(Object.getOwnPropertyNames(new Response("x")), [], "a Response has no own properties");
    const eres = new Response("x");
    eres.extra = 1;
    eq([eres.extra, eres.status], [1, 200], "an expando on a Response");
    class MyRequest extends Request {
      constructor(input, init) { super(input, init); this.tag = "mine"; }
      get shout() { return this.method.toUpperCase() + "!"; }
    }
    const mr = new MyRequest("https://a.test/", { method: "post" });
    eq([mr instanceof MyRequest, mr instanceof Request, mr.tag, mr.shout, mr.url], [true, true, "mine", "POST!", "https://a.test/"], "a Request subclass");
    class JsonResponse extends Response {
      constructor(data) { super(JSON.stringify(data), { headers: { "content-type": "application/json" } }); }
    }
    const jr = new JsonResponse({ a: 1 });
    eq([jr instanceof Response, jr.headers.get("content-type"), await jr.json()], [true, "application/json", { a: 1 }], "a Response subclass");
    threw = null;
    try { Object.create(er).url; } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Illegal invocation", "an object inheriting from a Request is not one");
    eq(Object.prototype.toString.call(er), "[object Request]", "toStringTag");
    // A body passed on unread (hono's cors does new Response(res.body, res)) is the same
    // bytes; the first response's body is then used and its stream locked.
    const first = new Response("passed on");
    const passed = new Response(first.body, first);
    eq([first.bodyUsed, first.body.locked], [true, true], "the first body is taken");
    eq(await passed.text(), "passed on", "the bytes passed on");
    const empty = new Response("");
    eq(await new Response(empty.body).text(), "", "an empty body passed on");
    const read = new Response("partly read");
    const reader = read.body.getReader();
    await reader.read();
    reader.releaseLock();
    threw = null;
    try { new Response(read.body); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "a read stream is disturbed");
    eq(Object.keys(globalThis).includes("__dimp") || Object.keys(globalThis).includes("__goflare_builtin"), false, "goflare's hooks are not enumerable");
    eq(typeof Symbol.asyncIterator, "symbol", "Symbol.asyncIterator exists");
    const u = new URL("https://a.test/x?q=1&q=2");
    eq([u.pathname, u.searchParams.getAll("q")], ["/x", ["1", "2"]], "URL and URLSearchParams");
    return new Response("ok");
  },
};
