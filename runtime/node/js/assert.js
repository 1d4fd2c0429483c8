// node:assert as workerd has it: every comparison is the strict one (assert.equal is
// strictEqual), with workerd's messages and AssertionError's fields.
(function (require, native, internal, inspect) {
  "use strict";
  const { codes, validateFunction } = internal;
  const { isDeepStrictEqual } = require("_comparisons");

  class AssertionError extends Error {
    constructor(options) {
      if (options === null || typeof options !== "object") throw new codes.ERR_INVALID_ARG_TYPE("options", "Object", options);
      const { message, actual, expected, operator } = options;
      super(message != null ? String(message) : generated(actual, expected, operator));
      Object.defineProperty(this, "name", { value: "AssertionError", enumerable: false, writable: true, configurable: true });
      this.generatedMessage = message == null;
      this.code = "ERR_ASSERTION";
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    toString() { return `${this.name} [${this.code}]: ${this.message}`; }
  }

  // generated is the message an AssertionError made without one says.
  function generated(actual, expected, operator) {
    if (operator === "deepStrictEqual" || operator === "deepEqual") {
      const a = inspect(actual), e = inspect(expected);
      let text = "Expected values to be strictly deep-equal:\n+ actual - expected\n\n";
      if (!a.includes("\n") && !e.includes("\n")) {
        let i = 0;
        while (i < a.length && a[i] === e[i]) i++;
        return text + `+ ${a}\n- ${e}\n${" ".repeat(i + 2)}^`;
      }
      return text + a.split("\n").map((l) => "+ " + l).join("\n") + "\n" + e.split("\n").map((l) => "- " + l).join("\n");
    }
    if (operator === "fail") return "Failed";
    if (operator === "==") return `${inspect(actual)} == true`;
    return `${inspect(actual)} ${operator} ${inspect(expected)}`;
  }

  function innerFail(obj) {
    if (obj.message instanceof Error) obj.message = String(obj.message);
    throw new AssertionError(obj);
  }

  function diff(actual, expected) {
    const lines = (v, sign) => (typeof actual === "string" && typeof expected === "string" ? v : inspect(v)).split("\n").map((l) => `${sign}   ${l}`).join("\n");
    const tail = typeof actual === "string" && typeof expected === "string" ? "\n\n" : "\n";
    return `Values are not strictly equal:\n\n\n[Diff] Actual / Expected\n\n\n${lines(actual, "-")}\n${lines(expected, "+")}${tail}`;
  }

  function makeAssert() {
    function ok(...args) {
      if (args.length === 0) innerFail({ message: "No value argument passed to `assert.ok()`", actual: undefined, expected: true, operator: "==" });
      if (!args[0]) innerFail({ message: args[1], actual: args[0], expected: true, operator: "==" });
    }
    const assert = function ok_(...args) { return ok(...args); };
    Object.defineProperty(assert, "name", { value: "ok" });
    const strictEqual = (actual, expected, message) => {
      if (!Object.is(actual, expected)) innerFail({ message: message ?? diff(actual, expected), actual, expected, operator: "strictEqual" });
    };
    const notStrictEqual = (actual, expected, message) => {
      if (Object.is(actual, expected)) innerFail({ message: message ?? "Expected actual to be strictly unequal to expected", actual, expected, operator: "notStrictEqual" });
    };
    const deepStrictEqual = (actual, expected, message) => {
      if (!isDeepStrictEqual(actual, expected)) innerFail({ message, actual, expected, operator: "deepStrictEqual" });
    };
    const notDeepStrictEqual = (actual, expected, message) => {
      if (isDeepStrictEqual(actual, expected)) innerFail({ message: message ?? "Expected actual to not be deeply strictly equal to expected", actual, expected, operator: "notDeepStrictEqual" });
    };

    // matches reports whether the thrown value meets expected (a class, a RegExp, a
    // validation function or an object of properties); a mismatch throws.
    function check(actual, expected, message, fn) {
      if (expected === undefined) return;
      if (expected instanceof RegExp) {
        if (expected.test(String(actual))) return;
        innerFail({ message: message ?? `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(String(actual))}\n`, actual, expected, operator: fn.name });
      }
      if (typeof expected === "function") {
        if (expected.prototype !== undefined && actual instanceof expected) return;
        if (Error.isPrototypeOf(expected) || expected === Error) throw actual;
        const res = expected.call({}, actual);
        if (res !== true) {
          innerFail({ message: message ?? `The ${expected.name ? `"${expected.name}" ` : ""}validation function is expected to return "true". Received ${inspect(res)}`, actual, expected, operator: fn.name });
        }
        return;
      }
      if (typeof expected === "object" && expected !== null) {
        for (const k of Object.keys(expected)) {
          const want = expected[k], got = actual == null ? undefined : actual[k];
          const same = want instanceof RegExp && typeof got === "string" ? want.test(got) : isDeepStrictEqual(got, want);
          if (!same) innerFail({ message: message ?? `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   ${k}: ${inspect(got)}\n-   ${k}: ${inspect(want)}\n  }`, actual, expected, operator: fn.name });
        }
      }
    }
    const missing = (what, expected, message) => `Missing expected ${what}${expected && expected.name ? ` (${expected.name})` : ""}${message ? `: ${message}` : "."}`;
    const unwanted = (message, err) => `Got unwanted exception${message ? `: ${message}` : "."}\nActual message: "${err && err.message}"`;

    function throws(fn, expected, message) {
      validateFunction(fn, "fn");
      if (typeof expected === "string") { message = expected; expected = undefined; }
      try { fn(); } catch (e) { check(e, expected, message, throws); return; }
      innerFail({ message: missing("exception", expected, message), actual: undefined, expected, operator: "throws" });
    }
    function doesNotThrow(fn, expected, message) {
      validateFunction(fn, "fn");
      if (typeof expected === "string") { message = expected; expected = undefined; }
      try { fn(); } catch (e) { innerFail({ message: unwanted(message, e), actual: e, expected, operator: "doesNotThrow" }); }
    }
    async function rejects(promiseFn, expected, message) {
      if (typeof expected === "string") { message = expected; expected = undefined; }
      try { await (typeof promiseFn === "function" ? promiseFn() : promiseFn); } catch (e) { check(e, expected, message, rejects); return; }
      innerFail({ message: missing("rejection", expected, message), actual: undefined, expected, operator: "rejects" });
    }
    async function doesNotReject(promiseFn, expected, message) {
      if (typeof expected === "string") { message = expected; expected = undefined; }
      try { await (typeof promiseFn === "function" ? promiseFn() : promiseFn); } catch (e) { innerFail({ message: unwanted(message, e), actual: e, expected, operator: "doesNotReject" }); }
    }
    function match(string, regexp, message) {
      if (!(regexp instanceof RegExp)) throw new codes.ERR_INVALID_ARG_TYPE("regexp", "RegExp", regexp);
      if (typeof string !== "string" || !regexp.test(string)) innerFail({ message: message ?? `actual: "${string}" expected to match: "${regexp}"`, actual: string, expected: regexp, operator: "match" });
    }
    function doesNotMatch(string, regexp, message) {
      if (!(regexp instanceof RegExp)) throw new codes.ERR_INVALID_ARG_TYPE("regexp", "RegExp", regexp);
      if (typeof string !== "string" || regexp.test(string)) innerFail({ message: message ?? `actual: "${string}" expected to not match: "${regexp}"`, actual: string, expected: regexp, operator: "doesNotMatch" });
    }
    function fail(message) {
      if (message instanceof Error) throw message;
      innerFail({ message, actual: undefined, expected: undefined, operator: "fail" });
    }
    function ifError(err) {
      if (err !== null && err !== undefined) {
        innerFail({ message: `ifError got unwanted exception: ${err instanceof Error ? err.message : inspect(err)}`, actual: err, expected: null, operator: "ifError" });
      }
    }
    function partialDeepStrictEqual(actual, expected, message) {
      const partial = (a, e) => {
        if (e === null || typeof e !== "object" || a === null || typeof a !== "object") return Object.is(a, e) || isDeepStrictEqual(a, e);
        return Object.keys(e).every((k) => partial(a[k], e[k]));
      };
      if (!partial(actual, expected)) innerFail({ message, actual, expected, operator: "partialDeepStrictEqual" });
    }
    Object.assign(assert, {
      ok, equal: strictEqual, notEqual: notStrictEqual, strictEqual, notStrictEqual, deepEqual: deepStrictEqual,
      notDeepEqual: notDeepStrictEqual, deepStrictEqual, notDeepStrictEqual, throws, doesNotThrow, rejects,
      doesNotReject, match, doesNotMatch, fail, ifError, partialDeepStrictEqual, AssertionError,
    });
    return assert;
  }

  const assert = makeAssert();
  const strict = makeAssert();
  assert.strict = strict;
  strict.strict = strict;
  // node:assert/strict is a module of its own (a different object from assert.strict,
  // as in workerd).
  const strictModule = makeAssert();
  strictModule.strict = strictModule;
  return { assert, strictModule };
})
