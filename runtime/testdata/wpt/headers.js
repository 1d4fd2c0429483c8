// wpt fetch/api/headers: our cases of the behaviours its files test (headers-basic,
// headers-errors, headers-casing, headers-normalize, headers-combine, header-setcookie,
// headers-structure, headers-record).
import { test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals } from "./harness.js";

test(() => { new Headers(); new Headers(undefined); new Headers({}); }, "Create headers from no parameter, undefined or an empty object");
for (const p of [null, 1]) test(() => assert_throws_js(TypeError, () => new Headers(p)), `Create headers with ${p} should throw`);

const dict = { name1: "value1", name2: "value2", name4: null, name5: undefined, name6: 1, "Content-Type": "value4" };
test(() => {
  const h = new Headers(Object.entries(dict));
  for (const k in dict) assert_equals(h.get(k), String(dict[k]), k);
  assert_equals(h.get("length"), null);
}, "Create headers with sequence");
test(() => { const h = new Headers(dict); for (const k in dict) assert_equals(h.get(k), String(dict[k]), k); }, "Create headers with record");
test(() => { const h = new Headers(new Headers(dict)); for (const k in dict) assert_equals(h.get(k), String(dict[k]), k); }, "Create headers with existing headers");
test(() => {
  const h = new Headers();
  h[Symbol.iterator] = function* () { yield ["test", "test"]; };
  assert_equals(new Headers(h).get("test"), "test");
}, "Create headers with existing headers with custom iterator");
test(() => { const h = new Headers(); for (const k in dict) { h.append(k, dict[k]); assert_equals(h.get(k), String(dict[k])); } }, "Check append method");
test(() => { const h = new Headers(); for (const k in dict) { h.set(k, dict[k]); assert_equals(h.get(k), String(dict[k])); } }, "Check set method");
test(() => { const h = new Headers(dict); for (const k in dict) assert_true(h.has(k)); assert_false(h.has("nameNotInHeaders")); }, "Check has method");
test(() => { const h = new Headers(dict); for (const k in dict) { h.delete(k); assert_false(h.has(k)); } }, "Check delete method");

const entries = { name1: "value1", Name2: "value2", name: "value3", "content-Type": "value4", "Content-Typ": "value5", "Content-Types": "value6" };
const sortedKeys = Object.keys(entries).map((k) => k.toLowerCase()).sort();
const byLower = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v]));
const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
function checkIterator(it) {
  const proto = Object.getPrototypeOf(it);
  assert_equals(Object.getPrototypeOf(proto), iterProto, "iterator prototype");
  const d = Object.getOwnPropertyDescriptor(proto, "next");
  assert_true(d.configurable && d.enumerable && d.writable, "next's descriptor");
}
test(() => { const it = new Headers(entries).keys(); checkIterator(it); assert_array_equals([...it], sortedKeys); }, "Check keys method");
test(() => { const it = new Headers(entries).values(); checkIterator(it); assert_array_equals([...it], sortedKeys.map((k) => byLower[k])); }, "Check values method");
test(() => {
  const it = new Headers(entries).entries(); checkIterator(it);
  const all = [...it];
  assert_array_equals(all.map((e) => e[0]), sortedKeys);
  assert_array_equals(all.map((e) => e[1]), sortedKeys.map((k) => byLower[k]));
}, "Check entries method");
test(() => { const all = [...new Headers(entries)]; assert_array_equals(all.map((e) => e[0]), sortedKeys); }, "Check Symbol.iterator method");
test(() => {
  const h = new Headers(entries); const seen = [];
  h.forEach(function (v, k, container) { assert_equals(container, h); seen.push(k + "=" + v); });
  assert_array_equals(seen, sortedKeys.map((k) => k + "=" + byLower[k]));
}, "Check forEach method");
test(() => {
  const h = new Headers({ foo: "2", baz: "1", BAR: "0" }); const keys = [];
  for (const [k] of h) { keys.push(k); h.delete("foo"); }
  assert_array_equals(keys, ["bar", "baz"]);
}, "Iteration skips elements removed while iterating");
test(() => {
  const h = new Headers({ foo: "2", baz: "1", BAR: "0", quux: "3" }); const keys = [];
  for (const [k] of h) { keys.push(k); if (k === "baz") h.append("X-yZ", "4"); }
  assert_array_equals(keys, ["bar", "baz", "foo", "quux", "x-yz"]);
}, "Appending a value pair during iteration causes it to be reached during iteration");

