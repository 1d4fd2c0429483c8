import { eq, rejects } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    const enc = new TextEncoder();
    // put from a stream, read back as a stream, byte for byte
    const big = new Uint8Array(200 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    let sent = 0;
    const source = new ReadableStream({
      pull(c) {
        if (sent >= big.length) return c.close();
        c.enqueue(big.slice(sent, sent + 7000));
        sent += 7000;
      },
    });
    await kv.put("big", source);
    const stream = await kv.get("big", "stream");
    eq(stream instanceof ReadableStream, true, "get stream");
    const got = new Uint8Array(await new Response(stream).arrayBuffer());
    eq(got.length, big.length, "stream length");
    let same = true;
    for (let i = 0; i < big.length; i++) if (got[i] !== big[i]) { same = false; break; }
    eq(same, true, "stream bytes");
    eq(await kv.get("missing", "stream"), null, "stream of a missing key");
    const r = await kv.getWithMetadata("big", { type: "stream" });
    eq(Object.keys(r), ["value", "metadata", "cacheStatus"], "getWithMetadata stream shape");
    await r.value.cancel();

    await kv.put("resp", new Response("from a response").body);
    eq(await kv.get("resp"), "from a response", "put(Response.body)");
    await rejects(kv.put("bad", new ReadableStream({ start(c) { c.enqueue("a string"); c.close(); } })), "TypeError",
      "This ReadableStream did not return bytes.", "a stream of strings");
    let chunks = 0;
    const tooBig = new ReadableStream({
      pull(c) {
        if (chunks++ === 26) return c.close();
        c.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    await rejects(kv.put("huge", tooBig), "Error", "KV PUT failed: 413 Value length of 27262976 exceeds limit of 26214400.", "stream over 25 MiB");
    eq(await kv.get("huge"), null, "nothing stored");
    await kv.put("enc", enc.encode("bytes"));
    eq(await kv.get("enc"), "bytes", "a Uint8Array");
    return new Response("ok");
  },
};
