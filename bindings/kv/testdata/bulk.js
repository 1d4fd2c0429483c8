import { eq, rejects } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    await kv.put("j", '{"a":1}', { metadata: { m: 1 } });
    await kv.put("t", "text");
    await kv.put("empty", "");
    const m = await kv.get(["j", "t", "nope", "j"]);
    eq(m instanceof Map, true, "bulk get gives a Map");
    eq([...m], [["j", '{"a":1}'], ["t", "text"], ["nope", null]], "request order, duplicates collapse, missing null");
    eq([...await kv.get(["j", "nope"], "json")], [["j", { a: 1 }], ["nope", null]], "bulk json");
    eq([...await kv.get(["j"], { type: "json" })], [["j", { a: 1 }]], "bulk {type: json}");
    eq([...await kv.getWithMetadata(["j", "t", "nope", "empty"])],
      [["j", { value: '{"a":1}', metadata: { m: 1 } }], ["t", { value: "text", metadata: null }], ["nope", null],
       ["empty", { value: "", metadata: null }]], "bulk getWithMetadata (an empty value is wrapped too)");
    eq(await kv.getWithMetadata("j", "json"), { value: { a: 1 }, metadata: { m: 1 }, cacheStatus: null }, "getWithMetadata");
    eq(await kv.getWithMetadata("nope"), { value: null, metadata: null, cacheStatus: null }, "getWithMetadata missing");
    const ab = await kv.getWithMetadata("t", "arrayBuffer");
    eq([ab.value instanceof ArrayBuffer, ab.value.byteLength], [true, 4], "getWithMetadata arrayBuffer");
    await rejects(kv.get(["j", "t"], "json"), "Error",
      "KV GET_BULK failed: 400 At least one of the requested keys corresponds to a non-json value", "bulk json of text");
    await rejects(kv.get(["j"], "arrayBuffer"), "Error", 'KV GET_BULK failed: 400 "arrayBuffer" is not a valid type. Use "json" or "text"', "bulk arrayBuffer");
    await rejects(kv.get(["j"], "stream"), "Error", 'KV GET_BULK failed: 400 "stream" is not a valid type. Use "json" or "text"', "bulk stream");
    await rejects(kv.get([]), "Error", "KV GET_BULK failed: 400 You must request a minimum of 1 key", "bulk of none");
    await rejects(kv.get(Array.from({ length: 101 }, (_, i) => "k" + i)), "Error",
      "KV GET_BULK failed: 400 You can request a maximum of 100 keys", "bulk of 101");
    eq((await kv.get(Array.from({ length: 100 }, (_, i) => "k" + i))).size, 100, "bulk of 100");
    await rejects(kv.get(["", "j"]), "Error", "KV GET_BULK failed: 400 Key names must not be empty", "bulk empty key");
    await rejects(kv.get(["."]), "Error", 'KV GET_BULK failed: 400 Illegal key name ".". Please use a different name.', "bulk dot key");
    await rejects(kv.get(["x".repeat(513)]), "Error",
      "KV GET_BULK failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.", "bulk long key");
    await rejects(kv.get(["j"], { cacheTtl: 5 }), "Error", "KV GET_BULK failed: 400 Invalid cache_ttl of 5. Cache TTL must be at least 30.", "bulk cacheTtl");
    const half = "h".repeat(13 * 1024 * 1024);
    await kv.put("h1", half);
    await kv.put("h2", half);
    await rejects(kv.get(["h1", "h2"]), "Error", "KV GET_BULK failed: 413 Total size of request exceeds the limit of 25MB", "bulk over 25 MiB");
    return new Response("ok");
  },
};
