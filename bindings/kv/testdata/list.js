import { eq } from "../../../runtime/testdata/assert.js";

export default {
  async fetch(request, env) {
    const kv = env.KV;
    for (const k of ["user:2", "user:1", "post:1", "user:10"]) await kv.put(k, "v");
    await kv.put("user:meta", "v", { metadata: { role: "admin" } });
    const all = await kv.list({ prefix: "user:" });
    eq(all, {
      keys: [{ name: "user:1" }, { name: "user:10" }, { name: "user:2" }, { name: "user:meta", metadata: { role: "admin" } }],
      list_complete: true,
      cacheStatus: null,
    }, "list with prefix, byte order, no cursor once complete");
    eq("cursor" in all, false, "no cursor property when complete");
    const names = [];
    let cursor;
    for (;;) {
      const page = await kv.list({ limit: 2, cursor });
      names.push(...page.keys.map((k) => k.name));
      if (page.list_complete) break;
      eq(typeof page.cursor, "string", "a page that is not the last has a cursor");
      cursor = page.cursor;
    }
    eq(names, ["post:1", "user:1", "user:10", "user:2", "user:meta"], "paging with cursors");
    return new Response("ok");
  },
};
