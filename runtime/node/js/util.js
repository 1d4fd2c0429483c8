// node:util: format and inspect are console's (the same rendering wrangler dev shows),
// the rest is Node's semantics and messages; types' brand checks that JavaScript cannot
// make (isProxy) come from Go.
(function (require, native, internal, inspect) {
  "use strict";
  const { codes, validateFunction, validateString, validateObject, validateAbortSignal, kCustomPromisify } = internal;
  const { ERR_INVALID_ARG_TYPE, ERR_FALSY_VALUE_REJECTION } = codes;
  const { isDeepStrictEqual } = require("_comparisons");
  const format = native.format;

  inspect.custom = Symbol.for("nodejs.util.inspect.custom");
  inspect.defaultOptions = { showHidden: false, depth: 2, colors: false, customInspect: true, showProxy: false, maxArrayLength: 100, maxStringLength: 10000, breakLength: 128, compact: 3, sorted: false, getters: false, numericSeparator: false };
  inspect.colors = Object.assign(Object.create(null), { reset: [0, 0], bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39], gray: [90, 39] });
  inspect.styles = Object.assign(Object.create(null), { special: "cyan", number: "yellow", bigint: "yellow", boolean: "yellow", undefined: "grey", null: "bold", string: "green", symbol: "green", date: "magenta", regexp: "red", module: "underline" });

  function formatWithOptions(inspectOptions, ...args) {
    validateObject(inspectOptions, "inspectOptions", { nullable: false });
    return format(...args);
  }

  function promisify(original) {
    validateFunction(original, "original");
    if (original[kCustomPromisify]) {
      const fn = original[kCustomPromisify];
      validateFunction(fn, "util.promisify.custom");
      return Object.defineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
    }
    function fn(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (err, ...values) => {
          if (err) return reject(err);
          resolve(values[0]);
        }]);
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
    return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = kCustomPromisify;

  function callbackify(original) {
    validateFunction(original, "original");
    function callbackified(...args) {
      const cb = args.pop();
      validateFunction(cb, "last argument");
      const onRejected = (reason) => {
        if (!reason) {
          const err = new ERR_FALSY_VALUE_REJECTION();
          err.reason = reason;
          reason = err;
        }
        cb(reason);
      };
      Reflect.apply(original, this, args).then((ret) => queueMicrotask(() => cb(null, ret)), (rej) => queueMicrotask(() => onRejected(rej)));
    }
    Object.setPrototypeOf(callbackified, Object.getPrototypeOf(original));
    Object.defineProperties(callbackified, Object.getOwnPropertyDescriptors(original));
    return callbackified;
  }

  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null) throw new ERR_INVALID_ARG_TYPE("ctor", "Function", ctor);
    if (superCtor === undefined || superCtor === null) throw new ERR_INVALID_ARG_TYPE("superCtor", "Function", superCtor);
    if (superCtor.prototype === undefined) throw new ERR_INVALID_ARG_TYPE("superCtor.prototype", "Object", superCtor.prototype);
    Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  function deprecate(fn, msg, code) {
    validateFunction(fn, "fn");
    let warned = false;
    function deprecated(...args) {
      if (!warned) {
        warned = true;
        console.warn(`(node) ${code ? `[${code}] ` : ""}DeprecationWarning: ${msg}`);
      }
      return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  const tagOf = (v) => Object.prototype.toString.call(v);
  const brand = (C, method) => (v) => { try { C.prototype[method].call(v); return true; } catch { return false; } };
  const typedArray = (name) => (v) => ArrayBuffer.isView(v) && tagOf(v) === `[object ${name}]`;
  const isBoxed = { Number: brand(Number, "valueOf"), String: brand(String, "valueOf"), Boolean: brand(Boolean, "valueOf"), BigInt: brand(BigInt, "valueOf"), Symbol: brand(Symbol, "valueOf") };
  const fnKind = (v) => typeof v === "function" && v.constructor ? v.constructor.name : "";
  const types = {
    isExternal: () => false,
    isDate: (v) => v instanceof Date, isArgumentsObject: (v) => tagOf(v) === "[object Arguments]",
    isBigIntObject: (v) => typeof v === "object" && isBoxed.BigInt(v), isBooleanObject: (v) => typeof v === "object" && isBoxed.Boolean(v),
    isNumberObject: (v) => typeof v === "object" && isBoxed.Number(v), isStringObject: (v) => typeof v === "object" && isBoxed.String(v),
    isSymbolObject: (v) => typeof v === "object" && isBoxed.Symbol(v),
    isBoxedPrimitive: (v) => typeof v === "object" && v !== null && Object.values(isBoxed).some((f) => f(v)),
    isNativeError: (v) => v instanceof Error || tagOf(v) === "[object Error]",
    isRegExp: (v) => v instanceof RegExp, isAsyncFunction: (v) => fnKind(v) === "AsyncFunction" || fnKind(v) === "AsyncGeneratorFunction",
    isGeneratorFunction: (v) => fnKind(v) === "GeneratorFunction" || fnKind(v) === "AsyncGeneratorFunction",
    isGeneratorObject: (v) => tagOf(v) === "[object Generator]", isPromise: (v) => v instanceof Promise,
    isMap: (v) => v instanceof Map, isSet: (v) => v instanceof Set, isMapIterator: (v) => tagOf(v) === "[object Map Iterator]",
    isSetIterator: (v) => tagOf(v) === "[object Set Iterator]", isWeakMap: (v) => v instanceof WeakMap, isWeakSet: (v) => v instanceof WeakSet,
    isArrayBuffer: (v) => v instanceof ArrayBuffer, isDataView: (v) => v instanceof DataView,
    isSharedArrayBuffer: (v) => typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer,
    isProxy: (v) => native.isProxy(v), isModuleNamespaceObject: (v) => tagOf(v) === "[object Module]",
    isAnyArrayBuffer: (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer),
    isCryptoKey: (v) => typeof CryptoKey !== "undefined" && v instanceof CryptoKey,
    isKeyObject: (v) => { try { return v instanceof require("crypto").KeyObject; } catch { return false; } },
    isArrayBufferView: (v) => ArrayBuffer.isView(v), isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
  };
  for (const name of ["Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "Int8Array", "Int16Array", "Int32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) {
    types["is" + name] = typedArray(name);
  }

  function stripVTControlCharacters(str) {
    validateString(str, "str");
    return str.replace(/[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d\/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d\/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g, "");
  }
  function toUSVString(s) { return String(s).toWellFormed ? String(s).toWellFormed() : String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"); }

  function aborted(signal, resource) {
    if (signal === undefined) throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
    validateAbortSignal(signal, "signal");
    if (resource === null || (typeof resource !== "object" && typeof resource !== "function")) throw new ERR_INVALID_ARG_TYPE("resource", "Object", resource);
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }

  // MIMEType and MIMEParams follow the WHATWG MIME Sniffing parser.
  const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  class MIMEParams {
    #map = new Map();
    get(name) { const v = this.#map.get(String(name)); return v === undefined ? null : v; }
    has(name) { return this.#map.has(String(name)); }
    set(name, value) { this.#map.set(String(name), String(value)); }
    delete(name) { this.#map.delete(String(name)); }
    keys() { return this.#map.keys(); }
    values() { return this.#map.values(); }
    entries() { return this.#map.entries(); }
    [Symbol.iterator]() { return this.#map.entries(); }
    toString() {
      return [...this.#map].map(([k, v]) => `${k}=${v === "" || !token.test(v) ? `"${v.replace(/(["\\])/g, "\\$1")}"` : v}`).join(";");
    }
    toJSON() { return this.toString(); }
  }
  class MIMEType {
    #type; #subtype; #params = new MIMEParams();
    constructor(input) {
      const s = String(input).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
      const slash = s.indexOf("/");
      const semi = s.indexOf(";");
      const type = s.slice(0, slash);
      const subtype = s.slice(slash + 1, semi < 0 ? s.length : semi).replace(/[\t\n\r ]+$/, "");
      if (slash < 0 || !token.test(type)) throw new codes.ERR_INVALID_ARG_VALUE("type", type, "must be a valid MIME type"); 
      if (!token.test(subtype)) throw new codes.ERR_INVALID_ARG_VALUE("subtype", subtype, "must be a valid MIME type");
      this.#type = type.toLowerCase();
      this.#subtype = subtype.toLowerCase();
      if (semi >= 0) {
        for (const part of s.slice(semi + 1).split(";")) {
          const eq = part.indexOf("=");
          if (eq < 0) continue;
          const name = part.slice(0, eq).replace(/^[\t\n\r ]+/, "").toLowerCase();
          let value = part.slice(eq + 1);
          if (value.startsWith('"')) value = value.slice(1).replace(/"[^]*$/, "").replace(/\\(.)/g, "$1");
          else value = value.replace(/[\t\n\r ]+$/, "");
          if (name && token.test(name) && value !== "" && !this.#params.has(name)) this.#params.set(name, value);
        }
      }
    }
    get type() { return this.#type; }
    set type(v) { this.#type = String(v).toLowerCase(); }
    get subtype() { return this.#subtype; }
    set subtype(v) { this.#subtype = String(v).toLowerCase(); }
    get essence() { return `${this.#type}/${this.#subtype}`; }
    get params() { return this.#params; }
    toString() { const p = this.#params.toString(); return this.essence + (p ? ";" + p : ""); }
    toJSON() { return this.toString(); }
  }

  const unsupported = (name) => () => { throw new Error(`node:util ${name} is not implemented`); };
  const debuglog = (section, cb) => { const f = () => {}; f.enabled = false; if (typeof cb === "function") cb(f); return f; };

  const util = {
    format, formatWithOptions, inspect, promisify, callbackify, inherits, deprecate, types, isDeepStrictEqual,
    TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder, MIMEType, MIMEParams,
    stripVTControlCharacters, toUSVString, aborted, debuglog, debug: debuglog,
    styleText(format, text) { validateString(text, "text"); return text; },
    isArray: Array.isArray, isBoolean: (v) => typeof v === "boolean", isBuffer: (v) => require("buffer").Buffer.isBuffer(v),
    isDate: types.isDate, isError: types.isNativeError, isFunction: (v) => typeof v === "function", isNull: (v) => v === null,
    isNullOrUndefined: (v) => v == null, isNumber: (v) => typeof v === "number", isObject: (v) => v !== null && typeof v === "object",
    isPrimitive: (v) => v === null || (typeof v !== "object" && typeof v !== "function"), isRegExp: types.isRegExp,
    isString: (v) => typeof v === "string", isSymbol: (v) => typeof v === "symbol", isUndefined: (v) => v === undefined,
    log(...args) { const d = new Date(); const pad = (n) => String(n).padStart(2, "0"); console.log("%s - %s", `${d.getDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()]} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`, format(...args)); },
    _extend(target, source) { if (source === null || typeof source !== "object") return target; for (const k of Object.keys(source)) target[k] = source[k]; return target; },
    transferableAbortController() { return new AbortController(); },
    transferableAbortSignal(signal) { return signal; },
    parseArgs: unsupported("parseArgs"), parseEnv: unsupported("parseEnv"), getSystemErrorName: unsupported("getSystemErrorName"),
    getSystemErrorMap: unsupported("getSystemErrorMap"), getSystemErrorMessage: unsupported("getSystemErrorMessage"),
    getCallSite: unsupported("getCallSite"), getCallSites: unsupported("getCallSites"),
  };
  return util;
})
