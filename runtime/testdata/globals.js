import { eq } from "./assert.js";

function throws(fn, ctor, what) {
  try { fn(); } catch (e) { eq(e instanceof ctor, true, what + ": " + e); return e; }
  throw new Error(what + ": did not throw");
}

export default {
  async fetch() {
    // timers return numbers and run their callbacks
    const id = setTimeout(() => {}, 10);
    eq(typeof id, "number", "setTimeout returns a number");
    clearTimeout(id);
    const order = [];
    await new Promise((resolve) => {
      setTimeout((a, b) => { order.push(a + b); resolve(); }, 5, "x", "y");
      queueMicrotask(() => order.push("micro"));
    });
    eq(order, ["micro", "xy"], "microtask before timer, timer arguments");
    let ticks = 0;
    await new Promise((resolve) => {
      const iv = setInterval(() => { if (++ticks === 3) { clearInterval(iv); resolve(); } }, 1);
    });
    eq(ticks, 3, "setInterval");
    let fired = false;
    const cancelled = setTimeout(() => { fired = true; }, 1);
    clearTimeout(cancelled);
    await new Promise((r) => setTimeout(r, 10));
    eq(fired, false, "clearTimeout cancels");
    throws(() => setTimeout("code"), TypeError, "setTimeout with a string");
    const fired2 = [];
    await new Promise((resolve) => {
      for (let i = 0; i < 50; i++) setTimeout(() => fired2.push(i), i % 2); // 0, 1, 0, 1, ...
      setTimeout(resolve, 20);
    });
    const evens = fired2.filter((i) => i % 2 === 0), odds = fired2.filter((i) => i % 2 === 1);
    eq([evens, odds], [evens.slice().sort((a, b) => a - b), odds.slice().sort((a, b) => a - b)], "timers of one delay run in the order they were set");
    const mixed = [];
    await new Promise((resolve) => {
      setTimeout(() => mixed.push("a"), 0);
      setTimeout(() => { mixed.push("b"); Promise.resolve().then(() => mixed.push("b-micro")); }, 0);
      setTimeout(() => { mixed.push("c"); resolve(); }, 0);
    });
    eq(mixed, ["a", "b", "b-micro", "c"], "microtasks run between timers");

    // console's other methods exist, as in workerd, and print nothing
    for (const m of ["count", "countReset", "time", "timeLog", "timeEnd", "group", "groupCollapsed", "groupEnd", "table"]) {
      eq(typeof console[m], "function", "console." + m);
      console[m]("label");
    }

    // workerd's scheduler.wait, navigator.sendBeacon, performance's clock
    const before = Date.now();
    await scheduler.wait(2);
    eq([Date.now() - before >= 2, typeof navigator.sendBeacon, performance.timeOrigin, Math.abs(performance.now() - Date.now()) < 5], [true, "function", 0, true], "scheduler, navigator, performance");
    const waitAbort = new AbortController();
    const waiting = scheduler.wait(10000, { signal: waitAbort.signal });
    waitAbort.abort(new Error("stop"));
    eq(await waiting.catch((e) => e.message), "stop", "scheduler.wait aborted");
    eq([String(waitAbort), String(waitAbort.signal), String(new Event("x")), String(new EventTarget())], ["[object AbortController]", "[object AbortSignal]", "[object Event]", "[object EventTarget]"], "toStringTag");

    // atob / btoa
    eq(btoa("hello"), "aGVsbG8=", "btoa");
    eq(atob("aGVsbG8="), "hello", "atob");
    eq(atob(" aGVs bG8 "), "hello", "atob skips whitespace");
    eq(atob("aGVsbG8"), "hello", "atob without padding");
    const bad = throws(() => atob("a"), DOMException, "atob of one char");
    eq(bad.name, "InvalidCharacterError", "atob error name");
    eq(throws(() => btoa("é😀"), DOMException, "btoa outside Latin1").name, "InvalidCharacterError", "btoa error name");
    eq(btoa(String.fromCharCode(0, 255)), "AP8=", "btoa of binary");

    // structuredClone
    const src = { d: new Date(0), m: new Map([[1, { x: [1, 2] }]]), s: new Set(["a"]), u: new Uint8Array([1, 2]), n: null };
    src.self = src;
    const c = structuredClone(src);
    eq([c !== src, c.self === c, c.d instanceof Date, c.d.getTime(), c.m.get(1).x, [...c.s], [...c.u]],
      [true, true, true, 0, [1, 2], ["a"], [1, 2]], "structuredClone");
    eq(throws(() => structuredClone(() => 1), DOMException, "cloning a function").name, "DataCloneError", "DataCloneError");

    // Event, EventTarget, AbortController, AbortSignal
    const target = new EventTarget();
    const seen = [];
    target.addEventListener("ping", (e) => seen.push(e.type + ":" + (e.target === target)));
    target.addEventListener("ping", () => seen.push("once"), { once: true });
    target.dispatchEvent(new Event("ping"));
    target.dispatchEvent(new Event("ping"));
    eq(seen, ["ping:true", "once", "ping:true"], "EventTarget");
    const ev = new Event("x", { cancelable: true });
    ev.preventDefault();
    eq(ev.defaultPrevented, true, "preventDefault");
    const ac = new AbortController();
    let reason = null;
    ac.signal.addEventListener("abort", () => { reason = ac.signal.reason; });
    ac.abort("why");
    eq([ac.signal.aborted, reason], [true, "why"], "abort");
    const plain = new AbortController();
    plain.abort();
    eq([plain.signal.reason instanceof DOMException, plain.signal.reason.name], [true, "AbortError"], "default abort reason");
    throws(() => plain.signal.throwIfAborted(), DOMException, "throwIfAborted");
    const t = AbortSignal.timeout(5);
    await new Promise((r) => t.addEventListener("abort", r));
    eq(t.reason.name, "TimeoutError", "AbortSignal.timeout");
    eq(AbortSignal.any([AbortSignal.abort("first")]).reason, "first", "AbortSignal.any");
    throws(() => new AbortSignal(), TypeError, "AbortSignal is not constructible");
    const dom = new DOMException("msg", "NotFoundError");
    eq([dom.name, dom.message, dom.code, dom instanceof Error, Object.prototype.toString.call(dom)],
      ["NotFoundError", "msg", 8, true, "[object DOMException]"], "DOMException");

    // navigator, performance
    eq(navigator.userAgent, "Cloudflare-Workers", "navigator.userAgent");
    const t0 = performance.now();
    eq(typeof t0 === "number" && t0 >= 0, true, "performance.now");
    return new Response("ok");
  },
};
