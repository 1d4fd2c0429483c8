// wpt encoding/: our cases of the behaviours its files test (api-basics, api-surrogates-utf8,
// textdecoder-fatal, textdecoder-ignorebom, textdecoder-streaming, textdecoder-labels,
// textencoder-constructor-non-utf, encodeInto, textdecoder-arguments, textdecoder-copy,
// textdecoder-fatal-single-byte, streams/).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_array_equals, assert_class_string } from "./harness.js";

const sample = "z\xA2\u6C34\uD834\uDD1E\uF8FF\uDBFF\uDFFD\uFFFE";
const sampleBytes = [0x7A, 0xC2, 0xA2, 0xE6, 0xB0, 0xB4, 0xF0, 0x9D, 0x84, 0x9E, 0xEF, 0xA3, 0xBF, 0xF4, 0x8F, 0xBF, 0xBD, 0xEF, 0xBF, 0xBE];
test(() => { assert_equals(new TextEncoder().encoding, "utf-8"); assert_equals(new TextDecoder().encoding, "utf-8"); }, "Default encodings");
test(() => assert_array_equals(new TextEncoder().encode(), []), "Default inputs");
test(() => assert_array_equals([...new TextEncoder().encode(sample)], sampleBytes), "Encode/decode round trip: utf-8 encode");
test(() => assert_equals(new TextDecoder().decode(new Uint8Array(sampleBytes)), sample), "utf-8 decode");
test(() => assert_equals(new TextDecoder().decode(new Uint8Array(sampleBytes).buffer), sample), "decode of an ArrayBuffer");
test(() => assert_equals(new TextDecoder().decode(new DataView(new Uint8Array(sampleBytes).buffer)), sample), "decode of a DataView");
test(() => assert_equals(new TextDecoder().decode(), ""), "decode with no argument");
test(() => assert_equals(new TextDecoder().decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x41])), "A"), "BOM is removed by default");
test(() => assert_equals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x41])), "\uFEFFA"), "ignoreBOM keeps the BOM");
test(() => { const d = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true }); assert_true(d.ignoreBOM); assert_true(d.fatal); assert_false(new TextDecoder().fatal); }, "fatal and ignoreBOM attributes");
// api-surrogates-utf8
const surrogates = [["\uD800", [0xEF, 0xBF, 0xBD]], ["\uDC00", [0xEF, 0xBF, 0xBD]], ["abc\uD800def", [0x61, 0x62, 0x63, 0xEF, 0xBF, 0xBD, 0x64, 0x65, 0x66]], ["\uDC00\uD800", [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]], ["\uD834\uDD1E", [0xF0, 0x9D, 0x84, 0x9E]]];
for (const [s, b] of surrogates) test(() => assert_array_equals([...new TextEncoder().encode(s)], b), `Lone surrogates are replaced when encoding ${JSON.stringify(s)}`);
// textdecoder-fatal
const badUTF8 = [[0xFF], [0xC0], [0xE0], [0xC0, 0x00], [0xC0, 0xC0], [0xE0, 0x00], [0xE0, 0xC0], [0xE0, 0x80, 0x00], [0xE0, 0x80, 0xC0], [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80]];
for (const b of badUTF8) test(() => assert_throws_js(TypeError, () => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(b))), `Fatal flag: utf-8 - invalid ${b.map((x) => x.toString(16)).join(" ")}`);
test(() => assert_equals(new TextDecoder().decode(new Uint8Array([0x61, 0xFF, 0x62])), "a\uFFFDb"), "Invalid bytes become U+FFFD without fatal");
test(() => assert_equals(new TextDecoder().decode(new Uint8Array([0xF0, 0x9F, 0x92])), "\uFFFD"), "A truncated sequence at the end is one U+FFFD");
test(() => assert_equals(new TextDecoder().decode(new Uint8Array([0xED, 0xA0, 0x80])), "\uFFFD\uFFFD\uFFFD"), "An encoded surrogate is three U+FFFD");
// streaming
test(() => {
  const d = new TextDecoder(); const bytes = new TextEncoder().encode("a€b😀");
  let out = "";
  for (const byte of bytes) out += d.decode(new Uint8Array([byte]), { stream: true });
  out += d.decode();
  assert_equals(out, "a€b😀");
}, "Streaming decode one byte at a time");
test(() => {
  const d = new TextDecoder();
  assert_equals(d.decode(new Uint8Array([0xE2, 0x82]), { stream: true }), "");
  assert_equals(d.decode(), "\uFFFD");
}, "A flush ends an incomplete sequence with U+FFFD");
test(() => {
  const d = new TextDecoder();
  d.decode(new Uint8Array([0xEF, 0xBB]), { stream: true });
  assert_equals(d.decode(new Uint8Array([0xBF, 0x41])), "A");
  assert_equals(d.decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x42])), "B");
}, "A BOM split across calls is removed, and once per stream");
// labels
for (const l of ["utf-8", "UTF-8", "utf8", "unicode-1-1-utf-8", " utf-8 ", "\tutf8\n", "x-unicode20utf8"]) test(() => assert_equals(new TextDecoder(l).encoding, "utf-8"), `${JSON.stringify(l)} => utf-8`);
for (const [l, enc] of [["utf-16le", "utf-16le"], ["utf-16", "utf-16le"], ["latin1", "windows-1252"], ["ascii", "windows-1252"], ["iso-8859-2", "iso-8859-2"], ["shift_jis", "shift_jis"], ["gbk", "gbk"], ["big5", "big5"], ["euc-kr", "euc-kr"], ["utf-16be", "utf-16be"]]) {
  test(() => assert_equals(new TextDecoder(l).encoding, enc), `${l} => ${enc}`);
}
for (const l of ["", "unknown", "utf-7", "replacement", "iso-2022-kr"]) test(() => assert_throws_js(RangeError, () => new TextDecoder(l)), `Invalid label ${JSON.stringify(l)} throws a RangeError`);
test(() => assert_equals(new TextDecoder("utf-16le").decode(new Uint8Array([0x41, 0x00, 0x3D, 0xD8, 0x00, 0xDE])), "A😀"), "utf-16le decode");
test(() => assert_equals(new TextDecoder("windows-1252").decode(new Uint8Array([0x80, 0x41, 0xE9])), "€Aé"), "windows-1252 decode");
test(() => assert_throws_js(TypeError, () => new TextDecoder("utf-8").decode("string")), "decode of a string throws");
// encodeInto
test(() => {
  const u8 = new Uint8Array(10);
  const r = new TextEncoder().encodeInto("Hi€", u8);
  assert_equals(r.read, 3); assert_equals(r.written, 5);
  assert_array_equals([...u8.subarray(0, 5)], [0x48, 0x69, 0xE2, 0x82, 0xAC]);
}, "encodeInto writes and counts");
test(() => {
  const u8 = new Uint8Array(4);
  const r = new TextEncoder().encodeInto("a€b", u8);
  assert_equals(r.read, 2); assert_equals(r.written, 4);
}, "encodeInto stops before a character that does not fit");
test(() => {
  const u8 = new Uint8Array(3);
  const r = new TextEncoder().encodeInto("😀", u8);
  assert_equals(r.read, 0); assert_equals(r.written, 0);
}, "encodeInto does not split a surrogate pair");
test(() => { const r = new TextEncoder().encodeInto("\uD800", new Uint8Array(3)); assert_equals(r.read, 1); assert_equals(r.written, 3); }, "encodeInto writes U+FFFD for a lone surrogate");
test(() => assert_throws_js(TypeError, () => new TextEncoder().encodeInto("a", new Uint16Array(2))), "encodeInto into a Uint16Array throws");
test(() => { const b = new Uint8Array(new ArrayBuffer(8), 2, 4); new TextEncoder().encodeInto("ab", b); assert_array_equals([...new Uint8Array(b.buffer)], [0, 0, 97, 98, 0, 0, 0, 0]); }, "encodeInto honours the view's offset");
test(() => { assert_class_string(new TextEncoder(), "TextEncoder"); assert_class_string(new TextDecoder(), "TextDecoder"); }, "class strings");
test(() => assert_equals(new TextEncoder("utf-16").encoding, "utf-8"), "TextEncoder ignores its argument");
// streams
promise_test(async () => {
  const ts = new TextEncoderStream();
  const w = ts.writable.getWriter(); w.write("a€"); w.close();
  const chunks = [];
  const r = ts.readable.getReader();
  for (;;) { const { done, value } = await r.read(); if (done) break; chunks.push(...value); }
  assert_array_equals(chunks, [0x61, 0xE2, 0x82, 0xAC]);
}, "TextEncoderStream encodes");
promise_test(async () => {
  const ts = new TextEncoderStream();
  const w = ts.writable.getWriter(); w.write("\uD83D"); w.write("\uDE00"); w.close();
  const chunks = [];
  const r = ts.readable.getReader();
  for (;;) { const { done, value } = await r.read(); if (done) break; chunks.push(...value); }
  assert_array_equals(chunks, [0xF0, 0x9F, 0x98, 0x80]);
}, "TextEncoderStream joins a surrogate pair split across chunks");
promise_test(async () => {
  const ts = new TextDecoderStream();
  const w = ts.writable.getWriter(); w.write(new Uint8Array([0xE2, 0x82])); w.write(new Uint8Array([0xAC])); w.close();
  let out = ""; const r = ts.readable.getReader();
  for (;;) { const { done, value } = await r.read(); if (done) break; out += value; }
  assert_equals(out, "€");
}, "TextDecoderStream decodes a character split across chunks");
test(() => { const ts = new TextDecoderStream("utf-8", { fatal: true }); assert_equals(ts.encoding, "utf-8"); assert_true(ts.fatal); assert_false(ts.ignoreBOM); }, "TextDecoderStream attributes");

export default { fetch: run };
