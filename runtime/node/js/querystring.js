// node:querystring: Node's escaping table and parsing rules (lib/querystring.js).
(function (require, native, internal) {
  "use strict";
  const { Buffer } = require("buffer");
  // Characters Node leaves unescaped: A-Z a-z 0-9 - . _ ~ ! ' ( ) *
  const unreserved = /[A-Za-z0-9\-._~!'()*]/;

  function qsEscape(str) {
    if (typeof str !== "string") {
      if (typeof str === "object") str = String(str);
      else str += "";
    }
    let out = "";
    for (const ch of str) {
      if (ch.length === 1 && unreserved.test(ch)) { out += ch; continue; }
      if (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff) {
        const e = new URIError("URI malformed");
        e.code = "ERR_INVALID_URI";
        throw e;
      }
      for (const b of Buffer.from(ch)) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
  }

  // unescapeBuffer decodes %XX sequences (and '+' when decodeSpaces), leaving malformed
  // ones as they are.
  function unescapeBuffer(s, decodeSpaces) {
    const out = [];
    const bytes = Buffer.from(String(s));
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 43 && decodeSpaces) { out.push(32); continue; }
      if (c === 37 && i + 2 < bytes.length + 0 && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(bytes[i + 1], bytes[i + 2]))) {
        out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
        i += 2;
        continue;
      }
      out.push(c);
    }
    return Buffer.from(out);
  }
  function qsUnescape(s, decodeSpaces) {
    try { return decodeURIComponent(s); } catch { return unescapeBuffer(s, decodeSpaces).toString(); }
  }

  function stringifyPrimitive(v) {
    if (typeof v === "string") return v;
    if (typeof v === "number" && isFinite(v)) return "" + v;
    if (typeof v === "bigint") return "" + v;
    if (typeof v === "boolean") return v ? "true" : "false";
    return "";
  }
  function encodeValue(v, encoder) {
    if (typeof v === "string") return v.length ? encoder(v) : "";
    if (typeof v === "number" && isFinite(v)) return Math.abs(v) < 1e21 ? "" + v : encoder("" + v);
    if (typeof v === "bigint") return "" + v;
    if (typeof v === "boolean") return v ? "true" : "false";
    return "";
  }

  function stringify(obj, sep, eq, options) {
    sep = sep || "&";
    eq = eq || "=";
    let encode = qsEscape;
    if (options && typeof options.encodeURIComponent === "function") encode = options.encodeURIComponent;
    if (obj !== null && typeof obj === "object") {
      const keys = Object.keys(obj);
      const fields = [];
      for (const k of keys) {
        const v = obj[k];
        const ks = encode(stringifyPrimitive(k)) + eq;
        if (Array.isArray(v)) {
          for (const item of v) fields.push(ks + encodeValue(item, encode));
        } else fields.push(ks + encodeValue(v, encode));
      }
      return fields.join(sep);
    }
    return "";
  }

  function parse(qs, sep, eq, options) {
    const obj = Object.create(null);
    if (typeof qs !== "string" || qs.length === 0) return obj;
    sep = sep ? String(sep) : "&";
    eq = eq ? String(eq) : "=";
    let maxKeys = 1000;
    if (options && typeof options.maxKeys === "number") maxKeys = options.maxKeys;
    let decode = qsUnescape;
    if (options && typeof options.decodeURIComponent === "function") decode = options.decodeURIComponent;
    let pairs = qs.split(sep);
    if (maxKeys > 0) pairs = pairs.slice(0, maxKeys);
    for (const pair of pairs) {
      if (pair.length === 0 && pairs.length > 1) continue;
      const idx = pair.indexOf(eq);
      let k, v;
      if (idx >= 0) { k = pair.slice(0, idx); v = pair.slice(idx + eq.length); }
      else { k = pair; v = ""; }
      const plus = (s) => s.replace(/\+/g, " ");
      k = decodeStr(plus(k), decode);
      v = decodeStr(plus(v), decode);
      if (!(k in obj)) obj[k] = v;
      else if (Array.isArray(obj[k])) obj[k].push(v);
      else obj[k] = [obj[k], v];
    }
    return obj;
  }
  function decodeStr(s, decoder) {
    try { return decoder(s); } catch { return qsUnescape(s, true); }
  }

  return { unescapeBuffer, unescape: qsUnescape, escape: qsEscape, stringify, encode: stringify, parse, decode: parse };
})
