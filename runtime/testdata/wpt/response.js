// wpt fetch/api/response: our cases of the behaviours its files test (response-init-*,
// response-error, response-static-*, response-consume-*, response-clone, response-stream-*).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals, assert_class_string, promise_rejects_js } from "./harness.js";

test(() => {
  const r = new Response();
  for (const [k, v] of Object.entries({ type: "default", url: "", ok: true, status: 200, statusText: "", body: null, bodyUsed: false, redirected: false })) assert_equals(r[k], v, k);
}, "Response has the default attributes");
for (const s of [0, 100, 199, 600, 1000]) test(() => assert_throws_js(RangeError, () => new Response("", { status: s })), `Response with status ${s} throws a RangeError`);
for (const s of [200, 299, 300, 404, 599]) test(() => { const r = new Response(null, { status: s }); assert_equals(r.status, s); assert_equals(r.ok, s < 300); }, `Response with status ${s}`);
for (const s of [204, 205, 304]) test(() => assert_throws_js(TypeError, () => new Response("body", { status: s })), `Response with null body status ${s} and a body throws`);
test(() => assert_throws_js(TypeError, () => new Response("", { statusText: "a\nb" })), "Response with an invalid statusText throws");
test(() => assert_equals(new Response("", { statusText: "Fine" }).statusText, "Fine"), "Response keeps its statusText");
test(() => assert_equals(new Response("", { headers: { a: "1" } }).headers.get("a"), "1"), "Response headers from init");
test(() => assert_equals(new Response("x").headers.get("content-type"), "text/plain;charset=UTF-8"), "Response from a string has text/plain;charset=UTF-8");
test(() => assert_equals(new Response(new URLSearchParams("a=1")).headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8"), "Response from URLSearchParams has its content type");
test(() => assert_equals(new Response(new Blob([], { type: "x/y" })).headers.get("content-type"), "x/y"), "Response from a Blob takes its type");
test(() => assert_equals(new Response(new Uint8Array(1)).headers.get("content-type"), null), "Response from bytes has no content type");

// static methods
test(() => {
  const r = Response.error();
  assert_equals(r.type, "error"); assert_equals(r.status, 0); assert_equals(r.statusText, ""); assert_equals(r.body, null);
}, "Response.error()");
test(() => {
  const r = Response.redirect("https://example.com/next");
  assert_equals(r.status, 302); assert_equals(r.headers.get("location"), "https://example.com/next");
}, "Response.redirect() defaults to 302");
for (const s of [301, 302, 303, 307, 308]) test(() => assert_equals(Response.redirect("https://example.com/", s).status, s), `Response.redirect() with ${s}`);
for (const s of [200, 304, 399]) test(() => assert_throws_js(RangeError, () => Response.redirect("https://example.com/", s)), `Response.redirect() with ${s} throws a RangeError`);
test(() => assert_throws_js(TypeError, () => Response.redirect("not a url")), "Response.redirect() with an invalid URL throws a TypeError");
promise_test(async () => {
  const r = Response.json({ a: [1, "b"] });
  assert_equals(r.headers.get("content-type"), "application/json");
  assert_equals(await r.text(), '{"a":[1,"b"]}');
}, "Response.json() serializes and sets application/json");
test(() => assert_equals(Response.json(1, { status: 201, headers: { "x-a": "b" } }).status, 201), "Response.json() takes an init");
test(() => assert_throws_js(TypeError, () => Response.json(Symbol())), "Response.json() of an unserializable value throws");
test(() => { const o = {}; o.o = o; assert_throws_js(TypeError, () => Response.json(o)); }, "Response.json() of a cycle throws a TypeError");

// consuming
const text = "Response's body";
promise_test(async () => assert_equals(await new Response(text).text(), text), "Consume response's body as text");
promise_test(async () => assert_equals(new TextDecoder().decode(await new Response(text).arrayBuffer()), text), "Consume response's body as arrayBuffer");
promise_test(async () => assert_equals(await (await new Response(text).blob()).text(), text), "Consume response's body as blob");
promise_test(async () => assert_equals((await new Response('[1,2]').json())[1], 2), "Consume response's body as JSON");
promise_test(async () => await promise_rejects_js(SyntaxError, new Response("{").json()), "Invalid JSON rejects with a SyntaxError");
promise_test(async () => { const r = new Response(text); await r.text(); assert_true(r.bodyUsed); await promise_rejects_js(TypeError, r.text()); }, "Consuming twice rejects");
promise_test(async () => assert_equals(await new Response(null).text(), ""), "A null body reads as empty");
promise_test(async () => assert_equals((await new Response().arrayBuffer()).byteLength, 0), "A missing body reads as an empty ArrayBuffer");
promise_test(async () => {
  const r = new Response("abc"); const c = r.clone();
  assert_equals(await r.text(), "abc"); assert_equals(await c.text(), "abc");
}, "Response clone tees the body");
promise_test(async () => { const r = new Response("abc"); await r.text(); assert_throws_js(TypeError, () => r.clone()); }, "Response clone of a used body throws");
test(() => {
  const r = new Response("abc", { status: 201, statusText: "C", headers: { a: "1" } }); const c = r.clone();
  assert_equals(c.status, 201); assert_equals(c.statusText, "C"); assert_equals(c.headers.get("a"), "1");
  assert_false(c.headers === r.headers);
}, "Response clone copies status, statusText and headers");
promise_test(async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } });
  assert_equals(await new Response(rs).text(), "hi");
}, "Response from a ReadableStream");
promise_test(async () => {
  const reader = new Response("stream me").body.getReader();
  let out = "";
  for (;;) { const { done, value } = await reader.read(); if (done) break; assert_class_string(value, "Uint8Array"); out += new TextDecoder().decode(value); }
  assert_equals(out, "stream me");
}, "Reading a response's body stream gives Uint8Arrays");
promise_test(async () => {
  const r = new Response("x"); r.body.getReader();
  assert_true(r.body.locked);
  await promise_rejects_js(TypeError, r.text());
}, "A locked body cannot be consumed");
promise_test(async () => {
  const r = new Response("abc");
  const reader = r.body.getReader(); await reader.read();
  assert_true(r.bodyUsed);
}, "Reading the body stream marks the body used");
test(() => {
  for (const m of ["arrayBuffer", "blob", "formData", "json", "text", "clone"]) assert_equals(typeof Response.prototype[m], "function", m);
  for (const m of ["error", "redirect", "json"]) assert_equals(typeof Response[m], "function", m);
  for (const a of ["type", "url", "redirected", "status", "ok", "statusText", "headers", "body", "bodyUsed"]) assert_true(a in Response.prototype, a);
}, "Response has the IDL's members");
test(() => assert_throws_js(TypeError, () => Response("x")), "Response called without new throws");
test(() => { const r = new Response("x"); assert_throws_js(TypeError, () => r.headers.set("a", "b") || Response.error().headers.set("a", "b")); }, "Response.error()'s headers are immutable");

export default { fetch: run };
