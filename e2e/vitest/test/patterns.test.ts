// One test per KV guide pattern goflare ships as a fixture, each on a fresh worker.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { unstable_dev, type Unstable_DevWorker } from "../goflare.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { fixture } from "./fixtures";

let worker: Unstable_DevWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

describe("KV guide patterns", () => {
  let upstream: Server;
  let upstreamHits = 0;
  afterAll(() => upstream?.close());

  it("kv-cache-api: caches an upstream answer in KV with its content type and TTL", async () => {
    upstream = createServer((req, res) => {
      upstreamHits++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ path: req.url, n: upstreamHits }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    worker = await unstable_dev(fixture("kv-cache-api"), { vars: { UPSTREAM: `http://127.0.0.1:${port}` } });

    const first = await worker.fetch("/api/users?page=2");
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(await first.json()).toEqual({ path: "/users?page=2", n: 1 });
    // The put runs in ctx.waitUntil after the response: wait for it to land.
    let cached = null;
    for (let i = 0; i < 100 && !cached; i++) {
      const keys = await worker.kv("CACHE").list();
      if (keys.length) cached = keys[0];
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(cached).toMatchObject({ metadata: { contentType: "application/json" } });
    const hit = await worker.fetch("/api/users?page=2");
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(upstreamHits).toBe(1);

    await worker.clock.advance(61 * 1000); // CACHE_TTL is 60 s
    expect((await worker.fetch("/api/users?page=2")).headers.get("x-cache")).toBe("MISS");
    expect(upstreamHits).toBe(2);
  });

  it("kv-sessions: login, me, logout", async () => {
    worker = await unstable_dev(fixture("kv-sessions"));
    expect((await worker.fetch("/me")).status).toBe(401);
    const login = await worker.fetch("/login?user=ann", { method: "POST" });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect(await (await worker.fetch("/me", { headers: { cookie } })).json()).toEqual({ user: "ann" });
    expect((await worker.fetch("/logout", { method: "POST", headers: { cookie } })).status).toBe(204);
    expect((await worker.fetch("/me", { headers: { cookie } })).status).toBe(401);
  });

  it("kv-feature-flags: a flag seeded in KV switches the checkout", async () => {
    worker = await unstable_dev(fixture("kv-feature-flags"));
    expect(await (await worker.fetch("/checkout")).text()).toBe("old checkout");
    await worker.fetch("/flags/new-checkout", { method: "PUT", body: JSON.stringify({ enabled: true }) });
    expect(await (await worker.fetch("/checkout")).text()).toBe("new checkout");
    const stored = await worker.kv("FLAGS").list();
    expect(stored.map((k) => k.name)).toHaveLength(1);
    await worker.kv("FLAGS").reset();
    expect(await (await worker.fetch("/checkout")).text()).toBe("old checkout");
  });

  it("kv-rate-limit: five requests a window, then 429 until the next window", async () => {
    worker = await unstable_dev(fixture("kv-rate-limit"));
    // Start at the beginning of a window so that the test never straddles two.
    const now = await worker.clock.now();
    await worker.clock.advance(60_000 - (now % 60_000) + 1000);
    const hit = () => worker!.fetch("/", { headers: { "x-client": "c1" } });
    for (let i = 1; i <= 5; i++) {
      const res = await hit();
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(5 - i));
    }
    const limited = await hit();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBe(59);
    expect((await worker.fetch("/", { headers: { "x-client": "c2" } })).status).toBe(200);
    await worker.clock.advance(60_000);
    expect((await hit()).status).toBe(200);
  });

  it("kv-ab-test: variants follow SHA-256 and stick", async () => {
    worker = await unstable_dev(fixture("kv-ab-test"));
    for (const user of ["alice", "bob", "carol", "dave"]) {
      const variant = createHash("sha256").update(user).digest()[0] % 2 === 0 ? "A" : "B";
      expect(await (await worker.fetch(`/?user=${user}`)).json()).toEqual({ user, variant, sticky: false });
      expect(await (await worker.fetch(`/?user=${user}`)).json()).toEqual({ user, variant, sticky: true });
    }
    await worker.kv("AB").put("variant:erin", "B");
    expect(await (await worker.fetch("/?user=erin")).json()).toMatchObject({ variant: "B", sticky: true });
  });

  it("kv-put-retry: retries with back-off, then gives up without writing", async () => {
    worker = await unstable_dev(fixture("kv-put-retry"));
    const ok = await worker.fetch("/put?key=k&value=v1&failFirst=3", { method: "POST" });
    expect(await ok.json()).toEqual({ tries: 4, waitedMs: 70 });
    expect((await worker.kv("STORE").get("k"))!.value).toBe("v1");
    const failed = await worker.fetch("/put?key=k&value=v2&failFirst=9", { method: "POST" });
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ error: "KV PUT failed: 429 Too Many Requests" });
    expect((await worker.kv("STORE").get("k"))!.value).toBe("v1");
  });
});
