import { eq } from "./assert.js";

// The Cache API as workerd's local cache answers (checked side by side with wrangler dev
// 4.86): what is stored, the headers of a hit, conditional and range requests, errors.
export default {
  async fetch() {
    const c = caches.default;
    const u = "https://example.com/item";
    eq([Object.prototype.toString.call(caches), Object.prototype.toString.call(c), await c.match(u)], ["[object CacheStorage]", "[object Cache]", undefined], "empty");
    await c.put(u + "/plain", new Response("no cache headers"));
    eq(await c.match(u + "/plain"), undefined, "a response without a lifetime is not stored");
    for (const [path, headers] of [["/ns", { "cache-control": "no-store" }], ["/p", { "cache-control": "private, max-age=60" }], ["/sc", { "cache-control": "max-age=60", "set-cookie": "a=b" }]]) {
      await c.put(u + path, new Response("x", { headers }));
      eq(await c.match(u + path), undefined, "not stored: " + JSON.stringify(headers));
    }
    await c.put(u, new Response("hello cache", { headers: { "cache-control": "max-age=60", etag: '"v1"' } }));
    const hit = await c.match(new Request(u));
    eq([hit.status, hit.headers.get("cf-cache-status"), hit.headers.get("age"), hit.headers.get("content-length"), typeof hit.headers.get("date"), await hit.text()], [200, "HIT", "0", "11", "string", "hello cache"], "a hit");
    const nm = await c.match(new Request(u, { headers: { "if-none-match": '"v1"' } }));
    eq([nm.status, nm.statusText, await nm.text()], [304, "Not Modified", ""], "If-None-Match");
    const part = await c.match(new Request(u, { headers: { range: "bytes=0-4" } }));
    eq([part.status, part.headers.get("content-range"), part.headers.get("content-length"), await part.text()], [206, "bytes 0-4/11", "5", "hello"], "Range");
    eq(await c.match(new Request(u, { method: "POST", body: "x" })), undefined, "a POST does not match");
    eq((await c.match(new Request(u, { method: "POST", body: "x" }), { ignoreMethod: true })).status, 200, "ignoreMethod");
    const named = await caches.open("mine");
    eq(await named.match(u), undefined, "a named cache is its own");
    const err = async (p) => { try { await p; return "no error"; } catch (e) { return e.name + ": " + e.message; } };
    eq(await err(c.put(new Request(u, { method: "POST", body: "x" }), new Response("x"))), "TypeError: Cannot cache response to non-GET request.", "put of a POST");
    eq(await err(c.put(u, new Response("x", { status: 206 }))), "TypeError: Cannot cache response to a range request (206 Partial Content).", "put of a 206");
    eq(await err(c.put(u, new Response("x", { headers: { vary: "*" } }))), "TypeError: Cannot cache response with 'Vary: *' header.", "put with Vary: *");
    eq(await err(c.match("not a url")), "TypeError: Invalid URL: not a url", "match of a bad URL");
    eq([await c.delete(u), await c.delete(u), await c.match(u)], [true, false, undefined], "delete");
    return new Response("ok");
  },
};
