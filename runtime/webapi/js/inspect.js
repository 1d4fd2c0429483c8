// console's formatting: printf-style substitutions and a util.inspect-like rendering of
// values, so that `console.log({a: 1}, new Map())` reads as it does under wrangler dev
// (Node's inspection): { a: 1 } Map(0) {}. Evaluated once per isolate; the value of this
// script is a function of the engine's promise inspector (Go) that returns the format
// function.
((promiseState) => {
  "use strict";
  let MAX_DEPTH = 2; // util.inspect's depth option changes it for one call
  const BREAK_AT = 72;
  const identifier = /^[A-Za-z_$][\w$]*$/;

  function quote(s) {
    const q = s.includes("'") && !s.includes('"') ? '"' : "'";
    return q + s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(new RegExp(q, "g"), "\\" + q) + q;
  }

  function key(k) {
    if (typeof k === "symbol") return "[" + k.toString() + "]";
    return identifier.test(k) ? k : quote(k);
  }

  // goja writes frames as "\tat f (file:1:2(34))"; show V8's "    at f (file:1:2)".
  function cleanStack(stack) {
    return stack
      .replace(/^\tat (.*?)(:\d+:\d+)\(\d+\)(\)?)$/gm, "    at $1$2$3")
      .replace(/^\tat /gm, "    at ")
      .replace(/\n+$/, "");
  }

  // currentDepth is the depth of the object last entered; as in Node (compact: 3), an
  // object with more than three levels of objects under its last entry is broken into
  // lines however short it is.
  let currentDepth = 0;
  let SHOW_HIDDEN = false; // %o and showHidden: arrays show their length
  let SORTED = false; // util.inspect's sorted: object keys in order
  let COMPACT = true; // util.inspect's compact: false puts every entry on a line of its own
  // wrapArray is wrap for arrays: more than six entries are set out in columns, as Node's
  // groupArrayElements does (numbers right-aligned).
  function wrapArray(prefix, items, values, indent) {
    const rows = items.length > 6 ? groupArray(items, values, indent * 2) : items;
    if (rows === items) return wrap(prefix, items, "[", "]", indent);
    const pad = "  ".repeat(indent + 1);
    return prefix + "[\n" + rows.map((r) => pad + r).join(",\n") + "\n" + "  ".repeat(indent) + "]";
  }

  function groupArray(output, value, indentationLvl) {
    const breakLength = 80, separatorSpace = 2;
    let totalLength = 0, maxLength = 0;
    let outputLength = output.length;
    if (output.length > 0 && output[output.length - 1].startsWith("... ")) outputLength--;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + indentationLvl < breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax), Math.floor((breakLength - indentationLvl) / actualMax), 3 * 4, 15);
      if (columns <= 1) return output;
      const tmp = [], maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== "number" && typeof value[i] !== "bigint") { padStart = false; break; }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = "";
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          str += padStart ? cell.padStart(maxLineLength[j - i], " ") : cell.padEnd(maxLineLength[j - i], " ");
        }
        str += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, " ") : output[j];
        tmp.push(str);
      }
      if (outputLength < output.length) tmp.push(output[outputLength]);
      return tmp;
    }
    return output;
  }

  function wrap(prefix, items, open, close, indent) {
    if (items.length === 0) return prefix + open + close;
    const oneLine = prefix + open + " " + items.join(", ") + " " + close;
    if (COMPACT && currentDepth - indent < 3 && oneLine.length <= BREAK_AT && !items.some((i) => i.includes("\n"))) return oneLine;
    const pad = "  ".repeat(indent + 1);
    return prefix + open + "\n" + items.map((i) => pad + i).join(",\n") + "\n" + "  ".repeat(indent) + close;
  }

  const rootFlag = { value: false };

  // top renders one argument, marking a value that refers back to itself as Node does.
  function top(v) {
    rootFlag.value = false;
    const s = inspect(v, 0, [], 0);
    return rootFlag.value ? "<ref *1> " + s : s;
  }

  function inspect(v, depth, seen, indent) {
    switch (typeof v) {
      case "string": return depth === 0 ? v : quote(v);
      case "number": return Object.is(v, -0) ? "-0" : String(v);
      case "bigint": return v + "n";
      case "boolean": return String(v);
      case "undefined": return "undefined";
      case "symbol": return v.toString();
      case "function": {
        const name = v.name ? ": " + v.name : " (anonymous)";
        const kind = /^class\s/.test(Function.prototype.toString.call(v)) ? "class" : "Function";
        const base = kind === "class" ? `[class ${v.name || "(anonymous)"}]` : `[${kind}${name}]`;
        const own = Object.keys(v);
        if (own.length === 0 || depth > MAX_DEPTH || seen.includes(v)) return base;
        const next = seen.concat([v]);
        return wrap(base + " ", own.map((k) => key(k) + ": " + inspect(v[k], depth + 1, next, indent + 1)), "{", "}", indent);
      }
    }
    if (v === null) return "null";
    const custom = v[Symbol.for("nodejs.util.inspect.custom")];
    if (typeof custom === "function") { // Node's hook (a Buffer's <Buffer 68 69>)
      const r = custom.call(v, MAX_DEPTH - depth, { depth: MAX_DEPTH - depth }, format.inspect);
      if (r !== v) return typeof r === "string" ? r : inspect(r, depth, seen, indent);
    }
    if (seen.includes(v)) {
      if (v === seen[0]) rootFlag.value = true;
      return "[Circular *1]";
    }
    if (v instanceof Error) {
      const stack = typeof v.stack === "string" && v.stack ? cleanStack(v.stack) : `${v.name}: ${v.message}`;
      return depth === 0 ? stack : "[" + stack.split("\n")[0] + "]";
    }
    if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) {
      const [state, result] = promiseState(v);
      if (state === "pending") return "Promise { <pending> }";
      const shown = inspect(result, depth + 1, seen.concat([v]), indent + 1);
      return `Promise { ${state === "rejected" ? "<rejected> " : ""}${shown} }`;
    }
    if (v instanceof WeakMap || v instanceof WeakSet) return `${v instanceof WeakMap ? "WeakMap" : "WeakSet"} { <items unknown> }`;
    if (depth > MAX_DEPTH) {
      if (Array.isArray(v)) return "[Array]";
      const name = v.constructor && v.constructor.name;
      return `[${name || "Object"}]`;
    }
    if (Reflect.ownKeys(v).length > 0 || v.size > 0) currentDepth = indent; // as Node, an empty object does not count
    const next = seen.concat([v]);
    const show = (x) => inspect(x, depth + 1, next, indent + 1);
    if (Array.isArray(v)) {
      const items = [];
      for (let i = 0; i < v.length && items.length < 100; i++) {
        if (i in v) { items.push(show(v[i])); continue; }
        let j = i;
        while (j < v.length && !(j in v)) j++;
        items.push(`<${j - i} empty item${j - i > 1 ? "s" : ""}>`);
        i = j - 1;
      }
      if (v.length > 100 && items.length >= 100) items.push(`... ${v.length - 100} more items`);
      if (SHOW_HIDDEN) items.push(`[length]: ${v.length}`);
      return wrapArray("", items, v, indent);
    }
    if (v instanceof Map) {
      const items = [...v].map(([k, val]) => show(k) + " => " + show(val));
      return wrap(`Map(${v.size}) `, items, "{", "}", indent);
    }
    if (v instanceof Set) {
      return wrap(`Set(${v.size}) `, [...v].map(show), "{", "}", indent);
    }
    if (v instanceof ArrayBuffer) {
      const bytes = [...new Uint8Array(v).slice(0, 50)].map((b) => b.toString(16).padStart(2, "0"));
      return `ArrayBuffer { [Uint8Contents]: <${bytes.join(" ")}${v.byteLength > 50 ? " ... " + (v.byteLength - 50) + " more bytes" : ""}>, byteLength: ${v.byteLength} }`;
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const items = [...v.slice(0, 100)].map(show);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return wrapArray(`${v.constructor.name}(${v.length}) `, items, v, indent);
    }
    const proto = Object.getPrototypeOf(v);
    const ctor = proto && proto.constructor && proto.constructor.name;
    let prefix = "";
    if (proto === null) prefix = "[Object: null prototype] ";
    else if (ctor && ctor !== "Object") prefix = ctor + " ";
    else if (!ctor) prefix = "";
    const items = [];
    const keys = Reflect.ownKeys(v);
    if (SORTED) keys.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (!d || !d.enumerable) continue;
      if ("value" in d) items.push(key(k) + ": " + show(d.value));
      else items.push(key(k) + ": " + (d.get && d.set ? "[Getter/Setter]" : d.get ? "[Getter]" : "[Setter]"));
    }
    const tag = v[Symbol.toStringTag];
    if (items.length === 0 && prefix && typeof tag === "string") return `${prefix.trim()} {}`;
    return wrap(prefix, items, "{", "}", indent);
  }

  // format is console's argument handling: a leading string may hold %s %d %i %f %j %o
  // %O %c; what is left is rendered and joined by spaces.
  // ownToString reports whether an object has a toString of the program's own (then %s
  // uses it, as Node's does) rather than a built-in one.
  const builtinToStrings = new Set([Object.prototype.toString, Array.prototype.toString, Error.prototype.toString, Date.prototype.toString, RegExp.prototype.toString, Function.prototype.toString]);
  function ownToString(o) {
    const f = o.toString;
    return typeof f === "function" && !builtinToStrings.has(f) && !ArrayBuffer.isView(o);
  }

  // inspect renders one value as util.inspect does; opts.depth (null: no limit).
  format.inspect = function (v, opts) {
    if (typeof v === "string") return quote(v);
    const saved = [MAX_DEPTH, SHOW_HIDDEN, SORTED, COMPACT];
    if (opts && typeof opts === "object") {
      if ("depth" in opts) MAX_DEPTH = opts.depth === null ? Infinity : Number(opts.depth);
      SHOW_HIDDEN = !!opts.showHidden;
      SORTED = !!opts.sorted;
      COMPACT = opts.compact !== false;
    }
    try { return top(v); } finally { [MAX_DEPTH, SHOW_HIDDEN, SORTED, COMPACT] = saved; }
  };
  return format;

  function format(...args) {
    let out = "";
    let rest = args;
    if (typeof args[0] === "string" && args.length > 1 && args[0].includes("%")) {
      let i = 1;
      out = args[0].replace(/%[sdifjoOc%]/g, (m) => {
        if (m === "%%") return "%";
        if (i >= args.length) return m;
        const a = args[i++];
        switch (m) {
          case "%s":
            if (typeof a === "number") return Object.is(a, -0) ? "-0" : String(a);
            if (typeof a === "bigint") return a + "n";
            if (typeof a !== "object" || a === null || ownToString(a)) return String(a);
            return format.inspect(a, { depth: 0 });
          case "%d":
            if (typeof a === "bigint") return a + "n";
            if (typeof a === "symbol" || (typeof a === "object" && a !== null)) return "NaN";
            return Object.is(Number(a), -0) ? "-0" : String(Number(a));
          case "%i":
            if (typeof a === "bigint") return a + "n";
            if (typeof a === "symbol") return "NaN";
            return String(parseInt(a, 10));
          case "%f": return String(parseFloat(a));
          case "%j": try { return JSON.stringify(a); } catch { return "[Circular]"; }
          case "%O": return inspect(a, 1, [], 0);
          case "%o": SHOW_HIDDEN = true; try { return inspect(a, 1, [], 0); } finally { SHOW_HIDDEN = false; }
          case "%c": return "";
        }
        return m;
      });
      rest = args.slice(i);
      return [out, ...rest.map(top)].join(" ");
    }
    return rest.map(top).join(" ");
  }
})
