// wpt fetch/api/request: our cases of the behaviours its files test (request-structure,
// request-init-*, request-error, request-bad-port, request-consume, request-clone,
// request-headers, request-keepalive, request-cache).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals, assert_class_string, promise_rejects_js } from "./harness.js";

const url = "https://example.com/path";
test(() => {
  const r = new Request(url);
  for (const [k, v] of Object.entries({ method: "GET", url, redirect: "follow", bodyUsed: false, body: null })) assert_equals(r[k], v, k);
  assert_class_string(r.headers, "Headers");
  assert_class_string(r, "Request");
}, "Request has the default attributes");
for (const m of ["get", "post", "put", "delete", "head", "options", "patch"]) {
  test(() => assert_equals(new Request(url, { method: m }).method, ["get", "post", "put", "delete", "head", "options"].includes(m) ? m.toUpperCase() : m), `Request method ${m} is normalized as the standard says`);
}
for (const m of ["CONNECT", "TRACE", "TRACK", "connect"]) test(() => assert_throws_js(TypeError, () => new Request(url, { method: m })), `Request with the forbidden method ${m} throws`);
for (const m of ["a b", "", "é"]) test(() => assert_throws_js(TypeError, () => new Request(url, { method: m })), `Request with an invalid method ${JSON.stringify(m)} throws`);
test(() => assert_throws_js(TypeError, () => new Request("http://user:pass@example.com/")), "Request with credentials in the URL throws");
test(() => assert_throws_js(TypeError, () => new Request("/relative")), "Request with a relative URL throws (no base in a worker)");
test(() => assert_throws_js(TypeError, () => new Request("http://[::1")), "Request with an invalid URL throws");
for (const m of ["GET", "HEAD"]) test(() => assert_throws_js(TypeError, () => new Request(url, { method: m, body: "x" })), `Request of ${m} with a body throws`);
test(() => assert_throws_js(TypeError, () => new Request(url, { redirect: "nope" })), "Request with an invalid redirect mode throws");
for (const mode of ["follow", "manual", "error"]) test(() => assert_equals(new Request(url, { redirect: mode }).redirect, mode), `Request keeps redirect ${mode}`);
test(() => {
  const r = new Request(url, { method: "POST", headers: { "X-A": "1" }, body: "hi" });
  const r2 = new Request(r);
  assert_equals(r2.method, "POST"); assert_equals(r2.headers.get("x-a"), "1"); assert_equals(r2.url, url);
}, "Request from a Request copies method, headers and URL");
test(() => {
  const r = new Request(url, { method: "POST", body: "hi" });
  const r2 = new Request(r, { method: "PUT", headers: { "X-B": "2" } });
  assert_equals(r2.method, "PUT"); assert_equals(r2.headers.get("x-b"), "2");
}, "Request init overrides the Request it copies");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body: "hi" });
  const r2 = new Request(r);
  assert_true(r.bodyUsed, "the copied request's body is used");
  assert_equals(await r2.text(), "hi");
}, "Request from a Request with a body takes the body");
test(() => {
  const r = new Request(url, { method: "POST", body: "hi" });
  new Request(r);
  assert_throws_js(TypeError, () => new Request(r));
}, "Request from a Request whose body was taken throws");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body: "hello" });
  const c = r.clone();
  assert_equals(await r.text(), "hello"); assert_equals(await c.text(), "hello");
}, "Request clone tees the body");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body: "x" });
  await r.text();
  assert_throws_js(TypeError, () => r.clone());
}, "Request clone after the body was used throws");

