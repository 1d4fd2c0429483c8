// A worker that stores values in KV under /kv/:key, proxies /upstream to an API, and
// counts its cron runs.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const key = url.pathname.startsWith("/kv/") ? url.pathname.slice(4) : null;
    if (key && request.method === "PUT") {
      await env.KV_NAMESPACE.put(key, await request.text());
      return new Response(null, { status: 204 });
    }
    if (key && request.method === "GET") {
      const value = await env.KV_NAMESPACE.get(key, "stream");
      return new Response(value, { status: value === null ? 204 : 200 });
    }
    if (url.pathname === "/upstream") {
      const res = await fetch("https://api.example.com/data?q=1");
      return new Response(`upstream said: ${await res.text()}`, { status: res.status });
    }
    return new Response("Not found", { status: 404 });
  },
  async scheduled(controller, env, ctx) {
    const runs = Number((await env.KV_NAMESPACE.get("cron-runs")) ?? 0);
    ctx.waitUntil(env.KV_NAMESPACE.put("cron-runs", String(runs + 1)));
    ctx.waitUntil(env.KV_NAMESPACE.put("last-cron", controller.cron));
  },
};
