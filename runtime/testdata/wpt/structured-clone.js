// wpt html/webappapis/structured-clone: our cases of the behaviours structured-clone-battery-of-tests
// tests, through structuredClone.
import { test, run, assert_equals, assert_true, assert_false, assert_throws_dom, assert_array_equals, assert_class_string } from "./harness.js";

const primitives = [undefined, null, true, false, 0, -0, NaN, Infinity, -Infinity, 1.5, 2 ** 53, "", "string", "\uD800", 1n, -12345678901234567890n];
for (const v of primitives) test(() => assert_equals(structuredClone(v), v), `primitive ${typeof v} ${String(v)}`);
for (const [name, v] of [["Boolean", new Boolean(true)], ["Number", new Number(3)], ["String", new String("s")], ["BigInt", Object(5n)]]) {
  test(() => { const c = structuredClone(v); assert_class_string(c, name); assert_true(c !== v); assert_equals(c.valueOf(), v.valueOf()); }, `${name} object`);
}
test(() => { const d = new Date(1e12); const c = structuredClone(d); assert_class_string(c, "Date"); assert_equals(c.getTime(), 1e12); assert_true(c !== d); }, "Date");
test(() => { const r = /ab+c/gimsuy; const c = structuredClone(r); assert_equals(c.source, "ab+c"); assert_equals(c.flags, r.flags); assert_equals(c.lastIndex, 0); }, "RegExp");
test(() => { const o = { a: 1, b: { c: [1, 2] } }; const c = structuredClone(o); assert_equals(c.b.c[1], 2); assert_true(c.b !== o.b); }, "nested objects and arrays");
test(() => { const a = [1, , 3]; const c = structuredClone(a); assert_equals(c.length, 3); assert_false(1 in c); }, "sparse array keeps its holes");
test(() => { const a = [1]; a.x = "y"; assert_equals(structuredClone(a).x, "y"); }, "array with a named property");
test(() => { const o = {}; o.self = o; const c = structuredClone(o); assert_equals(c.self, c); }, "a cycle is kept");
test(() => { const s = { v: 1 }; const o = { a: s, b: s }; const c = structuredClone(o); assert_equals(c.a, c.b); }, "a shared object stays shared");
test(() => { const m = new Map([[1, { a: 1 }], ["k", "v"]]); const c = structuredClone(m); assert_class_string(c, "Map"); assert_equals(c.get(1).a, 1); assert_equals(c.get("k"), "v"); }, "Map");
test(() => { const s = new Set([1, "a"]); const c = structuredClone(s); assert_class_string(c, "Set"); assert_true(c.has("a")); }, "Set");
test(() => { const b = new Uint8Array([1, 2, 3]).buffer; const c = structuredClone(b); assert_class_string(c, "ArrayBuffer"); assert_array_equals([...new Uint8Array(c)], [1, 2, 3]); assert_true(c !== b); }, "ArrayBuffer");
for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
  test(() => {
    const a = T === BigInt64Array || T === BigUint64Array ? new T([1n, 2n]) : new T([1, 2]);
    const c = structuredClone(a); assert_class_string(c, T.name); assert_equals(c.length, 2); assert_equals(c[1], a[1]);
  }, T.name);
}
test(() => { const buf = new ArrayBuffer(8); const o = { a: new Uint8Array(buf, 0, 2), b: new Uint8Array(buf, 4, 2) }; const c = structuredClone(o); assert_equals(c.a.buffer, c.b.buffer); assert_equals(c.b.byteOffset, 4); }, "views of one buffer share the cloned buffer");
test(() => { const d = new DataView(new ArrayBuffer(4), 1, 2); const c = structuredClone(d); assert_class_string(c, "DataView"); assert_equals(c.byteOffset, 1); assert_equals(c.byteLength, 2); }, "DataView");
for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
  test(() => { const c = structuredClone(new E("msg")); assert_equals(c.constructor, E); assert_equals(c.message, "msg"); assert_equals(c.name, E.name); }, `${E.name} object`);
}
test(() => { const e = new Error("m", { cause: "c" }); const c = structuredClone(e); assert_equals(c.message, "m"); }, "Error with a cause");
test(() => { const o = { get x() { return 5; } }; const c = structuredClone(o); assert_equals(Object.getOwnPropertyDescriptor(c, "x").value, 5); }, "getters are read as values");
test(() => { const o = Object.create({ inherited: 1 }); o.own = 2; const c = structuredClone(o); assert_equals(c.inherited, undefined); assert_equals(c.own, 2); }, "only own enumerable properties");
test(() => { const o = { [Symbol("s")]: 1, a: 2 }; const c = structuredClone(o); assert_equals(Object.getOwnPropertySymbols(c).length, 0); }, "symbol-keyed properties are dropped");
test(() => { class A { constructor() { this.x = 1; } } const c = structuredClone(new A()); assert_equals(Object.getPrototypeOf(c), Object.prototype); assert_equals(c.x, 1); }, "a class instance becomes a plain object");
for (const [name, v] of [["function", () => 1], ["symbol", Symbol("x")], ["WeakMap", new WeakMap()], ["WeakSet", new WeakSet()], ["Promise", Promise.resolve()], ["object with a function", { f() {} }]]) {
  test(() => assert_throws_dom("DataCloneError", () => structuredClone(v)), `${name} throws a DataCloneError`);
}
test(() => { const b = new Blob(["x"], { type: "a/b" }); const c = structuredClone(b); assert_class_string(c, "Blob"); assert_equals(c.type, "a/b"); }, "Blob");
test(() => { const ab = new ArrayBuffer(4); const c = structuredClone(ab, { transfer: [ab] }); assert_equals(c.byteLength, 4); assert_equals(ab.byteLength, 0); }, "transfer detaches the ArrayBuffer");
test(() => assert_throws_dom("DataCloneError", () => { const ab = new ArrayBuffer(1); structuredClone(ab, { transfer: [ab, ab] }); }), "transferring a buffer twice throws");
test(() => { const o = new Date(NaN); assert_true(Number.isNaN(structuredClone(o).getTime())); }, "invalid Date");

export default { fetch: run };
