import { eq } from "./assert.js";

// JSON.stringify is goflare's own (runtime/webapi/json.go): ECMA-262's algorithm, as V8
// runs it. The expected strings are what node (V8) prints for the same calls.
function same(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, want ${String(expected)}`);
}

function throwsText(fn, text, what) {
  try { fn(); } catch (e) { same(`${e.name}: ${e.message}`, text, what); return; }
  throw new Error(`${what}: did not throw`);
}

export default {
  async fetch() {
    const S = JSON.stringify;
    same(S({ a: 1, b: [1, "x", null, true, false], c: { d: {} }, e: [] }), '{"a":1,"b":[1,"x",null,true,false],"c":{"d":{}},"e":[]}', "plain data");
    same(S(undefined), undefined, "undefined has no JSON");
    same(S(() => 1), undefined, "a function has no JSON");
    same(S(Symbol("s")), undefined, "a symbol has no JSON");
    same(S({ u: undefined, f() {}, s: Symbol("x"), k: 1 }), '{"k":1}', "members without JSON are left out");
    same(S([undefined, () => 1, Symbol("x")]), "[null,null,null]", "array elements without JSON are null");
    same(S([NaN, Infinity, -Infinity, -0, 1e21, 0.1]), "[null,null,null,0,1e+21,0.1]", "numbers");
    same(S("\u2028\u2029\ud800\udc00\ud800 \udc00\"\\\b\f\n\r\t\u0001\u001f"), '"\u2028\u2029\ud800\udc00\\ud800 \\udc00\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f"', "string escapes, lone surrogates");
    same(S([new Number(3), new String("s"), new Boolean(false), Object(true)]), '[3,"s",false,true]', "wrapper objects");
    same(S({ toJSON(key) { return "key=" + key; } }), '"key="', "toJSON gets the key");
    same(S({ a: { toJSON(key) { return key + "!"; } } }), '{"a":"a!"}', "toJSON of a member");
    same(S(new Date(0)), '"1970-01-01T00:00:00.000Z"', "Date.prototype.toJSON");
    same(S({ a: 1, b: 2 }, (k, v) => (k === "a" ? undefined : v)), '{"b":2}', "replacer function");
    same(S({ a: 1, b: { a: 2, c: 3 }, c: 4 }, ["a", "b", "a", 7]), '{"a":1,"b":{"a":2}}', "replacer property list");
    same(S([1, [2, { a: 3 }], {}], null, 2), '[\n  1,\n  [\n    2,\n    {\n      "a": 3\n    }\n  ],\n  {}\n]', "numeric space");
    same(S({ a: [] }, null, "--"), '{\n--"a": []\n}', "string space");
    same(S({ a: 1 }, null, 20), '{\n          "a": 1\n}', "space capped at 10");
    same(S({ a: 1 }, null, new String("\t")), '{\n\t"a": 1\n}', "String wrapper space");
    same(S(Object.assign(Object.create({ inherited: 1 }), { own: 2 })), '{"own":2}', "own enumerable keys only");
    same(S({ 2: "b", 1: "a", z: 1, y: 2 }), '{"1":"a","2":"b","z":1,"y":2}', "key order");
    same(S(new Proxy([1, 2], {})), "[1,2]", "a Proxy of an array is an array");
    same(S(new Map([[1, 2]])), "{}", "a Map has no enumerable own properties");
    throwsText(() => S(10n), "TypeError: Do not know how to serialize a BigInt", "BigInt");
    throwsText(() => S({ a: [1n] }), "TypeError: Do not know how to serialize a BigInt", "nested BigInt");
    BigInt.prototype.toJSON = function () { return this.toString(); };
    same(S({ n: 12n }), '{"n":"12"}', "BigInt.prototype.toJSON");
    delete BigInt.prototype.toJSON;
    const cyclic = { a: {} };
    cyclic.a.b = cyclic;
    try { S(cyclic); throw new Error("a cycle did not throw"); } catch (e) {
      same(e instanceof TypeError && e.message.startsWith("Converting circular structure to JSON"), true, "a cycle: " + e.message);
    }
    const shared = {};
    same(S([shared, shared]), "[{},{}]", "a shared object is not a cycle");
    throwsText(() => S({ get x() { throw new RangeError("getter"); } }), "RangeError: getter", "a throwing getter propagates");
    let deep = {};
    const root = deep;
    for (let i = 0; i < 100000; i++) deep = deep.a = {};
    same(S(root).length, 100000 * 6 + 2, "100,000 levels");
    // V8's JSON.parse messages (code shows err.message: hono's body parsing), as workerd
    // (wrangler 4.86.0) gave them for each input.
    for (const [input, want] of [
      ["", "SyntaxError: Unexpected end of JSON input"],
      [" ", "SyntaxError: Unexpected end of JSON input"],
      ["plain text", "SyntaxError: Unexpected token 'p', \"plain text\" is not valid JSON"],
      ["{not json", "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)"],
      ["{", "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)"],
      ["[", "SyntaxError: Unexpected end of JSON input"],
      ["[1,", "SyntaxError: Unexpected end of JSON input"],
      ["[1,]", "SyntaxError: Unexpected token ']', \"[1,]\" is not valid JSON"],
      ["[1 2]", "SyntaxError: Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)"],
      ["{\"a\"", "SyntaxError: Expected ':' after property name in JSON at position 4 (line 1 column 5)"],
      ["{\"a\":", "SyntaxError: Unexpected end of JSON input"],
      ["{\"a\":1", "SyntaxError: Expected ',' or '}' after property value in JSON at position 6 (line 1 column 7)"],
      ["{\"a\":1,", "SyntaxError: Expected double-quoted property name in JSON at position 7 (line 1 column 8)"],
      ["{\"a\":1,}", "SyntaxError: Expected double-quoted property name in JSON at position 7 (line 1 column 8)"],
      ["{\"a\" 1}", "SyntaxError: Expected ':' after property name in JSON at position 5 (line 1 column 6)"],
      ["{\"a\":1 \"b\":2}", "SyntaxError: Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)"],
      ["{'a':1}", "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)"],
      ["{a:1}", "SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)"],
      ["\"abc", "SyntaxError: Unterminated string in JSON at position 4 (line 1 column 5)"],
      ["\"a\u0001b\"", "SyntaxError: Bad control character in string literal in JSON at position 2 (line 1 column 3)"],
      ["\"\\x\"", "SyntaxError: Bad escaped character in JSON at position 2 (line 1 column 3)"],
      ["\"\\u12\"", "SyntaxError: Bad Unicode escape in JSON at position 5 (line 1 column 6)"],
      ["\"\\u12G4\"", "SyntaxError: Bad Unicode escape in JSON at position 5 (line 1 column 6)"],
      ["-", "SyntaxError: No number after minus sign in JSON at position 1 (line 1 column 2)"],
      ["-a", "SyntaxError: No number after minus sign in JSON at position 1 (line 1 column 2)"],
      ["01", "SyntaxError: Unexpected number in JSON at position 1 (line 1 column 2)"],
      ["1.", "SyntaxError: Unterminated fractional number in JSON at position 2 (line 1 column 3)"],
      ["1.e5", "SyntaxError: Unterminated fractional number in JSON at position 2 (line 1 column 3)"],
      ["1e", "SyntaxError: Exponent part is missing a number in JSON at position 2 (line 1 column 3)"],
      ["1e+", "SyntaxError: Exponent part is missing a number in JSON at position 3 (line 1 column 4)"],
      ["tru", "SyntaxError: Unexpected end of JSON input"],
      ["trux", "SyntaxError: Unexpected token 'x', \"trux\" is not valid JSON"],
      ["nul", "SyntaxError: Unexpected end of JSON input"],
      ["nullx", "SyntaxError: Unexpected non-whitespace character after JSON at position 4 (line 1 column 5)"],
      ["1 2", "SyntaxError: Unexpected non-whitespace character after JSON at position 2 (line 1 column 3)"],
      ["[1] x", "SyntaxError: Unexpected non-whitespace character after JSON at position 4 (line 1 column 5)"],
      ["undefined", "SyntaxError: \"undefined\" is not valid JSON"],
      ["NaN", "SyntaxError: \"NaN\" is not valid JSON"],
      ["Infinity", "SyntaxError: \"Infinity\" is not valid JSON"],
      ["[object Object]", "SyntaxError: \"[object Object]\" is not valid JSON"],
      ["{\"a\":1}}", "SyntaxError: Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)"],
      ["<html><body>Hello</body></html>", "SyntaxError: Unexpected token '<', \"<html><bod\"... is not valid JSON"],
      ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "SyntaxError: Unexpected token 'a', \"aaaaaaaaaa\"... is not valid JSON"],
      ["{\"aaaaaaaaaaaaaaaaaaaa\":1, x}", "SyntaxError: Expected double-quoted property name in JSON at position 27 (line 1 column 28)"],
      ["{\"a\":\n1,\n  x}", "SyntaxError: Expected double-quoted property name in JSON at position 11 (line 3 column 3)"],
      ["é", "SyntaxError: Unexpected token 'é', \"é\" is not valid JSON"],
      ["[\"é\", x]", "SyntaxError: Unexpected token 'x', \"[\"é\", x]\" is not valid JSON"],
      ["\"😀\" x", "SyntaxError: Unexpected non-whitespace character after JSON at position 5 (line 1 column 6)"],
      ["1}", "SyntaxError: Unexpected non-whitespace character after JSON at position 1 (line 1 column 2)"],
      ["{\"a\":01}", "SyntaxError: Unexpected number in JSON at position 6 (line 1 column 7)"],
      ["{\"a\":-}", "SyntaxError: No number after minus sign in JSON at position 6 (line 1 column 7)"],
      ["[tru]", "SyntaxError: Unexpected token ']', \"[tru]\" is not valid JSON"],
      ["[\"a\"\"b\"]", "SyntaxError: Expected ',' or ']' after array element in JSON at position 4 (line 1 column 5)"],
      ["{\"a\":1,\"b\"}", "SyntaxError: Expected ':' after property name in JSON at position 10 (line 1 column 11)"],
      ["\t\n\r x", "SyntaxError: Unexpected token 'x', \"\t\n\r x\" is not valid JSON"],
    ]) {
      let got = null;
      try { JSON.parse(input); } catch (e) { got = e.name + ": " + e.message; }
      eq(got, want, "JSON.parse(" + JSON.stringify(input) + ")");
    }
    let bodyErr = null;
    try { await new Request("https://a.test/", { method: "POST", body: "{not json" }).json(); } catch (e) { bodyErr = e; }
    eq([bodyErr instanceof SyntaxError, bodyErr && bodyErr.message], [true, "Expected property name or '}' in JSON at position 1 (line 1 column 2)"], "request.json() of a bad body");
    let calls = 0;
    eq(JSON.parse({ toString() { calls++; return "[1]"; } }), [1], "an object argument is converted");
    eq(calls, 1, "converted once");
    eq(JSON.parse('{"a":[1,{"b":2}]}', (k, v) => (typeof v === "number" ? v * 10 : v)), { a: [10, { b: 20 }] }, "a reviver still works");
    return new Response("ok");
  },
};
