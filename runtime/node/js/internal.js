// What Node's modules share: its error classes with their codes and messages (Node's
// lib/internal/errors.js wording, which workerd copies) and the argument checks built on
// them.
(function (require, native, internal, inspect) {
  "use strict";

  // nodeError makes the class Node throws for code: an instance of Base whose `code` is
  // the code and whose toString() reads "TypeError [ERR_X]: message".
  function nodeError(Base, code, message) {
    return class extends Base {
      constructor(...args) {
        super(typeof message === "function" ? message(...args) : message);
        Object.defineProperty(this, "name", { value: Base.name, enumerable: false, writable: true, configurable: true });
        this.code = code;
      }
      toString() { return `${this.name} [${code}]: ${this.message}`; }
    };
  }

  // received describes a wrong value as Node's determineSpecificType does.
  function received(value) {
    if (value == null) return " Received " + value;
    if (typeof value === "function" && value.name) return ` Received function ${value.name}`;
    if (typeof value === "object") {
      if (value.constructor && value.constructor.name) return ` Received an instance of ${value.constructor.name}`;
      return ` Received ${inspect(value, { depth: -1 })}`;
    }
    let shown = inspect(value);
    if (shown.length > 28) shown = shown.slice(0, 25) + "...";
    return ` Received type ${typeof value} (${shown})`;
  }

  const classes = new Set(["Buffer", "SharedArrayBuffer", "ArrayBuffer", "Uint8Array", "TypedArray", "DataView", "Blob", "Object", "Array", "Error", "Function", "Promise", "AbortSignal", "EventEmitter", "Date", "RegExp", "Map", "Set", "KeyObject", "CryptoKey", "URL", "URLSearchParams"]);

  // invalidArgType is ERR_INVALID_ARG_TYPE's message: types are type names ("string"),
  // class names ("Buffer") or other words ("an Array-like Object" style text).
  function invalidArgType(name, expected, actual) {
    if (!Array.isArray(expected)) expected = [expected];
    let msg = "The ";
    if (name.endsWith(" argument")) msg += `${name} `;
    else msg += `"${name}" ${name.includes(".") ? "property" : "argument"} `;
    msg += "must be ";
    const types = [], instances = [], other = [];
    for (const e of expected) {
      if (["string", "function", "number", "object", "boolean", "bigint", "symbol"].includes(e.toLowerCase())) types.push(e.toLowerCase());
      else if (classes.has(e)) instances.push(e);
      else other.push(e);
    }
    if (instances.length > 0 && types.includes("object")) {
      types.splice(types.indexOf("object"), 1);
      instances.push("Object");
    }
    const list = (items, last) => items.length > 2 ? `${items.slice(0, -1).join(", ")}, ${last} ${items[items.length - 1]}` : items.length === 2 ? `${items[0]} ${last} ${items[1]}` : items[0];
    if (types.length > 0) {
      msg += types.length > 1 ? `one of type ${list(types, "or")}` : `of type ${types[0]}`;
      if (instances.length > 0 || other.length > 0) msg += " or ";
    }
    if (instances.length > 0) {
      msg += `an instance of ${list(instances, "or")}`;
      if (other.length > 0) msg += " or ";
    }
    if (other.length > 0) msg += other.length > 1 ? `one of ${list(other, "or")}` : (other[0].toLowerCase() !== other[0] ? "an " : "") + other[0];
    return msg + "." + received(actual);
  }

  const codes = {
    ERR_INVALID_ARG_TYPE: nodeError(TypeError, "ERR_INVALID_ARG_TYPE", invalidArgType),
    ERR_INVALID_ARG_VALUE: nodeError(TypeError, "ERR_INVALID_ARG_VALUE", (name, value, reason = "is invalid") => {
      let shown = inspect(value);
      if (shown.length > 128) shown = shown.slice(0, 128) + "...";
      return `The ${name.includes(".") ? "property" : "argument"} '${name}' ${reason}. Received ${shown}`;
    }),
    ERR_OUT_OF_RANGE: nodeError(RangeError, "ERR_OUT_OF_RANGE", (name, range, value) => {
      let shown = typeof value === "bigint" ? String(value) + "n" : inspect(value);
      if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) shown = addNumericalSeparator(String(value));
      return `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`;
    }),
    ERR_UNKNOWN_ENCODING: nodeError(TypeError, "ERR_UNKNOWN_ENCODING", (enc) => `Unknown encoding: ${enc}`),
    ERR_BUFFER_OUT_OF_BOUNDS: nodeError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS", (name) => name ? `"${name}" is outside of buffer bounds` : "Attempt to access memory outside buffer bounds"),
    ERR_INVALID_BUFFER_SIZE: nodeError(RangeError, "ERR_INVALID_BUFFER_SIZE", (s) => `Buffer size must be a multiple of ${s}`),
    ERR_MISSING_ARGS: nodeError(TypeError, "ERR_MISSING_ARGS", (...names) => `The ${names.map((n) => `"${n}"`).join(" and ")} argument${names.length > 1 ? "s" : ""} must be specified`),
    ERR_METHOD_NOT_IMPLEMENTED: nodeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", (m) => `The ${m} method is not implemented`),
    ERR_UNHANDLED_ERROR: nodeError(Error, "ERR_UNHANDLED_ERROR", (err) => `Unhandled error. (${inspect(err)})`),
    ERR_INVALID_THIS: nodeError(TypeError, "ERR_INVALID_THIS", (t) => `Value of "this" must be of type ${t}`),
    ERR_INVALID_RETURN_VALUE: nodeError(TypeError, "ERR_INVALID_RETURN_VALUE", (input, name, value) => `Expected ${input} to be returned from the "${name}" function but got ${value === null ? "null" : typeof value === "object" ? `an instance of ${value.constructor?.name ?? "Object"}` : `type ${typeof value}`}.`),
    ERR_FALSY_VALUE_REJECTION: nodeError(Error, "ERR_FALSY_VALUE_REJECTION", "Promise was rejected with falsy value"),
    ERR_STRING_TOO_LONG: nodeError(Error, "ERR_STRING_TOO_LONG", "Cannot create a string longer than 0x1fffffe8 characters"),
    ERR_NOT_IMPLEMENTED: nodeError(Error, "ERR_METHOD_NOT_IMPLEMENTED", (m) => `The ${m} method is not implemented`),
  };

  function addNumericalSeparator(val) {
    let res = "";
    let i = val.length;
    const start = val[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
    return `${val.slice(0, i)}${res}`;
  }

  const validateString = (v, name) => { if (typeof v !== "string") throw new codes.ERR_INVALID_ARG_TYPE(name, "string", v); };
  const validateFunction = (v, name) => { if (typeof v !== "function") throw new codes.ERR_INVALID_ARG_TYPE(name, "Function", v); };
  const validateBoolean = (v, name) => { if (typeof v !== "boolean") throw new codes.ERR_INVALID_ARG_TYPE(name, "boolean", v); };
  const validateObject = (v, name, { nullable = false } = {}) => {
    if ((!nullable && v === null) || Array.isArray(v) || typeof v !== "object") throw new codes.ERR_INVALID_ARG_TYPE(name, "Object", v);
  };
  function validateNumber(v, name, min, max) {
    if (typeof v !== "number") throw new codes.ERR_INVALID_ARG_TYPE(name, "number", v);
    if ((min != null && v < min) || (max != null && v > max) || ((min != null || max != null) && Number.isNaN(v))) {
      throw new codes.ERR_OUT_OF_RANGE(name, `${min != null ? `>= ${min}` : ""}${min != null && max != null ? " && " : ""}${max != null ? `<= ${max}` : ""}`, v);
    }
  }
  function validateInteger(v, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof v !== "number") throw new codes.ERR_INVALID_ARG_TYPE(name, "number", v);
    if (!Number.isInteger(v)) throw new codes.ERR_OUT_OF_RANGE(name, "an integer", v);
    if (v < min || v > max) throw new codes.ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, v);
  }
  const validateUint32 = (v, name, positive) => validateInteger(v, name, positive ? 1 : 0, 4294967295);
  const validateAbortSignal = (signal, name) => {
    if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) throw new codes.ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
  };

  // AbortError is what Node rejects with when a signal aborts an operation.
  class AbortError extends Error {
    constructor(message = "The operation was aborted", options = undefined) {
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }

  // notImplemented is the error a stubbed function throws, as wrangler's (unenv) stubs do.
  const notImplemented = (name) => function () { throw new Error(`[unenv] ${name} is not implemented yet!`); };

  const kCustomPromisify = Symbol.for("nodejs.util.promisify.custom");

  return {
    codes, nodeError, AbortError, notImplemented, kCustomPromisify, inspect,
    validateString, validateFunction, validateBoolean, validateObject, validateNumber,
    validateInteger, validateUint32, validateAbortSignal,
  };
})
