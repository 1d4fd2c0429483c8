export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(Promise.resolve("logged later"));
    return new Response("Hello World!");
  },
};
