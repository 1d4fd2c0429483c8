// A one-hour session TTL checked in milliseconds: the test moves the worker's clock.
import { unstable_dev, type Unstable_DevWorker } from "../goflare.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixture } from "./fixtures";

describe("kv-sessions: sessions expire after an hour", () => {
  let worker: Unstable_DevWorker;
  beforeAll(async () => {
    worker = await unstable_dev(fixture("kv-sessions"));
  });
  afterAll(() => worker.stop());
  beforeEach(() => worker.reset());

  async function login(user: string): Promise<string> {
    const res = await worker.fetch(`/login?user=${user}`, { method: "POST" });
    expect(res.status).toBe(200);
    return res.headers.get("set-cookie")!.split(";")[0];
  }

  it("keeps a session for 59 minutes and drops it at 60", async () => {
    const cookie = await login("ann");
    const me = () => worker.fetch("/me", { headers: { cookie } });
    expect(await (await me()).json()).toEqual({ user: "ann" });

    await worker.clock.advance(59 * 60 * 1000);
    expect((await me()).status).toBe(200);

    await worker.clock.advance(60 * 1000);
    expect((await me()).status).toBe(401);
    expect(await worker.kv("SESSIONS").list()).toEqual([]);
  });

  it("stores the session with its user as metadata and an expiration an hour ahead", async () => {
    await login("bob");
    const [key] = await worker.kv("SESSIONS").list({ prefix: "session:" });
    expect(key.metadata).toEqual({ user: "bob" });
    const now = await worker.clock.now();
    expect(key.expiration! * 1000 - now).toBeGreaterThan(59 * 60 * 1000);
    expect(key.expiration! * 1000 - now).toBeLessThanOrEqual(60 * 60 * 1000);

    const entry = await worker.kv("SESSIONS").get(key.name);
    expect(JSON.parse(entry!.value).user).toBe("bob");
  });

  it("starts each test from empty state", async () => {
    expect(await worker.kv("SESSIONS").list()).toEqual([]);
    const res = await worker.fetch("/sessions");
    expect(await res.json()).toEqual([]);
  });

  it("serves a session seeded straight into KV", async () => {
    const id = "00000000-0000-4000-8000-000000000001";
    await worker.kv("SESSIONS").put(`session:${id}`, JSON.stringify({ user: "seeded", createdAt: 0 }), {
      expirationTtl: 60,
      metadata: { user: "seeded" },
    });
    const res = await worker.fetch("/me", { headers: { cookie: `session=${id}` } });
    expect(await res.json()).toEqual({ user: "seeded" });
    await worker.clock.advance(61 * 1000);
    expect((await worker.fetch("/me", { headers: { cookie: `session=${id}` } })).status).toBe(401);
  });
});
