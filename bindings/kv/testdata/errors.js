import { eq, rejects } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    await rejects(kv.get(""), "TypeError", "Key name cannot be empty.", "empty key");
    await rejects(kv.put(".", "x"), "TypeError", '"." is not allowed as a key name.', "dot key");
    await rejects(kv.delete(".."), "TypeError", '".." is not allowed as a key name.', "dot-dot key");
    await rejects(kv.get("é".repeat(257)), "Error",
      "KV GET failed: 414 UTF-8 encoded length of 514 exceeds key length limit of 512.", "long key (bytes, not chars)");
    await rejects(kv.put("..", "v"), "TypeError", '".." is not allowed as a key name.', "dot-dot key on put");
    await rejects(kv.getWithMetadata(""), "TypeError", "Key name cannot be empty.", "empty key, getWithMetadata");
    await rejects(kv.put("x".repeat(513), "v"), "Error",
      "KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.", "long key on put");
    await rejects(kv.delete("x".repeat(600)), "Error",
      "KV DELETE failed: 414 UTF-8 encoded length of 600 exceeds key length limit of 512.", "long key on delete");
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
    const now = Math.floor(Date.now() / 1000);
    await rejects(kv.put("k", "v", { expirationTtl: 0 }), "Error",
      "KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer greater than 0.", "ttl 0");
    await rejects(kv.put("k", "v", { expirationTtl: "abc" }), "Error",
      "KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer greater than 0.", "ttl NaN is 0");
    await rejects(kv.put("k", "v", { expiration: now }), "Error",
      `KV PUT failed: 400 Invalid expiration of ${now}. Please specify integer greater than the current number of seconds since the UNIX epoch.`, "expiration now");
    await rejects(kv.put("k", "v", { expiration: now + 30 }), "Error",
      `KV PUT failed: 400 Invalid expiration of ${now + 30}. Expiration times must be at least 60 seconds in the future.`, "expiration too soon");
    await rejects(kv.put("k", "v", { expirationTtl: 10, expiration: now + 3600 }), "Error",
      "KV PUT failed: 400 Invalid expiration_ttl of 10. Expiration TTL must be at least 60.", "ttl checked first");
    await rejects(kv.put("k", "v", { expirationTtl: 2 ** 40 }), "TypeError",
      "Value out of range. Must be between -2147483648 and 2147483647 (inclusive).", "ttl out of 32-bit range");
    await rejects(kv.put("k", "v", "str"), "TypeError",
      "Failed to execute 'put' on 'KvNamespace': parameter 3 is not of type 'PutOptions'.", "options not an object");
    await rejects(kv.put(), "TypeError", "Failed to execute 'put' on 'KvNamespace': parameter 1 is not of type 'string'.", "put()");
    await rejects(kv.get("k", { cacheTtl: 10 }), "Error",
      "KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30.", "cacheTtl under 30");
    await rejects(kv.put("k", "x".repeat(25 * 1024 * 1024 + 1)), "Error",
      "KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.", "value over 25 MiB");
    await rejects(kv.list({ prefix: "p".repeat(513) }), "Error",
      "KV GET failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.", "list prefix too long");
    await rejects(kv.list({ limit: 2 ** 40 }), "TypeError",
      "Value out of range. Must be between -2147483648 and 2147483647 (inclusive).", "list limit out of range");
    await rejects(kv.list("x"), "TypeError",
      "Failed to execute 'list' on 'KvNamespace': parameter 1 is not of type 'ListOptions'.", "list options not an object");
    await rejects(kv.put("k", "v", { expirationTtl: 10 }), "Error",
      "KV PUT failed: 400 Invalid expiration_ttl of 10. Expiration TTL must be at least 60.", "ttl under 60");
    await rejects(kv.put("k", "v", { metadata: "x".repeat(1100) }), "Error",
      "KV PUT failed: 413 Metadata length of 1102 exceeds limit of 1024.", "metadata over 1024 bytes");
    await rejects(kv.list({ limit: 1001 }), "Error",
      "KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000.", "list limit");
    return new Response("ok");
  },
};
