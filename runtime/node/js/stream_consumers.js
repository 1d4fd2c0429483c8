// node:stream/consumers: read a whole stream (Node or Web, or any async iterable) as
// text, JSON, bytes or a Blob.
(function (require) {
  "use strict";
  const { Buffer } = require("buffer");
  // chunks reads everything (goja has no for await: the iterator is walked by hand).
  async function chunks(stream) {
    const out = [];
    const it = typeof stream.getReader === "function" && !stream[Symbol.asyncIterator] ? readerIterator(stream) : stream[Symbol.asyncIterator]();
    for (;;) {
      const { value, done } = await it.next();
      if (done) return out;
      out.push(typeof value === "string" ? Buffer.from(value) : value);
    }
  }
  function readerIterator(rs) {
    const reader = rs.getReader();
    return { next: () => reader.read() };
  }
  const buffer = async (stream) => Buffer.concat((await chunks(stream)).map((c) => (c instanceof Uint8Array ? c : Buffer.from(c))));
  return {
    buffer,
    arrayBuffer: async (stream) => { const b = await buffer(stream); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); },
    text: async (stream) => (await buffer(stream)).toString(),
    json: async (stream) => JSON.parse((await buffer(stream)).toString()),
    blob: async (stream) => new Blob(await chunks(stream)),
  };
})
