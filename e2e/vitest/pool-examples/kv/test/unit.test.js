// Unit style: env's KV directly, the worker's handlers with an execution context and a
// scheduled controller, and fetchMock for the worker's outbound fetch.
import { env, createExecutionContext, waitOnExecutionContext, createScheduledController, fetchMock } from "cloudflare:test";
import { beforeAll, afterEach, describe, expect, it } from "vitest";
import worker from "../src/index.js";

describe("KV through env", () => {
  beforeAll(async () => {
    await env.KV_NAMESPACE.put("seeded", "in beforeAll");
  });

  it("reads what beforeAll wrote", async () => {
    expect(await env.KV_NAMESPACE.get("seeded")).toBe("in beforeAll");
    await env.KV_NAMESPACE.put("temporary", "1");
  });

  it("does not see the previous test's write", async () => {
    expect(await env.KV_NAMESPACE.get("temporary")).toBeNull();
    expect(await env.KV_NAMESPACE.get("seeded")).toBe("in beforeAll");
  });
});

it("runs the scheduled handler and waits for its waitUntil work", async () => {
  const controller = createScheduledController({ scheduledTime: new Date(1000), cron: "0 * * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
  expect(await env.KV_NAMESPACE.get("cron-runs")).toBe("1");
  expect(await env.KV_NAMESPACE.get("last-cron")).toBe("0 * * * *");
  expect(controller.scheduledTime).toBe(1000);
});

describe("outbound fetch", () => {
  beforeAll(() => {
    fetchMock.activate();
    fetchMock.disableNetConnect();
  });
  afterEach(() => fetchMock.assertNoPendingInterceptors());

  it("answers from the mock", async () => {
    fetchMock.get("https://api.example.com").intercept({ path: "/data?q=1" }).reply(200, "mocked");
    const res = await worker.fetch(new Request("http://example.com/upstream"), env, createExecutionContext());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("upstream said: mocked");
  });

  it("refuses an unmatched request when the network is off", async () => {
    await expect(fetch("https://api.example.com/other")).rejects.toThrow(/Mock dispatch not matched/);
  });
});

// goflare's extras, beside cloudflare:test's standard exports: the clock moved forward
// expires a KV entry without waiting.
import { goflare } from "cloudflare:test";

it("moves goflare's clock: a 60 s TTL expires", async () => {
  await env.KV_NAMESPACE.put("short", "lived", { expirationTtl: 60 });
  expect(await env.KV_NAMESPACE.get("short")).toBe("lived");
  await goflare.clock.advance(61_000);
  expect(await env.KV_NAMESPACE.get("short")).toBeNull();
});
