// The official Cloudflare SDK, both majors most code uses (7.x and 4.x), against the KV
// REST API goflare dev serves at /cdn-cgi/client/v4: the calls Cloudflare's KV guide
// shows, with only the baseURL changed. Values written through the API are what the
// worker reads, and the other way round.
import Cloudflare7 from "cloudflare7";
import Cloudflare4 from "cloudflare4";
import { unstable_dev, type Unstable_DevWorker } from "../goflare.js";
import { describe, expect, it, beforeAll, afterAll } from "vitest";

let worker: Unstable_DevWorker;
let baseURL: string;
beforeAll(async () => {
  worker = await unstable_dev("src/index.ts", { experimental: { disableExperimentalWarning: true } });
  baseURL = `http://${worker.address}:${worker.port}/cdn-cgi/client/v4`;
});
afterAll(async () => { await worker.stop(); });

const account_id = "any-account";

// The two majors name the key and namespace differently: v7 takes (key, {namespace_id}),
// v4 (namespaceId, key, {}). These adapt the calls; the requests are the same.
function sdk(major: 7 | 4) {
  const c: any = major === 7 ? new Cloudflare7({ baseURL, apiToken: "local", maxRetries: 0 }) : new Cloudflare4({ baseURL, apiToken: "local", maxRetries: 0 });
  const v = c.kv.namespaces.values, m = c.kv.namespaces.metadata;
  return {
    c,
    put: (ns: string, key: string, body: object) => major === 7 ? v.update(key, { account_id, namespace_id: ns, ...body }) : v.update(ns, key, { account_id, ...body }),
    get: (ns: string, key: string) => major === 7 ? v.get(key, { account_id, namespace_id: ns }) : v.get(ns, key, { account_id }),
    del: (ns: string, key: string) => major === 7 ? v.delete(key, { account_id, namespace_id: ns }) : v.delete(ns, key, { account_id }),
    meta: (ns: string, key: string) => major === 7 ? m.get(key, { account_id, namespace_id: ns }) : m.get(ns, key, { account_id }),
  };
}

for (const major of [7, 4] as const) {
  describe(`cloudflare@${major}`, () => {
    it("writes, reads and deletes values, with metadata and expiration", async () => {
      const { c, put, get, del, meta } = sdk(major);
      const ns = await c.kv.namespaces.create({ account_id, title: `sdk-${major}` });
      expect(ns.id).toMatch(/^[0-9a-f]{32}$/);
      expect(await put(ns.id, "k1", { value: "v1" })).toEqual({});
      await put(ns.id, "k2", { value: "v2", metadata: { owner: "ann", n: 1 }, expiration_ttl: 120 });
      await put(ns.id, "k3", { value: "v3", metadata: JSON.stringify({ owner: "bob" }) });
      await put(ns.id, "bin", { value: new File([new Uint8Array([0, 255, 1])], "x.bin") });
      const res = await get(ns.id, "k2");
      expect(await res.text()).toBe("v2");
      expect(Number(res.headers.get("expiration"))).toBeGreaterThan(Date.now() / 1000);
      expect([...new Uint8Array(await (await get(ns.id, "bin")).arrayBuffer())]).toEqual([0, 255, 1]);
      // An object's fields come as metadata[field] form parts: goflare rebuilds the object,
      // each field a string as the form carries it.
      expect(await meta(ns.id, "k2")).toEqual({ owner: "ann", n: "1" });
      expect(await meta(ns.id, "k3")).toEqual({ owner: "bob" });
      expect(await meta(ns.id, "k1")).toBeNull();
      expect(await del(ns.id, "k1")).toEqual({});
      const err: any = await get(ns.id, "k1").catch((e: unknown) => e);
      expect([err.constructor.name, err.status, err.errors[0].code]).toEqual(["NotFoundError", 404, 10009]);
      if (major === 7) { // 4.x does not percent-encode the key in the path
        await put(ns.id, "a/b c?:!%", { value: "odd" });
        expect(await (await get(ns.id, "a/b c?:!%")).text()).toBe("odd");
      }
    });

    it("lists keys page by page, bulk writes, reads and deletes", async () => {
      const { c } = sdk(major);
      const ns = await c.kv.namespaces.create({ account_id, title: `sdk-bulk-${major}` });
      const body = Array.from({ length: 23 }, (_, i) => ({ key: `key-${String(i).padStart(2, "0")}`, value: String(i) }));
      body[0] = { ...body[0], metadata: { x: 1 } } as any;
      expect(await c.kv.namespaces.bulkUpdate(ns.id, { account_id, body })).toEqual({ successful_key_count: 23, unsuccessful_keys: [] });
      const names: string[] = [];
      for await (const k of c.kv.namespaces.keys.list(ns.id, { account_id, limit: 10 })) names.push(k.name);
      expect(names).toEqual(body.map((e) => e.key));
      expect(await c.kv.namespaces.bulkGet(ns.id, { account_id, keys: ["key-00", "nope"], type: "text", withMetadata: true }))
        .toEqual({ values: { "key-00": { value: "0", metadata: { x: 1 } }, nope: null } });
      expect(await c.kv.namespaces.bulkDelete(ns.id, { account_id, body: ["key-00", "key-01"] })).toEqual({ successful_key_count: 2, unsuccessful_keys: [] });
      const page = await c.kv.namespaces.keys.list(ns.id, { account_id, prefix: "key-0", limit: 10 });
      expect(page.result.map((k: any) => k.name)).toEqual(["key-02", "key-03", "key-04", "key-05", "key-06", "key-07", "key-08", "key-09"]);
    });

    it("creates, lists, renames and deletes namespaces; a mistake is a 400 the SDK does not retry", async () => {
      const { c } = sdk(major);
      const ns = await c.kv.namespaces.create({ account_id, title: `sdk-ns-${major}` });
      const titles: string[] = [];
      for await (const n of c.kv.namespaces.list({ account_id, per_page: 1 })) titles.push(n.title);
      expect(titles).toContain(`sdk-ns-${major}`);
      expect(titles).toContain("kv-tutorial-namespace");
      expect((await c.kv.namespaces.update(ns.id, { account_id, title: `renamed-${major}` })).title).toBe(`renamed-${major}`);
      expect((await c.kv.namespaces.get(ns.id, { account_id })).title).toBe(`renamed-${major}`);
      expect(await c.kv.namespaces.delete(ns.id, { account_id })).toEqual({});
      const dup: any = await c.kv.namespaces.create({ account_id, title: `renamed-${major}-x` }).then(() => c.kv.namespaces.create({ account_id, title: `renamed-${major}-x` })).catch((e: unknown) => e);
      expect([dup.status, dup.errors[0].code]).toEqual([400, 10014]);
    });
  });
}

it("shares the worker's namespace, live", async () => {
  const { put, get } = sdk(7);
  expect(await (await worker.fetch()).text()).toBe("disabled"); // the worker wrote user_2
  expect(await (await get("kv-tutorial-namespace", "user_2")).text()).toBe("disabled");
  await put("kv-tutorial-namespace", "from-sdk", { value: "hello" });
  expect((await worker.kv("USERS_NOTIFICATION_CONFIG").get("from-sdk"))?.value).toBe("hello");
});
