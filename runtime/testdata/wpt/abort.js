// wpt dom/abort: our cases of the behaviours its files test (event.any, abort-signal-any,
// AbortSignal.any, timeout, reason-constructor).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_throws_dom, assert_class_string } from "./harness.js";

test(() => {
  const c = new AbortController(); const s = c.signal;
  let n = 0; s.onabort = (e) => { n++; assert_equals(e.type, "abort"); assert_true(e.isTrusted === undefined || e.isTrusted === true || e.isTrusted === false); };
  assert_false(s.aborted);
  c.abort(); c.abort();
  assert_true(s.aborted); assert_equals(n, 1);
}, "AbortController abort() fires abort once and sets aborted");
test(() => { const c = new AbortController(); assert_equals(c.signal, c.signal); }, "AbortController's signal is the same object");
test(() => { const c = new AbortController(); c.abort(); assert_class_string(c.signal.reason, "DOMException"); assert_equals(c.signal.reason.name, "AbortError"); }, "The default reason is an AbortError DOMException");
test(() => { const c = new AbortController(); const r = new Error("x"); c.abort(r); assert_equals(c.signal.reason, r); }, "abort(reason) keeps the reason");
test(() => { const c = new AbortController(); c.abort(undefined); assert_equals(c.signal.reason.name, "AbortError"); }, "abort(undefined) uses the default reason");
test(() => { const c = new AbortController(); c.abort(null); assert_equals(c.signal.reason, null); }, "abort(null) keeps null");
test(() => { const c = new AbortController(); assert_equals(c.signal.reason, undefined); }, "reason is undefined before abort");
test(() => { const s = AbortSignal.abort(); assert_true(s.aborted); assert_equals(s.reason.name, "AbortError"); }, "AbortSignal.abort()");
test(() => { const s = AbortSignal.abort("why"); assert_equals(s.reason, "why"); }, "AbortSignal.abort(reason)");
test(() => { const c = new AbortController(); c.abort("r"); let e = null; try { c.signal.throwIfAborted(); } catch (x) { e = x; } assert_equals(e, "r"); }, "throwIfAborted throws the reason");
test(() => { new AbortController().signal.throwIfAborted(); }, "throwIfAborted does nothing before abort");
test(() => assert_throws_js(TypeError, () => new AbortSignal()), "AbortSignal cannot be constructed");
test(() => {
  const c = new AbortController(); const order = [];
  c.signal.addEventListener("abort", () => order.push(c.signal.aborted));
  c.abort(); assert_equals(order.join(), "true");
}, "aborted is true when the listeners run");
test(() => {
  const c = new AbortController(); let reason;
  c.signal.addEventListener("abort", () => { reason = c.signal.reason; });
  c.abort("R"); assert_equals(reason, "R");
}, "The reason is set before the listeners run");
// AbortSignal.any
test(() => {
  const a = new AbortController(), b = new AbortController();
  const s = AbortSignal.any([a.signal, b.signal]);
  assert_false(s.aborted);
  b.abort("b"); assert_true(s.aborted); assert_equals(s.reason, "b");
  a.abort("a"); assert_equals(s.reason, "b");
}, "AbortSignal.any follows the first to abort");
test(() => { const s = AbortSignal.any([new AbortController().signal, AbortSignal.abort("x")]); assert_true(s.aborted); assert_equals(s.reason, "x"); }, "AbortSignal.any of an aborted signal is aborted at once");
test(() => { const s = AbortSignal.any([]); assert_false(s.aborted); }, "AbortSignal.any([]) never aborts");
test(() => {
  const c = new AbortController(); let n = 0;
  const s = AbortSignal.any([c.signal, c.signal]); s.onabort = () => n++;
  c.abort(); assert_equals(n, 1);
}, "AbortSignal.any with the same signal twice fires once");
test(() => {
  const c = new AbortController(); const order = [];
  const s = AbortSignal.any([c.signal]);
  c.signal.addEventListener("abort", () => order.push("source"));
  s.addEventListener("abort", () => order.push("dependent"));
  c.abort(); assert_equals(order.join(), "source,dependent");
}, "A dependent signal fires after its source");
test(() => {
  const c = new AbortController();
  const s2 = AbortSignal.any([AbortSignal.any([c.signal])]);
  c.abort("deep"); assert_equals(s2.reason, "deep");
}, "AbortSignal.any of an AbortSignal.any");
// timeout
promise_test(async () => {
  const s = AbortSignal.timeout(10);
  assert_false(s.aborted);
  await new Promise((r) => s.addEventListener("abort", r));
  assert_equals(s.reason.name, "TimeoutError"); assert_class_string(s.reason, "DOMException");
}, "AbortSignal.timeout aborts with a TimeoutError");
test(() => assert_throws_js(TypeError, () => AbortSignal.timeout(-1)), "AbortSignal.timeout(-1) throws");
// events
test(() => { const s = new AbortController().signal; assert_true(s instanceof EventTarget); assert_class_string(s, "AbortSignal"); }, "AbortSignal is an EventTarget");
test(() => {
  const c = new AbortController(); let got = null;
  c.signal.onabort = function (e) { got = [this === c.signal, e instanceof Event, e.target === c.signal]; };
  c.abort(); assert_equals(got.join(), "true,true,true");
}, "onabort is called with the signal as this and target");

export default { fetch: run };
