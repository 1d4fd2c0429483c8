import { eq } from "./assert.js";

// The ECMAScript built-ins goja lacks and goflare adds (runtime/webapi/js/language.js).
// Every expectation here is what workerd (wrangler 4.86.0) gives for the same code.
const desc = (o, k) => {
  const d = Object.getOwnPropertyDescriptor(o, k);
  return d && [typeof d.value, d.writable, d.enumerable, d.configurable];
};

export default {
  async fetch() {
    eq(self === globalThis, true, "self is the global object");
    eq(Date.prototype.toGMTString === Date.prototype.toUTCString, true, "toGMTString is toUTCString");
    eq(new Date(0).toGMTString(), "Thu, 01 Jan 1970 00:00:00 GMT", "toGMTString");

    const { promise, resolve, reject } = Promise.withResolvers();
    eq([promise instanceof Promise, typeof resolve, typeof reject, Promise.withResolvers.length], [true, "function", "function", 0], "Promise.withResolvers");
    resolve(42);
    eq(await promise, 42, "withResolvers resolves");
    eq(desc(Promise, "withResolvers"), ["function", true, false, true], "a built-in's property shape");

    const inventory = [{ name: "asparagus", type: "vegetables", q: 5 }, { name: "bananas", type: "fruit", q: 0 }, { name: "cherries", type: "fruit", q: 5 }];
    const byType = Object.groupBy(inventory, ({ type }) => type);
    eq([Object.getPrototypeOf(byType), Object.keys(byType), byType.fruit.map((x) => x.name)], [null, ["vegetables", "fruit"], ["bananas", "cherries"]], "Object.groupBy");
    eq(Object.keys(Object.groupBy([1, 2, 3], (x, i) => i)), ["0", "1", "2"], "Object.groupBy passes the index");
    const byQ = Map.groupBy(inventory, ({ q }) => (q > 0 ? "ok" : "restock"));
    eq([byQ instanceof Map, [...byQ.keys()], byQ.get("restock")[0].name], [true, ["ok", "restock"], "bananas"], "Map.groupBy");
    eq(Map.groupBy([1], () => -0).has(0), true, "Map.groupBy keys -0 as 0");
    eq([Object.groupBy.length, Map.groupBy.length], [2, 2], "groupBy lengths");

    async function* gen() { yield 1; yield Promise.resolve(2); yield 3; }
    eq(await Array.fromAsync(gen()), [1, 2, 3], "Array.fromAsync of an async generator");
    eq(await Array.fromAsync([Promise.resolve(1), 2]), [1, 2], "Array.fromAsync of promises");
    eq(await Array.fromAsync({ length: 2, 0: "a", 1: Promise.resolve("b") }), ["a", "b"], "Array.fromAsync of an array-like");
    eq(await Array.fromAsync([1, 2], (x) => x * 10), [10, 20], "Array.fromAsync with a map");
    let fromAsyncErr = null;
    try { await Array.fromAsync(null); } catch (e) { fromAsyncErr = e; }
    eq(fromAsyncErr instanceof TypeError, true, "Array.fromAsync(null) rejects with a TypeError");

    eq(["ab".isWellFormed(), "a\ud800".isWellFormed(), "😀".isWellFormed(), "\udc00".isWellFormed()], [true, false, true, false], "isWellFormed");
    eq(["a\ud800b".toWellFormed(), "😀".toWellFormed()], ["a\ufffdb", "😀"], "toWellFormed");

    const target = {};
    Error.captureStackTrace(target);
    eq([typeof target.stack, target.stack.split("\n")[0]], ["string", "Error"], "Error.captureStackTrace");
    eq(Object.keys(target), [], "captureStackTrace's stack is not enumerable");
    class MyError extends Error {
      constructor(m) { super(m); this.name = "MyError"; Error.captureStackTrace(this, MyError); }
    }
    eq(new MyError("boom").stack.split("\n")[0], "MyError: boom", "captureStackTrace in an Error subclass");
    eq(typeof Error.stackTraceLimit, "number", "Error.stackTraceLimit");

    const obj = { v: 1 };
    const ref = new WeakRef(obj);
    eq([ref.deref() === obj, Object.prototype.toString.call(ref)], [true, "[object WeakRef]"], "WeakRef");
    let weakErr = null;
    try { new WeakRef(1); } catch (e) { weakErr = e; }
    eq(weakErr instanceof TypeError, true, "WeakRef of a primitive");
    const registry = new FinalizationRegistry(() => {});
    const token = {};
    eq([registry.register(obj, "held", token), registry.unregister(token), registry.unregister(token)], [undefined, true, false], "FinalizationRegistry");

    eq([(1234.5).toLocaleString(), (1234.5).toLocaleString("en-US"), (1234567.891).toLocaleString(), (0.1234).toLocaleString(), (-5).toLocaleString(), (1e6).toLocaleString()],
      ["1,234.5", "1,234.5", "1,234,567.891", "0.123", "-5", "1,000,000"], "Number.prototype.toLocaleString");
    const d = new Date(Date.UTC(2024, 0, 5, 13, 4, 5));
    eq([d.toLocaleString(), d.toLocaleDateString(), d.toLocaleTimeString(), new Date(Date.UTC(2024, 0, 5, 0, 4, 5)).toLocaleTimeString()],
      ["1/5/2024, 1:04:05 PM", "1/5/2024", "1:04:05 PM", "12:04:05 AM"], "Date's locale strings (en-US)");
    eq([String(d), d.toDateString(), d.toTimeString(), `${d}`], ["Fri Jan 05 2024 13:04:05 GMT+0000 (Coordinated Universal Time)", "Fri Jan 05 2024",
      "13:04:05 GMT+0000 (Coordinated Universal Time)", "Fri Jan 05 2024 13:04:05 GMT+0000 (Coordinated Universal Time)"], "Date strings are UTC, named as V8 names it");
    eq([String(new Date(NaN)), new Date(NaN).toLocaleString()], ["Invalid Date", "Invalid Date"], "an invalid Date");
    const agg = await Promise.any([Promise.reject(new Error("a")), Promise.reject(new Error("b"))]).catch((e) => e);
    eq([agg instanceof AggregateError, agg.message, agg.errors.map((e) => e.message)], [true, "All promises were rejected", ["a", "b"]], "Promise.any's AggregateError");
    eq(await Promise.any([Promise.reject(1), Promise.resolve(2)]), 2, "Promise.any resolves");
    eq([await Promise.try((a, b) => a + b, 1, 2), await Promise.try(() => { throw new Error("t"); }).catch((e) => e.message)], [3, "t"], "Promise.try");
    const acc = {};
    acc.__defineGetter__("g", () => 7);
    eq([acc.g, typeof acc.__lookupGetter__("g"), acc.__lookupSetter__("g")], [7, "function", undefined], "__defineGetter__ / __lookupGetter__");
    eq(["a".bold(), "a".link('x"y'), "a".fontsize(3)], ["<b>a</b>", '<a href="x&quot;y">a</a>', '<font size="3">a</font>'], "String HTML methods");
    const buf = new Uint8Array([1, 2, 3]).buffer;
    const moved = buf.transfer(2);
    eq([buf.byteLength, buf.detached, moved.byteLength, [...new Uint8Array(moved)]], [0, true, 2, [1, 2]], "ArrayBuffer.prototype.transfer");
    const m = /a(b)?(?<n>c)/d.exec("xabc");
    eq([m.indices, m.indices.groups, /x/d.hasIndices, /x/gd.flags, /x/.hasIndices], [[[1, 4], [2, 3], [3, 4]], { n: [3, 4] }, true, "dg", false], "RegExp d flag (hasIndices)");
    eq([/a(b)?/d.exec("a").indices[1], new RegExp("x", "d").hasIndices, "indices" in /a/.exec("a")], [undefined, true, false], "RegExp d flag: a capture that took no part, the constructor");
    const empty = Function();
    eq([typeof empty, empty.name, empty()], ["function", "anonymous", undefined], "Function() with no argument");
    // Strings stop at V8's length limit, 2**29 - 24 code units, before anything is
    // allocated (e2e/adversarial_test.go has +, templates and join, on 256 MB strings).
    const tooLong = (f) => { try { f(); return "no error"; } catch (e) { return `${e.name}: ${e.message}`; } };
    eq([tooLong(() => "x".repeat(2 ** 29 - 23)), tooLong(() => "x".padEnd(2 ** 29)), tooLong(() => "x".padStart(2 ** 40, "ab"))],
      ["RangeError: Invalid string length", "RangeError: Invalid string length", "RangeError: Invalid string length"], "V8's string length limit");
    const shrinking = [5, 4, 3, 2, 1, 0, 9, 8];
    shrinking.sort((x, y) => { shrinking.length = 0; return x - y; });
    eq(shrinking, [0, 1, 2, 3, 4, 5, 8, 9], "a comparator that empties the array sorts the copy (V8); goja panicked");
    return new Response("ok");
  },
};
