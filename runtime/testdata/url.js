import { eq } from "./assert.js";

export default {
  async fetch() {
    const u = new URL("https://user:pw@example.com:8080/a/b/../c?x=1&y=two words#frag");
    eq([u.protocol, u.username, u.password, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin],
      ["https:", "user", "pw", "example.com", "8080", "/a/c", "?x=1&y=two%20words", "#frag", "https://example.com:8080"], "parts");
    eq(u.searchParams.get("y"), "two words", "searchParams decodes");
    u.searchParams.set("z", "a b&c");
    eq(u.search, "?x=1&y=two+words&z=a+b%26c", "mutating searchParams updates the URL");
    eq(new URL("../d?q", "https://h.test/a/b/c").href, "https://h.test/a/d?q", "relative resolution");
    eq(new URL("https://H.TEST:443/").href, "https://h.test/", "host lower-cased, default port dropped");
    let threw = null;
    try { new URL("not a url"); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "invalid URL throws TypeError");
    const p = new URLSearchParams("b=2&a=1&b=3");
    eq([p.getAll("b"), p.has("a"), p.toString()], [["2", "3"], true, "b=2&a=1&b=3"], "URLSearchParams");
    p.sort();
    eq(p.toString(), "a=1&b=2&b=3", "sort is stable");
    eq([...new URLSearchParams({ k: "v", sp: "a b" })], [["k", "v"], ["sp", "a b"]], "record init");
    eq(new URLSearchParams([["x", "1"]]).toString(), "x=1", "pairs init");
    p.delete("b");
    eq(p.toString(), "a=1", "delete");
    eq(String(new URL("https://example.com/path")), "https://example.com/path", "toString");
    eq(JSON.stringify({ u: new URL("https://example.com/") }), '{"u":"https://example.com/"}', "toJSON");
    // URL objects made from the same text share one parse until one of them changes.
    const text = "http://shared.test/p?q=1#f";
    const s1 = new URL(text), s2 = new URL(text), s3 = URL.parse(text);
    s1.pathname = "/changed";
    s1.searchParams.set("q", "2");
    s2.hash = "h";
    s3.host = "other.test";
    eq([s1.href, s2.href, s3.href, new URL(text).href],
      ["http://shared.test/changed?q=2#f", "http://shared.test/p?q=1#h", "http://other.test/p?q=1#f", text], "shared parses");
    const s4 = new URL(text);
    s4.search = "?z=9";
    eq([s4.searchParams.get("z"), new URL(text).searchParams.get("z"), new URL(text).search], ["9", null, "?q=1"], "search on a shared parse");
    return new Response("ok");
  },
};
