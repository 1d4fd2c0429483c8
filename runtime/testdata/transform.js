import { eq } from "./assert.js";

async function text(readable) {
  return new Response(readable).text();
}

export default {
  async fetch() {
    // an upper-casing TransformStream through pipeThrough
    const upper = new TransformStream({
      transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
      flush(c) { c.enqueue("!"); },
    });
    const src = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const out = [];
    for await (const chunk of src.pipeThrough(upper)) out.push(chunk);
    eq(out, ["A", "B", "!"], "TransformStream + pipeThrough");

    // identity transform with a writer
    const id = new TransformStream();
    const w = id.writable.getWriter();
    w.write(new TextEncoder().encode("same"));
    w.close();
    eq(await text(id.readable), "same", "identity TransformStream");

    // TextEncoderStream / TextDecoderStream, split multi-byte character
    const euro = new TextEncoder().encode("€uro");
    const bytes = new ReadableStream({ start(c) { c.enqueue(euro.slice(0, 1)); c.enqueue(euro.slice(1)); c.close(); } });
    const decoded = [];
    for await (const s of bytes.pipeThrough(new TextDecoderStream())) decoded.push(s);
    eq(decoded.join(""), "€uro", "TextDecoderStream keeps split characters");
    const strings = new ReadableStream({ start(c) { c.enqueue("hé"); c.close(); } });
    eq(await text(strings.pipeThrough(new TextEncoderStream())), "hé", "TextEncoderStream");

    // gzip round trip, and a known gzip input
    for (const format of ["gzip", "deflate", "deflate-raw"]) {
      const input = "compress me ".repeat(100);
      const compressed = await new Response(
        new Response(input).body.pipeThrough(new CompressionStream(format))).arrayBuffer();
      eq(compressed.byteLength < input.length, true, format + " compresses");
      const back = await text(new Response(compressed).body.pipeThrough(new DecompressionStream(format)));
      eq(back, input, format + " round trip");
    }
    let threw = null;
    try { new CompressionStream("brotli"); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "unsupported format");
    return new Response("ok");
  },
};
