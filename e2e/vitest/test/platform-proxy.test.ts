// getPlatformProxy (wrangler's name and shape) on goflare: Node code gets env with the
// worker's vars and KV bindings, backed by the KV REST API over the worker's own state.
import { getPlatformProxy, unstable_dev } from "../goflare.js";
import { expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

it("gives env with live KV bindings and vars", async () => {
  const dir = mkdtempSync(join(tmpdir(), "proxy-"));
  writeFileSync(join(dir, "wrangler.toml"), `name = "proxy"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\n[vars]\nGREETING = "hi"\nLIMITS = { max = 3 }\n[[kv_namespaces]]\nbinding = "KV"\nid = "proxy-ns"\n`);
  writeFileSync(join(dir, "index.js"), `export default { async fetch(req, env) { return new Response(await env.KV.get(new URL(req.url).searchParams.get("k")) ?? "null"); } };`);
  const { env, ctx, caches, dispose } = await getPlatformProxy({ cwd: dir }) as any;
  try {
    expect(env.GREETING).toBe("hi");
    expect(env.LIMITS).toEqual({ max: 3 });
    await env.KV.put("a", "1", { metadata: { n: 1 }, expirationTtl: 300 });
    await env.KV.put("b", new Uint8Array([0, 255]));
    await env.KV.put("j", JSON.stringify({ ok: true }));
    expect(await env.KV.get("a")).toBe("1");
    expect(await env.KV.get("missing")).toBeNull();
    expect(await env.KV.get("j", "json")).toEqual({ ok: true });
    expect([...new Uint8Array(await env.KV.get("b", "arrayBuffer"))]).toEqual([0, 255]);
    expect(await env.KV.getWithMetadata("a")).toEqual({ value: "1", metadata: { n: 1 }, cacheStatus: null });
    expect(await env.KV.get(["a", "missing"])).toEqual(new Map([["a", "1"], ["missing", null]]));
    const first = await env.KV.list({ limit: 2 });
    expect([first.keys.map((k: any) => k.name), first.list_complete]).toEqual([["a", "b"], false]);
    const rest = await env.KV.list({ limit: 2, cursor: first.cursor });
    expect([rest.keys.map((k: any) => k.name), rest.list_complete]).toEqual([["j"], true]);
    await env.KV.delete("a");
    expect(await env.KV.get("a")).toBeNull();
    expect(typeof ctx.waitUntil).toBe("function");
    expect(await caches.default.match("https://x/")).toBeUndefined();
  } finally {
    await dispose();
  }
  // The state is the worker's own: a goflare dev on the same project reads it.
  const worker = await unstable_dev("index.js", { cwd: dir, persistTo: join(dir, ".wrangler/state"), logLevel: "none" });
  try {
    expect(await (await worker.fetch("/?k=j")).text()).toBe('{"ok":true}');
  } finally {
    await worker.stop();
  }
});
