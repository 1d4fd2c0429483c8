import { eq } from "./assert.js";

// HTMLRewriter, checked against wrangler dev 4.86: each case's answer (want) is what
// workerd gave for the same code, but for one: lol-html hands a <script>'s text over in
// three chunks (split at "<"), goflare in one, so "/* gone */" is written once here.
const page = `<!DOCTYPE html>
<html><head><title>Hi &amp; bye</title><meta charset="utf-8"></head>
<body class="main">
<!-- a comment -->
<div id="a" class="x y"><p>one <b>bold</b> two</p><img src="/i.png"><br/></div>
<a href="/rel">link</a><a href="https://ext.test/">ext</a>
<ul><li>1</li><li>2</li><li>3</li></ul>
<script>if (a < b) {}</script>
</body></html>`;
const run = async (build) => { const r = build(new HTMLRewriter()); return r.transform(new Response(page, { headers: { "content-type": "text/html" } })).text(); };
const want = {
 "identity": "<!DOCTYPE html>\n<html><head><title>Hi &amp; bye</title><meta charset=\"utf-8\"></head>\n<body class=\"main\">\n<!-- a comment -->\n<div id=\"a\" class=\"x y\"><p>one <b>bold</b> two</p><img src=\"/i.png\"><br/></div>\n<a href=\"/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<ul><li>1</li><li>2</li><li>3</li></ul>\n<script>if (a < b) {}</script>\n</body></html>",
 "links": "<!DOCTYPE html>\n<html><head><title>Hi &amp; bye</title><meta charset=\"utf-8\"></head>\n<body class=\"main\">\n<!-- a comment -->\n<div id=\"a\" class=\"x y\"><p>one <b>bold</b> two</p><img src=\"/i.png\"><br/></div>\n<a href=\"https://site.test/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<ul><li>1</li><li>2</li><li>3</li></ul>\n<script>if (a < b) {}</script>\n</body></html>",
 "element api": [
  [
   "div",
   "x y",
   true,
   [
    [
     "id",
     "a"
    ],
    [
     "class",
     "x y"
    ]
   ],
   null,
   null,
   "http://www.w3.org/1999/xhtml",
   false
  ],
  [
   "br",
   null,
   null
  ]
 ],
 "text chunks": [
  [
   "one ",
   false
  ],
  [
   "",
   true
  ],
  [
   "bold",
   false
  ],
  [
   "",
   true
  ],
  [
   " two",
   false
  ],
  [
   "",
   true
  ]
 ],
 "comments and doctype": [
  [
   "html",
   null,
   null
  ],
  " a comment "
 ],
 "mutations": "<!DOCTYPE html>\n<html><head><title>New &lt;title&gt;</title><link></head>\n<body class=\"main\">\n<!-- a comment -->\n<div id=\"a\" class=\"x y\"><p>one [<b><i>bold</i></b>] two!</p><hr><em>image</em><br/></div>\n<a href=\"/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<li>1</li><li>3</li>\n<script>/* gone */</script>\n</body></html>",
 "async handler": "<!DOCTYPE html>\n<html><head><title>later</title><meta charset=\"utf-8\"></head>\n<body class=\"main\">\n<!-- a comment -->\n<div id=\"a\" class=\"x y\"><p>one <b>bold</b> two</p><img src=\"/i.png\"><br/></div>\n<a href=\"/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<ul><li>1</li><li>2</li><li>3</li></ul>\n<script>if (a < b) {}</script>\n</body></html>",
 "selectors": [
  "* -> html",
  "* -> head",
  "* -> title",
  "* -> meta",
  "* -> body",
  "* -> div",
  "[class~=y] -> div",
  "div.x.y -> div",
  "* -> p",
  "div > p -> p",
  "* -> b",
  "body b -> b",
  ".main p b -> b",
  "* -> img",
  "* -> br",
  "* -> a",
  "* -> a",
  "a:not([href^='/']) -> a",
  "[href$='.test/'] -> a",
  "* -> ul",
  "* -> li",
  "li:first-child -> li",
  "* -> li",
  "* -> li",
  "li:nth-of-type(3) -> li",
  "* -> script"
 ],
 "bad selector": "TypeError: Parser error: Unexpected end of selector.",
 "throwing handler": "Error: handler boom",
 "text removal": "<!DOCTYPE html>\n<html><head><title>Hi &amp; bye</title><meta charset=\"utf-8\"></head>\n<body class=\"main\">\n<!-- a comment -->\n<div id=\"a\" class=\"x y\"><p>one <b>bold</b> two</p><img src=\"/i.png\"><br/></div>\n<a href=\"/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<ul><li></li><li></li><li></li></ul>\n<script>if (a < b) {}</script>\n</body></html>",
 "comment replace": "<!DOCTYPE html>\n<html><head><title>Hi &amp; bye</title><meta charset=\"utf-8\"></head>\n<body class=\"main\">\n<!-- replaced -->\n<div id=\"a\" class=\"x y\"><p>one <b>bold</b> two</p><img src=\"/i.png\"><br/></div>\n<a href=\"/rel\">link</a><a href=\"https://ext.test/\">ext</a>\n<ul><li>1</li><li>2</li><li>3</li></ul>\n<script>if (a < b) {}</script>\n</body></html>"
};