// request-consume
const body = "Hello, world";
promise_test(async () => assert_equals(await new Request(url, { method: "POST", body }).text(), body), "Consume request's body as text");
promise_test(async () => {
  const b = await new Request(url, { method: "POST", body }).arrayBuffer();
  assert_class_string(b, "ArrayBuffer"); assert_equals(new TextDecoder().decode(b), body);
}, "Consume request's body as arrayBuffer");
promise_test(async () => {
  const b = await new Request(url, { method: "POST", body }).blob();
  assert_class_string(b, "Blob"); assert_equals(await b.text(), body);
}, "Consume request's body as blob");
promise_test(async () => assert_equals((await new Request(url, { method: "POST", body: '{"a":1}' }).json()).a, 1), "Consume request's body as JSON");
promise_test(async () => {
  const fd = await new Request(url, { method: "POST", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" } }).formData();
  assert_equals(fd.get("a"), "1"); assert_equals(fd.get("b"), "2");
}, "Consume request's body as formData (urlencoded)");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body });
  await r.text();
  assert_true(r.bodyUsed);
  await promise_rejects_js(TypeError, r.text());
}, "Consume a used body rejects");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body: new Uint8Array([1, 2, 3]) });
  assert_array_equals(new Uint8Array(await r.arrayBuffer()), [1, 2, 3]);
}, "Request body from a Uint8Array");
promise_test(async () => {
  const r = new Request(url, { method: "POST", body: new URLSearchParams("a=b c") });
  assert_equals(r.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assert_equals(await r.text(), "a=b+c");
}, "Request body from URLSearchParams and its content type");
test(() => assert_equals(new Request(url, { method: "POST", body: "x" }).headers.get("content-type"), "text/plain;charset=UTF-8"), "Request body from a string sets text/plain;charset=UTF-8");
test(() => assert_equals(new Request(url, { method: "POST", body: new Blob(["x"], { type: "a/b" }) }).headers.get("content-type"), "a/b"), "Request body from a Blob takes its type");
test(() => assert_equals(new Request(url, { method: "POST", body: "x", headers: { "content-type": "c/d" } }).headers.get("content-type"), "c/d"), "A given Content-Type is kept");
promise_test(async () => {
  const fd = new FormData(); fd.append("k", "v");
  const r = new Request(url, { method: "POST", body: fd });
  const ct = r.headers.get("content-type");
  assert_true(ct.startsWith("multipart/form-data; boundary="), ct);
  const back = await r.formData();
  assert_equals(back.get("k"), "v");
}, "Request body from FormData is multipart, and reads back");
promise_test(async () => {
  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("st")); c.close(); } });
  const r = new Request(url, { method: "POST", body: stream, duplex: "half" });
  assert_equals(await r.text(), "st");
}, "Request body from a ReadableStream");
test(() => {
  const r = new Request(url, { method: "POST", body: "x" });
  assert_class_string(r.body, "ReadableStream");
}, "Request body is a ReadableStream");
test(() => { const r = new Request(url, { headers: [["a", "1"], ["a", "2"]] }); assert_equals(r.headers.get("a"), "1, 2"); }, "Request headers from a sequence");
test(() => assert_throws_js(TypeError, () => new Request(url, { headers: [["a b", "1"]] })), "Request with an invalid header name throws");
test(() => { const r = new Request(url, { signal: undefined }); assert_class_string(r.signal, "AbortSignal"); assert_false(r.signal.aborted); }, "Request has a signal");
test(() => {
  const c = new AbortController(); c.abort();
  assert_true(new Request(url, { signal: c.signal }).signal.aborted);
}, "Request follows an aborted signal");
test(() => {
  for (const m of ["arrayBuffer", "blob", "formData", "json", "text", "clone"]) assert_equals(typeof Request.prototype[m], "function", m);
  for (const a of ["method", "url", "headers", "redirect", "signal", "body", "bodyUsed"]) assert_true(a in Request.prototype, a);
}, "Request has the IDL's members");
test(() => assert_throws_js(TypeError, () => Request(url)), "Request called without new throws");
test(() => { const r = new Request(new URL(url + "?q")); assert_equals(r.url, url + "?q"); }, "Request from a URL object");
test(() => assert_equals(new Request("https://EXAMPLE.com/a/../b").url, "https://example.com/b"), "Request's URL is parsed and serialized");

export default { fetch: run };
