import { eq } from "./assert.js";

// The texts of the errors the engine throws, as a worker's code reads them in
// err.message. Every expectation is what workerd (wrangler 4.86.0) gave for the same
// code; goflare's goja is patched for them (runtime/gojafork, "goflare:" comments).
let u, n = null, five = 5, o = {}, deep = { x: {} }, s = "str";
const cases = {
  // Module code is strict: no global is made by assigning an undeclared name.
  assignUndeclared: () => { undeclaredThing = 1; },
  readUndefined: () => u.x,
  readNull: () => n.x,
  readIndex: () => u[0],
  readComputed: () => { const k = "key"; return u[k]; },
  readLiteral: () => undefined.foo,
  readChain: () => o.a.b,
  readDeepChain: () => o.a.b.c,
  setUndefined: () => { u.x = 1; },
  setNull: () => { n.x = 1; },
  setIndex: () => { u[3] = 1; },
  callMember: () => o.f(),
  callDeepMember: () => deep.x.y(),
  callNumber: () => five(),
  callString: () => s(),
  callComputed: () => o["g"](),
  callResult: () => o.toString()(),
  callUndefinedVar: () => u(),
  callNullMember: () => n.f(),
  callNew: () => new o.f(),
  callNewNumber: () => new five(),
  callArrow: () => { const arrow = () => 1; return new arrow(); },
  callThis: function () { return this.nothing(); },
  callMethodOnString: () => s.nothing(),
  callArrayMethod: () => [1, 2].mapp((x) => x),
  classWithoutNew: () => { class Widget {} return Widget(); },
  destructureUndefined: () => { const { x } = u; return x; },
  destructureNull: () => { const { x } = n; return x; },
  notIterable: () => { for (const x of o) return x; },
  spreadNotIterable: () => [...five],
  reduceEmpty: () => [].reduce((a, b) => a + b),
  symbolToString: () => "" + Symbol("s"),
  inOperator: () => "x" in five,
  instanceofNonCallable: () => o instanceof o,
  bigintMix: () => 1n + 1,
  bigintFloat: () => BigInt(1.5),
  stringifyBigint: () => JSON.stringify(1n),
  cyclic: () => { const a = {}; a.a = a; return JSON.stringify(a); },
  invalidArrayLength: () => new Array(-1),
  frozenSet: () => { "use strict"; Object.freeze(o); const f = Object.freeze({}); f.x = 1; },
  definePropertyNonObject: () => Object.defineProperty(1, "x", {}),
  notDefined: () => notDefinedAnywhere + 1,
  tdz: () => { later; let later = 1; },
  repeatNegative: () => "a".repeat(-1),
  toFixedRange: () => (1).toFixed(200),
  newPromiseNoFn: () => new Promise(5),
  mapGetOnNonMap: () => Map.prototype.get.call({}, 1),
  protoNull: () => Object.setPrototypeOf(1),
  uriError: () => decodeURIComponent("%"),
  regexpSyntax: () => new RegExp("["),
  getterOnUndefinedThis: () => Object.getOwnPropertyDescriptor(Map.prototype, "size").get.call(undefined),
};