export default {
  async fetch() {
    const out = {};
    const t = async (name, f) => { try { out[name] = await f(); } catch (e) { out[name] = e.name + ": " + e.message; } };
    await t("identity", () => run((r) => r));
    await t("links", () => run((r) => r.on("a[href^='/']", { element(e) { e.setAttribute("href", "https://site.test" + e.getAttribute("href")); } })));
    await t("element api", async () => { const seen = []; await run((r) => r.on("div#a", { element(e) { seen.push([e.tagName, e.getAttribute("class"), e.hasAttribute("id"), [...e.attributes], e.selfClosing, e.canHaveContent, e.namespaceURI, e.removed]); } }).on("br", { element(e) { seen.push(["br", e.selfClosing, e.canHaveContent]); } })); return seen; });
    await t("text chunks", async () => { const seen = []; await run((r) => r.on("p", { text(t) { seen.push([t.text, t.lastInTextNode]); } })); return seen; });
    await t("comments and doctype", async () => { const seen = []; await run((r) => r.on("body", { comments(c) { seen.push(c.text); } }).onDocument({ doctype(d) { seen.push([d.name, d.publicId, d.systemId]); }, end(e) { e.append("<!-- end -->", { html: true }); } })); return seen; });
    await t("mutations", () => run((r) => r
      .on("title", { element(e) { e.setInnerContent("New <title>"); } })
      .on("b", { element(e) { e.before("[", { html: false }); e.after("]"); e.prepend("<i>", { html: true }); e.append("</i>", { html: true }); } })
      .on("img", { element(e) { e.replace("<em>image</em>", { html: true }); } })
      .on("li:nth-child(2)", { element(e) { e.remove(); } })
      .on("ul", { element(e) { e.removeAndKeepContent(); } })
      .on("p", { element(e) { e.onEndTag((end) => { end.before("!"); end.after("<hr>", { html: true }); }); } })
      .on("script", { text(t) { if (t.text) t.replace("/* gone */"); } })
      .on("meta", { element(e) { e.removeAttribute("charset"); e.tagName = "link"; } })));
    await t("async handler", () => run((r) => r.on("title", { async element(e) { await new Promise((res) => setTimeout(res, 1)); e.setInnerContent("later"); } })));
    await t("selectors", async () => { const seen = []; await run((r) => { for (const s of ["*", "li:first-child", "div > p", "body b", "[class~=y]", "a:not([href^='/'])", "li:nth-of-type(3)", ".main p b", "div.x.y", "[href$='.test/']"]) r.on(s, { element(e) { seen.push(s + " -> " + e.tagName); } }); return r; }); return seen; });
    await t("bad selector", () => new HTMLRewriter().on("p[", { element() {} }));
    await t("throwing handler", () => run((r) => r.on("p", { element() { throw new Error("handler boom"); } })));
    await t("text removal", () => run((r) => r.on("li", { text(t) { t.remove(); } })));
    await t("comment replace", () => run((r) => r.on("*", { comments(c) { c.replace("<!-- replaced -->", { html: true }); } })));

    for (const k of Object.keys(want)) eq(out[k], want[k], k);

    // The page streams: what is rewritten of the first chunk is readable before the
    // source gives the second (a rewriter that waited for the whole page would hang here).
    const enc = new TextEncoder(), dec = new TextDecoder();
    let release;
    const gate = new Promise((res) => { release = res; });
    const src = new ReadableStream({ async start(c) { c.enqueue(enc.encode("<p>one</p>")); await gate; c.enqueue(enc.encode("<p>two</p>")); c.close(); } });
    const reader = new HTMLRewriter().on("p", { element(e) { e.setAttribute("n", "1"); } })
      .transform(new Response(src, { headers: { "content-type": "text/html" } })).body.getReader();
    let first = "";
    while (!first.includes("</p>")) first += dec.decode((await reader.read()).value);
    release();
    let rest = "";
    for (;;) { const { done, value } = await reader.read(); if (done) break; rest += dec.decode(value); }
    eq([first, rest], ['<p n="1">one</p>', '<p n="1">two</p>'], "streamed");
    return new Response("ok");
  },
};
