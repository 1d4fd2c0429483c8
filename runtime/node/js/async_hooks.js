// node:async_hooks as workerd has it: AsyncLocalStorage and AsyncResource. The current
// frame (a chain, below) is replaced, never changed, by run and exit; the runtime
// carries it to promise callbacks, timers and I/O callbacks.
(function (require, native, internal) {
  "use strict";
  const { validateFunction, validateObject, codes } = internal;
  const frame = () => native.frame();
  const withFrame = (f, fn, thisArg, args) => {
    const prev = native.frame();
    native.setFrame(f);
    try { return Reflect.apply(fn, thisArg, args); } finally { native.setFrame(prev); }
  };
  // A frame is a chain of { storage, store, parent }: entering one storage's store is one
  // small object, and a store is found by walking to the nearest link of its storage.
  const withStore = (als, store) => ({ storage: als, store, parent: frame() });
  const without = (als) => (frame() ? { storage: als, store: undefined, parent: frame(), exited: true } : undefined);
  function lookup(f, als) {
    for (; f; f = f.parent) if (f.storage === als) return f.exited ? undefined : f.store;
    return undefined;
  }

  class AsyncLocalStorage {
    #name;
    constructor(options = {}) {
      validateObject(options, "options");
      this.#name = options.name;
    }
    get name() { return this.#name ?? ""; }
    getStore() { return lookup(frame(), this); }
    run(store, callback, ...args) {
      if (typeof callback !== "function") throw new TypeError("Failed to execute 'run' on 'AsyncLocalStorage': parameter 2 is not of type 'function'.");
      return withFrame(withStore(this, store), callback, undefined, args);
    }
    exit(callback, ...args) {
      if (typeof callback !== "function") throw new TypeError("Failed to execute 'exit' on 'AsyncLocalStorage': parameter 1 is not of type 'function'.");
      return withFrame(without(this), callback, undefined, args);
    }
    // workerd has no enterWith (its frames are only entered with run) and a no-op
    // disable.
    enterWith() { throw new Error("asyncLocalStorage.enterWith() is not implemented"); }
    disable() {}
    static bind(fn) { return AsyncResource.bind(fn); }
    static snapshot() {
      const f = frame();
      return function runInAsyncScope(fn, ...args) { return withFrame(f, fn, this, args); };
    }
  }

  class AsyncResource {
    #frame;
    #type;
    constructor(type, options = {}) {
      internal.validateString(type, "type");
      this.#type = type;
      this.#frame = frame();
    }
    runInAsyncScope(fn, thisArg, ...args) {
      validateFunction(fn, "fn");
      return withFrame(this.#frame, fn, thisArg, args);
    }
    bind(fn, thisArg) {
      validateFunction(fn, "fn");
      const self = this;
      const bound = function (...args) { return self.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args); };
      Object.defineProperties(bound, {
        length: { value: fn.length, configurable: true },
        asyncResource: { value: this, configurable: true, enumerable: true, writable: true },
      });
      return bound;
    }
    emitDestroy() { return this; }
    asyncId() { return 0; }
    triggerAsyncId() { return 0; }
    static bind(fn, type, thisArg) {
      validateFunction(fn, "fn");
      return new AsyncResource(type || fn.name || "bound-anonymous-fn").bind(fn, thisArg);
    }
  }

  const unsupported = (name) => () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(name); };
  return {
    AsyncLocalStorage, AsyncResource,
    createHook: () => ({ enable() { return this; }, disable() { return this; } }),
    executionAsyncId: () => 0, triggerAsyncId: () => 0, executionAsyncResource: () => ({}),
    asyncWrapProviders: Object.freeze({}),
  };
})
