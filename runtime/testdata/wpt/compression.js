// wpt compression/: our cases of the behaviours its files test (compression-stream,
// decompression-correct-input, decompression-corrupt-input, compression-including-empty-chunk,
// compression-multiple-chunks, compression-output-length, decompression-split-chunk,
// compression-bad-chunks, compression-constructor-error, decompression-empty-input).
import { test, promise_test, run, assert_equals, assert_true, assert_throws_js, assert_array_equals, promise_rejects_js } from "./harness.js";

async function collect(readable) {
  const chunks = []; const r = readable.getReader();
  for (;;) { const { done, value } = await r.read(); if (done) break; chunks.push(value); }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0)); let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
async function pipe(ts, chunks) {
  const w = ts.writable.getWriter();
  const done = collect(ts.readable);
  for (const c of chunks) w.write(c);
  w.close();
  return done;
}
const text = "Hello, compression! ".repeat(50);
const bytes = new TextEncoder().encode(text);
const formats = ["gzip", "deflate", "deflate-raw"];
for (const f of formats) {
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [bytes]);
    assert_true(packed.length < bytes.length, "smaller");
    const back = await pipe(new DecompressionStream(f), [packed]);
    assert_equals(new TextDecoder().decode(back), text);
  }, `${f} round trip`);
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [bytes.subarray(0, 10), new Uint8Array(0), bytes.subarray(10)]);
    assert_equals(new TextDecoder().decode(await pipe(new DecompressionStream(f), [packed])), text);
  }, `${f}: an empty chunk among others`);
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), []);
    assert_true(packed.length > 0, "an empty input still has a header or a final block");
    assert_equals((await pipe(new DecompressionStream(f), [packed])).length, 0);
  }, `${f}: empty input`);
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [bytes]);
    const pieces = [...packed].map((b) => new Uint8Array([b]));
    assert_equals(new TextDecoder().decode(await pipe(new DecompressionStream(f), pieces)), text);
  }, `${f}: decompressing one byte at a time`);
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [bytes]);
    const bad = packed.slice(); bad[Math.floor(bad.length / 2)] ^= 0xFF; bad[bad.length - 1] ^= 0xFF;
    await promise_rejects_js(TypeError, pipe(new DecompressionStream(f), [bad]));
  }, `${f}: corrupt input rejects with a TypeError`);
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [bytes]);
    await promise_rejects_js(TypeError, pipe(new DecompressionStream(f), [packed.subarray(0, packed.length - 3)]));
  }, `${f}: truncated input rejects with a TypeError`);
  for (const [name, chunk] of [["a string", "x"], ["a number", 1], ["null", null], ["an object", {}]]) {
    promise_test(async () => {
      const ts = new CompressionStream(f); const w = ts.writable.getWriter();
      const reading = collect(ts.readable);
      await promise_rejects_js(TypeError, w.write(chunk));
      await promise_rejects_js(TypeError, reading);
    }, `${f}: writing ${name} errors the stream`);
  }
  promise_test(async () => {
    const packed = await pipe(new CompressionStream(f), [new Uint16Array([0x6968]), new DataView(new Uint8Array([0x21]).buffer)]);
    assert_equals(new TextDecoder().decode(await pipe(new DecompressionStream(f), [packed])), "hi!");
  }, `${f}: any BufferSource chunk`);
}
promise_test(async () => {
  const deflated = new Uint8Array([120, 156, 75, 173, 40, 72, 77, 46, 73, 77, 81, 200, 47, 45, 41, 40, 45, 1, 0, 48, 173, 6, 36]);
  assert_equals(new TextDecoder().decode(await pipe(new DecompressionStream("deflate"), [deflated])), "expected output");
}, "deflate: a known compressed input");
promise_test(async () => {
  const gz = new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 173, 40, 72, 77, 46, 73, 77, 81, 200, 47, 45, 41, 40, 45, 1, 0, 176, 1, 57, 179, 15, 0, 0, 0]);
  assert_equals(new TextDecoder().decode(await pipe(new DecompressionStream("gzip"), [gz])), "expected output");
}, "gzip: a known compressed input");
promise_test(async () => {
  const gz = new Uint8Array([31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 75, 173, 40, 72, 77, 46, 73, 77, 81, 200, 47, 45, 41, 40, 45, 1, 0, 176, 1, 57, 179, 15, 0, 0, 0, 0]);
  await promise_rejects_js(TypeError, pipe(new DecompressionStream("gzip"), [gz]));
}, "gzip: trailing data after the end rejects");
for (const f of ["", "zip", "GZIP", "brotli", undefined]) test(() => assert_throws_js(TypeError, () => new CompressionStream(f)), `CompressionStream(${JSON.stringify(f)}) throws a TypeError`);
for (const f of ["", "zip", "GZIP"]) test(() => assert_throws_js(TypeError, () => new DecompressionStream(f)), `DecompressionStream(${JSON.stringify(f)}) throws a TypeError`);
test(() => { const c = new CompressionStream("gzip"); assert_true(c.readable instanceof ReadableStream); assert_true(c.writable instanceof WritableStream); }, "CompressionStream has a readable and a writable");

export default { fetch: run };
