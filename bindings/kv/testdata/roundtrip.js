import { eq } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    eq(kv.constructor.name, "KvNamespace", "the binding's class");
    eq(await kv.get("missing"), null, "missing key");
    eq(await kv.put("greeting", "hello"), undefined, "put resolves undefined");
    eq(await kv.get("greeting"), "hello", "get text");
    eq(await kv.get("greeting", "text"), "hello", "get type text");
    eq(await kv.get("greeting", { type: "text" }), "hello", "get {type: text}");
    await kv.put("obj", JSON.stringify({ a: [1, 2] }));
    eq(await kv.get("obj", "json"), { a: [1, 2] }, "get json");
    eq(await kv.get("obj", { type: "json" }), { a: [1, 2] }, "get {type: json}");
    const buf = await kv.get("greeting", "arrayBuffer");
    eq(buf instanceof ArrayBuffer && new Uint8Array(buf)[0], 104, "get arrayBuffer");
    await kv.put("n", 42);
    eq(await kv.get("n"), "42", "a number is stringified");
    await kv.put("nul", null);
    eq(await kv.get("nul"), "null", "null is stringified");
    await kv.put("bytes", new Uint8Array([104, 105]));
    eq(await kv.get("bytes"), "hi", "a Uint8Array is stored as bytes");
    await kv.put("empty", "");
    eq(await kv.get("empty"), "", "empty value");
    eq(await kv.delete("greeting"), undefined, "delete resolves undefined");
    eq(await kv.get("greeting"), null, "deleted key");
    await kv.delete("never-there");
    return new Response("ok");
  },
};
