// node:timers and node:timers/promises over the platform's timers. As in workerd, the
// module's timers return Timeout and Immediate objects (the globals keep numbers), and an
// immediate is a timer of no delay, run in order with the others.
(function (require, native, internal) {
  "use strict";
  const { validateFunction, validateAbortSignal, validateObject, AbortError } = internal;
  const platform = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };

  class Timeout {
    #id; #refed = true;
    constructor(id) { this.#id = id; }
    ref() { this.#refed = true; return this; }
    unref() { this.#refed = false; return this; }
    hasRef() { return this.#refed; }
    refresh() { return this; }
    close() { platform.clearTimeout(this.#id); return this; }
    [Symbol.toPrimitive]() { return this.#id; }
    static idOf(t) { return t instanceof Timeout ? t.#id : t; }
  }
  class Immediate extends Timeout {}

  function setTimeout(callback, delay, ...args) {
    validateFunction(callback, "callback");
    return new Timeout(platform.setTimeout(callback, delay, ...args));
  }
  function setInterval(callback, delay, ...args) {
    validateFunction(callback, "callback");
    return new Timeout(platform.setInterval(callback, delay, ...args));
  }
  function setImmediate(callback, ...args) {
    validateFunction(callback, "callback");
    return new Immediate(platform.setTimeout(callback, 0, ...args));
  }
  const clearTimeout = (t) => platform.clearTimeout(Timeout.idOf(t));
  const clearInterval = (t) => platform.clearInterval(Timeout.idOf(t));
  const clearImmediate = (t) => platform.clearTimeout(Timeout.idOf(t));

  function withSignal(options, start) {
    if (options !== undefined) validateObject(options, "options");
    const signal = options && options.signal;
    validateAbortSignal(signal, "options.signal");
    if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    return new Promise((resolve, reject) => {
      const onAbort = () => { cancel(); reject(new AbortError(undefined, { cause: signal.reason })); };
      const cancel = start((v) => { if (signal) signal.removeEventListener("abort", onAbort); resolve(v); });
      if (signal) signal.addEventListener("abort", onAbort, { once: true });
    });
  }
  const promises = {
    setTimeout(delay, value, options) {
      return withSignal(options, (done) => { const id = platform.setTimeout(() => done(value), delay); return () => platform.clearTimeout(id); });
    },
    setImmediate(value, options) {
      return withSignal(options, (done) => { const id = platform.setTimeout(() => done(value), 0); return () => platform.clearTimeout(id); });
    },
    setInterval(delay, value, options) {
      const signal = options && options.signal;
      validateAbortSignal(signal, "options.signal");
      let pending = 0, waiting = null, done = false;
      const id = platform.setInterval(() => {
        pending++;
        if (waiting) { const w = waiting; waiting = null; pending--; w.resolve({ value, done: false }); }
      }, delay);
      const stop = () => { done = true; platform.clearInterval(id); };
      if (signal) signal.addEventListener("abort", () => {
        stop();
        if (waiting) { waiting.reject(new AbortError(undefined, { cause: signal.reason })); waiting = null; }
      }, { once: true });
      return {
        next() {
          if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
          if (done) return Promise.resolve({ value: undefined, done: true });
          if (pending > 0) { pending--; return Promise.resolve({ value, done: false }); }
          return new Promise((resolve, reject) => { waiting = { resolve, reject }; });
        },
        return() { stop(); return Promise.resolve({ value: undefined, done: true }); },
        [Symbol.asyncIterator]() { return this; },
      };
    },
    scheduler: {
      wait(delay, options) { return promises.setTimeout(delay, undefined, options); },
      yield() { return promises.setImmediate(); },
    },
  };
  const unsupported = internal.notImplemented;
  return {
    setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, promises, Timeout,
    active: unsupported("timers.active"), enroll: unsupported("timers.enroll"), unenroll: unsupported("timers.unenroll"),
  };
})
