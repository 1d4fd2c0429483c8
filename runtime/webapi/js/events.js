// DOMException, Event, EventTarget, AbortController / AbortSignal, structuredClone and
// queueMicrotask for goflare's isolates, in JavaScript because they are plain object
// plumbing. Evaluated once per isolate; the value of this script is an object of the
// globals it defines.
(() => {
  "use strict";
  const internal = Symbol("internal");

  // ---- DOMException --------------------------------------------------------------
  const legacyCodes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
    QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  class DOMException extends Error {
    #name;
    #message;
    constructor(message = "", options = "Error") {
      super(String(message));
      this.#message = String(message);
      if (options !== null && typeof options === "object") {
        this.#name = options.name === undefined ? "Error" : String(options.name);
        if ("cause" in options) Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
      } else {
        this.#name = String(options);
      }
    }
    get name() { return this.#name; }
    get message() { return this.#message; }
    get code() { return legacyCodes[this.#name] || 0; }
  }
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: "DOMException", configurable: true });
  for (const [name, code] of Object.entries(legacyCodes)) {
    const constant = name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase().replace(/_ERROR$/, "_ERR");
    Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
    Object.defineProperty(DOMException.prototype, constant, { value: code, enumerable: true });
  }

  // ---- Event, EventTarget ----------------------------------------------------------
  class Event {
    #type; #bubbles; #cancelable; #composed;
    #defaultPrevented = false; #stop = false; #target = null; #current = null; #phase = 0;
    #timeStamp = Date.now();
    constructor(type, init = undefined) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");
      this.#type = String(type);
      const o = init == null ? {} : init;
      this.#bubbles = Boolean(o.bubbles);
      this.#cancelable = Boolean(o.cancelable);
      this.#composed = Boolean(o.composed);
    }
    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#defaultPrevented; }
    get target() { return this.#target; }
    get currentTarget() { return this.#current; }
    get srcElement() { return this.#target; }
    get eventPhase() { return this.#phase; }
    get timeStamp() { return this.#timeStamp; }
    get isTrusted() { return false; }
    get returnValue() { return !this.#defaultPrevented; }
    get cancelBubble() { return this.#stop; }
    set cancelBubble(v) { if (v) this.#stop = true; }
    preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
    stopPropagation() { this.#stop = true; }
    stopImmediatePropagation() { this.#stop = true; Event.#immediate.add(this); }
    composedPath() { return this.#target ? [this.#target] : []; }
    static #immediate = new WeakSet();
    static [internal](event, target, current, phase) {
      event.#target = target;
      event.#current = current;
      event.#phase = phase;
    }
    static stoppedImmediately(event) { return Event.#immediate.has(event); }
  }
  for (const [name, value] of Object.entries({ NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 })) {
    Object.defineProperty(Event, name, { value, enumerable: true });
    Object.defineProperty(Event.prototype, name, { value, enumerable: true });
  }
  const setEventState = Event[internal];
  const stoppedImmediately = Event.stoppedImmediately;
  delete Event[internal];
  delete Event.stoppedImmediately;

  class EventTarget {
    #listeners = new Map(); // type -> [{callback, once, signal}]
    addEventListener(type, callback, options = undefined) {
      if (callback == null) return;
      const o = typeof options === "object" && options !== null ? options : { capture: Boolean(options) };
      const list = this.#listeners.get(String(type)) || [];
      if (list.some((l) => l.callback === callback)) return;
      const entry = { callback, once: Boolean(o.once), removed: false };
      if (o.signal) {
        if (o.signal.aborted) return;
        o.signal.addEventListener("abort", () => this.removeEventListener(type, callback));
      }
      list.push(entry);
      this.#listeners.set(String(type), list);
    }
    removeEventListener(type, callback) {
      const list = this.#listeners.get(String(type));
      if (!list) return;
      const i = list.findIndex((l) => l.callback === callback);
      if (i >= 0) {
        list[i].removed = true;
        list.splice(i, 1);
      }
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) {
        throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      }
      if (event.eventPhase !== 0) throw new DOMException("The event is already being dispatched.", "InvalidStateError");
      setEventState(event, this, this, 2);
      const handler = this["on" + event.type];
      const list = (this.#listeners.get(event.type) || []).slice();
      if (typeof handler === "function") list.unshift({ callback: handler, once: false, removed: false });
      for (const l of list) {
        if (l.removed) continue;
        if (l.once) this.removeEventListener(event.type, l.callback);
        try {
          if (typeof l.callback === "function") l.callback.call(this, event);
          else if (l.callback && typeof l.callback.handleEvent === "function") l.callback.handleEvent(event);
        } catch (e) {
          reportError(e);
        }
        if (stoppedImmediately(event)) break;
      }
      setEventState(event, this, null, 0);
      return !event.defaultPrevented;
    }
  }

  // An exception in a listener does not stop the dispatch; it is reported like an
  // uncaught one.
  function reportError(e) {
    Promise.reject(e);
  }

  // ---- AbortController, AbortSignal ------------------------------------------------
  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    onabort = null;
    constructor(key) {
      super();
      if (key !== internal) throw new TypeError("Illegal constructor");
    }
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    throwIfAborted() { if (this.#aborted) throw this.#reason; }
    static [internal](signal, reason) {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason = reason === undefined ? new DOMException("The operation was aborted.", "AbortError") : reason;
      signal.dispatchEvent(new Event("abort"));
    }
    static abort(reason = undefined) {
      const s = new AbortSignal(internal);
      abortSignal(s, reason);
      return s;
    }
    static timeout(ms) {
      const s = new AbortSignal(internal);
      setTimeout(() => abortSignal(s, new DOMException("The operation timed out.", "TimeoutError")), Number(ms));
      return s;
    }
    static any(signals) {
      const s = new AbortSignal(internal);
      for (const other of signals) {
        if (!(other instanceof AbortSignal)) throw new TypeError("Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'sequence<AbortSignal>'.");
        if (other.aborted) {
          abortSignal(s, other.reason);
          return s;
        }
      }
      for (const other of signals) other.addEventListener("abort", () => abortSignal(s, other.reason), { once: true });
      return s;
    }
  }
  const abortSignal = AbortSignal[internal];
  delete AbortSignal[internal];

  class AbortController {
    #signal = new AbortSignal(internal);
    get signal() { return this.#signal; }
    abort(reason = undefined) { abortSignal(this.#signal, reason); }
  }
  for (const [C, name] of [[Event, "Event"], [EventTarget, "EventTarget"], [AbortSignal, "AbortSignal"], [AbortController, "AbortController"]]) {
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true }); // as workerd's classes
  }

  class CustomEvent extends Event {
    #detail;
    constructor(type, init = undefined) { super(type, init); this.#detail = init == null ? undefined : init.detail; }
    get detail() { return this.#detail; }
  }
  Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: "CustomEvent", configurable: true });

  // ---- structuredClone -------------------------------------------------------------
  const errorTypes = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  const maxCloneDepth = 4000;
  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
    const seen = new Map();
    const transfer = options == null ? undefined : options.transfer;
    if (transfer !== undefined) {
      for (const ab of transfer) {
        if (!(ab instanceof ArrayBuffer)) throw new DOMException("Value not transferable", "DataCloneError");
        if (seen.has(ab)) throw new DOMException("ArrayBuffer at index 1 is a duplicate of an earlier ArrayBuffer. Duplicate ArrayBuffers are not allowed.", "DataCloneError");
        seen.set(ab, null);
      }
      for (const ab of seen.keys()) seen.set(ab, ab.transfer()); // the original is detached
    }
    // Nesting past maxCloneDepth throws V8's RangeError, catchable, before the engine's
    // own (uncatchable) call-depth limit is reached.
    let depth = 0;
    const clone = (v) => {
      if (v === null || (typeof v !== "object" && typeof v !== "function")) {
        if (typeof v === "symbol") throw new DOMException(`${String(v)} could not be cloned.`, "DataCloneError");
        return v;
      }
      if (depth >= maxCloneDepth) throw new RangeError("Maximum call stack size exceeded");
      depth++;
      try {
        return cloneObject(v);
      } finally {
        depth--;
      }
    };
    const cloneObject = (v) => {
      if (typeof v === "function") throw new DOMException(`${String(v)} could not be cloned.`, "DataCloneError");
      if (seen.has(v)) return seen.get(v);
      let out;
      if (Array.isArray(v)) {
        out = new Array(v.length);
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) {
        const buffer = clone(v.buffer);
        out = v instanceof DataView ? new DataView(buffer, v.byteOffset, v.byteLength)
          : new v.constructor(buffer, v.byteOffset, v.length);
      } else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        for (const [k, val] of v) out.set(clone(k), clone(val));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        for (const val of v) out.add(clone(val));
        return out;
      } else if (v instanceof Error) {
        const Ctor = errorTypes[v.name] || Error;
        out = new Ctor(v.message);
        if (v.stack !== undefined) out.stack = v.stack;
        if ("cause" in v) out.cause = clone(v.cause);
      } else if (v instanceof Boolean || v instanceof Number || v instanceof String || v instanceof BigInt) {
        out = Object(v.valueOf());
      } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
        throw new DOMException(`#<${v.constructor.name}> could not be cloned.`, "DataCloneError");
      } else {
        for (const name of ["Blob", "File", "URL", "URLSearchParams"]) { // host objects workerd refuses
          const C = globalThis[name];
          if (typeof C === "function" && v instanceof C) {
            throw new DOMException(`Could not serialize object of type "${name}". This type does not support serialization.`, "DataCloneError");
          }
        }
        out = {}; // any other object (a class instance too) as its own enumerable properties
        seen.set(v, out);
        for (const k of Object.keys(v)) out[k] = clone(v[k]);
        return out;
      }
      seen.set(v, out);
      return out;
    };
    return clone(value);
  }

  function queueMicrotask(callback) {
    if (typeof callback !== "function") {
      throw new TypeError("Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'Function'.");
    }
    Promise.resolve().then(() => callback());
  }

  return { DOMException, Event, CustomEvent, EventTarget, AbortController, AbortSignal, structuredClone, queueMicrotask };
})()
