// node:events: EventEmitter with Node's semantics (listener order, once wrappers,
// 'newListener'/'removeListener', the 'error' rule, max-listener warnings), and the
// helpers once, on, getEventListeners, setMaxListeners, addAbortListener.
(function (require, native, internal) {
  "use strict";
  const { codes, validateFunction, validateNumber, validateAbortSignal, AbortError, inspect } = internal;
  const { ERR_INVALID_ARG_TYPE, ERR_UNHANDLED_ERROR, ERR_OUT_OF_RANGE } = codes;

  const kCapture = Symbol("kCapture");
  const errorMonitor = Symbol("events.errorMonitor");
  const captureRejectionSymbol = Symbol.for("nodejs.rejection");
  const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
  let defaultMaxListeners = 10;

  function EventEmitter(opts) { EventEmitter.init.call(this, opts); }
  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;
  EventEmitter.captureRejections = false;
  EventEmitter.errorMonitor = errorMonitor;
  EventEmitter.captureRejectionSymbol = captureRejectionSymbol;
  Object.defineProperty(EventEmitter, "defaultMaxListeners", {
    enumerable: true,
    get() { return defaultMaxListeners; },
    set(arg) {
      if (typeof arg !== "number" || arg < 0 || Number.isNaN(arg)) throw new ERR_OUT_OF_RANGE("defaultMaxListeners", "a non-negative number", arg);
      defaultMaxListeners = arg;
    },
  });

  EventEmitter.init = function (opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts && opts.captureRejections) {
      if (typeof opts.captureRejections !== "boolean") throw new ERR_INVALID_ARG_TYPE("options.captureRejections", "boolean", opts.captureRejections);
      this[kCapture] = true;
    } else this[kCapture] = EventEmitter.prototype[kCapture];
  };
  EventEmitter.prototype[kCapture] = false;

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    if (typeof n !== "number" || n < 0 || Number.isNaN(n)) throw new ERR_OUT_OF_RANGE("n", "a non-negative number", n);
    this._maxListeners = n;
    return this;
  };
  const maxOf = (that) => that._maxListeners === undefined ? defaultMaxListeners : that._maxListeners;
  EventEmitter.prototype.getMaxListeners = function getMaxListeners() { return maxOf(this); };

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) return;
    try {
      const then = promise.then;
      if (typeof then === "function") {
        then.call(promise, undefined, (err) => queueMicrotask(() => {
          if (typeof that[captureRejectionSymbol] === "function") that[captureRejectionSymbol](err, type, ...args);
          else { const prev = that[kCapture]; try { that[kCapture] = false; that.emit("error", err); } finally { that[kCapture] = prev; } }
        }));
      }
    } catch (err) { that.emit("error", err); }
  }

  EventEmitter.prototype.emit = function emit(type, ...args) {
    let doError = type === "error";
    const events = this._events;
    if (events !== undefined) {
      if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
      doError = doError && events.error === undefined;
    } else if (!doError) return false;
    if (doError) {
      const er = args.length > 0 ? args[0] : undefined;
      if (er instanceof Error) throw er;
      throw new ERR_UNHANDLED_ERROR(er);
    }
    const handler = events[type];
    if (handler === undefined) return false;
    if (typeof handler === "function") {
      const result = Reflect.apply(handler, this, args);
      if (result !== undefined && result !== null) addCatch(this, result, type, args);
    } else {
      const listeners = handler.slice();
      for (let i = 0; i < listeners.length; ++i) {
        const result = Reflect.apply(listeners[i], this, args);
        if (result !== undefined && result !== null) addCatch(this, result, type, args);
      }
    }
    return true;
  };

  function addListener(target, type, listener, prepend) {
    validateFunction(listener, "listener");
    let events = target._events;
    if (events === undefined) {
      events = target._events = Object.create(null);
      target._eventsCount = 0;
    } else {
      if (events.newListener !== undefined) {
        target.emit("newListener", type, listener.listener ?? listener);
        events = target._events;
      }
    }
    let existing = events[type];
    if (existing === undefined) {
      events[type] = listener;
      ++target._eventsCount;
    } else {
      if (typeof existing === "function") existing = events[type] = prepend ? [listener, existing] : [existing, listener];
      else if (prepend) existing.unshift(listener);
      else existing.push(listener);
      const m = maxOf(target);
      if (m > 0 && existing.length > m && !existing.warned) {
        existing.warned = true;
        const name = target.constructor && target.constructor.name || "EventEmitter";
        console.warn(`(node) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners added to ${name === "EventEmitter" ? "[EventEmitter]" : `[${name}]`}. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`);
      }
    }
    return target;
  }
  EventEmitter.prototype.addListener = function addListener_(type, listener) { return addListener(this, type, listener, false); };
  EventEmitter.prototype.on = EventEmitter.prototype.addListener;
  EventEmitter.prototype.prependListener = function prependListener(type, listener) { return addListener(this, type, listener, true); };

  function onceWrapper() {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn);
      this.fired = true;
      return this.listener.apply(this.target, arguments);
    }
  }
  function onceWrap(target, type, listener) {
    const state = { fired: false, wrapFn: undefined, target, type, listener };
    const wrapped = onceWrapper.bind(state);
    wrapped.listener = listener;
    state.wrapFn = wrapped;
    return wrapped;
  }
  EventEmitter.prototype.once = function once(type, listener) {
    validateFunction(listener, "listener");
    this.on(type, onceWrap(this, type, listener));
    return this;
  };
  EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
    validateFunction(listener, "listener");
    this.prependListener(type, onceWrap(this, type, listener));
    return this;
  };

  EventEmitter.prototype.removeListener = function removeListener(type, listener) {
    validateFunction(listener, "listener");
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this._eventsCount === 0) this._events = Object.create(null);
      else {
        delete events[type];
        if (events.removeListener) this.emit("removeListener", type, list.listener || listener);
      }
    } else if (typeof list !== "function") {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) { position = i; break; }
      }
      if (position < 0) return this;
      if (position === 0) list.shift();
      else list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit("removeListener", type, listener);
    }
    return this;
  };
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) { this._events = Object.create(null); this._eventsCount = 0; }
      else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete events[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) {
        if (key === "removeListener") continue;
        this.removeAllListeners(key);
      }
      this.removeAllListeners("removeListener");
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === "function") this.removeListener(type, listeners);
    else if (listeners !== undefined) {
      for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    }
    return this;
  };

  function listenersOf(target, type, unwrap) {
    const events = target._events;
    if (events === undefined) return [];
    const l = events[type];
    if (l === undefined) return [];
    if (typeof l === "function") return unwrap ? [l.listener || l] : [l];
    return unwrap ? l.map((f) => f.listener || f) : l.slice();
  }
  EventEmitter.prototype.listeners = function listeners(type) { return listenersOf(this, type, true); };
  EventEmitter.prototype.rawListeners = function rawListeners(type) { return listenersOf(this, type, false); };
  // listenerCount counts every listener of type (workerd's takes no listener argument).
  function listenerCount(type) {
    const events = this._events;
    if (events !== undefined) {
      const l = events[type];
      if (typeof l === "function") return 1;
      if (l !== undefined) return l.length;
    }
    return 0;
  }
  EventEmitter.prototype.listenerCount = listenerCount;
  EventEmitter.listenerCount = (emitter, type) => typeof emitter.listenerCount === "function" ? emitter.listenerCount(type) : listenerCount.call(emitter, type);
  EventEmitter.prototype.eventNames = function eventNames() { return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : []; };

  function isEventTarget(t) { return t && typeof t.addEventListener === "function" && typeof t.removeEventListener === "function"; }

  function once(emitter, name, options = {}) {
    const signal = options ? options.signal : undefined;
    validateAbortSignal(signal, "options.signal");
    if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal) signal.removeEventListener("abort", abortListener);
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === "function") emitter.removeListener("error", errorListener);
        if (signal) signal.removeEventListener("abort", abortListener);
        resolve(args);
      };
      const abortListener = () => {
        if (isEventTarget(emitter)) emitter.removeEventListener(name, resolver);
        else { emitter.removeListener(name, resolver); emitter.removeListener("error", errorListener); }
        reject(new AbortError(undefined, { cause: signal.reason }));
      };
      if (isEventTarget(emitter)) emitter.addEventListener(name, resolver, { once: true });
      else {
        emitter.once(name, resolver);
        if (name !== "error" && typeof emitter.once === "function") emitter.once("error", errorListener);
      }
      if (signal) signal.addEventListener("abort", abortListener, { once: true });
    });
  }

  function on(emitter, event, options = {}) {
    const signal = options ? options.signal : undefined;
    validateAbortSignal(signal, "options.signal");
    if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const unconsumed = [], pending = [];
    let error = null, finished = false;
    const eventHandler = (...args) => {
      const p = pending.shift();
      if (p) p.resolve({ value: args, done: false });
      else unconsumed.push(args);
    };
    const errorHandler = (err) => {
      finished = true;
      const p = pending.shift();
      if (p) p.reject(err);
      else error = err;
      iterator.return();
    };
    const abortListener = () => errorHandler(new AbortError(undefined, { cause: signal && signal.reason }));
    const iterator = Object.setPrototypeOf({
      next() {
        const value = unconsumed.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (error) { const p = Promise.reject(error); error = null; return p; }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => pending.push({ resolve, reject }));
      },
      return() {
        if (isEventTarget(emitter)) emitter.removeEventListener(event, eventHandler);
        else { emitter.removeListener(event, eventHandler); emitter.removeListener("error", errorHandler); }
        if (signal) signal.removeEventListener("abort", abortListener);
        finished = true;
        for (const p of pending) p.resolve({ value: undefined, done: true });
        pending.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        if (!err || !(err instanceof Error)) throw new ERR_INVALID_ARG_TYPE("EventEmitter.AsyncIterator", "Error", err);
        error = err;
        emitter.removeListener(event, eventHandler);
        emitter.removeListener("error", errorHandler);
      },
      [Symbol.asyncIterator]() { return this; },
    }, Object.prototype);
    if (isEventTarget(emitter)) emitter.addEventListener(event, eventHandler);
    else {
      emitter.on(event, eventHandler);
      if (event !== "error") emitter.on("error", errorHandler);
    }
    if (signal) signal.addEventListener("abort", abortListener, { once: true });
    return iterator;
  }

  function getEventListeners(emitterOrTarget, type) {
    if (typeof emitterOrTarget.listeners === "function") return emitterOrTarget.listeners(type);
    throw new ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }
  function getMaxListeners(emitterOrTarget) {
    if (typeof emitterOrTarget.getMaxListeners === "function") return emitterOrTarget.getMaxListeners();
    if (isEventTarget(emitterOrTarget)) return emitterOrTarget[kMaxEventTargetListeners] ?? defaultMaxListeners;
    throw new ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }
  function setMaxListeners(n = defaultMaxListeners, ...eventTargets) {
    if (typeof n !== "number" || n < 0 || Number.isNaN(n)) throw new ERR_OUT_OF_RANGE("n", "a non-negative number", n);
    if (eventTargets.length === 0) defaultMaxListeners = n;
    else for (const t of eventTargets) {
      if (isEventTarget(t)) t[kMaxEventTargetListeners] = n;
      else if (typeof t.setMaxListeners === "function") t.setMaxListeners(n);
      else throw new ERR_INVALID_ARG_TYPE("eventTargets", ["EventEmitter", "EventTarget"], t);
    }
  }
  function addAbortListener(signal, listener) {
    if (signal === undefined) throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
    validateAbortSignal(signal, "signal");
    validateFunction(listener, "listener");
    let removeEventListener;
    if (signal.aborted) queueMicrotask(() => listener());
    else {
      signal.addEventListener("abort", listener, { once: true });
      removeEventListener = () => signal.removeEventListener("abort", listener);
    }
    return { [Symbol.dispose || Symbol.for("Symbol.dispose")]() { removeEventListener?.(); } };
  }

  class EventEmitterAsyncResource extends EventEmitter {
    constructor(options = undefined) { super(options); }
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.getMaxListeners = getMaxListeners;
  EventEmitter.setMaxListeners = setMaxListeners;
  EventEmitter.addAbortListener = addAbortListener;
  EventEmitter.EventEmitterAsyncResource = EventEmitterAsyncResource;
  // require("events") is EventEmitter itself, with the rest as its properties.
  return EventEmitter;
})
