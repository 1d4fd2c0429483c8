import { eq } from "./assert.js";
import { env as importedEnv, WorkerEntrypoint, DurableObject } from "cloudflare:workers";

const envAtModuleScope = importedEnv;

// Class fields named get, set and async, which goja's parser takes for accessors (hono's
// Context has `set = (key, value) => …` and `get = (key) => …`).
class Store {
  #m = new Map();
  set = (k, v) => { this.#m.set(k, v); };
  get = (k) => this.#m.get(k);
  async = "async field";
  static get = "static get";
  static set = (x) => x * 2;
  thrower = () => { throw new Error("from a field"); };
}
class Trailing { get
}
class TrailingSet { set }
class Accessors {
  #v = 1;
  get v() { return this.#v; }
  set v(x) { this.#v = x; }
  async f() { return "async method"; }
  static async g() { return "static async"; }
  get() { return "method named get"; }
  set(x) { return "method named set " + x; }
  async async() { return "async method named async"; }
}

export default {
  async fetch(request, env) {
    // cloudflare:workers, imported statically and with import() of a variable (hono's
    // logger does `await import(cfWorkers)`), is one module whose env is the handler's.
    // (workerd's is not the same object as the handler's env, but has the same bindings)
    eq([typeof envAtModuleScope, Object.keys(envAtModuleScope)], ["object", Object.keys(env)], "cloudflare:workers env has the handler's bindings");
    const spec = "cloudflare:workers";
    const m = await import(spec);
    eq([m.env === importedEnv, Object.keys(m.env)], [true, Object.keys(env)], "import() of cloudflare:workers");
    eq(m.WorkerEntrypoint === WorkerEntrypoint, true, "one module instance");
    eq(Object.prototype.toString.call(m), "[object Module]", "a module namespace");
    // (workerd exports more: RpcStub, withEnv, exports, cache, …; issue 12 adds them)
    eq(["DurableObject", "RpcTarget", "WorkerEntrypoint", "WorkflowEntrypoint", "env", "waitUntil"].filter((k) => !(k in m)), [], "its exports");
    const [c1, e1] = [{ c: 1 }, { e: 1 }];
    const ep = new (class extends WorkerEntrypoint {})(c1, e1);
    eq([ep.ctx === c1, ep.env === e1], [true, true], "WorkerEntrypoint keeps ctx and env");
    let doErr = null;
    try { new DurableObject(c1, e1); } catch (e) { doErr = e; }
    eq(doErr && doErr.message, "Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'.", "a DurableObject needs a state");
    let ctorErr = null;
    try { new WorkerEntrypoint("ctx", {}); } catch (e) { ctorErr = e; }
    eq([ctorErr instanceof TypeError, ctorErr && ctorErr.message], [true, "Failed to construct 'WorkerEntrypoint': constructor parameter 1 is not of type 'JsObject'."], "WorkerEntrypoint checks its arguments");
    for (const [name, msg] of [["nope", 'No such module "nope".'], ["./x.js", 'No such module "x.js".'], ["cloudflare:nope", 'No such module "cloudflare:nope".']]) {
      const p = import(name);
      eq(p instanceof Promise, true, "import() returns a promise");
      try { await p; eq(true, false, "import of " + name); } catch (e) { eq([e instanceof Error, e.message], [true, msg], "import of " + name); }
    }

    const s = new Store();
    s.set("a", 1);
    eq(s.get("a"), 1, "get/set fields");
    eq(s.async, "async field", "async field");
    eq(Store.get, "static get", "static get field");
    eq(Store.set(21), 42, "static set field");
    eq(Object.keys(s), ["set", "get", "async", "thrower"], "field names");
    eq("get" in new Trailing(), true, "a get field at the end of the body");
    eq("set" in new TrailingSet(), true, "a set field at the end of the body");
    const a = new Accessors();
    a.v = 5;
    eq(a.v, 5, "accessors still accessors");
    eq(await a.f(), "async method", "async method");
    eq(await Accessors.g(), "static async", "static async method");
    eq(a.get(), "method named get", "method named get");
    eq(a.set(1), "method named set 1", "method named set");
    eq(await a.async(), "async method named async", "method named async");
    // The repair keeps every position: the stack points into this file, at the throw.
    try {
      s.thrower();
    } catch (e) {
      eq(e.stack.includes("at thrower (src/index.ts:15:27"), true, "stack of a field's function: " + e.stack);
    }
    return new Response("ok");
  },
};
