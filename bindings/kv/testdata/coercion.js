import { eq } from "../../../runtime/testdata/assert.js";

// Options and values are converted as workerd converts them.
export default {
  async fetch(request, env) {
    const kv = env.KV;
    const now = Math.floor(Date.now() / 1000);
    await kv.put("s", "v", { expirationTtl: "120" });
    await kv.put("f", "v", { expirationTtl: 60.7 });
    await kv.put("e", "v", { expiration: String(now + 3600) });
    await kv.put("m", "v", { metadata: undefined });
    const page = await kv.list();
    const exp = Object.fromEntries(page.keys.map((k) => [k.name, k.expiration]));
    eq(exp.s >= now + 119 && exp.s <= now + 121, true, "numeric string ttl");
    eq(exp.f >= now + 59 && exp.f <= now + 61, true, "fractional ttl truncated");
    eq(exp.e, now + 3600, "numeric string expiration");
    eq("metadata" in page.keys.find((k) => k.name === "m"), false, "metadata undefined is none");
    await kv.put("u", undefined);
    await kv.put("t", true);
    await kv.put("n", 1.5);
    eq([await kv.get("u"), await kv.get("t"), await kv.get("n")], ["undefined", "true", "1.5"], "primitives stringified");
    await kv.put("ab", new Uint8Array([1, 2, 3]).buffer);
    await kv.put("dv", new DataView(new Uint8Array([104, 105, 106]).buffer, 1, 2));
    await kv.put("i16", new Int16Array([0x6968]));
    eq([[...new Uint8Array(await kv.get("ab", "arrayBuffer"))], await kv.get("dv"), await kv.get("i16")],
      [[1, 2, 3], "ij", "hi"], "ArrayBuffer and views");
    eq(await kv.get("s", null), "v", "type null means text");
    eq(await kv.get("s", {}), "v", "empty options mean text");
    eq(await kv.get("s", { cacheTtl: "40" }), "v", "numeric string cacheTtl");
    eq(await kv.get(123), null, "keys are converted to strings");
    eq((await kv.list({ limit: "1" })).keys.length, 1, "numeric string limit");
    const all = (await kv.list()).keys.length;
    eq((await kv.list({ limit: -5 })).keys.length, all, "negative limit means the default");
    eq((await kv.list({ prefix: null })).keys.length, all, "null prefix means none");
    eq((await kv.list(null)).list_complete, true, "null options");
    await kv.put("mn", "v", { metadata: null });
    await kv.put("ms", "v", { metadata: "just a string" });
    eq([(await kv.getWithMetadata("mn")).metadata, (await kv.getWithMetadata("ms")).metadata], [null, "just a string"], "metadata values");
    return new Response("ok");
  },
};
