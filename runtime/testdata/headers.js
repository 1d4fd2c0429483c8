import { eq } from "./assert.js";

export default {
  async fetch(request) {
    const h = new Headers({ "Content-Type": "text/plain", "X-B": "2" });
    h.append("x-a", "1");
    h.append("X-A", " 3 ");
    eq(h.get("x-a"), "1, 3", "values combine, trimmed, names case-insensitive");
    eq(h.get("nope"), null, "missing header is null");
    eq([...h], [["content-type", "text/plain"], ["x-a", "1, 3"], ["x-b", "2"]], "iteration sorted, lower-case");
    h.set("X-A", "only");
    eq(h.get("x-a"), "only", "set replaces");
    h.delete("x-b");
    eq(h.has("x-b"), false, "delete");
    h.append("Set-Cookie", "a=1");
    h.append("Set-Cookie", "b=2");
    eq(h.getSetCookie(), ["a=1", "b=2"], "getSetCookie");
    eq([...h.keys()].filter((k) => k === "set-cookie").length, 2, "set-cookie iterates per value");
    const copy = new Headers(h);
    copy.set("x-a", "changed");
    eq(h.get("x-a"), "only", "new Headers(h) copies");
    eq(new Headers([["k", "v"]]).get("k"), "v", "pairs init");
    let seen = [];
    new Headers({ b: "2", a: "1" }).forEach((v, k) => seen.push(k + "=" + v));
    eq(seen, ["a=1", "b=2"], "forEach");
    eq(request.headers.get("x-from-test"), "yes", "incoming request headers");
    eq(request.headers === request.headers, true, "request.headers is the same object");
    let threw = null;
    try { Headers.prototype.get.call({}, "a"); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Illegal invocation", "brand check");
    threw = null;
    try { request.headers.set("x-from-test", "no"); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Can't modify immutable headers.", "incoming headers are immutable");
    const copied = new Request(request);
    eq(copied.headers.has("x-from-test"), true, "a copied request keeps the headers");
    copied.headers.set("x-ok", "1");
    eq([request.bodyUsed, await copied.text()], [true, "posted body"], "the copy took the body");
    let again = null;
    try { new Request(request); } catch (e) { again = e.message; }
    eq(again, "Cannot reconstruct a Request with a used body.", "a second copy of a POST");
    return new Response("ok");
  },
};
