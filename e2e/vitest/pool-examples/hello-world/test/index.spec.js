// The shape of the test `npm create cloudflare` gives a hello-world Worker: unit style
// (the worker's fetch called with env and an execution context) and integration style
// (SELF), with inline snapshots.
import { env, createExecutionContext, waitOnExecutionContext, SELF } from "cloudflare:test";
import { describe, it, expect } from "vitest";
import worker from "../src";

describe("Hello World worker", () => {
  it("responds with Hello World! (unit style)", async () => {
    const request = new Request("http://example.com");
    const ctx = createExecutionContext();
    const response = await worker.fetch(request, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await response.text()).toMatchInlineSnapshot(`"Hello World!"`);
  });

  it("responds with Hello World! (integration style)", async () => {
    const response = await SELF.fetch("http://example.com");
    expect(await response.text()).toMatchInlineSnapshot(`"Hello World!"`);
  });
});
