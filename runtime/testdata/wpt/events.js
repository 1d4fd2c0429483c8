// wpt dom/events: our cases of the behaviours its files test (Event-constructors,
// Event-initEvent, Event-propagation, Event-dispatch-*, EventTarget-addEventListener,
// AddEventListenerOptions-once/passive/signal, EventTarget-removeEventListener,
// Event-stopImmediatePropagation, Event-defaultPrevented, CustomEvent, Event-timestamp).
import { test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals, assert_class_string } from "./harness.js";

test(() => {
  const e = new Event("x");
  for (const [k, v] of Object.entries({ type: "x", bubbles: false, cancelable: false, composed: false, defaultPrevented: false, target: null, currentTarget: null, eventPhase: 0 })) assert_equals(e[k], v, k);
  assert_class_string(e, "Event");
}, "Event's defaults");
test(() => assert_throws_js(TypeError, () => new Event()), "Event without a type throws");
test(() => { const e = new Event("x", { bubbles: true, cancelable: true, composed: true }); assert_true(e.bubbles); assert_true(e.cancelable); assert_true(e.composed); }, "Event init members");
test(() => { assert_equals(Event.NONE, 0); assert_equals(Event.CAPTURING_PHASE, 1); assert_equals(Event.AT_TARGET, 2); assert_equals(Event.BUBBLING_PHASE, 3); }, "Event phase constants");
test(() => { const e = new Event("x", { cancelable: true }); e.preventDefault(); assert_true(e.defaultPrevented); }, "preventDefault on a cancelable event");
test(() => { const e = new Event("x"); e.preventDefault(); assert_false(e.defaultPrevented); }, "preventDefault on a non-cancelable event does nothing");
test(() => { const e = new Event("x", { cancelable: true }); e.returnValue = false; assert_true(e.defaultPrevented); assert_false(e.returnValue); }, "returnValue = false prevents default");
test(() => { const e = new Event("x"); assert_equals(typeof e.timeStamp, "number"); }, "timeStamp is a number");
test(() => { const e = new CustomEvent("c", { detail: { a: 1 } }); assert_equals(e.detail.a, 1); assert_true(e instanceof Event); assert_class_string(e, "CustomEvent"); }, "CustomEvent detail");
test(() => assert_equals(new CustomEvent("c").detail, null), "CustomEvent detail defaults to null");
test(() => {
  const t = new EventTarget(); const e = new Event("x"); let seen = null;
  t.addEventListener("x", function (ev) { seen = [this === t, ev === e, ev.target === t, ev.currentTarget === t, ev.eventPhase]; });
  assert_true(t.dispatchEvent(e));
  assert_array_equals(seen, [true, true, true, true, 2]);
  assert_equals(e.currentTarget, null); assert_equals(e.eventPhase, 0);
}, "dispatchEvent calls the listener with the target, at target");
test(() => { const t = new EventTarget(); const e = new Event("x", { cancelable: true }); t.addEventListener("x", (ev) => ev.preventDefault()); assert_false(t.dispatchEvent(e)); }, "dispatchEvent returns false when default was prevented");
test(() => {
  const t = new EventTarget(); let n = 0; const f = () => n++;
  t.addEventListener("x", f); t.addEventListener("x", f);
  t.dispatchEvent(new Event("x")); assert_equals(n, 1);
}, "The same listener is added once");
test(() => {
  const t = new EventTarget(); let n = 0; const f = () => n++;
  t.addEventListener("x", f); t.addEventListener("x", f, { capture: true });
  t.dispatchEvent(new Event("x")); assert_equals(n, 2);
}, "Capture and non-capture registrations are distinct");
test(() => {
  const t = new EventTarget(); let n = 0; const f = () => n++;
  t.addEventListener("x", f); t.removeEventListener("x", f); t.dispatchEvent(new Event("x")); assert_equals(n, 0);
}, "removeEventListener removes");
test(() => {
  const t = new EventTarget(); let n = 0;
  t.addEventListener("x", () => n++, { once: true });
  t.dispatchEvent(new Event("x")); t.dispatchEvent(new Event("x")); assert_equals(n, 1);
}, "once removes the listener after one call");
test(() => {
  const t = new EventTarget(); const c = new AbortController(); let n = 0;
  t.addEventListener("x", () => n++, { signal: c.signal });
  t.dispatchEvent(new Event("x")); c.abort(); t.dispatchEvent(new Event("x")); assert_equals(n, 1);
}, "signal removes the listener on abort");
test(() => {
  const t = new EventTarget(); let n = 0;
  t.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("x")); assert_equals(n, 0);
}, "an aborted signal adds no listener");
test(() => {
  const t = new EventTarget(); let prevented = null;
  t.addEventListener("x", (e) => { e.preventDefault(); prevented = e.defaultPrevented; }, { passive: true });
  t.dispatchEvent(new Event("x", { cancelable: true })); assert_false(prevented);
}, "preventDefault in a passive listener does nothing");
test(() => {
  const t = new EventTarget(); const order = [];
  t.addEventListener("x", (e) => { order.push(1); e.stopImmediatePropagation(); });
  t.addEventListener("x", () => order.push(2));
  t.dispatchEvent(new Event("x")); assert_array_equals(order, [1]);
}, "stopImmediatePropagation stops the other listeners");
test(() => {
  const t = new EventTarget(); const order = [];
  t.addEventListener("x", (e) => { order.push(1); e.stopPropagation(); });
  t.addEventListener("x", () => order.push(2));
  t.dispatchEvent(new Event("x")); assert_array_equals(order, [1, 2]);
}, "stopPropagation does not stop listeners on the same target");
test(() => {
  const t = new EventTarget(); const order = [];
  const second = () => order.push(2);
  t.addEventListener("x", () => { order.push(1); t.removeEventListener("x", second); });
  t.addEventListener("x", second);
  t.dispatchEvent(new Event("x")); assert_array_equals(order, [1]);
}, "A listener removed during dispatch is not called");
test(() => {
  const t = new EventTarget(); const order = [];
  t.addEventListener("x", () => { order.push(1); t.addEventListener("x", () => order.push(3)); });
  t.addEventListener("x", () => order.push(2));
  t.dispatchEvent(new Event("x")); assert_array_equals(order, [1, 2]);
}, "A listener added during dispatch is not called in that dispatch");
test(() => {
  const t = new EventTarget(); let seen = null;
  t.addEventListener("x", { handleEvent(e) { seen = this; } });
  t.dispatchEvent(new Event("x")); assert_equals(typeof seen.handleEvent, "function");
}, "A listener object's handleEvent is called with the object as this");
test(() => {
  const t = new EventTarget(); const e = new Event("x");
  t.addEventListener("x", () => { assert_throws_dom_like(() => t.dispatchEvent(e)); });
  t.dispatchEvent(e);
  function assert_throws_dom_like(f) { let ok = false; try { f(); } catch (err) { ok = err.name === "InvalidStateError"; } if (!ok) throw new Error("no InvalidStateError"); }
}, "Dispatching an event that is being dispatched throws InvalidStateError");
test(() => { const t = new EventTarget(); t.addEventListener("x", null); t.removeEventListener("x", null); t.dispatchEvent(new Event("x")); }, "A null listener is ignored");
test(() => assert_throws_js(TypeError, () => new EventTarget().dispatchEvent({ type: "x" })), "dispatchEvent of a non-Event throws");
test(() => { const e = new Event("x"); assert_equals(e.composedPath().length, 0); }, "composedPath outside dispatch is empty");
test(() => {
  const t = new EventTarget(); let path = null;
  t.addEventListener("x", (e) => { path = e.composedPath(); });
  t.dispatchEvent(new Event("x")); assert_equals(path.length, 1); assert_equals(path[0], t);
}, "composedPath during dispatch is the target");
test(() => {
  class My extends EventTarget { constructor() { super(); this.n = 0; } }
  const m = new My(); m.addEventListener("x", () => m.n++); m.dispatchEvent(new Event("x")); assert_equals(m.n, 1);
}, "EventTarget can be subclassed");
test(() => {
  const e = new Event("x", { cancelable: true }); e.cancelBubble = true;
  const t = new EventTarget(); let n = 0; t.addEventListener("x", () => n++);
  t.dispatchEvent(e); assert_equals(n, 0);
}, "cancelBubble before dispatch stops the dispatch");
test(() => {
  const t = new EventTarget(); let n = 0;
  const e = new Event("x"); t.addEventListener("x", () => n++);
  t.dispatchEvent(e); t.dispatchEvent(e); assert_equals(n, 2);
}, "An event may be dispatched again after its dispatch");

export default { fetch: run };
