// A small testharness for the suites here: test and promise_test register cases named
// as wpt names its subtests, the assert_* functions check as wpt's do, and run answers
// {total, failed} (the names of the failing cases) as TestWPT reads it.

const cases = [];

export function test(fn, name) { cases.push({ name, fn }); }
export function promise_test(fn, name) { cases.push({ name, fn }); }

class AssertionError extends Error {}
const fail = (msg) => { throw new AssertionError(msg); };
const same = (a, b) => Object.is(a, b) || (a === b);
const show = (v) => { try { return typeof v === "string" ? JSON.stringify(v) : String(v); } catch { return typeof v; } };

export function assert_equals(a, b, msg = "") { if (!same(a, b)) fail(`${msg} expected ${show(b)} got ${show(a)}`); }
export function assert_not_equals(a, b, msg = "") { if (same(a, b)) fail(`${msg} got ${show(a)}`); }
export function assert_true(v, msg = "") { if (v !== true) fail(`${msg} expected true got ${show(v)}`); }
export function assert_false(v, msg = "") { if (v !== false) fail(`${msg} expected false got ${show(v)}`); }
export function assert_in_array(v, list, msg = "") { if (!list.includes(v)) fail(`${msg} ${show(v)} not in list`); }
export function assert_unreached(msg = "") { fail("reached unreachable code " + msg); }
export function assert_class_string(v, cls, msg = "") { assert_equals(Object.prototype.toString.call(v), `[object ${cls}]`, msg); }
export function assert_regexp_match(s, re, msg = "") { if (!re.test(s)) fail(`${msg} ${show(s)} does not match ${re}`); }
export function assert_array_equals(a, b, msg = "") {
  if (a === null || typeof a !== "object" || a.length !== b.length) fail(`${msg} lengths differ: ${a && a.length} vs ${b.length}`);
  for (let i = 0; i < b.length; i++) if (!same(a[i], b[i])) fail(`${msg} [${i}] expected ${show(b[i])} got ${show(a[i])}`);
}
export function assert_object_equals(a, b, msg = "") {
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  assert_array_equals(ka, kb, msg + " keys");
  for (const k of kb) {
    if (typeof b[k] === "object" && b[k] !== null) assert_object_equals(a[k], b[k], msg + "." + k);
    else assert_equals(a[k], b[k], msg + "." + k);
  }
}
export function assert_throws_js(ctor, fn, msg = "") {
  try { fn(); } catch (e) {
    if (e instanceof AssertionError) throw e;
    if (!(e instanceof ctor) || e.constructor !== ctor) fail(`${msg} threw ${e && e.name} not ${ctor.name}`);
    return;
  }
  fail(`${msg} did not throw`);
}
export function assert_throws_dom(name, fn, msg = "") {
  try { fn(); } catch (e) {
    if (e instanceof AssertionError) throw e;
    if (!(e instanceof DOMException) || e.name !== name) fail(`${msg} threw ${e && e.name} not DOMException ${name}`);
    return;
  }
  fail(`${msg} did not throw`);
}
export async function promise_rejects_js(ctor, p, msg = "") {
  try { await p; } catch (e) {
    if (!(e instanceof ctor) || e.constructor !== ctor) fail(`${msg} rejected with ${e && e.name} not ${ctor.name}`);
    return;
  }
  fail(`${msg} did not reject`);
}
export async function promise_rejects_dom(name, p, msg = "") {
  try { await p; } catch (e) {
    if (!(e instanceof DOMException) || e.name !== name) fail(`${msg} rejected with ${e && e.name} not DOMException ${name}`);
    return;
  }
  fail(`${msg} did not reject`);
}
export async function promise_rejects_exactly(value, p, msg = "") {
  try { await p; } catch (e) { assert_equals(e, value, msg); return; }
  fail(`${msg} did not reject`);
}

// run runs every case in order, each with a time limit, and answers the failures.
export async function run() {
  const failed = [];
  const messages = {};
  for (const c of cases) {
    let timer;
    try {
      await Promise.race([Promise.resolve().then(c.fn), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error("timed out")), 2000); })]);
    } catch (e) {
      failed.push(c.name);
      messages[c.name] = String(e && e.message);
    } finally {
      clearTimeout(timer);
    }
  }
  return Response.json({ total: cases.length, failed, messages });
}
