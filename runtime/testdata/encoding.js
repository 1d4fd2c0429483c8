import { eq } from "./assert.js";

export default {
  async fetch() {
    const enc = new TextEncoder();
    eq(enc.encoding, "utf-8", "encoding");
    eq([...enc.encode("é😀")], [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80], "encode");
    eq(enc.encode().length, 0, "encode()");
    const dst = new Uint8Array(5);
    eq(enc.encodeInto("aé😀", dst), { read: 2, written: 3 }, "encodeInto stops before a char that does not fit");

    const dec = new TextDecoder();
    eq(dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), "hi", "BOM dropped");
    eq(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68])), "\ufeffh", "ignoreBOM keeps it");
    eq(dec.decode(new Uint8Array([0xe2, 0x82, 0x41])), "\ufffdA", "a truncated sequence is one replacement");
    eq(dec.decode(new Uint8Array([0xff, 0x41])), "\ufffdA", "an invalid byte");
    eq(dec.decode(new Uint8Array([0xed, 0xa0, 0x80])), "\ufffd\ufffd\ufffd", "surrogates are invalid");
    const euro = enc.encode("€");
    const s = new TextDecoder();
    eq(s.decode(euro.subarray(0, 1), { stream: true }) + s.decode(euro.subarray(1), { stream: true }) + s.decode(), "€",
      "stream keeps a split character");
    let threw = null;
    try { new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xc3])); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "fatal throws");
    eq(new TextDecoder("utf-8", { fatal: true }).fatal, true, "fatal getter");
    threw = null;
    try { new TextDecoder("no-such-encoding"); } catch (e) { threw = e; }
    eq(threw instanceof RangeError, true, "unknown label");
    eq(dec.decode(new DataView(new Uint8Array([0x61, 0x62, 0x63]).buffer, 1)), "bc", "DataView input");
    eq(dec.decode(new Uint8Array([0x61, 0x62]).buffer), "ab", "ArrayBuffer input");
    return new Response("ok");
  },
};
