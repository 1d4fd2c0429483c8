// wpt streams/: our cases of the behaviours its files test (readable-streams/general,
// default-reader, tee, async-iterator, from, cancel, bad-underlying-sources; readable-byte-streams;
// writable-streams/general, write, close, aborting, backpressure; transform-streams/general,
// flush, errors, terminate; piping/general, pipe-through, flow-control; queuing-strategies).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals, assert_class_string, promise_rejects_js, promise_rejects_exactly } from "./harness.js";

const readAll = async (rs) => { const out = []; const r = rs.getReader(); for (;;) { const { done, value } = await r.read(); if (done) return out; out.push(value); } };
const from = (items) => new ReadableStream({ start(c) { for (const i of items) c.enqueue(i); c.close(); } });
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

// readable-streams/general
test(() => { new ReadableStream(); new ReadableStream({}); new ReadableStream(undefined); }, "ReadableStream can be constructed with no arguments");
test(() => assert_throws_js(TypeError, () => new ReadableStream(null)), "ReadableStream with null throws");
test(() => assert_throws_js(TypeError, () => new ReadableStream({ type: "bad" })), "ReadableStream with an invalid type throws");
test(() => {
  const rs = new ReadableStream();
  for (const m of ["cancel", "getReader", "pipeThrough", "pipeTo", "tee"]) assert_equals(typeof rs[m], "function", m);
  assert_false(rs.locked); assert_class_string(rs, "ReadableStream");
}, "ReadableStream instances have the right methods");
promise_test(async () => { let ctl; new ReadableStream({ start(c) { ctl = c; } }); assert_equals(typeof ctl.enqueue, "function"); assert_equals(ctl.desiredSize, 1); }, "start gets a controller with desiredSize 1 by default");
promise_test(async () => assert_array_equals(await readAll(from(["a", "b"])), ["a", "b"]), "enqueued chunks are read in order");
promise_test(async () => {
  let pulls = 0;
  const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); } });
  assert_array_equals(await readAll(rs), [1, 2, 3]);
}, "pull is called as chunks are read");
promise_test(async () => {
  let pulls = 0;
  new ReadableStream({ pull() { pulls++; } }, { highWaterMark: 0 });
  await delay(5); assert_equals(pulls, 0);
}, "highWaterMark 0 does not pull before a read");
promise_test(async () => {
  const rs = new ReadableStream({ start(c) { c.error(new TypeError("e")); } });
  await promise_rejects_js(TypeError, rs.getReader().read());
}, "an errored stream rejects reads");
promise_test(async () => {
  const err = new Error("start");
  const rs = new ReadableStream({ start() { throw err; } });
  await promise_rejects_exactly(err, rs.getReader().closed);
}, "a start that throws errors the stream");
promise_test(async () => {
  const err = new Error("pull");
  const rs = new ReadableStream({ pull() { throw err; } });
  await promise_rejects_exactly(err, rs.getReader().read());
}, "a pull that throws errors the stream");
promise_test(async () => {
  let reason;
  const rs = new ReadableStream({ cancel(r) { reason = r; } });
  await rs.cancel("why"); assert_equals(reason, "why");
}, "cancel calls the source's cancel with the reason");
promise_test(async () => {
  const rs = from(["a"]); const r = rs.getReader();
  await r.cancel(); const res = await r.read(); assert_true(res.done);
}, "a cancelled stream reads as done");
test(() => { const rs = new ReadableStream(); rs.getReader(); assert_true(rs.locked); assert_throws_js(TypeError, () => rs.getReader()); }, "getReader locks the stream");
promise_test(async () => { const rs = new ReadableStream(); rs.getReader(); await promise_rejects_js(TypeError, rs.cancel()); }, "cancel of a locked stream rejects");
promise_test(async () => {
  const rs = new ReadableStream(); const r = rs.getReader(); r.releaseLock();
  assert_false(rs.locked); rs.getReader();
}, "releaseLock unlocks");
promise_test(async () => {
  const rs = new ReadableStream(); const r = rs.getReader(); const p = r.read(); r.releaseLock();
  await promise_rejects_js(TypeError, p);
}, "releaseLock rejects pending reads");
promise_test(async () => { const r = from([]).getReader(); await r.closed; }, "reader.closed resolves when the stream closes");
test(() => { let c; new ReadableStream({ start(x) { c = x; } }); c.close(); assert_throws_js(TypeError, () => c.enqueue("x")); }, "enqueue after close throws");
test(() => { let c; new ReadableStream({ start(x) { c = x; } }); c.close(); assert_throws_js(TypeError, () => c.close()); }, "close twice throws");
promise_test(async () => {
  const sizes = [];
  let c; new ReadableStream({ start(x) { c = x; } }, { highWaterMark: 10, size(ch) { sizes.push(ch); return ch.length; } });
  c.enqueue("abcd"); assert_equals(c.desiredSize, 6); assert_array_equals(sizes, ["abcd"]);
}, "a size function and highWaterMark set desiredSize");
// tee
promise_test(async () => {
  const [a, b] = from(["x", "y"]).tee();
  assert_array_equals(await readAll(a), ["x", "y"]); assert_array_equals(await readAll(b), ["x", "y"]);
}, "tee gives both branches every chunk");
promise_test(async () => {
  let reason;
  const rs = new ReadableStream({ cancel(r) { reason = r; } });
  const [a, b] = rs.tee();
  await a.cancel("1"); assert_equals(reason, undefined);
  await b.cancel("2"); assert_array_equals(reason, ["1", "2"]);
}, "tee cancels the source when both branches cancel, with both reasons");
promise_test(async () => {
  const err = new Error("e");
  const rs = new ReadableStream({ start(c) { c.error(err); } });
  const [a, b] = rs.tee();
  await promise_rejects_exactly(err, a.getReader().read()); await promise_rejects_exactly(err, b.getReader().read());
}, "an error reaches both branches");
// async iteration and from
promise_test(async () => { const out = []; for await (const c of from([1, 2, 3])) out.push(c); assert_array_equals(out, [1, 2, 3]); }, "for await reads a stream");
promise_test(async () => {
  let cancelled = false;
  const rs = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel() { cancelled = true; } });
  for await (const c of rs) { void c; break; }
  assert_true(cancelled); assert_false(rs.locked);
}, "break in for await cancels the stream");
promise_test(async () => {
  const rs = from([1]);
  for await (const c of rs.values({ preventCancel: true })) { void c; break; }
  assert_false(rs.locked);
}, "values({preventCancel}) exists and unlocks");
promise_test(async () => assert_array_equals(await readAll(ReadableStream.from([1, 2])), [1, 2]), "ReadableStream.from an array");
promise_test(async () => {
  async function* gen() { yield "a"; yield "b"; }
  assert_array_equals(await readAll(ReadableStream.from(gen())), ["a", "b"]);
}, "ReadableStream.from an async generator");
test(() => assert_throws_js(TypeError, () => ReadableStream.from(1)), "ReadableStream.from a non-iterable throws");
// byte streams
promise_test(async () => {
  const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
  const r = rs.getReader({ mode: "byob" });
  const { value } = await r.read(new Uint8Array(2));
  assert_array_equals([...value], [1, 2]);
  const { value: v2 } = await r.read(new Uint8Array(4));
  assert_array_equals([...v2], [3]);
}, "a BYOB reader reads into the given buffer");
promise_test(async () => {
  const rs = new ReadableStream({ type: "bytes", pull(c) { const v = c.byobRequest.view; v[0] = 9; c.byobRequest.respond(1); c.close(); } });
  const { value } = await rs.getReader({ mode: "byob" }).read(new Uint8Array(1));
  assert_array_equals([...value], [9]);
}, "byobRequest lets the source fill the reader's buffer");
test(() => assert_throws_js(TypeError, () => new ReadableStream().getReader({ mode: "byob" })), "a BYOB reader of a default stream throws");
promise_test(async () => {
  const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([5])); c.close(); } });
  assert_array_equals([...(await readAll(rs))[0]], [5]);
}, "a byte stream reads with a default reader");
// writable streams
promise_test(async () => {
  const got = [];
  const ws = new WritableStream({ write(c) { got.push(c); } });
  const w = ws.getWriter(); await w.write("a"); await w.write("b"); await w.close();
  assert_array_equals(got, ["a", "b"]);
}, "WritableStream writes in order");
promise_test(async () => {
  let closed = false;
  const w = new WritableStream({ close() { closed = true; } }).getWriter();
  await w.close(); assert_true(closed); await w.closed;
}, "close calls the sink's close and resolves closed");
promise_test(async () => {
  const err = new Error("w");
  const w = new WritableStream({ write() { throw err; } }).getWriter();
  await promise_rejects_exactly(err, w.write("x"));
  await promise_rejects_exactly(err, w.closed);
}, "a sink write that throws errors the stream");
promise_test(async () => {
  let reason;
  const ws = new WritableStream({ abort(r) { reason = r; } });
  await ws.abort("stop"); assert_equals(reason, "stop");
}, "abort calls the sink's abort");
promise_test(async () => {
  const w = new WritableStream({}, { highWaterMark: 2 }).getWriter();
  assert_equals(w.desiredSize, 2); await w.ready;
}, "desiredSize and ready follow the highWaterMark");
promise_test(async () => {
  let release; const block = new Promise((r) => { release = r; });
  const w = new WritableStream({ write() { return block; } }, { highWaterMark: 1 }).getWriter();
  w.write("a"); w.write("b");
  assert_equals(w.desiredSize, 0);
  release(); await w.ready;
}, "backpressure: desiredSize falls while writes are pending");
test(() => { const ws = new WritableStream(); ws.getWriter(); assert_true(ws.locked); assert_throws_js(TypeError, () => ws.getWriter()); }, "getWriter locks the stream");
promise_test(async () => { const w = new WritableStream().getWriter(); await w.close(); await promise_rejects_js(TypeError, w.write("x")); }, "write after close rejects");
test(() => assert_class_string(new WritableStream(), "WritableStream"), "WritableStream class string");
// transform streams
promise_test(async () => {
  const ts = new TransformStream({ transform(c, ctl) { ctl.enqueue(c.toUpperCase()); } });
  const w = ts.writable.getWriter(); w.write("a"); w.write("b"); w.close();
  assert_array_equals(await readAll(ts.readable), ["A", "B"]);
}, "TransformStream transforms each chunk");
promise_test(async () => {
  const ts = new TransformStream();
  const w = ts.writable.getWriter(); w.write(1); w.close();
  assert_array_equals(await readAll(ts.readable), [1]);
}, "an identity TransformStream");
promise_test(async () => {
  const ts = new TransformStream({ flush(ctl) { ctl.enqueue("end"); } });
  const w = ts.writable.getWriter(); w.write("x"); w.close();
  assert_array_equals(await readAll(ts.readable), ["x", "end"]);
}, "flush may enqueue");
promise_test(async () => {
  const err = new Error("t");
  const ts = new TransformStream({ transform() { throw err; } });
  const w = ts.writable.getWriter();
  const reading = ts.readable.getReader().read();
  await promise_rejects_exactly(err, w.write("x"));
  await promise_rejects_exactly(err, reading);
}, "a transform that throws errors both sides");
promise_test(async () => {
  const ts = new TransformStream({ start(ctl) { ctl.terminate(); } });
  const res = await ts.readable.getReader().read(); assert_true(res.done);
  await promise_rejects_js(TypeError, ts.writable.getWriter().write("x"));
}, "terminate closes the readable and errors the writable");
// piping
promise_test(async () => {
  const got = [];
  await from([1, 2]).pipeTo(new WritableStream({ write(c) { got.push(c); } }));
  assert_array_equals(got, [1, 2]);
}, "pipeTo moves every chunk and closes");
promise_test(async () => {
  const out = await readAll(from(["a"]).pipeThrough(new TransformStream({ transform(c, ctl) { ctl.enqueue(c + c); } })));
  assert_array_equals(out, ["aa"]);
}, "pipeThrough returns the transform's readable");
promise_test(async () => {
  let closed = false;
  await from([1]).pipeTo(new WritableStream({ close() { closed = true; } }), { preventClose: true });
  assert_false(closed);
}, "pipeTo with preventClose leaves the destination open");
promise_test(async () => {
  const err = new Error("src");
  let aborted;
  const rs = new ReadableStream({ start(c) { c.error(err); } });
  await promise_rejects_exactly(err, rs.pipeTo(new WritableStream({ abort(r) { aborted = r; } })));
  assert_equals(aborted, err);
}, "a source error aborts the destination");
promise_test(async () => {
  const c = new AbortController();
  const rs = new ReadableStream({ pull(ctl) { ctl.enqueue(1); } });
  const p = rs.pipeTo(new WritableStream(), { signal: c.signal });
  c.abort();
  try { await p; throw new Error("resolved"); } catch (e) { assert_equals(e.name, "AbortError"); }
}, "pipeTo stops on its signal's abort with an AbortError");
test(() => { const rs = new ReadableStream(); rs.pipeTo(new WritableStream()); assert_true(rs.locked); }, "pipeTo locks the source");
// queuing strategies
test(() => { const s = new CountQueuingStrategy({ highWaterMark: 4 }); assert_equals(s.highWaterMark, 4); assert_equals(s.size("anything"), 1); }, "CountQueuingStrategy");
test(() => { const s = new ByteLengthQueuingStrategy({ highWaterMark: 16 }); assert_equals(s.highWaterMark, 16); assert_equals(s.size(new Uint8Array(5)), 5); }, "ByteLengthQueuingStrategy");
test(() => assert_throws_js(TypeError, () => new CountQueuingStrategy()), "CountQueuingStrategy without init throws");
test(() => assert_throws_js(RangeError, () => new ReadableStream({}, { highWaterMark: -1 })), "a negative highWaterMark throws a RangeError");

export default { fetch: run };