const want = {
  "assignUndeclared": "ReferenceError: undeclaredThing is not defined",
  "callThis": "TypeError: Cannot read properties of undefined (reading 'nothing')",
  "readUndefined": "TypeError: Cannot read properties of undefined (reading 'x')",
  "readNull": "TypeError: Cannot read properties of null (reading 'x')",
  "readIndex": "TypeError: Cannot read properties of undefined (reading '0')",
  "readComputed": "TypeError: Cannot read properties of undefined (reading 'key')",
  "readLiteral": "TypeError: Cannot read properties of undefined (reading 'foo')",
  "readChain": "TypeError: Cannot read properties of undefined (reading 'b')",
  "readDeepChain": "TypeError: Cannot read properties of undefined (reading 'b')",
  "setUndefined": "TypeError: Cannot set properties of undefined (setting 'x')",
  "setNull": "TypeError: Cannot set properties of null (setting 'x')",
  "setIndex": "TypeError: Cannot set properties of undefined (setting '3')",
  "callMember": "TypeError: o.f is not a function",
  "callDeepMember": "TypeError: deep.x.y is not a function",
  "callNumber": "TypeError: five is not a function",
  "callString": "TypeError: s is not a function",
  "callComputed": "TypeError: o.g is not a function",
  "callResult": "TypeError: o.toString(...) is not a function",
  "callUndefinedVar": "TypeError: u is not a function",
  "callNullMember": "TypeError: Cannot read properties of null (reading 'f')",
  "callNew": "TypeError: o.f is not a constructor",
  "callNewNumber": "TypeError: five is not a constructor",
  "callArrow": "TypeError: arrow is not a constructor",
  "callMethodOnString": "TypeError: s.nothing is not a function",
  "callArrayMethod": "TypeError: [1,2].mapp is not a function",
  "classWithoutNew": "TypeError: Class constructor Widget cannot be invoked without 'new'",
  "notIterable": "TypeError: o is not iterable",
  "spreadNotIterable": "TypeError: five is not iterable",
  "reduceEmpty": "TypeError: Reduce of empty array with no initial value",
  "symbolToString": "TypeError: Cannot convert a Symbol value to a string",
  "inOperator": "TypeError: Cannot use 'in' operator to search for 'x' in 5",
  "instanceofNonCallable": "TypeError: Right-hand side of 'instanceof' is not callable",
  "bigintMix": "TypeError: Cannot mix BigInt and other types, use explicit conversions",
  "bigintFloat": "RangeError: The number 1.5 cannot be converted to a BigInt because it is not an integer",
  "stringifyBigint": "TypeError: Do not know how to serialize a BigInt",
  "invalidArrayLength": "RangeError: Invalid array length",
  "frozenSet": "TypeError: Cannot add property x, object is not extensible",
  "definePropertyNonObject": "TypeError: Object.defineProperty called on non-object",
  "notDefined": "ReferenceError: notDefinedAnywhere is not defined",
  "repeatNegative": "RangeError: Invalid count value: -1",
  "toFixedRange": "RangeError: toFixed() digits argument must be between 0 and 100",
  "newPromiseNoFn": "TypeError: Promise resolver 5 is not a function",
  "protoNull": "TypeError: Object prototype may only be an Object or null: undefined",
  "uriError": "URIError: URI malformed"
};

// Where goflare still words it differently (each still differs; fix one, move it up).
const gaps = {
  "destructureUndefined": {
    "workerd": "TypeError: Cannot destructure property 'x' of 'u' as it is undefined.",
    "why": "goja's destructuring knows neither the property nor the source's text"
  },
  "destructureNull": {
    "workerd": "TypeError: Cannot destructure property 'x' of 'n' as it is null.",
    "why": "as above"
  },
  "cyclic": {
    "workerd": "TypeError: Converting circular structure to JSON\n    --> starting at object with constructor 'Object'\n    --- property 'a' closes the circle",
    "why": "V8 adds the path of the cycle"
  },
  "tdz": {
    "workerd": "ReferenceError: Cannot access 'later' before initialization",
    "why": "goja's message does not name the variable"
  },
  "mapGetOnNonMap": {
    "workerd": "TypeError: Method Map.prototype.get called on incompatible receiver #<Object>",
    "why": "V8 writes the receiver as #<Object>"
  },
  "regexpSyntax": {
    "workerd": "SyntaxError: Invalid regular expression: /[/: Unterminated character class",
    "why": "V8 quotes the pattern"
  },
  "getterOnUndefinedThis": {
    "workerd": "TypeError: Method get Map.prototype.size called on incompatible receiver undefined",
    "why": "goja checks the receiver before the getter's own check"
  }
};

function text(f) {
  try {
    f();
  } catch (e) {
    return e.constructor.name + ": " + e.message;
  }
  return "no error";
}

export default {
  async fetch() {
    for (const [k, w] of Object.entries(want)) eq(text(cases[k]), w, k);
    for (const [k, g] of Object.entries(gaps)) {
      if (text(cases[k]) === g.workerd) throw new Error(`${k} now matches workerd: move it to want`);
    }
    // The stack a worker's code reads, in V8's layout: frames named by receiver type.
    const api = { m() { return o.f(); } };
    let stack;
    try { api.m(); } catch (e) { stack = e.stack; }
    const lines = stack.split("\n");
    eq(lines[0], "TypeError: o.f is not a function", "stack: first line");
    eq(/^    at Object\.m \(src\/\w+\.[jt]s:\d+:\d+\)$/.test(lines[1]), true, "stack: method frame " + lines[1]);
    eq(/^    at Object\.fetch \(src\/\w+\.[jt]s:\d+:\d+\)$/.test(lines[2]), true, "stack: fetch frame " + lines[2]);
    class Widget { render() { throw new RangeError("r"); } }
    try { new Widget().render(); } catch (e) { stack = e.stack; }
    eq(/^    at Widget\.render \(/.test(stack.split("\n")[1]), true, "stack: class method " + stack);
    function Thing() { throw new Error("t"); }
    try { new Thing(); } catch (e) { stack = e.stack; }
    eq(/^    at new Thing \(/.test(stack.split("\n")[1]), true, "stack: constructor " + stack);
    return new Response("ok");
  },
};
