// The ECMAScript built-ins V8 (and so workerd) has and goja lacks, which real code and its
// npm dependencies call. Each is defined as V8 defines it: a non-enumerable, writable,
// configurable property, with V8's name and length, checked against workerd.
(() => {
  const define = (target, methods) => {
    for (const key of Reflect.ownKeys(methods)) {
      Object.defineProperty(target, key, { value: methods[key], writable: true, enumerable: false, configurable: true });
    }
  };
  const toObject = (v, what) => {
    if (v === null || v === undefined) throw new TypeError(`${what} called on null or undefined`);
    return Object(v);
  };
  const callable = (f, what) => {
    if (typeof f !== "function") throw new TypeError(`${String(f)} is not a function`);
    return f;
  };

  // `self` is the global object in a worker, as in every Web worker.
  Object.defineProperty(globalThis, "self", { value: globalThis, writable: true, enumerable: true, configurable: true });

  // Annex B: toGMTString is the same function as toUTCString.
  define(Date.prototype, { toGMTString: Date.prototype.toUTCString });

  define(Promise, {
    withResolvers() {
      let resolve, reject;
      const promise = new this((res, rej) => { resolve = res; reject = rej; });
      return { promise, resolve, reject };
    },
  });

  // Object.groupBy / Map.groupBy (ES2024).
  const group = (items, callback, toKey) => {
    callable(callback);
    const groups = new Map();
    let k = 0;
    for (const value of toObject(items, "groupBy")) {
      const key = toKey(callback(value, k++));
      const list = groups.get(key);
      if (list) list.push(value);
      else groups.set(key, [value]);
    }
    return groups;
  };
  define(Object, {
    groupBy(items, callback) {
      const out = Object.create(null);
      for (const [key, list] of group(items, callback, (key) => (typeof key === "symbol" ? key : String(key)))) out[key] = list;
      return out;
    },
  });
  define(Map, {
    groupBy(items, callback) {
      return group(items, callback, (key) => (key === 0 ? 0 : key)); // -0 groups as +0
    },
  });

  // Array.fromAsync (ES2024): async iterables, then sync iterables of promises, then
  // array-likes, each value awaited and mapped in order.
  define(Array, {
    async fromAsync(items, mapFn = undefined, thisArg = undefined) {
      if (mapFn !== undefined) callable(mapFn);
      const out = typeof this === "function" && this !== Array ? new this() : [];
      let k = 0;
      const add = async (v) => {
        v = await v;
        out[k] = mapFn === undefined ? v : await mapFn.call(thisArg, v, k);
        k++;
      };
      if (items == null) throw new TypeError(`${String(items)} is not iterable`);
      const asyncIter = items[Symbol.asyncIterator];
      if (asyncIter != null) {
        const it = asyncIter.call(items); // goja has no for await
        for (;;) {
          const step = await it.next();
          if (step.done) break;
          try {
            await add(step.value);
          } catch (e) {
            if (typeof it.return === "function") await it.return();
            throw e;
          }
        }
      } else if (items[Symbol.iterator] != null) {
        for (const v of items) await add(v);
      } else {
        const like = Object(items);
        const n = Math.min(Math.max(Math.trunc(Number(like.length)) || 0, 0), Number.MAX_SAFE_INTEGER);
        for (let i = 0; i < n; i++) await add(like[i]);
      }
      out.length = k;
      return out;
    },
  });

  // String.prototype.isWellFormed / toWellFormed (ES2024): lone surrogates.
  define(String.prototype, {
    isWellFormed() {
      const s = String(toObject(this, "String.prototype.isWellFormed"));
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
          return false;
        }
        if (c >= 0xdc00 && c <= 0xdfff) return false;
      }
      return true;
    },
    toWellFormed() {
      const s = String(toObject(this, "String.prototype.toWellFormed"));
      let out = "";
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) { out += s[i] + s[i + 1]; i++; continue; }
          out += "\ufffd";
        } else if (c >= 0xdc00 && c <= 0xdfff) {
          out += "\ufffd";
        } else {
          out += s[i];
        }
      }
      return out;
    },
  });

  // V8's stack API, which many npm packages call (http-errors, depd, zod's errors, …).
  // goja keeps its own stack format, so captureStackTrace gives obj the current stack
  // under obj's own header, leaving out the frames above constructorOpt when it is on the
  // stack; stackTraceLimit is a plain number, as in V8, that goja does not consult.
  define(Error, {
    captureStackTrace(obj, constructorOpt = undefined) {
      if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) {
        throw new TypeError("Invalid argument");
      }
      let frames = new Error().stack.split("\n").slice(2); // the header and this function
      if (typeof constructorOpt === "function" && constructorOpt.name) {
        const at = frames.findIndex((f) => f.trimStart().startsWith(`at ${constructorOpt.name} `));
        if (at >= 0) frames = frames.slice(at + 1);
      }
      let header;
      try { header = Error.prototype.toString.call(obj); } catch { header = "Error"; }
      Object.defineProperty(obj, "stack", {
        value: [header, ...frames].join("\n"), writable: true, enumerable: false, configurable: true,
      });
    },
  });
  Object.defineProperty(Error, "stackTraceLimit", { value: 10, writable: true, enumerable: true, configurable: true });

  // WeakRef and FinalizationRegistry. goja has no weak references: a WeakRef keeps its
  // target (the spec lets an engine keep a target alive as long as it likes) and cleanup
  // callbacks never run (the spec promises none will). Code that uses them as caches works;
  // memory is reclaimed when the isolate is.
  const weakTarget = (v, what) => {
    if ((v === null || typeof v !== "object") && typeof v !== "function" && (typeof v !== "symbol" || Symbol.keyFor(v) !== undefined)) {
      throw new TypeError(`${what}: invalid target`);
    }
    return v;
  };
  const targets = new WeakMap();
  class WeakRef {
    constructor(target) {
      if (new.target === undefined) throw new TypeError("Constructor WeakRef requires 'new'");
      targets.set(this, weakTarget(target, "WeakRef"));
    }
    deref() {
      if (!targets.has(this)) throw new TypeError("Method WeakRef.prototype.deref called on incompatible receiver");
      return targets.get(this);
    }
  }
  Object.defineProperty(WeakRef.prototype, Symbol.toStringTag, { value: "WeakRef", configurable: true });
  const registrations = new WeakMap();
  class FinalizationRegistry {
    constructor(cleanup) {
      if (new.target === undefined) throw new TypeError("Constructor FinalizationRegistry requires 'new'");
      if (typeof cleanup !== "function") throw new TypeError("FinalizationRegistry: cleanup must be callable");
      registrations.set(this, []);
    }
    register(target, heldValue, unregisterToken = undefined) {
      const list = registrations.get(this);
      if (!list) throw new TypeError("Method FinalizationRegistry.prototype.register called on incompatible receiver");
      weakTarget(target, "FinalizationRegistry.prototype.register");
      if (target === heldValue) throw new TypeError("FinalizationRegistry.prototype.register: target and holdings must not be same");
      if (unregisterToken !== undefined) list.push(weakTarget(unregisterToken, "FinalizationRegistry.prototype.register"));
      return undefined;
    }
    unregister(unregisterToken) {
      const list = registrations.get(this);
      if (!list) throw new TypeError("Method FinalizationRegistry.prototype.unregister called on incompatible receiver");
      weakTarget(unregisterToken, "FinalizationRegistry.prototype.unregister");
      let removed = false;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === unregisterToken) { list.splice(i, 1); removed = true; }
      }
      return removed;
    }
  }
  Object.defineProperty(FinalizationRegistry.prototype, Symbol.toStringTag, { value: "FinalizationRegistry", configurable: true });
  define(globalThis, { WeakRef, FinalizationRegistry });

  // Number.prototype.toLocaleString: goja takes the locale for a radix and throws. With no
  // Intl, numbers are formatted as V8 formats them for en-US (grouped thousands, at most
  // three fraction digits), whatever the locale.
  define(Number.prototype, {
    toLocaleString() {
      const n = Number.prototype.valueOf.call(this);
      if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "∞" : "-∞";
      const neg = n < 0 || Object.is(n, -0);
      const rounded = Math.round(Math.abs(n) * 1000) / 1000;
      const [int, frac] = String(rounded.toFixed(3)).split(".");
      const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      const f = frac.replace(/0+$/, "");
      return (neg && rounded !== 0 ? "-" : "") + grouped + (f ? "." + f : "");
    },
  });

  // Annex B's accessor helpers, which older npm code still calls.
  const toPropertyKey = (k) => (typeof k === "symbol" ? k : String(k));
  define(Object.prototype, {
    __defineGetter__(name, getter) {
      const o = toObject(this, "Object.prototype.__defineGetter__");
      if (typeof getter !== "function") throw new TypeError("Object.prototype.__defineGetter__: Expecting function");
      Object.defineProperty(o, toPropertyKey(name), { get: getter, enumerable: true, configurable: true });
    },
    __defineSetter__(name, setter) {
      const o = toObject(this, "Object.prototype.__defineSetter__");
      if (typeof setter !== "function") throw new TypeError("Object.prototype.__defineSetter__: Expecting function");
      Object.defineProperty(o, toPropertyKey(name), { set: setter, enumerable: true, configurable: true });
    },
    __lookupGetter__(name) {
      const key = toPropertyKey(name);
      for (let o = toObject(this, "Object.prototype.__lookupGetter__"); o !== null; o = Object.getPrototypeOf(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (d) return d.get;
      }
      return undefined;
    },
    __lookupSetter__(name) {
      const key = toPropertyKey(name);
      for (let o = toObject(this, "Object.prototype.__lookupSetter__"); o !== null; o = Object.getPrototypeOf(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (d) return d.set;
      }
      return undefined;
    },
  });

  // Annex B's String.prototype HTML methods ("a".bold() is "<b>a</b>").
  const html = (tag, attr) => function (value) {
    const s = String(toObject(this, "String.prototype." + tag));
    const a = attr === undefined ? "" : ` ${attr}="${String(value).replace(/"/g, "&quot;")}"`;
    return `<${tag}${a}>${s}</${tag}>`;
  };
  const htmlMethods = {
    anchor: ["a", "name"], big: ["big"], blink: ["blink"], bold: ["b"], fixed: ["tt"], fontcolor: ["font", "color"],
    fontsize: ["font", "size"], italics: ["i"], link: ["a", "href"], small: ["small"], strike: ["strike"], sub: ["sub"], sup: ["sup"],
  };
  for (const [name, [tag, attr]] of Object.entries(htmlMethods)) {
    const f = html(tag, attr);
    Object.defineProperty(f, "name", { value: name });
    Object.defineProperty(f, "length", { value: attr === undefined ? 0 : 1 });
    define(String.prototype, { [name]: f });
  }

  // Promise.try (ES2025): calls f at once, its result or throw becomes the promise.
  define(Promise, {
    try(f, ...args) {
      return new this((resolve) => resolve(f(...args)));
    },
  });

  // Date's locale strings: goja prints 01/05/2024, 13:04:05; with no Intl they are V8's
  // en-US forms (1/5/2024, 1:04:05 PM), whatever the locale and options. Workers run in
  // UTC, as in workerd, so local time is UTC.
  const getTime = Date.prototype.getTime;
  const dateOf = (d) => (Number.isNaN(getTime.call(d)) ? null : d); // getTime throws for a non-Date
  // (UTC getters: the strings say UTC whatever zone the Go process has.)
  const pad = (n) => String(n).padStart(2, "0");
  const datePart = (d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  const timePart = (d) => {
    const h = d.getUTCHours();
    return `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
  };
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const year = (y) => (y < 0 ? "-" + String(-y).padStart(6, "0") : String(y).padStart(4, "0"));
  const dateString = (d) => `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${year(d.getUTCFullYear())}`;
  const timeString = (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT+0000 (Coordinated Universal Time)`;
  define(Date.prototype, {
    toString() { const d = dateOf(this); return d ? `${dateString(d)} ${timeString(d)}` : "Invalid Date"; },
    toDateString() { const d = dateOf(this); return d ? dateString(d) : "Invalid Date"; },
    toTimeString() { const d = dateOf(this); return d ? timeString(d) : "Invalid Date"; },
    toLocaleString() { const d = dateOf(this); return d ? `${datePart(d)}, ${timePart(d)}` : "Invalid Date"; },
    toLocaleDateString() { const d = dateOf(this); return d ? datePart(d) : "Invalid Date"; },
    toLocaleTimeString() { const d = dateOf(this); return d ? timePart(d) : "Invalid Date"; },
  });

  // Promise.any rejects with V8's message (goja's AggregateError has none).
  const any = Promise.any;
  define(Promise, {
    any(iterable) {
      return any.call(this, iterable).then(undefined, (e) => {
        if (e instanceof AggregateError && !Object.prototype.hasOwnProperty.call(e, "message")) {
          Object.defineProperty(e, "message", { value: "All promises were rejected", writable: true, enumerable: false, configurable: true });
        }
        throw e;
      });
    },
  });

  // Iterator helpers (ES2025): the Iterator global, Iterator.from, and the lazy (map,
  // filter, take, drop, flatMap) and eager (reduce, toArray, forEach, some, every, find)
  // methods on every built-in iterator. A helper closes the iterator under it when it
  // is returned early or its callback throws, as the spec says.
  if (typeof globalThis.Iterator !== "function") {
    const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    const HelperPrototype = Object.create(IteratorPrototype);
    const WrapPrototype = Object.create(IteratorPrototype);
    const states = new WeakMap();
    const close = (iter) => {
      const ret = iter.return;
      if (ret !== undefined && ret !== null) ret.call(iter);
    };
    const closeQuietly = (iter) => {
      try { close(iter); } catch {}
    };
    const direct = (o, what) => {
      if (Object(o) !== o) throw new TypeError(`Iterator.prototype.${what} called on non-object`);
      return { iter: o, next: o.next };
    };
    const step = ({ iter, next }) => {
      const r = next.call(iter);
      if (Object(r) !== r) throw new TypeError(`Iterator result ${String(r)} is not an object`);
      return r;
    };
    const count = (n) => {
      const v = Number(n);
      if (Number.isNaN(v)) throw new RangeError(`${String(n)} must be positive`);
      const i = Math.trunc(v);
      if (i < 0) throw new RangeError(`${String(n)} must be positive`);
      return i;
    };
    // helper makes a lazy helper from body, a generator over the direct iterator d that
    // reports through done() when d is finished (so that return() does not close it).
    const helper = (d, body) => {
      const h = Object.create(HelperPrototype);
      const st = { d, started: false, finished: false };
      st.gen = body(st);
      states.set(h, st);
      return h;
    };
    const stateOf = (h, what) => {
      const st = states.get(h);
      if (!st) throw new TypeError(`Method Iterator Helper.prototype.${what} called on incompatible receiver ${String(h)}`);
      return st;
    };
    define(HelperPrototype, {
      next() {
        const st = stateOf(this, "next");
        st.started = true;
        return st.gen.next();
      },
      return() {
        const st = stateOf(this, "return");
        if (!st.started) {
          st.started = true;
          st.gen.return();
          if (!st.finished) {
            st.finished = true;
            close(st.d.iter);
          }
          return { value: undefined, done: true };
        }
        return st.gen.return();
      },
    });
    Object.defineProperty(HelperPrototype, Symbol.toStringTag, { value: "Iterator Helper", writable: false, enumerable: false, configurable: true });
    // lazy runs each(value, counter) for each value of d; each returns the values to
    // yield (an array), or throws. The underlying iterator is closed when the helper is
    // returned early or each throws, not when it runs dry or its next() throws.
    // stop, when given, is asked before each step whether to finish there (take's limit):
    // then the underlying iterator is closed.
    function* lazy(st, each, stop) {
      const d = st.d;
      try {
        for (let i = 0; ; i++) {
          if (stop && stop()) {
            st.finished = true;
            close(d.iter);
            return undefined;
          }
          let r;
          try {
            r = step(d);
          } catch (e) {
            st.finished = true;
            throw e;
          }
          if (r.done) {
            st.finished = true;
            return undefined;
          }
          let out;
          try {
            out = each(r.value, i);
          } catch (e) {
            st.finished = true;
            closeQuietly(d.iter);
            throw e;
          }
          if (out !== SKIP) yield* out;
        }
      } finally {
        if (!st.finished) {
          st.finished = true;
          close(d.iter);
        }
      }
    }
    const SKIP = Symbol("skip");
    // fn, checked as V8 checks an iterator helper's callback ("number 1 is not a function").
    const fnArg = (f) => {
      if (typeof f === "function") return f;
      const what = f === null ? "null" : typeof f === "object" ? "#<Object>" : typeof f === "undefined" ? "undefined" : `${typeof f} ${String(f)}`;
      throw new TypeError(`${what} is not a function`);
    };
    // visit calls fn(value, counter) for each value of d until fn returns { found }: then
    // the iterator is closed and found returned; when d runs dry, ifDone is. A throwing
    // fn closes the iterator too.
    const visit = (d, fn, ifDone) => {
      for (let i = 0; ; i++) {
        const r = step(d);
        if (r.done) return ifDone;
        let out;
        try {
          out = fn(r.value, i);
        } catch (e) {
          closeQuietly(d.iter);
          throw e;
        }
        if (out !== undefined) {
          close(d.iter);
          return out.found;
        }
      }
    };
    // flattenable is flatMap's inner iterator (strings are refused, as the spec says).
    const flattenable = (v) => {
      if (Object(v) !== v) throw new TypeError("Iterator.prototype.flatMap called on non-object");
      const m = v[Symbol.iterator];
      const it = m === undefined || m === null ? v : m.call(v);
      if (Object(it) !== it) throw new TypeError(`${String(it)} is not an object`);
      return it;
    };
    function* inner(it) {
      const d = { iter: it, next: it.next };
      let finished = false;
      try {
        for (;;) {
          let r;
          try { r = step(d); } catch (e) { finished = true; throw e; }
          if (r.done) { finished = true; return; }
          yield r.value;
        }
      } finally {
        if (!finished) close(it);
      }
    }
    define(IteratorPrototype, {
      map(mapper) {
        const d = direct(this, "map");
        fnArg(mapper);
        return helper(d, (st) => lazy(st, (v, i) => [mapper(v, i)]));
      },
      filter(predicate) {
        const d = direct(this, "filter");
        fnArg(predicate);
        return helper(d, (st) => lazy(st, (v, i) => (predicate(v, i) ? [v] : SKIP)));
      },
      take(limit) {
        const d = direct(this, "take");
        let left = count(limit);
        return helper(d, (st) => lazy(st, (v) => [v], () => left-- === 0));
      },
      drop(limit) {
        const d = direct(this, "drop");
        let left = count(limit);
        return helper(d, (st) => lazy(st, (v) => (left > 0 ? (left--, SKIP) : [v])));
      },
      flatMap(mapper) {
        const d = direct(this, "flatMap");
        fnArg(mapper);
        return helper(d, (st) => lazy(st, (v, i) => inner(flattenable(mapper(v, i)))));
      },
      reduce(reducer, ...init) {
        const d = direct(this, "reduce");
        fnArg(reducer);
        let acc, first = 0;
        if (init.length > 0) acc = init[0];
        else {
          const r = step(d);
          if (r.done) throw new TypeError("Reduce of a done iterator with no initial value");
          acc = r.value;
          first = 1;
        }
        visit(d, (v, i) => { acc = reducer(acc, v, i + first); });
        return acc;
      },
      toArray() {
        const d = direct(this, "toArray");
        const out = [];
        visit(d, (v) => { out.push(v); });
        return out;
      },
      forEach(fn) {
        const d = direct(this, "forEach");
        fnArg(fn);
        visit(d, (v, i) => { fn(v, i); });
      },
      some(predicate) {
        const d = direct(this, "some");
        fnArg(predicate);
        return visit(d, (v, i) => (predicate(v, i) ? { found: true } : undefined), false);
      },
      every(predicate) {
        const d = direct(this, "every");
        fnArg(predicate);
        return visit(d, (v, i) => (predicate(v, i) ? undefined : { found: false }), true);
      },
      find(predicate) {
        const d = direct(this, "find");
        fnArg(predicate);
        return visit(d, (v, i) => (predicate(v, i) ? { found: v } : undefined), undefined);
      },
    });
    function Iterator() {
      if (new.target === undefined) throw new TypeError("Constructor Iterator requires 'new'");
      if (new.target === Iterator) throw new TypeError("Abstract class Iterator not directly constructable");
    }
    Object.defineProperty(Iterator, "prototype", { value: IteratorPrototype, writable: false, enumerable: false, configurable: false });
    define(IteratorPrototype, { constructor: Iterator });
    define(WrapPrototype, {
      next() {
        const st = states.get(this);
        if (!st) throw new TypeError("next called on incompatible receiver");
        return step(st);
      },
      return() {
        const st = states.get(this);
        if (!st) throw new TypeError("return called on incompatible receiver");
        const ret = st.iter.return;
        if (ret === undefined || ret === null) return { value: undefined, done: true };
        return ret.call(st.iter);
      },
    });
    define(Iterator, {
      from(o) {
        let it;
        if (typeof o === "string") it = o[Symbol.iterator]();
        else {
          if (Object(o) !== o) throw new TypeError(`${String(o)} is not an object`);
          const m = o[Symbol.iterator];
          it = m === undefined || m === null ? o : m.call(o);
          if (Object(it) !== it) throw new TypeError(`${String(it)} is not an object`);
        }
        if (IteratorPrototype.isPrototypeOf(it)) return it;
        const w = Object.create(WrapPrototype);
        states.set(w, { iter: it, next: it.next });
        return w;
      },
    });
    Object.defineProperty(globalThis, "Iterator", { value: Iterator, writable: true, enumerable: false, configurable: true });
  }
})();
