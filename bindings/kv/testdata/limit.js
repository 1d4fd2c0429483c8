import { eq, rejects } from "../../../runtime/testdata/assert.js";

// Each request may make 1,000 KV operations; the 1,001st rejects. Run it twice: the
// count is per invocation.
export default {
  async fetch(request, env) {
    const kv = env.KV;
    await kv.put("k", "v");
    for (let i = 0; i < 998; i++) await kv.get("k");
    eq(await kv.get("k"), "v", "the 1,000th operation succeeds");
    await rejects(kv.get("k"), "Error",
      "Too many API requests by single worker invocation. Workers can make up to 1000 KV and Durable Object requests per invocation.",
      "the 1,001st operation");
    await rejects(kv.get(""), "TypeError", "Key name cannot be empty.", "argument errors still come first");
    return new Response("ok");
  },
};
