// The shape of vitest-pool-workers' KV example: SELF against the worker, then a test
// that sees the previous test's write undone (isolated storage).
import { SELF } from "cloudflare:test";
import { it } from "vitest";

it("stores in KV namespace", async ({ expect }) => {
  let response = await SELF.fetch("https://example.com/kv/key", { method: "PUT", body: "value" });
  expect(response.status).toBe(204);

  response = await SELF.fetch("https://example.com/kv/key");
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("value");
});

it("uses isolated storage for each test", async ({ expect }) => {
  const response = await SELF.fetch("https://example.com/kv/key");
  expect(response.status).toBe(204);
});
