// Node's deep equality (lib/internal/util/comparisons.js), shared by node:util's
// isDeepStrictEqual and node:assert: strict compares prototypes, type tags and
// Object.is; loose compares primitives with ==.
(function (require, native, internal) {
  "use strict";
  const tag = (v) => Object.prototype.toString.call(v);
  const enumerableKeys = (v) => Reflect.ownKeys(v).filter((k) => Object.prototype.propertyIsEnumerable.call(v, k));
  const isView = (v) => ArrayBuffer.isView(v);
  const primitive = (v) => v === null || (typeof v !== "object" && typeof v !== "function");

  function boxedValue(v) {
    for (const C of [Number, String, Boolean, BigInt, Symbol]) {
      try { return [C.name, C.prototype.valueOf.call(v)]; } catch {}
    }
    return undefined;
  }

  function innerDeepEqual(a, b, strict, memos) {
    if (a === b) return a !== 0 || Object.is(a, b) || !strict;
    if (strict) {
      if (typeof a !== "object") return typeof a === "number" && Number.isNaN(a) && Number.isNaN(b);
      if (typeof b !== "object" || a === null || b === null) return false;
      if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    } else {
      if (a === null || typeof a !== "object") {
        if (b === null || typeof b !== "object") return a == b || (Number.isNaN(a) && Number.isNaN(b));
        return false;
      }
      if (b === null || typeof b !== "object") return false;
    }
    if (tag(a) !== tag(b)) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      const ka = enumerableKeys(a).filter((k) => typeof k !== "string" || !/^\d+$/.test(k) || !strict);
      const kb = enumerableKeys(b).filter((k) => typeof k !== "string" || !/^\d+$/.test(k) || !strict);
      if (strict && ka.length !== kb.length) return false;
      return keyCheck(a, b, strict, memos, "array", strict ? ka : undefined);
    }
    if (tag(a) === "[object Object]" && !isView(a)) {
      if (boxedValue(a) || boxedValue(b)) return false;
      return keyCheck(a, b, strict, memos, "object");
    }
    if (a instanceof Date) {
      if (!(b instanceof Date) || a.getTime() !== b.getTime()) return false;
    } else if (a instanceof RegExp) {
      if (!(b instanceof RegExp) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
    } else if (a instanceof Error) {
      if (!(b instanceof Error) || a.message !== b.message || a.name !== b.name) return false;
      if ("cause" in a !== "cause" in b || ("cause" in a && !innerDeepEqual(a.cause, b.cause, strict, memos))) return false;
    } else if (isView(a)) {
      if (!isView(b) || a.constructor !== b.constructor && strict) return false;
      const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      if (!strict && !(a instanceof Float32Array || a instanceof Float64Array)) {
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
      } else {
        if (ua.length !== ub.length) return false;
        for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
      }
      const ka = enumerableKeys(a).filter((k) => typeof k !== "string" || !/^\d+$/.test(k));
      const kb = enumerableKeys(b).filter((k) => typeof k !== "string" || !/^\d+$/.test(k));
      if (ka.length !== kb.length) return false;
      return keyCheck(a, b, strict, memos, "view", ka);
    } else if (a instanceof ArrayBuffer) {
      if (!(b instanceof ArrayBuffer) || a.byteLength !== b.byteLength) return false;
      const ua = new Uint8Array(a), ub = new Uint8Array(b);
      for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
    } else if (a instanceof Set) {
      if (!(b instanceof Set) || a.size !== b.size) return false;
      return keyCheck(a, b, strict, memos, "set");
    } else if (a instanceof Map) {
      if (!(b instanceof Map) || a.size !== b.size) return false;
      return keyCheck(a, b, strict, memos, "map");
    } else {
      const ba = boxedValue(a), bb = boxedValue(b);
      if (ba || bb) {
        if (!ba || !bb || ba[0] !== bb[0] || !Object.is(ba[1], bb[1])) return false;
      } else if (typeof a === "function" || a instanceof WeakMap || a instanceof WeakSet || a instanceof Promise) {
        return false;
      }
    }
    return keyCheck(a, b, strict, memos, "object");
  }

  function keyCheck(a, b, strict, memos, kind, onlyKeys) {
    const ka = onlyKeys || (strict ? enumerableKeys(a) : Object.keys(a));
    if (!onlyKeys) {
      const kb = strict ? enumerableKeys(b) : Object.keys(b);
      if (ka.length !== kb.length) return false;
      for (const k of ka) if (!Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    }
    if (kind === "object" && ka.length === 0 && !(a instanceof Set) && !(a instanceof Map)) return true;
    if (memos === undefined) memos = { a: new Map(), b: new Map(), position: 0 };
    else {
      const ma = memos.a.get(a);
      if (ma !== undefined) {
        const mb = memos.b.get(b);
        if (mb !== undefined) return ma === mb;
      }
      memos.position++;
    }
    memos.a.set(a, memos.position);
    memos.b.set(b, memos.position);
    const result = objEquiv(a, b, strict, ka, memos, kind);
    memos.a.delete(a);
    memos.b.delete(b);
    return result;
  }

  function setHasEqual(set, value, strict, memos) {
    for (const v of set) if (innerDeepEqual(value, v, strict, memos)) return true;
    return false;
  }

  function objEquiv(a, b, strict, keys, memos, kind) {
    if (kind === "array") {
      for (let i = 0; i < a.length; i++) {
        const ha = Object.prototype.hasOwnProperty.call(a, i), hb = Object.prototype.hasOwnProperty.call(b, i);
        if (ha !== hb && strict) return false;
        if (!innerDeepEqual(a[i], b[i], strict, memos)) return false;
      }
    } else if (kind === "set") {
      const rest = [];
      for (const v of a) {
        if (!b.has(v)) {
          if (primitive(v) && strict) return false;
          rest.push(v);
        }
      }
      const candidates = [...b].filter((v) => !a.has(v));
      for (const v of rest) {
        const i = candidates.findIndex((c) => innerDeepEqual(v, c, strict, memos));
        if (i < 0) return false;
        candidates.splice(i, 1);
      }
    } else if (kind === "map") {
      const rest = [];
      for (const [k, v] of a) {
        if (b.has(k)) {
          if (!innerDeepEqual(v, b.get(k), strict, memos)) return false;
        } else {
          if (primitive(k) && strict) return false;
          rest.push([k, v]);
        }
      }
      const candidates = [...b].filter(([k]) => !a.has(k));
      for (const [k, v] of rest) {
        const i = candidates.findIndex(([ck, cv]) => innerDeepEqual(k, ck, strict, memos) && innerDeepEqual(v, cv, strict, memos));
        if (i < 0) return false;
        candidates.splice(i, 1);
      }
    }
    for (const k of keys) {
      if (kind === "array" && typeof k === "string" && /^\d+$/.test(k)) continue;
      if (!innerDeepEqual(a[k], b[k], strict, memos)) return false;
    }
    return true;
  }

  return {
    isDeepEqual: (a, b) => innerDeepEqual(a, b, false),
    isDeepStrictEqual: (a, b) => innerDeepEqual(a, b, true),
  };
})
