// wpt FileAPI/blob and FileAPI/file: our cases of the behaviours its files test
// (Blob-constructor, Blob-slice, Blob-text, Blob-array-buffer, Blob-bytes, Blob-stream,
// File-constructor).
import { test, promise_test, run, assert_equals, assert_true, assert_throws_js, assert_array_equals, assert_class_string } from "./harness.js";

test(() => { const b = new Blob(); assert_equals(b.size, 0); assert_equals(b.type, ""); assert_class_string(b, "Blob"); }, "Blob with no arguments");
for (const v of [null, 1, "abc", {}]) test(() => assert_throws_js(TypeError, () => new Blob(v)), `Passing ${JSON.stringify(v)} as blobParts throws`);
test(() => assert_equals(new Blob(undefined).size, 0), "Passing undefined as blobParts");
test(() => assert_throws_js(TypeError, () => Blob()), "Blob called without new throws");
promise_test(async () => assert_equals(await new Blob(["a", "bc", "d"]).text(), "abcd"), "Blob of strings");
promise_test(async () => assert_equals(await new Blob([new Uint8Array([104, 105])]).text(), "hi"), "Blob of a Uint8Array");
promise_test(async () => assert_equals(await new Blob([new Uint8Array([1, 104, 105, 2]).subarray(1, 3)]).text(), "hi"), "Blob of a view honours its offset");
promise_test(async () => assert_equals(await new Blob([new Uint16Array([0x6968])]).text(), "hi"), "Blob of a Uint16Array");
promise_test(async () => assert_equals(await new Blob([new Uint8Array([104, 105]).buffer]).text(), "hi"), "Blob of an ArrayBuffer");
promise_test(async () => assert_equals(await new Blob([new DataView(new Uint8Array([104, 105]).buffer)]).text(), "hi"), "Blob of a DataView");
promise_test(async () => assert_equals(await new Blob([new Blob(["a"]), "b"]).text(), "ab"), "Blob of a Blob");
promise_test(async () => assert_equals(await new Blob([1, null, undefined, { toString() { return "x"; } }]).text(), "1nullundefinedx"), "Other values are converted to strings");
promise_test(async () => assert_equals(await new Blob(["\uD800"]).text(), "\uFFFD"), "Lone surrogates become U+FFFD");
test(() => assert_equals(new Blob(["€"]).size, 3), "size counts UTF-8 bytes");
promise_test(async () => {
  const parts = { *[Symbol.iterator]() { yield "a"; yield "b"; } };
  assert_equals(await new Blob(parts).text(), "ab");
}, "blobParts may be any iterable");
promise_test(async () => assert_equals(await new Blob(["a\nb\r\nc"], { endings: "native" }).text(), "a\nb\nc"), "endings native converts line endings to \\n");
promise_test(async () => assert_equals(await new Blob(["a\r\nb"], { endings: "transparent" }).text(), "a\r\nb"), "endings transparent keeps them");
test(() => assert_throws_js(TypeError, () => new Blob([], { endings: "invalid" })), "an invalid endings throws");
for (const [t, want] of [["text/plain", "text/plain"], ["TEXT/PLAIN", "text/plain"], ["a/b;c=d", "a/b;c=d"], ["\u00e9", ""], ["a\u0001b", ""]]) test(() => assert_equals(new Blob([], { type: t }).type, want), `type ${JSON.stringify(t)} becomes ${JSON.stringify(want)}`);
// slice
const sliceCases = [[[], "abcdef"], [[2], "cdef"], [[-2], "ef"], [[1, 3], "bc"], [[1, -1], "bcde"], [[-3, -1], "de"], [[4, 2], ""], [[0, 100], "abcdef"], [[100], ""]];
for (const [args, want] of sliceCases) promise_test(async () => assert_equals(await new Blob(["abcdef"]).slice(...args).text(), want), `slice(${args.join(", ")})`);
test(() => assert_equals(new Blob(["abc"], { type: "a/b" }).slice(0, 1).type, ""), "slice without a type has an empty type");
test(() => assert_equals(new Blob(["abc"]).slice(0, 1, "X/Y").type, "x/y"), "slice with a type lower-cases it");
promise_test(async () => assert_equals(await new Blob(["ab", new Blob(["cd"]), "ef"]).slice(1, 5).text(), "bcde"), "slice across parts");
// reads
promise_test(async () => { const ab = await new Blob(["hi"]).arrayBuffer(); assert_class_string(ab, "ArrayBuffer"); assert_array_equals([...new Uint8Array(ab)], [104, 105]); }, "arrayBuffer()");
promise_test(async () => { const b = await new Blob(["hi"]).bytes(); assert_class_string(b, "Uint8Array"); assert_array_equals([...b], [104, 105]); }, "bytes()");
promise_test(async () => {
  const s = new Blob(["stream"]).stream(); assert_class_string(s, "ReadableStream");
  const r = s.getReader(); let out = "";
  for (;;) { const { done, value } = await r.read(); if (done) break; out += new TextDecoder().decode(value); }
  assert_equals(out, "stream");
}, "stream()");
promise_test(async () => assert_equals(await new Blob([new Uint8Array([0xEF, 0xBB, 0xBF, 0x41, 0xFF])]).text(), "\uFEFFA\uFFFD"), "text() keeps a BOM and replaces invalid bytes");
// File
test(() => {
  const f = new File(["abc"], "name.txt", { type: "text/plain", lastModified: 42 });
  assert_equals(f.name, "name.txt"); assert_equals(f.size, 3); assert_equals(f.type, "text/plain"); assert_equals(f.lastModified, 42);
  assert_true(f instanceof Blob); assert_class_string(f, "File");
}, "File with a name, type and lastModified");
test(() => assert_throws_js(TypeError, () => new File(["a"])), "File without a name throws");
test(() => { const f = new File([], "a/b"); assert_equals(f.name, "a/b"); }, "File keeps a slash in its name");
test(() => { const t = Date.now(); const f = new File([], "n"); assert_true(f.lastModified >= t - 1000 && f.lastModified <= Date.now() + 1000); }, "File's lastModified defaults to now");
promise_test(async () => assert_equals(await new File(["a", "b"], "n").text(), "ab"), "File reads as a Blob");

export default { fetch: run };