// headers-errors
for (const n of ["invalidĀ", "a b", "", "name:", "名前"]) {
  test(() => assert_throws_js(TypeError, () => new Headers([[n, "v"]])), `Create headers giving an invalid name (${JSON.stringify(n)}) throws`);
  test(() => assert_throws_js(TypeError, () => new Headers().get(n)), `Headers get with an invalid name (${JSON.stringify(n)}) throws`);
  test(() => assert_throws_js(TypeError, () => new Headers().has(n)), `Headers has with an invalid name (${JSON.stringify(n)}) throws`);
  test(() => assert_throws_js(TypeError, () => new Headers().delete(n)), `Headers delete with an invalid name (${JSON.stringify(n)}) throws`);
}
for (const v of ["invalidĀ", "a\nb", "a\rb", "a\0b"]) {
  test(() => assert_throws_js(TypeError, () => new Headers({ n: v })), `Create headers giving an invalid value (${JSON.stringify(v)}) throws`);
  test(() => assert_throws_js(TypeError, () => new Headers().set("n", v)), `Headers set with an invalid value (${JSON.stringify(v)}) throws`);
  test(() => assert_throws_js(TypeError, () => new Headers().append("n", v)), `Headers append with an invalid value (${JSON.stringify(v)}) throws`);
}
test(() => assert_throws_js(TypeError, () => new Headers([["name"]])), "Create headers with a pair of one item throws");
test(() => assert_throws_js(TypeError, () => new Headers([["a", "b", "c"]])), "Create headers with a pair of three items throws");
test(() => assert_throws_js(TypeError, () => new Headers(["ab"])), "Create headers with a string in the sequence throws");
test(() => assert_throws_js(TypeError, () => Headers()), "Headers called without new throws");

// headers-casing and headers-combine
test(() => {
  const h = new Headers({ "Content-Type": "a" });
  h.append("content-type", "b");
  assert_equals(h.get("CONTENT-TYPE"), "a, b");
  assert_array_equals([...h.keys()], ["content-type"]);
}, "Names are case-insensitive and values of one name combine with a comma and a space");
test(() => { const h = new Headers(); h.append("x", "1"); h.set("X", "2"); assert_equals(h.get("x"), "2"); }, "set replaces every value of the name");
test(() => { const h = new Headers(); h.append("x", ""); assert_equals(h.get("x"), ""); h.append("x", ""); assert_equals(h.get("x"), ", "); }, "Empty values combine");

// headers-normalize
test(() => {
  const h = new Headers({ a: " \t value \t " });
  assert_equals(h.get("a"), "value");
  h.set("c", "  y\t"); assert_equals(h.get("c"), "y");
  h.append("d", "\tz  "); assert_equals(h.get("d"), "z");
}, "Leading and trailing whitespace of values is removed");

// header-setcookie
test(() => {
  const h = new Headers([["Set-Cookie", "a=1"], ["set-cookie", "b=2"]]);
  assert_array_equals(h.getSetCookie(), ["a=1", "b=2"]);
  assert_equals(h.get("set-cookie"), "a=1, b=2");
  assert_array_equals([...h].map((e) => e.join(": ")), ["set-cookie: a=1", "set-cookie: b=2"]);
}, "Set-Cookie values are kept apart: getSetCookie and iteration");
test(() => assert_array_equals(new Headers().getSetCookie(), []), "getSetCookie with no Set-Cookie is an empty list");
test(() => {
  const h = new Headers([["a", "1"], ["Set-Cookie", "x=1"], ["z", "2"], ["Set-Cookie", "y=2"]]);
  assert_array_equals([...h.keys()], ["a", "set-cookie", "set-cookie", "z"]);
}, "Set-Cookie sorts among the names and repeats in iteration");
test(() => {
  const h = new Headers({ "Set-Cookie": "a=1" }); h.set("set-cookie", "b=2");
  assert_array_equals(h.getSetCookie(), ["b=2"]);
  h.delete("Set-Cookie"); assert_array_equals(h.getSetCookie(), []);
}, "set and delete of Set-Cookie");
test(() => { const h = new Headers({ "Set-Cookie": "a=1, b=2" }); assert_array_equals(h.getSetCookie(), ["a=1, b=2"]); }, "getSetCookie does not split a value on commas");

// headers-structure and the IDL
test(() => {
  for (const m of ["append", "delete", "get", "has", "set", "getSetCookie", "entries", "keys", "values", "forEach"]) assert_equals(typeof Headers.prototype[m], "function", m);
  assert_equals(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
  assert_equals(Object.prototype.toString.call(new Headers()), "[object Headers]");
}, "Headers has the IDL's methods, and @@iterator is entries");
test(() => {
  const h = new Headers({ b: "2", a: "1" });
  assert_array_equals(Object.keys(h), []);
  assert_equals(JSON.stringify(h), "{}");
}, "Headers are not own properties");

export default { fetch: run };
