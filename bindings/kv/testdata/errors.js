import { eq, rejects } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    await rejects(kv.get(""), "TypeError", "Key name cannot be empty.", "empty key");
    await rejects(kv.put(".", "x"), "TypeError", '"." is not allowed as a key name.', "dot key");
    await rejects(kv.delete(".."), "TypeError", '".." is not allowed as a key name.', "dot-dot key");
    await rejects(kv.get("é".repeat(257)), "Error",
      "KV GET failed: 414 UTF-8 encoded length of 514 exceeds key length limit of 512.", "long key (bytes, not chars)");
    await rejects(kv.put("k", { a: 1 }), "TypeError",
      "KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.", "object value");
    await kv.put("text", "not json");
    await rejects(kv.get("text", "bogus"), "TypeError",
      'Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".', "unknown type");
    eq(await kv.get("missing", "bogus"), null, "unknown type on a missing key resolves null first");
    try {
      await kv.get("text", "json");
      throw new Error("json of non-JSON did not reject");
    } catch (e) {
      eq(e instanceof SyntaxError, true, "json of non-JSON rejects with SyntaxError");
    }
    await rejects(kv.put("k", "v", { expirationTtl: 10 }), "Error",
      "KV PUT failed: 400 Invalid expiration_ttl of 10. Expiration TTL must be at least 60.", "ttl under 60");
    await rejects(kv.put("k", "v", { metadata: "x".repeat(1100) }), "Error",
      "KV PUT failed: 413 Metadata length of 1102 exceeds limit of 1024.", "metadata over 1024 bytes");
    await rejects(kv.list({ limit: 1001 }), "Error",
      "KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000.", "list limit");
    let threw;
    try { new KVNamespace(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "KVNamespace is not constructible");
    try { KVNamespace.prototype.get.call({}, "k"); } catch (e) { threw = e; }
    eq(threw.message, "Illegal invocation", "methods brand-check this");
    return new Response("ok");
  },
};
