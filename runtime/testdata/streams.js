import { eq } from "./assert.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

async function collect(stream) {
  const out = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

export default {
  async fetch(request) {
    // start + enqueue + close, read with a reader
    const s1 = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const r1 = s1.getReader();
    eq(s1.locked, true, "locked once a reader exists");
    let threw = null;
    try { s1.getReader(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "a second reader throws");
    eq([await r1.read(), await r1.read(), await r1.read()],
      [{ value: "a", done: false }, { value: "b", done: false }, { done: true }], "reads");
    r1.releaseLock();
    eq(s1.locked, false, "released");

    // pull on demand, async iteration
    let n = 0;
    const s2 = new ReadableStream({ pull(c) { n++; if (n > 3) c.close(); else c.enqueue(n); } });
    eq(await collect(s2), [1, 2, 3], "pull + for await");

    // errors reach the reader
    const s3 = new ReadableStream({ start(c) { c.error(new RangeError("nope")); } });
    threw = null;
    try { await s3.getReader().read(); } catch (e) { threw = e; }
    eq(threw instanceof RangeError && threw.message, "nope", "errored stream rejects reads");

    // cancel reaches the source
    let reason = null;
    const s4 = new ReadableStream({ pull(c) { c.enqueue(1); }, cancel(r) { reason = r; } });
    await s4.cancel("enough");
    eq(reason, "enough", "cancel reason");

    // tee
    const [t1, t2] = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } }).tee();
    eq([await collect(t1), await collect(t2)], [[1, 2], [1, 2]], "tee");

    // pipeTo a WritableStream
    const written = [];
    let closed = false;
    const ws = new WritableStream({ write(chunk) { written.push(chunk); }, close() { closed = true; } });
    await new ReadableStream({ start(c) { c.enqueue("x"); c.enqueue("y"); c.close(); } }).pipeTo(ws);
    eq([written, closed], [["x", "y"], true], "pipeTo");

    // writer directly
    const got = [];
    const w = new WritableStream({ write(c) { got.push(c); } }).getWriter();
    await w.write(1);
    await w.write(2);
    await w.close();
    eq(got, [1, 2], "writer");

    // Response bodies from streams, and .body of byte bodies
    const bytes = new ReadableStream({ start(c) { c.enqueue(enc.encode("hel")); c.enqueue(enc.encode("lo")); c.close(); } });
    const res = new Response(bytes);
    eq(await res.text(), "hello", "new Response(stream).text()");
    eq(res.bodyUsed, true, "bodyUsed after text()");
    const body = new Response("streamed").body;
    eq(body instanceof ReadableStream, true, "Response.body is a ReadableStream");
    eq(dec.decode((await body.getReader().read()).value), "streamed", "reading Response.body");
    eq(new Response(null).body, null, "null body");
    threw = null;
    try { await new Response(new ReadableStream({ start(c) { c.enqueue("str"); c.close(); } })).text(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "a stream of strings is not a byte body");
    const cloned = new Response(new ReadableStream({ start(c) { c.enqueue(enc.encode("twice")); c.close(); } }));
    const copy = cloned.clone();
    eq([await cloned.text(), await copy.text()], ["twice", "twice"], "clone tees a stream body");
    eq(await (await new Response(request.body).arrayBuffer()).byteLength, 11, "request.body as a Response body");
    return new Response(new ReadableStream({ start(c) { c.enqueue(enc.encode("o")); c.enqueue(enc.encode("k")); c.close(); } }));
  },
};
