import { eq, rejects } from "../../../runtime/testdata/assert.js";

// A bulk get of 100 keys is one operation.
export default {
  async fetch(request, env) {
    const kv = env.KV;
    const keys = Array.from({ length: 100 }, (_, i) => "k" + i);
    for (let i = 0; i < 999; i++) await kv.get("k");
    eq((await kv.get(keys)).size, 100, "the 1,000th operation is a bulk get of 100 keys");
    await rejects(kv.getWithMetadata(keys), "Error",
      "Too many API requests by single worker invocation. Workers can make up to 1000 KV and Durable Object requests per invocation.",
      "then the next bulk get is the 1,001st");
    return new Response("ok");
  },
};
